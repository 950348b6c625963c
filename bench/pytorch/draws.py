"""PyTorch's own random draws, printed as JSON: the reference values `src/engine/random.test.ts` and
`src/models/models.test.ts` compare Shirube's TorchGenerator and nanoGPT-order initialisation with.

    python3 bench/pytorch/draws.py > /tmp/draws.json

Each case starts from torch.manual_seed(seed) on the CPU generator. The model case builds nanoGPT's
modules in nanoGPT's order (as baby.py --nanogpt-draws does) for a small configuration and prints a few
values of every parameter in PyTorch's layout (a Linear's weight is (out, in)).
"""
import json
import math

import torch
import torch.nn as nn

out = {}

torch.manual_seed(5489)  # std::mt19937's default seed: the first outputs are the standard's test vector
out['raw_5489'] = torch.randint(0, 2**32 - 1, (5,), dtype=torch.int64).tolist()

torch.manual_seed(1337)
out['seq_1337'] = {
    'randint_1003790': torch.randint(1003790, (12,)).tolist(),
    'uniform_01': torch.empty(10).uniform_(0, 1).tolist(),
    'normal_32_std002': torch.empty(32).normal_(0, 0.02).tolist(),
    'normal_20': torch.empty(20).normal_().tolist(),      # 20 % 16 != 0: the last 16 are drawn again
    'normal_5_mean1_std2': torch.empty(5).normal_(1, 2).tolist(),  # under 16: the scalar path
    'normal_3': torch.empty(3).normal_().tolist(),        # the scalar path's cached second sample first
    'randint_111476': torch.randint(111476, (4,)).tolist(),
}

# nanoGPT's modules in its order, small: V=11, C=16, 2 heads, 2 layers, block 8, no biases
torch.manual_seed(7)
V, C, L, T = 11, 16, 2, 8
wte, wpe = nn.Embedding(V, C), nn.Embedding(T, C)
blocks = [[nn.Linear(C, 3 * C, bias=False), nn.Linear(C, C, bias=False),
           nn.Linear(C, 4 * C, bias=False), nn.Linear(4 * C, C, bias=False)] for _ in range(L)]
head = nn.Linear(C, V, bias=False)
for m in [wte, wpe] + [x for b in blocks for x in b] + [head]:
    nn.init.normal_(m.weight, 0.0, 0.02)
for b in blocks:
    for m in (b[1], b[3]):
        nn.init.normal_(m.weight, 0.0, 0.02 / math.sqrt(2 * L))
names = ['attn.c_attn.weight', 'attn.c_proj.weight', 'mlp.c_fc.weight', 'mlp.c_proj.weight']
params = {'wte': head.weight, 'wpe': wpe.weight}
for l, b in enumerate(blocks):
    for n, m in zip(names, b):
        params[f'h.{l}.{n}'] = m.weight
out['model_7'] = {n: {'shape': list(p.shape), 'first': p.flatten()[:3].tolist(),
                      'last': p.flatten()[-1].item(), 'sum': p.double().sum().item(),
                      'sumsq': (p.double() ** 2).sum().item()} for n, p in params.items()}
out['model_7_after'] = torch.randint(1000, (3,)).tolist()  # the generator right after the init

print(json.dumps(out, indent=1))
