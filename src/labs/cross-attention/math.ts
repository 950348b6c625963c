// Cross-attention of one decoder state over the source, in plain numbers (for the exercise):
// weights = softmax(Q·Kᵀ/√d) row by row, output = weights·V.
export function crossAttention(Q: number[][], K: number[][], V: number[][]) {
  const d = Q[0].length;
  const weights = Q.map((q) => {
    const s = K.map((k) => k.reduce((a, kj, j) => a + kj * q[j], 0) / Math.sqrt(d));
    const m = Math.max(...s);
    const e = s.map((x) => Math.exp(x - m));
    const z = e.reduce((a, b) => a + b, 0);
    return e.map((x) => x / z);
  });
  const output = weights.map((w) =>
    V[0].map((_, c) => w.reduce((a, wj, j) => a + wj * V[j][c], 0)),
  );
  return { weights, output };
}
