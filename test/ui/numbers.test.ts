import { describe, expect, it } from 'vitest';
import { formatDuration } from '../../src/ui/numbers';

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
