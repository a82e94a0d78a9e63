import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { KeyStore } from '@pairtrail/event-store';

/**
 * A set of names kept in the data directory, one file each, so that processes sharing the directory (an
 * API and apps/projector) add and remove entries without overwriting each other's: a list rewritten
 * whole by one process would drop what another added meanwhile.
 */
function namesIn(dir: string) {
  return {
    list: (): string[] => (existsSync(dir) ? readdirSync(dir) : []),
    add(name: string): void {
      mkdirSync(dir, { recursive: true });
      // An empty file: there or not, whatever stops the process as it is made.
      writeFileSync(join(dir, name), '');
    },
    remove: (name: string): void => rmSync(join(dir, name), { force: true }),
  };
}

/**
 * The subjects whose keys are destroyed but whose plaintext the read models may still hold, kept in the
 * data directory until the process that owns the read models has rebuilt them: a crash between the two,
 * or an owner that is another process (apps/projector) or down, then loses nothing.
 */
export function pendingErasures(dataDir: string) {
  const names = namesIn(join(dataDir, 'erasures-pending'));
  // Where earlier versions kept the list, whole, in one file: still honoured.
  const legacy = join(dataDir, 'erasures-pending.json');
  const legacyList = (): string[] => (existsSync(legacy) ? (JSON.parse(readFileSync(legacy, 'utf8')) as string[]) : []);
  return {
    list: (): string[] => [...new Set([...legacyList(), ...names.list()])],
    add: names.add,
    remove(subject: string): void {
      names.remove(subject);
      const rest = legacyList().filter((s) => s !== subject);
      if (rest.length === 0) rmSync(legacy, { force: true });
      else {
        writeFileSync(`${legacy}.tmp`, JSON.stringify(rest));
        renameSync(`${legacy}.tmp`, legacy);
      }
    },
  };
}

/** Projections a process that does not own the read models asked to be rebuilt (`POST /projections/:name/rebuild`). */
export const requestedRebuilds = (dataDir: string) => namesIn(join(dataDir, 'rebuilds-requested'));

/** What the owner of the read models does for each request. */
export interface ReadModelRequestHandlers {
  /** Rebuilds the read models, once, without the plaintext of the subjects, whose keys are destroyed. */
  erase(subjects: string[]): Promise<void>;
  rebuild(name: string): void;
}

/** How often the owner of the read models looks for requests. */
const REQUESTS_POLL_MS = 250;
/** How often the owner says it is at work, and how long after the last time it counts as gone. */
const OWNER_BEAT_MS = 2_000;
const OWNER_GONE_AFTER_MS = 10_000;

/** The file the owner of the read models touches while it runs. */
const ownerFile = (dataDir: string) => join(dataDir, 'read-models-owner');

/**
 * Whether a process that owns the read models (apps/projector, or a server running the projections) is
 * at work on them: one that was killed, or never started, leaves them as they stand, however far the log
 * has gone on, with the state it last committed ("live").
 */
export function readModelsOwnerAlive(dataDir: string, now = Date.now()): boolean {
  try {
    return now - statSync(ownerFile(dataDir)).mtimeMs < OWNER_GONE_AFTER_MS;
  } catch {
    return false;
  }
}

/**
 * Carries out, in the one process that owns a data directory's read models (a server running the
 * projections, or apps/projector), the erasures and rebuilds asked of them through the data directory,
 * by itself or by a process beside it (an API with PAIRTRAIL_PROJECTIONS=off). A process without the
 * read models must not project into them itself: its batches would interleave with the owner's.
 */
export class ReadModelRequests {
  private timer?: NodeJS.Timeout;
  private beating?: NodeJS.Timeout;
  private turn: Promise<void> = Promise.resolve();
  private stopped = false;

  constructor(
    private readonly dataDir: string,
    private readonly handlers: ReadModelRequestHandlers,
  ) {}

  /**
   * The requests as a projection engine of this process carries them out. An erasure's key is made sure
   * of first: pending, it is destroyed or about to be, perhaps by another process, which leaves it in
   * this one's memory.
   */
  static forEngine(
    dataDir: string,
    keys: Pick<KeyStore, 'ensureDestroyed'>,
    engine: { forgetErased(): Promise<void>; rebuild(name: string): unknown },
  ): ReadModelRequests {
    return new ReadModelRequests(dataDir, {
      erase: async (subjects) => {
        for (const subject of subjects) keys.ensureDestroyed(subject);
        await engine.forgetErased();
      },
      rebuild: (name) => void engine.rebuild(name),
    });
  }

  /** Looks for requests now and then every REQUESTS_POLL_MS, until stopped, saying meanwhile that it is at work. */
  start(): void {
    this.stopped = false;
    // On a timer of its own: a request carried out (an erasure's rebuild of a large programme) can take
    // longer than the time after which the owner counts as gone.
    this.beat();
    this.beating = setInterval(() => this.beat(), OWNER_BEAT_MS).unref();
    const tick = () => {
      void this.drain()
        .catch(() => undefined)
        .finally(() => {
          if (!this.stopped) this.timer = setTimeout(tick, REQUESTS_POLL_MS).unref();
        });
    };
    tick();
  }

  /** Carries out every request made so far; resolves when they are done (one at a time, in order). */
  drain(): Promise<void> {
    const next = this.turn.then(() => this.once());
    this.turn = next.catch(() => undefined);
    return next;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    clearInterval(this.beating);
    await this.turn;
    rmSync(ownerFile(this.dataDir), { force: true });
  }

  private beat(): void {
    try {
      writeFileSync(ownerFile(this.dataDir), `${process.pid}\n`);
    } catch {
      // A full disk says so elsewhere; the processes beside this one then think it gone, which is safe.
    }
  }

  private async once(): Promise<void> {
    const rebuilds = requestedRebuilds(this.dataDir);
    for (const name of rebuilds.list()) {
      // Taken off first: a name no projection has (a stray file) would otherwise be asked for forever.
      rebuilds.remove(name);
      this.handlers.rebuild(name);
    }
    // Every pending erasure in one rebuild, which is the same work for one or for many.
    const erasures = pendingErasures(this.dataDir);
    const subjects = erasures.list();
    if (subjects.length === 0) return;
    await this.handlers.erase(subjects);
    for (const subject of subjects) erasures.remove(subject);
  }
}

/**
 * Resolves true once the owner of the read models has rebuilt them without the subject's plaintext
 * (the subject has left the pending list), or false after `timeoutMs`, the subject still pending.
 */
export async function erasedFromReadModels(dataDir: string, subject: string, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (pendingErasures(dataDir).list().includes(subject)) {
    if (Date.now() >= deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return true;
}
