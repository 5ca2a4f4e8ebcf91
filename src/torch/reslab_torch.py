# ---- ResLab's PyTorch runtime (src/torch/reslab_torch.py) ---------------------------------
# Everything below is the same in every exported program; EXPERIMENT (at the end) is what
# differs. Ports of the engine's rules are named after the TypeScript they follow.
import argparse
import base64
import gzip
import json
import math
import os
import platform
import socket
import struct
import sys
import time
from datetime import datetime, timezone

LOG_FORMAT = 'reslab-log/1'
BN_MOMENTUM = 0.1  # running = 0.9·running + 0.1·batch (src/engine/bnConstants.ts)
BN_EPS = 1e-5
EVAL_SAMPLE = 1000  # src/engine/session.ts
EVAL_BATCH = 256
HOLDOUT = 1 / 6  # src/engine/datasets.ts: a sixth held out when no test files come
AUGMENT_PAD = 4  # src/data/augment.ts
M32 = 0xFFFFFFFF


class ReslabError(Exception):
    """A problem the user can fix: printed as one line, exit status 2."""


# ---- seeded randomness: src/core/rng.ts (mulberry32, Box–Muller) ------------------------

def _imul(a, b):
    return ((a & M32) * (b & M32)) & M32


def hash_seed(seed, salt=0):
    h = (int(seed) ^ 0x9E3779B9 ^ _imul(salt, 0x85EBCA6B)) & M32
    h = _imul(h ^ (h >> 16), 0x21F0AAAD)
    h = _imul(h ^ (h >> 15), 0x735A2D97)
    return (h ^ (h >> 15)) & M32


SEED_DOMAINS = {'init': 0, 'data': 1, 'augment': 2, 'probe': 3}


def seed_for(domain, seed, index=0):
    code = SEED_DOMAINS[domain]
    low = hash_seed(hash_seed(seed, code + 1) ^ int(index), 0x5EED) & 0x3FFFFFFF
    return ((code << 30) | low) & M32


class Rng:
    """createRng(seed): the engine's stream, draw for draw."""

    def __init__(self, seed):
        self.state = hash_seed(seed)
        self.spare = None

    def next(self):
        self.state = (self.state + 0x6D2B79F5) & M32
        t = self.state
        t = _imul(t ^ (t >> 15), t | 1)
        t = (t ^ ((t + _imul(t ^ (t >> 7), t | 61)) & M32)) & M32
        return (t ^ (t >> 14)) / 4294967296

    def int(self, n):
        return math.floor(self.next() * n)

    def normal(self):
        if self.spare is not None:
            s, self.spare = self.spare, None
            return s
        u1 = 1 - self.next()
        u2 = self.next()
        r = math.sqrt(-2 * math.log(u1))
        self.spare = r * math.sin(2 * math.pi * u2)
        return r * math.cos(2 * math.pi * u2)


def permutation(n, rng):
    """Fisher–Yates of 0..n-1 (rng.ts `permutation`)."""
    p = list(range(n))
    for i in range(n - 1, 0, -1):
        j = rng.int(i + 1)
        p[i], p[j] = p[j], p[i]
    return p


def epoch_order(n, seed, epoch):
    """src/data/batchSampler.ts: epoch e's order depends only on (n, seed, e)."""
    return permutation(n, Rng(hash_seed(seed, epoch + 1)))


def balanced_sample(labels, classes, seed, size):
    """src/engine/balancedSample.ts: classes take turns, each in a seeded order; sorted."""
    n = len(labels)
    if size >= n:
        return list(range(n))
    by_class = [[] for _ in range(max(1, classes))]
    for i in permutation(n, Rng(seed)):
        if labels[i] < len(by_class):
            by_class[labels[i]].append(i)
    out = []
    longest = max(len(c) for c in by_class)
    for k in range(longest):
        for c in by_class:
            if k < len(c) and len(out) < size:
                out.append(c[k])
        if len(out) >= size:
            break
    return sorted(out)


def js_round(x):
    return math.floor(x + 0.5)


def stratified_split(labels, classes, fraction, rng):
    """src/data/split.ts: (train indices, test indices), each in a random order."""
    by_class = [[] for _ in range(classes)]
    for i, y in enumerate(labels):
        if y < classes:
            by_class[y].append(i)
    train, test = [], []
    for members in by_class:
        order = permutation(len(members), rng)
        k_test = js_round(len(members) * fraction)
        for k, j in enumerate(order):
            (test if k < k_test else train).append(members[j])
    shuffle = lambda idx: [idx[j] for j in permutation(len(idx), rng)]  # noqa: E731
    return shuffle(train), shuffle(test)


# ---- the layer graph: src/core/graph.ts, interpreted ------------------------------------

def ops_in_order(nodes):
    """src/engine/init.ts `opsInOrder`: each block's pre, branch, projection, post."""
    out = []
    for n in nodes:
        if n['type'] != 'block':
            out.append(n)
            continue
        sc = n['shortcut']
        out += n['pre'] + n['branch'] + (sc['ops'] if sc['type'] == 'projection' else []) + n['post']
    return out


def param_names(nodes):
    names = []
    for op in ops_in_order(nodes):
        if op['type'] in ('conv', 'fc'):
            names.append(op['name'] + '.weight')
            if op['bias']:
                names.append(op['name'] + '.bias')
        elif op['type'] == 'bn':
            names += [op['name'] + '.gamma', op['name'] + '.beta']
    return names


def initial_values(nodes, seed):
    """src/engine/init.ts: He normal N(0, 2/fan_in), classifier N(0, 1/fan_in), in the
    engine's layouts ([k, k, C_in, C_out] and [in, out]), drawn in its order."""
    rng = Rng(seed)
    ops = ops_in_order(nodes)
    fcs = [op['name'] for op in ops if op['type'] == 'fc']
    classifier = fcs[-1] if fcs else None
    values = {}
    for op in ops:
        if op['type'] == 'conv':
            fan_in = op['kernel'] * op['kernel'] * op['inChannels']
            std = math.sqrt(2 / fan_in)
            count = fan_in * op['outChannels']
            values[op['name'] + '.weight'] = [rng.normal() * std for _ in range(count)]
        elif op['type'] == 'fc':
            gain = 1 if op['name'] == classifier else 2
            std = math.sqrt(gain / op['inFeatures'])
            count = op['inFeatures'] * op['outFeatures']
            values[op['name'] + '.weight'] = [rng.normal() * std for _ in range(count)]
    return values


# ---- data -------------------------------------------------------------------------------

def _read(path):
    with open(path, 'rb') as f:
        raw = f.read()
    return gzip.decompress(raw) if raw[:2] == b'\x1f\x8b' else raw


def read_idx(path):
    """An IDX file: (dims, payload bytes). Only unsigned bytes (type 0x08), as the Lab reads."""
    raw = _read(path)
    if len(raw) < 4 or raw[0] != 0 or raw[1] != 0:
        raise ReslabError(f'{path}: not an IDX file (bad magic number)')
    if raw[2] != 0x08:
        raise ReslabError(f'{path}: IDX element type 0x{raw[2]:02x} is not unsigned bytes (0x08)')
    rank = raw[3]
    dims = list(struct.unpack('>' + 'I' * rank, raw[4:4 + 4 * rank]))
    start = 4 + 4 * rank
    size = math.prod(dims)
    if len(raw) - start != size:
        raise ReslabError(f'{path}: holds {len(raw) - start} bytes of data, its header says {size}')
    return dims, raw[start:]


def _pick(files, test, what):
    is_test = lambda n: any(t in n.lower() for t in ('t10k', 'test'))  # noqa: E731
    is_what = (lambda n: 'idx3' in n.lower() or 'images' in n.lower()) if what == 'images' else \
        (lambda n: 'idx1' in n.lower() or 'labels' in n.lower())
    for f in files:
        if is_test(f) == test and is_what(f):
            return f
    return None


class Split:
    """Images NCHW uint8 (or toy floats) and int labels."""

    def __init__(self, x, y, shape, classes):
        self.x, self.y, self.shape, self.classes = x, y, shape, classes

    @property
    def n(self):
        return len(self.y)


def load_idx_dir(torch, folder, limit=None):
    files = sorted(os.listdir(folder)) if os.path.isdir(folder) else []
    found = {k: _pick(files, t, w) for k, t, w in (
        ('train_images', False, 'images'), ('train_labels', False, 'labels'),
        ('test_images', True, 'images'), ('test_labels', True, 'labels'))}
    if not found['train_images'] or not found['train_labels']:
        raise ReslabError(
            f'--data {folder}: needs train-images-idx3-ubyte(.gz) and train-labels-idx1-ubyte(.gz) '
            f'(found: {", ".join(files) or "nothing"}); or pass --download to fetch Fashion-MNIST with torchvision')

    def split(images, labels):
        dims, pixels = read_idx(os.path.join(folder, images))
        ldims, lab = read_idx(os.path.join(folder, labels))
        if len(dims) != 3 or len(ldims) != 1 or dims[0] != ldims[0]:
            raise ReslabError(f'{images} ({"×".join(map(str, dims))}) and {labels} '
                              f'({"×".join(map(str, ldims))}) do not pair up')
        x = torch.frombuffer(bytearray(pixels), dtype=torch.uint8).reshape(dims[0], 1, dims[1], dims[2])
        return x, list(lab)

    x, y = split(found['train_images'], found['train_labels'])
    classes = max(y) + 1
    if found['test_images'] and found['test_labels']:
        tx, ty = split(found['test_images'], found['test_labels'])
    else:
        tr, te = stratified_split(y, classes, HOLDOUT, Rng(7))
        x, tx, ty, y = x[tr], x[te], [y[i] for i in te], [y[i] for i in tr]
    if limit:
        x, y, tx, ty = x[:limit], y[:limit], tx[:limit], ty[:limit]
    shape = list(x.shape[1:])
    return Split(x, y, shape, classes), Split(tx, ty, shape, classes)


def load_cifar_dir(torch, folder):
    files = sorted(os.listdir(folder)) if os.path.isdir(folder) else []
    train_files = [f for f in files if 'data_batch' in f]
    test_files = [f for f in files if 'test_batch' in f]
    if not train_files:
        raise ReslabError(f'--data {folder}: needs CIFAR-10 binary batches data_batch_1.bin … '
                          f'(found: {", ".join(files) or "nothing"}); or pass --download')

    def read(names):
        xs, ys = [], []
        for name in names:
            raw = _read(os.path.join(folder, name))
            if len(raw) % 3073:
                raise ReslabError(f'{name}: {len(raw)} bytes is not a whole number of 3,073-byte records')
            t = torch.frombuffer(bytearray(raw), dtype=torch.uint8).reshape(-1, 3073)
            ys += t[:, 0].tolist()
            xs.append(t[:, 1:].reshape(-1, 3, 32, 32))
        return torch.cat(xs), ys

    x, y = read(train_files)
    if test_files:
        tx, ty = read(test_files)
    else:
        tr, te = stratified_split(y, 10, HOLDOUT, Rng(7))
        x, tx, ty, y = x[tr], x[te], [y[i] for i in te], [y[i] for i in tr]
    return Split(x, y, [3, 32, 32], 10), Split(tx, ty, [3, 32, 32], 10)


def download(torch, kind, folder):
    try:
        import torchvision.datasets as tvd
    except ImportError:
        raise ReslabError('--download needs torchvision (pip install torchvision); '
                          'or pass --data DIR with the dataset\'s files')
    os.makedirs(folder, exist_ok=True)
    if kind == 'cifar10':
        sets = [tvd.CIFAR10(folder, train=t, download=True) for t in (True, False)]
        conv = lambda d: torch.as_tensor(d.data).permute(0, 3, 1, 2).contiguous()  # noqa: E731
        shape = [3, 32, 32]
    else:
        sets = [tvd.FashionMNIST(folder, train=t, download=True) for t in (True, False)]
        conv = lambda d: d.data.unsqueeze(1).contiguous()  # noqa: E731
        shape = [1, 28, 28]
    (tr, te) = sets
    return (Split(conv(tr), [int(v) for v in tr.targets], shape, 10),
            Split(conv(te), [int(v) for v in te.targets], shape, 10))


def toy_splits(torch, toy):
    def split(part):
        x = torch.frombuffer(bytearray(base64.b64decode(part['x'])), dtype=torch.float32).reshape(-1, 2)
        return list(base64.b64decode(part['y'])), x

    ty, tx = split(toy['train'])
    sy, sx = split(toy['test'])
    return Split(tx, ty, [2], toy['classes']), Split(sx, sy, [2], toy['classes'])


def standardise(torch, train, test):
    """src/data/normalize.ts: x' = (x − μ_c) / σ_c with the training set's per-channel
    statistics, accumulated in float64; a constant channel divides by 1."""
    channels = train.x.shape[1]
    count = train.n * train.x[0, 0].numel()
    mean, scale = [], []
    for c in range(channels):
        s, sq = 0.0, 0.0
        for a in range(0, train.n, 4096):
            s += float(train.x[a:a + 4096, c].double().sum())
        m = s / count
        for a in range(0, train.n, 4096):
            sq += float(((train.x[a:a + 4096, c].double() - m) ** 2).sum())
        sd = math.sqrt(sq / count)
        mean.append(m)
        scale.append(1 / sd if sd > 0 else 1.0)
    m = torch.tensor(mean, dtype=torch.float64).view(1, -1, 1, 1)
    k = torch.tensor(scale, dtype=torch.float64).view(1, -1, 1, 1)
    for split in (train, test):
        split.x = torch.cat([((split.x[a:a + 4096].double() - m) * k).float()
                             for a in range(0, max(split.n, 1), 4096)])


def augment(torch, x, rng):
    """src/data/augment.ts: per image, dy = int(9), dx = int(9), flip = next() < ½; pad 4
    zeros, crop, then flip left–right. x is NCHW, standardised."""
    p = AUGMENT_PAD
    h, w = x.shape[2], x.shape[3]
    padded = torch.nn.functional.pad(x, (p, p, p, p))
    out = torch.empty_like(x)
    for i in range(x.shape[0]):
        dy, dx = rng.int(2 * p + 1), rng.int(2 * p + 1)
        crop = padded[i, :, dy:dy + h, dx:dx + w]
        out[i] = crop.flip(-1) if rng.next() < 0.5 else crop
    return out


# ---- command line ---------------------------------------------------------------------

def parse_args(argv, exp):
    cfg = exp['config']
    doc = (sys.modules['__main__'].__doc__ or '').strip()
    p = argparse.ArgumentParser(description=doc, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('--steps', type=int, default=cfg['steps'], help=f'training steps (default {cfg["steps"]})')
    p.add_argument('--seed', type=int, default=cfg['seed'], help=f'experiment seed (default {cfg["seed"]})')
    p.add_argument('--device', choices=['cpu', 'cuda'], default=None,
                   help='cpu or cuda (default: cuda when available); under torchrun each process '
                        'takes the GPU of its LOCAL_RANK')
    p.add_argument('--data', metavar='DIR', default='data',
                   help='folder with the dataset files (default ./data; ignored for toy data)')
    p.add_argument('--download', action='store_true', help='fetch the dataset with torchvision into --data')
    p.add_argument('--log', metavar='FILE', default=f'{exp["name"]}-log.jsonl',
                   help='JSONL log in ResLab\'s format, to import into the Lab (default %(default)s)')
    p.add_argument('--runs', metavar='IDS', default=None, help='comma-separated run ids to train (default all)')
    p.add_argument('--sync-bn', action='store_true', help='SyncBatchNorm across processes (torchrun)')
    p.add_argument('--sampler', choices=['reslab', 'torch'], default='reslab',
                   help='reslab: the engine\'s minibatches, each split across processes; torch: '
                        'DistributedSampler\'s order (default reslab)')
    p.add_argument('--threads', type=int, default=None, help='torch.set_num_threads')
    p.add_argument('--save', metavar='FILE', default=None, help='torch.save the trained weights of every run')
    p.add_argument('--count-params', action='store_true', help='print each run\'s parameter count as JSON and exit')
    a = p.parse_args(argv)
    if a.steps < 1:
        p.error('--steps must be at least 1')
    if a.runs is not None:
        known = [r['id'] for r in exp['runs']]
        wanted = [r for r in a.runs.split(',') if r]
        bad = [r for r in wanted if r not in known]
        if bad or not wanted:
            p.error(f'--runs: {", ".join(bad) or "nothing"} is not a run of this experiment ({", ".join(known)})')
        a.runs = wanted
    return a


def finite(v):
    """JSON has no NaN or infinity: a non-finite number is written as null."""
    if isinstance(v, float) and not math.isfinite(v):
        return None
    if isinstance(v, dict):
        return {k: finite(x) for k, x in v.items()}
    if isinstance(v, list):
        return [finite(x) for x in v]
    return v


def js_number(v):
    if math.isnan(v):
        return 'NaN'
    if math.isinf(v):
        return 'Infinity' if v > 0 else '-Infinity'
    return repr(v)


# ---- training ---------------------------------------------------------------------------

def run(exp, argv):
    args = parse_args(argv, exp)
    try:
        import torch
        import torch.distributed as dist
        import torch.nn as nn
        import torch.nn.functional as F
    except ImportError:
        raise ReslabError('PyTorch is not installed for this Python (pip install torch, '
                          'or Debian\'s python3-torch)')

    key = lambda op: op['name'].replace('.', '_')  # noqa: E731  (ModuleDict keys have no '.')

    class Net(nn.Module):
        """A NetGraph, op by op, in NCHW (the engine's is NHWC; the arithmetic is the same)."""

        def __init__(self, graph):
            super().__init__()
            self.graph = graph
            self.layers = nn.ModuleDict()
            spatial = any(op['type'] == 'conv' for op in ops_in_order(graph))
            for op in ops_in_order(graph):
                if op['type'] == 'conv':
                    self.layers[key(op)] = nn.Conv2d(op['inChannels'], op['outChannels'], op['kernel'],
                                                     op['stride'], op['pad'], bias=op['bias'])
                elif op['type'] == 'fc':
                    self.layers[key(op)] = nn.Linear(op['inFeatures'], op['outFeatures'], bias=op['bias'])
                elif op['type'] == 'bn':
                    cls = nn.BatchNorm2d if spatial else nn.BatchNorm1d
                    self.layers[key(op)] = cls(op['channels'], eps=BN_EPS, momentum=BN_MOMENTUM)
                elif op['type'] == 'maxpool':
                    self.layers[key(op)] = nn.MaxPool2d(op['kernel'], op['stride'], op['pad'])

        def ordered_params(self):
            """(engine name, parameter) in the engine's order: weight, bias, γ, β."""
            out = []
            for op in ops_in_order(self.graph):
                m = self.layers[key(op)] if key(op) in self.layers else None
                if op['type'] in ('conv', 'fc'):
                    out.append((op['name'] + '.weight', m.weight))
                    if op['bias']:
                        out.append((op['name'] + '.bias', m.bias))
                elif op['type'] == 'bn':
                    out += [(op['name'] + '.gamma', m.weight), (op['name'] + '.beta', m.bias)]
            return out

        def _op(self, op, x):
            t = op['type']
            if t == 'relu':
                return F.relu(x)
            if t == 'gap':
                return x.mean(dim=(2, 3))
            if t == 'flatten':
                return x.permute(0, 2, 3, 1).flatten(1)  # the engine flattens NHWC
            return self.layers[key(op)](x)

        def _seq(self, ops, x):
            for op in ops:
                x = self._op(op, x)
            return x

        def forward(self, x):
            for node in self.graph:
                if node['type'] != 'block':
                    x = self._op(node, x)
                    continue
                xp = self._seq(node['pre'], x)
                y = self._seq(node['branch'], xp)
                sc = node['shortcut']
                if sc['type'] == 'identity':
                    y = y + x
                elif sc['type'] == 'padded':
                    s = x[:, :, ::sc['stride'], ::sc['stride']] if x.dim() == 4 else x
                    pad = (0, 0, 0, 0, 0, sc['extraChannels']) if x.dim() == 4 else (0, sc['extraChannels'])
                    y = y + F.pad(s, pad)
                elif sc['type'] == 'projection':
                    y = y + self._seq(sc['ops'], xp)
                x = self._seq(node['post'], y)
            return x

    def load_initial(net, graph, seed):
        values = initial_values(graph, seed)
        with torch.no_grad():
            for op in ops_in_order(graph):
                if op['type'] == 'conv':
                    k, ci, co = op['kernel'], op['inChannels'], op['outChannels']
                    w = torch.tensor(values[op['name'] + '.weight'], dtype=torch.float32)
                    net.layers[key(op)].weight.copy_(w.view(k, k, ci, co).permute(3, 2, 0, 1))
                elif op['type'] == 'fc':
                    w = torch.tensor(values[op['name'] + '.weight'], dtype=torch.float32)
                    net.layers[key(op)].weight.copy_(w.view(op['inFeatures'], op['outFeatures']).t())
                if op['type'] in ('conv', 'fc') and op['bias']:
                    net.layers[key(op)].bias.zero_()

    runs = [r for r in exp['runs'] if args.runs is None or r['id'] in args.runs]
    if args.count_params:
        print(json.dumps({r['id']: sum(p.numel() for p in Net(r['graph']).parameters()) for r in runs}))
        return

    world = int(os.environ.get('WORLD_SIZE', '1'))
    rank = int(os.environ.get('RANK', '0'))
    local = int(os.environ.get('LOCAL_RANK', '0'))
    want_cuda = args.device == 'cuda' or (args.device is None and torch.cuda.is_available())
    if want_cuda and not torch.cuda.is_available():
        raise ReslabError('--device cuda: PyTorch sees no CUDA device here; use --device cpu')
    device = torch.device(f'cuda:{local}' if want_cuda else 'cpu')
    if want_cuda:
        torch.cuda.set_device(device)
    if args.threads:
        torch.set_num_threads(args.threads)
    if args.sync_bn and not want_cuda:
        raise ReslabError('--sync-bn needs --device cuda: PyTorch\'s SyncBatchNorm runs on GPUs only')
    backend = None
    if world > 1:
        backend = 'nccl' if want_cuda else 'gloo'
        dist.init_process_group(backend=backend)
    cfg = dict(exp['config'], steps=args.steps, seed=args.seed)

    # Data, as the engine builds it (src/engine/datasets.ts, session.ts).
    src = exp['data']
    if src['kind'] == 'toy':
        train, test = toy_splits(torch, exp['toy'])
    elif args.download:
        train, test = download(torch, 'cifar10' if src['kind'] == 'cifar10' else 'fashion', args.data)
    elif src['kind'] == 'cifar10':
        train, test = load_cifar_dir(torch, args.data)
    else:
        train, test = load_idx_dir(torch, args.data, src.get('limit'))
    images = src['kind'] != 'toy'
    want_shape = exp['inputShape']
    have = train.shape[1:] + train.shape[:1] if images else train.shape
    if have != want_shape:
        raise ReslabError(f'the data are {"×".join(map(str, have))} but the nets take '
                          f'{"×".join(map(str, want_shape))}')
    if images:
        standardise(torch, train, test)
    data_label = f'{exp["dataTitle"]} ({train.n} train, {test.n} test)'
    batch = min(cfg['batchSize'], train.n)
    if batch % world:
        raise ReslabError(f'the batch of {batch} does not split evenly across {world} processes')
    local_batch = batch // world
    identity = cfg['task'] == 'identity'
    train_x, test_x = train.x.to(device), test.x.to(device)
    train_y = torch.tensor(train.y, dtype=torch.long, device=device)
    test_y = torch.tensor(test.y, dtype=torch.long, device=device)

    # Every run's net, optimiser and state; a run's init stream is seedFor('init', seed, i).
    class RunState:
        pass

    states = []
    for i, r in enumerate(exp['runs']):
        if r not in runs:
            continue
        s = RunState()
        s.id, s.label = r['id'], r.get('label', r['id'])
        net = Net(r['graph'])
        load_initial(net, r['graph'], seed_for('init', cfg['seed'], i))
        if world > 1 and args.sync_bn:
            net = nn.SyncBatchNorm.convert_sync_batchnorm(net)
        net.to(device)
        s.net = net
        s.names = [n for n, _ in net.ordered_params()]
        s.params = [p for _, p in net.ordered_params()]
        s.model = nn.parallel.DistributedDataParallel(net, device_ids=[local] if want_cuda else None) \
            if world > 1 else net
        if cfg['optimizer'] == 'sgd':
            s.opt = torch.optim.SGD(s.params, lr=cfg['learningRate'], momentum=cfg['momentum'],
                                    weight_decay=cfg['weightDecay'])
        else:
            s.opt = torch.optim.Adam(s.params, lr=cfg['learningRate'], betas=(0.9, 0.999), eps=1e-8,
                                     weight_decay=cfg['weightDecay'])
        s.warm, s.alive = False, True
        states.append(s)

    def lr_at(s, step):
        """src/core/trainConfig.ts `learningRateAt` (step 0-based)."""
        sch = cfg['schedule']
        if sch['kind'] == 'step':
            return cfg['learningRate'] * 0.1 ** len([m for m in sch['milestones'] if step >= m])
        if sch['kind'] == 'warmup':
            return cfg['learningRate'] if s.warm else sch['warmupLr']
        if sch['kind'] == 'cosine':
            return 0.5 * cfg['learningRate'] * (1 + math.cos(math.pi * min(step, cfg['steps']) / cfg['steps']))
        return cfg['learningRate']

    def loss_wrong(logits, x, y):
        if identity:
            flat = x.flatten(1)
            d = ((logits - flat) ** 2).sum() / torch.clamp((flat ** 2).sum(), min=1e-12)
            return F.mse_loss(logits, flat), d * x.shape[0]
        return F.cross_entropy(logits, y), (logits.argmax(1) != y).sum().float()

    log = open(args.log, 'w', encoding='utf8') if rank == 0 else None

    def emit(obj):
        if log:
            log.write(json.dumps(finite(obj), separators=(',', ':'), allow_nan=False) + '\n')
            log.flush()

    def say(text):
        if rank == 0:
            print(text, file=sys.stderr, flush=True)

    def all_sum(values):
        t = torch.tensor(values, dtype=torch.float64, device=device)
        if world > 1:
            dist.all_reduce(t)
        return t.tolist()

    eval_size = exp.get('evalSample') or EVAL_SAMPLE
    samples = {
        'test': balanced_sample(test.y, test.classes, seed_for('probe', cfg['seed'], 1), eval_size),
        'train': balanced_sample(train.y, train.classes, seed_for('probe', cfg['seed'], 2), eval_size),
    }

    def error(s, x, y, indices):
        """Misclassified fraction over `indices`, in inference mode; each rank scores a share."""
        mine = indices[rank::world]
        wrong = 0.0
        s.net.eval()
        with torch.no_grad():
            for a in range(0, len(mine), EVAL_BATCH):
                idx = torch.tensor(mine[a:a + EVAL_BATCH], dtype=torch.long, device=device)
                xb = x.index_select(0, idx)
                wrong += float(loss_wrong(s.net(xb), xb, y.index_select(0, idx))[1])
        s.net.train()
        return all_sum([wrong])[0] / max(1, len(indices))

    if args.sampler == 'torch':
        from torch.utils.data import DistributedSampler
        sampler = DistributedSampler(range(train.n), num_replicas=world, rank=rank, shuffle=True,
                                     seed=cfg['seed'], drop_last=True)

    def batches():
        """The engine's minibatches (batchSampler, dropLast), or torch's with --sampler torch;
        this rank's share of each."""
        epoch = 0
        while True:
            if args.sampler == 'torch':
                sampler.set_epoch(epoch)
                order = list(iter(sampler))
                for a in range(0, len(order) - local_batch + 1, local_batch):
                    yield order[a:a + local_batch], None
            else:
                order = epoch_order(train.n, seed_for('data', cfg['seed']), epoch)
                for a in range(0, train.n - batch + 1, batch):
                    yield order[a:a + batch], (rank * local_batch, (rank + 1) * local_batch)
            epoch += 1

    emit({'type': 'header', 'format': LOG_FORMAT, 'program': 'pytorch', 'experiment': exp['name'],
          'title': exp['title'], 'started': datetime.now(timezone.utc).isoformat(timespec='seconds'),
          'where': {'torch': torch.__version__, 'device': device.type,
                    'deviceName': torch.cuda.get_device_name(device) if want_cuda else (platform.processor() or platform.machine() or 'cpu'),
                    'world': world, 'backend': backend, 'syncBatchNorm': bool(args.sync_bn and world > 1),
                    'sampler': args.sampler, 'host': socket.gethostname(), 'threads': torch.get_num_threads()},
          'data': data_label, 'config': cfg,
          'runs': [{'id': s.id, 'label': s.label, 'params': sum(p.numel() for p in s.params),
                    'paramNames': s.names} for s in states]})
    say(f'{exp["title"]}\n{data_label}; {cfg["steps"]} steps of batch {batch} on {device.type}'
        f'{f" × {world} processes ({backend})" if world > 1 else ""}; log: {args.log}')
    augment_rng = Rng(seed_for('augment', cfg['seed']))
    stream = batches()
    started = time.perf_counter()
    for index in range(cfg['steps']):
        order, share = next(stream)
        idx = torch.tensor(order, dtype=torch.long, device=device)
        xb = train_x.index_select(0, idx)
        if cfg['augment'] and images:
            # Every rank draws the whole batch's crops, so the stream stays the engine's.
            xb = augment(torch, xb, augment_rng)
        yb = train_y.index_select(0, idx)
        if share:
            xb, yb = xb[share[0]:share[1]], yb[share[0]:share[1]]
        step = index + 1
        probe = cfg['probeStride'] > 0 and index % cfg['probeStride'] == 0
        for s in states:
            if not s.alive:
                continue
            lr = lr_at(s, index)
            for g in s.opt.param_groups:
                g['lr'] = lr
            s.opt.zero_grad(set_to_none=True)
            loss, wrong = loss_wrong(s.model(xb), xb, yb)
            loss.backward()
            loss_sum, wrong_sum = all_sum([float(loss) * xb.shape[0], float(wrong)])
            mean_loss = loss_sum / batch
            train_err = wrong_sum / batch
            if not math.isfinite(mean_loss):
                s.alive = False
                reason = (f'diverged at step {step}: the loss is {js_number(mean_loss)}; '
                          'the learning rate may be too high')
                emit({'type': 'stop', 'run': s.id, 'step': step, 'status': 'diverged', 'reason': reason})
                say(f'  {s.id}: {reason}')
                continue
            if probe:
                norms = [float(p.grad.norm()) if p.grad is not None else 0.0 for p in s.params]
                emit({'type': 'probe', 'run': s.id, 'step': step, 'gradNorms': norms})
            s.opt.step()
            if cfg['schedule']['kind'] == 'warmup' and train_err < cfg['schedule']['untilError']:
                s.warm = True
            emit({'type': 'step', 'run': s.id, 'step': step, 'loss': mean_loss, 'trainErr': train_err,
                  'learningRate': lr})
        last = step == cfg['steps']
        if last or (cfg['evalInterval'] > 0 and step % cfg['evalInterval'] == 0):
            cells = []
            for s in states:
                if not s.alive:
                    continue
                on = {'test': list(range(test.n)), 'train': list(range(train.n))} if last else samples
                te = error(s, test_x, test_y, on['test'])
                tr = error(s, train_x, train_y, on['train'])
                emit({'type': 'eval', 'run': s.id, 'step': step, 'testErr': te, 'trainErr': tr, 'full': last})
                cells.append(f'{s.id} test {100 * te:5.1f}% train {100 * tr:5.1f}%')
            say(f'step {step:6d}  ' + ' | '.join(cells))
    seconds = time.perf_counter() - started
    emit({'type': 'end', 'steps': cfg['steps'], 'seconds': round(seconds, 3),
          'msPerStep': round(1000 * seconds / cfg['steps'], 3)})
    if args.save and rank == 0:
        torch.save({s.id: s.net.state_dict() for s in states}, args.save)
    if log:
        log.close()
    if world > 1:
        dist.destroy_process_group()


def main(exp):
    try:
        run(exp, sys.argv[1:])
    except ReslabError as e:
        print(f'error: {e}', file=sys.stderr)
        sys.exit(2)
    except KeyboardInterrupt:
        print('interrupted; the log holds every step so far', file=sys.stderr)
        sys.exit(130)
