import { NavLink } from 'react-router';
import { NAV_ENTRIES } from './navEntries';
import { ThemeToggle } from './ThemeToggle';

/** The top bar: the ResLab mark (home), one link per page (NavLink marks the current one), the theme. */
export function NavBar() {
  return (
    <header className="topbar">
      <nav className="topbar-inner" aria-label="Main">
        <NavLink to="/" end className="brand">
          <BrandMark />
          <span>ResLab</span>
        </NavLink>
        <ul className="nav-links">
          {NAV_ENTRIES.map((entry) => (
            <li key={entry.path}>
              <NavLink to={entry.path}>{entry.label}</NavLink>
            </li>
          ))}
        </ul>
        <ThemeToggle />
      </nav>
    </header>
  );
}

/** The favicon drawn inline: a stack of two layers with an identity shortcut around them. */
function BrandMark() {
  return (
    <svg className="brand-mark" viewBox="0 0 64 64" aria-hidden="true" focusable="false">
      <rect width="64" height="64" rx="14" fill="#1d3f8f" />
      <path d="M24 10v44" stroke="#fff" strokeWidth="6" strokeLinecap="round" />
      <rect x="15" y="19" width="18" height="8" rx="2" fill="#fff" />
      <rect x="15" y="33" width="18" height="8" rx="2" fill="#fff" />
      <path d="M24 12c26 0 26 36 0 36" fill="none" stroke="#f6a623" strokeWidth="5" strokeLinecap="round" />
      <circle cx="24" cy="48" r="5.5" fill="#f6a623" />
    </svg>
  );
}
