import { Controller, Get, Inject, Param, Post, Query, Res, StreamableFile, HttpCode } from '@nestjs/common';
import { ApiBearerAuth, ApiQuery, ApiTags } from '@nestjs/swagger';
import { NotFoundError, ValidationError } from '@pairtrail/domain';
import { ChainVerifier } from '@pairtrail/event-store';
import { AUDIT_COLUMNS, ReadModels, csvLine, parseLimit } from '@pairtrail/projections';
import type { FastifyReply } from 'fastify';
import { Readable } from 'node:stream';
import { Roles } from '../identity/access';
import { API_RUNTIME, type ApiRuntime } from '../runtime';

/** The audit trail: filtered and paged, exported as a stream, and verified against the hash chains. */
@ApiTags('audit')
@ApiBearerAuth()
@Controller()
export class AuditController {
  constructor(@Inject(API_RUNTIME) private readonly runtime: ApiRuntime) {}

  @Get('audit')
  @Roles('admin', 'evaluator')
  @ApiQuery({ name: 'stream', required: false })
  @ApiQuery({ name: 'type', required: false })
  @ApiQuery({ name: 'actor', required: false, description: 'a userId, or system' })
  @ApiQuery({ name: 'from', required: false, description: 'recordedAt from (date or instant)' })
  @ApiQuery({ name: 'to', required: false, description: 'recordedAt up to (date or instant)' })
  @ApiQuery({ name: 'after', required: false, description: 'only positions after this' })
  @ApiQuery({ name: 'limit', required: false })
  @ApiQuery({ name: 'cursor', required: false })
  audit(@Query() q: Record<string, string>) {
    return this.runtime.reads.audit(ReadModels.auditFilter(q), parseLimit(q.limit), q.cursor);
  }

  @Get('audit/export')
  @Roles('admin', 'evaluator')
  @ApiQuery({ name: 'format', enum: ['csv', 'jsonl'] })
  exportAudit(@Query() q: Record<string, string>, @Res({ passthrough: true }) reply: FastifyReply) {
    if (q.format !== 'csv' && q.format !== 'jsonl') throw new ValidationError([{ field: 'format', message: 'must be csv or jsonl' }]);
    const filter = ReadModels.auditFilter(q);
    const reads = this.runtime.reads;
    const format = q.format;
    async function* lines(): AsyncGenerator<string> {
      if (format === 'csv') yield csvLine([...AUDIT_COLUMNS]);
      for (const batch of reads.auditBatches(filter)) {
        yield batch.map((row) => (format === 'csv' ? csvLine(AUDIT_COLUMNS.map((c) => row[c])) : `${JSON.stringify(row)}\n`)).join('');
        // Let other requests run between batches of a long export.
        await new Promise((r) => setImmediate(r));
      }
    }
    void reply.header('content-disposition', `attachment; filename="audit.${format}"`);
    return new StreamableFile(Readable.from(lines()), { type: format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson' });
  }

  @Get('audit/verify')
  @Roles('admin', 'evaluator')
  @ApiQuery({ name: 'position', required: false, description: 'verify up to this position; the head digest is as of it' })
  async verify(@Query('position') position?: string) {
    if (position !== undefined && !/^\d{1,18}$/.test(position))
      throw new ValidationError([{ field: 'position', message: 'must be a log position, a whole number' }]);
    const upTo = position === undefined ? undefined : BigInt(position);
    const verifier = new ChainVerifier();
    let after = 0n;
    outer: for (;;) {
      const batch = await this.runtime.store.readAll({ after, maxCount: 2000 });
      if (batch.length === 0) break;
      for (const e of batch) {
        if (upTo !== undefined && e.position > upTo) break outer;
        verifier.add(e);
      }
      after = batch[batch.length - 1]!.position;
    }
    const { position: verifiedTo, ...report } = verifier.report();
    return { ...report, position: verifiedTo };
  }

  @Get('projections')
  @Roles('admin', 'evaluator')
  projections() {
    return this.runtime.projections.status().then((items) => ({ items }));
  }

  @Post('projections/:name/rebuild')
  @Roles('admin')
  @HttpCode(202)
  rebuild(@Param('name') name: string) {
    if (!this.runtime.projections.has(name)) throw new NotFoundError(`No projection ${name}; GET /projections lists them.`);
    return { rebuilding: this.runtime.projections.rebuild(name) };
  }
}
