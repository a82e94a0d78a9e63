import { randomUUID } from 'node:crypto';
import { RuleViolatedError, toKebabCase } from '@pairtrail/domain';
import { strToU8, zipSync } from 'fflate';
import {
  reportFigures,
  reportManifest,
  unverifiedReport,
  type LookBack,
  type ReadModels,
  type ReportFigures,
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
    forgetFinished(this.all, (job) => job.verification.finishedAt);
    const asked = JSON.stringify([look.asOf, look.position, options.cohortId ?? null, !!options.pseudonymiser]);
    const made = [...this.all.values()].filter((job) => job.verification.state === 'running');
    const same = made.find((job) => job.asked === asked);
    if (same) return view(same);
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
    return view(job);
  }

  get(id: string): Report | undefined {
    const job = this.all.get(id);
    return job && view(job);
  }

  /** The pack of a finished report: the figures' CSV files and manifest.json, zipped; undefined until then. */
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
      ...Object.fromEntries(Object.entries(figures.files).map(([name, csv]) => [name, strToU8(csv)])),
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
