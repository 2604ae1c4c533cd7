// Formulas typeset by KaTeX: rendered to HTML once per formula string.
import { renderToString } from 'katex';
import 'katex/dist/katex.min.css';
import { useMemo } from 'react';

export function Tex({ children, block = false }: { children: string; block?: boolean }) {
  const html = useMemo(() => renderToString(children, { throwOnError: false, displayMode: block }), [children, block]);
  return <span className={block ? 'tex-block' : 'tex'} dangerouslySetInnerHTML={{ __html: html }} />;
}
