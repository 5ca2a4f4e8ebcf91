import { usePageTitle } from '../ui/usePageTitle';

export function LabPage() {
  usePageTitle('The Lab');
  return (
    <article className="placeholder">
      <h1>The Lab</h1>
      <p className="lead">
        Not built yet: here you will train a plain network and its residual twin on Fashion-MNIST side by
        side, and watch their loss, accuracy and gradients live.
      </p>
    </article>
  );
}
