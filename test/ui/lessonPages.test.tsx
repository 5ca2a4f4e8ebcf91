// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { App } from '../../src/App';
import { errorTable } from '../../src/charts/errorChart';
import { LESSONS, lessonBySlug } from '../../src/core/lessons';
import { decodeLabState } from '../../src/core/urlCodec';
import { idleSnapshot } from '../../src/state/labStore';
import { newSession } from '../../src/state/labSession';
import { addEval, addPoints, newRunData } from '../../src/state/runData';
import { loadProgress, PROGRESS_KEY } from '../../src/state/lessonProgress';
import { errorData } from '../../src/ui/lab/chartData';
import { degradationFinding } from '../../src/ui/lesson/revealDepth';
import { LESSON_SMOOTHING, runFacts } from '../../src/ui/lesson/runFacts';

beforeEach(() => {
  localStorage.clear();
  window.location.hash = '';
});
afterEach(cleanup);

describe('the lessons index', () => {
  it('lists every lesson with a link to its page', () => {
    window.location.hash = '#/lessons';
    render(<App />);
    const links = LESSONS.map((l) => screen.getByRole('link', { name: new RegExp(`^${l.number}\\. `) }));
    expect(links.map((a) => a.getAttribute('href'))).toEqual(LESSONS.map((l) => `#/lessons/${l.slug}`));
  });

  it('shows what the stored progress says, and nothing for a corrupt value', () => {
    localStorage.setItem(
      PROGRESS_KEY,
      JSON.stringify({ version: 1, lessons: { degradation: { opened: true, prediction: 'same' } } }),
    );
    window.location.hash = '#/lessons';
    render(<App />);
    const item = document.querySelector('li[data-slug="degradation"]')!;
    expect([...item.querySelectorAll('.mark')].map((m) => m.textContent)).toEqual(['opened', 'predicted']);
    expect(document.querySelectorAll('li[data-slug="identity-is-hard"] .mark')).toHaveLength(0);
    cleanup();
    localStorage.setItem(PROGRESS_KEY, '{not json');
    render(<App />);
    expect(document.querySelectorAll('.lesson-index .mark')).toHaveLength(0);
  });
});

/** Renders the app and waits for the lesson page's chunk (it loads lazily, with KaTeX). */
async function renderLesson() {
  render(<App />);
  await waitFor(() => expect(screen.queryByText('Loading the lesson…')).toBeNull());
}

describe('a lesson page', () => {
  it('records the visit, typesets its formula and links to the Lab with its experiment', async () => {
    window.location.hash = '#/lessons/degradation';
    await renderLesson();
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe(lessonBySlug('degradation')!.title);
    expect(document.querySelector('.katex')).not.toBeNull();
    // Recorded by an effect after the lesson renders: on a loaded machine, a little later.
    await waitFor(() => expect(loadProgress().degradation).toEqual({ opened: true }));
    const href = screen.getByTestId('open-in-lab').getAttribute('href')!;
    expect(decodeLabState(href.replace(/^#\/lab\?/, '')).state).toEqual(
      lessonBySlug('degradation')!.experiment,
    );
    expect(screen.getByRole('button', { name: 'Train' })).toBeTruthy();
  });

  it('records a prediction when a choice is made', async () => {
    window.location.hash = '#/lessons/degradation';
    await renderLesson();
    fireEvent.click(screen.getByRole('radio', { name: 'Both end about the same' }));
    expect(loadProgress().degradation).toEqual({ opened: true, prediction: 'same' });
    expect(screen.getByText(/Your prediction is recorded/)).toBeTruthy();
  });

  it('lesson 7 reveals the counted costs only when asked, judging the prediction', async () => {
    window.location.hash = '#/lessons/deeper-still';
    await renderLesson();
    const reveal = screen.getByTestId('reveal');
    expect(reveal.dataset.outcome).toBe('');
    expect(document.querySelector('.lesson-costs')).toBeNull();
    fireEvent.click(screen.getByRole('radio', { name: 'VGG-19' }));
    fireEvent.click(screen.getByRole('button', { name: 'Count them' }));
    expect(reveal.dataset.outcome).toBe('vgg19');
    expect(reveal.dataset.matched).toBe('true');
    expect(document.querySelectorAll('table.lesson-costs tbody tr').length).toBe(10);
  });

  it('says when a lesson does not exist', async () => {
    window.location.hash = '#/lessons/nope';
    await renderLesson();
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Lesson not found');
  });
});

describe('run facts', () => {
  it('quote the same smoothed errors as the error chart’s table', async () => {
    const controls = lessonBySlug('degradation')!.experiment!;
    const session = newSession(1, controls, null);
    const runs = session.runs.map((r, k) => {
      const d = newRunData({ run: r.id, params: [], blocks: [], weights: [], responseLayers: [] }, 'js');
      const steps = Array.from({ length: 50 }, (_, i) => i + 1);
      addPoints(d, {
        run: r.id,
        steps,
        trainErr: steps.map((s) => (k === 0 ? 0.5 / s : 0.4 + 0.001 * s)),
        loss: steps.map(() => 1),
      } as never);
      addEval(d, { run: r.id, step: 50, testErr: 0.3 + k * 0.1, trainErr: 0.2 });
      return d;
    });
    const snap = { ...idleSnapshot(controls), session, runs, phase: 'done' as const };
    const facts = runFacts(snap);
    const table = errorTable(
      errorData(
        runs.map((d, index) => ({ data: d, label: session.runs[index]!.label, index, visible: true })),
      ),
      LESSON_SMOOTHING,
    );
    const finding = degradationFinding(facts);
    for (const row of table.rows) expect(finding.lines[0]).toContain(`${row[0]} ${row[3]}`);
    expect(finding.lines[1]).toContain('plain-8 30.00%, plain-52 40.00%');
    expect(finding.outcome).toBe('deep-worse');
  });
});
