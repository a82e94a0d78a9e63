import { APPROACHES, APPROACH_DESCRIPTIONS, OUTCOME_CATEGORIES, SPREAD_LEVELS } from '@pairtrail/domain';
import {
  NO_COHORT_FIGURES,
  NO_PAIR_FIGURES,
  NO_SERVICE_AREA_FIGURES,
  approachFigures,
  camel,
  relationshipSeries,
  type CohortFigures,
  type CountsBy,
  type MonthFigures,
  type RelationshipMonth,
  type ScoresThen,
  type ApproachFigures,
  type ApproachGroup,
  type PairFigures,
  type ServiceAreaFigures,
} from '../evaluation/evaluation';
import { flatten } from './csv';

/** The files of a report's figures, each with what it holds, as its manifest says. */
export const REPORT_FILES = {
  'pairs.csv': "each pair's figures",
  'cohorts.csv': "each cohort's figures",
  'service-areas.csv': "each service area's figures",
  'monthly.csv': 'meetings, minutes, outcomes, reflections and active pairs, month by month',
  'funnel.csv': 'how many pairs reached each stage',
  'approaches.csv':
    "each of the programme's five approaches: the meetings tagged with it, and how the pairs that practised it fared beside those that met without it",
  'relationship.csv': "how the partnerships felt, month by month: every partner's latest relationship score by each month's end, and each perspective's apart",
} as const;

/** Files packs came to hold later: a pack made before holds none, and is checked without it. */
export const REPORT_FILES_ADDED_LATER: ReadonlySet<ReportFile> = new Set(['approaches.csv', 'relationship.csv']);

export type ReportFile = keyof typeof REPORT_FILES;

/** What a report's figures are of, as its description says. */
export interface DescribedReport {
  asOf: string;
  position: string;
  cohortId?: string;
  pseudonymised: boolean;
}

/**
 * One figure, a column of a report's CSV file, as a Frictionless Table Schema field says it
 * (https://specs.frictionlessdata.io/table-schema/): its type, what it means, and the values it may take.
 * An empty cell is a figure that does not exist (evaluation.md's null), such as the days to a first
 * meeting of a pair that has not met.
 */
export interface FigureColumn {
  type: 'string' | 'integer' | 'number' | 'boolean' | 'date' | 'yearmonth' | 'array';
  description: string;
  constraints?: { required?: true; enum?: readonly string[]; minimum?: number; maximum?: number };
}

/** A description of every figure of a kind, nested as its figures are, so the compiler names one left undescribed. */
type Described<T> = {
  [K in keyof T]-?: NonNullable<T[K]> extends readonly unknown[]
    ? FigureColumn
    : NonNullable<T[K]> extends object
      ? Described<NonNullable<T[K]>>
      : FigureColumn;
};

const count = (description: string): FigureColumn => ({ type: 'integer', description, constraints: { required: true, minimum: 0 } });
const rate = (description: string): FigureColumn => ({ type: 'number', description, constraints: { minimum: 0, maximum: 1 } });
const days = (description: string): FigureColumn => ({ type: 'integer', description, constraints: { minimum: 0 } });
const id = (description: string): FigureColumn => ({ type: 'string', description, constraints: { required: true } });

/** A column of counts for each value of a vocabulary, each described by its value. */
const countsOf = <V extends string>(values: readonly V[], describe: (value: V) => string): Described<CountsBy<V>> =>
  Object.fromEntries(values.map((value) => [camel(value), count(describe(value))])) as Described<CountsBy<V>>;

const outcomesByCategory = (whose: string) => countsOf(OUTCOME_CATEGORIES, (category) => `outcomes of ${whose} recorded in the category ${category}`);

const relationship = (partner: string) =>
  ({
    first: {
      type: 'integer',
      description: `the ${partner} partner's relationship score in their earliest reflection, from 1 ("them and us") to 5 ("equal partners"); empty if they have reflected on none`,
      constraints: { minimum: 1, maximum: 5 },
    },
    latest: {
      type: 'integer',
      description: `the ${partner} partner's relationship score in their latest reflection, 1 to 5; empty if they have reflected on none`,
      constraints: { minimum: 1, maximum: 5 },
    },
    change: {
      type: 'integer',
      description: `latest − first of the ${partner} partner's scores, -4 to 4; empty if they have reflected fewer than two times`,
      constraints: { minimum: -4, maximum: 4 },
    },
  }) satisfies Described<PairFigures['relationship']['livedExperience']>;

const PAIR_COLUMNS: Described<PairFigures> = {
  pairId: id("the pair's id"),
  cohortId: id('the id of the cohort the pair was formed in, as in cohorts.csv'),
  serviceArea: id('the service area the pair works in, as in service-areas.csv'),
  status: {
    type: 'string',
    description: 'active, paused or concluded, as of the asOf date',
    constraints: { required: true, enum: ['active', 'paused', 'concluded'] },
  },
  daysToFirstMeeting: days("days from the pair's forming (formedOn) to its earliest meeting (heldOn); empty if it has not met"),
  meetingsHeld: count('meetings held'),
  meetingMinutes: count('minutes of the meetings held: the sum of their durations'),
  bothPartnersPresentRate: rate(
    'the share of meetings both partners attended, 0 to 1 (meetings attended by both ÷ meetingsHeld); empty if no meeting was held',
  ),
  meanDaysBetweenMeetings: {
    type: 'number',
    description: 'the mean gap in days between consecutive meetings, in the order they were held; empty if fewer than two were held',
    constraints: { minimum: 0 },
  },
  daysSinceLastMeeting: days('days from the latest meeting to the asOf date; empty if no meeting was held'),
  actionsAgreed: count('actions agreed'),
  actionsCompleted: count('actions completed'),
  actionsDropped: count('actions dropped'),
  actionCompletionRate: rate('actionsCompleted ÷ (actionsAgreed − actionsDropped), 0 to 1; empty when that divisor is 0'),
  overdueActions: count('actions neither completed nor dropped whose due date (dueOn) is before the asOf date'),
  outcomesByCategory: outcomesByCategory('the pair'),
  outcomesBySpread: countsOf(
    SPREAD_LEVELS,
    (level) => `outcomes of the pair whose spread, how far it reached (pair, team, organisation or system), is ${level}`,
  ),
  approachesPracticed: countsOf(APPROACHES, (approach) => `meetings tagged with the approach ${approach}: ${APPROACH_DESCRIPTIONS[approach]}`),
  relationship: { livedExperience: relationship('lived-experience'), professional: relationship('professional') },
  needsAttention: {
    type: 'boolean',
    description:
      'true if the pair is active and more than 42 days have passed since it formed with no meeting, or more than 42 since its last meeting, or an action is overdue',
    constraints: { required: true },
  },
  attentionReasons: {
    type: 'array',
    description:
      'why it needs attention, as a JSON array of each condition that holds: no-first-meeting, no-recent-meeting, overdue-actions; [] when it does not',
    constraints: { required: true },
  },
};

const RELATIONSHIP_CHANGE = "the mean of every partner's relationship change (relationship.*.change in pairs.csv) that is not empty; empty if none is";

/** A mean change in relationship score of each perspective's partners apart, over `whose` pairs. */
const changeByPerspective = (whose: string): Described<CohortFigures['meanRelationshipChangeByPerspective']> => ({
  livedExperience: {
    type: 'number',
    description: `over ${whose} pairs, the mean of every lived-experience partner's relationship change (relationship.livedExperience.change in pairs.csv) that is not empty; empty if none is`,
  },
  professional: {
    type: 'number',
    description: `over ${whose} pairs, the mean of every professional partner's relationship change (relationship.professional.change in pairs.csv) that is not empty; empty if none is`,
  },
});

const COHORT_COLUMNS: Described<CohortFigures> = {
  cohortId: id("the cohort's id, as in pairs.csv"),
  name: id("the cohort's name, as recorded up to the position (a name corrected since is as it was then)"),
  pairs: count('pairs formed in the cohort'),
  pairsMet: count('pairs with at least one meeting'),
  pairsWithOutcome: count('pairs with at least one outcome'),
  pairsConcluded: count('pairs concluded'),
  medianDaysToFirstMeeting: {
    type: 'number',
    description: 'the median of daysToFirstMeeting over the pairs that met (of an even count, the mean of the middle two); empty if none met',
    constraints: { minimum: 0 },
  },
  meanRelationshipChange: { type: 'number', description: RELATIONSHIP_CHANGE },
  meanRelationshipChangeByPerspective: changeByPerspective("the cohort's"),
  pairsNeedingAttention: count('pairs that need attention: the number of ids in needsAttention'),
  outcomesByCategory: outcomesByCategory("the cohort's pairs"),
  needsAttention: {
    type: 'array',
    description: 'the ids of the pairs that need attention (needsAttention in pairs.csv), as a JSON array',
    constraints: { required: true },
  },
};

const SERVICE_AREA_COLUMNS: Described<ServiceAreaFigures> = {
  serviceArea: id('the service area, as pairs.csv names it'),
  pairs: count('pairs working in the service area'),
  meetingsHeld: count("meetings held by the service area's pairs"),
  outcomes: count("outcomes recorded by the service area's pairs"),
  meanRelationshipChange: { type: 'number', description: `over the service area's pairs, ${RELATIONSHIP_CHANGE}` },
  meanRelationshipChangeByPerspective: changeByPerspective("the service area's"),
};

const MONTH_COLUMNS: Described<MonthFigures> = {
  month: {
    type: 'yearmonth',
    description: 'the month, YYYY-MM: every month of the range is present, the empty ones included',
    constraints: { required: true },
  },
  meetings: count('meetings held in the month (by heldOn)'),
  meetingMinutes: count('minutes of the meetings held in the month'),
  outcomes: count('outcomes recorded in the month (by recordedOn)'),
  reflections: count('reflections recorded in the month (by recordedOn)'),
  activePairs: count('pairs active in the month: formed by its end, and not concluded before it began'),
};

const scoresThen = (whose: string): Described<ScoresThen> => ({
  partners: count(`${whose} of the pairs active in the month who had scored the relationship by its end`),
  meanScore: {
    type: 'number',
    description: `the mean of each of those ${whose}' latest relationship score dated on or before the month's last day, from 1 ("them and us") to 5 ("equal partners"); empty if none had scored it`,
    constraints: { minimum: 1, maximum: 5 },
  },
});

const RELATIONSHIP_COLUMNS: Described<RelationshipMonth> = {
  month: {
    type: 'yearmonth',
    description: 'the month, YYYY-MM: every month of the range is present, the empty ones included',
    constraints: { required: true },
  },
  ...scoresThen('partners'),
  livedExperience: scoresThen('lived-experience partners'),
  professional: scoresThen('professional partners'),
};

/** The funnel's stages, in order; each counts the pairs that reached it, whatever the others. */
const FUNNEL_STAGES = ['formed', 'initiativeDefined', 'firstMeeting', 'firstOutcome', 'concluded'] as const;

const FUNNEL_COLUMNS: Described<{ stage: string; pairs: number }> = {
  stage: {
    type: 'string',
    description: 'formed, initiativeDefined, firstMeeting, firstOutcome or concluded, in that order',
    constraints: { required: true, enum: FUNNEL_STAGES },
  },
  pairs: count('pairs that have reached the stage, whether or not they reached the stages before it'),
};

const approachGroup = (which: string, note = ''): Described<ApproachGroup> => ({
  pairs: count(`pairs ${which}${note}`),
  pairsWithOutcome: count(`pairs ${which} with at least one outcome`),
  outcomeRate: rate(`pairsWithOutcome ÷ pairs of the pairs ${which}, 0 to 1; empty if there are none`),
  meanRelationshipChange: {
    type: 'number',
    description: `over the pairs ${which}, ${RELATIONSHIP_CHANGE}`,
  },
  partnersWithChange: count(`how many partners of the pairs ${which} have a relationship change (they reflected at least twice): how many the mean is over`),
});

const APPROACH_COLUMNS: Described<ApproachFigures> = {
  approach: {
    type: 'string',
    description: "one of the programme's five approaches, as a meeting is tagged with it",
    constraints: { required: true, enum: APPROACHES },
  },
  meetings: count('meetings tagged with the approach'),
  practiced: approachGroup('that practised the approach (at least one meeting of theirs tagged with it)'),
  notPracticed: approachGroup(
    'that met but never practised the approach',
    '; set beside practiced.*, these figures say what went with the approach, not what it caused',
  ),
};

const AGAIN_COLUMNS = {
  asOf: {
    type: 'date',
    description:
      "the date the figures are as of (manifest.json's asOf): facts dated after it do not count, and it is the today of figures that depend on today",
    constraints: { required: true },
  },
  position: {
    type: 'integer',
    description: "the log position the figures were read at (manifest.json's position): only what had been recorded up to it counts",
    constraints: { required: true, minimum: 0 },
  },
} satisfies Record<string, FigureColumn>;

interface FileDescription {
  title: string;
  /** The file's columns before asOf and position, in order: a row of no figures' keys, flattened as the CSV flattens them. */
  header: string[];
  columns: object;
  primaryKey: string;
}

const keysOf = (row: object) => Object.keys(flatten(row as Record<string, unknown>));

const FILE_DESCRIPTIONS: Record<ReportFile, FileDescription> = {
  'pairs.csv': { title: "Each pair's figures", header: keysOf(NO_PAIR_FIGURES), columns: PAIR_COLUMNS, primaryKey: 'pairId' },
  'cohorts.csv': { title: "Each cohort's figures", header: keysOf(NO_COHORT_FIGURES), columns: COHORT_COLUMNS, primaryKey: 'cohortId' },
  'service-areas.csv': {
    title: "Each service area's figures",
    header: keysOf(NO_SERVICE_AREA_FIGURES),
    columns: SERVICE_AREA_COLUMNS,
    primaryKey: 'serviceArea',
  },
  'monthly.csv': { title: 'Month by month', header: Object.keys(MONTH_COLUMNS), columns: MONTH_COLUMNS, primaryKey: 'month' },
  'funnel.csv': { title: 'How far pairs have come', header: Object.keys(FUNNEL_COLUMNS), columns: FUNNEL_COLUMNS, primaryKey: 'stage' },
  'relationship.csv': {
    title: 'How the partnerships felt, month by month',
    header: keysOf(relationshipSeries([], '2000-01', '2000-01')[0]!),
    columns: RELATIONSHIP_COLUMNS,
    primaryKey: 'month',
  },
  'approaches.csv': {
    title: 'The five approaches, and how the pairs that practised them fared',
    header: keysOf(approachFigures([])[0]!),
    columns: APPROACH_COLUMNS,
    primaryKey: 'approach',
  },
};

const isColumn = (value: object): value is FigureColumn => 'type' in value && 'description' in value;

/** Described figures by the dotted names of their CSV columns. */
function columnsByName(described: object, prefix = ''): Record<string, FigureColumn> {
  return Object.entries(described).reduce<Record<string, FigureColumn>>((out, [key, value]: [string, object]) => {
    const name = prefix ? `${prefix}.${key}` : key;
    return Object.assign(out, isColumn(value) ? { [name]: value } : columnsByName(value, name));
  }, {});
}

/** What the report pack's description of its files is called, beside manifest.json. */
export const REPORT_DESCRIPTION_FILE = 'datapackage.json';

/**
 * A file's columns as Table Schema fields, in the order of its CSV header (`relationship.livedExperience.change`
 * for a nested figure), asOf and position last.
 */
export function reportColumns(file: ReportFile): FigureField[] {
  const { header, columns } = FILE_DESCRIPTIONS[file];
  const described: Record<string, FigureColumn> = { ...columnsByName(columns), ...AGAIN_COLUMNS };
  return [...header, 'asOf', 'position'].map((name) => {
    const column = described[name];
    if (!column) throw new Error(`${file}'s column ${name} is not described`);
    return { name, ...column };
  });
}

/** A figure as a Table Schema field: its column's name, dotted where the figure is nested, and what it is. */
export interface FigureField extends FigureColumn {
  name: string;
}

/** A file of figures as a Frictionless tabular data resource: its name and path, its CSV dialect, and its Table Schema. */
export interface FigureFile {
  profile: 'tabular-data-resource';
  /** The file's name without .csv: how a foreign key refers to it. */
  name: string;
  /** The file's name in a report pack. */
  path: ReportFile;
  title: string;
  format: 'csv';
  mediatype: 'text/csv';
  encoding: 'utf-8';
  dialect: { delimiter: ','; lineTerminator: '\r\n'; quoteChar: '"'; doubleQuote: true; header: true };
  schema: {
    /** The file's columns, in order. */
    fields: FigureField[];
    /** What stands for a figure that does not exist: an empty cell. */
    missingValues: string[];
    /** The column no two rows share. */
    primaryKey: string;
    /** Columns whose values are another file's keys: a pair's cohort and service area. */
    foreignKeys?: { fields: string; reference: { resource: string; fields: string } }[];
  };
}

/** Evaluation figures described as a Frictionless tabular data package: what each file and each of its columns is. */
export interface FiguresPackage {
  profile: 'tabular-data-package';
  name: string;
  title: string;
  /** How every figure is made and written. */
  description: string;
  resources: FigureFile[];
}

/** What every evaluation figure's description says first: how figures are made and written. */
const FIGURES_ARE =
  "Every figure is computed from the record's events: corrections applied, retracted entries left out. Dates are calendar dates in the programme's time zone; day counts are whole days; rates are fractions from 0 to 1, and rates and means are not rounded. An empty cell (null in JSON) is a figure that does not exist.";

/**
 * What each evaluation figure means, file by file as a report pack holds them and the Evaluation routes
 * give them (`?format=csv`: the same columns; in JSON, the same names nested where they are dotted), as
 * a Frictionless tabular data package (https://specs.frictionlessdata.io/tabular-data-package/): for
 * whoever reads the figures without evaluation.md at hand, and for tools that read such packages (to
 * load the CSVs with their types, or to validate them). `GET /evaluation/definitions` answers it.
 */
export function figureDefinitions(): FiguresPackage {
  const files = Object.keys(FILE_DESCRIPTIONS) as ReportFile[];
  return {
    profile: 'tabular-data-package',
    name: 'pairtrail-figures',
    title: "Pairtrail's evaluation figures: what each one means",
    description: `${FIGURES_ARE} Each file is named as a report pack names it.`,
    resources: files.map((file) => ({
      profile: 'tabular-data-resource',
      name: file.replace(/\.csv$/, ''),
      path: file,
      title: FILE_DESCRIPTIONS[file].title,
      format: 'csv',
      mediatype: 'text/csv',
      encoding: 'utf-8',
      dialect: { delimiter: ',', lineTerminator: '\r\n', quoteChar: '"', doubleQuote: true, header: true },
      schema: {
        fields: reportColumns(file),
        missingValues: [''],
        primaryKey: FILE_DESCRIPTIONS[file].primaryKey,
        ...(file === 'pairs.csv'
          ? {
              foreignKeys: [
                { fields: 'cohortId', reference: { resource: 'cohorts', fields: 'cohortId' } },
                { fields: 'serviceArea', reference: { resource: 'service-areas', fields: 'serviceArea' } },
              ],
            }
          : {}),
      },
    })),
  };
}

/**
 * What a report pack's files are and what each of their columns means (`figureDefinitions`), said of
 * that report: its date, position and cohort. It describes; it quotes no figure, and manifest.json gives
 * its SHA-256 with the others'.
 */
export function reportDescription({ asOf, position, cohortId, pseudonymised }: DescribedReport): FiguresPackage {
  return {
    ...figureDefinitions(),
    name: 'pairtrail-report',
    title: `Pairtrail report: evaluation figures as of ${asOf}, as recorded up to log position ${position}${cohortId ? `, of cohort ${cohortId}` : ''}`,
    description:
      `${FIGURES_ARE} manifest.json gives the head digest of the record at the position, each file's SHA-256, and how to give the files again and check them.` +
      (pseudonymised
        ? " Each pair's id is a pseudonym, new with this pack: it is the same pair's in pairs.csv and cohorts.csv, and no one's outside the pack."
        : ''),
  };
}

/** The text of the pack's datapackage.json, as the pack holds it. */
export const reportDescriptionText = (report: DescribedReport): string => `${JSON.stringify(reportDescription(report), null, 2)}\n`;
