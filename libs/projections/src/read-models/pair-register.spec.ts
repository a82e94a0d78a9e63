import { NO_PAIR_REGISTER_ROW, pairRegister, type RegisteredPair } from './pair-register';

const pair = (pairId: string, extra: Partial<RegisteredPair> = {}): RegisteredPair => ({
  pairId,
  cohortId: 'c1',
  livedExperiencePartnerId: 'a',
  professionalPartnerId: 'b',
  focus: 'Shorter waits',
  serviceArea: 'cardiac',
  formedOn: '2026-01-10',
  status: 'active',
  needsAttention: false,
  attentionReasons: [],
  daysSinceLastMeeting: null,
  overdueActions: 0,
  meetingsWithoutApproach: 0,
  ...extra,
});

describe("the programme's pairs as a register", () => {
  it('names each pair as its screens do, by title, with its partners by name (the erased said so) and why it needs attention', () => {
    const rows = pairRegister(
      [
        pair('p2', { initiative: { title: 'Zero missed letters' }, professionalPartnerId: 'gone' }),
        pair('p1', {
          status: 'concluded',
          concludedOn: '2026-09-01',
          needsAttention: true,
          attentionReasons: ['no-recent-meeting', 'overdue-actions'],
          overdueActions: 2,
        }),
      ],
      (id) => ({ a: 'Ann Ash', b: 'Dr Ben Bell' })[id] ?? null,
      (id) => (id === 'c1' ? 'Wave 1' : id),
    );
    expect(rows.map((r) => [r.title, r.livedExperiencePartner, r.professionalPartner])).toEqual([
      ['Shorter waits', 'Ann Ash', 'Dr Ben Bell'],
      ['Zero missed letters', 'Ann Ash', '[erased]'],
    ]);
    expect(rows[0]).toMatchObject({ cohort: 'Wave 1', concludedOn: '2026-09-01', attentionReasons: 'no-recent-meeting; overdue-actions', overdueActions: 2 });
    expect(rows[1]!.concludedOn).toBe('');
    expect(Object.keys(NO_PAIR_REGISTER_ROW)).toEqual(Object.keys(rows[0]!));
  });
});
