/**
 * Does every tensor of a network fit the backend's hard limits? A backend cannot hold one
 * tensor larger than its largest buffer (WebGPU), texture (WebGL) or heap (wasm), however
 * much memory is free, so such a net is refused before training, naming the layer that does
 * not fit. Memory in total is another matter: memory.ts estimates it, and a run that runs
 * out of it stops alone with its reason (engine/oom.ts).
 *
 * The tensors of a layer-table row at batch B, as tfjs allocates them in float32 (each
 * gradient has the shape of what it is the gradient of, so it adds no new size):
 * - its output [B, ...outShape], and before the first row the input batch [B, ...inputShape];
 * - a conv's weights [k, k, Cin, Cout], an fc's [in, out];
 * - on WebGL only, a conv's im2col matrix [B, k·k·Cin, outH·outW]: tfjs-backend-webgl's
 *   Conv2D (kernels/Conv2D.js) takes conv2dWithIm2Row wherever WEBGL_CONV_IM2COL is on (its
 *   default is WEBGL_PACK, on), except for a 1×1, stride-1, unpadded conv, which is a plain
 *   matrix product. (tfjs-backend-webgpu builds one only for outputs of a few 32×32 tiles.)
 *
 * How each backend stores a tensor, and so what bounds it:
 * - WebGPU: one GPUBuffer of 4·n bytes (backend_webgpu.js), bound whole as a storage buffer
 *   by every shader that reads it: at most min(maxBufferSize, maxStorageBufferBindingSize).
 * - WebGL: a texture (webglTexture.ts). Activations and weights also pass through unpacked
 *   programs (the conv filter gradient's Conv2DDerFilterProgram, the reductions of batch
 *   norm and the probes, max pooling), so they are checked unpacked, one value per texel;
 *   the im2col matrix is only made and read by packed programs, so it is checked packed.
 * - wasm: a slice of one heap that grows to at most maxBufferBytes.
 */
import { layerTable } from './layerTable';
import type { Op } from './graph';
import { buildGraph, isBlock } from './graph';
import { formatBytes } from './memory';
import type { NetSpec } from './netSpec';
import { textureSize } from './webglTexture';

export type LimitedBackend = 'webgpu' | 'webgl' | 'wasm' | 'cpu';

/** The hard limits of one backend on a single tensor; a missing field is no limit. */
export interface BackendLimits {
  kind: LimitedBackend;
  /** Bytes: WebGPU's maxBufferSize; for wasm, the most its heap can grow to. */
  maxBufferBytes?: number;
  /** Bytes: WebGPU's maxStorageBufferBindingSize. */
  maxStorageBindingBytes?: number;
  /** Texels along either edge of a texture: WebGL's MAX_TEXTURE_SIZE. */
  maxTextureSize?: number;
}

export type TensorRole = 'output' | 'weights' | 'im2col';

export interface LayerTensor {
  /** The layer-table row's name, or 'input' for the input batch. */
  layer: string;
  /** Index of that row in layerTable(spec).rows; null for the input batch. */
  row: number | null;
  role: TensorRole;
  shape: number[];
  bytes: number;
}

export interface TooLarge {
  tensor: LayerTensor;
  /** "stage1.block1.conv1: its output at batch 256 (256×56×56×64) is 205.5 MB, more than …". */
  message: string;
  /** What would make it fit. */
  hint: string;
}

const BYTES = 4;
const product = (s: readonly number[]) => s.reduce((a, b) => a * b, 1);

function opsByName(spec: NetSpec): Map<string, Op> {
  const ops = new Map<string, Op>();
  for (const node of buildGraph(spec).nodes) {
    const list = isBlock(node)
      ? [
          ...node.pre,
          ...node.branch,
          ...(node.shortcut.type === 'projection' ? node.shortcut.ops : []),
          ...node.post,
        ]
      : [node];
    for (const op of list) ops.set(op.name, op);
  }
  return ops;
}

/** Every tensor of every layer at `batchSize`, in layer-table order, the input batch first. */
export function layerTensors(spec: NetSpec, batchSize: number, kind: LimitedBackend): LayerTensor[] {
  const table = layerTable(spec);
  const ops = opsByName(spec);
  const tensor = (layer: string, row: number | null, role: TensorRole, shape: number[]): LayerTensor => ({
    layer,
    row,
    role,
    shape,
    bytes: product(shape) * BYTES,
  });
  const out = [tensor('input', null, 'output', [batchSize, ...table.inputShape])];
  table.rows.forEach((r, i) => {
    out.push(tensor(r.name, i, 'output', [batchSize, ...r.outShape]));
    const op = ops.get(r.name);
    if (op?.type === 'fc') out.push(tensor(r.name, i, 'weights', [op.inFeatures, op.outFeatures]));
    if (op?.type !== 'conv') return;
    out.push(tensor(r.name, i, 'weights', [op.kernel, op.kernel, op.inChannels, op.outChannels]));
    const matmul = op.kernel === 1 && op.stride === 1 && op.pad === 0;
    const [oh, ow] = r.outShape as [number, number, number];
    if (kind === 'webgl' && !matmul)
      out.push(tensor(r.name, i, 'im2col', [batchSize, op.kernel * op.kernel * op.inChannels, oh * ow]));
  });
  return out;
}

/** A size and its limit in as many decimals as it takes to tell them apart (up to 3). */
function sizes(bytes: number, limit: number): [string, string] {
  let d = 1;
  while (d < 3 && formatBytes(bytes, d) === formatBytes(limit, d)) d++;
  return [formatBytes(bytes, d), formatBytes(limit, d)];
}

/** Why `t` does not fit `limits` ("is 1.2 GB, more than …"), or null when it does. */
function overLimit(t: LayerTensor, limits: BackendLimits): string | null {
  const { maxBufferBytes: buffer, maxStorageBindingBytes: binding, maxTextureSize: edge } = limits;
  const plural = t.role === 'weights';
  if (limits.kind === 'webgl' && edge !== undefined) {
    const { width, height } = textureSize(t.shape, t.role === 'im2col', edge);
    return width > edge || height > edge
      ? `${plural ? 'need' : 'needs'} a ${width}×${height} texture, more than this GPU's largest (${edge}×${edge}, MAX_TEXTURE_SIZE)`
      : null;
  }
  const over = (limit: number, words: string, flag?: string) => {
    const [a, b] = sizes(t.bytes, limit);
    return `${plural ? 'are' : 'is'} ${a}, more than ${words} (${flag ? `${b}, ${flag}` : b})`;
  };
  if (limits.kind === 'wasm')
    return buffer !== undefined && t.bytes > buffer ? over(buffer, 'the wasm heap can ever hold') : null;
  if (limits.kind !== 'webgpu') return null;
  // Both bounds hold; the smaller is the one to name.
  if (binding !== undefined && t.bytes > binding && (buffer === undefined || binding <= buffer))
    return over(binding, 'the largest storage buffer this GPU binds', 'maxStorageBufferBindingSize');
  if (buffer !== undefined && t.bytes > buffer)
    return over(buffer, "this GPU's largest buffer", 'maxBufferSize');
  return null;
}

function describe(t: LayerTensor, batchWords: string): string {
  const shape = t.shape.join('×');
  if (t.row === null) return `the input ${batchWords} (${shape})`;
  if (t.role === 'weights') return `${t.layer}: its weights (${shape})`;
  if (t.role === 'im2col')
    return `${t.layer}: the im2col matrix WebGL builds for it ${batchWords} (${shape})`;
  return `${t.layer}: its output ${batchWords} (${shape})`;
}

/**
 * The first layer (in layer-table order) with a tensor over `limits` at `batchSize`, and of
 * its tensors that do not fit, the largest; null when every tensor fits. `batchWords` says
 * which batch in the message ("at batch 256" by default).
 */
export function firstTooLarge(
  spec: NetSpec,
  batchSize: number,
  limits: BackendLimits,
  batchWords = `at batch ${batchSize}`,
): TooLarge | null {
  let found: { t: LayerTensor; why: string } | null = null;
  for (const t of layerTensors(spec, batchSize, limits.kind)) {
    if (found && t.layer !== found.t.layer) break;
    const why = overLimit(t, limits);
    if (why && (!found || t.bytes > found.t.bytes)) found = { t, why };
  }
  if (!found) return null;
  const { t, why } = found;
  return {
    tensor: t,
    message: `${describe(t, batchWords)} ${why}`,
    hint: t.role === 'weights' ? 'try a narrower net' : 'try a smaller batch or a narrower net',
  };
}
