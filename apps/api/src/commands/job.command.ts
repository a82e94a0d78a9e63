import { Inject, Injectable } from '@nestjs/common';
import { Command, CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { API_RUNTIME, type ApiRuntime } from '../runtime';
import { JOBS } from './jobs';

type Jobs = typeof JOBS;
export type JobName = keyof Jobs;
export type JobParams<N extends JobName> = Parameters<Jobs[N]>[1];
export type JobStarted<N extends JobName> = Awaited<ReturnType<Jobs[N]>>;

/** Background work to start: one of JOBS by name, with its parameters, sent through Nest's command bus. */
export class JobCommand<N extends JobName> extends Command<JobStarted<N>> {
  constructor(
    readonly name: N,
    readonly params: JobParams<N>,
  ) {
    super();
  }
}

@CommandHandler(JobCommand)
export class JobCommandHandler implements ICommandHandler<JobCommand<JobName>, JobStarted<JobName>> {
  constructor(@Inject(API_RUNTIME) private readonly runtime: ApiRuntime) {}

  async execute({ name, params }: JobCommand<JobName>): Promise<JobStarted<JobName>> {
    const start = JOBS[name] as (runtime: ApiRuntime, params: unknown) => Promise<JobStarted<JobName>>;
    return start(this.runtime, params);
  }
}

/** Starts a controller's background work over the command bus, typed by the job it names. */
@Injectable()
export class JobStarter {
  constructor(private readonly commandBus: CommandBus) {}

  start<N extends JobName>(name: N, params: JobParams<N>): Promise<JobStarted<N>> {
    return this.commandBus.execute(new JobCommand(name, params));
  }
}
