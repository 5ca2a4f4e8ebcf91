import { accessSync, constants } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/** Where we look for a system Chromium, in order. `$CHROME_PATH` wins when set. */
export const CHROMIUM_CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser'] as const;

/**
 * Flags for headless Chromium as root in a container. `--enable-unsafe-webgpu` is what
 * turns on WebGPU (a SwiftShader adapter on a machine without a GPU); the rest keep the
 * browser from phoning home, so a test run never touches the network.
 */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--enable-unsafe-webgpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
] as const;

export type ChromiumLookup =
  { found: true; path: string; source: 'CHROME_PATH' | 'default' } | { found: false; reason: string };

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Finds a Chromium binary: `$CHROME_PATH` if set (and it must exist), else the usual paths. */
export function findChromium(env: NodeJS.ProcessEnv = process.env): ChromiumLookup {
  const fromEnv = env.CHROME_PATH?.trim();
  if (fromEnv) {
    return isExecutable(fromEnv)
      ? { found: true, path: fromEnv, source: 'CHROME_PATH' }
      : { found: false, reason: `CHROME_PATH=${fromEnv} is not an executable file` };
  }
  const path = CHROMIUM_CANDIDATES.find(isExecutable);
  return path
    ? { found: true, path, source: 'default' }
    : {
        found: false,
        reason: `no Chromium at ${CHROMIUM_CANDIDATES.join(' or ')} and CHROME_PATH is not set`,
      };
}

export function launchChromium(executablePath: string): Promise<Browser> {
  return chromium.launch({ executablePath, headless: true, args: [...CHROMIUM_ARGS] });
}
