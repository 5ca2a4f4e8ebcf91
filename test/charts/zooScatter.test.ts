// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { createZooScatter, zooScatterTable } from '../../src/charts/zooScatter';
import { REPORTED_TOP1 } from '../../src/core/paperResults';
import { zooRows } from '../../src/core/zoo';
import { expectGolden } from './golden';

let host: HTMLDivElement;
afterEach(() => host?.remove());
function draw() {
  host = document.createElement('div');
  document.body.append(host);
  createZooScatter(host).update(zooRows('v1'));
}

describe('zooScatter', () => {
  it('matches its golden', () => {
    draw();
    expectGolden('zooScatter-v1', host);
  });

  it('draws one bubble per model the paper reports an error for, and none for VGG-19', () => {
    draw();
    const ids = [...host.querySelectorAll('g.dot')].map((g) => g.getAttribute('data-model'));
    expect(ids.sort()).toEqual(Object.keys(REPORTED_TOP1).sort());
    expect(ids).not.toContain('vgg19');
  });

  it('gives bubbles areas proportional to parameters', () => {
    draw();
    const r = (id: string) =>
      Number(host.querySelector(`g.dot[data-model="${id}"] circle`)!.getAttribute('r'));
    const rows = new Map(zooRows('v1').map((x) => [x.id, x.params]));
    expect((r('resnet152') / r('resnet18')) ** 2).toBeCloseTo(
      rows.get('resnet152')! / rows.get('resnet18')!,
      6,
    );
  });

  it('tables the reported figures with their sources', () => {
    const t = zooScatterTable(zooRows('v1'));
    const r50 = t.rows.find((r) => r[0] === 'ResNet-50')!;
    expect(r50.slice(3)).toEqual([22.85, 'Table 3 (option B)']);
  });
});
