/**
 * The texture tfjs-backend-webgl (4.22) stores a tensor in, so a net whose tensor would need
 * a texture larger than the GPU's MAX_TEXTURE_SIZE is refused before it is built.
 *
 * `textureShape` mirrors webgl_util.getTextureShapeFromLogicalShape under tfjs's default
 * flags (WEBGL_MAX_SIZE_FOR_NARROW_TEXTURE = Infinity, WEBGL_AUTO_SQUARIFY_NARROW_TEXTURE_SHAPE
 * = false, so its "long narrow texture" case never arises): the first of a few 2-D foldings
 * of the shape whose edges fit, else a near-square of the same area. test/core/webglTexture
 * checks it against tfjs's own function.
 *
 * A texture shape is [rows, cols] in values. An unpacked texture holds one value per texel, so
 * it is cols×rows texels (tex_util.getUnpackedMatrixTextureShapeWidthHeight); a packed one
 * holds a 2×2 block of values per texel, so it is ⌈cols/2⌉×⌈rows/2⌉
 * (tex_util.getPackedMatrixTextureShapeWidthHeight), which is why packing doubles the edge
 * allowed in values. tfjs then refuses a texture with an edge over MAX_TEXTURE_SIZE
 * (webgl_util.validateTextureSize: "Requested texture size … greater than WebGL maximum").
 *
 * A consequence worth knowing: an unpacked tensor fits exactly when it has at most
 * MAX_TEXTURE_SIZE² values, whatever its shape (the near-square of n values has edge ⌈√n⌉).
 */

const product = (s: readonly number[]) => s.reduce((a, b) => a * b, 1);
const nearestLargerEven = (d: number) => (d % 2 === 0 ? d : d + 1);

/** tfjs util.sizeToSquarishShape: [⌈√n⌉, ⌈n / ⌈√n⌉⌉]. */
function squarish(n: number): [number, number] {
  const width = Math.ceil(Math.sqrt(n));
  return [width, Math.ceil(n / width)];
}

/** [rows, cols], in values, of the texture tfjs lays a tensor of `shape` out in. */
export function textureShape(
  shape: readonly number[],
  packed: boolean,
  maxTextureSize: number,
): [number, number] {
  let max = maxTextureSize;
  let s = [...shape];
  if (packed) {
    max *= 2;
    // Values share a texel only within adjacent pairs of rows and columns of one batch entry.
    s = s.map((d, i) => (i >= s.length - 2 ? nearestLargerEven(d) : d));
    if (s.length === 1) s = [2, s[0]!];
  }
  // Size-1 axes go, except that a 2-D shape is kept as it is (util.squeezeShape).
  if (s.length !== 2) s = s.filter((d) => d !== 1);
  const size = product(s);
  const [a, b, c, d] = s as [number, number, number, number];
  if (s.length <= 1 && size <= max) return [1, size];
  if (s.length === 2 && a <= max && b <= max) return [a, b];
  if (s.length === 3 && a * b <= max && c <= max) return [a * b, c];
  if (s.length === 3 && a <= max && b * c <= max) return [a, b * c];
  if (s.length === 4 && a * b * c <= max && d <= max) return [a * b * c, d];
  if (s.length === 4 && a <= max && b * c * d <= max) return [a, b * c * d];
  if (!packed) return squarish(size);
  // Packed: a near-square of texels, each 2×2 values; rows and cols are even here.
  const rows = s.length > 1 ? s[s.length - 2]! : s.length === 1 ? 1 : 2;
  const cols = s.length ? s[s.length - 1]! : 2;
  const texels = product(s.slice(0, -2)) * (rows / 2) * (cols / 2);
  return squarish(texels).map((e) => e * 2) as [number, number];
}

/** Width × height in texels of the texture of a tensor of `shape`. */
export function textureSize(
  shape: readonly number[],
  packed: boolean,
  maxTextureSize: number,
): { width: number; height: number } {
  const [rows, cols] = textureShape(shape, packed, maxTextureSize);
  return packed
    ? { width: Math.max(1, Math.ceil(cols / 2)), height: Math.max(1, Math.ceil(rows / 2)) }
    : { width: cols, height: rows };
}
