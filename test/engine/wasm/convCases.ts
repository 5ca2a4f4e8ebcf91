import type * as tf from '@tensorflow/tfjs-core';

/** Convolutions whose gradients the wasm kernels must match: strides 1 and 2, every padding form, 1×1 and 3×3, odd sizes. */
type Pad = tf.Conv2DBackpropFilterAttrs['pad'];

export interface ConvCase {
  name: string;
  x: [number, number, number, number];
  kernel: [number, number];
  outChannels: number;
  stride: number;
  pad: Pad;
}

export const CONV_CASES: ConvCase[] = [
  { name: '3×3 stride 1 same', x: [3, 7, 9, 2], kernel: [3, 3], outChannels: 4, stride: 1, pad: 'same' },
  {
    name: '3×3 stride 2 same, odd sizes',
    x: [2, 9, 7, 3],
    kernel: [3, 3],
    outChannels: 5,
    stride: 2,
    pad: 'same',
  },
  {
    name: '3×3 stride 2 same, even sizes (pad only at the far side)',
    x: [2, 8, 8, 3],
    kernel: [3, 3],
    outChannels: 4,
    stride: 2,
    pad: 'same',
  },
  {
    name: '3×3 stride 1 same, 9 in and 10 out channels (runs of 8 and a remainder)',
    x: [2, 5, 6, 9],
    kernel: [3, 3],
    outChannels: 10,
    stride: 1,
    pad: 'same',
  },
  {
    name: '3×3 stride 2, pad 1, 8 → 16 channels (a downsampling layer)',
    x: [3, 8, 8, 8],
    kernel: [3, 3],
    outChannels: 16,
    stride: 2,
    pad: 1,
  },
  {
    name: '3×3 stride 3 same (taps of some phases start past the padding)',
    x: [2, 10, 11, 3],
    kernel: [3, 3],
    outChannels: 2,
    stride: 3,
    pad: 'same',
  },
  { name: '3×3 stride 1 valid', x: [2, 7, 8, 3], kernel: [3, 3], outChannels: 2, stride: 1, pad: 'valid' },
  {
    name: '3×3 stride 2 valid, odd sizes',
    x: [3, 9, 11, 2],
    kernel: [3, 3],
    outChannels: 3,
    stride: 2,
    pad: 'valid',
  },
  { name: '1×1 stride 1', x: [2, 5, 7, 4], kernel: [1, 1], outChannels: 3, stride: 1, pad: 'valid' },
  {
    name: '1×1 stride 2 (a projection shortcut)',
    x: [2, 9, 8, 4],
    kernel: [1, 1],
    outChannels: 6,
    stride: 2,
    pad: 'same',
  },
  {
    name: '3×3 stride 1, pad 1 as a number',
    x: [2, 6, 5, 2],
    kernel: [3, 3],
    outChannels: 3,
    stride: 1,
    pad: 1,
  },
  {
    name: '3×3 stride 2, explicit asymmetric padding',
    x: [2, 9, 8, 3],
    kernel: [3, 3],
    outChannels: 4,
    stride: 2,
    pad: [
      [0, 0],
      [1, 0],
      [2, 1],
      [0, 0],
    ],
  },
  {
    name: '1×3 stride 1 same (non-square)',
    x: [2, 5, 6, 2],
    kernel: [1, 3],
    outChannels: 3,
    stride: 1,
    pad: 'same',
  },
];
