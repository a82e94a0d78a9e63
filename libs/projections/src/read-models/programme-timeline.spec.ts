import { countInWords } from '@pairtrail/domain';
import { programmeTimeline, programmeTimelinePeriod, type ProgrammeTimelineEntry } from './programme-timeline';

const entry = (on: string, pairId: string, type: string, recordedAt = '2026-03-01T10:00:00.000Z'): ProgrammeTimelineEntry => ({
  pairId,
  cohortId: 'c',
  title: pairId,
  eventId: `${pairId}-${on}-${type}`,
  type,
  on,
  recordedAt,
  summary: '',
  details: [],
  corrections: 0,
});

describe('the programme timeline of a period', () => {
  it('covers the four weeks to its last day unless told, and names each value it cannot take', () => {
    expect(programmeTimelinePeriod({}, '2026-03-28')).toMatchObject({ from: '2026-03-01', to: '2026-03-28', order: 'newest', types: null });
    expect(programmeTimelinePeriod({ to: '2026-03-01' }, '2026-12-06')).toMatchObject({ from: '2026-02-02', to: '2026-03-01' });
    expect(programmeTimelinePeriod({ kind: 'actions', order: 'oldest' }, '2026-03-28')).toMatchObject({
      types: ['ActionAgreed', 'ActionCompleted', 'ActionDropped'],
      order: 'oldest',
    });
    expect(() => programmeTimelinePeriod({ from: '2026-3-1', kind: 'minutes', order: 'up' }, '2026-03-28')).toThrow(
      expect.objectContaining({
        details: [expect.objectContaining({ field: 'from' }), expect.objectContaining({ field: 'kind' }), expect.objectContaining({ field: 'order' })],
      }),
    );
  });

  it('orders entries by date, then pair, then when recorded, and counts each kind and its pairs', () => {
    const found = [
      entry('2026-03-02', 'b', 'MeetingHeld'),
      entry('2026-03-02', 'a', 'MeetingHeld', '2026-03-05T10:00:00.000Z'),
      entry('2026-03-02', 'a', 'OutcomeRecorded', '2026-03-04T10:00:00.000Z'),
      entry('2026-03-01', 'b', 'MeetingHeld'),
    ];
    const period = programmeTimelinePeriod({ from: '2026-03-01', to: '2026-03-31', order: 'oldest' }, '2026-04-01');
    const timeline = programmeTimeline(period, found);
    expect(timeline.items.map((e) => e.eventId)).toEqual([
      'b-2026-03-01-MeetingHeld',
      'a-2026-03-02-OutcomeRecorded',
      'a-2026-03-02-MeetingHeld',
      'b-2026-03-02-MeetingHeld',
    ]);
    expect(timeline.counts.filter((c) => c.entries > 0)).toEqual([
      { type: 'MeetingHeld', entries: 3, pairs: 2 },
      { type: 'OutcomeRecorded', entries: 1, pairs: 1 },
    ]);
    expect(programmeTimeline({ ...period, order: 'newest' }, found).items.map((e) => e.eventId)).toEqual(timeline.items.map((e) => e.eventId).reverse());
  });

  it('says its counts in words, one of a pair for what happens once to a pair', () => {
    expect(countInWords({ type: 'MeetingHeld', entries: 1, pairs: 1 })).toBe('1 meeting held, in 1 pair');
    expect(countInWords({ type: 'ReflectionRecorded', entries: 1200, pairs: 3 })).toBe('1,200 reflections, in 3 pairs');
    expect(countInWords({ type: 'PairConcluded', entries: 2, pairs: 2 })).toBe('2 pairs concluded');
    expect(countInWords({ type: 'OutcomeRecorded', entries: 0, pairs: 0 })).toBe('0 outcomes recorded');
  });
});
