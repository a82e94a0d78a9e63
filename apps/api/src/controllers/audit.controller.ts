import { Body, Controller, Get, Param, Post, Query, Res, StreamableFile, HttpCode } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { StartVerificationDto } from '../dto/audit.dto';
import { Answers } from '../http/openapi';
import { AuditFilterQuery, POSITION, PageQuery, PseudonymiseQuery } from '../http/queries';
import { ValidationError } from '@pairtrail/domain';
import type { FastifyReply } from 'fastify';
import { Readable } from 'node:stream';
import { Roles } from '../identity/access';
import { Reader } from '../queries/read.query';
import { JobStarter } from '../commands/job.command';

/** A long download's text, a batch at a time, letting other requests run between batches. */
async function* inTurns(batches: Iterable<{ text: string }> | AsyncIterable<{ text: string }>): AsyncGenerator<string> {
  for await (const batch of batches) {
    yield batch.text;
    await new Promise((r) => setImmediate(r));
  }
}

/** The audit trail: filtered and paged, exported as a stream, and verified against the hash chains; read through the query bus. */
@ApiTags('audit')
@ApiBearerAuth()
@Controller()
export class AuditController {
  constructor(
    private readonly reader: Reader,
    private readonly jobs: JobStarter,
  ) {}

  @ApiOperation({ summary: 'The audit trail: a row per event, filtered and paged' })
  @Answers('AuditPage')
  @Get('audit')
  @Roles('admin', 'evaluator')
  @AuditFilterQuery()
  @ApiQuery({ name: 'order', required: false, enum: ['oldest', 'newest'], description: 'by log position: oldest first (the default) or newest first' })
  @PageQuery()
  audit(@Query() query: Record<string, string>) {
    return this.reader.read('audit', { query });
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
    const format = q.format;
    const chunks = await this.reader.read('auditExport', { query: q, format });
    void reply.header('content-disposition', `attachment; filename="audit.${format}"`);
    return new StreamableFile(Readable.from(inTurns(chunks)), { type: format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson' });
  }

  @ApiOperation({
    summary: 'Every event up to a position, as stored: to check the record with tools of your own',
    description:
      "The log exactly as it is hashed (personal fields sealed), one event per line in log order, up to the position (the log's head when it is left out; the X-Log-Position header and the file name say which). With it, anyone can check each stream's hash chain and the head digest without taking Pairtrail's word: scripts/check-log.mjs in Pairtrail's repository does, with no Pairtrail code, and the README says how.",
  })
  @Get('audit/events')
  @Roles('admin', 'evaluator')
  @ApiQuery({ name: 'position', required: false, schema: POSITION, description: 'up to this position; the head digest a report quotes is as of it' })
  @ApiOkResponse({
    description: 'one event per line: position, stream, revision, eventId, type, data and metadata, as stored; streamed',
    content: { 'application/x-ndjson': { schema: { type: 'string', description: 'an event as stored, per line' } } },
  })
  async storedEvents(@Query('position') position: string | undefined, @Res({ passthrough: true }) reply: FastifyReply) {
    const { upTo, batches } = await this.reader.read('storedEvents', { position });
    void reply.header('x-log-position', upTo.toString());
    void reply.header('content-disposition', `attachment; filename="events-up-to-${upTo}.jsonl"`);
    return new StreamableFile(Readable.from(inTurns(batches)), { type: 'application/x-ndjson' });
  }

  @ApiOperation({ summary: 'Check every hash chain and give the head digest' })
  @Answers('AuditVerification', { description: 'ok when every chain holds; failures says where one does not' })
  @Get('audit/verify')
  @Roles('admin', 'evaluator')
  @ApiQuery({ name: 'position', required: false, schema: POSITION, description: 'verify up to this position; the head digest is as of it' })
  verify(@Query('position') position?: string) {
    return this.reader.read('verify', { position });
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
    const job = await this.jobs.start('startVerification', { position: body.position });
    void reply.header('location', `/audit/verifications/${job.id}`);
    return job;
  }

  @Get('audit/verifications/:id')
  @Answers('VerificationJob', { description: 'report is what GET /audit/verify answers, once done' })
  @Roles('admin', 'evaluator')
  @ApiOperation({ summary: "A background check's progress, and its report when done" })
  verification(@Param('id') id: string) {
    return this.reader.read('verification', { id });
  }
}
