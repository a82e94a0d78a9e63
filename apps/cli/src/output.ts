import { createWriteStream, existsSync, renameSync, rmSync, statSync } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { ValidationError } from '@pairtrail/domain';
import { bigintsAsStrings, fileInTheWay } from '@pairtrail/event-store';

/** Writes a line for the person at the terminal. The CLI is the one place that prints. */
export const say = (line = ''): void => {
  process.stdout.write(`${line}\n`);
};

/** Prints JSON with bigints as strings, as every Pairtrail boundary does. */
export const printJson = (value: unknown): void => {
  say(JSON.stringify(value, bigintsAsStrings, 2));
};

/** A one-line progress indicator on stderr, only when stderr is a terminal; without a total, a count. */
export function progress(label: string): { update(done: number, total?: number): void; done(): void } {
  const tty = process.stderr.isTTY;
  return {
    update(done, total) {
      if (tty) process.stderr.write(`\r${label}: ${done}${total === undefined ? '' : `/${total}`}`);
    },
    done() {
      if (tty) process.stderr.write('\n');
    },
  };
}

/** A failure the CLI reports as one line, with the exit code to use. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

/**
 * Runs work whose problems name fields (a query's, or a command's), and reports them as the flags they
 * came from: `--type is not an event type`. `flags` names the flag of a field spelt otherwise.
 */
/** `--format` checked against the formats a command writes, naming them when it is none of them. */
export function checkFormat<F extends string>(format: string, allowed: readonly F[]): F {
  if (!allowed.includes(format as F)) throw new CliError(`--format must be one of ${allowed.join(', ')}, not "${format}".`, 2);
  return format as F;
}

export async function withFlagNames<T>(work: () => T | Promise<T>, flags: Record<string, string> = {}): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    throw new CliError(error.details.map((d) => `--${flags[d.field] ?? d.field} ${d.message}`).join('; '), 2);
  }
}

const FILE_PROBLEMS: Record<string, string> = {
  ENOENT: 'there is no such file or directory',
  ENOTDIR: 'part of that path is a file, not a directory',
  EISDIR: 'that is a directory; give a file name',
  EACCES: 'permission is denied',
  EPERM: 'the operation is not permitted',
  EROFS: 'the file system is read-only',
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is used up',
  EEXIST: 'it already exists',
  ENAMETOOLONG: 'the name is too long',
};

const FILE_ACTIONS: Record<string, string> = { mkdir: 'create the directory', open: 'open', write: 'write to', rename: 'move a file to', unlink: 'remove' };

/**
 * A file-system error that a path the user gave (or its disk) caused, in a sentence that names the path
 * and the problem; undefined for any other error.
 */
export function describeFileError(error: unknown): string | undefined {
  // Duck-typed: a system error need not be an instance of this realm's Error.
  if (typeof error !== 'object' || error === null) return undefined;
  const e = error as NodeJS.ErrnoException;
  if (typeof e.syscall !== 'string' || typeof e.code !== 'string' || !(e.code in FILE_PROBLEMS)) return undefined;
  const action = FILE_ACTIONS[e.syscall] ?? 'use';
  // Making a directory that is there already is no error: what is there is a file.
  const problem = e.syscall === 'mkdir' && e.code === 'EEXIST' ? 'it is a file, not a directory' : FILE_PROBLEMS[e.code];
  // A rename names where it moved to (`dest`): the file the user asked for, not the partial one beside it.
  const path = e.syscall === 'rename' ? ((e as { dest?: string }).dest ?? e.path) : e.path;
  return `cannot ${action} ${path ?? 'a file'}: ${problem}.`;
}

/**
 * Checks, before any work, that `path` can be a file to write: its directory exists and it is not itself
 * a directory. Problems found only on writing (permissions, a full disk) are named then.
 */
export function checkOutFile(path: string, flag = '--out'): void {
  const target = resolve(path);
  if (existsSync(target) && statSync(target).isDirectory())
    throw new CliError(`${flag} ${path} is a directory; give a file name, such as ${join(path, 'audit.csv')}.`, 2);
  const dir = dirname(target);
  if (!existsSync(dir)) throw new CliError(`${flag} ${path}: there is no directory ${dir}; create it first.`, 2);
  if (!statSync(dir).isDirectory()) throw new CliError(`${flag} ${path}: ${dir} is a file, not a directory.`, 2);
}

/**
 * Checks, before any work, that `path` can be a directory to write into: it is one, or it can be made,
 * no part of it being a file.
 */
export function checkOutDir(path: string, flag = '--out'): void {
  const file = fileInTheWay(path);
  if (file)
    throw new CliError(`${flag} ${path}: ${file === resolve(path) ? 'it' : file} is a file, not a directory; give a directory (it is made if missing).`, 2);
}

/**
 * Writes a file from `chunks` so that it appears whole or not at all: the text goes to a hidden file
 * beside it, which takes the file's name only when everything is written. A failure part way, or a
 * process stopped part way, leaves no file that looks like a finished export. `private`: readable and
 * writable by its owner alone.
 */
export async function writeWholeFile(path: string, chunks: Iterable<string> | AsyncIterable<string>, options: { private?: boolean } = {}): Promise<void> {
  const target = resolve(path);
  const partial = join(dirname(target), `.${basename(target)}.${process.pid}.partial`);
  const out = createWriteStream(partial, options.private ? { mode: 0o600 } : {});
  try {
    await pipeline(Readable.from(chunks), out);
    renameSync(partial, target);
  } catch (error) {
    // The stream opens its file lazily: one that failed before that open finished creates the file after
    // the failure, so it is removed once the stream has closed.
    if (!out.closed) await new Promise<void>((closed) => out.once('close', () => closed()));
    rmSync(partial, { force: true });
    throw error;
  }
}
