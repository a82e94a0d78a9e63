import { correctionText, entryDetails, entryLookups } from '@pairtrail/domain';
import { byWhom, findInTimeline } from '../../apps/web/src/timeline';

describe('what a timeline entry says beyond its summary', () => {
  const names = new Map([
    ['p-1', 'Margaret Hughes'],
    ['p-2', 'Dr Samir Patel'],
  ]);
  const nameOf = (id: string) => names.get(id) ?? 'a partner';
  const agreed = { type: 'ActionAgreed', data: { actionId: 'a-1', description: 'Pull six months of referral dates', ownerId: 'p-2', agreedOn: '2025-09-29' } };
  const held = { type: 'MeetingHeld', data: { meetingId: 'm-1', heldOn: '2025-09-29', notes: 'x' } };
  const actions = entryLookups([agreed, held, { type: 'MeetingHeld', data: { notes: 'no id' } }]);
  const details = (type: string, data: Record<string, unknown>) => entryDetails({ type, data }, nameOf, actions);

  it('says which action, milestone or outcome an entry is about, and whose it is', () => {
    expect(details(agreed.type, agreed.data)).toEqual(['Pull six months of referral dates', 'Owner: Dr Samir Patel']);
    // Agreed at a meeting: which one, by its date (the page says it in words).
    expect(details(agreed.type, { ...agreed.data, meetingId: 'm-1' })).toEqual([
      'Pull six months of referral dates',
      'Owner: Dr Samir Patel',
      'Agreed at the meeting of 2025-09-29',
    ]);
    expect(details(agreed.type, { ...agreed.data, meetingId: 'm-unknown' })).toHaveLength(2);
    expect(details('ActionCompleted', { actionId: 'a-1', completedOn: '2025-10-20', note: 'Shared with the team' })).toEqual([
      'Pull six months of referral dates',
      'Note: Shared with the team',
    ]);
    expect(details('ActionDropped', { actionId: 'a-1', reason: 'No data this year' })).toEqual([
      'Pull six months of referral dates',
      'Why dropped: No data this year',
    ]);
    expect(details('MilestoneReached', { description: 'Ward 7 pilot started' })).toEqual(['Ward 7 pilot started']);
    expect(
      details('OutcomeRecorded', {
        description: 'Rehab leaflet rewritten',
        measure: { name: 'rehab starts', unit: '%', baseline: 38, value: 55 },
        evidence: 'Audit, March',
      }),
    ).toEqual(['Rehab leaflet rewritten', 'Measure: rehab starts, from 38% to 55%', 'Evidence: Audit, March']);
    expect(details('ReflectionRecorded', { participantId: 'p-1', text: 'Samir asked what I thought first.', quotable: true })).toEqual([
      'Margaret Hughes (may be quoted)',
      'Samir asked what I thought first.',
    ]);
    expect(details('MeetingHeld', { topics: ['discharge letter', 'referral data'], notes: 'Looked at the data together.' })).toEqual([
      'Topics: discharge letter; referral data',
      'Looked at the data together.',
    ]);
    expect(
      details('InitiativeRevised', { title: 'Rehab people start', aim: 'Raise starts to 60%', successMeasures: ['starts within 4 weeks'], reason: 'Narrowed' }),
    ).toEqual(['Rehab people start', 'Aim: Raise starts to 60%', 'Success measures: starts within 4 weeks', 'Why revised: Narrowed']);
    expect(
      details('OutcomeRecorded', { description: 'Fewer missed appointments', measure: { name: 'DNAs', unit: 'a month', baseline: 40, value: 25 } }),
    ).toEqual(['Fewer missed appointments', 'Measure: DNAs, from 40 a month to 25 a month']);
    expect(details('PairPaused', { on: '2026-02-26', reason: 'Illness' })).toEqual(['Why paused: Illness']);
    expect(details('PairConcluded', { summary: 'Became trust policy.' })).toEqual(['Became trust policy.']);
  });

  it('leaves out what is missing or not text, and says nothing of an unknown type', () => {
    expect(details('ActionCompleted', { actionId: 'a-unknown' })).toEqual([]);
    expect(details('OutcomeRecorded', { description: '', measure: { unit: '%' } })).toEqual([]);
    expect(details('ReflectionRecorded', { participantId: 'p-9', text: '[erased]', quotable: false })).toEqual(['a partner', '[erased]']);
    expect(details('SomethingNew', { notes: 'x' })).toEqual([]);
  });

  it('says what a correction changed in words, naming people rather than their ids', () => {
    expect(correctionText({ durationMinutes: 90, ownerId: 'p-1' }, nameOf)).toBe('minutes is now 90; owner is now Margaret Hughes');
    expect(correctionText({ attendeeIds: ['p-1', 'p-2'], topics: ['a', 'b'], quotable: false }, nameOf)).toBe(
      'attendees is now Margaret Hughes and Dr Samir Patel; topics is now a, b; may be quoted is now no',
    );
    expect(correctionText({ measure: { name: 'DNAs', unit: '%', baseline: 12, value: 7 }, evidence: '' }, nameOf)).toBe(
      'measure is now DNAs, from 12% to 7%; evidence is now none',
    );
    expect(correctionText({ somethingNew: 'x' }, nameOf)).toBe('somethingNew is now x');
  });

  it('says who put an entry right in the words of the person reading', () => {
    expect(byWhom({ userId: 'u-1', role: 'coordinator' }, 'u-1')).toBe('you');
    expect(byWhom({ userId: 'u-1', role: 'coordinator' }, 'u-2')).toBe('a coordinator');
    expect(byWhom({ userId: 'u-3', role: 'pair-member' }, 'u-2')).toBe('a pair member');
    expect(byWhom({ userId: 'u-4', role: 'admin' }, 'u-2')).toBe('an admin');
    expect(byWhom('system', 'u-2')).toBe('Pairtrail');
    expect(byWhom(null, 'u-2')).toBeUndefined();
  });

  describe('finding in a timeline', () => {
    const entry = (
      type: string,
      on: string,
      summary: string,
      data: Record<string, unknown>,
      more: Partial<{ corrections: { replacement: Record<string, unknown>; reason: string }[]; retracted: { reason: string } }> = {},
    ) => ({
      type,
      on,
      summary,
      data,
      corrections: more.corrections ?? [],
      retracted: more.retracted ?? null,
    });
    const timeline = [
      entry(agreed.type, '2025-09-29', 'Action agreed on 2025-09-29', agreed.data),
      entry('MeetingHeld', '2025-10-06', 'Meeting held on 2025-10-06: 60 min, video', { topics: ['referral data'], notes: 'Café at the forum' }),
      entry('ActionCompleted', '2025-10-20', 'Action completed on 2025-10-20', { actionId: 'a-1' }),
      entry(
        'MeetingHeld',
        '2026-03-12',
        'Meeting held on 2026-03-12: 90 min, in person',
        { notes: 'Ward visit' },
        { corrections: [{ replacement: { durationMinutes: 45 }, reason: 'Typed the wrong length' }] },
      ),
      entry(
        'ReflectionRecorded',
        '2026-03-20',
        'Reflection recorded on 2026-03-20',
        { participantId: 'p-1', text: 'Equal partners now' },
        { retracted: { reason: 'Posted on the wrong pair' } },
      ),
      entry('PairPaused', '2026-04-01', 'Pair paused on 2026-04-01', { reason: 'Winter pressures' }),
    ];
    const found = (kind: string, typed: string) => findInTimeline(timeline, kind, typed, nameOf, actions).map((e) => `${e.type} ${e.on}`);

    it('narrows to one kind of entry, or shows every one', () => {
      expect(found('meetings', '')).toEqual(['MeetingHeld 2025-10-06', 'MeetingHeld 2026-03-12']);
      expect(found('actions', '')).toEqual(['ActionAgreed 2025-09-29', 'ActionCompleted 2025-10-20']);
      expect(found('course', '')).toEqual(['PairPaused 2026-04-01']);
      expect(found('', '')).toHaveLength(timeline.length);
    });

    it('finds by every word of what the timeline shows: details, names, dates in words, corrections and retractions', () => {
      // The completion is found by the action it completes, as its details name it.
      expect(found('', 'referral')).toEqual(['ActionAgreed 2025-09-29', 'MeetingHeld 2025-10-06', 'ActionCompleted 2025-10-20']);
      expect(found('', 'cafe FORUM')).toEqual(['MeetingHeld 2025-10-06']);
      expect(found('', 'margaret')).toEqual(['ReflectionRecorded 2026-03-20']);
      expect(found('', 'March 2026')).toEqual(['MeetingHeld 2026-03-12', 'ReflectionRecorded 2026-03-20']);
      expect(found('', 'wrong length')).toEqual(['MeetingHeld 2026-03-12']);
      expect(found('', '45 min')).toEqual(['MeetingHeld 2026-03-12']);
      expect(found('', 'wrong pair')).toEqual(['ReflectionRecorded 2026-03-20']);
      expect(found('meetings', 'winter')).toEqual([]);
    });
  });
});
