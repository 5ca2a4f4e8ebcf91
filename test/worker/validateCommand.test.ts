import { describe, expect, it } from 'vitest';
import { mlp } from '../../src/core/catalog';
import { DEFAULT_TRAIN_CONFIG } from '../../src/core/trainConfig';
import { MAX_RUNS } from '../../src/engine/session';
import { MAX_SESSION_RUNS, PROTOCOL_VERSION } from '../../src/worker/protocol';
import { CommandError, validateCommand, validateDataSource } from '../../src/worker/validateCommand';
import { createCmd, ctl } from './helpers';

function refusal(raw: unknown): Pick<CommandError, 'kind' | 'field' | 'message'> {
  try {
    validateCommand(raw);
  } catch (e) {
    if (e instanceof CommandError) return { kind: e.kind, field: e.field, message: e.message };
    throw e;
  }
  throw new Error('accepted');
}

describe('validateCommand', () => {
  it('returns a create command with the config completed by the defaults', () => {
    const c = validateCommand(createCmd({ config: { steps: 7 } }));
    expect(c.type).toBe('create');
    if (c.type !== 'create') return;
    expect(c.config).toEqual({ ...DEFAULT_TRAIN_CONFIG, steps: 7 });
    expect(c.runs[0]!.spec).toEqual(mlp(4, 8));
  });

  it('accepts every control command as type, version and session only', () => {
    for (const type of ['start', 'pause', 'resume', 'step', 'stop', 'reset', 'dispose'] as const)
      expect(validateCommand(ctl(type))).toEqual(ctl(type));
    expect(refusal({ ...ctl('start'), extra: 1 })).toMatchObject({
      kind: 'protocol',
      field: 'command.extra',
    });
  });

  it('names the offending field', () => {
    const cases: [unknown, string, string][] = [
      [{ ...ctl('start'), version: undefined }, 'protocol', 'version'],
      [{ ...ctl('start'), sessionId: '' }, 'spec', 'sessionId'],
      [createCmd({ runs: [] }), 'spec', 'runs'],
      [
        createCmd({ runs: Array.from({ length: 5 }, (_, i) => ({ id: `r${i}`, spec: mlp(4, 8) })) }),
        'spec',
        'runs',
      ],
      [
        createCmd({
          runs: [
            { id: 'a', spec: mlp(4, 8) },
            { id: 'a', spec: mlp(4, 8) },
          ],
        }),
        'spec',
        'runs[1].id',
      ],
      [
        createCmd({ runs: [{ id: 'a', spec: { ...mlp(4, 8), shortcut: 'D' } as never }] }),
        'spec',
        'runs[0].spec.shortcut',
      ],
      [createCmd({ runs: [{ id: 'a', spec: mlp(4, 8), seed: -1 }] }), 'spec', 'runs[0].seed'],
      [
        createCmd({ config: { schedule: { kind: 'step', milestones: [0] } } }),
        'spec',
        'config.schedule.milestones[0]',
      ],
      [createCmd({ config: null as never }), 'spec', 'config'],
      [createCmd({ backend: 'metal' as never }), 'spec', 'backend'],
      [createCmd({ evalSample: 0 }), 'spec', 'evalSample'],
      [createCmd({ baseUrl: 'not a url' }), 'spec', 'baseUrl'],
      [createCmd({ data: { kind: 'toy', toy: 'moons' } as never }), 'data', 'data.toy'],
      [createCmd({ data: { kind: 'mnist' } as never }), 'data', 'data.kind'],
      [
        createCmd({ data: { kind: 'idx', files: [{ name: 'x', bytes: [1, 2] }] } as never }),
        'data',
        'data.files[0]',
      ],
    ];
    for (const [raw, kind, field] of cases) expect(refusal(raw), field).toMatchObject({ kind, field });
  });

  it('keeps file bytes as they came', () => {
    const bytes = new Uint8Array([1, 2, 3]);
    const d = validateDataSource({ kind: 'cifar10', files: [{ name: 'data_batch_1.bin', bytes }] });
    expect(d).toEqual({ kind: 'cifar10', files: [{ name: 'data_batch_1.bin', bytes }] });
  });

  it('allows as many runs as the engine does', () => {
    expect(MAX_SESSION_RUNS).toBe(MAX_RUNS);
    expect(PROTOCOL_VERSION).toBeGreaterThan(0);
  });
});
