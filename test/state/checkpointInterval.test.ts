import { describe, expect, it } from 'vitest';
import {
  CHECKPOINT_CHOICES,
  CHECKPOINT_EVERY,
  everyText,
  loadCheckpointEvery,
  saveCheckpointEvery,
} from '../../src/state/checkpointInterval';

const memory = () => {
  const m = new Map<string, string>();
  return { getItem: (k: string) => m.get(k) ?? null, setItem: (k: string, v: string) => void m.set(k, v), m };
};

describe('the checkpoint interval', () => {
  it('defaults to the issue’s every 100 steps or 30 s, and names each choice', () => {
    expect(CHECKPOINT_EVERY).toEqual({ steps: 100, seconds: 30 });
    expect(CHECKPOINT_CHOICES.map(everyText)).toEqual([
      '25 steps or 10 s',
      '100 steps or 30 s',
      '500 steps or 2 min',
    ]);
  });

  it('keeps a choice across page loads', () => {
    const s = memory();
    expect(loadCheckpointEvery(s)).toEqual(CHECKPOINT_EVERY);
    saveCheckpointEvery(CHECKPOINT_CHOICES[2]!, s);
    expect(loadCheckpointEvery(s)).toEqual({ steps: 500, seconds: 120 });
  });

  it('reads anything but an offered choice, or a storage that throws, as the default', () => {
    const s = memory();
    for (const raw of ['7/3', '100/30/1', 'NaN/NaN', '', '25/10 ', '<b>']) {
      s.m.set('reslab.checkpointEvery.v1', raw);
      expect(loadCheckpointEvery(s)).toEqual(CHECKPOINT_EVERY);
    }
    const throwing = {
      getItem: () => {
        throw new Error('denied');
      },
      setItem: () => {
        throw new Error('denied');
      },
    };
    expect(loadCheckpointEvery(throwing)).toEqual(CHECKPOINT_EVERY);
    expect(() => saveCheckpointEvery(CHECKPOINT_CHOICES[0]!, throwing)).not.toThrow();
    expect(loadCheckpointEvery(null)).toEqual(CHECKPOINT_EVERY);
  });
});
