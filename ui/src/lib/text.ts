// Reader text made safe to look at: it is always rendered as text by Svelte; this only splits
// out the invisible characters (controls, zero-width and direction marks) a spammer can hide,
// so the card can show them as visible markers while keeping the original characters.

export type Segment = { kind: 'text'; text: string } | { kind: 'hidden'; text: string; label: string };

const NAMES: Record<number, string> = {
  0x00ad: 'SOFT HYPHEN',
  0x200b: 'ZERO WIDTH SPACE',
  0x200e: 'LEFT-TO-RIGHT MARK',
  0x200f: 'RIGHT-TO-LEFT MARK',
  0x202a: 'LEFT-TO-RIGHT EMBEDDING',
  0x202b: 'RIGHT-TO-LEFT EMBEDDING',
  0x202c: 'POP DIRECTIONAL FORMATTING',
  0x202d: 'LEFT-TO-RIGHT OVERRIDE',
  0x202e: 'RIGHT-TO-LEFT OVERRIDE',
  0x2060: 'WORD JOINER',
  0x2066: 'LEFT-TO-RIGHT ISOLATE',
  0x2067: 'RIGHT-TO-LEFT ISOLATE',
  0x2068: 'FIRST STRONG ISOLATE',
  0x2069: 'POP DIRECTIONAL ISOLATE',
  0xfeff: 'ZERO WIDTH NO-BREAK SPACE',
};

/** True for characters that take no visible space and can hide or reorder text. */
export function isHidden(code: number): boolean {
  if (code === 0x09 || code === 0x0a || code === 0x0d) return false;
  if (code < 0x20 || (code >= 0x7f && code <= 0x9f)) return true;
  if (code === 0x200b || code === 0x200e || code === 0x200f) return true;
  if (code >= 0x202a && code <= 0x202e) return true;
  if (code >= 0x2060 && code <= 0x2064) return true;
  if (code >= 0x2066 && code <= 0x2069) return true;
  return code === 0xfeff || code === 0x00ad;
}

function label(code: number): string {
  const hex = code.toString(16).toUpperCase().padStart(4, '0');
  const name = NAMES[code] ?? 'CONTROL CHARACTER';
  return `U+${hex} ${name}`;
}

/** Splits `text` into runs of ordinary text and single hidden characters. */
export function segments(text: string): Segment[] {
  const out: Segment[] = [];
  let run = '';
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    if (isHidden(code)) {
      if (run) out.push({ kind: 'text', text: run });
      run = '';
      out.push({ kind: 'hidden', text: ch, label: label(code) });
    } else {
      run += ch;
    }
  }
  if (run) out.push({ kind: 'text', text: run });
  return out;
}

/** The hidden-character marker shown in place of the character. */
export function marker(segment: Extract<Segment, { kind: 'hidden' }>): string {
  const code = segment.text.codePointAt(0) ?? 0;
  return `⟨${code.toString(16).toUpperCase().padStart(4, '0')}⟩`;
}
