import type { Categories, PairFigures } from './api/types';
import { counted } from './lists';

/** Outcome categories as a chart or a sentence names them, in the order evaluation.md lists them. */
export const CATEGORY_LABELS: Record<keyof Categories, string> = {
  serviceChange: 'Service change',
  newModelOfCare: 'New model of care',
  patientExperience: 'Patient experience',
  staffPractice: 'Staff practice',
  policy: 'Policy',
  relationship: 'Relationship',
  other: 'Other',
};

export type ApproachKey = keyof PairFigures['approachesPracticed'];

/** The programme's five approaches, short enough to label a chart (the meeting form gives them whole). */
export const APPROACH_LABELS: Record<ApproachKey, string> = {
  findingPartner: 'Finding a partner and a real task',
  developingLeadership: 'Developing leadership',
  makingTimeForLearning: 'Making time for learning',
  goingWhereEnergyIs: 'Going where the energy is',
  embedding: 'Embedding',
};

/** An approach's label by its key as the API names it (`finding-partner`), whose figures are keyed in camelCase. */
export const approachLabel = (approach: string): string =>
  APPROACH_LABELS[approach.replace(/-(\w)/g, (_, c: string) => c.toUpperCase()) as ApproachKey] ?? approach;

/** A rate (0 to 1) as a whole percentage; a dash where there is none. */
export const percent = (rate: number | null) => (rate === null ? '—' : `${Math.round(rate * 100)}%`);

/** Minutes as "45 min", "2 h" or "14 h 30 min". */
export function duration(minutes: number): string {
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (hours === 0) return `${rest} min`;
  return rest === 0 ? `${hours} h` : `${hours} h ${rest} min`;
}

function ago(days: number): string {
  if (days === 0) return 'today';
  if (days === 1) return 'yesterday';
  return `${counted(days, 'day')} ago`;
}

function score(who: string, { first, latest }: PairFigures['relationship']['livedExperience']): string {
  if (first === null || latest === null) return `${who}: no reflection yet`;
  return first === latest ? `${who}: ${latest}` : `${who}: ${first} → ${latest}`;
}

/**
 * A pair's figures (GET /evaluation/pairs/:id) as a coordinator takes them in at a glance: rows of a
 * summary list, each a few words; `untagged`, how many of its meetings name no approach, which the
 * approaches' figures cannot count. Pure, so tested without a browser.
 */
export function glanceOf(figures: PairFigures, untagged = 0): { key: string; value: string }[] {
  const f = figures;
  const meetings =
    f.meetingsHeld === 0
      ? 'None yet'
      : [
          `${counted(f.meetingsHeld, 'meeting')}, ${duration(f.meetingMinutes)} in all`,
          `both partners at ${percent(f.bothPartnersPresentRate)} of them`,
          ...(f.meanDaysBetweenMeetings === null ? [] : [`one every ${counted(Math.round(f.meanDaysBetweenMeetings), 'day')} on average`]),
        ].join('; ');
  const actions =
    f.actionsAgreed === 0
      ? 'None agreed yet'
      : `${f.actionsAgreed} agreed: ${f.actionsCompleted} completed, ${f.actionsDropped} dropped, ${f.overdueActions} overdue` +
        (f.actionCompletionRate === null ? '' : ` (${percent(f.actionCompletionRate)} of those not dropped completed)`);
  const categories = (Object.keys(CATEGORY_LABELS) as (keyof Categories)[]).filter((k) => f.outcomesByCategory[k] > 0);
  const outcomes = categories.reduce((sum, k) => sum + f.outcomesByCategory[k], 0);
  const approaches = (Object.keys(APPROACH_LABELS) as ApproachKey[]).filter((k) => f.approachesPracticed[k] > 0);
  const them = untagged === 1 ? 'it' : 'them';
  const notCounted =
    untagged === 0
      ? ''
      : `; ${counted(untagged, 'meeting')} tagged with none, so not counted: correct ${them} on the timeline to say which ${untagged === 1 ? 'it' : 'they'} practised`;
  return [
    { key: 'Meetings', value: meetings },
    ...(f.daysSinceLastMeeting === null ? [] : [{ key: 'Last meeting', value: ago(f.daysSinceLastMeeting) }]),
    { key: 'Actions', value: actions },
    {
      key: 'Outcomes',
      value: outcomes === 0 ? 'None yet' : `${outcomes}: ${categories.map((k) => `${CATEGORY_LABELS[k].toLowerCase()} ${f.outcomesByCategory[k]}`).join(', ')}`,
    },
    {
      key: 'Relationship score',
      value: `${score('Lived-experience partner', f.relationship.livedExperience)}; ${score('professional partner', f.relationship.professional)} (from 1, "them and us", to 5, "equal partners")`,
    },
    {
      key: 'Approaches practised',
      value:
        (approaches.length === 0
          ? 'None recorded at its meetings'
          : approaches
              .map((k, i) => `${i === 0 ? APPROACH_LABELS[k] : APPROACH_LABELS[k].toLowerCase()} (${counted(f.approachesPracticed[k], 'meeting')})`)
              .join(', ')) + notCounted,
    },
  ];
}
