// A TeX formula rendered by KaTeX (errors shown in place, never thrown).
import katex from 'katex';
import { useMemo } from 'react';

export function Formula({ tex, display = true }: { tex: string; display?: boolean }) {
  const html = useMemo(
    () => katex.renderToString(tex, { throwOnError: false, displayMode: display }),
    [tex, display],
  );
  return <span className="lab-formula" dangerouslySetInnerHTML={{ __html: html }} />;
}
