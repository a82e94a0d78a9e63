import { NotFoundError, ValidationError } from '@pairtrail/domain';
import { describeError } from './main';

describe('describeError', () => {
  it('says a full disk or a held data file in a sentence, not as an unexpected failure', () => {
    const full = describeError(Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' }));
    expect(full).toEqual({
      message: expect.stringMatching(/^The disk holding Pairtrail's data is full, so nothing was changed\. Free some space/),
      exitCode: 1,
    });
    expect(describeError(Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' })).message).toMatch(/held by other work.*Try again/);
    expect(describeError(new Error('odd')).message).toMatch(/^unexpected failure: odd/);
  });

  it("says where to find a pair's or a cohort's id when one given names nothing", () => {
    expect(describeError(new NotFoundError('No pair 7ef6.'))).toEqual({
      message: 'No pair 7ef6. "pairtrail evaluation --every pairs" lists every pair\'s id.',
      exitCode: 1,
    });
    expect(describeError(new NotFoundError('No cohort x.'))).toEqual({
      message: 'No cohort x. "pairtrail evaluation --every cohorts" lists every cohort\'s id.',
      exitCode: 1,
    });
    expect(describeError(new NotFoundError('No participant is named Ann.'))).toEqual({ message: 'No participant is named Ann.', exitCode: 1 });
  });

  it('says bad input field by field, as a usage error, without the API\'s "Invalid input:" before it', () => {
    const bad = new ValidationError([
      { field: '--position', message: 'is past the end of this log' },
      { field: 'asOf', message: 'must be a date' },
    ]);
    expect(describeError(bad)).toEqual({ message: '--position is past the end of this log; asOf must be a date', exitCode: 2 });
  });
});
