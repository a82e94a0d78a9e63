/**
 * A failure of the disk or of the data files (or of the event store's server), not of what was asked:
 * each edge (the API's 503, the CLI's one line) says it in these words instead of as an unexpected
 * failure. SQLite rolls the transaction back, and EventStoreDB appends all of a write or none of it, so
 * nothing was changed.
 */
export interface StorageProblem {
  message: string;
  /** What failed, without what it means for the write: for a job that had recorded some of its work. */
  failure: string;
  /** What to do about it. */
  remedy: string;
  /** Set when trying again soon may succeed. */
  retryAfterSeconds?: number;
}

/** A problem said as the edges say it: what failed, that nothing was changed, and what to do. */
const problem = (failure: string, remedy: string, retryAfterSeconds?: number): StorageProblem => ({
  message: `${failure}, so nothing was changed. ${remedy}`,
  failure,
  remedy,
  ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }),
});

const PROBLEMS: [test: (code: string) => boolean, problem: StorageProblem][] = [
  [
    (code) => code === 'SQLITE_FULL' || code === 'ENOSPC' || code === 'EDQUOT',
    problem("The disk holding Pairtrail's data is full", 'Free some space (or tell the administrator), then try again.'),
  ],
  [
    (code) => code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'),
    problem("Pairtrail's data is held by other work, such as a backup or another program", 'Try again in a moment.', 1),
  ],
  [
    (code) => code.startsWith('SQLITE_READONLY') || code === 'EROFS',
    problem(
      'Pairtrail cannot write to its data directory (it is read-only, or its files were moved or their permissions changed)',
      'The administrator must make it writable and restart Pairtrail.',
    ),
  ],
  [
    (code) => code.startsWith('SQLITE_IOERR') || code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB' || code === 'EIO',
    problem("Reading or writing Pairtrail's data failed on the disk", 'Tell the administrator: the disk should be checked, and `pairtrail verify` run.'),
  ],
];

/**
 * EventStoreDB's client fails with one of its error types, or with gRPC's own error, whose code is a
 * status number: 1 cancelled, 4 deadline exceeded, 14 unavailable; 7 permission denied, 16 unauthenticated.
 */
const ESDB_PROBLEMS: [test: (type: unknown, status: unknown) => boolean, problem: StorageProblem][] = [
  [
    (type, status) => ['unavailable', 'deadline-exceeded', 'timeout', 'cancelled', 'not-leader'].includes(String(type)) || [1, 4, 14].includes(Number(status)),
    problem(
      'The event store (EventStoreDB) could not be reached',
      'Try again in a moment; if it goes on, tell the administrator: EventStoreDB may be down, or EVENTSTORE_CONNECTION_STRING may name the wrong server.',
      5,
    ),
  ],
  [
    (type, status) => type === 'access-denied' || [7, 16].includes(Number(status)),
    problem("EventStoreDB refused Pairtrail's credentials", 'The administrator must put the right user and password in EVENTSTORE_CONNECTION_STRING.'),
  ],
];

/** What a storage failure means for the person who asked, or undefined for any other error. */
export function storageProblem(error: unknown): StorageProblem | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { code, type } = error as { code?: unknown; type?: unknown };
  if (typeof code === 'string') return PROBLEMS.find(([test]) => test(code))?.[1];
  // Only an error from EventStoreDB's client: its own (with a type), or gRPC's (with the call's metadata).
  if (typeof type !== 'string' && !(typeof code === 'number' && 'metadata' in error)) return undefined;
  return ESDB_PROBLEMS.find(([test]) => test(type, code))?.[1];
}
