import { ValidationError } from '@pairtrail/domain';

/** Writes a line for the person at the terminal. The CLI is the one place that prints. */
export const say = (line = ''): void => {
  process.stdout.write(`${line}\n`);
};

/** Prints JSON with bigints as strings, as every Pairtrail boundary does. */
export const printJson = (value: unknown): void => {
  say(JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v), 2));
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
export async function withFlagNames<T>(work: () => T | Promise<T>, flags: Record<string, string> = {}): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    throw new CliError(error.details.map((d) => `--${flags[d.field] ?? d.field} ${d.message}`).join('; '), 2);
  }
}
