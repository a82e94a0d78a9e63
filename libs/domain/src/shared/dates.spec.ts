import { addDays, dateInZone, daysBetween, isCalendarDate, isTimeZone, startOfDateInZone } from './dates';
import { toKebabCase } from './vocabulary';

describe('calendar dates', () => {
  it.each(['2025-02-28', '2024-02-29', '2026-12-31'])('accepts the real date %s', (d) => expect(isCalendarDate(d)).toBe(true));
  it.each(['2025-02-29', '2025-13-01', '2025-04-31', '2025-1-01', '01/02/2025', '', 20250101, null])('rejects %p', (d) =>
    expect(isCalendarDate(d)).toBe(false),
  );

  it('counts whole days across a month end and a clock change', () => {
    expect(daysBetween('2026-03-28', '2026-04-02')).toBe(5);
    expect(daysBetween('2026-04-02', '2026-03-28')).toBe(-5);
    expect(addDays('2026-02-27', 2)).toBe('2026-03-01');
  });

  it('reads the date in the programme time zone, not UTC', () => {
    // 23:30 UTC on 30 June is 00:30 on 1 July in London (BST).
    expect(dateInZone(new Date('2026-06-30T23:30:00Z'), 'Europe/London')).toBe('2026-07-01');
    expect(dateInZone(new Date('2026-01-15T23:30:00Z'), 'Europe/London')).toBe('2026-01-15');
    expect(isTimeZone('Europe/London')).toBe(true);
    expect(isTimeZone('Mars/Olympus')).toBe(false);
  });

  it('turns the date at midnight in the zone, however often it was just asked', () => {
    for (const second of [0, 20, 59]) expect(dateInZone(new Date(`2026-06-30T22:59:${String(second).padStart(2, '0')}Z`), 'Europe/London')).toBe('2026-06-30');
    expect(dateInZone(new Date('2026-06-30T23:00:00Z'), 'Europe/London')).toBe('2026-07-01');
    expect(dateInZone(new Date('2026-06-30T23:00:00Z'), 'America/New_York')).toBe('2026-06-30');
    expect(dateInZone(new Date('2026-06-30T22:59:59Z'), 'Europe/London')).toBe('2026-06-30');
  });

  it('gives the instant a date begins in the zone, on either side of a clock change', () => {
    const start = (date: string, zone: string) => startOfDateInZone(date, zone).toISOString();
    expect(start('2026-07-01', 'Europe/London')).toBe('2026-06-30T23:00:00.000Z');
    expect(start('2026-01-15', 'Europe/London')).toBe('2026-01-15T00:00:00.000Z');
    // The clocks go forward at 01:00 UTC on 29 March 2026 and back at 01:00 UTC on 25 October.
    expect(start('2026-03-29', 'Europe/London')).toBe('2026-03-29T00:00:00.000Z');
    expect(start('2026-03-30', 'Europe/London')).toBe('2026-03-29T23:00:00.000Z');
    expect(start('2026-10-25', 'Europe/London')).toBe('2026-10-24T23:00:00.000Z');
    expect(start('2026-10-26', 'Europe/London')).toBe('2026-10-26T00:00:00.000Z');
    expect(start('2026-06-30', 'America/New_York')).toBe('2026-06-30T04:00:00.000Z');
    expect(start('2026-06-30', 'Asia/Kolkata')).toBe('2026-06-29T18:30:00.000Z');
    for (const date of ['2026-03-29', '2026-07-01', '2026-10-25']) {
      const at = startOfDateInZone(date, 'Europe/London').getTime();
      expect(dateInZone(new Date(at), 'Europe/London')).toBe(date);
      expect(dateInZone(new Date(at - 1), 'Europe/London')).toBe(addDays(date, -1));
    }
  });

  it('normalises service areas to kebab-case', () => {
    expect(toKebabCase(' Neuro Rehabilitation ')).toBe('neuro-rehabilitation');
    expect(toKebabCase('newModelsOfCare')).toBe('new-models-of-care');
    expect(toKebabCase('Cardiac')).toBe('cardiac');
  });
});
