import { describe, expect, it } from 'vitest';
import { isHidden, marker, segments } from './text';

describe('segments', () => {
  it('keeps ordinary text, newlines and tabs as one run', () => {
    expect(segments('Привіт,\n\tworld <b>')).toEqual([{ kind: 'text', text: 'Привіт,\n\tworld <b>' }]);
  });

  it('splits out zero-width and direction characters with their names', () => {
    const parts = segments('pay\u200bpal \u202eevil');
    expect(parts.map((p) => p.kind)).toEqual(['text', 'hidden', 'text', 'hidden', 'text']);
    const hidden = parts.filter((p) => p.kind === 'hidden');
    expect(hidden.map((p) => p.kind === 'hidden' && p.label)).toEqual([
      'U+200B ZERO WIDTH SPACE',
      'U+202E RIGHT-TO-LEFT OVERRIDE',
    ]);
    expect(hidden[0].kind === 'hidden' && marker(hidden[0])).toBe('⟨200B⟩');
  });

  it('joins back to exactly the original text', () => {
    const text = 'a\u0000b\u0007c\u009fd\ufeffe👨‍👩‍👧';
    expect(segments(text).map((p) => p.text).join('')).toBe(text);
  });

  it('leaves emoji joiners and letters alone', () => {
    expect(isHidden(0x200d)).toBe(false);
    expect(isHidden('я'.codePointAt(0) ?? 0)).toBe(false);
    expect(isHidden(0x1b)).toBe(true);
  });
});
