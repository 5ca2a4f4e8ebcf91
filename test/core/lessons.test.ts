import { describe, expect, it } from 'vitest';
import { LESSONS, lessonBySlug, TOY_BASIC, toyMatchedBottleneck } from '../../src/core/lessons';
import { runSpec } from '../../src/core/labState';
import { layerTable } from '../../src/core/layerTable';
import { decodeLabState, encodeLabState } from '../../src/core/urlCodec';

describe('the lesson catalog', () => {
  it('has at least seven lessons with unique slugs, numbered in order', () => {
    expect(LESSONS.length).toBeGreaterThanOrEqual(7);
    expect(new Set(LESSONS.map((l) => l.slug)).size).toBe(LESSONS.length);
    expect(LESSONS.map((l) => l.number)).toEqual(LESSONS.map((_, i) => i + 1));
    for (const l of LESSONS) expect(l.slug).toMatch(/^[a-z0-9-]+$/);
  });

  it('gives every lesson a question with at least two distinct choices', () => {
    for (const l of LESSONS) {
      expect(l.question.length).toBeGreaterThan(10);
      expect(l.choices.length).toBeGreaterThanOrEqual(2);
      expect(new Set(l.choices.map((c) => c.id)).size).toBe(l.choices.length);
    }
  });

  it.each(LESSONS.map((l) => [l.slug, l] as const))(
    '%s: the experiment builds and round-trips through the Lab URL without notices',
    (_, lesson) => {
      const states = [lesson.experiment, lesson.labExtra?.state].filter((s) => s !== null && s !== undefined);
      expect(states.length).toBeGreaterThan(0);
      for (const state of states) {
        for (const r of state.runs) expect(() => runSpec(r, state.data)).not.toThrow();
        const decoded = decodeLabState(encodeLabState(state));
        expect(decoded.notices).toEqual([]);
        expect(decoded.state).toEqual(state);
      }
    },
  );

  it('matches lesson 5’s bottleneck net to the basic one within 15% of its multiply-adds, and deeper', () => {
    const b = toyMatchedBottleneck();
    const macs = (r: typeof b) => layerTable(runSpec(r, 'spirals')).macs;
    expect(b.block).toBe('bottleneck');
    expect(b.depth).toBeGreaterThan(TOY_BASIC.depth);
    expect(Math.abs(macs(b) - macs(TOY_BASIC)) / macs(TOY_BASIC)).toBeLessThan(0.15);
  });

  it('finds lessons by slug and nothing for an unknown one', () => {
    expect(lessonBySlug('degradation')?.number).toBe(1);
    expect(lessonBySlug('nope')).toBeUndefined();
  });
});
