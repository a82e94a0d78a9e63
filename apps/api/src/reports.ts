import { randomUUID } from 'node:crypto';
import { RuleViolatedError, toKebabCase } from '@pairtrail/domain';
import { strToU8, zipSync } from 'fflate';
import {
  checkReportFiles,
  checkReportRecord,
  reportFigures,
  reportManifest,
  reportPackFiles,
  unverifiedReport,
  type LookBack,
  type PackFinding,
  type ReadModels,
  type ReportFigures,
  type ReportFileCheck,
  type ReportManifest,
  type ReportOptions,
} from '@pairtrail/projections';
import { forgetFinished, type Verification, type Verifications } from './verifications';

/** A report pack being made, as `GET /reports/:id` shows it. */
export interface Report {
  id: string;
  /** running while the record up to its position is checked; done when the pack can be downloaded. */
  state: Verification['state'];
  asOf: string;
  position: string;
  cohortId: string | null;
  pseudonymised: boolean;
  /** How far the check of the record has got, 0 to 100. */
  percent: number;
  eventsChecked: number;
  startedAt: string;
  finishedAt: string | null;
  /** When done: the head digest of the record up to the position, which the pack's manifest quotes. */
  headDigest: string | null;
  /** When done: where the pack (a ZIP of the figures and manifest.json) is downloaded. */
  pack: string | null;
  /** The pack's file name: of the programme or the cohort, its date and position, and whether pseudonymised. */
  file: string;
  /** When failed or stopped: what went wrong, and what to do. */
  error: string | null;
}

/** A check of a report pack against the record, as `GET /reports/checks/:id` shows it. */
export interface PackCheck {
  id: string;
  /** running while the record up to the pack's position is checked; done when the findings are in. */
  state: Verification['state'];
  asOf: string;
  position: string;
  cohortId: string | null;
  percent: number;
  eventsChecked: number;
  startedAt: string;
  finishedAt: string | null;
  /** When done: true if the pack is what the record gives. */
  ok: boolean | null;
  /** When done: whether the record up to the position gives the head digest the pack quotes. */
  record: PackFinding | null;
  /** When done: each file against its SHA-256 and against the figures given again. */
  files: ReportFileCheck[] | null;
  error: string | null;
}

interface CheckJob {
  id: string;
  startedAt: string;
  /** The report the figures are given again by, at the pack's date and position. */
  report: ReportJob;
  manifest: ReportManifest;
  /** The pack's files, until they have been checked: then only what was found is kept. */
  files?: Partial<Record<string, string>>;
  findings?: { record: PackFinding; files: ReportFileCheck[] };
}

interface ReportJob {
  id: string;
  /** What was asked for: a report asked for again while this one is made is this one. */
  asked: string;
  file: string;
  startedAt: string;
  figures: ReportFigures;
  options: ReportOptions;
  /** The check of the record up to the figures' position: its own, or one already running for it. */
  verification: Verification;
}

/**
 * Report packs: every figure read at one position, and the head digest of the record up to it, in one
 * download, as `pairtrail report` writes them. The figures are read when asked for; the pack is ready
 * once the record up to their position has been checked, in the background (half a minute at a million
 * events), through the verifications, one at a time. Kept in memory, for an hour after they finish, by
 * the server that made them.
 */
export class Reports {
  private readonly all = new Map<string, ReportJob>();
  private readonly checks = new Map<string, CheckJob>();

  /** `waiting`: how many reports may wait on the check of the record at once, each holding its figures. */
  constructor(
    private readonly reads: ReadModels,
    private readonly verifications: Verifications,
    private readonly waiting = 20,
  ) {}

  /**
   * Reads the figures now and starts checking the record up to their position. The same report asked
   * for again while it is made is the one being made; past `waiting` others being made, it is refused.
   */
  async start(look: LookBack, options: ReportOptions): Promise<Report> {
    return view(await this.job(look, options));
  }

  /**
   * Starts checking a pack (its files by name, and its manifest) against the record: its figures are
   * given again at its date and position, as a report is, and compared once the record up to the
   * position has been checked.
   */
  async check(look: LookBack, manifest: ReportManifest, files: Partial<Record<string, string>>): Promise<PackCheck> {
    forgetFinished(this.checks, (check) => check.report.verification.finishedAt);
    const report = await this.job(look, { cohortId: manifest.cohortId ?? undefined });
    const check = { id: randomUUID(), startedAt: new Date().toISOString(), report, manifest, files };
    this.checks.set(check.id, check);
    return checkView(check);
  }

  getCheck(id: string): PackCheck | undefined {
    const check = this.checks.get(id);
    return check && checkView(check);
  }

  private async job(look: LookBack, options: ReportOptions): Promise<ReportJob> {
    forgetFinished(this.all, (job) => job.verification.finishedAt);
    const asked = JSON.stringify([look.asOf, look.position, options.cohortId ?? null, !!options.pseudonymiser]);
    const made = [...this.all.values()].filter((job) => job.verification.state === 'running');
    const same = made.find((job) => job.asked === asked);
    if (same) return same;
    if (made.length >= this.waiting) {
      const { upTo, percent } = made[0]!.verification;
      throw new RuleViolatedError(
        'reports-waiting',
        `${made.length} reports are waiting for the check of the record up to position ${upTo} (${percent}% done); follow yours at its Location, and ask for more when it ends.`,
      );
    }
    const figures = reportFigures(this.reads, look, options);
    const verification = await this.verifications.start(BigInt(figures.position));
    const cohort = options.cohortId && toKebabCase(this.reads.cohort(options.cohortId).name).slice(0, 60);
    const name = ['pairtrail-report', cohort, figures.asOf, `at-${figures.position}`, options.pseudonymiser && 'pseudonymised'];
    const file = `${name.filter(Boolean).join('-')}.zip`;
    const job = { id: randomUUID(), asked, file, startedAt: new Date().toISOString(), figures, options, verification };
    this.all.set(job.id, job);
    return job;
  }

  get(id: string): Report | undefined {
    const job = this.all.get(id);
    return job && view(job);
  }

  /** The pack of a finished report: the figures' CSV files, their description (datapackage.json), the figures in words (summary.md) and manifest.json, zipped; undefined until then. */
  pack(id: string): { filename: string; bytes: Uint8Array } | undefined {
    const job = this.all.get(id);
    const verified = job?.verification.report;
    if (!job || !verified?.ok) return undefined;
    const { figures, options } = job;
    const manifest = reportManifest(figures, verified.headDigest, options);
    // Dated the day the figures are as of, at noon wherever the server is, so that a report given
    // again at the same position is the same bytes (pseudonyms apart, which are new each time).
    const mtime = new Date(`${figures.asOf}T12:00:00`);
    const files = {
      ...Object.fromEntries(Object.entries(reportPackFiles(figures, options)).map(([name, text]) => [name, strToU8(text)])),
      'manifest.json': strToU8(`${JSON.stringify(manifest, null, 2)}\n`),
    };
    const bytes = zipSync(Object.fromEntries(Object.entries(files).map(([name, data]) => [name, [data, { mtime }]])));
    return { filename: job.file, bytes };
  }
}

/** A report as its check of the record stands. */
function view(job: ReportJob): Report {
  const { verification, figures, options } = job;
  const refused = verification.report ? unverifiedReport(figures.position, verification.report) : undefined;
  const done = verification.state === 'done' && !refused;
  return {
    id: job.id,
    state: refused ? 'failed' : verification.state,
    asOf: figures.asOf,
    position: figures.position,
    cohortId: options.cohortId ?? null,
    pseudonymised: !!options.pseudonymiser,
    percent: verification.percent,
    eventsChecked: verification.eventsChecked,
    startedAt: job.startedAt,
    finishedAt: verification.finishedAt,
    headDigest: done ? verification.report!.headDigest : null,
    pack: done ? `/reports/${job.id}/pack` : null,
    file: job.file,
    error: refused ?? verification.error,
  };
}

/** A check of a pack as the check of the record stands: its findings once that is done. */
function checkView(check: CheckJob): PackCheck {
  const { manifest } = check;
  const { verification, figures } = check.report;
  const verified = verification.state === 'done' ? verification.report : undefined;
  if (verified && !check.findings) {
    check.findings = { record: checkReportRecord(manifest, verified), files: checkReportFiles(manifest, check.files ?? {}, figures) };
    delete check.files;
  }
  const { record = null, files = null } = check.findings ?? {};
  return {
    id: check.id,
    state: verification.state,
    asOf: manifest.asOf,
    position: manifest.position,
    cohortId: manifest.cohortId,
    percent: verification.percent,
    eventsChecked: verification.eventsChecked,
    startedAt: check.startedAt,
    finishedAt: verification.finishedAt,
    ok: record && files ? record.ok && files.every((f) => f.ok) : null,
    record,
    files,
    error: verification.error,
  };
}
