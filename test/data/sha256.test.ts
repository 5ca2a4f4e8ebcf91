import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/core/rng';
import { sha256Hex } from '../../src/data/sha256';

const ascii = (s: string) => new TextEncoder().encode(s);

describe('sha256Hex', () => {
  it('matches the FIPS 180-4 test vectors', () => {
    expect(sha256Hex(ascii(''))).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(sha256Hex(ascii('abc'))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(sha256Hex(ascii('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq'))).toBe(
      '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1',
    );
  });

  it('agrees with node:crypto at every length around the 64-byte block and padding edges', () => {
    const rng = createRng(5);
    const data = Uint8Array.from({ length: 300 }, () => rng.int(256));
    for (const len of [1, 55, 56, 63, 64, 65, 119, 120, 128, 300]) {
      const bytes = data.subarray(0, len);
      expect(sha256Hex(bytes), `length ${len}`).toBe(createHash('sha256').update(bytes).digest('hex'));
    }
  });

  it('hashes a view into a larger buffer by its own bytes only', () => {
    const buf = ascii('xxabcxx');
    expect(sha256Hex(buf.subarray(2, 5))).toBe(sha256Hex(ascii('abc')));
  });
});
