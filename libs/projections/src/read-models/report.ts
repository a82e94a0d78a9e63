import { ValidationError, isCalendarDate, type FieldProblem } from '@pairtrail/domain';
import { sha256, type VerifyReport } from '@pairtrail/event-store';
import { parse } from 'csv-parse/sync';
import { strFromU8, unzipSync } from 'fflate';
import { NO_COHORT_FIGURES, NO_PAIR_FIGURES, NO_SERVICE_AREA_FIGURES } from '../evaluation/evaluation';
import { figuresCsv } from './csv';
import type { Pseudonymiser } from './pseudonymiser';
import { REPORT_DESCRIPTION_FILE, REPORT_FILES, REPORT_FILES_ADDED_LATER, reportDescriptionText, type ReportFile } from './report-files';
import { REPORT_SUMMARY_FILE, reportSummaryText } from './report-summary';
import type { LookBack, ReadModels } from './read-models';

/** A file of a report pack beside its manifest: one of figures, the description of their columns, or the figures in words. */
export type PackFile = ReportFile | typeof REPORT_DESCRIPTION_FILE | typeof REPORT_SUMMARY_FILE;

export interface ReportOptions {
  /** Only that cohort's figures. */
  cohortId?: string;
  /** Each pair's id a pseudonym of this one run. */
  pseudonymiser?: Pseudonymiser;
}

/** A report's figures, each file as CSV text, all read at one position: the asOf and position that give them again. */
export interface ReportFigures {
  files: Record<ReportFile, string>;
  /** The headline figures in words (summary.md), told from the same rows. */
  summary: string;
  asOf: string;
  position: string;
}

/**
 * The months of a monthly series: those given, else from the month the earliest cohort (or the one
 * chosen) started to the month the figures are as of, as the Evaluation screen charts them.
 */
export function monthsOf(reads: ReadModels, look: LookBack, given: { cohort?: string; from?: string; to?: string }): { from: string; to: string } {
  const starts = reads
    .cohorts(look)
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
    if (cohortId) reads.cohort(cohortId, look);
    // The months the monthly series and the relationship series are both of.
    const months = monthsOf(reads, look, { cohort: cohortId });
    return {
      'pairs.csv': reads.pairEvaluations(look, cohortId).map((p) => ({ ...p, pairId: pseudonym(p.pairId) })),
      'cohorts.csv': reads
        .cohortEvaluations(look)
        .filter((c) => !cohortId || c.cohortId === cohortId)
        .map((c) => ({ ...c, needsAttention: c.needsAttention.map(pseudonym) })),
      'service-areas.csv': reads.serviceAreas(look, cohortId).items,
      'monthly.csv': reads.monthly({ ...months, cohortId }, look).months,
      'funnel.csv': reads.funnel({ cohortId }, look).stages,
      'approaches.csv': reads.approaches(look, cohortId).items,
      'relationship.csv': reads.relationship({ ...months, cohortId }, look).months,
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
  const summary = reportSummaryText({
    pairs: result['pairs.csv'],
    funnel: result['funnel.csv'],
    ...again,
    ...(cohortId ? { cohortName: result['cohorts.csv'][0]?.name } : {}),
  });
  return { files, summary, ...again };
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

/**
 * A report pack's files by name: the figures' CSV files and the description of their columns
 * (datapackage.json), manifest.json apart. What `pairtrail report` writes and `POST /reports` zips.
 */
export function reportPackFiles(figures: ReportFigures, options: ReportOptions): Record<PackFile, string> {
  const { asOf, position } = figures;
  const described = reportDescriptionText({ asOf, position, cohortId: options.cohortId, pseudonymised: !!options.pseudonymiser });
  return { ...figures.files, [REPORT_DESCRIPTION_FILE]: described, [REPORT_SUMMARY_FILE]: figures.summary };
}

/** What a report's manifest.json says: its position and date, the head digest there, and how to give it again and check it. */
export function reportManifest(figures: ReportFigures, headDigest: string, options: ReportOptions) {
  const { cohortId, pseudonymiser } = options;
  const { asOf, position } = figures;
  const cohort = cohortId ? ` --cohort ${cohortId}` : '';
  return {
    asOf,
    position,
    headDigest,
    cohortId: cohortId ?? null,
    pseudonymised: !!pseudonymiser,
    files: {
      ...REPORT_FILES,
      [REPORT_DESCRIPTION_FILE]:
        "what each file's columns mean, their types, and how the files relate: a Frictionless tabular data package (specs.frictionlessdata.io)",
      [REPORT_SUMMARY_FILE]: 'the headline figures in words, told from the files beside it, for a report to quote',
    },
    // Each file's SHA-256 (of its UTF-8 bytes), so that a file edited after it was made shows, and one
    // made again (giveAgain) can be compared without the files side by side.
    sha256: Object.fromEntries(Object.entries(reportPackFiles(figures, options)).map(([file, text]) => [file, sha256(text)])) as Record<PackFile, string>,
    giveAgain: `pairtrail report --out DIR --as-of ${asOf} --position ${position}${cohort}`,
    giveAgainOverHttp: `POST /reports ${JSON.stringify({ asOf, position, ...(cohortId ? { cohortId } : {}) })}`,
    check: `pairtrail check-report PACK (this folder, or its ZIP) checks the pack against the record: this head digest, each file's SHA-256, and its figures given again. pairtrail verify --position ${position} (or GET /audit/verify?position=${position}) gives the head digest ${headDigest} for as long as nothing up to that position has changed; so does scripts/check-log.mjs, which shares no code with Pairtrail, run on the events up to it as stored (pairtrail audit events --position ${position}, or GET /audit/events?position=${position})`,
  };
}

/** What a report pack's manifest.json says, as far as checking the pack needs it. */
export interface ReportManifest {
  asOf: string;
  position: string;
  headDigest: string;
  cohortId: string | null;
  pseudonymised: boolean;
  /** Each file's SHA-256; absent from the manifests of packs made before they gave them (and datapackage.json's, before packs held it). */
  sha256?: Partial<Record<PackFile, string>>;
}

const isDigest = (value: unknown): value is string => typeof value === 'string' && /^[0-9a-f]{64}$/.test(value);

/** Reads a manifest.json's text, naming each field that makes it no report's manifest. */
export function parseReportManifest(text: string): ReportManifest {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new ValidationError([{ field: 'manifest.json', message: "is not JSON: it is no report pack's manifest" }]);
  }
  const m = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  const problems: FieldProblem[] = [];
  const need = (ok: boolean, field: string, message: string) => ok || problems.push({ field: `manifest.json ${field}`, message });
  need(typeof m.asOf === 'string' && isCalendarDate(m.asOf), 'asOf', 'must be a date, YYYY-MM-DD');
  need(typeof m.position === 'string' && /^\d{1,18}$/.test(m.position), 'position', 'must be a log position');
  need(isDigest(m.headDigest), 'headDigest', 'must be a SHA-256 in hex');
  need(m.cohortId === null || typeof m.cohortId === 'string', 'cohortId', 'must be a cohort id or null');
  need(typeof m.pseudonymised === 'boolean', 'pseudonymised', 'must be true or false');
  const digests = m.sha256;
  need(
    digests === undefined || (typeof digests === 'object' && digests !== null && Object.values(digests).every(isDigest)),
    'sha256',
    "must give each file's SHA-256 in hex",
  );
  if (problems.length > 0) throw new ValidationError(problems);
  return m as unknown as ReportManifest;
}

/** The files whose pair ids a pseudonymised pack replaced, with pseudonyms new with every pack. */
const PSEUDONYMISED_FILES: ReadonlySet<ReportFile> = new Set(['pairs.csv', 'cohorts.csv']);

/** What checking one part of a pack found: a problem, or what was checked. */
export interface PackFinding {
  ok: boolean;
  message: string;
}

/** What is said of a file whose SHA-256 is not the one its pack's manifest gives. */
const CHANGED = 'changed after the pack was made: its SHA-256 is not the one manifest.json gives';
/** What is said of a file the record, read again at the pack's date and position, does not give. */
const notGivenAgain = (manifest: ReportManifest, what: string) =>
  `not what the record gives at log position ${manifest.position}, as of ${manifest.asOf}: ${what}`;

/** What checking one file of a pack found. */
export interface ReportFileCheck extends PackFinding {
  file: PackFile;
}

/** Whether the record up to a pack's position still gives the head digest its manifest quotes. */
export function checkReportRecord(manifest: ReportManifest, verified: Pick<VerifyReport, 'ok' | 'failures' | 'headDigest'>): PackFinding {
  const { position, headDigest } = manifest;
  const first = verified.failures[0];
  if (!verified.ok && first) {
    return {
      ok: false,
      message: `the record up to log position ${position} does not verify (stream ${first.stream}, revision ${first.revision}: ${first.reason})`,
    };
  }
  if (verified.headDigest === headDigest)
    return { ok: true, message: `the record up to log position ${position} gives the head digest the pack quotes, ${headDigest}` };
  return {
    ok: false,
    message: `the record up to log position ${position} gives the head digest ${verified.headDigest}, not the pack's ${headDigest}: something recorded up to that position was changed or removed, or this is not the programme the pack came from`,
  };
}

/** A pack's files by name, read from its ZIP; undefined if the bytes are no ZIP. */
export function unzipPack(bytes: Uint8Array): Partial<Record<string, string>> | undefined {
  try {
    return Object.fromEntries(Object.entries(unzipSync(bytes)).map(([name, data]) => [name, strFromU8(data)]));
  } catch {
    return undefined;
  }
}

/**
 * Checks each file of a pack against its manifest's SHA-256, and against the figures given again at
 * the manifest's date and position (`again`): a file changed since the pack was made shows by its
 * digest, and a pack whose figures (and digests) were made up shows by the record's own figures. A
 * pseudonymised pack's pairs and cohorts carry pseudonyms of their own pack, so they are checked by
 * their digests alone.
 */
export function checkReportFiles(manifest: ReportManifest, files: Partial<Record<string, string>>, again: ReportFigures): ReportFileCheck[] {
  return [
    ...(Object.keys(REPORT_FILES) as ReportFile[])
      // A pack made before packs held a file (approaches.csv) holds none, its manifest no digest of it: checked without it.
      .filter((file) => !(REPORT_FILES_ADDED_LATER.has(file) && files[file] === undefined && manifest.sha256?.[file] === undefined))
      .map((file) => checkFigures(file, manifest, files, again)),
    ...checkDescription(manifest, files),
    ...checkSummary(manifest, files, again),
  ];
}

/**
 * A file packs came to hold later (datapackage.json, summary.md), when its manifest gives its SHA-256
 * (packs made before they held it do not, and are checked without it): missing, changed since the pack
 * was made, or else what `then` finds of its text.
 */
function checkAddedFile(
  file: typeof REPORT_DESCRIPTION_FILE | typeof REPORT_SUMMARY_FILE,
  manifest: ReportManifest,
  files: Partial<Record<string, string>>,
  then: (text: string) => PackFinding,
): ReportFileCheck[] {
  const digest = manifest.sha256?.[file];
  if (digest === undefined) return [];
  const text = files[file];
  if (text === undefined) return [{ file, ok: false, message: 'missing from the pack' }];
  if (digest !== sha256(text)) return [{ file, ok: false, message: CHANGED }];
  return [{ file, ...then(text) }];
}

/** The pack's datapackage.json: by its digest alone, since it quotes no figure of the record and its words are those of the Pairtrail that made it. */
const checkDescription = (manifest: ReportManifest, files: Partial<Record<string, string>>) =>
  checkAddedFile(REPORT_DESCRIPTION_FILE, manifest, files, () => ({
    ok: true,
    message: "its SHA-256 is the one manifest.json gives (it describes the files' columns and quotes no figure)",
  }));

/** The pack's summary.md: by its digest, and against the words the record's figures give again, since it quotes them. */
const checkSummary = (manifest: ReportManifest, files: Partial<Record<string, string>>, again: ReportFigures) =>
  checkAddedFile(REPORT_SUMMARY_FILE, manifest, files, (text) =>
    text === again.summary
      ? { ok: true, message: "its SHA-256 is the one manifest.json gives, and its words are what the record's figures give" }
      : { ok: false, message: notGivenAgain(manifest, 'its words differ') },
  );

function checkFigures(file: ReportFile, manifest: ReportManifest, files: Partial<Record<string, string>>, again: ReportFigures): ReportFileCheck {
  const text = files[file];
  if (text === undefined) return { file, ok: false, message: 'missing from the pack' };
  const digest = manifest.sha256?.[file];
  if (manifest.sha256 && digest !== sha256(text)) {
    return { file, ok: false, message: CHANGED };
  }
  const checked = manifest.sha256 ? 'its SHA-256 is the one manifest.json gives' : 'manifest.json (from before packs gave digests) gives no SHA-256 to check';
  if (manifest.pseudonymised && PSEUDONYMISED_FILES.has(file)) return { file, ok: true, message: `${checked} (its pseudonyms are the pack's own)` };
  if (again.files[file] === text) return { file, ok: true, message: `${checked}, and its figures are what the record gives` };
  const added = columnsAddedSince(text, again.files[file]);
  if (added) {
    const were = added.length === 1 ? 'column was' : 'columns were';
    return {
      file,
      ok: true,
      message: `${checked}, and its figures are what the record gives (the pack was made before the ${added.join(', ')} ${were} added)`,
    };
  }
  return { file, ok: false, message: notGivenAgain(manifest, 'its figures differ') };
}

/**
 * The columns a file of figures has gained since a pack was made (a cohort's name, say), when the pack's
 * own columns hold, row by row, what the record gives in them; else undefined. A pack made by an earlier
 * Pairtrail is still what the record gives, though its files have fewer columns than one made now.
 */
function columnsAddedSince(pack: string, now: string): string[] | undefined {
  const read = (csv: string) => {
    try {
      return parse(csv, { relax_column_count: false }) as string[][];
    } catch {
      return undefined;
    }
  };
  const [then, current] = [read(pack), read(now)];
  if (!then?.[0] || !current?.[0]) return undefined;
  const [header, ...rows] = then;
  const [headerNow, ...rowsNow] = current;
  const at = header.map((column) => headerNow.indexOf(column));
  if (header.length >= headerNow.length || at.includes(-1) || rows.length !== rowsNow.length) return undefined;
  const same = rowsNow.every((row, r) => at.every((i, c) => row[i] === rows[r]![c]));
  return same ? headerNow.filter((column) => !header.includes(column)) : undefined;
}
