"""Redo export-step.ts's baby training step in PyTorch and compare.

    npx tsx bench/pytorch/export-step.ts /tmp/shirube-step.json
    python3 bench/pytorch/check_step.py /tmp/shirube-step.json

Written separately from the TypeScript model, from nanoGPT's definition: token + position embeddings,
pre-LayerNorm blocks (causal self-attention, tanh-GELU MLP), final LayerNorm, head tied to the token
embedding; no biases when the config has none. Prints the loss both ways, the worst relative gradient
error, and the worst weight difference after clipping and one AdamW step taken from our gradients
(so that rounding in the gradients does not blur the optimizer's comparison). Exits 1 beyond the
tolerances below. Needs python3 with torch (Debian: python3-torch); not part of `npm test`.
"""
import json
import math
import sys

import torch
import torch.nn.functional as F

path = sys.argv[1] if len(sys.argv) > 1 else '/tmp/shirube-step.json'
d = json.load(open(path))
cfg = d['config']
B, T, C, H, L = cfg['batch_size'], cfg['block_size'], cfg['n_embd'], cfg['n_head'], cfg['n_layer']
shapes = {p['name']: p['shape'] for p in d['params']}


def tensor(p, key):
    return torch.tensor(p[key], dtype=torch.float32).view(*p['shape'])


W = {p['name']: tensor(p, 'data').requires_grad_(True) for p in d['params']}
x = torch.tensor(d['x']).view(B, T)
y = torch.tensor(d['y']).view(B, T)


def norm(h, name):
    return F.layer_norm(h, (C,), W[name + '.weight'], W.get(name + '.bias'), 1e-5)


def linear(h, name):
    out = h @ W[name + '.weight']
    return out + W[name + '.bias'] if name + '.bias' in W else out


causal = torch.tril(torch.ones(T, T)) == 0
h = W['wte'][x] + W['wpe'][:T]
for l in range(L):
    p = f'h.{l}.'
    q, k, v = linear(norm(h, p + 'ln_1'), p + 'attn.c_attn').split(C, dim=2)
    q, k, v = (t.view(B, T, H, C // H).transpose(1, 2) for t in (q, k, v))
    att = (q @ k.transpose(-2, -1)) / math.sqrt(C // H)
    att = att.masked_fill(causal, float('-inf')).softmax(dim=-1)
    h = h + linear((att @ v).transpose(1, 2).reshape(B, T, C), p + 'attn.c_proj')
    hidden = F.gelu(linear(norm(h, p + 'ln_2'), p + 'mlp.c_fc'), approximate='tanh')
    h = h + linear(hidden, p + 'mlp.c_proj')
logits = norm(h, 'ln_f') @ W['wte'].t()
loss = F.cross_entropy(logits.reshape(-1, logits.shape[-1]), y.reshape(-1))
loss.backward()

worst_grad = 0.0
for p in d['params']:
    ours, theirs = tensor(p, 'grad'), W[p['name']].grad
    worst_grad = max(worst_grad, ((ours - theirs).norm() / theirs.norm()).item())

# Clipping and one AdamW step from our gradients.
V = {p['name']: tensor(p, 'data').requires_grad_(True) for p in d['params']}
for p in d['params']:
    V[p['name']].grad = tensor(p, 'grad')
s = d['step']
norm_before = torch.nn.utils.clip_grad_norm_(list(V.values()), s['grad_clip']).item()
embeddings = {'wte', 'wpe'}
decays = [n for n in V if V[n].dim() >= 2 and (d['decay_embeddings'] or n not in embeddings)]
opt = torch.optim.AdamW(
    [
        {'params': [V[n] for n in decays], 'weight_decay': s['weight_decay']},
        {'params': [V[n] for n in V if n not in decays], 'weight_decay': 0.0},
    ],
    lr=s['lr'],
    betas=tuple(s['betas']),
)
opt.step()
worst_step = max((V[p['name']].detach() - tensor(p, 'after')).abs().max().item() for p in d['params'])

print(f"kernels        {d['kernels']}")
print(f"loss           ours {d['loss']:.7f}   PyTorch {loss.item():.7f}")
print(f"gradient norm  ours {d['grad_norm']:.6f}   PyTorch {norm_before:.6f}")
print(f'worst relative gradient error          {worst_grad:.2e}')
print(f'worst weight difference after AdamW    {worst_step:.2e}  (a step moves a weight by ≈ {s["lr"]:.0e})')
ok = abs(d['loss'] - loss.item()) < 1e-4 and worst_grad < 1e-4 and worst_step < 1e-6
print('agree' if ok else 'DISAGREE')
sys.exit(0 if ok else 1)
