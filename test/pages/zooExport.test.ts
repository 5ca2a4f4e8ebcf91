import { describe, expect, it } from 'vitest';
import { csvField, fileSlug, toCsv } from '../../src/ui/export';

describe('CSV export', () => {
  it('quotes fields holding a comma, a quote or a line break, and doubles quotes', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField(3.5)).toBe('3.5');
    expect(csvField('multiply-adds, paper')).toBe('"multiply-adds, paper"');
    expect(csvField('the "A" option')).toBe('"the ""A"" option"');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
  });

  it('writes a header and one CRLF-terminated line per row', () => {
    expect(
      toCsv({
        columns: ['model', 'params'],
        rows: [
          ['ResNet-18 (A)', 11515688],
          ['a,b', 1],
        ],
      }),
    ).toBe('model,params\r\nResNet-18 (A),11515688\r\n"a,b",1\r\n');
  });

  it('names files after their title', () => {
    expect(fileSlug('Shortcut options A, B and C in ResNet-34')).toBe(
      'shortcut-options-a-b-and-c-in-resnet-34',
    );
    expect(fileSlug('×××')).toBe('reslab');
  });
});
