// Days typed in a form. The window does not use the machine's date input (its placeholder and
// its reading of "03/05/2026" follow the machine's locale, usually US): a day is typed as text
// in the newsroom's format and read strictly into the form the app takes, YYYY-MM-DD.
//
// The newsroom's settings hold a time zone and a reporting currency, neither of which says how
// its people write dates (a euro newsroom may write 27.11.2026, 27/11/2026 or 2026-11-27), so
// the newsroom's format is ISO 8601: the way the app already writes every day (a campaign's
// period, exchange rates, imports, exports, its own error messages) and the one a reader in
// any country cannot misread. The other formats are here for a date-format setting to choose.

export type DayFormat = 'YYYY-MM-DD' | 'DD.MM.YYYY' | 'DD/MM/YYYY' | 'MM/DD/YYYY';

/** How the newsroom writes a day. */
export const NEWSROOM_DAY_FORMAT: DayFormat = 'YYYY-MM-DD';

/** What a day field's text says: nothing, a day (as YYYY-MM-DD), or why it is not a day. */
export type DayText = { kind: 'empty' } | { kind: 'day'; day: string } | { kind: 'invalid'; message: string };

type Part = 'Y' | 'M' | 'D';

const LAYOUTS: Record<DayFormat, { order: [Part, Part, Part]; sep: string }> = {
  'YYYY-MM-DD': { order: ['Y', 'M', 'D'], sep: '-' },
  'DD.MM.YYYY': { order: ['D', 'M', 'Y'], sep: '.' },
  'DD/MM/YYYY': { order: ['D', 'M', 'Y'], sep: '/' },
  'MM/DD/YYYY': { order: ['M', 'D', 'Y'], sep: '/' },
};

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** The example every message gives: the 27th cannot be mistaken for a month. */
const EXAMPLE = '2026-11-27';

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

const isLeap = (year: number) => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;

/** Days in `month` (1–12) of `year`. */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeap(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** `iso` (YYYY-MM-DD) written in `format`; text that is not such a day is returned as it is. */
export function formatDay(iso: string, format: DayFormat = NEWSROOM_DAY_FORMAT): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) return iso;
  const parts: Record<Part, string> = { Y: m[1], M: m[2], D: m[3] };
  const { order, sep } = LAYOUTS[format];
  return order.map((p) => parts[p]).join(sep);
}

/** "Write the date as YYYY-MM-DD, for example 2026-11-27." */
export function formatHint(format: DayFormat = NEWSROOM_DAY_FORMAT): string {
  return `Write the date as ${format}, for example ${formatDay(EXAMPLE, format)}.`;
}

/** The month named by `word`: its English name or first three letters ("Mar", "march", "Sept"). */
function monthNamed(word: string): number | null {
  const w = word.toLowerCase();
  if (w.length < 3) return null;
  const i = MONTHS.findIndex((name) => {
    const n = name.toLowerCase();
    return w === n || w === n.slice(0, 3) || (n === 'september' && w === 'sept');
  });
  return i === -1 ? null : i + 1;
}

/** The day, or why year-month-day is not one (checked as the app checks it). */
function check(year: number, month: number, day: number): DayText {
  if (year < 1 || year > 9998) return { kind: 'invalid', message: `The year must be between 0001 and 9998.` };
  if (month < 1 || month > 12) return { kind: 'invalid', message: `There is no month ${month}: months go from 1 to 12.` };
  const last = daysInMonth(year, month);
  if (day < 1 || day > last) {
    const name = `${MONTHS[month - 1]} ${pad(year, 4)}`;
    return { kind: 'invalid', message: `There is no day ${day} in ${name}: it has ${last} days.` };
  }
  return { kind: 'day', day: `${pad(year, 4)}-${pad(month)}-${pad(day)}` };
}

const NUMERIC = /^(\d{1,4})([-./])(\d{1,2})\2(\d{1,4})$/;

/**
 * Reads a day typed in `format` (leading zeros optional), in ISO 8601 (2026-11-27), or written
 * as the window shows days ("27 Nov 2026", "27 November 2026"). Nothing else is guessed: a year
 * must have four digits, and numbers in another order or with another separator are refused,
 * since "03/05/2026" means 3 May in one country and March 5 in another. The day must exist
 * (no 31 April, 29 February only in a leap year) and its year be 0001–9998, as the app checks.
 */
export function parseDay(text: string, format: DayFormat = NEWSROOM_DAY_FORMAT): DayText {
  const t = text.trim();
  if (t === '') return { kind: 'empty' };
  const hint = formatHint(format);

  const named = /^(\d{1,2})\s+([A-Za-z]+)\.?,?\s+(\d{4})$/.exec(t);
  if (named) {
    const month = monthNamed(named[2]);
    if (month === null) return { kind: 'invalid', message: `“${named[2]}” is not a month. ${hint}` };
    return check(Number(named[3]), month, Number(named[1]));
  }

  const m = NUMERIC.exec(t);
  const { order, sep } = LAYOUTS[format];
  if (m) {
    const fields = [m[1], m[3], m[4]];
    const expected = order.map((p) => (p === 'Y' ? 4 : 2));
    const fits = m[2] === sep && fields.every((f, i) => (expected[i] === 4 ? f.length === 4 : f.length <= 2));
    if (fits) {
      const at = (p: Part) => Number(fields[order.indexOf(p)]);
      return check(at('Y'), at('M'), at('D'));
    }
    // Year first with dashes (ISO 8601) is read the same way everywhere.
    if (m[2] === '-' && m[1].length === 4 && m[4].length <= 2) return check(Number(m[1]), Number(m[3]), Number(m[4]));
    if (m[1].length <= 2 && m[4].length === 4 && order[0] === 'Y') {
      const a = Number(m[1]);
      const b = Number(m[3]);
      if (a !== b && a >= 1 && a <= 12 && b >= 1 && b <= 12) {
        return {
          kind: 'invalid',
          message: `“${t}” could be ${b} ${MONTHS[a - 1]} or ${a} ${MONTHS[b - 1]}. ${hint}`,
        };
      }
    }
  }
  return { kind: 'invalid', message: `“${t}” is not a date this field can read. ${hint}` };
}
