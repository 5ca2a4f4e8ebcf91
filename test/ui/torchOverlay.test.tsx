// @vitest-environment jsdom
/**
 * A PyTorch log over the Lab: its runs' labels say where they ran and take the colour of the
 * browser run of the same label; the notice says what the log holds, read from the log; the
 * tools import it (a bad log is refused naming its line) and export the runs as a program.
 */
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { RUN_COLORS } from '../../src/charts/palette';
import { DEFAULT_LAB_STATE } from '../../src/core/labState';
import { createLabStore } from '../../src/state/labStore';
import type { LabStore } from '../../src/state/labStore';
import { parseTorchLog } from '../../src/state/torchLog';
import type { TorchLog } from '../../src/state/torchLog';
import { LabTools } from '../../src/ui/lab/LabTools';
import { overlayNotice, overlayRuns, whereText } from '../../src/ui/lab/torchOverlay';
import { useLabSnapshot } from '../../src/ui/lab/useLabStore';
import { fullLog, HEADER, jsonl, stoppedLog } from '../state/torchLogLines';

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

function read(lines: object[]): TorchLog {
  const r = parseTorchLog(jsonl(lines));
  if (!r.ok) throw new Error(r.message);
  return r.value;
}

const onCpu = {
  ...HEADER,
  where: { ...HEADER.where, torch: '1.13.0a0', device: 'cpu', deviceName: 'x86_64', world: 1, backend: null },
};

describe('whereText', () => {
  it('names the version, the device (a GPU by its model) and the processes', () => {
    expect(whereText(read(fullLog()).header)).toBe('PyTorch 2.1 on cuda (NVIDIA H200) ×2');
    expect(whereText(read([onCpu]).header)).toBe('PyTorch 1.13 on cpu');
  });
});

describe('overlayRuns', () => {
  it("labels each run with where it ran and takes the browser run's colour by label", () => {
    const runs = overlayRuns(read(fullLog()), [{ label: 'ResNet A-8', index: 2 }], new Set(['torch:run2']));
    expect(runs.map((r) => [r.id, r.label, r.visible])).toEqual([
      ['torch:run1', 'plain-8 · PyTorch 2.1 on cuda (NVIDIA H200) ×2', true],
      ['torch:run2', 'ResNet A-8 · PyTorch 2.1 on cuda (NVIDIA H200) ×2', false],
    ]);
    // plain-8 has no browser twin: the first colour no browser run uses.
    expect(runs.map((r) => r.color)).toEqual([RUN_COLORS[0], RUN_COLORS[2]]);
    const clash = overlayRuns(read(fullLog()), [{ label: 'plain-52', index: 0 }], new Set());
    expect(clash.map((r) => r.color)).toEqual([RUN_COLORS[1], RUN_COLORS[2]]);
  });
});

describe('overlayNotice', () => {
  it('says what a finished log holds, from its header and end line', () => {
    expect(overlayNotice(read(fullLog()))).toBe(
      'Overlaid a PyTorch log of degradation-mlp: 2 runs, 4 steps, on cuda (NVIDIA H200), 2 processes (nccl), started 2026-12-03; ran 100 ms/step.',
    );
    const cpu = fullLog();
    cpu[0] = onCpu;
    cpu[cpu.length - 1] = { type: 'end', steps: 4, seconds: 0.0136, msPerStep: 3.42 };
    expect(overlayNotice(read(cpu))).toBe(
      'Overlaid a PyTorch log of degradation-mlp: 2 runs, 4 steps, on cpu, 1 process, started 2026-12-03; ran 3.4 ms/step.',
    );
  });

  it('says where a log without its end line stops, and which run stopped and why', () => {
    const log = read(stoppedLog());
    expect(overlayNotice(log)).toBe(
      'Overlaid a PyTorch log of degradation-mlp: 2 runs, 3 of 4 steps, on cuda (NVIDIA H200), 2 processes (nccl), started 2026-12-03. ' +
        'The log ends early, at step 3, with no end line: the job was stopped or is still running. ' +
        'plain-8 stopped: diverged at step 3: the loss is nan.',
    );
  });
});

/** A store that never needs the engine: nothing here trains. */
function newStore(): LabStore {
  return createLabStore(() => {
    throw new Error('no engine in this test');
  });
}

function Host({ store }: { store: LabStore }) {
  const snap = useLabSnapshot(store);
  return <LabTools store={store} snap={snap} onControls={() => {}} />;
}

/** Opens the PyTorch panel unless it is open. */
function openPanel() {
  const toggle = screen.getByRole('button', { name: 'PyTorch' });
  if (toggle.getAttribute('aria-expanded') !== 'true') fireEvent.click(toggle);
}

function pickLog(text: string, name = 'run.jsonl') {
  openPanel();
  const file = new File([text], name);
  Object.defineProperty(file, 'text', { value: async () => text });
  return act(async () => {
    fireEvent.change(screen.getByLabelText('Import PyTorch log'), { target: { files: [file] } });
  });
}

describe('LabTools and PyTorch', () => {
  it('overlays a picked log, says so, and removes it on request', async () => {
    const store = newStore();
    render(<Host store={store} />);
    expect(screen.queryByRole('button', { name: 'Remove overlay' })).toBeNull();
    await pickLog(jsonl(fullLog()));
    expect((await screen.findByTestId('overlay-notice')).textContent).toMatch(
      /^Overlaid a PyTorch log of degradation-mlp: 2 runs, 4 steps, /,
    );
    expect(store.getSnapshot().overlay?.runs).toHaveLength(2);
    // A log read closes the panel, so the charts show.
    expect(screen.getByRole('button', { name: 'PyTorch' }).getAttribute('aria-expanded')).toBe('false');
    fireEvent.click(screen.getByRole('button', { name: 'Remove overlay' }));
    expect(store.getSnapshot().overlay).toBeNull();
    expect(screen.queryByTestId('overlay-notice')).toBeNull();
  });

  it('refuses a broken log in the alert, naming its line, and keeps the overlay it had', async () => {
    const store = newStore();
    render(<Host store={store} />);
    await pickLog(jsonl(fullLog()));
    const before = store.getSnapshot();
    const lines = jsonl(fullLog()).split('\n');
    lines[2] = '{"type":"step","run":"run1",';
    await pickLog(lines.join('\n'), 'broken.jsonl');
    expect((await screen.findByRole('alert')).textContent).toBe(
      '"broken.jsonl" was not imported: line 3: not JSON',
    );
    expect(store.getSnapshot()).toBe(before);
    expect(screen.getByTestId('overlay-notice').textContent).toMatch(/^Overlaid/);
  });

  it('refuses a file over the size limit before reading it', async () => {
    const store = newStore();
    render(<Host store={store} />);
    openPanel();
    const file = new File(['x'], 'huge.jsonl');
    Object.defineProperty(file, 'size', { value: 80 * 1024 * 1024 });
    const text = vi.fn(async () => 'x');
    Object.defineProperty(file, 'text', { value: text });
    await act(async () => {
      fireEvent.change(screen.getByLabelText('Import PyTorch log'), { target: { files: [file] } });
    });
    expect((await screen.findByRole('alert')).textContent).toBe(
      '"huge.jsonl" was not imported: the file is 80 MB; ResLab reads logs of up to 64 MB',
    );
    expect(text).not.toHaveBeenCalled();
  });

  it('downloads a program of the runs on screen from Export to PyTorch', async () => {
    const store = newStore();
    store.setControls({ ...DEFAULT_LAB_STATE, steps: 50 });
    render(<Host store={store} />);
    let blob: Blob | undefined;
    let name = '';
    URL.createObjectURL = vi.fn((b: Blob) => ((blob = b), 'blob:x'));
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      name = this.download;
    });
    openPanel();
    expect(screen.getByRole('region', { name: 'PyTorch' }).textContent).toContain(
      'The program trains plain-8, plain-52, ResNet A-8 and ResNet A-52 with the Lab',
    );
    const button = screen.getByRole('button', { name: 'Export to PyTorch' });
    expect(button.getAttribute('title')).toMatch(
      /^Download a Python program that trains these runs in PyTorch/,
    );
    fireEvent.click(button);
    await waitFor(() => expect(name).toBe('reslab_lab.py'));
    const text = await new Promise<string>((resolve) => {
      const reader = new FileReader();
      reader.onload = () => resolve(reader.result as string);
      reader.readAsText(blob!);
    });
    expect(text.startsWith('#!/usr/bin/env python3\n')).toBe(true);
    expect(text).toContain('ResLab Lab: plain-8, plain-52, ResNet A-8, ResNet A-52 on spirals');
    expect(text).toContain('"steps":50');
  });
});
