"""nanoGPT's CPU baby run on tinyshakespeare in PyTorch, written separately, to see what the recipe
itself reaches on this machine (the figure `shirube train --config baby` is compared with).

    python3 bench/pytorch/baby.py [--seed 1337] [--gelu erf|tanh] [--no-embedding-decay] [--nanogpt-draws]

n_layer=4 n_head=4 n_embd=128 block_size=64 batch_size=12, no biases, dropout 0; AdamW lr 1e-3,
β=(0.9, 0.99), weight decay 0.1 on every 2-D tensor (nanoGPT since mid-2023; --no-embedding-decay
leaves wte and wpe out, as nanoGPT did when its README measured this run), gradient clipping 1.0;
warm-up 100 iterations, cosine to 1e-4 at 2000; evaluation every 250 iterations on 20 batches per
split. After the run: the loss over the whole validation split, every target once (what `shirube
eval` computes), and 30 more 20-batch estimates, whose spread says how noisy the printed figure is.
nanoGPT's own model uses the exact (erf) GELU; it used the tanh form until mid-2023, as Shirube's does.

Needs python3 with torch (Debian: python3-torch). One thread; on the 2-core machine about 0.7 s a
step, so about 25 minutes a run.
"""
import argparse
import math
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

ap = argparse.ArgumentParser()
ap.add_argument('--seed', type=int, default=1337)
ap.add_argument('--gelu', choices=['erf', 'tanh'], default='erf')
ap.add_argument('--no-embedding-decay', action='store_true')
ap.add_argument('--nanogpt-draws', action='store_true',
                help="draw the initial weights and the batches in nanoGPT's own order, so that a seed gives "
                     "nanoGPT's own run of that seed (up to rounding)")
ap.add_argument('--data', default='../shared/data/tinyshakespeare.txt')
a = ap.parse_args()

torch.manual_seed(a.seed)
torch.set_num_threads(1)
text = open(a.data).read()
chars = sorted(set(text))
stoi = {c: i for i, c in enumerate(chars)}
data = torch.tensor([stoi[c] for c in text], dtype=torch.long)
n = int(0.9 * len(data))
train_data, val_data = data[:n], data[n:]
V, T, B, L, H, C = len(chars), 64, 12, 4, 4, 128
ITERS, WARMUP, LR, MIN_LR = 2000, 100, 1e-3, 1e-4


def batch(split):
    ix = torch.randint(len(split) - T, (B,))
    return torch.stack([split[i:i + T] for i in ix]), torch.stack([split[i + 1:i + 1 + T] for i in ix])


class Block(nn.Module):
    def __init__(self):
        super().__init__()
        self.ln_1, self.ln_2 = nn.LayerNorm(C), nn.LayerNorm(C)
        self.c_attn, self.attn_proj = nn.Linear(C, 3 * C, bias=False), nn.Linear(C, C, bias=False)
        self.c_fc, self.mlp_proj = nn.Linear(C, 4 * C, bias=False), nn.Linear(4 * C, C, bias=False)
        self.register_buffer('causal', torch.tril(torch.ones(T, T)) == 0)

    def forward(self, x):
        b, t, _ = x.shape
        q, k, v = self.c_attn(self.ln_1(x)).split(C, dim=2)
        q, k, v = (z.view(b, t, H, C // H).transpose(1, 2) for z in (q, k, v))
        att = (q @ k.transpose(-2, -1)) / math.sqrt(C // H)
        att = att.masked_fill(self.causal[:t, :t], float('-inf')).softmax(dim=-1)
        x = x + self.attn_proj((att @ v).transpose(1, 2).reshape(b, t, C))
        h = self.c_fc(self.ln_2(x))
        h = F.gelu(h) if a.gelu == 'erf' else F.gelu(h, approximate='tanh')
        return x + self.mlp_proj(h)


class Gpt(nn.Module):
    def __init__(self):
        super().__init__()
        self.wte, self.wpe = nn.Embedding(V, C), nn.Embedding(T, C)
        self.blocks = nn.ModuleList([Block() for _ in range(L)])
        self.ln_f = nn.LayerNorm(C)
        if a.nanogpt_draws:  # nanoGPT builds its head as a Linear (default init draws) and re-inits it, tied, last
            head = nn.Linear(C, V, bias=False)
        for m in self.modules():
            if isinstance(m, (nn.Linear, nn.Embedding)):
                nn.init.normal_(m.weight, 0.0, 0.02)
            if isinstance(m, nn.LayerNorm):  # bias=False: layer norms without a bias
                m.bias.requires_grad_(False)
        if a.nanogpt_draws:
            nn.init.normal_(head.weight, 0.0, 0.02)
            self.wte.weight = head.weight
        for name, p in self.named_parameters():  # GPT-2's scaled init of the residual projections
            if name.endswith('proj.weight'):
                nn.init.normal_(p, 0.0, 0.02 / math.sqrt(2 * L))

    def forward(self, idx, targets):
        x = self.wte(idx) + self.wpe(torch.arange(idx.shape[1]))
        for blk in self.blocks:
            x = blk(x)
        logits = self.ln_f(x) @ self.wte.weight.t()  # tied head
        return F.cross_entropy(logits.reshape(-1, V), targets.reshape(-1))


model = Gpt()
params = [p for p in model.parameters() if p.requires_grad]
emb = {id(model.wte.weight), id(model.wpe.weight)}
decay = [p for p in params if p.dim() >= 2 and not (a.no_embedding_decay and id(p) in emb)]
rest = [p for p in params if all(p is not q for q in decay)]
opt = torch.optim.AdamW([{'params': decay, 'weight_decay': 0.1}, {'params': rest, 'weight_decay': 0.0}],
                        lr=LR, betas=(0.9, 0.99))


def lr_at(it):
    if it < WARMUP:
        return LR * (it + 1) / (WARMUP + 1)
    if it > ITERS:
        return MIN_LR
    return MIN_LR + 0.5 * (1 + math.cos(math.pi * (it - WARMUP) / (ITERS - WARMUP))) * (LR - MIN_LR)


@torch.no_grad()
def estimate(split, iters=20):
    return sum(model(*batch(split)).item() for _ in range(iters)) / iters


t0 = time.time()
# nanoGPT draws its first batch before the first evaluation, and each next batch right after a forward pass
pending = batch(train_data) if a.nanogpt_draws else None
for it in range(ITERS + 1):
    if it % 250 == 0:
        model.eval()
        tr, va = estimate(train_data), estimate(val_data)
        model.train()
        print(f'iter {it}: train {tr:.4f} val {va:.4f} ({time.time() - t0:.0f} s)', flush=True)
    if it == ITERS:
        break
    for g in opt.param_groups:
        g['lr'] = lr_at(it)
    if a.nanogpt_draws:
        loss = model(*pending)
        pending = batch(train_data)
    else:
        loss = model(*batch(train_data))
    opt.zero_grad(set_to_none=True)
    loss.backward()
    torch.nn.utils.clip_grad_norm_(params, 1.0)
    opt.step()

model.eval()
with torch.no_grad():  # the whole validation split, every target once, in windows of T (as shirube eval)
    total, count = 0.0, 0
    for i in range(0, len(val_data) - 1, T):
        x = val_data[i:i + T]
        y = val_data[i + 1:i + 1 + T]
        x = x[:len(y)]
        total += model(x[None], y[None]).item() * len(y)
        count += len(y)
vals = [estimate(val_data) for _ in range(30)]
mean = sum(vals) / len(vals)
sd = (sum((v - mean) ** 2 for v in vals) / (len(vals) - 1)) ** 0.5
print(f'final: val {va:.4f} (20 batches) after {time.time() - t0:.0f} s; '
      f'whole validation split ({count} targets) {total / count:.4f}; '
      f'30 more 20-batch estimates: mean {mean:.4f}, sd {sd:.4f}, {min(vals):.4f}..{max(vals):.4f}')
