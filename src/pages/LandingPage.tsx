import { Link } from 'react-router';
import { NAV_ENTRIES } from '../ui/navEntries';
import { usePageTitle } from '../ui/usePageTitle';
import { ResidualBlockSketch } from './ResidualBlockSketch';

export function LandingPage() {
  usePageTitle('');
  return (
    <>
      <section className="hero" aria-labelledby="landing-title">
        <div className="hero-text">
          <h1 id="landing-title">ResLab</h1>
          <p className="lead" data-testid="landing-summary">
            ResLab trains a plain network and its residual twin side by side, live in your browser. Watching
            them learn shows the degradation problem, where a deeper plain network trains worse instead of
            better, and why the shortcut connections of He et al. (2015) fix it.
          </p>
        </div>
        <figure className="hero-figure">
          <ResidualBlockSketch />
          <figcaption>A residual block: the layers learn F(x) and the shortcut adds x back.</figcaption>
        </figure>
      </section>

      <nav aria-label="Explore ResLab">
        <ul className="cards">
          {NAV_ENTRIES.map((entry) => (
            <li key={entry.path}>
              <Link to={entry.path} className="card">
                <span className="card-title">{entry.label} →</span>
                <span className="card-blurb">{entry.blurb}</span>
              </Link>
            </li>
          ))}
        </ul>
      </nav>
    </>
  );
}
