import { describe, expect, it } from 'vitest';
import {
  loadProgress,
  markOpened,
  markPrediction,
  parseProgress,
  PROGRESS_KEY,
  serializeProgress,
} from '../../src/state/lessonProgress';
import type { ProgressStorage } from '../../src/state/lessonProgress';

function memoryStorage(
  initial: Record<string, string> = {},
): ProgressStorage & { data: Record<string, string> } {
  const data = { ...initial };
  return {
    data,
    getItem: (k) => data[k] ?? null,
    setItem: (k, v) => {
      data[k] = v;
    },
  };
}

describe('lesson progress', () => {
  it('starts empty', () => {
    expect(loadProgress(memoryStorage())).toEqual({});
  });

  it('records an opened lesson and a prediction, and reads them back', () => {
    const s = memoryStorage();
    markOpened('degradation', s);
    markPrediction('identity-is-hard', 'residual', s);
    expect(loadProgress(s)).toEqual({
      degradation: { opened: true },
      'identity-is-hard': { opened: true, prediction: 'residual' },
    });
    expect(JSON.parse(s.data[PROGRESS_KEY]!).version).toBe(1);
  });

  it('keeps the prediction when the lesson is opened again, and replaces it with a new one', () => {
    const s = memoryStorage();
    markPrediction('degradation', 'same', s);
    markOpened('degradation', s);
    expect(loadProgress(s).degradation).toEqual({ opened: true, prediction: 'same' });
    markPrediction('degradation', 'deep-worse', s);
    expect(loadProgress(s).degradation?.prediction).toBe('deep-worse');
  });

  it.each([
    ['not JSON', '{oops'],
    ['a number', '42'],
    ['null', 'null'],
    ['another version', JSON.stringify({ version: 2, lessons: { degradation: { opened: true } } })],
    ['lessons as an array', JSON.stringify({ version: 1, lessons: [1, 2] })],
  ])('ignores a corrupt stored value (%s) without throwing', (_, raw) => {
    expect(parseProgress(raw)).toEqual({});
    const s = memoryStorage({ [PROGRESS_KEY]: raw });
    expect(() => markOpened('degradation', s)).not.toThrow();
    expect(loadProgress(s)).toEqual({ degradation: { opened: true } });
  });

  it('drops only the malformed entries', () => {
    const raw = JSON.stringify({
      version: 1,
      lessons: {
        degradation: { opened: true, prediction: 'same' },
        'bad slug!': { opened: true },
        identity: { opened: 'yes' },
        'residual-learning': { opened: true, prediction: '<img>' },
      },
    });
    expect(parseProgress(raw)).toEqual({
      degradation: { opened: true, prediction: 'same' },
      'residual-learning': { opened: true },
    });
  });

  it('survives a storage that throws on read and on write', () => {
    const hostile: ProgressStorage = {
      getItem: () => {
        throw new Error('denied');
      },
      setItem: () => {
        throw new Error('quota');
      },
    };
    expect(loadProgress(hostile)).toEqual({});
    expect(markPrediction('degradation', 'same', hostile)).toEqual({
      degradation: { opened: true, prediction: 'same' },
    });
  });

  it('serialises what it parses', () => {
    const p = { degradation: { opened: true, prediction: 'same' } };
    expect(parseProgress(serializeProgress(p))).toEqual(p);
  });
});
