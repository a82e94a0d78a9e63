import type { Command } from 'commander';
import { existsSync, readFileSync, statSync } from 'node:fs';
import {
  MEETING_COLUMNS,
  PAIR_COLUMNS,
  PARTICIPANT_COLUMNS,
  consentsToRecord,
  erasureCaution,
  placeOf,
  meetingImportContext,
  pairImportContext,
  planMeetingImport,
  planPairImport,
  planParticipantImport,
  readParticipantsFile,
  runMeetingImport,
  runPairImport,
  runParticipantImport,
  type ImportProblem,
} from '@pairtrail/application';
import { CliError, progress, say } from '../output';
import { withReadSide } from './read-side.commands';

/** Problems shown before the rest are counted: enough to see what is wrong, short enough to read. */
const PROBLEMS_SHOWN = 50;

const describe = (file: string, problems: ImportProblem[]) =>
  [
    `${file} has ${problems.length} problem${problems.length === 1 ? '' : 's'}; nothing was recorded.`,
    ...problems.slice(0, PROBLEMS_SHOWN).map((p) => `  ${placeOf(p)}: ${p.message}`),
    ...(problems.length > PROBLEMS_SHOWN ? [`  … and ${problems.length - PROBLEMS_SHOWN} more`] : []),
  ].join('\n');

/** What a meetings file without attendees is taken to mean, said beside what it records. */
const bothPartnersSaid = (n: number) => (n ? ` (${n} without attendees written, as attended by both partners)` : '');

/** A file the command can read, or a CLI error saying what it is instead. */
function checkFile(file: string): void {
  if (!existsSync(file)) throw new CliError(`There is no file ${file}.`, 2);
  if (!statSync(file).isFile()) throw new CliError(`${file} is a directory; give the name of the CSV file in it.`, 2);
}

/**
 * `import participants FILE`: registers a programme's people, with their consents, from a spreadsheet;
 * `import pairs FILE`: forms pairs of them; `import meetings FILE`: records the pairs' meetings.
 */
export function registerImportCommand(program: Command): void {
  const imports = program.command('import').description('record people, pairs of them, and their meetings, from a spreadsheet (CSV)');
  imports
    .command('participants')
    .description('register participants, with their consents, from a CSV file; a file with any problem records nothing')
    .argument('<file>', `CSV with a header row; columns: ${PARTICIPANT_COLUMNS.join(', ')}`)
    .option('--dry-run', 'check the file and say what it would record, recording nothing')
    .option('--data-dir <dir>', 'data directory')
    .action(async (file: string, options: { dryRun?: boolean; dataDir?: string }) => {
      checkFile(file);
      await withReadSide(
        options.dataDir,
        async ({ reads }, { app }) => {
          const { rows, problems } = readParticipantsFile(readFileSync(file, 'utf8'), app.today());
          if (problems.length) throw new CliError(describe(file, problems));
          const plan = planParticipantImport(rows, reads.everyParticipant());
          if (plan.problems.length) throw new CliError(describe(file, plan.problems));
          const consents = consentsToRecord(plan);
          const summary = `${plan.register.length} to register, ${plan.known.length} registered already, ${consents} consent${consents === 1 ? '' : 's'} to record`;
          const caution = erasureCaution(plan);
          if (caution) say(`Caution: ${caution}`);
          if (options.dryRun) return say(`${file} is ready to import: ${summary}. Nothing was recorded (--dry-run).`);
          const bar = progress('participants imported');
          const done = await runParticipantImport(app, plan, { actor: 'system' }, (n, total) => bar.update(n, total));
          bar.done();
          say(
            `imported ${file}: ${done.registered} registered, ${plan.known.length} registered already, ${done.consents} consent${done.consents === 1 ? '' : 's'} recorded`,
          );
        },
        { create: true },
      );
    });
  imports
    .command('pairs')
    .description('form pairs of registered participants from a CSV file; a file with any problem forms nothing')
    .argument('<file>', `CSV with a header row; columns: ${PAIR_COLUMNS.join(', ')}`)
    .option('--dry-run', 'check the file and say what it would form, forming nothing')
    .option('--data-dir <dir>', 'data directory')
    .action(async (file: string, options: { dryRun?: boolean; dataDir?: string }) => {
      checkFile(file);
      await withReadSide(options.dataDir, async ({ reads }, { app }) => {
        const plan = planPairImport(readFileSync(file, 'utf8'), pairImportContext(reads), app.today());
        if (plan.problems.length) throw new CliError(describe(file, plan.problems));
        const summary = `${plan.form.length} to form, ${plan.formed.length} formed already`;
        if (options.dryRun) return say(`${file} is ready to import: ${summary}. Nothing was recorded (--dry-run).`);
        const bar = progress('pairs formed');
        const done = await runPairImport(app, plan, { actor: 'system' }, (n, total) => bar.update(n, total));
        bar.done();
        say(`imported ${file}: ${done.formed} formed, ${plan.formed.length} formed already`);
      });
    });
  imports
    .command('meetings')
    .description("record pairs' meetings from a CSV file; a file with any problem records nothing")
    .argument('<file>', `CSV with a header row; columns: ${MEETING_COLUMNS.join(', ')}`)
    .option('--dry-run', 'check the file and say what it would record, recording nothing')
    .option('--data-dir <dir>', 'data directory')
    .action(async (file: string, options: { dryRun?: boolean; dataDir?: string }) => {
      checkFile(file);
      await withReadSide(options.dataDir, async ({ reads }, { app }) => {
        const plan = planMeetingImport(readFileSync(file, 'utf8'), meetingImportContext(reads), app.today());
        if (plan.problems.length) throw new CliError(describe(file, plan.problems));
        const summary = `${plan.record.length} to record, ${plan.recorded.length} recorded already`;
        const both = bothPartnersSaid(plan.bothPartnersTaken);
        if (options.dryRun) return say(`${file} is ready to import: ${summary}${both}. Nothing was recorded (--dry-run).`);
        const bar = progress('meetings recorded');
        const done = await runMeetingImport(app, plan, { actor: 'system' }, (n, total) => bar.update(n, total));
        bar.done();
        say(`imported ${file}: ${done.recorded} recorded, ${plan.recorded.length} recorded already${both}`);
      });
    });
}
