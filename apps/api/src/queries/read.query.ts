import { Inject, Injectable } from '@nestjs/common';
import { Query, QueryBus, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { CaseStudies } from '@pairtrail/application';
import { API_RUNTIME, type ApiRuntime } from '../runtime';
import type { ReadContext } from './read-context';
import { READS } from './reads';

type Reads = typeof READS;
export type ReadName = keyof Reads;
export type ReadParams<N extends ReadName> = Parameters<Reads[N]>[1];
export type ReadResult<N extends ReadName> = Awaited<ReturnType<Reads[N]>>;

/** Any read of the record: one of READS by name, with its parameters, sent through Nest's query bus. */
export class ReadQuery<N extends ReadName> extends Query<ReadResult<N>> {
  constructor(
    readonly name: N,
    readonly params: ReadParams<N>,
  ) {
    super();
  }
}

/** Answers every read from READS, as the write side hands every command to the application. */
@QueryHandler(ReadQuery)
export class ReadQueryHandler implements IQueryHandler<ReadQuery<ReadName>> {
  private readonly context: ReadContext;

  constructor(@Inject(API_RUNTIME) runtime: ApiRuntime) {
    this.context = { runtime, caseStudies: new CaseStudies(runtime.app) };
  }

  async execute({ name, params }: ReadQuery<ReadName>): Promise<ReadResult<ReadName>> {
    const read = READS[name] as (context: ReadContext, params: unknown) => ReadResult<ReadName> | Promise<ReadResult<ReadName>>;
    return read(this.context, params);
  }
}

/** Sends a controller's reads over the query bus, typed by the read they name. */
@Injectable()
export class Reader {
  constructor(private readonly queryBus: QueryBus) {}

  read<N extends ReadName>(name: N, params: ReadParams<N>): Promise<ReadResult<N>> {
    return this.queryBus.execute(new ReadQuery(name, params));
  }
}
