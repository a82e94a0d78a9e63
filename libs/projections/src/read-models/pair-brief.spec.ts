import { entryLookups } from '@pairtrail/domain';
import { pairBrief, type PairBriefSource } from './pair-brief';
import type { PairTimelineEntry } from './programme-timeline';

const entry = (on: string, type: string, data: Record<string, unknown> = {}, retracted: unknown = null): PairTimelineEntry => ({
  eventId: `${type}-${on}-${JSON.stringify(data)}`,
  type,
  on,
  recordedAt: `${on}T10:00:00.000Z`,
  summary: `${type} on ${on}`,
  data,
  corrections: [],
  retracted,
});

const action = (actionId: string, extra: Partial<PairBriefSource['pair']['actions'][number]> = {}) => ({
  actionId,
  description: actionId,
  ownerId: 'p1',
  agreedOn: '2026-01-10',
  closures: 0,
  daysOverdue: null,
  ...extra,
});

function source(overrides: Partial<PairBriefSource['pair']> = {}, timeline: PairTimelineEntry[] = [], takesPart = true): PairBriefSource {
  return {
    pair: {
      pairId: 'pair',
      title: 'A pair',
      status: 'active',
      serviceArea: 'cardiac',
      formedOn: '2026-01-01',
      livedExperiencePartnerId: 'p1',
      professionalPartnerId: 'p2',
      actions: [],
      reflections: [],
      ...overrides,
    },
    timeline,
    lookups: entryLookups(timeline),
    partner: (id) => ({ name: id === 'p1' ? 'Ann' : 'Bob', takesPart }),
    today: '2026-06-30',
  };
}

describe("a pair's brief before its next meeting", () => {
  it('takes the open actions the most overdue first, then by the day due, those without one last', () => {
    const brief = pairBrief(
      source({
        actions: [
          action('no date'),
          action('due later', { dueOn: '2026-09-01' }),
          action('a little late', { dueOn: '2026-06-20', daysOverdue: 10 }),
          action('due soon', { dueOn: '2026-07-05' }),
          action('very late', { dueOn: '2026-03-01', daysOverdue: 121 }),
          action('done', { completed: { completedOn: '2026-02-01' } }),
          action('dropped', { dropped: { droppedOn: '2026-02-02', reason: 'not needed' } }),
        ],
      }),
    );
    expect(brief.openActions.map((a) => a.description)).toEqual(['very late', 'a little late', 'due soon', 'due later', 'no date']);
    expect(brief.openActions[0]).toMatchObject({ owner: 'Ann', state: 'open', closedOn: null, daysOverdue: 121 });
  });

  it('says the last meeting standing, what it agreed, and what happened from its day on but it and its actions', () => {
    const timeline = [
      entry('2026-01-01', 'PairFormed'),
      entry('2026-02-01', 'MeetingHeld', { meetingId: 'm1', format: 'phone', durationMinutes: 30, attendeeIds: ['p1'] }),
      entry('2026-03-01', 'MeetingHeld', { meetingId: 'm2', format: 'video', durationMinutes: 45, attendeeIds: ['p1', 'p2'] }),
      entry('2026-03-01', 'ActionAgreed', { actionId: 'a2', meetingId: 'm2' }),
      entry('2026-03-01', 'MilestoneReached', { description: 'Launched' }),
      entry('2026-04-01', 'MeetingHeld', { meetingId: 'm3', format: 'workshop', durationMinutes: 90, attendeeIds: ['p2'] }, { reason: 'wrong pair' }),
      entry('2026-04-02', 'ActionCompleted', { actionId: 'a2' }),
    ];
    const brief = pairBrief(
      source({ actions: [action('a1', { meetingId: 'm1' }), action('a2', { meetingId: 'm2', completed: { completedOn: '2026-04-02' } })] }, timeline),
    );
    // The retracted meeting of 1 April did not happen as recorded: the last is that of 1 March.
    expect(brief.lastMeeting).toMatchObject({ meetingId: 'm2', on: '2026-03-01', daysAgo: 121, format: 'video', attendees: ['Ann', 'Bob'] });
    expect(brief.lastMeeting!.agreed.map((a) => [a.actionId, a.state, a.closedOn])).toEqual([['a2', 'completed', '2026-04-02']]);
    expect(brief.since.map((e) => e.type)).toEqual(['MilestoneReached', 'ActionCompleted']);
  });

  it('takes a meeting dated tomorrow, as a date may be, as yet to be held, and says it among what is recorded since', () => {
    const timeline = [
      entry('2026-06-01', 'MeetingHeld', { meetingId: 'm1', format: 'phone', durationMinutes: 30, attendeeIds: ['p1'] }),
      entry('2026-07-01', 'MeetingHeld', { meetingId: 'm2', format: 'video', durationMinutes: 45, attendeeIds: ['p1', 'p2'] }),
    ];
    const brief = pairBrief(source({}, timeline));
    expect(brief.lastMeeting).toMatchObject({ meetingId: 'm1', daysAgo: 29 });
    expect(brief.since.map((e) => e.on)).toEqual(['2026-07-01']);
  });

  it('before a first meeting, says so, with everything after the forming since', () => {
    const brief = pairBrief(source({}, [entry('2026-01-01', 'PairFormed'), entry('2026-01-05', 'InitiativeDefined', { title: 'T' })]));
    expect(brief.lastMeeting).toBeNull();
    expect(brief.since.map((e) => e.type)).toEqual(['InitiativeDefined']);
  });

  it('asks a partner for a reflection when they have none or their last is a quarter old, in a pair going on they take part in', () => {
    const reflections = [
      { participantId: 'p1', recordedOn: '2026-04-01', relationshipScore: 3 },
      { participantId: 'p1', recordedOn: '2026-03-31', relationshipScore: 2 },
    ];
    // Ann's latest is 90 days old on 30 June: not yet due; Bob has none.
    const going = pairBrief(source({ reflections }));
    expect(going.partners.map((p) => [p.name, p.lastReflection, p.reflectionDue])).toEqual([
      ['Ann', { on: '2026-04-01', relationshipScore: 3 }, false],
      ['Bob', null, true],
    ]);
    expect(pairBrief({ ...source({ reflections }), today: '2026-07-01' }).partners[0]!.reflectionDue).toBe(true);
    // Not in a concluded pair, nor of a partner who no longer takes part.
    expect(pairBrief(source({ status: 'concluded' })).partners.map((p) => p.reflectionDue)).toEqual([false, false]);
    expect(pairBrief(source({}, [], false)).partners.map((p) => p.reflectionDue)).toEqual([false, false]);
  });
});
