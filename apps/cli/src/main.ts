#!/usr/bin/env node
import 'reflect-metadata';
import { Command, CommanderError } from 'commander';
import { ConfigError, DataDirInUseError, ImportStoppedError, PAIRTRAIL_VERSION } from '@pairtrail/application';
import { NotFoundError, PairtrailError, ValidationError } from '@pairtrail/domain';
import { DamagedDatabaseError, findDamagedFile, isDamage, storageProblem } from '@pairtrail/event-store';
import { registerCaseStudyCommands } from './commands/case-study.commands';
import { registerDemoCommand, registerGenerateCommand } from './commands/demo.command';
import { registerImportCommand } from './commands/import.command';
import { registerKeysCommand } from './commands/keys.command';
import { registerMigrateCommand } from './commands/migrate.command';
import { registerReadSideCommands } from './commands/read-side.commands';
import { registerCheckReportCommand, registerReportCommand } from './commands/report.command';
import { registerServeCommand } from './commands/serve.command';
import { registerStoreCommands } from './commands/store.commands';
import { registerSubjectAccessCommand } from './commands/subject-access.command';
import { registerUsersCommand } from './commands/users.command';
import { CliError, describeFileError } from './output';
import { ListenError } from '@pairtrail/api';

/** Builds the `pairtrail` command line. Every failure ends as one line on stderr and a non-zero exit. */
export function buildProgram(): Command {
  // Set before the commands are added, so each of them inherits it.
  const program = new Command('pairtrail')
    .description('Pairtrail: an event-sourced tracker for collaborative pairs programmes')
    .version(PAIRTRAIL_VERSION, '-V, --version', "print Pairtrail's version")
    .option('--data-dir <dir>', 'data directory, for any command, wherever it is given (default: PAIRTRAIL_DATA_DIR or ./data)')
    .exitOverride();
  // `pairtrail --data-dir D stats` and `pairtrail projections --data-dir D status` as well as after the
  // command: the command's own --data-dir is taken from the program's when it was given before it.
  program.hook('preAction', (_program, command) => {
    const dataDir = program.getOptionValue('dataDir') as string | undefined;
    if (dataDir !== undefined && command.getOptionValue('dataDir') === undefined) command.setOptionValue('dataDir', dataDir);
  });
  registerDemoCommand(program);
  registerGenerateCommand(program);
  registerStoreCommands(program);
  registerServeCommand(program);
  registerUsersCommand(program);
  registerImportCommand(program);
  registerReadSideCommands(program);
  registerReportCommand(program);
  registerCheckReportCommand(program);
  registerCaseStudyCommands(program);
  registerSubjectAccessCommand(program);
  registerMigrateCommand(program);
  registerKeysCommand(program);
  pointToHelp(program);
  return program;
}

/** After a usage error, name the very command whose help says what it takes: `pairtrail users add --help`. */
function pointToHelp(command: Command, path = command.name()): void {
  command.showHelpAfterError(`(${path} --help says what ${command.commands.length ? 'commands and options it has' : 'it takes'})`);
  for (const sub of command.commands) pointToHelp(sub, `${path} ${sub.name()}`);
}

/** One line for any error; a stack trace only for a bug, and only with PAIRTRAIL_DEBUG set. */
export function describeError(error: unknown): { message: string; exitCode: number } {
  // Commander exits 1 for a usage error; Pairtrail keeps 1 for a command that failed.
  if (error instanceof CommanderError) return { message: error.message.replace(/^error: /, ''), exitCode: 2 };
  if (error instanceof CliError) return { message: error.message, exitCode: error.exitCode };
  if (error instanceof ConfigError) return { message: error.problems.join('\n'), exitCode: 2 };
  if (error instanceof DataDirInUseError || error instanceof ListenError || error instanceof ImportStoppedError || error instanceof DamagedDatabaseError)
    return { message: error.message, exitCode: 1 };
  // Bad input, each field said as the API's details say it, without the API's "Invalid input:" before them.
  if (error instanceof ValidationError) return { message: error.details.map((d) => `${d.field} ${d.message}`).join('; '), exitCode: 2 };
  if (error instanceof NotFoundError) return { message: withWhereToFind(error.message), exitCode: 1 };
  if (error instanceof PairtrailError) return { message: error.message, exitCode: 1 };
  const fileProblem = describeFileError(error);
  if (fileProblem) return { message: fileProblem, exitCode: 1 };
  // Damage in the middle of a file, which opening it did not read: the file is named, with what to do,
  // as when it is found at start (rather than as a failed disk, to be run through `verify`, which fails alike).
  const damaged = isDamage(error) ? findDamagedFile() : undefined;
  if (damaged) return { message: damaged.message, exitCode: 1 };
  const storage = storageProblem(error);
  if (storage) return { message: storage.message, exitCode: 1 };
  const message = error instanceof Error ? error.message : String(error);
  return {
    message: `unexpected failure: ${message}${process.env.PAIRTRAIL_DEBUG ? `\n${(error as Error).stack}` : ' (set PAIRTRAIL_DEBUG=1 for details)'}`,
    exitCode: 1,
  };
}

/** An unknown pair's or cohort's id, with the command that lists the ids there are (a mistyped or cut-short id is the usual cause). */
function withWhereToFind(message: string): string {
  if (message.startsWith('No pair ')) return `${message} "pairtrail evaluation --every pairs" lists every pair's id.`;
  if (message.startsWith('No cohort ')) return `${message} "pairtrail evaluation --every cohorts" lists every cohort's id.`;
  return message;
}

async function main(argv: string[]): Promise<void> {
  try {
    await buildProgram().parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError && (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.exitCode === 0)) return;
    const { message, exitCode } = describeError(error);
    if (!(error instanceof CommanderError)) process.stderr.write(`pairtrail: ${message}\n`);
    process.exitCode = exitCode;
  }
}

if (require.main === module) void main(process.argv);
