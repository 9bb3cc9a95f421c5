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

describe('isHidden, the wider set', () => {
  it('marks the Arabic letter mark, line and paragraph separators and annotation characters', () => {
    for (const code of [0x061c, 0x2028, 0x2029, 0xfff9, 0xfffa, 0xfffb]) {
      expect(isHidden(code), code.toString(16)).toBe(true);
    }
    expect(isHidden(0xfffc)).toBe(false); // OBJECT REPLACEMENT CHARACTER is visible
    expect(isHidden(0x061b)).toBe(false); // ARABIC SEMICOLON
  });

  it('marks every tag character and nothing next to the block', () => {
    expect(isHidden(0xe0000)).toBe(true);
    expect(isHidden(0xe0041)).toBe(true);
    expect(isHidden(0xe007f)).toBe(true);
    expect(isHidden(0xdffff)).toBe(false);
    expect(isHidden(0xe0080)).toBe(false);
  });

  it('names them and keeps the text whole', () => {
    const text = 'a\u061cb\u2028c\u2029d\ufff9e\ufffbf';
    const parts = segments(text);
    expect(parts.map((p) => p.text).join('')).toBe(text);
    expect(parts.filter((p) => p.kind === 'hidden').map((p) => p.kind === 'hidden' && p.label)).toEqual([
      'U+061C ARABIC LETTER MARK',
      'U+2028 LINE SEPARATOR',
      'U+2029 PARAGRAPH SEPARATOR',
      'U+FFF9 INTERLINEAR ANNOTATION ANCHOR',
      'U+FFFB INTERLINEAR ANNOTATION TERMINATOR',
    ]);
  });

  it('shows a hidden tag message character by character', () => {
    const smuggled = 'hi' + String.fromCodePoint(0xe0001, 0xe0048, 0xe0049, 0xe007f);
    const hidden = segments(smuggled).filter((p) => p.kind === 'hidden');
    expect(hidden.map((p) => p.kind === 'hidden' && marker(p))).toEqual(['⟨E0001⟩', '⟨E0048⟩', '⟨E0049⟩', '⟨E007F⟩']);
    expect(hidden.map((p) => p.kind === 'hidden' && p.label)).toEqual([
      'U+E0001 LANGUAGE TAG',
      'U+E0048 TAG CHARACTER FOR "H"',
      'U+E0049 TAG CHARACTER FOR "I"',
      'U+E007F CANCEL TAG',
    ]);
    expect(segments(smuggled).map((p) => p.text).join('')).toBe(smuggled);
  });
});
