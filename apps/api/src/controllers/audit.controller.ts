import { Body, Controller, Get, Inject, Param, Post, Query, Res, StreamableFile, HttpCode } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { StartVerificationDto } from '../dto/audit.dto';
import { Answers } from '../http/openapi';
import { AuditFilterQuery, POSITION, PageQuery, PseudonymiseQuery } from '../http/queries';
import { NotFoundError, ValidationError, type FieldProblem } from '@pairtrail/domain';
import { STREAM_CATEGORIES, UUID, isStreamName } from '@pairtrail/application';
import { requireWithinLog, verifyLog, type EventStore } from '@pairtrail/event-store';
import { Pseudonymiser, auditExportChunks, parseLimit, type AuditFilter, type ReadModels } from '@pairtrail/projections';
import type { FastifyReply } from 'fastify';
import { Readable } from 'node:stream';
import { Roles } from '../identity/access';
import { API_RUNTIME, type ApiRuntime } from '../runtime';

/** A pseudonymiser when `?pseudonymise=true` asks for one (with `&shiftDates=true`, shifting dates). */
export function pseudonymiserFor(q: Record<string, string>): Pseudonymiser | undefined {
  const flag = (name: string) => {
    const v = q[name];
    if (v !== undefined && v !== 'true' && v !== 'false') throw new ValidationError([{ field: name, message: 'must be true or false' }]);
    return v === 'true';
  };
  const pseudonymise = flag('pseudonymise');
  const shiftDates = flag('shiftDates');
  if (shiftDates && !pseudonymise) throw new ValidationError([{ field: 'shiftDates', message: 'goes with pseudonymise=true' }]);
  return pseudonymise ? new Pseudonymiser(shiftDates) : undefined;
}

/**
 * The audit trail's filters of a query, checked: a stream or an actor Pairtrail could not have named
 * would match nothing, silently, and so would a position past the log's end (quoted from another log,
 * it would show nothing recorded since it). Every bad one is named in one error. The CLI's export uses it too.
 */
export async function auditFilterOf(
  reads: Pick<ReadModels, 'auditFilter'>,
  store: Pick<EventStore, 'headPosition'>,
  q: Record<string, string | undefined>,
): Promise<AuditFilter> {
  const problems: FieldProblem[] = [];
  if (q.stream !== undefined && !isStreamName(q.stream)) {
    problems.push({ field: 'stream', message: `must be a stream name: one of ${STREAM_CATEGORIES.join(', ')}, a dash and an id` });
  }
  if (q.actor !== undefined && q.actor !== 'system' && !UUID.test(q.actor)) problems.push({ field: 'actor', message: 'must be a user id, or system' });
  // Each check's problems joined with the others', so that one answer names them all.
  const checked = async <T>(check: () => T | Promise<T>): Promise<T | undefined> => {
    try {
      return await check();
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      problems.push(...error.details);
      return undefined;
    }
  };
  // The read model's checks (dates, type, positions) with these.
  const filter = await checked(() => reads.auditFilter(q));
  if (filter) for (const field of ['after', 'upTo'] as const) await checked(() => requireWithinLog(store, filter[field], field));
  if (filter && problems.length === 0) return filter;
  throw new ValidationError(problems);
}

/** The audit trail: filtered and paged, exported as a stream, and verified against the hash chains. */
@ApiTags('audit')
@ApiBearerAuth()
@Controller()
export class AuditController {
  constructor(@Inject(API_RUNTIME) private readonly runtime: ApiRuntime) {}

  @ApiOperation({ summary: 'The audit trail: a row per event, filtered and paged' })
  @Answers('AuditPage')
  @Get('audit')
  @Roles('admin', 'evaluator')
  @AuditFilterQuery()
  @ApiQuery({ name: 'order', required: false, enum: ['oldest', 'newest'], description: 'by log position: oldest first (the default) or newest first' })
  @PageQuery()
  async audit(@Query() q: Record<string, string>) {
    const order = q.order ?? 'oldest';
    const filter = await auditFilterOf(this.runtime.reads, this.runtime.store, q);
    if (order !== 'oldest' && order !== 'newest') throw new ValidationError([{ field: 'order', message: 'must be oldest or newest' }]);
    return this.runtime.reads.audit(filter, parseLimit(q.limit), q.cursor, order);
  }

  @ApiOperation({ summary: 'Export the whole filtered audit trail (CSV or JSON lines)' })
  @Get('audit/export')
  @Roles('admin', 'evaluator')
  @ApiQuery({ name: 'format', enum: ['csv', 'jsonl'] })
  @ApiOkResponse({
    description: 'one row per event, as GET /audit gives them, streamed',
    content: {
      'text/csv': { schema: { type: 'string' } },
      'application/x-ndjson': { schema: { type: 'string', description: 'an audit row (AuditRow) per line' } },
    },
  })
  @AuditFilterQuery()
  @PseudonymiseQuery()
  async exportAudit(@Query() q: Record<string, string>, @Res({ passthrough: true }) reply: FastifyReply) {
    if (q.format !== 'csv' && q.format !== 'jsonl') throw new ValidationError([{ field: 'format', message: 'must be csv or jsonl' }]);
    const pseudonymiser = pseudonymiserFor(q);
    const chunks = auditExportChunks(this.runtime.reads, await auditFilterOf(this.runtime.reads, this.runtime.store, q), q.format, pseudonymiser);
    const format = q.format;
    async function* lines(): AsyncGenerator<string> {
      for (const chunk of chunks) {
        yield chunk.text;
        // Let other requests run between batches of a long export.
        await new Promise((r) => setImmediate(r));
      }
    }
    void reply.header('content-disposition', `attachment; filename="audit.${format}"`);
    return new StreamableFile(Readable.from(lines()), { type: format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson' });
  }

  @ApiOperation({ summary: 'Check every hash chain and give the head digest' })
  @Answers('AuditVerification', { description: 'ok when every chain holds; failures says where one does not' })
  @Get('audit/verify')
  @Roles('admin', 'evaluator')
  @ApiQuery({ name: 'position', required: false, schema: POSITION, description: 'verify up to this position; the head digest is as of it' })
  async verify(@Query('position') position?: string) {
    if (position !== undefined && !/^\d{1,18}$/.test(position))
      throw new ValidationError([{ field: 'position', message: 'must be a log position, a whole number' }]);
    const upTo = position === undefined ? undefined : BigInt(position);
    await requireWithinLog(this.runtime.store, upTo);
    return verifyLog(this.runtime.store, { upTo });
  }

  @Post('audit/verifications')
  @Roles('admin', 'evaluator')
  @HttpCode(202)
  @Answers('VerificationJob', { status: 202 })
  @ApiOperation({
    summary: 'Check the hash chains in the background, for a large log',
    description:
      'Starts what GET /audit/verify does, answering at once with the job: follow it at its Location, GET /audit/verifications/:id, for its progress and, when done, its report. One runs at a time; asking again for the same position gives the running one.',
  })
  @ApiBody({
    type: StartVerificationDto,
    required: false,
    examples: {
      head: { summary: 'The whole log, up to its head now', value: {} },
      position: { summary: 'Up to the log position a report quotes', value: { position: '10' } },
    },
  })
  async startVerification(@Body() body: StartVerificationDto = {}, @Res({ passthrough: true }) reply: FastifyReply) {
    // A null position, which class-validator lets through as left out, is the head too.
    const upTo = body.position == null ? undefined : BigInt(body.position);
    await requireWithinLog(this.runtime.store, upTo);
    const job = await this.runtime.verifications.start(upTo);
    void reply.header('location', `/audit/verifications/${job.id}`);
    return job;
  }

  @Get('audit/verifications/:id')
  @Answers('VerificationJob', { description: 'report is what GET /audit/verify answers, once done' })
  @Roles('admin', 'evaluator')
  @ApiOperation({ summary: "A background check's progress, and its report when done" })
  verification(@Param('id') id: string) {
    const job = this.runtime.verifications.get(id);
    if (!job)
      throw new NotFoundError(`No verification ${id}. POST /audit/verifications starts one; a finished one is kept for an hour, by the server that ran it.`);
    return job;
  }
}
