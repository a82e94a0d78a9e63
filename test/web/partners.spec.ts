import type { Pair, PairDetail, PairFigures, Participant } from '../../apps/web/src/api/types';
import { REFLECTION_DUE_AFTER_DAYS, pairsByPerson, reflectionDue } from '../../apps/web/src/partners';

const pair = (pairId: string, lep: string, pro: string, status: Pair['status'] = 'active') =>
  ({ pairId, livedExperiencePartnerId: lep, professionalPartnerId: pro, status, focus: `Focus of ${pairId}` }) as Pair;
const change = (livedExperience: number | null, professional: number | null) =>
  ({ relationship: { livedExperience: { change: livedExperience }, professional: { change: professional } } }) as PairFigures;

describe("each person's pairs, and whether they have reflected twice in each", () => {
  const pairs = [pair('p1', 'ann', 'bob'), pair('p2', 'ann', 'cat', 'concluded'), pair('p3', 'dan', 'cat')];

  it("says of each partner whether their relationship change is known (they reflected twice), from the pairs' figures", () => {
    const figures = [
      { ...change(2, null), pairId: 'p1' },
      { ...change(null, 1), pairId: 'p2' },
    ];
    const byPerson = pairsByPerson(pairs, figures);
    expect(byPerson.get('ann')).toEqual([
      { value: 'p1', label: 'Focus of p1', now: true, reflectedTwice: true },
      { value: 'p2', label: 'Focus of p2', now: false, reflectedTwice: false },
    ]);
    expect(byPerson.get('bob')).toEqual([{ value: 'p1', label: 'Focus of p1', now: true, reflectedTwice: false }]);
    expect(byPerson.get('cat')).toEqual([
      { value: 'p2', label: 'Focus of p2', now: false, reflectedTwice: true },
      // A pair whose figures were not read says nothing of it, rather than that they have not reflected.
      { value: 'p3', label: 'Focus of p3', now: true },
    ]);
  });

  it('says nothing of reflections without the figures (a pair member may not read them)', () => {
    expect(
      pairsByPerson(pairs)
        .get('ann')!
        .every((p) => !('reflectedTwice' in p)),
    ).toBe(true);
  });
});

describe('a reflection a partner is asked for', () => {
  const detail = (status: Pair['status'], reflections: { participantId: string; recordedOn: string; relationshipScore?: number }[]) =>
    ({ pairId: 'p1', status, focus: 'Rehab that people start', reflections }) as unknown as PairDetail;

  const ann = { participantId: 'ann', consents: [{ scope: 'participation', pairId: null }], withdrawnFor: [] } as unknown as Participant;

  it('is asked of a partner who has not reflected yet, or whose last reflection is a quarter old, in a pair going on', () => {
    expect(REFLECTION_DUE_AFTER_DAYS).toBe(91);
    expect(reflectionDue(detail('active', [{ participantId: 'bob', recordedOn: '2026-11-01' }]), ann, '2026-12-05')).toEqual({
      pairId: 'p1',
      title: 'Rehab that people start',
    });
    const reflected = [
      { participantId: 'ann', recordedOn: '2026-06-25', relationshipScore: 4 },
      { participantId: 'bob', recordedOn: '2026-06-26', relationshipScore: 5 },
      { participantId: 'ann', recordedOn: '2026-03-01', relationshipScore: 2 },
      { participantId: 'ann', recordedOn: '2026-03-01', relationshipScore: 3 },
    ];
    // The latest of theirs counts, whatever the order the pair lists them in; with each of their own
    // scores in date order (those of one day as recorded), and none of their partner's.
    expect(reflectionDue(detail('paused', reflected), ann, '2026-12-05')).toEqual({
      pairId: 'p1',
      title: 'Rehab that people start',
      last: { on: '2026-06-25', daysAgo: 163 },
      scores: [
        { on: '2026-03-01', score: 2 },
        { on: '2026-03-01', score: 3 },
        { on: '2026-06-25', score: 4 },
      ],
    });
    // Within the quarter, none is asked; nor in a pair concluded.
    expect(reflectionDue(detail('active', reflected), ann, '2026-09-23')).toBeUndefined();
    expect(reflectionDue(detail('active', reflected), ann, '2026-09-24')).toMatchObject({ last: { daysAgo: 91 } });
    expect(reflectionDue(detail('concluded', []), ann, '2026-12-05')).toBeUndefined();
  });

  it('is not asked in a pair they do not take part in now, where none could be recorded of them', () => {
    const withdrawn = { ...ann, withdrawnFor: [{ scope: 'participation', pairId: 'p1' }] } as unknown as Participant;
    expect(reflectionDue(detail('active', []), withdrawn, '2026-12-05')).toBeUndefined();
    expect(reflectionDue(detail('active', []), { ...ann, erased: true }, '2026-12-05')).toBeUndefined();
  });
});
