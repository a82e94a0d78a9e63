import { isCalendarDate } from '@pairtrail/domain';
import { sha256, type VerifyReport } from '@pairtrail/event-store';
import { NO_COHORT_FIGURES, NO_PAIR_FIGURES, NO_SERVICE_AREA_FIGURES } from '../evaluation/evaluation';
import { figuresCsv } from './csv';
import type { Pseudonymiser } from './pseudonymiser';
import type { LookBack, ReadModels } from './read-models';

/** The files of a report's figures, each with what it holds, as its manifest says. */
export const REPORT_FILES = {
  'pairs.csv': "each pair's figures (evaluation.md, per pair)",
  'cohorts.csv': "each cohort's figures",
  'service-areas.csv': "each service area's figures",
  'monthly.csv': 'meetings, minutes, outcomes, reflections and active pairs, month by month',
  'funnel.csv': 'how many pairs reached each stage',
} as const;

export type ReportFile = keyof typeof REPORT_FILES;

export interface ReportOptions {
  /** Only that cohort's figures. */
  cohortId?: string;
  /** Each pair's id a pseudonym of this one run. */
  pseudonymiser?: Pseudonymiser;
}

/** A report's figures, each file as CSV text, all read at one position: the asOf and position that give them again. */
export interface ReportFigures {
  files: Record<ReportFile, string>;
  asOf: string;
  position: string;
}

/**
 * The months of a monthly series: those given, else from the month the earliest cohort (or the one
 * chosen) started to the month the figures are as of, as the Evaluation screen charts them.
 */
export function monthsOf(reads: ReadModels, look: LookBack, given: { cohort?: string; from?: string; to?: string }): { from: string; to: string } {
  const starts = reads
    .cohorts()
    .filter((c) => !given.cohort || c.cohortId === given.cohort)
    .map((c) => c.startsOn)
    .sort();
  const thisMonth = look.today.slice(0, 7);
  const from = given.from ?? starts[0]?.slice(0, 7) ?? thisMonth;
  // From a month still to come (a cohort yet to start), to that month; a --from that is no month is said alone.
  return { from, to: given.to ?? (isCalendarDate(`${from}-01`) && from > thisMonth ? from : thisMonth) };
}

/**
 * Every figure of the programme (or of one cohort) in one snapshot of the read models, so that all of
 * them are of one position: what `pairtrail report` writes and `POST /reports` packs. An unknown cohort
 * is the read models' not-found.
 */
export function reportFigures(reads: ReadModels, look: LookBack, { cohortId, pseudonymiser }: ReportOptions): ReportFigures {
  const pseudonym = (id: string) => (pseudonymiser ? pseudonymiser.pseudonym(id) : id);
  const { result, ...again } = reads.reproducibly(look, () => {
    if (cohortId) reads.cohort(cohortId);
    return {
      'pairs.csv': reads.pairEvaluations(look, cohortId).map((p) => ({ ...p, pairId: pseudonym(p.pairId) })),
      'cohorts.csv': reads
        .cohortEvaluations(look)
        .filter((c) => !cohortId || c.cohortId === cohortId)
        .map((c) => ({ ...c, needsAttention: c.needsAttention.map(pseudonym) })),
      'service-areas.csv': reads.serviceAreas(look, cohortId).items,
      'monthly.csv': reads.monthly({ ...monthsOf(reads, look, { cohort: cohortId }), cohortId }, look).months,
      'funnel.csv': reads.funnel({ cohortId }, look).stages,
    } satisfies Record<ReportFile, object[]>;
  });
  const columnsOf: Partial<Record<ReportFile, object>> = {
    'pairs.csv': NO_PAIR_FIGURES,
    'cohorts.csv': NO_COHORT_FIGURES,
    'service-areas.csv': NO_SERVICE_AREA_FIGURES,
  };
  const files = Object.fromEntries(Object.entries(result).map(([file, rows]) => [file, figuresCsv(rows, again, columnsOf[file as ReportFile])])) as Record<
    ReportFile,
    string
  >;
  return { files, ...again };
}

/**
 * Why a record that does not verify gets no report, or undefined if it verifies: figures that cannot be
 * shown to come from an untouched record are no report's to quote.
 */
export function unverifiedReport(position: string, verified: Pick<VerifyReport, 'ok' | 'failures'>): string | undefined {
  if (verified.ok) return undefined;
  const first = verified.failures[0]!;
  return `The record up to position ${position} does not verify (stream ${first.stream}, revision ${first.revision}: ${first.reason}), so no report was written: its figures could not be shown to come from an untouched record.`;
}

/** What a report's manifest.json says: its position and date, the head digest there, and how to give it again and check it. */
export function reportManifest(figures: ReportFigures, headDigest: string, { cohortId, pseudonymiser }: ReportOptions) {
  const { asOf, position } = figures;
  const cohort = cohortId ? ` --cohort ${cohortId}` : '';
  return {
    asOf,
    position,
    headDigest,
    cohortId: cohortId ?? null,
    pseudonymised: !!pseudonymiser,
    files: REPORT_FILES,
    // Each file's SHA-256 (of its UTF-8 bytes), so that a file edited after it was made shows, and one
    // made again (giveAgain) can be compared without the files side by side.
    sha256: Object.fromEntries(Object.entries(figures.files).map(([file, csv]) => [file, sha256(csv)])) as Record<ReportFile, string>,
    giveAgain: `pairtrail report --out DIR --as-of ${asOf} --position ${position}${cohort}`,
    giveAgainOverHttp: `POST /reports ${JSON.stringify({ asOf, position, ...(cohortId ? { cohortId } : {}) })}`,
    check: `pairtrail verify --position ${position} (or GET /audit/verify?position=${position}) gives the head digest ${headDigest} for as long as nothing up to that position has changed`,
  };
}
