// The lab-specific pictures render from the trace: coloured tokens with byte fragments grouped, the
// word map, the translation, the three architectures.
import { renderToString } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { runLab } from '../../labs/registry.ts';
import { LabExtra } from './lab-views.tsx';

describe('lab views', () => {
  it('tokenization: cl100k splits 猫 into byte fragments, shown as one character with its bytes', () => {
    const html = renderToString(
      <LabExtra trace={runLab('tokenization', { text: '猫' }, 0)} lang="ja" />,
    );
    expect(html).toContain('lab-token-fragment');
    expect(html).toMatch(/猫<sub>3<!-- -->トークン<!-- -->\/<!-- -->3<!-- -->B<\/sub>/);
  });

  it('embedding, cross-attention and architectures draw their pictures', () => {
    expect(renderToString(<LabExtra trace={runLab('embedding', {}, 0)} lang="en" />)).toContain(
      'PCA projection',
    );
    const ca = renderToString(<LabExtra trace={runLab('cross-attention', {}, 3)} lang="ja" />);
    expect(ca).toContain('私 は 猫 が 好き');
    const ar = renderToString(<LabExtra trace={runLab('architectures', {}, 0)} lang="en" />);
    for (const s of ['BERT', 'GPT', 'T5', 'Encoder-only', 'Decoder-only']) expect(ar).toContain(s);
  });
});
