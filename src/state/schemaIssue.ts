/**
 * A zod issue as one line a learner can act on: the field's path as code would write it
 * ("runs[1].points.step[3]") and what was wrong, in words, with the value that was found
 * (quoted and truncated: a file's contents are never shown as markup or at length).
 */
import type { z } from 'zod';

type Key = PropertyKey;

export function fieldPath(path: readonly Key[]): string {
  let s = '';
  for (const k of path) s += typeof k === 'number' ? `[${k}]` : s ? `.${String(k)}` : String(k);
  return s || 'the file';
}

function valueAt(root: unknown, path: readonly Key[]): unknown {
  let v = root;
  for (const k of path) {
    if (typeof v !== 'object' || v === null) return undefined;
    v = (v as Record<Key, unknown>)[k];
  }
  return v;
}

/** "a string ("abc")", "null", "an array", "nothing". */
export function describeValue(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'string') return `a string (${JSON.stringify(v.length > 24 ? `${v.slice(0, 24)}…` : v)})`;
  if (typeof v === 'number') return Number.isInteger(v) ? `the integer ${v}` : `the number ${v}`;
  if (typeof v === 'boolean') return `${v}`;
  return typeof v === 'object' ? 'an object' : typeof v;
}

const article = (what: string) => (/^[aeiou]/.test(what) ? `an ${what}` : `a ${what}`);

function expectedText(issue: z.core.$ZodIssueInvalidType): string {
  const e = String(issue.expected);
  if (e === 'int') return 'an integer';
  if (e === 'number') return 'a number';
  return article(e);
}

export function describeIssue(issue: z.core.$ZodIssue, root: unknown): string {
  const at = fieldPath(issue.path);
  const value = valueAt(root, issue.path);
  switch (issue.code) {
    case 'invalid_type':
      if (value === undefined) return `${at}: missing; expected ${expectedText(issue)}`;
      return `${at}: expected ${expectedText(issue)}, got ${describeValue(value)}`;
    case 'invalid_value':
      return `${at}: expected ${issue.values.map((v) => JSON.stringify(v)).join(' or ')}, got ${describeValue(value)}`;
    case 'unrecognized_keys':
      return `${at}: unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys
        .slice(0, 3)
        .map((k) => JSON.stringify(k.slice(0, 24)))
        .join(', ')}`;
    case 'too_small':
    case 'too_big': {
      const bound = issue.code === 'too_small' ? `at least ${issue.minimum}` : `at most ${issue.maximum}`;
      if (Array.isArray(value)) return `${at}: expected ${bound} entries, got ${value.length}`;
      if (typeof value === 'string') return `${at}: expected ${bound} characters, got ${value.length}`;
      return `${at}: expected ${bound}, got ${describeValue(value)}`;
    }
    case 'invalid_format':
      return `${at}: expected ${issue.format === 'datetime' ? 'an ISO date and time' : issue.format}, got ${describeValue(value)}`;
    case 'invalid_union':
      return `${at}: ${describeValue(value)} is not allowed here`;
    default:
      return `${at}: ${issue.message}`;
  }
}
