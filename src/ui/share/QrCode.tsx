// A QR code of a link, drawn as one SVG path (qrcode-generator computes the modules), so it stays sharp on a
// projector at any size. Too long a link for a QR code says so instead.
// Its types declare only the default export (`export =`), though the module also names it.
// oxlint-disable-next-line import/no-named-as-default
import qrcode from 'qrcode-generator';
import { useMemo } from 'react';

/** Four modules of quiet zone around the code, as the QR standard asks. */
const QUIET = 4;

function qrPath(text: string): { size: number; path: string } | null {
  try {
    const code = qrcode(0, 'M');
    code.addData(text);
    code.make();
    const count = code.getModuleCount();
    let path = '';
    for (let row = 0; row < count; row++) {
      for (let col = 0; col < count; col++) {
        if (code.isDark(row, col)) path += `M${col + QUIET} ${row + QUIET}h1v1h-1z`;
      }
    }
    return { size: count + 2 * QUIET, path };
  } catch {
    return null;
  }
}

export function QrCode({ text, label }: { text: string; label: string }) {
  const qr = useMemo(() => qrPath(text), [text]);
  if (!qr) return <p className="reason" data-testid="qr-too-long">This link is too long for a QR code; copy it instead.</p>;
  return (
    <svg className="qr" role="img" aria-label={label} viewBox={`0 0 ${qr.size} ${qr.size}`} data-testid="share-qr" shapeRendering="crispEdges">
      <rect width={qr.size} height={qr.size} fill="#fff" />
      <path d={qr.path} fill="#000" />
    </svg>
  );
}
