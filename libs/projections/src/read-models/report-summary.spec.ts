import { NO_PAIR_FIGURES, type PairFigures } from '../evaluation/evaluation';
import { reportSummaryText } from './report-summary';

const relationship = (first: number | null, latest: number | null) => ({ first, latest, change: first !== null && latest !== null ? latest - first : null });
const pair = (figures: Partial<PairFigures>): PairFigures => ({ ...NO_PAIR_FIGURES, status: 'active', ...figures });
const funnel = (formed: number) =>
  ['formed', 'initiativeDefined', 'firstMeeting', 'firstOutcome', 'concluded'].map((stage, i) => ({ stage, pairs: i === 0 ? formed : 0 }));
const said = (input: Partial<Parameters<typeof reportSummaryText>[0]>) =>
  reportSummaryText({ pairs: [], funnel: funnel(0), asOf: '2026-11-22', position: '120', ...input });

describe("a report's figures in words", () => {
  it('says the headline figures the pairs give, each worked out as evaluation.md defines it', () => {
    const pairs = [
      pair({
        daysToFirstMeeting: 10,
        meetingsHeld: 4,
        meetingMinutes: 240,
        bothPartnersPresentRate: 0.75,
        actionsAgreed: 5,
        actionsCompleted: 3,
        actionsDropped: 1,
        overdueActions: 1,
        needsAttention: true,
        outcomesByCategory: { ...NO_PAIR_FIGURES.outcomesByCategory, serviceChange: 2, newModelOfCare: 1 },
        relationship: { livedExperience: relationship(2, 5), professional: relationship(3, 3) },
      }),
      pair({
        status: 'concluded',
        daysToFirstMeeting: 30,
        meetingsHeld: 6,
        meetingMinutes: 330,
        bothPartnersPresentRate: 0.5,
        actionsAgreed: 2,
        actionsCompleted: 2,
        relationship: { livedExperience: relationship(4, null), professional: relationship(1, 2) },
      }),
      pair({}),
    ];
    const text = said({ pairs, funnel: funnel(3), cohortName: 'Wave *1* <b>' });
    expect(text.split('\n').slice(0, 3)).toEqual([
      '# The figures of the cohort Wave \\*1\\* \\<b\\> in words',
      '',
      'As things stood on 22 November 2026, as recorded up to log position 120. Every figure here is in the CSV files beside it; manifest.json says how to give them again and check them.',
    ]);
    for (const line of [
      '- 3 pairs formed: 2 have met, 1 has recorded an outcome, and 1 has concluded.',
      // The median of 10 and 30.
      '- Half the pairs that have met did so within 20 days of forming (the median).',
      '- 1 pair needs attention: going on with no meeting for more than 42 days, or an action overdue.',
      // Both present at 3 of 4 and 3 of 6: 6 of 10.
      '- 10 meetings, 9 hours 30 minutes in all; both partners came to 60% of them.',
      // 5 of the 6 not dropped.
      '- 7 actions agreed: 5 completed and 1 dropped, so 83% of those not dropped are done; 1 overdue.',
      '- 3 outcomes: service change 2, new model of care 1.',
      // The changes known: +3, 0 and +1; the partner who reflected once has none.
      '- Partners\' relationship scores (1, "them and us", to 5, "equal partners") moved by +1.3 on average, over the 3 partners who have reflected at least twice, the only ones of whom a change is known.',
      '- 3 pairs formed',
      '- 0 pairs concluded',
    ])
      expect(text).toContain(`\n${line}\n`);
  });

  it('says when there is nothing yet to count, rather than a figure of nothing', () => {
    const text = said({ pairs: [pair({})], funnel: funnel(1) });
    expect(text).toMatch(/^# The figures of the programme in words\n/);
    for (const line of [
      '- 1 pair formed: 0 have met, 0 have recorded an outcome, and 0 have concluded.',
      '- No pair has met yet.',
      '- No meeting is recorded.',
      '- 0 actions agreed.',
      '- No outcome is recorded.',
      '- No partner has reflected twice yet, so no change in the relationship is known.',
    ])
      expect(text).toContain(`\n${line}\n`);
  });
});
