// @vitest-environment jsdom
/**
 * Export, import and share in the Lab: what the learner sees comes from the imported
 * record (a different file says different things), a bad file is refused in an alert that
 * names the field with the store untouched, the export downloads the session's file, and
 * the share panel's link and QR code carry the controls on screen.
 */
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import QRCode from 'qrcode';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_LAB_STATE } from '../../src/core/labState';
import type { LabState } from '../../src/core/labState';
import { decodeLabState } from '../../src/core/urlCodec';
import { experimentJson, parseExperimentFile } from '../../src/state/experimentFile';
import type { ExperimentFile } from '../../src/state/experimentFile';
import { sessionRuns } from '../../src/state/labSession';
import { createLabStore } from '../../src/state/labStore';
import type { LabStore } from '../../src/state/labStore';
import { LabTools } from '../../src/ui/lab/LabTools';
import { labLink, qrPath } from '../../src/ui/lab/SharePanel';
import { useLabSnapshot } from '../../src/ui/lab/useLabStore';
import { runControl } from '../state/runControls';

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

const SMALL: LabState = {
  ...DEFAULT_LAB_STATE,
  runs: [runControl(4, false), runControl(6, true)],
  steps: 10,
};

/** A consistent file without training: records of `steps` steps for each run SMALL makes. */
function makeFile(steps: number, engine: 'js' | 'tfjs' = 'js'): ExperimentFile {
  const step = Array.from({ length: steps }, (_, i) => i + 1);
  return {
    format: 'reslab-experiment',
    version: 1,
    exportedAt: '2026-12-02T09:00:00.000Z',
    app: { name: 'ResLab', version: '0.1.0' },
    name: 'two spirals: plain-4, ResNet A-6',
    trainedAt: '2026-12-01T08:00:00.000Z',
    controls: SMALL,
    userData: null,
    progress: { step: steps, totalSteps: 10, finished: steps === 10 },
    backend: { backend: 'webgl', fallbacks: [] },
    dataLabel: 'two spirals',
    runs: sessionRuns(SMALL, null).map((r, i) => ({
      id: r.id,
      label: r.label,
      spec: r.spec as unknown as Record<string, unknown>,
      engine,
      status: 'ok',
      layout: { run: r.id, params: [], blocks: [], weights: [], responseLayers: [] },
      points: {
        step: [...step],
        trainErr: step.map((s) => (s % 8) / 16 + i / 4),
        loss: step.map((s) => 1 / 2 ** (s % 5)),
      },
      evals: { step: [], testErr: [], trainErr: [] },
      probes: [],
    })),
    toyPoints: null,
    boundary: null,
  };
}

/** A store that never needs the engine: nothing here trains. */
function newStore(): LabStore {
  return createLabStore(() => {
    throw new Error('no engine in this test');
  });
}

function Host({ store, onControls }: { store: LabStore; onControls(c: LabState): void }) {
  const snap = useLabSnapshot(store);
  return <LabTools store={store} snap={snap} onControls={onControls} />;
}

const importInput = () => screen.getByLabelText('Import experiment') as HTMLInputElement;
/** Picks a file in the import input (jsdom's File has no text(), which browsers have). */
function pick(text: string, name = 'class.json') {
  const file = new File([text], name, { type: 'application/json' });
  Object.defineProperty(file, 'text', { value: async () => text });
  return act(async () => {
    fireEvent.change(importInput(), { target: { files: [file] } });
  });
}

describe('LabTools', () => {
  it('imports a file: the notice says what the file records, and the controls go to the page', async () => {
    const store = newStore();
    const onControls = vi.fn();
    render(<Host store={store} onControls={onControls} />);
    await pick(experimentJson(makeFile(10)));
    expect((await screen.findByTestId('import-notice')).textContent).toBe(
      'Imported two spirals: plain-4, ResNet A-6: 2 runs, 10 steps, trained on ResLab’s JS kernel on 2026-12-01.',
    );
    expect(onControls).toHaveBeenCalledWith(SMALL);
    expect(store.getSnapshot()).toMatchObject({ phase: 'done', controls: SMALL });
    // Another record, another sentence: nothing in it is canned.
    await pick(experimentJson(makeFile(7, 'tfjs')));
    await waitFor(() =>
      expect(screen.getByTestId('import-notice').textContent).toBe(
        'Imported two spirals: plain-4, ResNet A-6: 2 runs, 7 steps, trained on webgl on 2026-12-01.',
      ),
    );
    expect(store.getSnapshot().phase).toBe('stopped');
  });

  it('refuses a bad file in an alert naming the field, leaving the session as it was', async () => {
    const store = newStore();
    render(<Host store={store} onControls={() => {}} />);
    await pick(experimentJson(makeFile(10)));
    const before = store.getSnapshot();
    const bad = makeFile(10) as unknown as { runs: { points: { step: unknown[] } }[] };
    bad.runs[1]!.points.step[2] = 'three';
    await pick(JSON.stringify(bad), 'broken.json');
    expect((await screen.findByRole('alert')).textContent).toBe(
      '"broken.json" was not imported: runs[1].points.step[2]: expected a number, got a string ("three")',
    );
    expect(store.getSnapshot()).toBe(before);
    expect(screen.getByTestId('import-notice').textContent).toMatch(/^Imported two spirals/);
  });

  it('exports nothing before a session, then the session’s own file', async () => {
    const store = newStore();
    render(<Host store={store} onControls={() => {}} />);
    const button = screen.getByRole('button', { name: 'Export experiment' });
    expect((button as HTMLButtonElement).disabled).toBe(true);
    await pick(experimentJson(makeFile(10)));
    expect((button as HTMLButtonElement).disabled).toBe(false);
    let blob: Blob | undefined;
    let name = '';
    URL.createObjectURL = vi.fn((b: Blob) => ((blob = b), 'blob:x'));
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      name = this.download;
    });
    fireEvent.click(button);
    expect(name).toMatch(/^reslab-two-spirals-plain-4-resnet-a-6-\d{4}-\d\d-\d\d\.json$/);
    const text = await new Promise<string>((resolve) => {
      const reader = new FileReader();
      reader.onload = () => resolve(reader.result as string);
      reader.readAsText(blob!);
    });
    const parsed = parseExperimentFile(text);
    expect(parsed.ok).toBe(true);
    const { exportedAt: _a, ...again } = parsed.ok ? parsed.value : ({} as ExperimentFile);
    const { exportedAt: _b, ...original } = makeFile(10);
    expect(again).toEqual(original);
  });

  it('shares the link of the controls on screen and a QR code of exactly that link', () => {
    const store = newStore();
    store.setControls(SMALL);
    render(<Host store={store} onControls={() => {}} />);
    expect(screen.queryByTestId('share-qr')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Share' }));
    const link = (screen.getByTestId('share-link') as HTMLInputElement).value;
    expect(link).toBe(labLink(SMALL, window.location.href));
    const decoded = decodeLabState(link.split('#/lab?')[1]!);
    expect(decoded).toEqual({ state: SMALL, notices: [] });
    const qr = screen.getByRole('img', { name: /^QR code of the link to this experiment/ });
    expect(qr.getAttribute('aria-label')).toContain(link);
    // The drawn modules are the library's matrix for that link, module for module.
    const d = qr.querySelector('path')!.getAttribute('d')!;
    const { modules } = QRCode.create(link, { errorCorrectionLevel: 'L' });
    const dark = [...d.matchAll(/M(\d+) (\d+)/g)].map((m) => `${Number(m[2]) - 4},${Number(m[1]) - 4}`);
    const expected: string[] = [];
    for (let r = 0; r < modules.size; r++)
      for (let c = 0; c < modules.size; c++) if (modules.get(r, c)) expected.push(`${r},${c}`);
    expect(dark).toEqual(expected);
    expect(qrPath('another link').d).not.toBe(d);
  });
});
