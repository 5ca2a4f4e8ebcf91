/**
 * blocks-basic-vs-bottleneck compares the two block designs at the same cost, so its two
 * nets' multiply-adds per image must agree within 5 % (of the larger), and the bottleneck
 * net must be the deeper one: that is the comparison the paper makes (§4.1, "Deeper
 * Bottleneck Architectures").
 */
import { describe, expect, it } from 'vitest';
import { layerTable } from '../../src/core/layerTable';
import { paperLayers, presetByName } from '../../src/core/presets';

describe('blocks-basic-vs-bottleneck: matched multiply-adds', () => {
  const preset = presetByName('blocks-basic-vs-bottleneck');
  const [basic, bottleneck] = preset.runs.map((r) => r.spec);

  it('a basic and a bottleneck net, the bottleneck one deeper', () => {
    expect(preset.runs.map((r) => r.id)).toEqual(['basic-20', 'bottleneck-29']);
    expect(basic!.kind === 'conv' && basic!.block).toBe('basic');
    expect(bottleneck!.kind === 'conv' && bottleneck!.block).toBe('bottleneck');
    expect([paperLayers(basic!), paperLayers(bottleneck!)]).toEqual([20, 29]);
  });

  it('their MACs per image differ by less than 5 % (measured 30.82M vs 29.42M, 4.5 %)', () => {
    const a = layerTable(basic!).macs;
    const b = layerTable(bottleneck!).macs;
    expect(Math.abs(a - b) / Math.max(a, b)).toBeLessThan(0.05);
  });
});
