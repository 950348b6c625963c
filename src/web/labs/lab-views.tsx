// Lab-specific pictures drawn beside the generic steps, from the trace only (nothing is computed
// here that the trace does not hold): coloured tokens (tokenization), a 2-D word map (embedding),
// the translation with its alignment map (cross-attention), the three architectures side by side.
import type { ArchitecturesTrace } from '../../labs/architectures/lab.ts';
import type { CrossAttentionTrace } from '../../labs/cross-attention/lab.ts';
import type { EmbeddingTrace } from '../../labs/embedding/lab.ts';
import type { TokenizationTrace } from '../../labs/tokenization/lab.ts';
import type { Piece } from '../../labs/tokenization/real.ts';
import { rows, stepTensor, type Trace } from '../../labs/trace.ts';
import { Heatmap } from './heatmap.tsx';

type Lang = 'ja' | 'en';
const t2 = (lang: Lang, ja: string, en: string) => (lang === 'ja' ? ja : en);
const HUES = [200, 30, 120, 280, 0, 60, 170, 320];

function Tokens({ pieces, lang }: { pieces: Piece[]; lang: Lang }) {
  return (
    <p className="lab-tokens">
      {pieces.map((p, i) => (
        <span
          key={i}
          className={p.fragment ? 'lab-token lab-token-fragment' : 'lab-token'}
          style={{ background: `hsl(${HUES[i % HUES.length]} 80% 85%)` }}
          title={`ids ${p.ids.join(', ')} · ${p.bytes} bytes · raw ${p.raw.map((r) => JSON.stringify(r)).join(' ')}`}
        >
          {p.text.replace(/ /g, '␣')}
          {p.fragment && (
            <sub>
              {p.ids.length}
              {t2(lang, 'トークン', ' tok')}/{p.bytes}B
            </sub>
          )}
        </span>
      ))}
    </p>
  );
}

function Tokenization({ trace, lang }: { trace: TokenizationTrace; lang: Lang }) {
  const counts = stepTensor(trace, 'token_counts').data;
  const perChar = stepTensor(trace, 'tokens_per_char').data;
  const cost = stepTensor(trace, 'cost').data;
  return (
    <section className="lab-view" aria-label="tokens">
      <h2>{t2(lang, 'BPE のマージ', 'BPE merges')}</h2>
      <ol className="lab-merges">
        {trace.bpe.merges.map((m, i) => (
          <li key={i}>
            <code>{m.left}</code> + <code>{m.right}</code> → <code>{m.merged}</code> ({m.count})
          </li>
        ))}
      </ol>
      <p className="lab-tokens">
        {trace.bpe.encoded.flat().map((s, i) => (
          <span
            key={i}
            className="lab-token"
            style={{ background: `hsl(${HUES[i % HUES.length]} 80% 85%)` }}
          >
            {s}
          </span>
        ))}
      </p>
      {(['o200k_base', 'cl100k_base'] as const).map((name) => (
        <div key={name}>
          <h3>
            {name}: {trace.real[name].reduce((a, p) => a + p.ids.length, 0)}{' '}
            {t2(lang, 'トークン', 'tokens')}
          </h3>
          <Tokens pieces={trace.real[name]} lang={lang} />
        </div>
      ))}
      <h2>{t2(lang, '日本語と英語', 'Japanese and English')}</h2>
      <table className="lab-table">
        <thead>
          <tr>
            <th />
            <th>{t2(lang, '文字数', 'characters')}</th>
            <th>o200k</th>
            <th>cl100k</th>
            <th>{t2(lang, 'トークン/文字 (o200k)', 'tokens/char (o200k)')}</th>
          </tr>
        </thead>
        <tbody>
          {[
            [trace.compare.ja, trace.compare.jaChars, 0],
            [trace.compare.en, trace.compare.enChars, 1],
          ].map(([s, n, r]) => (
            <tr key={r as number}>
              <td>{s}</td>
              <td>{n}</td>
              <td>{counts[(r as number) * 2]}</td>
              <td>{counts[(r as number) * 2 + 1]}</td>
              <td>{perChar[(r as number) * 2].toFixed(2)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p>
        {trace.price.model} ({trace.price.encoding}): {trace.price.tokens}{' '}
        {t2(lang, 'トークン', 'tokens')} → {t2(lang, '入力', 'input')} ${cost[0].toPrecision(3)},{' '}
        {t2(lang, '出力', 'output')} ${cost[1].toPrecision(3)}{' '}
        <small>
          ({t2(lang, 'gpt-tokenizer 同梱の料金表', "gpt-tokenizer's price table")}: $
          {trace.price.inputPerMillion} / ${trace.price.outputPerMillion} per 1M)
        </small>
      </p>
    </section>
  );
}

function Embedding({ trace, lang }: { trace: EmbeddingTrace; lang: Lang }) {
  const P = rows(stepTensor(trace, 'projection'));
  const xs = P.map((p) => p[0]),
    ys = P.map((p) => p[1]);
  const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const W = 560,
    H = 400,
    m = 30;
  const sx = (x: number) => m + ((x - x0) / (x1 - x0 || 1)) * (W - 2 * m);
  const sy = (y: number) => H - m - ((y - y0) / (y1 - y0 || 1)) * (H - 2 * m);
  const near = new Set(trace.neighbours);
  const q = String(trace.params.query);
  return (
    <section className="lab-view" aria-label="map">
      <h2>{t2(lang, '単語の地図（PCA 2 次元）', 'Word map (2-D PCA)')}</h2>
      <svg width={W} height={H} role="img" aria-label="PCA projection">
        {P.map((p, i) => {
          const w = trace.vocab[i];
          const fill = w === q ? '#c00' : near.has(w) ? '#d80' : '#246';
          return (
            <g key={i}>
              <circle cx={sx(p[0])} cy={sy(p[1])} r={3} fill={fill} />
              <text x={sx(p[0]) + 4} y={sy(p[1]) - 3} fontSize={11} fill={fill}>
                {w}
              </text>
            </g>
          );
        })}
      </svg>
      <p>
        {t2(lang, `「${q}」に近い単語`, `Nearest to "${q}"`)}:{' '}
        {trace.neighbours
          .map((w, i) => `${w} (${stepTensor(trace, 'neighbours').data[i].toFixed(2)})`)
          .join('、')}
      </p>
    </section>
  );
}

export function Curve({ values, label }: { values: number[]; label: string }) {
  const W = 400,
    H = 120;
  const max = Math.max(...values),
    min = Math.min(...values);
  const pts = values.map(
    (v, i) =>
      `${(i / Math.max(1, values.length - 1)) * W},${H - ((v - min) / (max - min || 1)) * H}`,
  );
  return (
    <svg width={W} height={H + 4} role="img" aria-label={label}>
      <polyline points={pts.join(' ')} fill="none" stroke="#246" strokeWidth={1.5} />
    </svg>
  );
}

function CrossAttention({ trace, lang }: { trace: CrossAttentionTrace; lang: Lang }) {
  const loss = stepTensor(trace, 'loss').data;
  return (
    <section className="lab-view" aria-label="translation">
      <h2>{t2(lang, '翻訳（貪欲法）', 'Translation (greedy)')}</h2>
      <p className="lab-translation">
        {trace.tokens?.join(' ')} → 「{trace.translation.filter((w) => w !== '<eos>').join(' ')}」
      </p>
      <p>
        {t2(lang, '損失', 'loss')} {loss[0].toFixed(3)} → {loss[loss.length - 1].toFixed(4)} (
        {trace.phrases} {t2(lang, '組のフレーズで学習', 'phrase pairs')})
      </p>
      <Curve values={loss} label="loss" />
      <h3>
        {t2(
          lang,
          'アラインメント（行：出力の単語、列：入力の単語）',
          'Alignment (rows: output words, columns: input words)',
        )}
      </h3>
      <Heatmap
        tensor={stepTensor(trace, 'weights')}
        name="alignment"
        rowLabels={trace.translation}
        colLabels={trace.tokens}
      />
    </section>
  );
}

function Architectures({ trace, lang }: { trace: ArchitecturesTrace; lang: Lang }) {
  return (
    <section className="lab-view lab-columns" aria-label="architectures">
      {trace.architectures.map((a) => (
        <div key={a.id} className="lab-column">
          <h3>{a.name[lang]}</h3>
          <p>
            <strong>{a.examples.join(', ')}</strong>
          </p>
          <p>{a.objective[lang]}</p>
          <p>{a.tasks[lang]}</p>
          {a.masks.map((id) => {
            const t = stepTensor(trace, id);
            const cols = t.shape[1] === trace.tokens?.length ? trace.tokens : trace.target;
            const rowsL =
              t.shape[0] === trace.target.length && id !== 'encoder_mask'
                ? trace.target
                : trace.tokens;
            return (
              <div key={id}>
                <p>
                  <code>{id}</code>
                </p>
                <Heatmap tensor={t} name={`${a.id}-${id}`} rowLabels={rowsL} colLabels={cols} />
              </div>
            );
          })}
        </div>
      ))}
    </section>
  );
}

/** The lab's own picture, or nothing for labs that the generic steps show well. */
export function LabExtra({ trace, lang }: { trace: Trace; lang: Lang }) {
  switch (trace.lab) {
    case 'tokenization':
      return <Tokenization trace={trace as TokenizationTrace} lang={lang} />;
    case 'embedding':
      return <Embedding trace={trace as EmbeddingTrace} lang={lang} />;
    case 'cross-attention':
      return <CrossAttention trace={trace as CrossAttentionTrace} lang={lang} />;
    case 'architectures':
      return <Architectures trace={trace as ArchitecturesTrace} lang={lang} />;
    default:
      return null;
  }
}
