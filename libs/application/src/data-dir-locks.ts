import { join } from 'node:path';
import { FileLock, makePrivateDirectory } from '@pairtrail/event-store';
import type { PairtrailConfig } from './config';

/** Someone else is using the data directory in a way that rules out what was asked; the message says who and what to do. */
export class DataDirInUseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DataDirInUseError';
  }
}

const lockAt = (config: PairtrailConfig, name: string, mode: 'shared' | 'exclusive') => {
  makePrivateDirectory(config.dataDir);
  return FileLock.tryTake(join(config.dataDir, name), mode);
};

/**
 * Holds the data directory for a server or a projector, for as long as it runs. Any number of them may
 * hold it together (an API beside apps/projector); a restore, which puts another event store in place of
 * the one they have open, must wait until none does.
 */
export function useDataDir(config: PairtrailConfig): FileLock {
  const lock = lockAt(config, 'in-use.lock', 'shared');
  if (!lock) throw new DataDirInUseError(`${config.dataDir} is being restored; start again once the restore has finished.`);
  return lock;
}

/** Holds the data directory alone, for a restore (or `doing` else): refused while a server or projector uses it. */
export function takeDataDirAlone(config: PairtrailConfig, doing = 'restoring'): FileLock {
  const lock = lockAt(config, 'in-use.lock', 'exclusive');
  if (!lock) throw new DataDirInUseError(`${config.dataDir} is in use by a running Pairtrail server or projector; stop it before ${doing}.`);
  return lock;
}

/**
 * The right to write the data directory's read models, which one process at a time may have: two
 * catching up on the same tables would each fold the other's half-applied batches. Undefined when a
 * server or projector already has it.
 */
export function claimReadModels(config: PairtrailConfig): FileLock | undefined {
  return lockAt(config, 'projections.lock', 'exclusive');
}

/** What to say when a server or projector cannot run the projections because another process does. */
export const readModelsTaken = (config: PairtrailConfig) =>
  new DataDirInUseError(
    `Another Pairtrail process (a server, or apps/projector) runs the projections of ${config.dataDir}. Stop it, or start this one with PAIRTRAIL_PROJECTIONS=off to serve beside it.`,
  );
