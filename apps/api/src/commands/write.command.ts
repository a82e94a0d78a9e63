import { Inject } from '@nestjs/common';
import { CommandHandler, Command, type ICommandHandler } from '@nestjs/cqrs';
import type { AppCommand, WriteResult } from '@pairtrail/application';
import type { CommandEnvelope, HandleOptions } from '@pairtrail/event-store';
import { API_RUNTIME, type ApiRuntime } from '../runtime';

/** Any write: a Pairtrail command with its envelope, sent through Nest's command bus. */
export class WriteCommand extends Command<WriteResult> {
  constructor(
    readonly command: AppCommand,
    readonly envelope: CommandEnvelope,
    readonly options: HandleOptions = {},
  ) {
    super();
  }
}

/** Hands every write to the application's generic command handling. */
@CommandHandler(WriteCommand)
export class WriteCommandHandler implements ICommandHandler<WriteCommand, WriteResult> {
  constructor(@Inject(API_RUNTIME) private readonly runtime: ApiRuntime) {}

  async execute({ command, envelope, options }: WriteCommand): Promise<WriteResult> {
    const result = await this.runtime.app.execute(command, envelope, options);
    if (!result.replayed) for (const e of result.outcome.events) this.runtime.metrics.appends.inc({ type: e.type });
    return result;
  }
}
