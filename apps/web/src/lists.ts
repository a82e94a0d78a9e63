/** Pure helpers the screens share: finding, sorting and charting long lists, and the day a form starts from. Tested without a browser. */
import { comparable, counted } from '@pairtrail/vocabulary';

const collator = new Intl.Collator('en-GB', { numeric: true, sensitivity: 'base' });

/** Rows in the order of a label, as a reader sorts: any case, numbers by value (pair 2 before pair 10). */
export function byLabel<T>(rows: readonly T[], label: (row: T) => string): T[] {
  return [...rows].sort((a, b) => collator.compare(label(a), label(b)));
}

/**
 * Rows whose texts hold every word typed, in any case and in any order, with or without its accents and
 * however its apostrophes were typed (`comparable`); all of them for nothing typed.
 */
export function findIn<T>(rows: readonly T[], typed: string, texts: (row: T) => (string | null | undefined)[]): T[] {
  const words = comparable(typed, { accents: 'ignored' }).split(' ').filter(Boolean);
  if (words.length === 0) return [...rows];
  return rows.filter((row) => {
    const text = comparable(
      texts(row)
        .filter((t): t is string => typeof t === 'string')
        .join(' '),
      { accents: 'ignored' },
    );
    return words.every((word) => text.includes(word));
  });
}

/**
 * A vocabulary word as people write it: "new-models-of-care" is "New models of care" (or "new models of
 * care" inside a sentence). The API keeps service areas, perspectives and categories in kebab case.
 */
export function wordsOf(slug: string, { inSentence = false } = {}): string {
  const words = slug.replace(/-/g, ' ');
  return inSentence ? words : capitalised(words);
}

/** A text to begin a sentence or a label with: its first letter a capital. */
export const capitalised = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

export { counted };

/** "Showing 12 of 1,000 pairs", or "1,000 pairs" when nothing is left out. */
export function showing(shown: number, of: number, noun: string): string {
  const count = (n: number) => n.toLocaleString('en-GB');
  return shown === of ? `${count(of)} ${noun}` : `Showing ${count(shown)} of ${count(of)} ${noun}`;
}

/** Up to this many pairs, relationship-score change is charted pair by pair; past it, the bars are too thin to read. */
export const PAIRS_CHARTED_ONE_BY_ONE = 40;

interface Relationship {
  relationship: { livedExperience: { change: number | null }; professional: { change: number | null } };
}

/**
 * How many partners' relationship scores moved by each amount, from −4 to +4 (scores run from 1 to 5),
 * for each perspective; partners with fewer than two reflections have no change and are not counted.
 */
export function changeDistribution(pairs: readonly Relationship[]): { labels: string[]; livedExperience: number[]; professional: number[] } {
  const steps = [-4, -3, -2, -1, 0, 1, 2, 3, 4];
  const count = (changes: (number | null)[]) => steps.map((step) => changes.filter((c) => c === step).length);
  return {
    labels: steps.map((s) => (s > 0 ? `+${s}` : s < 0 ? `−${-s}` : '0')),
    livedExperience: count(pairs.map((p) => p.relationship.livedExperience.change)),
    professional: count(pairs.map((p) => p.relationship.professional.change)),
  };
}

/**
 * Whom a relationship change is known of: the partners who have reflected at least twice, of every
 * partner of the pairs shown. A mean change, or a chart of changes, says nothing of the others, and a
 * reader must know how many those are to weigh it.
 */
export function changeKnownOf(pairs: readonly Relationship[]): string {
  const changes = pairs.flatMap((p) => [p.relationship.livedExperience.change, p.relationship.professional.change]);
  const known = changes.filter((c) => c !== null).length;
  if (known === changes.length) return `A change is known for every partner: each of the ${counted(changes.length, 'partner')} has reflected at least twice.`;
  return `A change is known for ${known.toLocaleString('en-GB')} of the ${counted(changes.length, 'partner')}, those who have reflected at least twice; the mean relationship changes in the tables above are over them alone.`;
}

/** A long story's latest entries, in their order, and how many earlier ones are left out ("show all" shows them). */
export function latest<T>(rows: readonly T[], count: number): { shown: T[]; earlier: number } {
  const earlier = Math.max(0, rows.length - count);
  return { shown: rows.slice(earlier), earlier };
}

/** The choices found by what is typed (`findIn` their labels), and the one chosen, found or not: a choice made is never hidden. */
export function narrowed<T extends { value: string; label: string }>(choices: readonly T[], typed: string, chosen: string): T[] {
  const found = findIn(choices, typed, (c) => [c.label]);
  return chosen && !found.some((c) => c.value === chosen) ? [...choices.filter((c) => c.value === chosen), ...found] : found;
}

/** A long list's first rows, and how many more there are ("show all" shows them). */
export function first<T>(rows: readonly T[], count: number): { shown: T[]; more: number } {
  return { shown: rows.slice(0, count), more: Math.max(0, rows.length - count) };
}

/**
 * Today's date where the browser is, YYYY-MM-DD, for a form's date to start from: not UTC's, which is
 * yesterday's for an hour after midnight in British summer time.
 */
export function localToday(now: Date = new Date()): string {
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
}

/**
 * How to split a CSV file too large for one request of `limit` bytes: into parts of some 90% of it, so
 * that rows longer than the file's average do not push one over, each with this many rows after the header.
 */
export function splitFor(text: string, bytes: number, limit: number): { parts: number; rowsEach: number } {
  const rows = Math.max(1, text.split(/\r?\n/).filter((line) => line.trim() !== '').length - 1);
  const parts = Math.ceil(bytes / (limit * 0.9));
  return { parts, rowsEach: Math.floor(rows / parts) };
}

/** A pair's name on screen: its initiative's title, or what it set out to change. */
export const titleOf = (p: { initiative?: { title: string } | null; focus: string }) => p.initiative?.title ?? p.focus;

/** The start of a long text, enough to know it by in a list of choices: notes run to thousands of characters. */
export function glimpse(text: string, most = 50): string {
  if (text.length <= most) return text;
  const cut = text.slice(0, most - 1);
  // At a word's end where there is one: "after his own…", not "after his own b…".
  return `${cut.slice(0, cut.lastIndexOf(' ') > most / 2 ? cut.lastIndexOf(' ') : cut.length).trimEnd()}…`;
}
