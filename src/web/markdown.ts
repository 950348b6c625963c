// Markdown with TeX: markdown-it plus two small rules that hand $…$ (inline) and $$…$$ (display)
// to KaTeX, then DOMPurify over the result. Content is ours, but sanitising keeps it honest.
import MarkdownIt from 'markdown-it';
import type { StateBlock, StateInline } from 'markdown-it';
import katex from 'katex';
import DOMPurify from 'dompurify';

function tex(src: string, displayMode: boolean): string {
  return katex.renderToString(src, { displayMode, throwOnError: false, output: 'htmlAndMathml' });
}

/** `$x$` or `$$x$$` inside a line. A `$` followed by a space or digit-only text like "$5" is kept. */
function mathInline(state: StateInline, silent: boolean): boolean {
  const { src, pos } = state;
  if (src[pos] !== '$') return false;
  const display = src[pos + 1] === '$';
  const open = display ? 2 : 1;
  const start = pos + open;
  if (!display && (src[start] === ' ' || src[start] === undefined)) return false;
  let end = start;
  for (;;) {
    end = src.indexOf(display ? '$$' : '$', end);
    if (end === -1) return false;
    if (src[end - 1] === '\\') {
      end += 1;
      continue;
    }
    break;
  }
  const body = src.slice(start, end);
  if (!body.trim()) return false;
  // NOTE: "$5 and $10" is money, not math: an inline closing `$` must not follow a space
  // nor precede a digit.
  if (!display && (src[end - 1] === ' ' || /\d/.test(src[end + 1] ?? ''))) return false;
  if (!silent) {
    const token = state.push(display ? 'math_display' : 'math_inline', 'math', 0);
    token.content = body;
  }
  state.pos = end + open;
  return true;
}

/** A `$$` … `$$` block, on its own lines (the opening line may hold the whole formula). */
function mathBlock(
  state: StateBlock,
  startLine: number,
  endLine: number,
  silent: boolean,
): boolean {
  let pos = state.bMarks[startLine] + state.tShift[startLine];
  let max = state.eMarks[startLine];
  if (state.src.slice(pos, pos + 2) !== '$$') return false;
  pos += 2;
  let first = state.src.slice(pos, max);
  let last = '';
  let line = startLine;
  let found = false;
  if (first.trim().endsWith('$$')) {
    first = first.trim().slice(0, -2);
    found = true;
  }
  if (silent) return true;
  while (!found) {
    line++;
    if (line >= endLine) break;
    pos = state.bMarks[line] + state.tShift[line];
    max = state.eMarks[line];
    if (pos < max && state.tShift[line] < state.blkIndent) break;
    const text = state.src.slice(pos, max);
    if (text.trim().endsWith('$$')) {
      last = text.trim().slice(0, -2);
      found = true;
    }
  }
  if (!found) return false;
  state.line = line + 1;
  const token = state.push('math_block', 'math', 0);
  token.block = true;
  token.content = [
    first,
    line > startLine + 1 ? state.getLines(startLine + 1, line, state.tShift[startLine], true) : '',
    last,
  ]
    .filter((s) => s.trim())
    .join('\n');
  token.map = [startLine, state.line];
  return true;
}

const md = new MarkdownIt({ html: false, linkify: true, typographer: false });
md.inline.ruler.before('escape', 'math_inline', mathInline);
md.block.ruler.before('fence', 'math_block', mathBlock, {
  alt: ['paragraph', 'reference', 'blockquote', 'list'],
});
md.renderer.rules.math_inline = (tokens, i) => tex(tokens[i].content, false);
md.renderer.rules.math_display = (tokens, i) => tex(tokens[i].content, true);
md.renderer.rules.math_block = (tokens, i) =>
  `<div class="math-block">${tex(tokens[i].content, true)}</div>\n`;

// External links open in a new tab without handing over window.opener.
DOMPurify.addHook('afterSanitizeAttributes', (node) => {
  if (node.tagName === 'A' && /^https?:/.test(node.getAttribute('href') ?? '')) {
    node.setAttribute('target', '_blank');
    node.setAttribute('rel', 'noopener noreferrer');
  }
});

export function renderMarkdown(src: string): string {
  return DOMPurify.sanitize(md.render(src), { ADD_ATTR: ['target'] });
}

/** One line of Markdown without the surrounding <p> (for summaries and table cells). */
export function renderMarkdownInline(src: string): string {
  return DOMPurify.sanitize(md.renderInline(src), { ADD_ATTR: ['target'] });
}
