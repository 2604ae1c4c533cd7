// Lesson text: prose with formulas between $…$, typeset by KaTeX.
import { Fragment } from 'react';
import { Tex } from '../Tex';

export function RichText({ text }: { text: string }) {
  const parts = text.split('$');
  // Even parts are prose, odd parts formulas (an unmatched $ leaves the rest as prose).
  return <>{parts.map((part, i) => (i % 2 === 1 && i < parts.length - 1 ? <Tex key={i}>{part}</Tex> : <Fragment key={i}>{part}</Fragment>))}</>;
}
