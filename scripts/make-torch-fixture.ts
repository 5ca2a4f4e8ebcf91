/**
 * `node --import ./scripts/register-node.mjs --import tsx scripts/make-torch-fixture.ts`:
 * rewrites test/fixtures/torch/lab-default.jsonl, a real log of the Lab's default experiment
 * from its exported PyTorch program (40 steps on the cpu, Debian's /usr/bin/python3), which
 * the browser test imports. test/torch/torchFixture.test.ts checks the program still writes
 * logs of its shape.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_LAB_STATE } from '../src/core/labState';
import { torchExperimentOf } from '../src/state/torchExport';
import { torchProgram } from '../src/torch/torchProgram';

export const FIXTURE = 'test/fixtures/torch/lab-default.jsonl';
export const FIXTURE_STEPS = 40;

const exp = torchExperimentOf({ session: null, controls: DEFAULT_LAB_STATE }, null);
if (!exp.ok) throw new Error(exp.message);
const file = join(mkdtempSync(join(tmpdir(), 'reslab-fixture-')), 'reslab_lab.py');
writeFileSync(file, torchProgram(exp.value, new Date()));
const ran = spawnSync(
  '/usr/bin/python3',
  [file, '--device', 'cpu', '--threads', '1', '--steps', String(FIXTURE_STEPS), '--log', FIXTURE],
  { stdio: 'inherit' },
);
process.exit(ran.status ?? 1);
