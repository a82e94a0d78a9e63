import { Body, Controller, Get, HttpCode, Inject, Param, Post, Res, StreamableFile } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiBody, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { NotFoundError, RuleViolatedError, ValidationError } from '@pairtrail/domain';
import type { FastifyReply } from 'fastify';
import { Pseudonymiser } from '@pairtrail/projections';
import { StartReportDto } from '../dto/audit.dto';
import { Roles } from '../identity/access';
import { API_RUNTIME, type ApiRuntime } from '../runtime';

const REPORT_SHAPE =
  '{ id, state: running | done | failed | stopped, asOf, position, cohortId, pseudonymised, percent, eventsChecked, startedAt, finishedAt, headDigest, pack, file, error }: pack is where the ZIP is downloaded once done, file the name it is downloaded as';

/**
 * Report packs: what `pairtrail report` writes, as one download. An evaluator quoting figures in a report
 * quotes their position and the head digest of the record up to it (domain.md), so that anyone can show
 * later that the figures came from a record nothing has changed since.
 */
@ApiTags('evaluation')
@ApiBearerAuth()
@Controller('reports')
export class ReportsController {
  constructor(@Inject(API_RUNTIME) private readonly runtime: ApiRuntime) {}

  @Post()
  @Roles('admin', 'evaluator')
  @HttpCode(202)
  @ApiOperation({
    summary: "Every figure at one position, with the record's head digest there, as one download",
    description:
      "Reads every pair's, cohort's and service area's figures, the monthly series and the funnel at one log position (as the Evaluation routes give them, with asOf and position), then checks the record up to that position in the background, through the verifications (one at a time). Answers at once with the report: follow it at its Location for its progress; once done, its pack is a ZIP of the figures as CSV and manifest.json (asOf, position, head digest, and how to give it again). A record that does not verify gets no pack.",
  })
  @ApiAcceptedResponse({ description: REPORT_SHAPE })
  @ApiBody({
    type: StartReportDto,
    required: false,
    // Examples that work on any programme: every field is optional, and a position or cohort must be one of its own.
    examples: {
      now: { summary: 'Every figure as the programme stands now', value: {} },
      pseudonymised: { summary: "The same, each pair's id a pseudonym, to take away", value: { pseudonymise: true } },
    },
  })
  async start(@Body() body: StartReportDto = {}, @Res({ passthrough: true }) reply: FastifyReply) {
    const reads = this.runtime.reads;
    // null, which class-validator lets through as left out, is left out.
    const look = await reads.lookBack({ asOf: body.asOf ?? undefined, position: body.position ?? undefined });
    const cohortId = body.cohortId ?? undefined;
    if (cohortId) {
      try {
        reads.cohort(cohortId);
      } catch (error) {
        if (error instanceof NotFoundError) throw new ValidationError([{ field: 'cohortId', message: `names no cohort (${cohortId})` }]);
        throw error;
      }
    }
    const report = await this.runtime.reports.start(look, { cohortId, pseudonymiser: body.pseudonymise ? new Pseudonymiser() : undefined });
    void reply.header('location', `/reports/${report.id}`);
    return report;
  }

  @Get(':id')
  @Roles('admin', 'evaluator')
  @ApiOperation({ summary: "A report's progress, and where its pack is once done" })
  @ApiOkResponse({ description: REPORT_SHAPE })
  report(@Param('id') id: string) {
    return this.found(id);
  }

  @Get(':id/pack')
  @Roles('admin', 'evaluator')
  @ApiOperation({ summary: "A finished report's pack: a ZIP of the figures as CSV and manifest.json" })
  @ApiProduces('application/zip')
  @ApiOkResponse({ description: 'the pack: a ZIP of pairs.csv, cohorts.csv, service-areas.csv, monthly.csv, funnel.csv and manifest.json' })
  pack(@Param('id') id: string, @Res({ passthrough: true }) reply: FastifyReply) {
    const report = this.found(id);
    const pack = this.runtime.reports.pack(id);
    if (!pack) {
      throw new RuleViolatedError(
        'report-not-ready',
        report.state === 'running'
          ? `The record up to position ${report.position} is still being checked (${report.percent}% done); follow the report at /reports/${id}, and download its pack once it is done.`
          : `This report has no pack: ${report.error ?? 'it did not finish'}`,
      );
    }
    void reply.header('content-disposition', `attachment; filename="${pack.filename}"`);
    return new StreamableFile(pack.bytes, { type: 'application/zip' });
  }

  private found(id: string) {
    const report = this.runtime.reports.get(id);
    if (!report) throw new NotFoundError(`No report ${id}. POST /reports starts one; a finished one is kept for an hour, by the server that made it.`);
    return report;
  }
}
