// Outside input echoed in a message (a notice, a CLI error) is cut: a 100 kB URL value must never be rendered
// whole. Every message that quotes what a user gave goes through this.

export const CLIP_LENGTH = 60;

/** `text` if short, else its start and an ellipsis with how much was left out. */
export function clip(text: string, max = CLIP_LENGTH): string {
  if (text.length <= max) return text;
  return `${text.slice(0, max)}… (${text.length - max} more characters)`;
}
