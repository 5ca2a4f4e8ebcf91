/**
 * A small, strict flag parser for the CLI commands: `--name value` or `--name=value`,
 * boolean flags without a value, at most one positional argument where the command wants
 * one. Anything else is a UsageError (the command prints it as one line and exits 2).
 */
export class UsageError extends Error {
  override name = 'UsageError';
}

export interface FlagDef {
  /** A flag that takes no value. */
  boolean?: boolean;
  /** Allowed values, if the set is closed. */
  choices?: readonly string[];
  /** Parse as a positive integer. */
  integer?: boolean;
}

export interface ParsedArgs {
  positional: string[];
  flags: Record<string, string | boolean>;
}

export function parseArgs(
  argv: readonly string[],
  defs: Record<string, FlagDef>,
  maxPositional: number,
): ParsedArgs {
  const positional: string[] = [];
  const flags: Record<string, string | boolean> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('--')) {
      if (positional.length >= maxPositional) throw new UsageError(`unexpected argument "${arg}"`);
      positional.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq < 0 ? undefined : eq);
    const def = defs[name];
    if (!def)
      throw new UsageError(
        `unknown flag --${name}; known: ${Object.keys(defs)
          .map((d) => `--${d}`)
          .join(' ')}`,
      );
    if (name in flags) throw new UsageError(`--${name} given twice`);
    if (def.boolean) {
      if (eq >= 0) throw new UsageError(`--${name} takes no value`);
      flags[name] = true;
      continue;
    }
    const value = eq >= 0 ? arg.slice(eq + 1) : argv[++i];
    if (value === undefined || value === '' || (eq < 0 && value.startsWith('--')))
      throw new UsageError(`--${name} needs a value`);
    if (def.choices && !def.choices.includes(value))
      throw new UsageError(`--${name} must be one of ${def.choices.join(', ')} (got "${value}")`);
    if (def.integer && !/^\d+$/.test(value))
      throw new UsageError(`--${name} must be a positive integer (got "${value}")`);
    flags[name] = value;
  }
  return { positional, flags };
}

/** Run a command's main, turning expected errors into one stderr line and exit code 2. */
export async function runCli(
  main: () => Promise<void> | void,
  expected: (e: unknown) => boolean,
): Promise<void> {
  try {
    await main();
  } catch (e) {
    if (e instanceof UsageError || expected(e)) {
      process.stderr.write(`${(e as Error).message.split('\n')[0]}\n`);
      process.exitCode = 2;
      return;
    }
    throw e;
  }
}
