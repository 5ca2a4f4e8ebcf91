import { usePageTitle } from '../ui/usePageTitle';

export function BlocksPage() {
  usePageTitle('Residual blocks');
  return (
    <article className="placeholder">
      <h1>Residual blocks</h1>
      <p className="lead">
        Not built yet: here the basic and bottleneck blocks will be taken apart layer by layer, with every
        shape and parameter count computed for you.
      </p>
    </article>
  );
}
