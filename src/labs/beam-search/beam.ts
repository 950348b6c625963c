// Beam search over any next-token model: keep the `width` best partial sequences by total
// log-probability; at each step extend every beam by every token, keep the best `width` (ties: the
// earlier beam, then the lower token id). Used by the lab (a bigram table) and by the tiny GPT page.

export type Beam = { tokens: number[]; score: number };
export type BeamStep = {
  /** Every candidate of this step: beam index, token, score = beam score + log p(token). */
  candidates: { from: number; token: number; score: number }[];
  beams: Beam[];
};

/** log-softmax in float64, max subtracted. */
export function logSoftmax(logits: ArrayLike<number>): Float64Array {
  let m = -Infinity;
  for (let i = 0; i < logits.length; i++) m = Math.max(m, logits[i]);
  let z = 0;
  for (let i = 0; i < logits.length; i++) z += Math.exp(logits[i] - m);
  const lz = m + Math.log(z);
  return Float64Array.from(logits as ArrayLike<number>, (v) => v - lz);
}

export function beamSearch(
  nextLogProbs: (sequence: number[]) => ArrayLike<number>,
  prompt: number[],
  width: number,
  steps: number,
): { best: Beam; history: BeamStep[] } {
  let beams: Beam[] = [{ tokens: [], score: 0 }];
  const history: BeamStep[] = [];
  for (let s = 0; s < steps; s++) {
    const candidates: BeamStep['candidates'] = [];
    beams.forEach((b, from) => {
      const lp = nextLogProbs([...prompt, ...b.tokens]);
      for (let token = 0; token < lp.length; token++)
        candidates.push({ from, token, score: b.score + lp[token] });
    });
    const kept = [...candidates]
      .sort((a, b) => b.score - a.score || a.from - b.from || a.token - b.token)
      .slice(0, width);
    beams = kept.map((c) => ({ tokens: [...beams[c.from].tokens, c.token], score: c.score }));
    history.push({ candidates, beams });
  }
  return { best: beams[0], history };
}
