// Looking inside the tiny GPT on one prompt: every layer's attention weights per head, the norm of
// the residual stream after the embeddings and after each block, and the logit lens (the final
// LayerNorm and the tied head applied to each layer's residual stream: what that layer would predict).
// Written out as plain float64 loops over the checkpoint's weights, from gpt.ts's formulas, so the
// tests can hold the final logits against the engine's forward().
import type { Gpt } from '../../models/gpt.ts';

export type Inspection = {
  tokens: number[];
  /** [layer][head] → T×T row-major weights (row = query position). */
  attention: number[][][];
  /** Residual-stream L2 norm: [0] after the embeddings, [l+1] after block l; per position. */
  residualNorms: number[][];
  /** Logit lens at the last position: [0] embeddings, [l+1] after block l; top tokens with probs. */
  lens: { id: number; p: number }[][];
  /** Next-token probabilities after the last position (the model's own prediction). */
  next: { id: number; p: number }[];
  /** Final logits at every position, T×V row-major. */
  logits: number[];
};

const GELU_C = Math.sqrt(2 / Math.PI);

export function inspect(model: Gpt, tokens: number[], top = 5): Inspection {
  const { n_layer: L, n_head: H, n_embd: C, vocab_size: V, block_size } = model.config;
  const ids = tokens.slice(-block_size);
  const T = ids.length;
  if (T === 0) throw new Error('the prompt needs at least one token');
  // A model without biases (config bias: false) reads zeros for them; 4C covers the widest one.
  const noBias = new Float32Array(4 * C);
  const P = (n: string) => {
    const t = model.params.get(n);
    if (t) return t.data;
    if (n.endsWith('.bias')) return noBias;
    throw new Error(`the model has no parameter ${n}`);
  };
  const D = C / H;
  const row = (a: Float64Array, t: number, w: number) => a.subarray(t * w, (t + 1) * w);
  const layerNorm = (x: Float64Array, g: Float32Array, b: Float32Array) => {
    const out = new Float64Array(T * C);
    for (let t = 0; t < T; t++) {
      const r = row(x, t, C);
      let mu = 0;
      for (let i = 0; i < C; i++) mu += r[i];
      mu /= C;
      let v = 0;
      for (let i = 0; i < C; i++) v += (r[i] - mu) ** 2;
      const s = 1 / Math.sqrt(v / C + 1e-5);
      for (let i = 0; i < C; i++) out[t * C + i] = (r[i] - mu) * s * g[i] + b[i];
    }
    return out;
  };
  const linear = (x: Float64Array, n: number, w: Float32Array, b: Float32Array, m: number) => {
    const out = new Float64Array(T * m);
    for (let t = 0; t < T; t++)
      for (let j = 0; j < m; j++) {
        let s = b[j];
        for (let i = 0; i < n; i++) s += x[t * n + i] * w[i * m + j];
        out[t * m + j] = s;
      }
    return out;
  };
  const wte = P('wte'),
    wpe = P('wpe');
  const x = new Float64Array(T * C);
  for (let t = 0; t < T; t++)
    for (let c = 0; c < C; c++) x[t * C + c] = wte[ids[t] * C + c] + wpe[t * C + c];
  const norms = () => Array.from({ length: T }, (_, t) => Math.hypot(...Array.from(row(x, t, C))));
  const head = (h: Float64Array, t: number) => {
    const out = new Float64Array(V);
    for (let v = 0; v < V; v++) {
      let s = 0;
      for (let c = 0; c < C; c++) s += h[t * C + c] * wte[v * C + c];
      out[v] = s;
    }
    return out;
  };
  const topOf = (logits: Float64Array) => {
    const m = Math.max(...logits);
    const e = Array.from(logits, (v) => Math.exp(v - m));
    const z = e.reduce((a, b) => a + b, 0);
    return e
      .map((v, id) => ({ id, p: v / z }))
      .sort((a, b) => b.p - a.p || a.id - b.id)
      .slice(0, top);
  };
  const lensAt = () => topOf(head(layerNorm(x, P('ln_f.weight'), P('ln_f.bias')), T - 1));
  const residualNorms = [norms()];
  const lens = [lensAt()];
  const attention: number[][][] = [];
  for (let l = 0; l < L; l++) {
    const p = (n: string) => P(`h.${l}.${n}`);
    const h1 = layerNorm(x, p('ln_1.weight'), p('ln_1.bias'));
    const qkv = linear(h1, C, p('attn.c_attn.weight'), p('attn.c_attn.bias'), 3 * C);
    const y = new Float64Array(T * C);
    const maps: number[][] = [];
    for (let hd = 0; hd < H; hd++) {
      const w = new Array<number>(T * T).fill(0);
      for (let i = 0; i < T; i++) {
        const s = new Float64Array(i + 1);
        for (let j = 0; j <= i; j++) {
          let d = 0;
          for (let k = 0; k < D; k++)
            d += qkv[i * 3 * C + hd * D + k] * qkv[j * 3 * C + C + hd * D + k];
          s[j] = d / Math.sqrt(D);
        }
        const m = Math.max(...s);
        let z = 0;
        for (let j = 0; j <= i; j++) z += s[j] = Math.exp(s[j] - m);
        for (let j = 0; j <= i; j++) {
          w[i * T + j] = s[j] / z;
          for (let k = 0; k < D; k++)
            y[i * C + hd * D + k] += w[i * T + j] * qkv[j * 3 * C + 2 * C + hd * D + k];
        }
      }
      maps.push(w);
    }
    attention.push(maps);
    const proj = linear(y, C, p('attn.c_proj.weight'), p('attn.c_proj.bias'), C);
    for (let i = 0; i < T * C; i++) x[i] += proj[i];
    const h2 = layerNorm(x, p('ln_2.weight'), p('ln_2.bias'));
    const hidden = linear(h2, C, p('mlp.c_fc.weight'), p('mlp.c_fc.bias'), 4 * C);
    for (let i = 0; i < hidden.length; i++) {
      const v = hidden[i];
      hidden[i] = 0.5 * v * (1 + Math.tanh(GELU_C * (v + 0.044715 * v * v * v)));
    }
    const out = linear(hidden, 4 * C, p('mlp.c_proj.weight'), p('mlp.c_proj.bias'), C);
    for (let i = 0; i < T * C; i++) x[i] += out[i];
    residualNorms.push(norms());
    lens.push(lensAt());
  }
  const final = layerNorm(x, P('ln_f.weight'), P('ln_f.bias'));
  const logits: number[] = [];
  for (let t = 0; t < T; t++) logits.push(...head(final, t));
  return {
    tokens: ids,
    attention,
    residualNorms,
    lens,
    next: topOf(Float64Array.from(logits.slice((T - 1) * V))),
    logits,
  };
}
