#!/usr/bin/env python3
"""PyTorch reference benchmark for ResLab's training step (stdlib + torch only).

Run with Debian's interpreter, which has torch:  /usr/bin/python3 scripts/bench_torch.py

Reads ONE JSON object on stdin:
  {"threads": <int or null>,
   "kernels": [...] (optional, see below),
   "cases": [{"id": str, "spec": <NetSpec JSON as src/core produces it>, "batch": int,
              "warmup": int, "steps": int, "optimizer": "sgd"|"adam", "lr": float,
              "probe": bool,
              "momentum": float (optional, SGD only, default 0.9),
              "weightDecay": float (optional, default 1e-4 for SGD, 0 for Adam)}]}
and prints exactly one JSON object on stdout:
  {"torch": "<version>", "threads": n,
   "results": [{"id": str, "msPerStep": median ms of the timed steps,
                "msPerStepAll": [ms of each timed step], "params": parameter count}]}
"cases" may be omitted when "kernels" is given. "kernels" times single ops on random data:
  [{"id": str, "op": "conv"|"inputGrad"|"filterGrad"|"bnFused"|"bnUnfused",
    "shape": [N, H, W, C] (our NHWC sizes; the tensors are NCHW), "out": O, "kernel": k,
    "stride": s, "pad": p, "warmup": int, "steps": int}]
a conv forward, its input gradient or its filter gradient (ATen's convolution_backward),
or batch norm forward + backward in training mode on the conv's output shape (F.batch_norm,
or the same from mean/var/rsqrt ops); the reply then has "kernels":
  [{"id": str, "msPerCall": median ms, "msAll": [ms of each timed call]}].
Any error: one line on stderr, exit 2.   `--selftest`: builds every kind of net, prints OK.

The network is built from a port of src/core/graph.ts (same ops, same order, same shortcut
rules), so its parameter count equals `npm run arch -- <name> --json`'s. Tensors are NCHW
(PyTorch's layout) where our tfjs engine is NHWC; the arithmetic is the same.

One timed step mirrors src/engine/tfjsTrainer.ts: zero_grad, forward on a fixed random batch
(training mode: batch-statistics BN that also updates the running averages, momentum 0.1,
eps 1e-5), softmax cross-entropy, backward, optimizer step, then ONE readback of a stacked
tensor: [loss, misclassified count] and, when "probe" is true, also the L2 norm of every
parameter's gradient, the norm of every weight tensor, and every block's std(F(x)) and
‖F(x)‖/‖x‖ (the same values, in the same order, as src/engine/probes.ts unpacks).
"""
import json
import statistics
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

BN_MOMENTUM = 0.1  # PyTorch notation: running = 0.9·running + 0.1·batch
BN_EPS = 1e-5


class BenchError(Exception):
    pass


# --------------------------------------------------------------------------------------
# Layer graph: a port of src/core/graph.ts. Ops are dicts; a block is
#   x' = pre(x);  y = post(branch(x') + shortcut(x or x'))
# --------------------------------------------------------------------------------------


def _conv(name, kernel, stride, cin, cout, bias):
    return {'type': 'conv', 'name': name, 'kernel': kernel, 'stride': stride, 'pad': kernel // 2,
            'in': cin, 'out': cout, 'bias': bias}


def _fc(name, _kernel, _stride, cin, cout, bias):
    return {'type': 'fc', 'name': name, 'in': cin, 'out': cout, 'bias': bias}


def _bn(name, channels):
    return {'type': 'bn', 'name': name, 'channels': channels}


def _relu(name):
    return {'type': 'relu', 'name': name}


def _block(kit, spec, name, cin, cout, stride):
    bn = spec['batchNorm']
    pre = spec['activation'] == 'pre'
    if spec['block'] == 'basic':
        layers = [(3, stride, cin, cout), (3, 1, cout, cout)]
    else:
        inner = cout // spec['expansion']
        v15 = spec['kind'] == 'conv' and spec.get('variant') == 'v1.5'
        layers = [(1, 1 if v15 else stride, cin, inner), (3, stride if v15 else 1, inner, inner),
                  (1, 1, inner, cout)]
    branch, pre_ops = [], []
    for i, (k, s, li, lo) in enumerate(layers):
        n = i + 1
        if pre:
            # BN-ReLU before each weight layer; the first pair is shared with a projection.
            target = pre_ops if i == 0 else branch
            if bn:
                target.append(_bn(f'{name}.bn{n}', li))
            target.append(_relu(f'{name}.relu{n}'))
            branch.append(kit(f'{name}.conv{n}', k, s, li, lo, not bn))
        else:
            branch.append(kit(f'{name}.conv{n}', k, s, li, lo, not bn))
            if bn:
                branch.append(_bn(f'{name}.bn{n}', lo))
            if i < len(layers) - 1:
                branch.append(_relu(f'{name}.relu{n}'))
    post = [] if pre else [_relu(f'{name}.relu{len(layers)}')]

    changes = cin != cout or stride != 1
    opt = spec['shortcut']
    if opt == 'none':
        shortcut = {'type': 'none'}
    elif opt == 'A':
        if not changes:
            shortcut = {'type': 'identity'}
        else:
            if cout < cin:
                raise BenchError(f'{name}: option A cannot shrink {cin} to {cout} channels')
            shortcut = {'type': 'padded', 'stride': stride, 'extra': cout - cin}
    elif opt in ('B', 'C'):
        if opt == 'C' or changes:
            ops = [kit(f'{name}.shortcut.conv', 1, stride, cin, cout, not bn)]
            # In the pre-activation order the projection reads the already normalised x'.
            if bn and not pre:
                ops.append(_bn(f'{name}.shortcut.bn', cout))
            shortcut = {'type': 'projection', 'ops': ops}
        else:
            shortcut = {'type': 'identity'}
    else:
        raise BenchError(f'shortcut must be one of none, A, B, C (got {opt!r})')
    return {'type': 'block', 'name': name, 'pre': pre_ops, 'branch': branch, 'shortcut': shortcut,
            'post': post}


def _stages_to_blocks(kit, spec, stem_out):
    nodes = []
    cin = stem_out
    for s, stage in enumerate(spec['stages']):
        for b in range(stage['blocks']):
            stride = stage.get('stride', 1) if b == 0 and spec['kind'] == 'conv' else 1
            nodes.append(_block(kit, spec, f'stage{s + 1}.block{b + 1}', cin, stage['width'], stride))
            cin = stage['width']
    return nodes


def _final_activation(spec, channels):
    if spec['activation'] != 'pre':
        return []
    return ([_bn('final.bn', channels)] if spec['batchNorm'] else []) + [_relu('final.relu')]


def _last_width(spec, stem_out):
    return spec['stages'][-1]['width'] if spec['stages'] else stem_out


def _conv_graph(spec):
    bn = spec['batchNorm']
    w = spec['stem']['width']
    c = spec['input']['channels']
    imagenet = spec['stem']['kind'] == 'imagenet'
    if spec['stem']['kind'] not in ('imagenet', 'cifar'):
        raise BenchError(f"stem.kind must be imagenet or cifar (got {spec['stem']['kind']!r})")
    stem = [_conv('stem.conv', 7, 2, c, w, not bn) if imagenet else _conv('stem.conv', 3, 1, c, w, not bn)]
    if imagenet or spec['activation'] == 'post':
        if bn:
            stem.append(_bn('stem.bn', w))
        stem.append(_relu('stem.relu'))
    if imagenet:
        stem.append({'type': 'maxpool', 'name': 'stem.pool', 'kernel': 3, 'stride': 2, 'pad': 1})
    out = _last_width(spec, w)
    return (stem + _stages_to_blocks(_conv, spec, w) + _final_activation(spec, out)
            + [{'type': 'gap', 'name': 'head.pool'},
               _fc('head.fc', 1, 1, out, spec['classes'], True)])


def _mlp_graph(spec):
    bn = spec['batchNorm']
    w = spec['stages'][0]['width'] if spec['stages'] else spec['classes']
    stem = [_fc('stem.fc', 1, 1, spec['inputSize'], w, not bn)]
    if spec['activation'] == 'post':
        if bn:
            stem.append(_bn('stem.bn', w))
        stem.append(_relu('stem.relu'))
    out = _last_width(spec, w)
    return (stem + _stages_to_blocks(_fc, spec, w) + _final_activation(spec, out)
            + [_fc('head.fc', 1, 1, out, spec['classes'], True)])


def _vgg_graph(spec):
    nodes = []
    cin = spec['input']['channels']
    for s, stage in enumerate(spec['stages']):
        for i in range(stage['convs']):
            nodes.append(_conv(f'stage{s + 1}.conv{i + 1}', 3, 1, cin, stage['width'], not spec['batchNorm']))
            if spec['batchNorm']:
                nodes.append(_bn(f'stage{s + 1}.bn{i + 1}', stage['width']))
            nodes.append(_relu(f'stage{s + 1}.relu{i + 1}'))
            cin = stage['width']
        nodes.append({'type': 'maxpool', 'name': f'stage{s + 1}.pool', 'kernel': 2, 'stride': 2, 'pad': 0})
    nodes.append({'type': 'flatten', 'name': 'head.flatten'})
    pools = len(spec['stages'])
    features = (spec['input']['height'] // 2 ** pools) * (spec['input']['width'] // 2 ** pools) * cin
    hidden = spec.get('hidden', [])
    for i, h in enumerate(hidden):
        nodes.append(_fc(f'head.fc{i + 1}', 1, 1, features, h, True))
        nodes.append(_relu(f'head.relu{i + 1}'))
        features = h
    nodes.append(_fc(f'head.fc{len(hidden) + 1}', 1, 1, features, spec['classes'], True))
    return nodes


def build_graph(spec):
    if not isinstance(spec, dict):
        raise BenchError('spec must be a JSON object')
    kind = spec.get('kind')
    try:
        if kind == 'conv':
            _check_enums(spec)
            return _conv_graph(spec)
        if kind == 'mlp':
            _check_enums(spec)
            return _mlp_graph(spec)
        if kind == 'vgg':
            return _vgg_graph(spec)
    except (KeyError, TypeError, IndexError) as e:
        raise BenchError(f'spec of kind {kind}: missing or malformed field ({type(e).__name__}: {e})') from e
    raise BenchError(f'spec.kind must be one of mlp, conv, vgg (got {kind!r})')


def _check_enums(spec):
    for field, allowed in (('block', ('basic', 'bottleneck')), ('activation', ('post', 'pre')),
                           ('shortcut', ('none', 'A', 'B', 'C'))):
        if spec[field] not in allowed:
            raise BenchError(f'spec.{field} must be one of {", ".join(allowed)} (got {spec[field]!r})')
    if not isinstance(spec['batchNorm'], bool):
        raise BenchError('spec.batchNorm must be true or false')
    if spec['block'] == 'bottleneck':
        for st in spec['stages']:
            if st['width'] % spec['expansion']:
                raise BenchError(f"stage width {st['width']} is not divisible by expansion {spec['expansion']}")


# --------------------------------------------------------------------------------------
# Modules
# --------------------------------------------------------------------------------------


class GlobalAvgPool(nn.Module):
    def forward(self, x):
        return x.mean((2, 3))


def _op_module(op, dims, fresh):
    """`fresh`: the op's input is a tensor nothing else reads, so a ReLU may work in place."""
    t = op['type']
    if t == 'conv':
        m = nn.Conv2d(op['in'], op['out'], op['kernel'], op['stride'], op['pad'], bias=op['bias'])
        nn.init.kaiming_normal_(m.weight, mode='fan_in', nonlinearity='relu')
        if m.bias is not None:
            nn.init.zeros_(m.bias)
        return m
    if t == 'fc':
        m = nn.Linear(op['in'], op['out'], bias=op['bias'])
        # N(0, 2/fan_in); Net re-initialises the classifier (no ReLU after it) to N(0, 1/fan_in).
        nn.init.kaiming_normal_(m.weight, mode='fan_in', nonlinearity='relu')
        if m.bias is not None:
            nn.init.zeros_(m.bias)
        return m
    if t == 'bn':
        cls = nn.BatchNorm1d if dims == 1 else nn.BatchNorm2d
        return cls(op['channels'], eps=BN_EPS, momentum=BN_MOMENTUM)
    if t == 'relu':
        return nn.ReLU(inplace=fresh)
    if t == 'maxpool':
        return nn.MaxPool2d(op['kernel'], op['stride'], op['pad'])
    if t == 'gap':
        return GlobalAvgPool()
    if t == 'flatten':
        return nn.Flatten()
    raise BenchError(f'unknown op type {t!r}')


def _seq(ops, dims, first_fresh):
    mods = []
    for i, op in enumerate(ops):
        fresh = first_fresh if i == 0 else ops[i - 1]['type'] in ('conv', 'fc', 'bn')
        mods.append(_op_module(op, dims, fresh))
    return nn.Sequential(*mods)


class Block(nn.Module):
    def __init__(self, node, dims):
        super().__init__()
        self.block_name = node['name']
        # The block input x is also read by an identity/padded shortcut: never ReLU it in place.
        self.pre = _seq(node['pre'], dims, False)
        self.branch = _seq(node['branch'], dims, False)  # starts with a weight layer
        sc = node['shortcut']
        self.kind = sc['type']
        self.stride = sc.get('stride', 1)
        self.extra = sc.get('extra', 0)
        self.proj = _seq(sc['ops'], dims, False) if self.kind == 'projection' else None
        # y = F + shortcut is a fresh tensor; in a plain block y is the branch's last output.
        self.post = _seq(node['post'], dims, True)
        self.probes = None  # a list to append (std, ratio) to, when probing

    def _padded(self, x):
        t = x
        if self.stride > 1 and t.dim() == 4:
            t = t[:, :, ::self.stride, ::self.stride]
        if self.extra > 0:
            t = F.pad(t, (0, 0, 0, 0, 0, self.extra) if t.dim() == 4 else (0, self.extra))
        return t

    def forward(self, x):
        xp = self.pre(x)
        f = self.branch(xp)
        if self.kind == 'identity':
            s = x
        elif self.kind == 'padded':
            s = self._padded(x)
        elif self.kind == 'projection':
            s = self.proj(xp)
        else:
            s = None
        if self.probes is not None:
            with torch.no_grad():
                fd = f.detach()
                std = fd.var(unbiased=False).sqrt()
                ratio = fd.norm() / torch.clamp((x if s is None else s).detach().norm(), min=1e-12)
                self.probes.append((std, ratio))
        y = f if s is None else f + s
        return self.post(y)


class Net(nn.Module):
    def __init__(self, spec):
        super().__init__()
        nodes = build_graph(spec)
        dims = 1 if spec['kind'] == 'mlp' else 2
        layers = []
        prev = None
        for node in nodes:
            if node['type'] == 'block':
                layers.append(Block(node, dims))
            else:
                # The network input is never ReLU'd in place; after a block, its output is fresh.
                fresh = prev is not None and (prev['type'] in ('conv', 'fc', 'bn', 'block'))
                layers.append(_op_module(node, dims, fresh))
            prev = node
        self.layers = nn.Sequential(*layers)
        self.blocks = [m for m in self.layers if isinstance(m, Block)]
        # Weight tensors (role 'weight' in src/engine/init.ts): conv and fc kernels.
        self.weights = [m.weight for m in self.modules() if isinstance(m, (nn.Conv2d, nn.Linear))]
        nn.init.kaiming_normal_(self.weights[-1], mode='fan_in', nonlinearity='linear')

    def set_probing(self, on):
        for b in self.blocks:
            b.probes = [] if on else None

    def forward(self, x):
        return self.layers(x)


def count_params(model):
    return sum(p.numel() for p in model.parameters())


def input_shape(spec, batch):
    if spec['kind'] == 'mlp':
        return (batch, spec['inputSize'])
    i = spec['input']
    return (batch, i['channels'], i['height'], i['width'])


# --------------------------------------------------------------------------------------
# Benchmark
# --------------------------------------------------------------------------------------


def _int(case, key, lo):
    v = case.get(key)
    if not isinstance(v, int) or isinstance(v, bool) or v < lo:
        raise BenchError(f'case {case.get("id")!r}: {key} must be an integer >= {lo} (got {v!r})')
    return v


def _num(case, key, default=None):
    v = case.get(key, default)
    if not isinstance(v, (int, float)) or isinstance(v, bool) or v != v or v < 0:
        raise BenchError(f'case {case.get("id")!r}: {key} must be a non-negative number (got {v!r})')
    return float(v)


def parse_case(case):
    """Check one case (and build its graph) before anything is timed; returns it normalised."""
    if not isinstance(case, dict):
        raise BenchError('each case must be a JSON object')
    cid = case.get('id')
    if not isinstance(cid, str):
        raise BenchError(f'case id must be a string (got {cid!r})')
    probe = case.get('probe', False)
    if not isinstance(probe, bool):
        raise BenchError(f'case {cid!r}: probe must be true or false')
    opt_name = case.get('optimizer')
    if opt_name not in ('sgd', 'adam'):
        raise BenchError(f'case {cid!r}: optimizer must be sgd or adam (got {opt_name!r})')
    spec = case.get('spec')
    try:
        build_graph(spec)
    except BenchError as e:
        raise BenchError(f'case {cid!r}: {e}') from e
    sgd = opt_name == 'sgd'
    return {'id': cid, 'spec': spec, 'batch': _int(case, 'batch', 1), 'warmup': _int(case, 'warmup', 0),
            'steps': _int(case, 'steps', 1), 'optimizer': opt_name, 'lr': _num(case, 'lr'), 'probe': probe,
            'momentum': _num(case, 'momentum', 0.9 if sgd else 0.0),
            'weightDecay': _num(case, 'weightDecay', 1e-4 if sgd else 0.0)}


def run_case(case, seed=1):
    c = parse_case(case)
    cid, spec, batch, warmup, steps = c['id'], c['spec'], c['batch'], c['warmup'], c['steps']
    probe, opt_name, lr = c['probe'], c['optimizer'], c['lr']

    torch.manual_seed(seed)
    model = Net(spec)
    model.train()
    params = list(model.parameters())
    if opt_name == 'sgd':
        opt = torch.optim.SGD(params, lr=lr, momentum=c['momentum'], weight_decay=c['weightDecay'])
    else:
        opt = torch.optim.Adam(params, lr=lr, betas=(0.9, 0.999), eps=1e-8, weight_decay=c['weightDecay'])
    x = torch.randn(*input_shape(spec, batch))
    y = torch.randint(0, spec['classes'], (batch,))
    model.set_probing(probe)

    def step():
        opt.zero_grad(set_to_none=True)
        if probe:
            for b in model.blocks:
                b.probes.clear()
        logits = model(x)
        loss = F.cross_entropy(logits, y)
        loss.backward()
        opt.step()
        with torch.no_grad():
            wrong = (logits.detach().argmax(1) != y).sum().to(loss.dtype)
            scalars = [loss.detach(), wrong]
            if probe:
                scalars += [p.grad.norm() for p in params]
                scalars += [w.norm() for w in model.weights]
                scalars += [b.probes[0][0] for b in model.blocks] + [b.probes[0][1] for b in model.blocks]
            values = torch.stack(scalars).tolist()  # the one readback
        if values[0] != values[0] or abs(values[0]) == float('inf'):
            raise BenchError(f'case {cid!r}: the loss diverged ({values[0]}); lower the learning rate')
        return values

    for _ in range(warmup):
        step()
    times = []
    for _ in range(steps):
        t0 = time.perf_counter()
        step()
        times.append((time.perf_counter() - t0) * 1000.0)
    return {'id': cid, 'msPerStep': statistics.median(times), 'msPerStepAll': times,
            'params': count_params(model)}


KERNEL_OPS = ('conv', 'inputGrad', 'filterGrad', 'bnFused', 'bnUnfused')


def parse_kernel(k):
    if not isinstance(k, dict):
        raise BenchError('each kernel must be a JSON object')
    kid = k.get('id')
    if not isinstance(kid, str):
        raise BenchError(f'kernel id must be a string (got {kid!r})')
    if k.get('op') not in KERNEL_OPS:
        raise BenchError(f'kernel {kid!r}: op must be one of {", ".join(KERNEL_OPS)} (got {k.get("op")!r})')
    shape = k.get('shape')
    if not (isinstance(shape, list) and len(shape) == 4
            and all(isinstance(d, int) and not isinstance(d, bool) and d >= 1 for d in shape)):
        raise BenchError(f'kernel {kid!r}: shape must be [N, H, W, C] of positive integers (got {shape!r})')
    out = {'id': kid, 'op': k['op'], 'shape': shape}
    for key, lo in (('out', 1), ('kernel', 1), ('stride', 1), ('pad', 0), ('warmup', 0), ('steps', 1)):
        out[key] = _int(k, key, lo)
    for d in shape[1:3]:
        if d + 2 * out['pad'] < out['kernel']:
            raise BenchError(f'kernel {kid!r}: a {out["kernel"]}x{out["kernel"]} kernel does not fit {shape}')
    return out


def _kernel_call(k):
    n, h, w, c = k['shape']
    o, ks, s, p = k['out'], k['kernel'], k['stride'], k['pad']
    torch.manual_seed(1)
    x = torch.randn(n, c, h, w)
    weight = torch.randn(o, c, ks, ks) * 0.1
    dy = torch.randn(n, o, (h + 2 * p - ks) // s + 1, (w + 2 * p - ks) // s + 1)
    op = k['op']
    if op == 'conv':
        return lambda: F.conv2d(x, weight, None, s, p)
    if op == 'inputGrad':
        return lambda: torch.nn.grad.conv2d_input(x.shape, weight, dy, s, p)
    if op == 'filterGrad':
        return lambda: torch.nn.grad.conv2d_weight(x, weight.shape, dy, s, p)
    xb = dy.clone().requires_grad_(True)
    gamma = torch.ones(o, requires_grad=True)
    beta = torch.zeros(o, requires_grad=True)
    r = torch.randn_like(dy)

    def fused():
        y = F.batch_norm(xb, None, None, gamma, beta, True, BN_MOMENTUM, BN_EPS)
        return torch.autograd.grad(y, (xb, gamma, beta), r)

    def unfused():
        mean = xb.mean((0, 2, 3), keepdim=True)
        var = ((xb - mean) ** 2).mean((0, 2, 3), keepdim=True)
        y = (xb - mean) * torch.rsqrt(var + BN_EPS) * gamma.view(1, -1, 1, 1) + beta.view(1, -1, 1, 1)
        return torch.autograd.grad(y, (xb, gamma, beta), r)

    return fused if op == 'bnFused' else unfused


def run_kernel(kernel):
    k = parse_kernel(kernel)
    call = _kernel_call(k)
    with torch.set_grad_enabled(k['op'].startswith('bn')):
        for _ in range(k['warmup']):
            call()
        times = []
        for _ in range(k['steps']):
            t0 = time.perf_counter()
            call()
            times.append((time.perf_counter() - t0) * 1000.0)
    return {'id': k['id'], 'msPerCall': statistics.median(times), 'msAll': times}


def bench(request):
    if not isinstance(request, dict):
        raise BenchError('input must be one JSON object {"threads": ..., "cases": [...]}')
    threads = request.get('threads')
    if threads is not None:
        if not isinstance(threads, int) or isinstance(threads, bool) or threads < 1:
            raise BenchError(f'threads must be a positive integer or null (got {threads!r})')
        torch.set_num_threads(threads)
    kernels = request.get('kernels')
    if kernels is not None and (not isinstance(kernels, list) or not kernels):
        raise BenchError('kernels must be a non-empty list when given')
    cases = request.get('cases', [])
    if not isinstance(cases, list) or not (cases or kernels):
        raise BenchError('cases must be a non-empty list')
    for c in cases:
        parse_case(c)  # refuse a bad case before timing any
    for k in kernels or []:
        parse_kernel(k)
    out = {'torch': torch.__version__, 'threads': torch.get_num_threads(),
           'results': [run_case(c) for c in cases]}
    if kernels:
        out['kernels'] = [run_kernel(k) for k in kernels]
    return out


# --------------------------------------------------------------------------------------
# Self-test
# --------------------------------------------------------------------------------------


def _mlp_spec(depth, width, **o):
    block = o.get('block', 'basic')
    per = 2 if block == 'basic' else 3
    return {'kind': 'mlp', 'inputSize': o.get('inputSize', 2),
            'stages': [{'blocks': (depth - 2) // per, 'width': width, 'stride': 1}],
            'block': block, 'expansion': 4 if block == 'bottleneck' else 1,
            'shortcut': o.get('shortcut', 'A'), 'batchNorm': o.get('batchNorm', True),
            'activation': o.get('activation', 'post'), 'classes': o.get('classes', 2)}


def _cifar_spec(depth, **o):
    block = o.get('block', 'basic')
    per = 6 if block == 'basic' else 9
    n = (depth - 2) // per
    base = o.get('width', 16)
    e = 4 if block == 'bottleneck' else 1
    size = o.get('input', 32)
    return {'kind': 'conv', 'input': {'height': size, 'width': size, 'channels': o.get('channels', 3)},
            'stem': {'kind': 'cifar', 'width': base},
            'stages': [{'blocks': n, 'width': base * 2 ** i * e, 'stride': 1 if i == 0 else 2} for i in range(3)],
            'block': block, 'expansion': e, 'variant': 'v1', 'shortcut': o.get('shortcut', 'A'),
            'batchNorm': o.get('batchNorm', True), 'activation': o.get('activation', 'post'),
            'classes': o.get('classes', 10)}


def _imagenet_spec(blocks, block, **o):
    base = o.get('width', 64)
    e = 4 if block == 'bottleneck' else 1
    size = o.get('input', 224)
    return {'kind': 'conv', 'input': {'height': size, 'width': size, 'channels': 3},
            'stem': {'kind': 'imagenet', 'width': base},
            'stages': [{'blocks': b, 'width': base * 2 ** i * e, 'stride': 1 if i == 0 else 2}
                       for i, b in enumerate(blocks)],
            'block': block, 'expansion': e, 'variant': o.get('variant', 'v1'),
            'shortcut': o.get('shortcut', 'B'), 'batchNorm': o.get('batchNorm', True),
            'activation': o.get('activation', 'post'), 'classes': o.get('classes', 1000)}


def selftest():
    # Well-known parameter counts pin the structure down: the paper's CIFAR ResNet-20 is
    # 0.27M (269,722 with option A, 272,474 with option B); torchvision's resnet18 and
    # resnet50 are 11,689,512 and 25,557,032.
    known = [(_cifar_spec(20), 269_722), (_cifar_spec(20, shortcut='B'), 272_474),
             (_imagenet_spec([2, 2, 2, 2], 'basic'), 11_689_512),
             (_imagenet_spec([3, 4, 6, 3], 'bottleneck'), 25_557_032)]
    for spec, want in known:
        got = count_params(Net(spec))
        if got != want:
            raise BenchError(f'selftest: {spec["stages"]} has {got} parameters, expected {want}')
    tiny = [
        _mlp_spec(8, 8),
        _mlp_spec(8, 8, shortcut='none', batchNorm=False),
        _mlp_spec(11, 8, block='bottleneck', shortcut='C', activation='pre'),
        _mlp_spec(8, 8, shortcut='B', activation='pre', batchNorm=False),
        _cifar_spec(8, input=9, channels=1, width=4),
        _cifar_spec(8, input=8, width=4, shortcut='none', activation='pre'),
        _cifar_spec(11, input=8, width=2, block='bottleneck', shortcut='B', activation='pre'),
        _cifar_spec(8, input=8, width=4, shortcut='C', batchNorm=False),
        _imagenet_spec([1, 1], 'bottleneck', width=4, input=32, classes=5, variant='v1.5'),
        _imagenet_spec([1, 1], 'basic', width=4, input=33, classes=5, shortcut='A', activation='pre'),
        {'kind': 'vgg', 'input': {'height': 16, 'width': 16, 'channels': 3},
         'stages': [{'convs': 1, 'width': 4}, {'convs': 2, 'width': 8}], 'hidden': [16],
         'batchNorm': True, 'classes': 3},
    ]
    for i, spec in enumerate(tiny):
        for optimizer, probe in (('sgd', True), ('adam', False)):
            r = run_case({'id': f't{i}', 'spec': spec, 'batch': 3, 'warmup': 1, 'steps': 2,
                          'optimizer': optimizer, 'lr': 0.01, 'probe': probe})
            if not (r['msPerStep'] > 0 and len(r['msPerStepAll']) == 2 and r['params'] > 0):
                raise BenchError(f'selftest: bad result {r}')
    print('OK')


def main(argv):
    try:
        if argv == ['--selftest']:
            selftest()
            return 0
        if argv:
            raise BenchError(f'unknown arguments {" ".join(argv)!r}; usage: bench_torch.py [--selftest] < request.json')
        try:
            request = json.loads(sys.stdin.read())
        except ValueError as e:
            raise BenchError(f'stdin is not valid JSON: {e}') from e
        out = bench(request)
    except Exception as e:  # noqa: BLE001 — every failure is one line and exit 2
        msg = f'{type(e).__name__}: {e}' if not isinstance(e, BenchError) else str(e)
        sys.stderr.write('bench_torch: ' + ' '.join(msg.split()) + '\n')
        return 2
    sys.stdout.write(json.dumps(out) + '\n')
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
