import type { Command } from 'commander';
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import {
  ACTION_COLUMNS,
  MEETING_COLUMNS,
  OUTCOME_COLUMNS,
  PAIR_COLUMNS,
  PARTICIPANT_COLUMNS,
  REFLECTION_COLUMNS,
  MILESTONE_COLUMNS,
  consentsToRecord,
  erasureCaution,
  placeOf,
  pairFactsImportContext,
  pairImportContext,
  planActionImport,
  planImportUndo,
  runImportUndo,
  planMeetingImport,
  planOutcomeImport,
  planPairImport,
  planReflectionImport,
  planMilestoneImport,
  planParticipantImport,
  readParticipantsFile,
  countsOf,
  initiativesOf,
  runActionImport,
  runMeetingImport,
  runOutcomeImport,
  runPairImport,
  runParticipantImport,
  runReflectionImport,
  runMilestoneImport,
  type ImportProblem,
  type PairtrailApplication,
} from '@pairtrail/application';
import type { CalendarDate } from '@pairtrail/domain';
import type { ReadModels } from '@pairtrail/projections';
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

/** The initiatives a pairs file defines, said when it defines any: ", 2 initiatives defined". */
const initiativesSaid = (n: number, done: string) => (n ? `, ${n} initiative${n === 1 ? '' : 's'} ${done}` : '');

/** Who an import from the command line is: the system, with the import's own id. */
type Importer = { actor: 'system'; correlationId: string };

/** What a meetings file without attendees is taken to mean, said beside what it records. */
const bothPartnersSaid = (n: number) => (n ? ` (${n} without attendees written, as attended by both partners)` : '');

/** What an actions import records, or would: "2 agreed, 1 completed, 0 dropped, 3 recorded already"; `to` for what it would. */
const actionsSaid = (n: { agreed: number; completed: number; dropped: number }, already: number, to = '') =>
  `${n.agreed} ${to ? 'to agree' : 'agreed'}, ${n.completed} ${to ? 'to complete' : 'completed'}, ${n.dropped} ${to ? 'to drop' : 'dropped'}, ${already} recorded already`;

/** A file the command can read, or a CLI error saying what it is instead. */
function checkFile(file: string): void {
  if (!existsSync(file)) throw new CliError(`There is no file ${file}.`, 2);
  if (!statSync(file).isFile()) throw new CliError(`${file} is a directory; give the name of the CSV file in it.`, 2);
}

/**
 * `import participants FILE`: registers a programme's people, with their consents, from a spreadsheet;
 * `import pairs FILE`: forms pairs of them; `import meetings FILE`, `import actions FILE`, `import outcomes FILE`, `import
 * reflections FILE` and `import milestones FILE`: records what the pairs did and reached, and how the partners saw it.
 */
export function registerImportCommand(program: Command): void {
  const imports = program
    .command('import')
    .description('record people, pairs of them, and their meetings, actions, outcomes, reflections and milestones, from a spreadsheet (CSV)');
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
    .command('undo')
    .description('undo an import of meetings, actions, outcomes, reflections or milestones: retract every entry it recorded, with a reason')
    .argument('<import-id>', 'the id the import printed')
    .requiredOption('--reason <reason>', 'why, kept with each retraction')
    .option('--data-dir <dir>', 'data directory')
    .action(async (importId: string, options: { reason: string; dataDir?: string }) => {
      if (!options.reason.trim()) throw new CliError('--reason is empty; say why the import is undone: it is kept with each retraction.', 2);
      await withReadSide(options.dataDir, async ({ reads }, { app }) => {
        const plan = planImportUndo(importId, reads.importedEvents(importId), (pairId) => reads.pairState(pairId));
        const done = await runImportUndo(app, plan, options.reason, { actor: 'system', source: 'cli' });
        say(`undid import ${importId}: ${done.retracted} retracted, ${plan.retractedBefore} retracted before`);
      });
    });
  importOf(imports, 'pairs', 'form pairs of registered participants from a CSV file; a file with any problem forms nothing', PAIR_COLUMNS, {
    plan: (text, reads, today) => planPairImport(text, pairImportContext(reads), today),
    wouldDo: (plan) => `${plan.form.length} to form, ${plan.formed.length} formed already${initiativesSaid(initiativesOf(plan), 'to define')}`,
    doing: 'pairs formed',
    run: (app, plan, by, onProgress) => runPairImport(app, plan, by, onProgress),
    did: (done, plan) => `${done.formed} formed, ${plan.formed.length} formed already${initiativesSaid(done.initiativesDefined, 'defined')}`,
  });
  importOf(imports, 'meetings', "record pairs' meetings from a CSV file; a file with any problem records nothing", MEETING_COLUMNS, {
    plan: (text, reads, today) => planMeetingImport(text, pairFactsImportContext(reads), today),
    wouldDo: (plan) => `${plan.record.length} to record, ${plan.recorded.length} recorded already${bothPartnersSaid(plan.bothPartnersTaken)}`,
    doing: 'meetings recorded',
    undoable: true,
    run: (app, plan, by, onProgress) => runMeetingImport(app, plan, by, onProgress),
    did: (done, plan) => `${done.recorded} recorded, ${plan.recorded.length} recorded already${bothPartnersSaid(plan.bothPartnersTaken)}`,
  });
  importOf(
    imports,
    'actions',
    "record pairs' actions, and their completions and drops, from a CSV file; a file with any problem records nothing",
    ACTION_COLUMNS,
    {
      plan: (text, reads, today) => planActionImport(text, pairFactsImportContext(reads), today),
      wouldDo: (plan) => actionsSaid(countsOf(plan), plan.recorded.length, 'to '),
      doing: 'actions recorded',
      undoable: true,
      run: (app, plan, by, onProgress) => runActionImport(app, plan, by, onProgress),
      did: (done, plan) => actionsSaid(done, plan.recorded.length),
    },
  );
  importOf(
    imports,
    'outcomes',
    "record pairs' outcomes (a register of benefits, say) from a CSV file; a file with any problem records nothing",
    OUTCOME_COLUMNS,
    {
      plan: (text, reads, today) => planOutcomeImport(text, pairFactsImportContext(reads), today),
      ...oneFactARow('outcomes', runOutcomeImport),
    },
  );
  importOf(
    imports,
    'reflections',
    "record partners' reflections (a survey's answers, say) from a CSV file; a file with any problem records nothing",
    REFLECTION_COLUMNS,
    {
      plan: (text, reads, today) => planReflectionImport(text, pairFactsImportContext(reads), today),
      ...oneFactARow('reflections', runReflectionImport),
    },
  );
  importOf(
    imports,
    'milestones',
    "record pairs' milestones (a project plan's or progress log's, say) from a CSV file; a file with any problem records nothing",
    MILESTONE_COLUMNS,
    {
      plan: (text, reads, today) => planMilestoneImport(text, pairFactsImportContext(reads), today),
      ...oneFactARow('milestones', runMilestoneImport),
    },
  );
}

/** What an import of one fact a row (reflections, outcomes, milestones) says, and how it records them: undoably. */
const oneFactARow = <P extends { record: unknown[]; recorded: unknown[] }, D extends { recorded: number; position: bigint | undefined }>(
  rowsAre: string,
  run: (app: PairtrailApplication, plan: P, by: Importer, onProgress: (done: number, total: number) => void) => Promise<D>,
) => ({
  wouldDo: (plan: P) => `${plan.record.length} to record, ${plan.recorded.length} recorded already`,
  doing: `${rowsAre} recorded`,
  undoable: true,
  run,
  did: (done: D, plan: P) => `${done.recorded} recorded, ${plan.recorded.length} recorded already`,
});

/**
 * `import NAME FILE [--dry-run]` for a file matched against what the read models hold (pairs, and what
 * they did): planned whole, refused with every problem, said, and only then recorded, with progress.
 */
function importOf<P extends { problems: ImportProblem[] }, D extends { position: bigint | undefined }>(
  imports: Command,
  name: string,
  description: string,
  columns: readonly string[],
  steps: {
    plan(text: string, reads: ReadModels, today: CalendarDate): P;
    wouldDo(plan: P): string;
    doing: string;
    run(app: PairtrailApplication, plan: P, by: Importer, onProgress: (done: number, total: number) => void): Promise<D>;
    did(done: D, plan: P): string;
    /** Whether what it records can be undone (`import undo`): facts of pairs, not people or pairs. */
    undoable?: boolean;
  },
): void {
  imports
    .command(name)
    .description(description)
    .argument('<file>', `CSV with a header row; columns: ${columns.join(', ')}`)
    .option('--dry-run', 'check the file and say what it would record, recording nothing')
    .option('--data-dir <dir>', 'data directory')
    .action(async (file: string, options: { dryRun?: boolean; dataDir?: string }) => {
      checkFile(file);
      await withReadSide(options.dataDir, async ({ reads }, { app }) => {
        const plan = steps.plan(readFileSync(file, 'utf8'), reads, app.today());
        if (plan.problems.length) throw new CliError(describe(file, plan.problems));
        if (options.dryRun) return say(`${file} is ready to import: ${steps.wouldDo(plan)}. Nothing was recorded (--dry-run).`);
        const bar = progress(steps.doing);
        // The import's own id on all it records, by which `import undo` finds it.
        const by = { actor: 'system' as const, correlationId: randomUUID() };
        const done = await steps.run(app, plan, by, (n, total) => bar.update(n, total));
        bar.done();
        say(`imported ${file}: ${steps.did(done, plan)}`);
        if (steps.undoable && done.position !== undefined) say(`To undo this import: pairtrail import undo ${by.correlationId} --reason "why"`);
      });
    });
}
