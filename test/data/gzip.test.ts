import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { DataFormatError } from '../../src/data/errors';
import { gzipError, gunzip, isGzip, maybeGunzip } from '../../src/data/gzip';

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

  it('says a stream cut short is truncated, in its own words, not the stream’s', async () => {
    const gz = gzipSync(text);
    for (const cut of [20, gz.length - 3])
      await expect(gunzip(gz.subarray(0, cut), 'train-images.gz')).rejects.toThrow(
        new RegExp(`^train-images\\.gz: the file is truncated: its gzip data ends after ${cut} bytes`),
      );
  });

  it('words Chromium’s stream errors the same way (its messages, as measured in Chromium 156)', () => {
    const chromium = (m: string) =>
      new TypeError(`Failed to execute 'close' on 'WritableStreamDefaultWriter': ${m}`);
    expect(gzipError(chromium('Compressed input was truncated.'), 'a.gz', 1000).message).toBe(
      'a.gz: the file is truncated: its gzip data ends after 1,000 bytes, before the end of the compressed stream (was the download complete?)',
    );
    expect(gzipError(new TypeError('Junk found after end of compressed data.'), 'a.gz', 9).message).toBe(
      'a.gz: corrupt gzip data (Junk found after end of compressed data)',
    );
  });
});
