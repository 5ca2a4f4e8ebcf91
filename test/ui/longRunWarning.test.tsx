// @vitest-environment jsdom
/**
 * The long-run warning: its sentence and buttons come from the warning's numbers, and in the
 * Lab (real store, real in-process engine) Train holds, a suggestion changes the controls,
 * and the next Train trains.
 */
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_LAB_STATE } from '../../src/core/labState';
import type { LabState } from '../../src/core/labState';
import type { Suggestion } from '../../src/core/trainingTime';
import { createLabStore } from '../../src/state/labStore';
import type { LabStore } from '../../src/state/labStore';
import type { LongRunWarning as Warning } from '../../src/state/longRun';
import { LabView } from '../../src/ui/lab/LabView';
import { LongRunWarning, limitText, suggestionText } from '../../src/ui/lab/LongRunWarning';
import { inProcessClient } from '../state/inProcessEngine';
import { runControl } from '../state/runControls';

const stores: LabStore[] = [];
beforeEach(() => {
  // jsdom has no 2-D canvas; the Lab's canvas charts draw their svg parts regardless.
  vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(null);
});
afterEach(() => {
  cleanup();
  for (const s of stores.splice(0)) s.dispose();
  vi.restoreAllMocks();
});

const fewer: Suggestion = { kind: 'steps', value: 1200, seconds: 1500, change: { steps: 1200 } };
const narrow: Suggestion = { kind: 'width', value: 8, seconds: 1620, change: { runs: [] } };
const shallow: Suggestion = { kind: 'depth', value: 20, seconds: 1700, change: { runs: [] } };
const WARNING: Warning = {
  seconds: 6000,
  limitSeconds: 1800,
  engine: 'wasm',
  msPerStep: 2100,
  basis: 'measured',
  suggestions: [fewer, narrow, shallow],
};

describe('LongRunWarning', () => {
  it('says how long, on what, from which measurement, and against which limit', () => {
    render(<LongRunWarning warning={WARNING} onApply={() => {}} onTrainAnyway={() => {}} />);
    expect(screen.getByRole('alert').textContent).toBe(
      'Training this would take about 1 h 40 min on wasm (measured 2.1 s per step) — more than 30 minutes.',
    );
  });

  it('says when the estimate is scaled from the last measurement', () => {
    render(
      <LongRunWarning
        warning={{ ...WARNING, basis: 'scaled', msPerStep: 480, engine: 'webgpu (software)' }}
        onApply={() => {}}
        onTrainAnyway={() => {}}
      />,
    );
    expect(screen.getByRole('alert').textContent).toBe(
      'Training these settings would take about 1 h 40 min on webgpu (software) (about 480 ms per step, ' +
        'estimated from the last measurement there) — more than 30 minutes.',
    );
  });

  it('offers one button per suggestion, with its predicted time, and Train anyway', () => {
    const applied: Suggestion[] = [];
    let anyway = 0;
    render(
      <LongRunWarning warning={WARNING} onApply={(s) => applied.push(s)} onTrainAnyway={() => anyway++} />,
    );
    const group = screen.getByRole('group', { name: 'Make it fit' });
    expect([...group.querySelectorAll('button')].map((b) => b.textContent)).toEqual([
      'Train 1,200 steps (about 25 min 0 s)',
      'Narrow to width 8 (about 27 min 0 s)',
      'Cap the depth at 20 layers (about 28 min 20 s)',
      'Train anyway',
    ]);
    fireEvent.click(screen.getByRole('button', { name: /Narrow to width 8/ }));
    fireEvent.click(screen.getByRole('button', { name: 'Train anyway' }));
    expect(applied).toEqual([narrow]);
    expect(anyway).toBe(1);
  });

  it('says so when no single change fits', () => {
    render(
      <LongRunWarning
        warning={{ ...WARNING, suggestions: [] }}
        onApply={() => {}}
        onTrainAnyway={() => {}}
      />,
    );
    expect(screen.getByText(/No single change of steps, width or depth fits within 30 minutes/)).toBeTruthy();
    expect(screen.getAllByRole('button').map((b) => b.textContent)).toEqual(['Train anyway']);
  });

  it('formats limits, step times and suggestions in words', () => {
    expect([1800, 3600, 7200, 60, 90, 10].map(limitText)).toEqual([
      '30 minutes',
      '1 hour',
      '2 hours',
      '1 minute',
      '1 min 30 s',
      '10 s',
    ]);
    expect(suggestionText({ ...fewer, seconds: 4 })).toBe('Train 1,200 steps (about 4 s)');
  });
});

describe('the warning in the Lab', () => {
  it('Train holds a 15 s session under a 10 s limit; fewer steps fit and train', async () => {
    // The engine's clock moves 5 ms per reading, so every warm step measures exactly 5 ms.
    let t = 0;
    const controls: LabState = {
      ...DEFAULT_LAB_STATE,
      runs: [runControl(4, false), runControl(4, true)],
      steps: 3000,
      batchSize: 32,
    };
    const store = createLabStore(() => inProcessClient({ now: () => (t += 5) }), {
      controls,
      longRunLimitSeconds: 10,
    });
    stores.push(store);
    const told: LabState[] = [];
    render(<LabView store={store} onControls={(c) => told.push(c)} />);
    fireEvent.click(screen.getByRole('button', { name: 'Train' }));
    const alert = await screen.findByText(/^Training this would take/, undefined, { timeout: 10_000 });
    expect(alert.textContent).toBe(
      'Training this would take about 15 s on the JS kernel (measured 5.0 ms per step) — more than 10 s.',
    );
    expect(store.getSnapshot()).toMatchObject({ phase: 'ready', step: 0 });
    fireEvent.click(screen.getByRole('button', { name: 'Train 1,500 steps (about 8 s)' }));
    expect(told.at(-1)).toEqual({ ...controls, steps: 1500 });
    expect(screen.queryByTestId('long-run')).toBeNull();
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Train' }));
    });
    // Built again with the new steps, measured again (5 ms: 1,500 steps fit) and training.
    await waitFor(() => expect(store.getSnapshot()).toMatchObject({ phase: 'training', totalSteps: 1500 }), {
      timeout: 10_000,
    });
    expect(store.getSnapshot().session!.serial).toBe(2);
    expect(screen.queryByTestId('long-run')).toBeNull();
    act(() => store.reset());
  }, 30_000);
});
