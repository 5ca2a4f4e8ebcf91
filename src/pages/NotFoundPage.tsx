import { Link, useLocation } from 'react-router';
import { usePageTitle } from '../ui/usePageTitle';

export function NotFoundPage() {
  usePageTitle('Page not found');
  const { pathname } = useLocation();
  return (
    <article className="placeholder">
      <h1>Page not found</h1>
      <p className="lead">
        ResLab has no page at <code>{pathname}</code>. <Link to="/">Back to the start</Link>.
      </p>
    </article>
  );
}
