import { DataFormatError } from './errors';

/** True when `bytes` start with the gzip member header 0x1f 0x8b (RFC 1952 §2.3.1). */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/**
 * Inflate a gzip file with the platform's `DecompressionStream` (Node ≥ 18 and
 * every current browser), so src/data needs neither node:zlib nor a library.
 * A truncated or damaged stream (bad deflate data, CRC or length trailer) is
 * refused as a whole with a `DataFormatError('corrupt-gzip')`.
 */
export async function gunzip(bytes: Uint8Array, what = 'file'): Promise<Uint8Array> {
  const stream = new DecompressionStream('gzip');
  const writer = stream.writable.getWriter();
  // The write side rejects too when the data is bad; the read side reports it.
  const written = writer.write(bytes as Uint8Array<ArrayBuffer>).then(() => writer.close());
  written.catch(() => undefined);
  const reader = stream.readable.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      total += value.length;
    }
    await written;
  } catch (err) {
    throw gzipError(err, what, bytes.length);
  }
  const out = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}

/** `bytes` inflated when they are gzip, otherwise `bytes` themselves. */
export async function maybeGunzip(bytes: Uint8Array, what = 'file'): Promise<Uint8Array> {
  return isGzip(bytes) ? gunzip(bytes, what) : bytes;
}

/** The refusal for a stream that failed: "the file is truncated" when it was cut off. */
export function gzipError(err: unknown, what: string, size: number): DataFormatError {
  const raw = err instanceof Error ? err.message : String(err);
  // Chromium: "Failed to execute 'close' on 'WritableStreamDefaultWriter': Compressed input was
  // truncated."; Node (zlib): "unexpected end of file". The stream's wording is the only
  // signal: both report a cut-off file and bad data from the same call.
  if (/truncated|unexpected end/i.test(raw))
    return new DataFormatError(
      'corrupt-gzip',
      `${what}: the file is truncated: its gzip data ends after ${size.toLocaleString('en-US')} bytes, before the end of the compressed stream (was the download complete?)`,
    );
  const reason = raw.replace(/^Failed to execute '[^']*' on '[^']*': /, '').replace(/\.$/, '');
  return new DataFormatError('corrupt-gzip', `${what}: corrupt gzip data (${reason})`);
}
