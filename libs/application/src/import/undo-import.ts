import { NotFoundError, RuleViolatedError, pairView, type PairState } from '@pairtrail/domain';
import { newCommandId, type CommandEnvelope } from '@pairtrail/event-store';
import type { PairtrailApplication } from '../pairtrail.application';
import { laterOf, recordRows } from './spreadsheet';

/** An event an import recorded, as the audit trail keeps it. */
export interface ImportedEvent {
  stream: string;
  eventId: string;
  type: string;
}

/** What undoing an import will do: retract what it recorded, pair by pair, but what is retracted already. */
export interface ImportUndoPlan {
  /** For each pair, the entries to retract, the latest recorded first. */
  retract: { pairId: string; targetEventIds: string[] }[];
  /** Entries of the import retracted already (by an undo before, or on the pair's page). */
  retractedBefore: number;
}

/** What only an import of pairs' facts records, and a retraction can take back. */
const RETRACTABLE = new Set(['MeetingHeld', 'ActionAgreed', 'ActionCompleted', 'ActionDropped', 'OutcomeRecorded', 'ReflectionRecorded', 'MilestoneReached']);

/**
 * Plans the undoing of an import of meetings, actions, outcomes, reflections or milestones: a retraction of each
 * entry it recorded (the latest first: a completion before its action), so that none of it counts from
 * then on while the record keeps both, as any retraction does. `events` are those the import recorded,
 * the latest first; an import that registered people or formed pairs is refused, as those cannot be
 * retracted (domain.md: a pair formed is concluded, not retracted).
 */
export function planImportUndo(importId: string, events: ImportedEvent[], pairState: (pairId: string) => PairState | undefined): ImportUndoPlan {
  if (events.length === 0) {
    throw new NotFoundError(`No import recorded anything with the id ${importId}; give the importId an import's answer gave.`);
  }
  if (events.some((e) => !RETRACTABLE.has(e.type))) {
    throw new RuleViolatedError(
      'import-not-undoable',
      'This import registered people or formed pairs, which a retraction cannot take back: correct a person on the Participants screen, and conclude a pair formed by mistake. Imports of meetings, actions, outcomes and reflections can be undone.',
    );
  }
  const plan: ImportUndoPlan = { retract: [], retractedBefore: 0 };
  const byPair = new Map<string, string[]>();
  for (const { stream, eventId } of events) {
    const pairId = stream.slice('pair-'.length);
    byPair.set(pairId, [...(byPair.get(pairId) ?? []), eventId]);
  }
  for (const [pairId, eventIds] of byPair) {
    const state = pairState(pairId);
    const facts = new Map((state ? pairView(state).facts : []).map((f) => [f.eventId, f]));
    const standing = eventIds.filter((id) => facts.get(id)?.retracted === null);
    plan.retractedBefore += eventIds.length - standing.length;
    if (standing.length) plan.retract.push({ pairId, targetEventIds: standing });
  }
  return plan;
}

/** Retracts what a plan says, each pair's entries in turn, with `reason`; says how many and the position after the last. */
export async function runImportUndo(
  app: PairtrailApplication,
  plan: ImportUndoPlan,
  reason: string,
  by: Pick<CommandEnvelope, 'actor' | 'correlationId' | 'source'>,
): Promise<{ retracted: number; position: bigint | undefined }> {
  let position: bigint | undefined;
  let retracted = 0;
  const tasks = plan.retract.map(({ pairId, targetEventIds }) => async () => {
    for (const targetEventId of targetEventIds) {
      const result = await app.execute({ type: 'RetractEntry', data: { pairId, targetEventId, reason } }, { ...by, commandId: newCommandId() });
      [position, retracted] = [laterOf(position, result.position), retracted + 1];
    }
  });
  await recordRows(tasks, 'pairs', () => undefined);
  return { retracted, position };
}
