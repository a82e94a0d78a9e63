import { correctionText, entryDetails, TIMELINE_KINDS, type EntryLookups } from '@pairtrail/vocabulary';
import { humanDates } from './dates';
import { findIn } from './lists';

/**
 * What a pair's timeline screen says of its entries that only a reader's screen needs: who put an entry
 * right, as the reader would say it, and finding in the entries. What an entry says beyond its summary is
 * shared with the API (`entryDetails`, in the vocabulary).
 */

interface Entry {
  type: string;
  data: Record<string, unknown>;
}

/** Who recorded an entry, a correction or a retraction, as the log keeps it: a user with their role, Pairtrail itself, or nobody known. */
type Actor = { userId: string; role: string } | 'system' | null;

/**
 * Who put an entry right, in the words of the person reading: "you", "a coordinator", "a pair member",
 * or "Pairtrail" for the programme's own processes; undefined where the log names nobody.
 */
export function byWhom(actor: Actor, readerId: string): string | undefined {
  if (actor === null) return undefined;
  if (actor === 'system') return 'Pairtrail';
  if (actor.userId === readerId) return 'you';
  return `${/^[aeiou]/.test(actor.role) ? 'an' : 'a'} ${actor.role.replace(/-/g, ' ')}`;
}

interface FoundEntry extends Entry {
  on: string;
  summary: string;
  corrections: readonly { replacement: Record<string, unknown>; reason: string }[];
  retracted?: { reason: string } | null;
}

/**
 * The entries of one kind (`TIMELINE_KINDS`' value; every entry for ''), holding every word typed in what
 * the timeline shows of them: summary, details, corrections and retraction, its date in words too.
 */
export function findInTimeline<T extends FoundEntry>(
  entries: readonly T[],
  kind: string,
  typed: string,
  nameOf: (participantId: string) => string,
  lookups: EntryLookups,
): T[] {
  const types: readonly string[] | undefined = TIMELINE_KINDS.find((k) => k.value === kind)?.types;
  const ofKind = types ? entries.filter((e) => types.includes(e.type)) : entries;
  // As the timeline shows them: its dates in words ("March 2026" finds a meeting held on 2026-03-12).
  return findIn(ofKind, typed, (e) =>
    [
      e.on,
      e.summary,
      ...entryDetails(e, nameOf, lookups),
      ...e.corrections.flatMap((c) => [correctionText(c.replacement, nameOf), c.reason]),
      e.retracted?.reason,
    ].map((t) => (t === undefined ? t : humanDates(t))),
  );
}
