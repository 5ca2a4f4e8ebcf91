/** A growable pair of typed arrays (x, y) that metric batches append to without copying per point. */
export class Series {
  private xs: Float64Array;
  private ys: Float32Array;
  length = 0;

  constructor(capacity = 1024) {
    this.xs = new Float64Array(capacity);
    this.ys = new Float32Array(capacity);
  }

  append(x: ArrayLike<number>, y: ArrayLike<number>): void {
    const n = x.length;
    if (this.length + n > this.xs.length) {
      const cap = Math.max(this.xs.length * 2, this.length + n);
      const nx = new Float64Array(cap);
      const ny = new Float32Array(cap);
      nx.set(this.xs.subarray(0, this.length));
      ny.set(this.ys.subarray(0, this.length));
      this.xs = nx;
      this.ys = ny;
    }
    for (let i = 0; i < n; i++) {
      this.xs[this.length + i] = x[i]!;
      this.ys[this.length + i] = y[i]!;
    }
    this.length += n;
  }

  /** Views of the filled part (no copy; valid until the next append). */
  get x(): Float64Array {
    return this.xs.subarray(0, this.length);
  }
  get y(): Float32Array {
    return this.ys.subarray(0, this.length);
  }

  /** Mean of the last `n` y values (all, if fewer). */
  tailMean(n: number): number {
    const k = Math.min(n, this.length);
    if (k === 0) return NaN;
    let s = 0;
    for (let i = this.length - k; i < this.length; i++) s += this.ys[i]!;
    return s / k;
  }
}
