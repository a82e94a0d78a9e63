import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  consentsToRecord,
  countsOf,
  erasureCaution,
  importProblemsError,
  initiativesOf,
  pairFactsImportContext,
  pairImportContext,
  planActionImport,
  planImportUndo,
  runImportUndo,
  planMeetingImport,
  planMilestoneImport,
  planOutcomeImport,
  planPairImport,
  planParticipantImport,
  planReflectionImport,
  readParticipantsFile,
  runActionImport,
  runMeetingImport,
  runMilestoneImport,
  runOutcomeImport,
  runPairImport,
  runParticipantImport,
  runReflectionImport,
  type ImportProblem,
  type PairFactsImportContext,
} from '@pairtrail/application';
import type { CalendarDate } from '@pairtrail/domain';
import type { CommandEnvelope } from '@pairtrail/event-store';
import type {
  ActionImportResultDto,
  ImportUndoResultDto,
  ImportResultDto,
  MeetingImportResultDto,
  MilestoneImportResultDto,
  OutcomeImportResultDto,
  PairImportResultDto,
  ReflectionImportResultDto,
} from '../dto/write-result.dto';
import { HttpProblem } from '../http/errors';
import { API_RUNTIME, type ApiRuntime } from '../runtime';

type By = Pick<CommandEnvelope, 'actor' | 'correlationId'>;

/** A spreadsheet to import, saved as CSV: whether it is only to be checked, and who sends it. */
abstract class ImportFileCommand<R> extends Command<R> {
  constructor(
    readonly csv: string,
    readonly dryRun: boolean,
    readonly by: By,
  ) {
    super();
  }
}

/** Participants, with their consents, from a CSV file (see `readParticipantsFile`). */
export class ImportParticipantsCommand extends ImportFileCommand<ImportResultDto> {}

/** Pairs of registered participants, from a CSV file (see `planPairImport`). */
export class ImportPairsCommand extends ImportFileCommand<PairImportResultDto> {}

/** Pairs' meetings, from a CSV file (see `planMeetingImport`). */
export class ImportMeetingsCommand extends ImportFileCommand<MeetingImportResultDto> {}

/** Pairs' actions, with their completions and drops, from a CSV file (see `planActionImport`). */
export class ImportActionsCommand extends ImportFileCommand<ActionImportResultDto> {}

/** An import of pairs' facts undone: every entry it recorded retracted, with a reason (see `planImportUndo`). */
export class UndoImportCommand extends Command<ImportUndoResultDto> {
  constructor(
    readonly importId: string,
    readonly reason: string,
    readonly by: By,
  ) {
    super();
  }
}

/** Pairs' outcomes, from a CSV file (see `planOutcomeImport`). */
export class ImportOutcomesCommand extends ImportFileCommand<OutcomeImportResultDto> {}

/** Pairs' milestones, from a CSV file (see `planMilestoneImport`). */
export class ImportMilestonesCommand extends ImportFileCommand<MilestoneImportResultDto> {}

/** Partners' reflections, from a CSV file (see `planReflectionImport`). */
export class ImportReflectionsCommand extends ImportFileCommand<ReflectionImportResultDto> {}

/**
 * Imports take turns, whatever they import: two of one file at once would each find its rows not yet
 * recorded, and record them twice; and a pairs file is matched against the people a participants file
 * is still registering only once that has ended.
 */
let turn: Promise<unknown> = Promise.resolve();
function inTurn<T>(importNow: () => Promise<T>): Promise<T> {
  const mine = turn.then(importNow);
  turn = mine.catch(() => undefined);
  return mine;
}

/** Waits for the read models to reach the head of the log, so that what was recorded a moment ago is found; 503 if they cannot. */
async function readModelsAtHead({ store, projections }: ApiRuntime, found: string): Promise<void> {
  if (await projections.waitFor(await store.headPosition())) return;
  throw new HttpProblem(503, 'not-caught-up', `The read models are not up to date, so ${found}; try again shortly.`, undefined, { 'retry-after': '1' });
}

/**
 * A file planned whole against the read models, brought up to the head of the log so that what was
 * recorded a moment ago is found (`found` says what could not be, otherwise); refused with every problem.
 */
async function planned<P extends { problems: ImportProblem[] }>(
  runtime: ApiRuntime,
  found: string,
  plan: (reads: ApiRuntime['reads'], today: CalendarDate) => P,
): Promise<P> {
  await readModelsAtHead(runtime, found);
  const made = plan(runtime.reads, runtime.app.today());
  if (made.problems.length) throw importProblemsError(made.problems);
  return made;
}

/** A log position as the answers give it: digits, or null when nothing was recorded. */
const positionOf = (position: bigint | undefined) => position?.toString() ?? null;

/** An import's answer once recorded: its counts, the position after it, and the id that undoes it, if it recorded anything. */
const recordedAs = <C>(by: By, counts: C, position: bigint | undefined) => ({
  ...counts,
  position: positionOf(position),
  importId: position === undefined ? null : by.correlationId!,
});

/**
 * An import of pairs' facts (`what`: meetings, actions…): the whole file decided against the pairs and
 * participants the read models hold, brought up to the head of the log so that what was recorded a moment
 * ago is found, and recorded only if nothing is wrong; answered with its counts, and once recorded, the
 * position after it and the id that undoes it.
 */
function importFacts<P extends { problems: ImportProblem[] }, C>(
  runtime: ApiRuntime,
  { csv, dryRun, by }: ImportFileCommand<unknown>,
  what: string,
  plan: (file: string, context: PairFactsImportContext, today: CalendarDate) => P,
  counts: (plan: P) => C,
  run: (app: ApiRuntime['app'], plan: P, by: By) => Promise<{ position: bigint | undefined }>,
) {
  return inTurn(async () => {
    const made = await planned(runtime, `the pairs and the ${what} recorded already cannot be found`, (reads, today) =>
      plan(csv, pairFactsImportContext(reads), today),
    );
    const answer = { dryRun, ...counts(made) };
    if (dryRun) return { ...answer, position: null, importId: null };
    return recordedAs(by, answer, (await runtime.writes.track(run(runtime.app, made, by))).position);
  });
}

/** The counts of an import of one fact a row (a reflection, an outcome, a milestone): those to record, and those recorded before. */
const recordedCounts = (plan: { record: unknown[]; recorded: unknown[] }) => ({ recorded: plan.record.length, alreadyRecorded: plan.recorded.length });

/**
 * Checks the whole file first, then matches it against the participants the read models hold, brought
 * up to the head of the log so that a person registered a moment ago is found; records only if nothing
 * is wrong.
 */
@CommandHandler(ImportParticipantsCommand)
export class ImportParticipantsHandler implements ICommandHandler<ImportParticipantsCommand, ImportResultDto> {
  constructor(@Inject(API_RUNTIME) private readonly runtime: ApiRuntime) {}

  execute({ csv, dryRun, by }: ImportParticipantsCommand): Promise<ImportResultDto> {
    return inTurn(async () => {
      const { app, reads } = this.runtime;
      const { rows, problems } = readParticipantsFile(csv, app.today());
      if (problems.length) throw importProblemsError(problems);
      await readModelsAtHead(this.runtime, 'the people registered already cannot be told apart');
      const plan = planParticipantImport(rows, reads.everyParticipant());
      if (plan.problems.length) throw importProblemsError(plan.problems);
      const caution = erasureCaution(plan) ?? null;
      if (dryRun)
        return { dryRun, registered: plan.register.length, alreadyRegistered: plan.known.length, consents: consentsToRecord(plan), position: null, caution };
      const done = await this.runtime.writes.track(runParticipantImport(app, plan, by));
      return {
        dryRun,
        registered: done.registered,
        alreadyRegistered: plan.known.length,
        consents: done.consents,
        position: done.position?.toString() ?? null,
        caution,
      };
    });
  }
}

/**
 * Matches the whole file against the cohorts, participants and pairs the read models hold, brought up to
 * the head of the log so that a person registered a moment ago is found; forms the pairs only if nothing
 * is wrong.
 */
@CommandHandler(ImportPairsCommand)
export class ImportPairsHandler implements ICommandHandler<ImportPairsCommand, PairImportResultDto> {
  constructor(@Inject(API_RUNTIME) private readonly runtime: ApiRuntime) {}

  execute({ csv, dryRun, by }: ImportPairsCommand): Promise<PairImportResultDto> {
    return inTurn(async () => {
      const found = 'the partners and the pairs formed already cannot be found';
      const plan = await planned(this.runtime, found, (reads, today) => planPairImport(csv, pairImportContext(reads), today));
      const counts = { dryRun, formed: plan.form.length, alreadyFormed: plan.formed.length, initiativesDefined: initiativesOf(plan) };
      if (dryRun) return { ...counts, position: null };
      return { ...counts, position: positionOf((await this.runtime.writes.track(runPairImport(this.runtime.app, plan, by))).position) };
    });
  }
}

/** Meetings from a file, as `importFacts` imports a pair's facts. */
@CommandHandler(ImportMeetingsCommand)
export class ImportMeetingsHandler implements ICommandHandler<ImportMeetingsCommand, MeetingImportResultDto> {
  constructor(@Inject(API_RUNTIME) private readonly runtime: ApiRuntime) {}

  execute(command: ImportMeetingsCommand): Promise<MeetingImportResultDto> {
    return importFacts(
      this.runtime,
      command,
      'meetings',
      planMeetingImport,
      (plan) => ({ recorded: plan.record.length, alreadyRecorded: plan.recorded.length, bothPartnersTaken: plan.bothPartnersTaken }),
      runMeetingImport,
    );
  }
}

/** Actions from a file, as `importFacts` imports a pair's facts. */
@CommandHandler(ImportActionsCommand)
export class ImportActionsHandler implements ICommandHandler<ImportActionsCommand, ActionImportResultDto> {
  constructor(@Inject(API_RUNTIME) private readonly runtime: ApiRuntime) {}

  execute(command: ImportActionsCommand): Promise<ActionImportResultDto> {
    return importFacts(
      this.runtime,
      command,
      'actions',
      planActionImport,
      (plan) => ({ ...countsOf(plan), alreadyRecorded: plan.recorded.length }),
      runActionImport,
    );
  }
}

/** Reflections from a file, as `importFacts` imports a pair's facts. */
@CommandHandler(ImportReflectionsCommand)
export class ImportReflectionsHandler implements ICommandHandler<ImportReflectionsCommand, ReflectionImportResultDto> {
  constructor(@Inject(API_RUNTIME) private readonly runtime: ApiRuntime) {}

  execute(command: ImportReflectionsCommand): Promise<ReflectionImportResultDto> {
    return importFacts(this.runtime, command, 'reflections', planReflectionImport, recordedCounts, runReflectionImport);
  }
}

/** Outcomes from a file, as `importFacts` imports a pair's facts. */
@CommandHandler(ImportOutcomesCommand)
export class ImportOutcomesHandler implements ICommandHandler<ImportOutcomesCommand, OutcomeImportResultDto> {
  constructor(@Inject(API_RUNTIME) private readonly runtime: ApiRuntime) {}

  execute(command: ImportOutcomesCommand): Promise<OutcomeImportResultDto> {
    return importFacts(this.runtime, command, 'outcomes', planOutcomeImport, recordedCounts, runOutcomeImport);
  }
}

/** Milestones from a file, as `importFacts` imports a pair's facts. */
@CommandHandler(ImportMilestonesCommand)
export class ImportMilestonesHandler implements ICommandHandler<ImportMilestonesCommand, MilestoneImportResultDto> {
  constructor(@Inject(API_RUNTIME) private readonly runtime: ApiRuntime) {}

  execute(command: ImportMilestonesCommand): Promise<MilestoneImportResultDto> {
    return importFacts(this.runtime, command, 'milestones', planMilestoneImport, recordedCounts, runMilestoneImport);
  }
}

/**
 * Finds what the import recorded in the audit trail, brought up to the head of the log, and retracts
 * each entry of it not retracted already; taking turns with imports, so that it finds all one recorded.
 */
@CommandHandler(UndoImportCommand)
export class UndoImportHandler implements ICommandHandler<UndoImportCommand, ImportUndoResultDto> {
  constructor(@Inject(API_RUNTIME) private readonly runtime: ApiRuntime) {}

  execute({ importId, reason, by }: UndoImportCommand): Promise<ImportUndoResultDto> {
    return inTurn(async () => {
      const { app, reads } = this.runtime;
      await readModelsAtHead(this.runtime, 'what the import recorded cannot be found');
      const plan = planImportUndo(importId, reads.importedEvents(importId), (pairId) => reads.pairState(pairId));
      const done = await this.runtime.writes.track(runImportUndo(app, plan, reason, { ...by, source: 'api' }));
      return { retracted: done.retracted, retractedBefore: plan.retractedBefore, position: positionOf(done.position) };
    });
  }
}
