import { Checks } from '../shared/checks';
import type { CalendarDate } from '../shared/dates';
import { assertNever, type CommandBase, type Decider, type StoredEvent } from '../shared/decider';
import { NotFoundError, RuleViolatedError } from '../shared/errors';
import type { CohortEvent } from './cohort.events';

export type OpenCohort = CommandBase<'OpenCohort', { cohortId: string; name: string; startsOn: CalendarDate; endsOn?: CalendarDate }>;
export type CloseCohort = CommandBase<'CloseCohort', { cohortId: string; closedOn?: CalendarDate }>;
export type CohortCommand = OpenCohort | CloseCohort;

export interface CohortState {
  exists: boolean;
  cohortId?: string;
  name?: string;
  startsOn?: CalendarDate;
  endsOn?: CalendarDate;
  closedOn?: CalendarDate;
}

/** Cohorts group pairs that start together. */
export const cohortDecider: Decider<CohortCommand, CohortEvent, CohortState> = {
  initialState: () => ({ exists: false }),

  decide(command, state) {
    const checks = new Checks(command.today);
    switch (command.type) {
      case 'OpenCohort': {
        const { cohortId, name, startsOn, endsOn } = command.data;
        checks.text('name', name, { max: 200, oneLine: true });
        checks.date('startsOn', startsOn);
        checks.date('endsOn', endsOn, { optional: true });
        checks.done();
        if (endsOn !== undefined && endsOn < startsOn) checks.fail('endsOn', 'must be on or after startsOn');
        checks.done();
        if (state.exists) throw new RuleViolatedError('cohort-exists', `Cohort ${cohortId} already exists.`);
        return [{ type: 'CohortOpened', data: { cohortId, name, startsOn, ...(endsOn ? { endsOn } : {}) } }];
      }
      case 'CloseCohort': {
        const closedOn = command.data.closedOn ?? command.today;
        checks.date('closedOn', closedOn, { happened: true });
        checks.done();
        if (!state.exists) throw new NotFoundError(`No cohort ${command.data.cohortId}.`);
        if (state.closedOn) throw new RuleViolatedError('cohort-closed', `Cohort ${command.data.cohortId} was already closed on ${state.closedOn}.`);
        if (closedOn < state.startsOn!) throw new RuleViolatedError('date-order', `closedOn ${closedOn} is before the cohort starts (${state.startsOn}).`);
        return [{ type: 'CohortClosed', data: { cohortId: command.data.cohortId, closedOn } }];
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
      default:
        return assertNever(event);
    }
  },
};
