import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  consentsToRecord,
  erasureCaution,
  importProblemsError,
  planParticipantImport,
  readParticipantsFile,
  runParticipantImport,
} from '@pairtrail/application';
import type { CommandEnvelope } from '@pairtrail/event-store';
import type { ImportResultDto } from '../dto/write-result.dto';
import { HttpProblem } from '../http/errors';
import { API_RUNTIME, type ApiRuntime } from '../runtime';

/** Participants, with their consents, from a CSV file (see `readParticipantsFile`). */
export class ImportParticipantsCommand extends Command<ImportResultDto> {
  constructor(
    readonly csv: string,
    readonly dryRun: boolean,
    readonly by: Pick<CommandEnvelope, 'actor' | 'correlationId'>,
  ) {
    super();
  }
}

/**
 * Checks the whole file first, then matches it against the participants the read models hold, brought
 * up to the head of the log so that a person registered a moment ago is found; records only if nothing
 * is wrong.
 */
@CommandHandler(ImportParticipantsCommand)
export class ImportParticipantsHandler implements ICommandHandler<ImportParticipantsCommand, ImportResultDto> {
  /** Imports take turns: two of one file at once would each find its people unregistered, and register them twice. */
  private turn: Promise<unknown> = Promise.resolve();

  constructor(@Inject(API_RUNTIME) private readonly runtime: ApiRuntime) {}

  execute(command: ImportParticipantsCommand): Promise<ImportResultDto> {
    const mine = this.turn.then(() => this.importNow(command));
    this.turn = mine.catch(() => undefined);
    return mine;
  }

  private async importNow({ csv, dryRun, by }: ImportParticipantsCommand): Promise<ImportResultDto> {
    const { app, reads, projections, store } = this.runtime;
    const { rows, problems } = readParticipantsFile(csv, app.today());
    if (problems.length) throw importProblemsError(problems);
    const head = await store.headPosition();
    if (!(await projections.waitFor(head))) {
      throw new HttpProblem(
        503,
        'not-caught-up',
        'The read models are not up to date, so the people registered already cannot be told apart; try again shortly.',
        undefined,
        {
          'retry-after': '1',
        },
      );
    }
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
  }
}
