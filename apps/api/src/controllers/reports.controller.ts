import { Body, Controller, Get, HttpCode, Param, Post, Res, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { StartReportDto } from '../dto/audit.dto';
import { Answers } from '../http/openapi';
import { Roles } from '../identity/access';
import { Reader } from '../queries/read.query';
import { JobStarter } from '../commands/job.command';

const ABOUT_CHECK = 'ok, record and files are null until done';

const ABOUT_REPORT = 'pack is where the ZIP is downloaded once done, file the name it is downloaded as';

/**
 * Report packs: what `pairtrail report` writes, as one download. An evaluator quoting figures in a report
 * quotes their position and the head digest of the record up to it (domain.md), so that anyone can show
 * later that the figures came from a record nothing has changed since.
 */
@ApiTags('evaluation')
@ApiBearerAuth()
@Controller('reports')
export class ReportsController {
  constructor(
    private readonly reader: Reader,
    private readonly jobs: JobStarter,
  ) {}

  @Post()
  @Roles('admin', 'evaluator')
  @HttpCode(202)
  @ApiOperation({
    summary: "Every figure at one position, with the record's head digest there, as one download",
    description:
      "Reads every pair's, cohort's and service area's figures, the monthly series and the funnel at one log position (as the Evaluation routes give them, with asOf and position), then checks the record up to that position in the background, through the verifications (one at a time). Answers at once with the report: follow it at its Location for its progress; once done, its pack is a ZIP of the figures as CSV, datapackage.json (what each column means, its type and the values it may take: a Frictionless tabular data package), summary.md (the headline figures in words) and manifest.json (asOf, position, head digest, each file's SHA-256, and how to give it again). A record that does not verify gets no pack.",
  })
  @Answers('ReportStatus', { status: 202, description: ABOUT_REPORT })
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
    const report = await this.jobs.start('startReport', body);
    void reply.header('location', `/reports/${report.id}`);
    return report;
  }

  @Post('checks')
  @Roles('admin', 'evaluator')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Checks a report pack against the record, as `pairtrail check-report` does',
    description:
      "Takes a pack as GET /reports/:id/pack gives it (a ZIP, at most 256 KiB; a larger one is checked with `pairtrail check-report`). Gives its figures again at its date and position, and checks the record up to that position in the background, as POST /reports does; follow the check at its Location. Once done, it says whether the record still gives the head digest the pack quotes, and, file by file, whether each is as the pack was made (its SHA-256) and what the record gives (a pseudonymised pack's pairs and cohorts, whose pseudonyms are its own, by their digests alone).",
  })
  @ApiConsumes('application/zip')
  @ApiBody({ description: 'the report pack, a ZIP', schema: { type: 'string', format: 'binary' } })
  @Answers('ReportCheck', { status: 202, description: ABOUT_CHECK })
  async check(@Body() body: unknown, @Res({ passthrough: true }) reply: FastifyReply) {
    const check = await this.jobs.start('checkReport', { pack: body });
    void reply.header('location', `/reports/checks/${check.id}`);
    return check;
  }

  @Get('checks/:id')
  @Roles('admin', 'evaluator')
  @ApiOperation({ summary: 'A check of a report pack: its progress, and its findings once done' })
  @Answers('ReportCheck', { description: ABOUT_CHECK })
  checked(@Param('id') id: string) {
    return this.reader.read('reportCheck', { id });
  }

  @Get(':id')
  @Roles('admin', 'evaluator')
  @ApiOperation({ summary: "A report's progress, and where its pack is once done" })
  @Answers('ReportStatus', { description: ABOUT_REPORT })
  report(@Param('id') id: string) {
    return this.reader.read('report', { id });
  }

  @Get(':id/pack')
  @Roles('admin', 'evaluator')
  @ApiOperation({ summary: "A finished report's pack: a ZIP of the figures as CSV, the description of their columns and manifest.json" })
  @ApiOkResponse({
    description: 'the pack: a ZIP of pairs.csv, cohorts.csv, service-areas.csv, monthly.csv, funnel.csv, datapackage.json, summary.md and manifest.json',
    content: { 'application/zip': { schema: { type: 'string', format: 'binary' } } },
  })
  async pack(@Param('id') id: string, @Res({ passthrough: true }) reply: FastifyReply) {
    const pack = await this.reader.read('reportPack', { id });
    void reply.header('content-disposition', `attachment; filename="${pack.filename}"`);
    return new StreamableFile(pack.bytes, { type: 'application/zip' });
  }
}
