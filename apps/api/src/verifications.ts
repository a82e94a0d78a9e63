import { randomUUID } from 'node:crypto';
import { RuleViolatedError } from '@pairtrail/domain';
import { verifyLog, type EventStore, type VerifyReport } from '@pairtrail/event-store';

/** A check of the hash chains, run in the background, as `GET /audit/verifications/:id` shows it. */
export interface Verification {
  id: string;
  state: 'running' | 'done' | 'failed' | 'stopped';
  /** The position it verifies up to: the one asked for, or the log's head when it started. */
  upTo: string;
  /** The position checked up to so far. */
  checkedTo: string;
  eventsChecked: number;
  /** How far it has got, by position, 0 to 100. */
  percent: number;
  startedAt: string;
  finishedAt: string | null;
  /** When done, what `GET /audit/verify` answers for the same position. */
  report: VerifyReport | null;
  /** When failed: what went wrong, and what to do. */
  error: string | null;
}

/** Finished verifications are kept this long, and at most this many of them. */
const KEEP_FOR_MS = 60 * 60 * 1000;
const KEEP = 20;

/**
 * Checks of the hash chains that run in the background and report their progress. At 1M events a
 * check takes half a minute: long for a request to wait, with nothing to show. One runs at a time;
 * they are kept in memory, for an hour after they finish, by the server that ran them.
 */
export class Verifications {
  private readonly all = new Map<string, Verification>();
  /** The running one, with what stops it and what ends when it has stopped. */
  private running?: { job: Verification; abort: AbortController; ended: Promise<void> };

  constructor(private readonly store: EventStore) {}

  /**
   * Starts a check up to a position (the head by default). While one runs, asking again for the same
   * position gives the running one; asking for another is refused until it ends.
   */
  async start(position?: bigint): Promise<Verification> {
    forgetFinished(this.all, (job) => job.finishedAt);
    const upTo = position ?? (await this.store.headPosition());
    const current = this.running?.job;
    if (current) {
      if (current.upTo === upTo.toString()) return current;
      throw new RuleViolatedError(
        'one-verification-at-a-time',
        `A verification up to position ${current.upTo} is running (${current.percent}% done); follow it at /audit/verifications/${current.id}, and ask again when it ends.`,
      );
    }
    const job: Verification = {
      id: randomUUID(),
      state: 'running',
      upTo: upTo.toString(),
      checkedTo: '0',
      eventsChecked: 0,
      percent: upTo === 0n ? 100 : 0,
      startedAt: new Date().toISOString(),
      finishedAt: null,
      report: null,
      error: null,
    };
    const abort = new AbortController();
    this.all.set(job.id, job);
    const ended = verifyLog(this.store, {
      upTo,
      signal: abort.signal,
      // verifyLog never reports past upTo: it stops at the batch that crosses it.
      onProgress: ({ position, eventsChecked }) => {
        job.checkedTo = position.toString();
        job.eventsChecked = eventsChecked;
        job.percent = Math.floor(Number((position * 100n) / upTo));
      },
    }).then(
      (report) => this.finish(job, { state: 'done', report, checkedTo: report.position, eventsChecked: report.eventsChecked, percent: 100 }),
      (error: unknown) =>
        this.finish(
          job,
          abort.signal.aborted
            ? { state: 'stopped', error: 'The server stopped before the verification ended; start it again.' }
            : {
                state: 'failed',
                error: `The verification could not read the log (${error instanceof Error ? error.message : String(error)}); start it again.`,
              },
        ),
    );
    this.running = { job, abort, ended };
    return job;
  }

  get(id: string): Verification | undefined {
    return this.all.get(id);
  }

  /** Stops the running verification (before the store closes) and waits for it to end. */
  async stop(): Promise<void> {
    this.running?.abort.abort(new Error('stopping'));
    await this.running?.ended;
  }

  private finish(job: Verification, outcome: Partial<Verification>): void {
    Object.assign(job, outcome, { finishedAt: new Date().toISOString() });
    if (this.running?.job === job) this.running = undefined;
  }
}

/** Forgets the jobs that finished over an hour ago, and all but the last few finished. */
export function forgetFinished<T>(all: Map<string, T>, finishedAt: (job: T) => string | null): void {
  const finished = [...all.entries()].filter(([, job]) => finishedAt(job) !== null);
  const expired = Date.now() - KEEP_FOR_MS;
  finished.forEach(([id, job], i) => {
    if (Date.parse(finishedAt(job)!) < expired || i < finished.length - KEEP) all.delete(id);
  });
}
