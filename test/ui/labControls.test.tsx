// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_LAB_STATE } from '../../src/core/labState';
import type { RunControl } from '../../src/core/labState';
import { idleSnapshot } from '../../src/state/labStore';
import type { LabSnapshot } from '../../src/state/labStore';
import { RunCard } from '../../src/ui/lab/RunCard';
import { checkRun } from '../../src/ui/lab/runCheck';
import { engineBadge, Transport } from '../../src/ui/lab/Transport';
import { newRunData } from '../../src/state/runData';
import { softwareAdapterName } from '../../src/engine/softwareGpu';
import { kindOfFiles } from '../../src/ui/lab/FilePicker';

afterEach(cleanup);

const base: RunControl = {
  depth: 20,
  width: 8,
  block: 'basic',
  shortcuts: true,
  option: 'A',
  preact: false,
  batchNorm: true,
};

function renderCard(run: RunControl, onChange: (r: RunControl) => void = () => {}, batch = 64) {
  return render(
    <RunCard
      index={0}
      run={run}
      data="fashion"
      check={checkRun(run, 'fashion', batch, 'sgd')}
      canAdd
      canRemove
      disabled={false}
      onChange={onChange}
      onDuplicate={() => {}}
      onRemove={() => {}}
    />,
  );
}

describe('a run card', () => {
  it('offers only 6n+2 depths for CIFAR-style basic nets', () => {
    const changes: RunControl[] = [];
    renderCard(base, (r) => changes.push(r));
    const slider = screen.getByRole('slider', { name: /Depth/ }) as HTMLInputElement;
    for (const v of ['0', '1', '5']) fireEvent.change(slider, { target: { value: v } });
    expect(changes.map((c) => c.depth)).toEqual([8, 14, 38]);
  });

  it('switching to bottleneck snaps depth to 9n+2 and width to a multiple of 4', () => {
    const changes: RunControl[] = [];
    renderCard({ ...base, width: 10 }, (r) => changes.push(r));
    fireEvent.click(screen.getByRole('radio', { name: 'bottleneck' }));
    expect(changes[0]).toMatchObject({ block: 'bottleneck', depth: 20, width: 12 });
  });

  it('disables the shortcut options when shortcuts are off (the plain twin)', () => {
    renderCard({ ...base, shortcuts: false });
    for (const o of ['A', 'B', 'C'])
      expect((screen.getByRole('radio', { name: o }) as HTMLInputElement).disabled).toBe(true);
    expect(screen.getByRole('group', { name: /Run 1: plain-20/ })).toBeTruthy();
  });

  it('shows cost from the core, and refuses a net that will not fit with what to lower', () => {
    renderCard(base);
    expect(screen.getByText(/parameters · .* multiply-adds · trains in about/)).toBeTruthy();
    cleanup();
    renderCard({ ...base, depth: 110, width: 64 }, () => {}, 256);
    expect(screen.getByRole('alert').textContent).toMatch(
      /^Cannot build this run: needs about .* GB to train.*lower the batch size, the width or the depth$/,
    );
  });
});

const snap = (patch: Partial<LabSnapshot>): LabSnapshot => ({ ...idleSnapshot(DEFAULT_LAB_STATE), ...patch });

describe('the transport', () => {
  const noop = () => {};
  it('is one Train/Pause button, with progress, speed and time left', () => {
    render(
      <Transport
        snap={snap({
          phase: 'training',
          step: 100,
          totalSteps: 400,
          stepsPerSecond: 20,
          secondsLeft: 15,
          backend: { backend: 'webgpu', fallbacks: [] },
        })}
        canTrain
        onToggle={noop}
        onStep={noop}
        onReset={noop}
      />,
    );
    expect(screen.getByRole('button', { name: 'Pause' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Train' })).toBeNull();
    expect(screen.getByTestId('backend-badge').textContent).toBe('webgpu');
    expect(screen.getByText(/step 100 of 400 · 20\.0 steps\/s · about 15 s left/)).toBeTruthy();
  });

  it('says why it fell back to another backend', () => {
    render(
      <Transport
        snap={snap({
          phase: 'paused',
          backend: {
            backend: 'webgl',
            fallbacks: [{ backend: 'webgpu', reason: 'webgpu did not start (no usable adapter or context)' }],
          },
        })}
        canTrain
        onToggle={noop}
        onStep={noop}
        onReset={noop}
      />,
    );
    expect(screen.getByRole('button', { name: 'Train' })).toBeTruthy();
    expect(screen.getByRole('status').textContent).toBe(
      'Fell back to webgl: webgpu did not start (no usable adapter or context).',
    );
  });

  it('says at once that it is pausing after the step in flight, and shows the engine’s time left in hours where it needs them', () => {
    const { rerender } = render(
      <Transport
        snap={snap({ phase: 'training', step: 10, totalSteps: 36010, stepsPerSecond: 6, secondsLeft: 6000 })}
        canTrain
        onToggle={noop}
        onStep={noop}
        onReset={noop}
      />,
    );
    expect(screen.getByText(/step 10 of 36010 · 6\.0 steps\/s · about 1 h 40 min left/)).toBeTruthy();
    rerender(
      <Transport
        snap={snap({
          phase: 'training',
          step: 10,
          totalSteps: 36010,
          stepsPerSecond: 6,
          secondsLeft: 6000,
          pending: 'pause',
        })}
        canTrain
        onToggle={noop}
        onStep={noop}
        onReset={noop}
      />,
    );
    expect(screen.getByText(/step 10 of 36010 · 6\.0 steps\/s · pausing after this step…$/)).toBeTruthy();
  });

  it('names the engine that trains each run: the JS kernel for toy MLPs, the tfjs backend for the rest', () => {
    const layout = (run: string) => ({ run, params: [], blocks: [], weights: [], responseLayers: [] });
    const backend = { backend: 'webgpu' as const, fallbacks: [] };
    const mixed = snap({
      phase: 'paused',
      backend,
      runs: [newRunData(layout('run1'), 'js'), newRunData(layout('run2'), 'tfjs')],
    });
    expect(engineBadge(mixed)).toEqual({
      text: 'JS kernel + webgpu',
      title: 'run 1: ResLab’s fused JavaScript kernel; run 2: tfjs on webgpu',
    });
    expect(
      engineBadge(snap({ phase: 'paused', backend, runs: [newRunData(layout('run1'), 'js')] })).text,
    ).toBe('JS kernel');
    expect(engineBadge(snap({ phase: 'building' })).text).toBe('starting…');
  });

  it('cannot train while a run cannot be built', () => {
    render(<Transport snap={snap({})} canTrain={false} onToggle={noop} onStep={noop} onReset={noop} />);
    expect((screen.getByRole('button', { name: 'Train' }) as HTMLButtonElement).disabled).toBe(true);
  });
});

describe('files a learner brings', () => {
  it('are told apart by name, and anything else is refused with what ResLab reads', () => {
    expect(kindOfFiles(['train-images-idx3-ubyte.gz', 'train-labels-idx1-ubyte.gz'])).toBe('idx');
    expect(kindOfFiles(['data_batch_1.bin', 'test_batch.bin'])).toBe('cifar10');
    expect(kindOfFiles(['cat.jpg'])).toMatch(/^ResLab reads IDX files .* not "cat\.jpg"$/);
    expect(kindOfFiles([])).toBe('no files were given');
  });
});

describe('a software GPU', () => {
  it('is recognised by the names software rasterisers give themselves, and nothing else', () => {
    expect(softwareAdapterName('google swiftshader')).toBe('swiftshader');
    expect(
      softwareAdapterName('ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero)), SwiftShader driver)'),
    ).toBe('SwiftShader');
    expect(softwareAdapterName('llvmpipe (LLVM 15.0.6, 256 bits)')).toBe('llvmpipe');
    expect(softwareAdapterName('nvidia hopper')).toBeNull();
    expect(softwareAdapterName('ANGLE (NVIDIA, NVIDIA H200 Direct3D11 vs_5_0 ps_5_0)')).toBeNull();
    expect(softwareAdapterName('')).toBeNull();
  });

  it('is named on the badge', () => {
    const layout = { run: 'run1', params: [], blocks: [], weights: [], responseLayers: [] };
    const b = engineBadge(
      snap({
        phase: 'paused',
        backend: { backend: 'webgpu', fallbacks: [], software: 'SwiftShader' },
        runs: [newRunData(layout, 'tfjs')],
      }),
    );
    expect(b).toEqual({ text: 'webgpu (software)', title: 'run 1: tfjs on webgpu (software), SwiftShader' });
  });
});
