// Renders Markdown with TeX (sanitised HTML from ../markdown.ts).
import { useMemo } from 'react';
import { renderMarkdown, renderMarkdownInline } from '../markdown.ts';

export function Markdown({ source, className }: { source: string; className?: string }) {
  const html = useMemo(() => renderMarkdown(source), [source]);
  return <div className={`prose ${className ?? ''}`} dangerouslySetInnerHTML={{ __html: html }} />;
}

export function MarkdownInline({ source }: { source: string }) {
  const html = useMemo(() => renderMarkdownInline(source), [source]);
  return <span dangerouslySetInnerHTML={{ __html: html }} />;
}
