import { describe, expect, it } from 'vitest';
import { parseArgs, UsageError } from '../../src/cli/args';

const DEFS = {
  preset: { choices: ['a', 'b'] },
  steps: { integer: true },
  jsonl: { boolean: true },
  spec: {},
} as const;

describe('parseArgs', () => {
  it('takes --flag value, --flag=value and boolean flags', () => {
    expect(parseArgs(['--preset', 'a', '--steps=12', '--jsonl'], DEFS, 0)).toEqual({
      positional: [],
      flags: { preset: 'a', steps: '12', jsonl: true },
    });
  });

  it('refuses what it does not know, with the problem named', () => {
    const refuse = (argv: string[], max = 0) => {
      try {
        parseArgs(argv, DEFS, max);
      } catch (e) {
        expect(e).toBeInstanceOf(UsageError);
        return (e as Error).message;
      }
      throw new Error('accepted');
    };
    expect(refuse(['--depth', '3'])).toBe('unknown flag --depth; known: --preset --steps --jsonl --spec');
    expect(refuse(['--preset', 'c'])).toBe('--preset must be one of a, b (got "c")');
    expect(refuse(['--steps', '-1'])).toBe('--steps must be a positive integer (got "-1")');
    expect(refuse(['--steps', '--jsonl'])).toBe('--steps needs a value');
    expect(refuse(['--steps', '1.5'])).toBe('--steps must be a positive integer (got "1.5")');
    expect(refuse(['--spec'])).toBe('--spec needs a value');
    expect(refuse(['--jsonl=yes'])).toBe('--jsonl takes no value');
    expect(refuse(['--steps', '1', '--steps', '2'])).toBe('--steps given twice');
    expect(refuse(['extra'])).toBe('unexpected argument "extra"');
    expect(refuse(['one', 'two'], 1)).toBe('unexpected argument "two"');
  });
});
