// The one number syntax outside input may use (URL values, CLI flags, the map's fields): a plain decimal as a
// person writes it — `10`, `-0.5`, `.5`, `1e-3`. JavaScript's Number() also reads `0x10`, `0b11`, `Infinity`,
// `` (as 0) and surrounding spaces; a link must not smuggle those in as a silent change, so they are refused.
// The pattern has no two quantifiers that can share a character (no backtracking blow-up), and the length is
// checked before it runs.

/** Longer number texts are refused unread: 64 characters hold any double written in full. */
export const MAX_NUMBER_LENGTH = 64;

const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?$/i;

/**
 * The number a decimal text denotes (±Infinity beyond the double range: callers clamp), with -0 read as 0;
 * null when the text is not a plain decimal.
 */
export function readDecimal(text: string): number | null {
  if (text.length > MAX_NUMBER_LENGTH || !DECIMAL.test(text)) return null;
  return Number(text) + 0;
}

/** Why readDecimal refused `text`, as a notice words it after the quoted value. */
export function refusedWhy(text: string): string {
  return text.length > MAX_NUMBER_LENGTH ? `is too long for a number (over ${MAX_NUMBER_LENGTH} characters)` : 'is not a plain decimal number';
}

/** A decimal text that is not 0 but reads as 0 (`1e-400`: below the smallest double). */
export function underflowsToZero(text: string, read: number): boolean {
  return read === 0 && /[1-9]/.test(text.replace(/e.*$/i, ''));
}

/** What a notice says of such a text, after the quoted value. */
export const READS_AS_ZERO = 'is too small for a double and reads as 0';
