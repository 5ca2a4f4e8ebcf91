import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { DataFormatError } from '../../src/data/errors';
import { gunzip, isGzip, maybeGunzip } from '../../src/data/gzip';

const text = new TextEncoder().encode('residual '.repeat(1000));

describe('gzip', () => {
  it('detects gzip by its 0x1f 0x8b header', () => {
    expect(isGzip(gzipSync(text))).toBe(true);
    expect(isGzip(text)).toBe(false);
    expect(isGzip(Uint8Array.from([0x1f]))).toBe(false);
  });

  it('inflates to the original bytes', async () => {
    const out = await gunzip(gzipSync(text, { level: 9 }));
    expect(out.length).toBe(9000);
    expect(new TextDecoder().decode(out)).toBe('residual '.repeat(1000));
  });

  it('passes raw bytes through maybeGunzip unchanged', async () => {
    expect(await maybeGunzip(text)).toBe(text);
  });

  it('refuses damaged deflate data as corrupt-gzip', async () => {
    const gz = gzipSync(text);
    gz[12]! ^= 0x55;
    await expect(gunzip(gz, 'x.gz')).rejects.toSatisfy(
      (e: unknown) =>
        e instanceof DataFormatError &&
        e.problem === 'corrupt-gzip' &&
        /^x\.gz: corrupt gzip/.test(e.message),
    );
  });

  it('refuses a stream cut short', async () => {
    const gz = gzipSync(text);
    await expect(gunzip(gz.subarray(0, 20))).rejects.toThrow(/file: corrupt gzip data/);
  });
});
