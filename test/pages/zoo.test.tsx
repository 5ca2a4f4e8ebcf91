// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { decodeLabState } from '../../src/core/urlCodec';
import { layerTable } from '../../src/core/layerTable';
import { builderSpec, BUILDER_PRESETS } from '../../src/core/netBuilder';
import { REPORTED_TOP1 } from '../../src/core/paperResults';
import { ZOO_MODELS, zooRow } from '../../src/core/zoo';
import { ZooPage } from '../../src/pages/ZooPage';

afterEach(cleanup);

function renderZoo() {
  return render(
    <MemoryRouter>
      <ZooPage />
    </MemoryRouter>,
  );
}

const zooTable = () => screen.getByRole('table', { name: /The ImageNet family/ });
/** Each rendered row as { column key → [shown text, exact value] }. */
function readRows() {
  return [...zooTable().querySelectorAll('tbody tr')].map((tr) => {
    const cells = new Map<string, { text: string }>();
    tr.querySelectorAll('td').forEach((td) =>
      cells.set(td.getAttribute('data-col')!, { text: td.textContent! }),
    );
    return { id: tr.getAttribute('data-row')!, cells };
  });
}
function readBlob(b: Blob): Promise<string> {
  return new Promise((resolve) => {
    const r = new FileReader();
    r.onload = () => resolve(r.result as string);
    r.readAsText(b);
  });
}
const num = (s: string) => Number(s.replace(/,/g, ''));

describe('Zoo page', () => {
  it('keeps the heading "Model zoo"', () => {
    renderZoo();
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Model zoo');
  });

  it.each(['v1', 'v1.5'] as const)(
    'shows the architecture core’s layers, parameters, multiply-adds and FLOPs for every model (%s)',
    (variant) => {
      renderZoo();
      if (variant === 'v1.5') fireEvent.click(screen.getByLabelText('v1.5 (torchvision)'));
      const rows = readRows();
      expect(rows.map((r) => r.id)).toEqual(ZOO_MODELS.map((m) => m.id));
      for (const model of ZOO_MODELS) {
        const core = zooRow(model, variant);
        const t = layerTable(model.spec(variant));
        const cells = rows.find((r) => r.id === model.id)!.cells;
        expect(num(cells.get('layers')!.text)).toBe(t.weightLayers);
        expect(num(cells.get('params')!.text)).toBe(t.params);
        expect(cells.get('macs')!.text).toBe((t.macs / 1e9).toFixed(2));
        expect(cells.get('flops')!.text).toBe((t.flops / 1e9).toFixed(2));
        expect(cells.get('top1')!.text).toBe(core.reported ? core.reported.top1.toFixed(2) : '—');
      }
    },
  );

  it('labels the errors as the paper’s and shows each one it reports', () => {
    renderZoo();
    const rows = readRows();
    for (const [id, r] of Object.entries(REPORTED_TOP1))
      expect(rows.find((x) => x.id === id)!.cells.get('top1')!.text).toBe(r.top1.toFixed(2));
    expect(zooTable().closest('.data-table')!.querySelector('.table-note')!.textContent).toMatch(
      /top-1 errors are reported by the paper/,
    );
    expect(zooTable().querySelector('th')!.parentElement!.textContent).toMatch(/top-1 error % \(paper\)/);
  });

  it('sorts by a column, descending on the second click', () => {
    renderZoo();
    const header = within(zooTable()).getByRole('button', { name: /^parameters/ });
    fireEvent.click(header);
    // plain-18 and ResNet-18 (A) tie: option A adds no parameters.
    expect(
      readRows()
        .map((r) => r.id)
        .slice(0, 2)
        .sort(),
    ).toEqual(['plain18', 'resnet18']);
    fireEvent.click(header);
    expect(
      readRows()
        .map((r) => r.id)
        .slice(0, 2),
    ).toEqual(['vgg19', 'vgg16']);
    expect(header.closest('th')!.getAttribute('aria-sort')).toBe('descending');
  });

  it('moves ResNet-50 from the v1 to the v1.5 count when toggled, and leaves basic-block nets alone', () => {
    renderZoo();
    const cell = (id: string) =>
      readRows()
        .find((r) => r.id === id)!
        .cells.get('macs')!.text;
    const r50 = ZOO_MODELS.find((m) => m.id === 'resnet50')!;
    expect(cell('resnet50')).toBe((layerTable(r50.spec('v1')).macs / 1e9).toFixed(2));
    const r34 = cell('resnet34-B');
    fireEvent.click(screen.getByLabelText('v1.5 (torchvision)'));
    expect(cell('resnet50')).toBe((layerTable(r50.spec('v1.5')).macs / 1e9).toFixed(2));
    expect(cell('resnet34-B')).toBe(r34);
    expect(screen.getByTestId('v1-macs').textContent).toBe('3.86');
    expect(screen.getByTestId('v15-macs').textContent).toBe('4.09');
  });

  it('draws the scatter and the stage bars as labelled images', () => {
    renderZoo();
    const imgs = screen.getAllByRole('img').map((el) => el.getAttribute('aria-label'));
    expect(imgs).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/reported top-1 error/),
        'Multiply-adds per stage of each model',
      ]),
    );
  });

  it('exports the table as CSV with the exact figures', async () => {
    const blobs: Blob[] = [];
    const create = vi.fn((b: Blob) => {
      blobs.push(b);
      return 'blob:test';
    });
    Object.assign(URL, { createObjectURL: create, revokeObjectURL: vi.fn() });
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => {});
    renderZoo();
    fireEvent.click(screen.getByRole('button', { name: /Download The ImageNet family.* as CSV/ }));
    expect(click).toHaveBeenCalled();
    const text = await readBlob(blobs[0]!);
    const lines = text.trim().split('\r\n');
    expect(lines[0]).toBe(
      'model,layers,parameters,multiply-adds (×10⁹),"multiply-adds, paper (×10⁹)",FLOPs (×10⁹),top-1 error % (paper),source',
    );
    const r50 = layerTable(ZOO_MODELS.find((m) => m.id === 'resnet50')!.spec('v1'));
    expect(lines).toContain(
      `ResNet-50,50,${r50.params},${r50.macs},3.8,${r50.flops},22.85,Table 3 (option B)`,
    );
    click.mockRestore();
  });
});

describe('Zoo builder', () => {
  it('shows the core’s parameters and multiply-adds for the built net, live', () => {
    renderZoo();
    const t = layerTable(builderSpec(BUILDER_PRESETS['CIFAR ResNet-20']!));
    expect(num(screen.getByTestId('builder-params').textContent!)).toBe(t.params);
    fireEvent.change(screen.getByLabelText('Blocks per stage'), { target: { value: '9, 9, 9' } });
    const t56 = layerTable(builderSpec({ ...BUILDER_PRESETS['CIFAR ResNet-20']!, blocks: [9, 9, 9] }));
    expect(num(screen.getByTestId('builder-params').textContent!)).toBe(t56.params);
    expect(screen.getByTestId('builder-macs').textContent).toBe(`${(t56.macs / 1e9).toFixed(3)} ×10⁹`);
    expect(screen.getByTestId('builder-memory').textContent).toMatch(/^about [\d.]+ [kMG]?B at batch 64/);
  });

  it('opens a CIFAR-style net in the Lab as the same run', () => {
    renderZoo();
    const link = screen.getByRole('link', { name: 'Open in Lab' });
    const q = link.getAttribute('href')!.split('?')[1]!;
    const { state, notices } = decodeLabState(q);
    expect(notices).toEqual([]);
    expect(state.data).toBe('fashion');
    expect(state.runs).toEqual([
      { depth: 20, width: 16, block: 'basic', shortcuts: true, option: 'A', preact: false, batchNorm: true },
    ]);
  });

  it('disables "Open in Lab" for an ImageNet-style net and says why', () => {
    renderZoo();
    fireEvent.change(screen.getByLabelText('Start from'), { target: { value: 'ResNet-50' } });
    const button = screen.getByRole('button', { name: 'Open in Lab' }) as HTMLButtonElement;
    expect(button.disabled).toBe(true);
    expect(document.getElementById('builder-why')!.textContent).toMatch(/3×3 \(CIFAR\) stem/);
    expect(num(screen.getByTestId('builder-params').textContent!)).toBe(
      layerTable(ZOO_MODELS.find((m) => m.id === 'resnet50')!.spec('v1')).params,
    );
  });

  it('explains a malformed stage list instead of counting', () => {
    renderZoo();
    fireEvent.change(screen.getByLabelText('Blocks per stage'), { target: { value: '3, x' } });
    expect(screen.getByRole('alert').textContent).toMatch(/whole numbers separated by commas/);
  });
});
