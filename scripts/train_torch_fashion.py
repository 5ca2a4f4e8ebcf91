#!/usr/bin/env python3
"""PyTorch reference for the degradation-fashion preset, on the same data (stdlib + torch).

Run with Debian's interpreter, which has torch:
  /usr/bin/python3 scripts/train_torch_fashion.py [--runs plain-8,resnet-56] [--seeds 1,2,3]
      [--steps 300] [--batch 64] [--lr 0.1] [--momentum 0.9] [--wd 1e-4] [--width 8]
      [--window 50] [--threads 1] [--curves] [--replay FILE] [--float64]

Trains the nets of src/core/presets.ts's degradation-fashion (CIFAR-style 6n+2 layers, base
width 8, option A shortcuts or none; or, with --runs basic-20,bottleneck-29 --width 16
--steps 200, blocks-basic-vs-bottleneck's), built by scripts/bench_torch.py's port of
src/core/graph.ts, on the shipped Fashion-MNIST subset (public/data/fashion-mnist: 10,000
train, 2,000 test), standardised per channel with the training set's mean and population std
as src/data/normalize.ts does, no augmentation, SGD with momentum and weight decay on every
parameter (as src/engine/optimizer.ts), batch norm momentum 0.1 / eps 1e-5.

Prints one JSON object per run and seed:
  {"run", "seed", "lastWindowErr": mean minibatch error over the last --window steps,
   "fullTrainErr", "testErr": eval-mode error on the whole splits after the last step,
   "minibatchErr": [per step] and "loss": [per step] with --curves}

--replay FILE takes {"batches": [[index, ...] per step], "weights": {run: {name: [values]}}}
(weights as ResLab's exportWeights gives them, parameters in graph order, conv kernels
[k, k, Cin, Cout], fc [in, out]): every run starts from those weights and sees those
minibatches, so a trajectory can be compared with ResLab's step by step. --float64 trains in
double precision: how far float32 rounding alone moves a trajectory.
"""
import argparse
import gzip
import json
import os
import struct
import sys

import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_torch import Net, _cifar_spec  # noqa: E402

DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'public', 'data', 'fashion-mnist')


def read_idx(name):
    with gzip.open(os.path.join(DATA, name), 'rb') as f:
        raw = f.read()
    magic, = struct.unpack('>I', raw[:4])
    dims = raw[3]
    shape = struct.unpack('>' + 'I' * dims, raw[4:4 + 4 * dims])
    if magic not in (0x00000803, 0x00000801):
        raise ValueError(f'{name}: bad IDX magic {magic:#x}')
    return torch.frombuffer(bytearray(raw[4 + 4 * dims:]), dtype=torch.uint8).reshape(shape)


def load():
    xs = read_idx('train-images-idx3-ubyte.gz').float().unsqueeze(1)
    ys = read_idx('train-labels-idx1-ubyte.gz').long()
    xt = read_idx('t10k-images-idx3-ubyte.gz').float().unsqueeze(1)
    yt = read_idx('t10k-labels-idx1-ubyte.gz').long()
    # One channel: mean and population std over every training pixel (float64 like channelStats).
    mean = xs.double().mean().item()
    std = xs.double().std(unbiased=False).item()
    return (xs - mean) / std, ys, (xt - mean) / std, yt


def spec_for(run, width):
    """plain-D and resnet-D: basic blocks without or with option A shortcuts (degradation-fashion);
    basic-D and bottleneck-D: option A nets of either block (blocks-basic-vs-bottleneck)."""
    kind, depth = run.split('-')
    return _cifar_spec(int(depth), input=28, channels=1, width=width,
                       block='bottleneck' if kind == 'bottleneck' else 'basic',
                       shortcut='none' if kind == 'plain' else 'A')


def load_weights(model, weights):
    """ResLab's exported weights, in graph order, onto the port's parameters (same order)."""
    ours = [(k, v) for k, v in weights.items() if not k.endswith(('.runningMean', '.runningVar'))]
    params = list(model.parameters())
    if len(ours) != len(params):
        raise ValueError(f'{len(ours)} exported tensors for {len(params)} parameters')
    with torch.no_grad():
        for (name, values), p in zip(ours, params):
            t = torch.tensor(values, dtype=torch.float32)
            if p.dim() == 4:  # ours [k, k, Cin, Cout] -> torch [Cout, Cin, k, k]
                k, cin, cout = p.shape[2], p.shape[1], p.shape[0]
                t = t.reshape(k, k, cin, cout).permute(3, 2, 0, 1)
            elif p.dim() == 2:  # ours [in, out] -> torch [out, in]
                t = t.reshape(p.shape[1], p.shape[0]).t()
            if t.numel() != p.numel():
                raise ValueError(f'{name}: {t.numel()} values for a parameter of {p.numel()}')
            p.copy_(t.reshape(p.shape))


def error_of(model, x, y, batch=256):
    model.eval()
    wrong = 0
    with torch.no_grad():
        for i in range(0, len(y), batch):
            wrong += (model(x[i:i + batch]).argmax(1) != y[i:i + batch]).sum().item()
    model.train()
    return wrong / len(y)


def train(run, seed, a, data, replay):
    xs, ys, xt, yt = data
    torch.manual_seed(seed)
    model = Net(spec_for(run, a.width))
    if replay:
        load_weights(model, replay['weights'][run])
    if a.float64:
        model.double()
        xs, xt = xs.double(), xt.double()
    model.train()
    opt = torch.optim.SGD(model.parameters(), lr=a.lr, momentum=a.momentum, weight_decay=a.wd)
    gen = torch.Generator().manual_seed(seed)
    per_epoch = len(ys) // a.batch  # drop the last partial batch, as ResLab's sampler does
    order = None
    errs, losses = [], []
    for step in range(a.steps):
        if replay:
            idx = torch.tensor(replay['batches'][step], dtype=torch.long)
        else:
            if step % per_epoch == 0:
                order = torch.randperm(len(ys), generator=gen)
            j = step % per_epoch
            idx = order[j * a.batch:(j + 1) * a.batch]
        x, y = xs[idx], ys[idx]
        opt.zero_grad(set_to_none=True)
        logits = model(x)
        loss = F.cross_entropy(logits, y)
        loss.backward()
        opt.step()
        losses.append(loss.item())
        errs.append((logits.detach().argmax(1) != y).float().mean().item())
    out = {'run': run, 'seed': seed,
           'lastWindowErr': sum(errs[-a.window:]) / len(errs[-a.window:]),
           'fullTrainErr': error_of(model, xs, ys), 'testErr': error_of(model, xt, yt)}
    if a.curves:
        out.update(minibatchErr=errs, loss=losses)
    return out


def main():
    p = argparse.ArgumentParser()
    p.add_argument('--runs', default='plain-8,resnet-8,plain-20,resnet-20,plain-56,resnet-56')
    p.add_argument('--seeds', default='1')
    p.add_argument('--steps', type=int, default=300)
    p.add_argument('--batch', type=int, default=64)
    p.add_argument('--lr', type=float, default=0.1)
    p.add_argument('--momentum', type=float, default=0.9)
    p.add_argument('--wd', type=float, default=1e-4)
    p.add_argument('--width', type=int, default=8)
    p.add_argument('--window', type=int, default=50)
    p.add_argument('--threads', type=int, default=1)
    p.add_argument('--curves', action='store_true')
    p.add_argument('--replay')
    p.add_argument('--float64', action='store_true')
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    replay = None
    if a.replay:
        with open(a.replay) as f:
            replay = json.load(f)
        a.steps = min(a.steps, len(replay['batches']))
    data = load()
    for seed in [int(s) for s in a.seeds.split(',')]:
        for run in a.runs.split(','):
            print(json.dumps(train(run, seed, a, data, replay)), flush=True)


if __name__ == '__main__':
    main()
