import { Checks } from '../shared/checks';
import { isCalendarDate } from '../shared/dates';
import { RuleViolatedError } from '../shared/errors';
import { APPROACHES, MEETING_FORMATS, OUTCOME_CATEGORIES, SPREAD_LEVELS } from '../shared/vocabulary';
import type { PairFactType } from './pair.events';
import type { EffectiveFact, PairView } from './pair.view';

const text = (max: number) => ({ max });
const LONG = text(20_000);
/** A name or a title: short, and one line, as headings and table cells need it. */
const LINE = { max: 500, oneLine: true };

/**
 * The checks on a fact's own fields that need no stored state. Used for a new fact (`prefix` empty) and
 * for a corrected one (`prefix` = `replacement.`), so a corrected entry passes the same rules as the original.
 */
export function checkFactFields(type: PairFactType, data: Record<string, unknown>, checks: Checks, prefix = ''): void {
  const f = (name: string) => `${prefix}${name}`;
  const happened = (name: string) => checks.date(f(name), data[name], { happened: true });
  switch (type) {
    case 'PairFormed':
      happened('formedOn');
      checks.text(f('focus'), data.focus, LINE);
      checks.text(f('serviceArea'), data.serviceArea, { max: 100, oneLine: true });
      return;
    case 'InitiativeDefined':
    case 'InitiativeRevised':
      checks.text(f('title'), data.title, LINE);
      checks.text(f('aim'), data.aim, LONG);
      checks.text(f('context'), data.context, LONG);
      checks.list(f('successMeasures'), data.successMeasures, (field, v) => checks.text(field, v, LINE));
      happened('on');
      if (type === 'InitiativeRevised') checks.text(f('reason'), data.reason, LONG);
      return;
    case 'MeetingHeld':
      happened('heldOn');
      checks.integer(f('durationMinutes'), data.durationMinutes, 1, 24 * 60);
      checks.oneOf(f('format'), data.format, MEETING_FORMATS);
      checks.list(f('attendeeIds'), data.attendeeIds, (field, v) => checks.text(field, v, text(100)), 1);
      if (Array.isArray(data.attendeeIds) && new Set(data.attendeeIds).size !== data.attendeeIds.length)
        checks.fail(f('attendeeIds'), 'must not repeat a participant');
      checks.list(f('topics'), data.topics, (field, v) => checks.text(field, v, LINE));
      checks.text(f('notes'), data.notes, { max: 20_000, empty: true });
      checks.list(f('approaches'), data.approaches, (field, v) => checks.oneOf(field, v, APPROACHES));
      return;
    case 'ActionAgreed':
      checks.text(f('description'), data.description, LONG);
      checks.text(f('ownerId'), data.ownerId, text(100));
      happened('agreedOn');
      checks.date(f('dueOn'), data.dueOn, { optional: true });
      // A new action brings both dates, so their order is checked with its fields; a correction of one of
      // them is checked against the stored other in checkPairConsistency.
      if (!prefix && isCalendarDate(data.agreedOn) && isCalendarDate(data.dueOn) && data.dueOn < data.agreedOn) {
        checks.fail('dueOn', `must be on or after agreedOn (${data.agreedOn})`);
      }
      checks.text(f('meetingId'), data.meetingId, { optional: true, max: 100 });
      return;
    case 'ActionCompleted':
      happened('completedOn');
      checks.text(f('note'), data.note, { optional: true, max: 20_000 });
      return;
    case 'ActionDropped':
      happened('droppedOn');
      checks.text(f('reason'), data.reason, LONG);
      return;
    case 'MilestoneReached':
      checks.text(f('description'), data.description, LONG);
      happened('reachedOn');
      return;
    case 'OutcomeRecorded':
      checks.oneOf(f('category'), data.category, OUTCOME_CATEGORIES);
      checks.text(f('description'), data.description, LONG);
      checks.text(f('evidence'), data.evidence, { optional: true, max: 20_000 });
      if (data.measure !== undefined) {
        const m = data.measure as Record<string, unknown> | null;
        if (typeof m !== 'object' || m === null || Array.isArray(m)) checks.fail(f('measure'), 'must be an object {name, unit, baseline, value}');
        else {
          checks.text(f('measure.name'), m.name, LINE);
          checks.text(f('measure.unit'), m.unit, { max: 100, oneLine: true });
          checks.number(f('measure.baseline'), m.baseline);
          checks.number(f('measure.value'), m.value);
          for (const key of Object.keys(m)) {
            if (!['name', 'unit', 'baseline', 'value'].includes(key)) checks.fail(f(`measure.${key}`), 'is not a field of a measure');
          }
        }
      }
      happened('recordedOn');
      checks.oneOf(f('spread'), data.spread, SPREAD_LEVELS);
      return;
    case 'ReflectionRecorded':
      checks.text(f('participantId'), data.participantId, text(100));
      happened('recordedOn');
      checks.integer(f('relationshipScore'), data.relationshipScore, 1, 5);
      checks.text(f('text'), data.text, LONG);
      checks.boolean(f('quotable'), data.quotable);
      return;
    case 'PairPaused':
      happened('on');
      checks.text(f('reason'), data.reason, LONG);
      return;
    case 'PairResumed':
      happened('on');
      return;
    case 'PairConcluded':
      happened('concludedOn');
      checks.text(f('summary'), data.summary, LONG);
      return;
  }
}

/** The event id a fact being decided on carries until it is appended. */
export const NEW_ENTRY = '(new)';

/** Each fact of a pair as a person would call it in a sentence. */
/** The facts that change a pair's status, as the status they bring. */
const STATUS_CHANGES: Partial<Record<string, string>> = { PairPaused: 'paused', PairResumed: 'resumed', PairConcluded: 'concluded' };

/**
 * Each change of a pair's status (a pause, a resumption, its conclusion) dated before the change recorded
 * before it, with that change: the status follows the order recorded, so its dates must too.
 */
function statusChangesOutOfOrder(view: PairView): [EffectiveFact, EffectiveFact][] {
  const found: [EffectiveFact, EffectiveFact][] = [];
  let previous: EffectiveFact | undefined;
  for (const fact of view.facts) {
    if (fact.retracted || STATUS_CHANGES[fact.type] === undefined) continue;
    if (previous && fact.on < previous.on) found.push([previous, fact]);
    previous = fact;
  }
  return found;
}

const FACT_NAMES: Partial<Record<string, string>> = {
  InitiativeDefined: 'initiative',
  InitiativeRevised: 'revision of the initiative',
  MeetingHeld: 'meeting',
  ActionAgreed: 'action',
  ActionCompleted: 'completion of an action',
  ActionDropped: 'drop of an action',
  MilestoneReached: 'milestone',
  OutcomeRecorded: 'outcome',
  ReflectionRecorded: 'reflection',
  PairPaused: 'pause',
  PairResumed: 'resumption',
  PairConcluded: 'conclusion',
};

/**
 * The rules that span several facts of a pair, checked on the pair as it would stand after a change.
 * Throws the first that breaks, so nothing is recorded.
 */
export function checkPairConsistency(view: PairView, before?: PairView): void {
  // Only a change this write makes: a history recorded before the rule was, out of order, stays writable.
  const outOfOrder = statusChangesOutOfOrder(view);
  const known = new Set(outOfOrder.length && before ? statusChangesOutOfOrder(before).map(([a, b]) => `${a.eventId}|${b.eventId}`) : []);
  const [earlier, later] = outOfOrder.find(([a, b]) => !known.has(`${a.eventId}|${b.eventId}`)) ?? [];
  if (earlier && later) {
    throw new RuleViolatedError(
      'date-order',
      `The pair was ${STATUS_CHANGES[earlier.type]} on ${earlier.on}, so it cannot be ${STATUS_CHANGES[later.type]} on ${later.on}; date it on or after ${earlier.on}.`,
    );
  }
  for (const fact of view.facts) {
    if (fact.retracted || fact.type === 'PairFormed') continue;
    if (fact.on < view.formedOn) {
      // A fact being recorded has no event id yet: it is "this meeting"; one already recorded, whose date a
      // correction of formedOn would leave behind, is named by its event id.
      const which = fact.eventId === NEW_ENTRY ? `This ${FACT_NAMES[fact.type] ?? 'entry'}` : `The ${FACT_NAMES[fact.type] ?? 'entry'} ${fact.eventId}`;
      throw new RuleViolatedError(
        'before-formed',
        `${which} is dated ${fact.on}, before the pair was formed on ${view.formedOn}; date it on or after ${view.formedOn}.`,
      );
    }
  }
  for (const action of view.actions) {
    const agreed = `The action ${action.actionId} was agreed on ${action.agreedOn}`;
    if (action.dueOn !== undefined && action.dueOn < action.agreedOn) {
      throw new RuleViolatedError('date-order', `${agreed}, so it cannot be due on ${action.dueOn}; make it due on or after ${action.agreedOn}.`);
    }
    if (action.closures > 1) {
      throw new RuleViolatedError('action-closed', `Action ${action.actionId} would be completed or dropped more than once.`);
    }
    const closedOn = action.completed?.completedOn ?? action.dropped?.droppedOn;
    if (closedOn !== undefined && closedOn < action.agreedOn) {
      const how = action.completed ? 'completed' : 'dropped';
      throw new RuleViolatedError('date-order', `${agreed}, so it cannot be ${how} on ${closedOn}; date it on or after ${action.agreedOn}.`);
    }
  }
}
