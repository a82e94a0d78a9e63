import { Controller, Get, Inject, Param, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiQuery, ApiTags, ApiOperation } from '@nestjs/swagger';
import { ValidationError } from '@pairtrail/domain';
import type { FastifyReply } from 'fastify';
import { NO_COHORT_FIGURES, NO_PAIR_FIGURES, NO_SERVICE_AREA_FIGURES, figuresCsv, paginate, type LookBack } from '@pairtrail/projections';
import { pseudonymiserFor } from './audit.controller';
import { Answers } from '../http/openapi';
import { AsOfQuery, CohortQuery, PageQuery, PseudonymiseQuery } from '../http/queries';
import { Roles } from '../identity/access';
import { API_RUNTIME, type ApiRuntime } from '../runtime';

/** A month, YYYY-MM. */
const MONTH = { type: 'string', pattern: '^\\d{4}-\\d{2}$' } as const;

/** `?format=json` (the default) or `csv`: true for CSV. */
function wantsCsv(format: string | undefined): boolean {
  if (format !== undefined && format !== 'json' && format !== 'csv') throw new ValidationError([{ field: 'format', message: 'must be json or csv' }]);
  return format === 'csv';
}

/** Figures as a CSV download, nested figures as dotted columns, each row saying what gives it again. */
function sendCsv(reply: FastifyReply, filename: string, rows: object[], again: { asOf: string; position: string }, columnsOf?: object): string {
  void reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${filename}"`);
  return figuresCsv(rows, again, columnsOf);
}

const CsvQuery = () => ApiQuery({ name: 'format', required: false, enum: ['json', 'csv'], description: 'csv: every row, as a download' });

/** Evaluation views and analytics (evaluation.md), with asOf and position. */
@ApiTags('evaluation')
@ApiBearerAuth()
@Controller()
export class EvaluationController {
  constructor(@Inject(API_RUNTIME) private readonly runtime: ApiRuntime) {}

  private look(asOf?: string, position?: string) {
    return this.runtime.reads.lookBack({ asOf, position });
  }

  /**
   * Reads figures in one snapshot, and says in the answer's headers the asOf and position that give the
   * same figures later (X-As-Of, X-Log-Position): a report quotes them, to be reproduced.
   */
  private reproducibly<T>(reply: FastifyReply, look: LookBack, read: () => T): { result: T; asOf: string; position: string } {
    const answer = this.runtime.reads.reproducibly(look, read);
    void reply.header('x-as-of', answer.asOf).header('x-log-position', answer.position);
    return answer;
  }

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
  async pairs(@Query() q: Record<string, string>, @Res({ passthrough: true }) reply: FastifyReply) {
    const csv = wantsCsv(q.format);
    const look = await this.look(q.asOf, q.position);
    const pseudonymiser = pseudonymiserFor(q);
    // 404 for a cohort that does not exist, as the funnel and the monthly series answer, not an empty list.
    if (q.cohortId) this.runtime.reads.cohort(q.cohortId);
    const { result: all, ...again } = this.reproducibly(reply, look, () => this.runtime.reads.pairEvaluations(look, q.cohortId));
    const pseudonymise = <T extends { pairId: string }>(p: T): T => (pseudonymiser ? { ...p, pairId: pseudonymiser.pseudonym(p.pairId) } : p);
    if (csv) return sendCsv(reply, 'evaluation-pairs.csv', all.map(pseudonymise), again, NO_PAIR_FIGURES);
    // Pseudonyms are new with every request, so pseudonymised pages are found by their place in the
    // list; a cursor holding a real id would tie that pseudonym back to its pair.
    const page = pseudonymiser ? paginateByPlace(all, q) : paginate(all, (p) => p.pairId, q);
    return { items: page.items.map(pseudonymise), next: page.next, asOf: look.asOf, position: look.position };
  }

  @ApiOperation({ summary: "One pair's figures" })
  @Answers('PairEvaluation')
  @Get('evaluation/pairs/:id')
  @Roles('admin', 'coordinator', 'evaluator')
  @AsOfQuery({ single: 'pair' })
  async pair(@Param('id') id: string, @Res({ passthrough: true }) reply: FastifyReply, @Query('asOf') asOf?: string, @Query('position') position?: string) {
    const look = await this.look(asOf, position);
    return this.reproducibly(reply, look, () => this.runtime.reads.pairEvaluation(id, look)).result;
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
  async cohorts(@Query() q: Record<string, string>, @Res({ passthrough: true }) reply: FastifyReply) {
    const csv = wantsCsv(q.format);
    const look = await this.look(q.asOf, q.position);
    const { result: all, ...again } = this.reproducibly(reply, look, () => this.runtime.reads.cohortEvaluations(look));
    if (csv) return sendCsv(reply, 'evaluation-cohorts.csv', all, again, NO_COHORT_FIGURES);
    return { ...paginate(all, (c) => c.cohortId, q), asOf: look.asOf, position: look.position };
  }

  @ApiOperation({ summary: "One cohort's figures" })
  @Answers('CohortEvaluation')
  @Get('evaluation/cohorts/:id')
  @Roles('admin', 'coordinator', 'evaluator')
  @AsOfQuery()
  async cohort(@Param('id') id: string, @Res({ passthrough: true }) reply: FastifyReply, @Query('asOf') asOf?: string, @Query('position') position?: string) {
    const look = await this.look(asOf, position);
    return this.reproducibly(reply, look, () => this.runtime.reads.cohortEvaluation(id, look)).result;
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
  async serviceAreas(@Query() q: Record<string, string>, @Res({ passthrough: true }) reply: FastifyReply) {
    const csv = wantsCsv(q.format);
    if (q.cohortId) this.runtime.reads.cohort(q.cohortId);
    const look = await this.look(q.asOf, q.position);
    const { result: figures, ...again } = this.reproducibly(reply, look, () => this.runtime.reads.serviceAreas(look, q.cohortId || undefined));
    if (csv) return sendCsv(reply, 'evaluation-service-areas.csv', figures.items, again, NO_SERVICE_AREA_FIGURES);
    return figures;
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
  async monthly(@Query() q: Record<string, string>, @Res({ passthrough: true }) reply: FastifyReply) {
    const csv = wantsCsv(q.format);
    const look = await this.look(q.asOf, q.position);
    const { result: series, ...again } = this.reproducibly(reply, look, () => this.runtime.reads.monthly(q, look));
    if (csv) return sendCsv(reply, 'analytics-monthly.csv', series.months, again);
    return series;
  }

  @ApiOperation({ summary: 'The engagement funnel (JSON, or CSV to download)' })
  @Answers('Funnel', { otherForms: { 'text/csv': 'with ?format=csv: every row, as a download, each saying the asOf and position that give it again' } })
  @Get('analytics/funnel')
  @Roles('admin', 'coordinator', 'evaluator')
  @CohortQuery()
  @CsvQuery()
  @AsOfQuery()
  async funnel(@Query() q: Record<string, string>, @Res({ passthrough: true }) reply: FastifyReply) {
    const csv = wantsCsv(q.format);
    const look = await this.look(q.asOf, q.position);
    const { result: funnel, ...again } = this.reproducibly(reply, look, () => this.runtime.reads.funnel(q, look));
    if (csv) return sendCsv(reply, 'analytics-funnel.csv', funnel.stages, again);
    return funnel;
  }
}

/** A page of a list found by its place in it (a 12-digit cursor), for lists whose ids must not show. */
function paginateByPlace<T>(items: T[], query: { limit?: string; cursor?: string }) {
  const place = new Map(items.map((item, i) => [item, String(i).padStart(12, '0')]));
  return paginate(items, (item) => place.get(item)!, query, /^\d{12}$/);
}
