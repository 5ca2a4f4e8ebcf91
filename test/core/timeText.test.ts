import { describe, expect, it } from 'vitest';
import { formatDuration, formatStepTime } from '../../src/core/timeText';

describe('formatDuration', () => {
  it('uses seconds, then minutes and seconds, then hours and minutes', () => {
    expect(formatDuration(0)).toBe('0 s');
    expect(formatDuration(44.6)).toBe('45 s');
    expect(formatDuration(59.4)).toBe('59 s');
    expect(formatDuration(60)).toBe('1 min 0 s');
    expect(formatDuration(3599)).toBe('59 min 59 s');
    expect(formatDuration(6000)).toBe('1 h 40 min');
    expect(formatDuration(35145 * 60)).toBe('585 h 45 min');
  });
  it('never shows a negative time', () => {
    expect(formatDuration(-3)).toBe('0 s');
  });
});

describe('formatStepTime', () => {
  it('uses seconds from 1 s, whole ms from 10 ms, one decimal below', () => {
    expect([2100, 999.4, 480, 10, 5, 0.25].map(formatStepTime)).toEqual([
      '2.1 s',
      '999 ms',
      '480 ms',
      '10 ms',
      '5.0 ms',
      '0.3 ms',
    ]);
  });
});
