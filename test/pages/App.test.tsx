// @vitest-environment jsdom
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { App } from '../../src/App';

/** Every route, the heading its page shows, and the tab title it sets. */
const ROUTES = [
  { hash: '#/', heading: 'ResLab', title: 'ResLab' },
  { hash: '#/lab', heading: 'The Lab', title: 'The Lab · ResLab' },
  { hash: '#/blocks', heading: 'Residual blocks', title: 'Residual blocks · ResLab' },
  { hash: '#/zoo', heading: 'Model zoo', title: 'Model zoo · ResLab' },
  { hash: '#/lessons', heading: 'Lessons', title: 'Lessons · ResLab' },
] as const;

describe('App routes', () => {
  beforeEach(() => {
    window.location.hash = '';
  });
  afterEach(() => {
    cleanup();
  });

  it.each(ROUTES)('$hash shows the heading "$heading"', ({ hash, heading, title }) => {
    window.location.hash = hash;
    render(<App />);
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe(heading);
    expect(document.title).toBe(title);
  });

  it('marks the current page in the main nav', () => {
    window.location.hash = '#/blocks';
    render(<App />);
    const nav = screen.getByRole('navigation', { name: 'Main' });
    const current = nav.querySelectorAll('[aria-current="page"]');
    expect([...current].map((link) => link.textContent)).toEqual(['Blocks']);
  });

  it('links the landing page to all four sections', () => {
    window.location.hash = '#/';
    render(<App />);
    const sections = screen.getByRole('navigation', { name: 'Explore ResLab' });
    const hrefs = [...sections.querySelectorAll('a')].map((link) => link.getAttribute('href'));
    expect(hrefs).toEqual(['#/lab', '#/blocks', '#/zoo', '#/lessons']);
  });

  it('shows a not-found page for an unknown route', () => {
    window.location.hash = '#/no-such-page';
    render(<App />);
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Page not found');
    expect(screen.getByText('/no-such-page')).toBeTruthy();
  });

  it('credits Fashion-MNIST and the paper in the footer', () => {
    render(<App />);
    const footer = screen.getByRole('contentinfo');
    expect(footer.textContent).toMatch(/Fashion-MNIST © Zalando SE, used under the MIT licence/);
    expect(footer.textContent).toMatch(/Deep Residual Learning for Image Recognition/);
  });
});
