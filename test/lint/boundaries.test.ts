import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
let eslint: ESLint;

/** The import-boundary messages eslint.config.js gives `code` as if it lived at `filePath`. */
async function boundaryErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  const messages = result!.messages;
  // Any other problem would mean the probe itself is broken, not the boundary.
  expect(messages.filter((m) => m.ruleId !== 'no-restricted-imports')).toEqual([]);
  return messages.map((m) => m.message);
}

beforeAll(() => {
  eslint = new ESLint({ cwd: ROOT });
});

describe('import boundaries (docs/ARCHITECTURE.md)', () => {
  it('refuse an upward type import in src/core, naming the layer and the doc', async () => {
    const errors = await boundaryErrors(
      'src/core/boundaryProbe.ts',
      "import type { LabSnapshot } from '../state/labStore';\nexport type X = LabSnapshot;\n",
    );
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain('src/core is pure TypeScript');
    expect(errors[0]).toContain('state is off limits here, type imports included (see docs/ARCHITECTURE.md)');
  });

  it('refuse tfjs in src/core even as a type', async () => {
    const errors = await boundaryErrors(
      'src/core/boundaryProbe.ts',
      "import type { Tensor } from '@tensorflow/tfjs-core';\nexport type X = Tensor;\n",
    );
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain('these packages are off limits here');
  });

  it('accept a core file importing core', async () => {
    const code =
      "import type { NetSpec } from './netSpec';\nimport { cifarNet } from './catalog';\nexport const x: NetSpec = cifarNet(20);\n";
    expect(await boundaryErrors('src/core/boundaryProbe.ts', code)).toEqual([]);
  });

  it('accept a downward type import (state takes engine types) but refuse the value', async () => {
    const typeOnly =
      "import type { BackendChoice } from '../engine/backend';\nexport type X = BackendChoice;\n";
    expect(await boundaryErrors('src/state/boundaryProbe.ts', typeOnly)).toEqual([]);
    const value = "import { chooseBackend } from '../engine/backend';\nexport const x = chooseBackend;\n";
    const errors = await boundaryErrors('src/state/boundaryProbe.ts', value);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain('only type imports (import type) from engine are allowed here');
  });

  it('refuse an upward type import in src/engine (state is above it)', async () => {
    const errors = await boundaryErrors(
      'src/engine/boundaryProbe.ts',
      "import type { LabSnapshot } from '../state/labStore';\nexport type X = LabSnapshot;\n",
    );
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain('src/engine may import core, data and tfjs: state is off limits');
  });

  it('keep engine values out of the main thread: the worker client and the app shell', async () => {
    const value = "import { chooseBackend } from '../engine/backend';\nexport const x = chooseBackend;\n";
    expect(await boundaryErrors('src/worker/client.ts', value)).toHaveLength(1);
    expect(await boundaryErrors('src/worker/engineHost.ts', value)).toEqual([]);
    const shell = "import { chooseBackend } from './engine/backend';\nexport const x = chooseBackend;\n";
    expect((await boundaryErrors('src/App.tsx', shell))[0]).toContain('the app shell');
  });
});
