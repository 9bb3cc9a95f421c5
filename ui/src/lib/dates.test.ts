import { describe, expect, it } from 'vitest';
import { daysInMonth, formatDay, formatHint, NEWSROOM_DAY_FORMAT, parseDay, type DayText } from './dates';

const day = (d: string): DayText => ({ kind: 'day', day: d });
const message = (read: DayText) => (read.kind === 'invalid' ? read.message : null);

describe('the newsroom’s day format', () => {
  it('is ISO 8601, which no newsroom can misread', () => {
    expect(NEWSROOM_DAY_FORMAT).toBe('YYYY-MM-DD');
    expect(formatHint()).toBe('Write the date as YYYY-MM-DD, for example 2026-11-27.');
  });

  it('writes a day in each format, and leaves other text alone', () => {
    expect(formatDay('2026-03-05')).toBe('2026-03-05');
    expect(formatDay('2026-03-05', 'DD.MM.YYYY')).toBe('05.03.2026');
    expect(formatDay('2026-03-05', 'DD/MM/YYYY')).toBe('05/03/2026');
    expect(formatDay('2026-03-05', 'MM/DD/YYYY')).toBe('03/05/2026');
    expect(formatDay('')).toBe('');
    expect(formatDay('soon')).toBe('soon');
  });
});

describe('reading a typed day', () => {
  it('reads the newsroom format, leading zeros optional, spaces around ignored', () => {
    expect(parseDay('2026-03-05')).toEqual(day('2026-03-05'));
    expect(parseDay('  2026-3-5 ')).toEqual(day('2026-03-05'));
    expect(parseDay('2024-02-29')).toEqual(day('2024-02-29'));
    expect(parseDay('2000-02-29')).toEqual(day('2000-02-29'));
  });

  it('reads a day written as the window shows days', () => {
    expect(parseDay('5 Mar 2026')).toEqual(day('2026-03-05'));
    expect(parseDay('05 march 2026')).toEqual(day('2026-03-05'));
    expect(parseDay('27 Sept 2026')).toEqual(day('2026-09-27'));
    expect(parseDay('27 Nov. 2026')).toEqual(day('2026-11-27'));
    expect(message(parseDay('5 Marz 2026'))).toMatch(/^“Marz” is not a month\. Write the date as YYYY-MM-DD/);
  });

  it('is empty when nothing but spaces was typed', () => {
    expect(parseDay('')).toEqual({ kind: 'empty' });
    expect(parseDay('   ')).toEqual({ kind: 'empty' });
  });

  it('refuses days that do not exist, saying why', () => {
    expect(message(parseDay('2026-02-31'))).toBe('There is no day 31 in February 2026: it has 28 days.');
    expect(message(parseDay('2026-02-29'))).toBe('There is no day 29 in February 2026: it has 28 days.');
    expect(message(parseDay('1900-02-29'))).toBe('There is no day 29 in February 1900: it has 28 days.');
    expect(message(parseDay('2026-04-31'))).toBe('There is no day 31 in April 2026: it has 30 days.');
    expect(message(parseDay('2026-04-00'))).toBe('There is no day 0 in April 2026: it has 30 days.');
    expect(message(parseDay('2026-13-01'))).toBe('There is no month 13: months go from 1 to 12.');
    expect(message(parseDay('31 Feb 2026'))).toBe('There is no day 31 in February 2026: it has 28 days.');
  });

  it('refuses years the app cannot store', () => {
    expect(message(parseDay('0000-01-01'))).toBe('The year must be between 0001 and 9998.');
    expect(message(parseDay('9999-01-01'))).toBe('The year must be between 0001 and 9998.');
    expect(parseDay('0001-01-01')).toEqual(day('0001-01-01'));
    expect(message(parseDay('26-03-05'))).toMatch(/is not a date this field can read/);
    expect(message(parseDay('20260-03-05'))).toMatch(/is not a date this field can read/);
  });

  it('never guesses the order of a day and a month', () => {
    expect(message(parseDay('03/05/2026'))).toBe(
      '“03/05/2026” could be 5 March or 3 May. Write the date as YYYY-MM-DD, for example 2026-11-27.',
    );
    expect(message(parseDay('27/11/2026'))).toBe(
      '“27/11/2026” is not a date this field can read. Write the date as YYYY-MM-DD, for example 2026-11-27.',
    );
    expect(parseDay('05.05.2026').kind).toBe('invalid');
    expect(parseDay('2026/03/05').kind).toBe('invalid');
    expect(parseDay('20260305').kind).toBe('invalid');
    expect(parseDay('March 5, 2026').kind).toBe('invalid');
    expect(parseDay('2026-03-05T10:00').kind).toBe('invalid');
  });

  it('reads other formats for a newsroom that writes days another way, ISO 8601 always', () => {
    expect(parseDay('05.03.2026', 'DD.MM.YYYY')).toEqual(day('2026-03-05'));
    expect(parseDay('5/3/2026', 'DD/MM/YYYY')).toEqual(day('2026-03-05'));
    expect(parseDay('3/5/2026', 'MM/DD/YYYY')).toEqual(day('2026-03-05'));
    expect(parseDay('2026-03-05', 'DD.MM.YYYY')).toEqual(day('2026-03-05'));
    expect(parseDay('05/03/2026', 'DD.MM.YYYY').kind).toBe('invalid');
    expect(parseDay('2026.03.05', 'DD.MM.YYYY').kind).toBe('invalid');
    expect(message(parseDay('31/02/2026', 'DD/MM/YYYY'))).toBe('There is no day 31 in February 2026: it has 28 days.');
    expect(message(parseDay('x', 'DD/MM/YYYY'))).toBe(
      '“x” is not a date this field can read. Write the date as DD/MM/YYYY, for example 27/11/2026.',
    );
  });

  it('counts the days of every month', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12].map((m) => daysInMonth(2026, m))).toEqual([
      31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31,
    ]);
    expect(daysInMonth(2024, 2)).toBe(29);
    expect(daysInMonth(2100, 2)).toBe(28);
  });
});
