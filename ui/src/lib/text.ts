// Reader text made safe to look at: it is always rendered as text by Svelte; this only splits
// out the invisible characters (controls, zero-width and direction marks) a spammer can hide,
// so the card can show them as visible markers while keeping the original characters.

export type Segment = { kind: 'text'; text: string } | { kind: 'hidden'; text: string; label: string };

const NAMES: Record<number, string> = {
  0x00ad: 'SOFT HYPHEN',
  0x061c: 'ARABIC LETTER MARK',
  0x200b: 'ZERO WIDTH SPACE',
  0x200e: 'LEFT-TO-RIGHT MARK',
  0x200f: 'RIGHT-TO-LEFT MARK',
  0x202a: 'LEFT-TO-RIGHT EMBEDDING',
  0x202b: 'RIGHT-TO-LEFT EMBEDDING',
  0x202c: 'POP DIRECTIONAL FORMATTING',
  0x202d: 'LEFT-TO-RIGHT OVERRIDE',
  0x202e: 'RIGHT-TO-LEFT OVERRIDE',
  0x2028: 'LINE SEPARATOR',
  0x2029: 'PARAGRAPH SEPARATOR',
  0x2060: 'WORD JOINER',
  0x2061: 'FUNCTION APPLICATION',
  0x2062: 'INVISIBLE TIMES',
  0x2063: 'INVISIBLE SEPARATOR',
  0x2064: 'INVISIBLE PLUS',
  0x2066: 'LEFT-TO-RIGHT ISOLATE',
  0x2067: 'RIGHT-TO-LEFT ISOLATE',
  0x2068: 'FIRST STRONG ISOLATE',
  0x2069: 'POP DIRECTIONAL ISOLATE',
  0xfeff: 'ZERO WIDTH NO-BREAK SPACE',
  0xfff9: 'INTERLINEAR ANNOTATION ANCHOR',
  0xfffa: 'INTERLINEAR ANNOTATION SEPARATOR',
  0xfffb: 'INTERLINEAR ANNOTATION TERMINATOR',
  0xe0001: 'LANGUAGE TAG',
  0xe0020: 'TAG SPACE',
  0xe007f: 'CANCEL TAG',
};

/** True for characters that take no visible space and can hide or reorder text. */
export function isHidden(code: number): boolean {
  if (code === 0x09 || code === 0x0a || code === 0x0d) return false;
  if (code < 0x20 || (code >= 0x7f && code <= 0x9f)) return true;
  if (code === 0x200b || code === 0x200e || code === 0x200f) return true;
  if (code >= 0x202a && code <= 0x202e) return true;
  if (code >= 0x2060 && code <= 0x2064) return true;
  if (code >= 0x2066 && code <= 0x2069) return true;
  if (code === 0x061c || code === 0x2028 || code === 0x2029) return true;
  if (code >= 0xfff9 && code <= 0xfffb) return true;
  // Tag characters: invisible copies of ASCII that can smuggle a hidden message.
  if (code >= 0xe0000 && code <= 0xe007f) return true;
  return code === 0xfeff || code === 0x00ad;
}

/** A tag character that mirrors printable ASCII says which character it hides. */
function tagName(code: number): string | null {
  if (code < 0xe0000 || code > 0xe007f) return null;
  const ascii = code - 0xe0000;
  if (ascii > 0x20 && ascii < 0x7f) return `TAG CHARACTER FOR "${String.fromCharCode(ascii)}"`;
  return 'TAG CHARACTER';
}

function label(code: number): string {
  const hex = code.toString(16).toUpperCase().padStart(4, '0');
  const name = NAMES[code] ?? tagName(code) ?? 'CONTROL CHARACTER';
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

/** A segment, and whether the rules' evidence covers it (to be marked in the text). */
export type MarkedSegment = Segment & { marked: boolean };

/**
 * `segments`, split where the rules' evidence starts and ends. `marks` are [start, end)
 * ranges in UTF-16 code units, as the app sends them.
 */
export function markedSegments(text: string, marks: [number, number][]): MarkedSegment[] {
  if (marks.length === 0) return segments(text).map((s) => ({ ...s, marked: false }));
  const covered = (pos: number) => marks.some(([a, b]) => pos >= a && pos < b);
  const out: MarkedSegment[] = [];
  let run = '';
  let runMarked = false;
  let pos = 0;
  const flush = () => {
    if (run) out.push({ kind: 'text', text: run, marked: runMarked });
    run = '';
  };
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    const marked = covered(pos);
    if (isHidden(code)) {
      flush();
      out.push({ kind: 'hidden', text: ch, label: label(code), marked });
    } else {
      if (marked !== runMarked) flush();
      runMarked = marked;
      run += ch;
    }
    pos += ch.length;
  }
  flush();
  return out;
}
