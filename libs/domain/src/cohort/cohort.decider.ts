import { Checks } from '../shared/checks';
import { applyCorrection, pickCorrection, refuseUnchanged } from '../shared/corrections';
import { isCalendarDate, type CalendarDate } from '../shared/dates';
import { assertNever, type CommandBase, type Decider, type StoredEvent } from '../shared/decider';
import { NotFoundError, RuleViolatedError } from '../shared/errors';
import type { CohortCorrection, CohortEvent } from './cohort.events';

export type OpenCohort = CommandBase<'OpenCohort', { cohortId: string; name: string; startsOn: CalendarDate; endsOn?: CalendarDate }>;
export type CloseCohort = CommandBase<'CloseCohort', { cohortId: string; closedOn?: CalendarDate }>;
/** Puts a cohort's name or dates right, with a reason; `endsOn: null` removes the end date. */
export type CorrectCohort = CommandBase<'CorrectCohort', CohortCorrection & { cohortId: string; reason: string }>;
export type CohortCommand = OpenCohort | CloseCohort | CorrectCohort;

const CORRECTABLE = ['name', 'startsOn', 'endsOn'] as const;

export interface CohortState {
  exists: boolean;
  cohortId?: string;
  name?: string;
  startsOn?: CalendarDate;
  endsOn?: CalendarDate;
  closedOn?: CalendarDate;
}

/** The checks on a cohort command's own fields, which need no stored state. */
export function checkCohortFields(command: CohortCommand, checks: Checks): void {
  const inOrder = (startsOn: unknown, endsOn: unknown) => {
    if (isCalendarDate(startsOn) && isCalendarDate(endsOn) && endsOn < startsOn) checks.fail('endsOn', 'must be on or after startsOn');
  };
  switch (command.type) {
    case 'OpenCohort':
      checks.text('name', command.data.name, { max: 200, oneLine: true });
      checks.date('startsOn', command.data.startsOn);
      checks.date('endsOn', command.data.endsOn, { optional: true });
      inOrder(command.data.startsOn, command.data.endsOn);
      return;
    case 'CloseCohort':
      checks.date('closedOn', command.data.closedOn ?? command.today, { happened: true });
      return;
    case 'CorrectCohort':
      checks.text('name', command.data.name, { optional: true, max: 200, oneLine: true });
      checks.date('startsOn', command.data.startsOn, { optional: true });
      if (command.data.endsOn !== null) checks.date('endsOn', command.data.endsOn, { optional: true });
      checks.text('reason', command.data.reason, { max: 2000 });
      if (Object.keys(pickCorrection(command.data, CORRECTABLE)).length === 0) checks.fail('name', `at least one of ${CORRECTABLE.join(', ')} must be given`);
      inOrder(command.data.startsOn, command.data.endsOn);
      return;
    default:
      return assertNever(command);
  }
}

/** Cohorts group pairs that start together. */
export const cohortDecider: Decider<CohortCommand, CohortEvent, CohortState> = {
  initialState: () => ({ exists: false }),

  decide(command, state) {
    const checks = new Checks(command.today);
    checkCohortFields(command, checks);
    checks.done();
    switch (command.type) {
      case 'OpenCohort': {
        const { cohortId, name, startsOn, endsOn } = command.data;
        if (state.exists) throw new RuleViolatedError('cohort-exists', `Cohort ${cohortId} already exists.`);
        return [{ type: 'CohortOpened', data: { cohortId, name, startsOn, ...(endsOn ? { endsOn } : {}) } }];
      }
      case 'CloseCohort': {
        const closedOn = command.data.closedOn ?? command.today;
        if (!state.exists) throw new NotFoundError(`No cohort ${command.data.cohortId}.`);
        if (state.closedOn) throw new RuleViolatedError('cohort-closed', `Cohort ${command.data.cohortId} was already closed on ${state.closedOn}.`);
        if (closedOn < state.startsOn!)
          throw new RuleViolatedError(
            'date-order',
            `The cohort starts on ${state.startsOn}, so it cannot close on ${closedOn}; date the closing on or after ${state.startsOn}.`,
          );
        return [{ type: 'CohortClosed', data: { cohortId: command.data.cohortId, closedOn } }];
      }
      case 'CorrectCohort': {
        const { cohortId, reason } = command.data;
        const corrected: CohortCorrection = pickCorrection(command.data, CORRECTABLE);
        if (!state.exists) throw new NotFoundError(`No cohort ${cohortId}.`);
        refuseUnchanged(corrected, state, 'Give the name or date as it should be.');
        const after = cohortDecider.evolve(state, { type: 'CohortDetailsCorrected', data: { cohortId, corrected, reason }, eventId: '' });
        if (after.endsOn !== undefined && after.endsOn < after.startsOn!) {
          throw new RuleViolatedError(
            'date-order',
            `The cohort would end on ${after.endsOn}, before it starts on ${after.startsOn}; correct both dates together.`,
          );
        }
        if (after.closedOn !== undefined && after.closedOn < after.startsOn!) {
          throw new RuleViolatedError('date-order', `The cohort was closed on ${after.closedOn}; it cannot start after that (${after.startsOn}).`);
        }
        return [{ type: 'CohortDetailsCorrected', data: { cohortId, corrected, reason } }];
      }
      default:
        return assertNever(command);
    }
  },

  evolve(state, event: StoredEvent<CohortEvent>) {
    switch (event.type) {
      case 'CohortOpened':
        return { exists: true, ...event.data };
      case 'CohortClosed':
        return { ...state, closedOn: event.data.closedOn };
      case 'CohortDetailsCorrected':
        return applyCorrection(state, event.data.corrected);
      default:
        return assertNever(event);
    }
  },
};
