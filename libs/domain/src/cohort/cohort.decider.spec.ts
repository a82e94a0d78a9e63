import { deciderSpec } from '@pairtrail/testing';
import { NotFoundError, RuleViolatedError, ValidationError } from '../shared/errors';
import { cohortDecider } from './cohort.decider';
import type { CohortOpened } from './cohort.events';

const spec = deciderSpec(cohortDecider);
const today = '2026-03-10';
const opened: CohortOpened = { type: 'CohortOpened', data: { cohortId: 'c1', name: 'Wave 1', startsOn: '2026-01-05' } };

describe('cohort decider', () => {
  it('opens a cohort', () =>
    spec
      .given([])
      .when({ type: 'OpenCohort', today, data: { cohortId: 'c1', name: 'Wave 1', startsOn: '2026-01-05', endsOn: '2026-12-31' } })
      .then([{ type: 'CohortOpened', data: { cohortId: 'c1', name: 'Wave 1', startsOn: '2026-01-05', endsOn: '2026-12-31' } }]));

  it('names every bad field', () =>
    spec
      .given([])
      .when({ type: 'OpenCohort', today, data: { cohortId: 'c1', name: '', startsOn: '2026-02-30' } })
      .thenThrows(ValidationError, /name.*startsOn/, (e) => expect((e as ValidationError).details.map((d) => d.field)).toEqual(['name', 'startsOn'])));

  it('refuses an end before the start', () =>
    spec
      .given([])
      .when({ type: 'OpenCohort', today, data: { cohortId: 'c1', name: 'W', startsOn: '2026-02-01', endsOn: '2026-01-01' } })
      .thenThrows(ValidationError, /endsOn/));

  it('refuses to open a cohort twice', () =>
    spec
      .given([opened])
      .when({ type: 'OpenCohort', today, data: { cohortId: 'c1', name: 'W', startsOn: '2026-02-01' } })
      .thenThrows(RuleViolatedError, /already exists/));

  it('closes a cohort, defaulting closedOn to today', () =>
    spec
      .given([opened])
      .when({ type: 'CloseCohort', today, data: { cohortId: 'c1' } })
      .then([{ type: 'CohortClosed', data: { cohortId: 'c1', closedOn: today } }]));

  it('refuses to close an unknown, closed, or not-yet-started cohort', () => {
    spec
      .given([])
      .when({ type: 'CloseCohort', today, data: { cohortId: 'c1' } })
      .thenThrows(NotFoundError);
    spec
      .given([opened, { type: 'CohortClosed', data: { cohortId: 'c1', closedOn: '2026-03-01' } }])
      .when({ type: 'CloseCohort', today, data: { cohortId: 'c1' } })
      .thenThrows(RuleViolatedError, /already closed/);
    spec
      .given([opened])
      .when({ type: 'CloseCohort', today, data: { cohortId: 'c1', closedOn: '2026-01-01' } })
      .thenThrows(RuleViolatedError, /before the cohort starts/);
  });

  it('refuses a closing date later than tomorrow', () =>
    spec
      .given([opened])
      .when({ type: 'CloseCohort', today, data: { cohortId: 'c1', closedOn: '2026-03-12' } })
      .thenThrows(ValidationError, /closedOn.*tomorrow/));
});
