import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { modelByName } from '../../src/core/catalog';
import { layerTable } from '../../src/core/layerTable';

const tsx = 'node_modules/.bin/tsx';
const arch = (...args: string[]) => spawnSync(tsx, ['src/cli/arch.ts', ...args], { encoding: 'utf8' });

describe('npm run arch', () => {
  it('--json prints exactly one JSON object with the exact ResNet-50 counts', () => {
    const r = arch('resnet50', '--json');
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const out = JSON.parse(lines[0]!);
    expect(Object.keys(out)).toEqual(['name', 'params', 'macs', 'flops', 'layers']);
    expect(out).toMatchObject({ name: 'resnet50', params: 25_557_032, macs: 3_857_973_248 });
    expect(out.flops).toBe(layerTable(modelByName('resnet50')).flops);
    expect(Object.keys(out.layers[0])).toEqual(['name', 'kind', 'outShape', 'params', 'macs', 'flops']);
    expect(out.layers[0]).toEqual({
      name: 'stem.conv',
      kind: 'conv',
      outShape: [112, 112, 64],
      params: 9408,
      macs: 118_013_952,
      flops: 236_027_904,
    });
  });

  it('prints an aligned table with totals and honours --shortcut, --width, --input and --classes', () => {
    const r = arch('cifar-resnet20', '--shortcut', 'B', '--width', '8', '--input', '28', '--classes', '10');
    expect(r.status).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe('ResNet-20: input 28×28×3, 20 weight layers');
    expect(lines[1]).toMatch(/^layer\s+kind\s+output\s+params\s+MACs\s+FLOPs$/);
    const params = layerTable(modelByName('cifar-resnet20', { shortcut: 'B', width: 8, input: 28 })).params;
    expect(r.stdout).toContain(`parameters  ${params.toLocaleString('en-US')}`);
    expect(r.stdout).toContain('stage2.block1.shortcut.conv');
    // Right-aligned numbers: every data row is as long as the header rule.
    const ruleLength = lines[2]!.length;
    expect(lines.slice(3, 10).every((l) => l.length === ruleLength)).toBe(true);
  });

  it('an unknown name: one line on stderr, exit 2, nothing on stdout', () => {
    const r = arch('resnet51');
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toEqual([
      'name: unknown ImageNet depth 51; choose 18, 34, 50, 101 or 152',
    ]);
  });

  it('a bad flag or value: one line on stderr, exit 2', () => {
    for (const args of [
      ['resnet18', '--depth', '3'],
      ['resnet18', '--shortcut', 'D'],
      ['resnet18', '--input'],
      ['cifar-resnet21'],
    ]) {
      const r = arch(...args);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
  });
});
