import { markdownText } from '@pairtrail/case-studies';
import { counted, longDate, type CalendarDate } from '@pairtrail/domain';
import { cohortFigures, relationshipChanges, type PairFigures } from '../evaluation/evaluation';
import { REPORT_FILES } from './report-files';

/** The file of a report pack that says its figures in words. */
export const REPORT_SUMMARY_FILE = 'summary.md';

/** What the figures in words are told from: the rows of every pair's figures and the funnel, read at one position. */
export interface FiguresToTell {
  pairs: PairFigures[];
  funnel: { stage: string; pairs: number }[];
}

/** What a report's summary is told from: its figures, and what they are of. */
export interface SummaryInput extends FiguresToTell {
  asOf: string;
  position: string;
  /** The cohort the report is of, by name; the whole programme when absent. */
  cohortName?: string;
}

/** A part of the figures in words: its title, and a sentence for each figure. */
export interface FiguresSection {
  key: 'pairs' | 'meetings-and-actions' | 'outcomes' | 'relationship' | 'funnel';
  title: string;
  sentences: string[];
}

const have = (n: number) => `${n.toLocaleString('en-GB')} ${n === 1 ? 'has' : 'have'}`;
const percent = (rate: number) => `${Math.round(rate * 100)}%`;
const signed = (n: number) => `${n > 0 ? '+' : n < 0 ? '−' : ''}${Math.abs(n).toFixed(1)}`;
const hours = (minutes: number) => `${Math.floor(minutes / 60).toLocaleString('en-GB')} hours ${minutes % 60} minutes`;
const STAGE_WORDS: Record<string, string> = {
  formed: 'formed',
  initiativeDefined: 'defined their initiative',
  firstMeeting: 'met',
  firstOutcome: 'recorded an outcome',
  concluded: 'concluded',
};

/**
 * The headline figures in words, for a report writer to quote and anyone to take in at a glance: how many
 * pairs formed, met, recorded an outcome and concluded; their meetings, actions and outcomes; the
 * relationship's change, and over how many partners it is known; the funnel. Told from the rows of the
 * figures, so it says nothing they do not; the same figures always give the same words, and it names no
 * pair.
 */
export function figuresInWords({ pairs, funnel }: FiguresToTell): FiguresSection[] {
  const all = cohortFigures({ cohortId: '', name: '' }, pairs);
  const sum = (figure: (p: PairFigures) => number) => pairs.reduce((total, p) => total + figure(p), 0);
  const meetings = sum((p) => p.meetingsHeld);
  const bothPresent = sum((p) => (p.bothPartnersPresentRate ?? 0) * p.meetingsHeld);
  const [agreed, completed, dropped, overdue] = [
    sum((p) => p.actionsAgreed),
    sum((p) => p.actionsCompleted),
    sum((p) => p.actionsDropped),
    sum((p) => p.overdueActions),
  ];
  const outcomes = Object.entries(all.outcomesByCategory).filter(([, n]) => n > 0);
  const outcomeCount = outcomes.reduce((total, [, n]) => total + n, 0);
  const changes = relationshipChanges(pairs);
  return [
    {
      key: 'pairs',
      title: 'The pairs',
      sentences: [
        `${counted(all.pairs, 'pair')} formed: ${have(all.pairsMet)} met, ${have(all.pairsWithOutcome)} recorded an outcome, and ${have(all.pairsConcluded)} concluded.`,
        all.medianDaysToFirstMeeting === null
          ? 'No pair has met yet.'
          : `Half the pairs that have met did so within ${counted(all.medianDaysToFirstMeeting, 'day')} of forming (the median).`,
        `${counted(all.pairsNeedingAttention, 'pair needs', 'pairs need')} attention: going on with no meeting for more than 42 days, or an action overdue.`,
      ],
    },
    {
      key: 'meetings-and-actions',
      title: 'Meetings and actions',
      sentences: [
        meetings === 0
          ? 'No meeting is recorded.'
          : `${counted(meetings, 'meeting')}, ${hours(sum((p) => p.meetingMinutes))} in all; both partners came to ${percent(bothPresent / meetings)} of them.`,
        agreed - dropped === 0
          ? `${counted(agreed, 'action')} agreed${dropped ? `, every one dropped` : ''}.`
          : `${counted(agreed, 'action')} agreed: ${completed.toLocaleString('en-GB')} completed and ${dropped.toLocaleString('en-GB')} dropped, so ${percent(completed / (agreed - dropped))} of those not dropped are done; ${overdue.toLocaleString('en-GB')} overdue.`,
      ],
    },
    {
      key: 'outcomes',
      title: 'Outcomes',
      sentences: [
        outcomeCount === 0
          ? 'No outcome is recorded.'
          : `${counted(outcomeCount, 'outcome')}: ${outcomes.map(([category, n]) => `${category.replace(/([A-Z])/g, ' $1').toLowerCase()} ${n.toLocaleString('en-GB')}`).join(', ')}.`,
      ],
    },
    {
      key: 'relationship',
      title: 'The relationship',
      sentences: [
        changes.length === 0
          ? 'No partner has reflected twice yet, so no change in the relationship is known.'
          : `Partners' relationship scores (1, "them and us", to 5, "equal partners") moved by ${signed(all.meanRelationshipChange!)} on average, over the ${counted(changes.length, 'partner')} who have reflected at least twice, the only ones of whom a change is known.`,
      ],
    },
    {
      key: 'funnel',
      title: 'How far the pairs have come',
      sentences: funnel.map((stage) => `${counted(stage.pairs, 'pair')} ${STAGE_WORDS[stage.stage] ?? stage.stage}`),
    },
  ];
}

/** The figures in words as Markdown: each section under a heading of the second level, a sentence an item. */
export const figuresInWordsMarkdown = (sections: readonly FiguresSection[]): string[] =>
  sections.flatMap((section) => [`## ${section.title}`, '', ...section.sentences.map((sentence) => `- ${sentence}`), '']);

/**
 * A report pack's summary.md: the figures in words (`figuresInWords`), said of their date and position,
 * and what each file of the pack holds. A pseudonymised pack's is the same, since it names no pair, and
 * is checked as any other's. `check-report` checks a pack made years ago against these words: better
 * wording is a new wording kept beside this one (as case studies' renderings are), never this one changed;
 * the tests pin its sentences.
 */
export function reportSummaryText(input: SummaryInput): string {
  // A cohort's name is as a coordinator typed it: text, never Markdown.
  const of = input.cohortName ? `the cohort ${markdownText(input.cohortName)}` : 'the programme';
  const lines = [
    `# The figures of ${of} in words`,
    '',
    `As things stood on ${longDate(input.asOf as CalendarDate)}, as recorded up to log position ${input.position}. Every figure here is in the CSV files beside it; manifest.json says how to give them again and check them.`,
    '',
    ...figuresInWordsMarkdown(figuresInWords(input)),
    '## The files',
    '',
    ...Object.entries(REPORT_FILES).map(([file, holds]) => `- ${file}: ${holds}`),
    '- datapackage.json: what each column means, its type and the values it may take',
    '- manifest.json: the position and date these are read at, the head digest of the record there, each file’s SHA-256, and how to give them again and check them',
    '',
  ];
  return lines.join('\n');
}
