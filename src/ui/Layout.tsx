import type { MouseEvent } from 'react';
import { Outlet } from 'react-router';
import { NavBar } from './NavBar';
import { Footer } from './Footer';

/** The frame around every page: nav bar on top, the routed page, credits at the bottom. */
export function Layout() {
  return (
    <div className="app-shell">
      <a className="skip-link" href="#main" onClick={skipToMain}>
        Skip to main content
      </a>
      <NavBar />
      <main className="page" id="main" tabIndex={-1}>
        <Outlet />
      </main>
      <Footer />
    </div>
  );
}

/**
 * The app routes on the hash, so "#main" would be read as a route: move focus by hand and
 * keep the address (the experiment's link) as it is.
 */
function skipToMain(event: MouseEvent<HTMLAnchorElement>) {
  event.preventDefault();
  const main = document.getElementById('main');
  main?.focus();
  main?.scrollIntoView();
}
