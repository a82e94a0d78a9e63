import { deciderSpec } from '@pairtrail/testing';
import { NotFoundError, RuleViolatedError, ValidationError } from '../shared/errors';
import { fold, type StoredEvent } from '../shared/decider';
import { cohortDecider, type CorrectCohort } from './cohort.decider';
import type { CohortEvent, CohortOpened } from './cohort.events';

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
      .thenThrows(RuleViolatedError, /^The cohort starts on 2026-01-05, so it cannot close on .*; date the closing on or after 2026-01-05\.$/);
  });

  it('refuses a closing date later than tomorrow', () =>
    spec
      .given([opened])
      .when({ type: 'CloseCohort', today, data: { cohortId: 'c1', closedOn: '2026-03-12' } })
      .thenThrows(ValidationError, /closedOn.*tomorrow/));

  describe('correcting a cohort', () => {
    const correct = (data: Omit<CorrectCohort['data'], 'cohortId' | 'reason'>): CorrectCohort => ({
      type: 'CorrectCohort',
      today,
      data: { cohortId: 'c1', reason: 'mistyped', ...data },
    });
    const withEnd: CohortOpened = { ...opened, data: { ...opened.data, endsOn: '2026-12-31' } };

    it('corrects the name and dates with a reason, and removes an end date with null', () => {
      spec
        .given([opened])
        .when(correct({ name: 'Wave one', endsOn: '2027-03-31' }))
        .then([{ type: 'CohortDetailsCorrected', data: { cohortId: 'c1', corrected: { name: 'Wave one', endsOn: '2027-03-31' }, reason: 'mistyped' } }]);
      const state = fold(
        cohortDecider,
        [withEnd, { type: 'CohortDetailsCorrected', data: { cohortId: 'c1', corrected: { endsOn: null, name: 'W1' }, reason: 'r' } }].map((e, i) => ({
          ...e,
          eventId: `e${i}`,
        })) as StoredEvent<CohortEvent>[],
      );
      expect(state).toEqual({ exists: true, cohortId: 'c1', name: 'W1', startsOn: '2026-01-05' });
    });

    it('keeps its dates in order, checked against the stored ones, and refuses a correction that changes nothing', () => {
      spec
        .given([withEnd])
        .when(correct({ startsOn: '2026-03-01', endsOn: '2026-02-01' }))
        .thenThrows(ValidationError, undefined, (e) =>
          expect((e as ValidationError).details).toEqual([{ field: 'endsOn', message: 'must be on or after startsOn' }]),
        );
      spec
        .given([withEnd])
        .when(correct({ startsOn: '2027-01-01' }))
        .thenThrows(RuleViolatedError, /would end on 2026-12-31, before it starts on 2027-01-01/);
      spec
        .given([opened, { type: 'CohortClosed', data: { cohortId: 'c1', closedOn: '2026-03-01' } }])
        .when(correct({ startsOn: '2026-03-05' }))
        .thenThrows(RuleViolatedError, /closed on 2026-03-01; it cannot start after that/);
      spec
        .given([opened])
        .when(correct({ name: 'Wave 1', endsOn: null }))
        .thenThrows(RuleViolatedError, /would change nothing: name, endsOn are already as given/);
      spec
        .given([opened])
        .when(correct({}))
        .thenThrows(ValidationError, /at least one of name, startsOn, endsOn/);
      spec
        .given([])
        .when(correct({ name: 'X' }))
        .thenThrows(NotFoundError);
    });
  });
});
