/**
 * A failure of the disk or of the data files, not of what was asked: each edge (the API's 503, the CLI's
 * one line) says it in these words instead of as an unexpected failure. SQLite rolls the transaction
 * back, so nothing was changed.
 */
export interface StorageProblem {
  message: string;
  /** Set when trying again soon may succeed. */
  retryAfterSeconds?: number;
}

const PROBLEMS: [test: (code: string) => boolean, problem: StorageProblem][] = [
  [
    (code) => code === 'SQLITE_FULL' || code === 'ENOSPC' || code === 'EDQUOT',
    { message: "The disk holding Pairtrail's data is full, so nothing was changed. Free some space (or tell the administrator), then try again." },
  ],
  [
    (code) => code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'),
    {
      message: "Pairtrail's data is held by other work, such as a backup or another program, so nothing was changed. Try again in a moment.",
      retryAfterSeconds: 1,
    },
  ],
  [
    (code) => code.startsWith('SQLITE_READONLY') || code === 'EROFS',
    {
      message:
        'Pairtrail cannot write to its data directory (it is read-only, or its files were moved or their permissions changed), so nothing was changed. The administrator must make it writable and restart Pairtrail.',
    },
  ],
  [
    (code) => code.startsWith('SQLITE_IOERR') || code === 'SQLITE_CORRUPT' || code === 'SQLITE_NOTADB' || code === 'EIO',
    {
      message:
        "Reading or writing Pairtrail's data failed on the disk, so nothing was changed. Tell the administrator: the disk should be checked, and `pairtrail verify` run.",
    },
  ],
];

/** What a storage failure means for the person who asked, or undefined for any other error. */
export function storageProblem(error: unknown): StorageProblem | undefined {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  if (typeof code !== 'string') return undefined;
  return PROBLEMS.find(([test]) => test(code))?.[1];
}
