import { fieldProblems, type DomainCommandType } from './field-checks';

const today = '2026-03-10';
const fields = (type: DomainCommandType, data: Record<string, unknown>) => fieldProblems(type, data, today).map((p) => p.field);

describe('field checks without stored state', () => {
  it('lists every bad field of a command at once, the cross-field ones included', () => {
    expect(
      fields('RecordMeeting', { heldOn: '2026-03-12', durationMinutes: 0, format: 'zoom', attendeeIds: [], topics: ['a\nb'], notes: '', approaches: [] }),
    ).toEqual(['heldOn', 'durationMinutes', 'format', 'attendeeIds', 'topics[0]']);
    expect(fields('OpenCohort', { name: ' ', startsOn: '2026-02-01', endsOn: '2026-01-01' })).toEqual(['name', 'endsOn']);
    expect(fields('CreateUser', { name: 'Sam', role: 'pair-member' })).toEqual(['participantId']);
    expect(fields('RegisterParticipant', { name: 'Jo', email: 'jo', perspective: 'carer', role: 'r', organisation: 'o', organisationType: 'other' })).toEqual([
      'email',
      'perspective',
    ]);
    expect(fields('ApproveCaseStudy', { participantId: 'p', contentHash: 'abc' })).toEqual(['contentHash']);
  });

  it('lists the first ten bad items of a list and counts the rest', () => {
    const topics = Array.from({ length: 5000 }, (_, i) => `topic ${i}\nsecond line`);
    const problems = fieldProblems('RecordMeeting', { durationMinutes: 60, format: 'video', attendeeIds: ['p1'], topics, notes: '', approaches: [] }, today);
    expect(problems.map((p) => p.field)).toEqual([...Array.from({ length: 10 }, (_, i) => `topics[${i}]`), 'topics']);
    expect(problems.at(-1)!.message).toBe('has 4990 more problems in its items than the 10 listed');
  });

  it('refuses control characters and broken characters in text, which would not be stored as sent', () => {
    const person = (name: string, role = 'carer') =>
      fieldProblems('RegisterParticipant', { name, perspective: 'professional', role, organisation: 'o', organisationType: 'other' }, today);
    expect(person('A\u0000B')).toEqual([{ field: 'name', message: expect.stringMatching(/^must not hold control characters/) }]);
    expect(person('A\ud800B', 'x\u001b[31m')).toEqual([
      { field: 'name', message: expect.stringMatching(/^holds a broken character/) },
      { field: 'role', message: expect.stringMatching(/^must not hold control characters/) },
    ]);
    // A whole pair (an emoji), a tab, accents and other scripts are text like any other.
    expect(person('Zoë 🙂\tŁukasz 李')).toEqual([]);
    const meeting = { durationMinutes: 60, format: 'video', attendeeIds: ['p1'], topics: [], approaches: [] };
    expect(fieldProblems('RecordMeeting', { ...meeting, notes: '' }, today)).toEqual([]);
    expect(fieldProblems('RecordMeeting', { ...meeting, notes: 'line one\r\nline two\u000bpasted\u000c' }, today)).toEqual([]);
    expect(fieldProblems('RecordMeeting', { ...meeting, notes: 'bell\u0007' }, today).map((p) => p.field)).toEqual(['notes']);
  });

  it('finds nothing wrong with a good command, taking a missing date as today', () => {
    expect(fields('RecordMeeting', { durationMinutes: 60, format: 'video', attendeeIds: ['p1'], topics: [], notes: '', approaches: ['embedding'] })).toEqual(
      [],
    );
    expect(fields('CloseCohort', {})).toEqual([]);
    expect(fields('IssueToken', {})).toEqual([]);
  });

  it('judges fields of any shape without throwing, as a body no one has checked may hold', () => {
    const odd: unknown[] = [null, 7, 'text', [], [null], { nested: true }, true, -1.5, '2026-02-30'];
    const types: DomainCommandType[] = ['FormPair', 'DefineInitiative', 'RecordMeeting', 'AgreeAction', 'RecordOutcome', 'RecordReflection', 'CorrectEntry'];
    const extra: DomainCommandType[] = [
      'RegisterParticipant',
      'CorrectParticipantDetails',
      'GiveConsent',
      'CorrectCohort',
      'ChangeUserRole',
      'WithdrawCaseStudy',
    ];
    const names = ['name', 'email', 'role', 'on', 'heldOn', 'measure', 'replacement', 'attendeeIds', 'successMeasures', 'participantId', 'endsOn', 'reason'];
    for (const type of [...types, ...extra]) {
      for (const value of odd) {
        const data = Object.fromEntries(names.map((n) => [n, value]));
        expect(() => fieldProblems(type, data, today)).not.toThrow();
        // A string is a good reason to withdraw a case study, its only field.
        if (typeof value !== 'string') expect(fieldProblems(type, data, today).length).toBeGreaterThan(0);
      }
    }
  });
});
