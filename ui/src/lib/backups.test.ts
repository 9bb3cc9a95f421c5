import { describe, expect, it } from 'vitest';
import { baseName, folderOf, holdsText, keptText, reasonLabel, restoredText, sizeText } from './backups';

describe('backup words', () => {
  it('names every reason, and shows an unknown one as it is', () => {
    expect(reasonLabel('daily')).toBe('Daily');
    expect(reasonLabel('manual')).toBe('Made by hand');
    expect(reasonLabel('before-import')).toBe('Before an import');
    expect(reasonLabel('before-sync')).toBe('Before a site’s first sync');
    expect(reasonLabel('before-restore')).toBe('Before a restore');
    expect(reasonLabel('weekly')).toBe('weekly');
  });

  it('gives sizes in KB or MB with one decimal', () => {
    expect(sizeText(0)).toBe('0.0 KB');
    expect(sizeText(512)).toBe('0.5 KB');
    expect(sizeText(1024 * 1023)).toBe('1,023.0 KB');
    expect(sizeText(1024 * 1024)).toBe('1.0 MB');
    expect(sizeText(3_355_443)).toBe('3.2 MB');
    expect(sizeText(1024 * 1024 * 2048)).toBe('2,048.0 MB');
  });

  it('says what a backup holds', () => {
    expect(holdsText({ comments: 1234, decisions: 56, donations: 7 })).toBe('1,234 comments · 56 decisions · 7 donations');
    expect(holdsText({ comments: 1, decisions: 1, donations: 0 }, ', ')).toBe('1 comment, 1 decision, 0 donations');
  });

  it('finds the folder and file name on either kind of path', () => {
    const file_name = 'readerdesk-20261204T070000Z-daily.db';
    const info = { file_name, reason: 'daily', when: '', size_bytes: 0, comments: 0, decisions: 0, donations: 0, problem: null };
    expect(folderOf({ ...info, path: `/home/o/backups/${file_name}` })).toBe('/home/o/backups');
    expect(folderOf({ ...info, path: `C:\\Users\\o\\backups\\${file_name}` })).toBe('C:\\Users\\o\\backups');
    expect(baseName(`C:\\Users\\o\\backups\\${file_name}`)).toBe(file_name);
  });

  it('says what the rotation keeps', () => {
    expect(keptText({ daily: 7, weekly: 4, monthly: 12 })).toBe(
      'everything from the last day, then one a day for 7 days, one a week for 4 weeks, one a month for 12 months',
    );
    expect(keptText({ daily: 1, weekly: 0, monthly: 1 })).toBe('everything from the last day, then one a day for 1 day, one a month for 1 month');
  });

  it('says what a restore brought back', () => {
    const summary = { restored_from: '/b/x.db', kept_as: null, comments: 2, decisions: 1, donations: 0 };
    expect(restoredText(summary, '4 Dec 2026, 09:00')).toBe('Restored the backup from 4 Dec 2026, 09:00: 2 comments, 1 decision, 0 donations.');
    expect(restoredText(summary, null)).toBe('Restored x.db: 2 comments, 1 decision, 0 donations.');
  });
});
