/**
 * Seeded pseudo-random numbers: mulberry32 for uniforms, Box–Muller for normals.
 * Every source of randomness in ResLab (initialisation, data order, toy data,
 * augmentation) draws from one of these so that a seed reproduces a run.
 */
export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Standard normal N(0, 1). */
  normal(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
  /** A new independent stream derived from this one (for splitting work without coupling). */
  fork(): Rng;
  /** Where the stream stands, to go on from there later (restoreRng). */
  save(): RngState;
}

/** A stream's whole state: the generator's word and Box–Muller's spare normal. */
export interface RngState {
  state: number;
  spare: number | null;
}

/** Mix a 32-bit seed so that nearby seeds give unrelated streams. */
export function hashSeed(seed: number, salt = 0): number {
  let h = (Math.trunc(seed) ^ 0x9e3779b9 ^ Math.imul(salt, 0x85ebca6b)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x21f0aaad);
  h = Math.imul(h ^ (h >>> 15), 0x735a2d97);
  return (h ^ (h >>> 15)) >>> 0;
}

/** What a seed is for; each purpose draws from streams no other purpose can reach. */
export type SeedDomain = 'init' | 'data' | 'augment' | 'probe';

const DOMAIN_CODE: Record<SeedDomain, number> = { init: 0, data: 1, augment: 2, probe: 3 };

/**
 * The seed of stream `index` of `domain` under the experiment seed `seed` (e.g. run i's
 * initialisation: seedFor('init', seed, i)). The domain is the top two bits and a hash of
 * (seed, index, domain) the other 30, so seeds of different domains always differ, and
 * createRng (a bijective re-hash) turns different seeds into different streams.
 */
export function seedFor(domain: SeedDomain, seed: number, index = 0): number {
  const code = DOMAIN_CODE[domain];
  const low = hashSeed(hashSeed(seed, code + 1) ^ Math.trunc(index), 0x5eed) & 0x3fffffff;
  return ((code << 30) | low) >>> 0;
}

export function createRng(seed: number): Rng {
  return rngFrom({ state: hashSeed(seed) >>> 0, spare: null });
}

/** The stream a save() was taken of, from the same point on. */
export function restoreRng(saved: RngState): Rng {
  return rngFrom(saved);
}

function rngFrom(start: RngState): Rng {
  let state = start.state >>> 0;
  let spare: number | null = start.spare;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const rng: Rng = {
    next,
    normal() {
      if (spare !== null) {
        const s = spare;
        spare = null;
        return s;
      }
      // Box–Muller: u1 in (0, 1] so log is finite.
      const u1 = 1 - next();
      const u2 = next();
      const r = Math.sqrt(-2 * Math.log(u1));
      spare = r * Math.sin(2 * Math.PI * u2);
      return r * Math.cos(2 * Math.PI * u2);
    },
    int(n: number) {
      return Math.floor(next() * n);
    },
    fork() {
      return createRng(Math.floor(next() * 4294967296));
    },
    save: () => ({ state, spare }),
  };
  return rng;
}

/** Fisher–Yates shuffle of 0..n-1, driven by `rng`. */
export function permutation(n: number, rng: Rng): Int32Array {
  const p = new Int32Array(n);
  for (let i = 0; i < n; i++) p[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const t = p[i]!;
    p[i] = p[j]!;
    p[j] = t;
  }
  return p;
}
