/**
 * The element-wise ops of an MLP on Float32Arrays:
 *   ReLU           y = max(0, x) = (x + |x|) / 2        ∂L/∂x = dy·[y > 0]
 *   residual add   y = F + s, s zero-padded to F's width (option A)
 *                  ∂L/∂F = dy,  ∂L/∂s = dy restricted to s's features
 * Both ReLU loops are branch-free ((x + |x|)/2 is exact in doubles, and a comparison times
 * dy compiles without a jump): a data-dependent branch per element mispredicts half the
 * time and costs ~4× the loop. A NaN passes through the ReLU (as in tfjs), so a diverging
 * run shows a NaN loss.
 */

export function reluForward(x: Float32Array, y: Float32Array, size: number): void {
  for (let t = 0; t < size; t++) {
    const v = x[t]!;
    y[t] = (v + Math.abs(v)) * 0.5;
  }
}

/** Writes, or with `add` adds, dy·[y > 0] to `dx`. */
export function reluBackward(
  y: Float32Array,
  dy: Float32Array,
  dx: Float32Array,
  add: boolean,
  size: number,
): void {
  if (add) for (let t = 0; t < size; t++) dx[t] = dx[t]! + dy[t]! * +(y[t]! > 0);
  else for (let t = 0; t < size; t++) dx[t] = dy[t]! * +(y[t]! > 0);
}

/** y[i, j] = f[i, j] + (j < sw ? s[i, j] : 0) for an [n, fw] branch and an [n, sw] shortcut. */
export function residualAdd(
  f: Float32Array,
  s: Float32Array,
  y: Float32Array,
  n: number,
  fw: number,
  sw: number,
): void {
  if (fw === sw) {
    const size = n * fw;
    for (let t = 0; t < size; t++) y[t] = f[t]! + s[t]!;
    return;
  }
  for (let i = 0; i < n; i++) {
    const fo = i * fw;
    const so = i * sw;
    for (let j = 0; j < sw; j++) y[fo + j] = f[fo + j]! + s[so + j]!;
    for (let j = sw; j < fw; j++) y[fo + j] = f[fo + j]!;
  }
}

/** The shortcut's share of dy: its first `sw` of `fw` features, written or added to `ds`. */
export function shortcutGrad(
  dy: Float32Array,
  ds: Float32Array,
  add: boolean,
  n: number,
  fw: number,
  sw: number,
): void {
  for (let i = 0; i < n; i++) {
    const go = i * fw;
    const so = i * sw;
    if (add) for (let j = 0; j < sw; j++) ds[so + j] = ds[so + j]! + dy[go + j]!;
    else for (let j = 0; j < sw; j++) ds[so + j] = dy[go + j]!;
  }
}

/** Writes or adds `src` to `dst`, two arrays of one size (the branch's share of dy). */
export function copyGrad(src: Float32Array, dst: Float32Array, add: boolean): void {
  if (add) for (let t = 0; t < src.length; t++) dst[t] = dst[t]! + src[t]!;
  else dst.set(src);
}
