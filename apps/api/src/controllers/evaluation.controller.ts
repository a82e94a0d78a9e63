import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiQuery, ApiTags, ApiOperation } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { NO_COHORT_FIGURES, NO_PAIR_FIGURES, NO_SERVICE_AREA_FIGURES } from '@pairtrail/projections';
import { CsvQuery, sendCsv, wantsCsv, type Reproducible } from '../http/csv';
import { Answers } from '../http/openapi';
import { AsOfQuery, CohortQuery, PageQuery, PseudonymiseQuery } from '../http/queries';
import { Roles } from '../identity/access';
import { Reader } from '../queries/read.query';

/** A month, YYYY-MM. */
const MONTH = { type: 'string', pattern: '^\\d{4}-\\d{2}$' } as const;

/**
 * Figures as JSON, saying in the answer's headers the asOf and position that give the same figures
 * later (X-As-Of, X-Log-Position): a report quotes them, to be reproduced.
 */
function reproducible<T>(reply: FastifyReply, { result, asOf, position }: Reproducible<T>): T {
  void reply.header('x-as-of', asOf).header('x-log-position', position);
  return result;
}

/** Evaluation views and analytics (evaluation.md), with asOf and position, asked of the query bus. */
@ApiTags('evaluation')
@ApiBearerAuth()
@Controller()
export class EvaluationController {
  constructor(private readonly reader: Reader) {}

  @ApiOperation({ summary: "Every pair's figures (JSON, or CSV to download)" })
  @Answers('PairEvaluationPage', {
    otherForms: { 'text/csv': 'with ?format=csv: every row, as a download, each saying the asOf and position that give it again' },
  })
  @Get('evaluation/pairs')
  @Roles('admin', 'coordinator', 'evaluator')
  @CsvQuery()
  @PseudonymiseQuery()
  @CohortQuery()
  @AsOfQuery()
  @PageQuery()
  async pairs(@Query() query: Record<string, string>, @Res({ passthrough: true }) reply: FastifyReply) {
    if (wantsCsv(query.format)) return sendCsv(reply, 'evaluation-pairs.csv', await this.reader.read('pairEvaluationRows', { query }), NO_PAIR_FIGURES);
    return reproducible(reply, await this.reader.read('pairEvaluations', { query }));
  }

  @ApiOperation({ summary: "One pair's figures" })
  @Answers('PairEvaluation')
  @Get('evaluation/pairs/:id')
  @Roles('admin', 'coordinator', 'evaluator')
  @AsOfQuery({ single: 'pair' })
  async pair(@Param('id') id: string, @Res({ passthrough: true }) reply: FastifyReply, @Query('asOf') asOf?: string, @Query('position') position?: string) {
    return reproducible(reply, await this.reader.read('pairEvaluation', { id, asOf, position }));
  }

  @ApiOperation({ summary: "Every cohort's figures (JSON, or CSV to download)" })
  @Answers('CohortEvaluationPage', {
    otherForms: { 'text/csv': 'with ?format=csv: every row, as a download, each saying the asOf and position that give it again' },
  })
  @Get('evaluation/cohorts')
  @Roles('admin', 'coordinator', 'evaluator')
  @CsvQuery()
  @AsOfQuery()
  @PageQuery()
  async cohorts(@Query() query: Record<string, string>, @Res({ passthrough: true }) reply: FastifyReply) {
    if (wantsCsv(query.format)) return sendCsv(reply, 'evaluation-cohorts.csv', await this.reader.read('cohortEvaluationRows', { query }), NO_COHORT_FIGURES);
    return reproducible(reply, await this.reader.read('cohortEvaluations', { query }));
  }

  @ApiOperation({ summary: "One cohort's figures" })
  @Answers('CohortEvaluation')
  @Get('evaluation/cohorts/:id')
  @Roles('admin', 'coordinator', 'evaluator')
  @AsOfQuery()
  async cohort(@Param('id') id: string, @Res({ passthrough: true }) reply: FastifyReply, @Query('asOf') asOf?: string, @Query('position') position?: string) {
    return reproducible(reply, await this.reader.read('cohortEvaluation', { id, asOf, position }));
  }

  @ApiOperation({ summary: "Each service area's figures (JSON, or CSV to download)" })
  @Answers('ServiceAreaEvaluation', {
    otherForms: { 'text/csv': 'with ?format=csv: every row, as a download, each saying the asOf and position that give it again' },
  })
  @Get('evaluation/service-areas')
  @Roles('admin', 'coordinator', 'evaluator')
  @CohortQuery()
  @CsvQuery()
  @AsOfQuery()
  async serviceAreas(@Query() query: Record<string, string>, @Res({ passthrough: true }) reply: FastifyReply) {
    const csv = wantsCsv(query.format);
    const figures = await this.reader.read('serviceAreas', { query });
    if (csv) return sendCsv(reply, 'evaluation-service-areas.csv', { ...figures, result: figures.result.items }, NO_SERVICE_AREA_FIGURES);
    return reproducible(reply, figures);
  }

  @ApiOperation({
    summary:
      "Each of the programme's five approaches: the meetings tagged with it, and how the pairs that practised it fared beside those that met without it (JSON, or CSV to download)",
  })
  @Answers('ApproachEvaluation', {
    otherForms: { 'text/csv': 'with ?format=csv: every row, as a download, each saying the asOf and position that give it again' },
    description:
      'In the order the programme names the approaches. Of the pairs that met: practiced, those with at least one meeting tagged with the approach; notPracticed, those none of whose meetings was. Each says how many pairs it is of and how many partners its mean relationship change is over: what went with an approach, not what it caused',
  })
  @Get('evaluation/approaches')
  @Roles('admin', 'coordinator', 'evaluator')
  @CohortQuery()
  @CsvQuery()
  @AsOfQuery()
  async approaches(@Query() query: Record<string, string>, @Res({ passthrough: true }) reply: FastifyReply) {
    const csv = wantsCsv(query.format);
    const figures = await this.reader.read('approaches', { query });
    if (csv) return sendCsv(reply, 'evaluation-approaches.csv', { ...figures, result: figures.result.items });
    return reproducible(reply, figures);
  }

  @ApiOperation({ summary: 'Monthly meetings, minutes, outcomes and active pairs (JSON, or CSV to download)' })
  @Answers('MonthlySeries', { otherForms: { 'text/csv': 'with ?format=csv: every row, as a download, each saying the asOf and position that give it again' } })
  @Get('analytics/monthly')
  @Roles('admin', 'coordinator', 'evaluator')
  @ApiQuery({ name: 'from', schema: { ...MONTH, example: '2025-09' }, description: 'the first month, YYYY-MM' })
  @ApiQuery({ name: 'to', schema: { ...MONTH, example: '2026-09' }, description: 'the last month, YYYY-MM' })
  @CohortQuery()
  @CsvQuery()
  @AsOfQuery()
  async monthly(@Query() query: Record<string, string>, @Res({ passthrough: true }) reply: FastifyReply) {
    const csv = wantsCsv(query.format);
    const series = await this.reader.read('monthly', { query });
    if (csv) return sendCsv(reply, 'analytics-monthly.csv', { ...series, result: series.result.months });
    return reproducible(reply, series);
  }

  @ApiOperation({ summary: 'The engagement funnel (JSON, or CSV to download)' })
  @Answers('Funnel', { otherForms: { 'text/csv': 'with ?format=csv: every row, as a download, each saying the asOf and position that give it again' } })
  @Get('analytics/funnel')
  @Roles('admin', 'coordinator', 'evaluator')
  @CohortQuery()
  @CsvQuery()
  @AsOfQuery()
  async funnel(@Query() query: Record<string, string>, @Res({ passthrough: true }) reply: FastifyReply) {
    const csv = wantsCsv(query.format);
    const funnel = await this.reader.read('funnel', { query });
    if (csv) return sendCsv(reply, 'analytics-funnel.csv', { ...funnel, result: funnel.result.stages });
    return reproducible(reply, funnel);
  }

  @ApiOperation({
    summary: 'The headline figures in words',
    description:
      "The programme's (or one cohort's) headline figures as sentences, by section, as a report pack's summary.md says them: pairs formed, met, with an outcome, concluded and needing attention; the median days to a first meeting; meetings, attendance and actions; outcomes by category; the mean change in relationship score and over how many partners it is known; the funnel. Worked out from the figures of the routes above, read at one position.",
  })
  @Answers('FiguresInWords')
  @Get('evaluation/summary')
  @Roles('admin', 'coordinator', 'evaluator')
  @CohortQuery()
  @AsOfQuery()
  async summary(@Query() query: Record<string, string>, @Res({ passthrough: true }) reply: FastifyReply) {
    return reproducible(reply, await this.reader.read('figuresInWords', { query }));
  }

  @ApiOperation({
    summary: 'What each figure means, its type and the values it may take',
    description:
      "Every figure of the routes above, file by file as a report pack holds them and `?format=csv` gives them (in JSON, the same names, nested where they are dotted), as a Frictionless tabular data package: each figure's definition in words, its type, its constraints, and each file's key. A report pack holds the same as datapackage.json, said of its date and position.",
  })
  @Answers('FigureDefinitions')
  @Get('evaluation/definitions')
  @Roles('admin', 'coordinator', 'evaluator')
  async definitions() {
    return this.reader.read('figureDefinitions', {});
  }
}
