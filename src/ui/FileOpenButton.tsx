// "Open …" for a file the app reads (a run, a map): a button that opens the browser's file chooser through a
// hidden input. The input is reset after each choice so the same file can be opened twice in a row.
import { useRef } from 'react';

export function FileOpenButton({ label, what, testId, onFile }: {
  /** The button's text ("Open run…"). */
  label: string;
  /** What the chooser is for, as its accessible name ("run file to open"). */
  what: string;
  testId: string;
  onFile: (file: File | undefined) => void;
}) {
  const input = useRef<HTMLInputElement>(null);
  return (
    <>
      <button type="button" onClick={() => input.current?.click()}>{label}</button>
      <input
        ref={input}
        type="file"
        accept=".json,application/json"
        hidden
        aria-label={what}
        data-testid={testId}
        onChange={(e) => {
          const file = e.target.files?.[0];
          e.target.value = '';
          onFile(file);
        }}
      />
    </>
  );
}
