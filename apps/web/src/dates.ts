const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const DATE = /\b(\d{4})-(\d{2})-(\d{2})\b/g;

/**
 * A calendar date as people read it, the NHS way: 2025-10-20 is "20 October 2025". Anything else is
 * given back as it came. Written out rather than through Intl, so every browser says the same.
 */
export function humanDate(date: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const month = m ? MONTHS[Number(m[2]) - 1] : undefined;
  return m && month ? `${Number(m[3])} ${month} ${Number(m[1])}` : date;
}

/** An instant as people read it, in the browser's own time: "3 December 2026, 17:49". */
export function humanInstant(instant: string): string {
  const at = new Date(instant);
  if (Number.isNaN(at.getTime())) return instant;
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${at.getDate()} ${MONTHS[at.getMonth()]} ${at.getFullYear()}, ${pad(at.getHours())}:${pad(at.getMinutes())}`;
}

/** A sentence with each calendar date in it written as people read it. */
export const humanDates = (text: string): string => text.replace(DATE, (date) => humanDate(date));
