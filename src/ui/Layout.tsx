import { Outlet } from 'react-router';
import { NavBar } from './NavBar';
import { Footer } from './Footer';

/** The frame around every page: nav bar on top, the routed page, credits at the bottom. */
export function Layout() {
  return (
    <div className="app-shell">
      <NavBar />
      <main className="page">
        <Outlet />
      </main>
      <Footer />
    </div>
  );
}
