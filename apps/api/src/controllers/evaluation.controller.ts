import { Controller, Get, Param, Query, Res, applyDecorators } from '@nestjs/common';
import { ApiBearerAuth, ApiQuery, ApiTags, ApiOperation } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { figuresSinceRows, NO_COHORT_FIGURES, NO_PAIR_FIGURES, NO_PAIR_GAPS, NO_SERVICE_AREA_FIGURES } from '@pairtrail/projections';
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

/** How a route of figures says its CSV form, in /docs. */
const AS_CSV = { 'text/csv': 'with ?format=csv: every row, as a download, each saying the asOf and position that give it again' };

/**
 * Figures read (`read`), as JSON (`reproducible`), or with `?format=csv` their rows (`rowsOf`) as a CSV
 * download named `file` (`columnsOf`: a row of the kind, for the header of none); the format is checked
 * before anything is read.
 */
async function figuresOrCsv<T>(
  reply: FastifyReply,
  format: string | undefined,
  file: string,
  read: () => Promise<Reproducible<T>>,
  rowsOf: (result: T) => object[],
  columnsOf?: object,
): Promise<T | string> {
  const csv = wantsCsv(format);
  const figures = await read();
  return csv ? sendCsv(reply, file, { ...figures, result: rowsOf(figures.result) }, columnsOf) : reproducible(reply, figures);
}

/** A month series' query: the first and last months, a cohort, CSV, and looking back. */
const MonthSeriesQuery = () =>
  applyDecorators(
    ApiQuery({ name: 'from', schema: { ...MONTH, example: '2025-09' }, description: 'the first month, YYYY-MM' }),
    ApiQuery({ name: 'to', schema: { ...MONTH, example: '2026-09' }, description: 'the last month, YYYY-MM' }),
    CohortQuery(),
    CsvQuery(),
    AsOfQuery(),
  );

/** Evaluation views and analytics (evaluation.md), with asOf and position, asked of the query bus. */
@ApiTags('evaluation')
@ApiBearerAuth()
@Controller()
export class EvaluationController {
  constructor(private readonly reader: Reader) {}

  @ApiOperation({ summary: "Every pair's figures (JSON, or CSV to download)" })
  @Answers('PairEvaluationPage', {
    otherForms: AS_CSV,
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
    otherForms: AS_CSV,
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
    otherForms: AS_CSV,
  })
  @Get('evaluation/service-areas')
  @Roles('admin', 'coordinator', 'evaluator')
  @CohortQuery()
  @CsvQuery()
  @AsOfQuery()
  async serviceAreas(@Query() query: Record<string, string>, @Res({ passthrough: true }) reply: FastifyReply) {
    const read = () => this.reader.read('serviceAreas', { query });
    return figuresOrCsv(reply, query.format, 'evaluation-service-areas.csv', read, (f) => f.items, NO_SERVICE_AREA_FIGURES);
  }

  @ApiOperation({
    summary:
      "Each of the programme's five approaches: the meetings tagged with it, and how the pairs that practised it fared beside those that met without it (JSON, or CSV to download)",
  })
  @Answers('ApproachEvaluation', {
    otherForms: AS_CSV,
    description:
      'In the order the programme names the approaches. Of the pairs that met: practiced, those with at least one meeting tagged with the approach; notPracticed, those none of whose meetings was. Each says how many pairs it is of and how many partners its mean relationship change is over: what went with an approach, not what it caused',
  })
  @Get('evaluation/approaches')
  @Roles('admin', 'coordinator', 'evaluator')
  @CohortQuery()
  @CsvQuery()
  @AsOfQuery()
  async approaches(@Query() query: Record<string, string>, @Res({ passthrough: true }) reply: FastifyReply) {
    return figuresOrCsv(
      reply,
      query.format,
      'evaluation-approaches.csv',
      () => this.reader.read('approaches', { query }),
      (f) => f.items,
    );
  }

  @ApiOperation({ summary: 'Monthly meetings, minutes, outcomes and active pairs (JSON, or CSV to download)' })
  @Answers('MonthlySeries', { otherForms: AS_CSV })
  @Get('analytics/monthly')
  @Roles('admin', 'coordinator', 'evaluator')
  @MonthSeriesQuery()
  async monthly(@Query() query: Record<string, string>, @Res({ passthrough: true }) reply: FastifyReply) {
    return figuresOrCsv(
      reply,
      query.format,
      'analytics-monthly.csv',
      () => this.reader.read('monthly', { query }),
      (s) => s.months,
    );
  }

  @ApiOperation({
    summary: "How the partnerships felt, month by month: every partner's latest relationship score by each month's end (JSON, or CSV to download)",
  })
  @Answers('RelationshipSeries', {
    otherForms: AS_CSV,
    description:
      'Every month in the range, the empty ones included. Over the pairs active in a month (formed by its end, and not concluded before it began), each partner\'s latest relationshipScore dated on or before its last day, from 1 ("them and us") to 5 ("equal partners"): partners, how many had scored it by then, and meanScore, their mean (null if none had); livedExperience and professional, the same of each perspective\'s partners apart',
  })
  @Get('analytics/relationship')
  @Roles('admin', 'coordinator', 'evaluator')
  @MonthSeriesQuery()
  async relationship(@Query() query: Record<string, string>, @Res({ passthrough: true }) reply: FastifyReply) {
    return figuresOrCsv(
      reply,
      query.format,
      'analytics-relationship.csv',
      () => this.reader.read('relationship', { query }),
      (s) => s.months,
    );
  }

  @ApiOperation({ summary: 'The engagement funnel (JSON, or CSV to download)' })
  @Answers('Funnel', { otherForms: AS_CSV })
  @Get('analytics/funnel')
  @Roles('admin', 'coordinator', 'evaluator')
  @CohortQuery()
  @CsvQuery()
  @AsOfQuery()
  async funnel(@Query() query: Record<string, string>, @Res({ passthrough: true }) reply: FastifyReply) {
    return figuresOrCsv(
      reply,
      query.format,
      'analytics-funnel.csv',
      () => this.reader.read('funnel', { query }),
      (f) => f.stages,
    );
  }

  @ApiOperation({
    summary: 'How the headline figures moved since an earlier report (JSON, or CSV to download)',
    description:
      "asOf and position are the earlier report's (at least one): each headline figure (pairs formed, met, with an outcome, concluded, needing attention; meetings, their minutes, actions agreed, completed and overdue, outcomes; the median days to a first meeting; how many partners' relationship change is known, and its mean) as it stood then and as it stands now, and the change (now minus then; null when either is not known); then and now say the date and log position that give each again, and inWords says what grew in one sentence. Of the whole programme, or one cohort.",
  })
  @Answers('FiguresSince', { otherForms: AS_CSV })
  @Get('evaluation/since')
  @Roles('admin', 'coordinator', 'evaluator')
  @CohortQuery()
  @CsvQuery()
  @AsOfQuery()
  async since(@Query() query: Record<string, string>, @Res({ passthrough: true }) reply: FastifyReply) {
    return figuresOrCsv(reply, query.format, 'evaluation-since.csv', () => this.reader.read('figuresSince', { query }), figuresSinceRows);
  }

  @ApiOperation({
    summary: 'What the record is missing that the figures need (JSON, or CSV to download)',
    description:
      "As the record stands now (of one cohort's pairs, if one is named): partners who have reflected fewer than twice (their relationship change is not known), meetings that name no approach, open actions with no date due (never counted overdue), outcomes with no evidence or no measure, and pairs yet to define their initiative. Each gap counted, in how many pairs, with what it means for the figures and what puts it right; then the pairs with any, by title, each with its counts (the CSV's rows). What an evaluator says of a report's limits, and a coordinator asks the pairs to put right.",
  })
  @Answers('RecordGaps', { otherForms: AS_CSV })
  @Get('evaluation/gaps')
  @Roles('admin', 'coordinator', 'evaluator')
  @CohortQuery()
  @CsvQuery()
  async gaps(@Query() query: Record<string, string>, @Res({ passthrough: true }) reply: FastifyReply) {
    const read = () => this.reader.read('recordGaps', { query });
    return figuresOrCsv(reply, query.format, 'record-gaps.csv', read, (found) => found.items, NO_PAIR_GAPS);
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
