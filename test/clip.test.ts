import { describe, expect, it } from 'vitest';
import { clip, CLIP_LENGTH } from '../src/core/clip';

describe('clip', () => {
  it('keeps short text and cuts long text with an ellipsis and a count', () => {
    expect(clip('relu')).toBe('relu');
    const long = 'x'.repeat(100_000);
    const cut = clip(long);
    expect(cut.length).toBeLessThan(CLIP_LENGTH + 40);
    expect(cut).toContain('…');
    expect(cut).toContain(`${100_000 - CLIP_LENGTH} more characters`);
  });
});
