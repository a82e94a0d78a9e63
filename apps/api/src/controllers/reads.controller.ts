import { Controller, Get, Inject, Param, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiQuery, ApiTags, ApiOperation } from '@nestjs/swagger';
import { requireUuid, streams } from '@pairtrail/application';
import { asJson } from '@pairtrail/event-store';
import { ForbiddenError, NotFoundError, ValidationError } from '@pairtrail/domain';
import type { FastifyReply } from 'fastify';
import {
  NO_COHORT_FIGURES,
  NO_PAIR_FIGURES,
  NO_SERVICE_AREA_FIGURES,
  figuresCsv,
  paginate,
  type LookBack,
  type ParticipantResource,
} from '@pairtrail/projections';
import { pseudonymiserFor } from './audit.controller';
import { Answers } from '../http/openapi';
import { AsOfQuery, PageQuery, PseudonymiseQuery } from '../http/queries';
import { MemberScope, Roles } from '../identity/access';
import type { AuthedRequest } from '../identity/auth.guard';
import { API_RUNTIME, type ApiRuntime } from '../runtime';

const ABOUT_PARTICIPANTS =
  'consents are those given (pairId null: for every pair); withdrawnFor the scopes withdrawn for one pair, which there override a consent given for every pair; an erased participant has no personal fields; the email is shown to coordinators, administrators and the person themself';

/** Cohorts, participants, pairs, timelines and raw events, as the read models hold them. */
@ApiTags('reads')
@ApiBearerAuth()
@Controller()
export class ReadsController {
  constructor(@Inject(API_RUNTIME) private readonly runtime: ApiRuntime) {}

  private get reads() {
    return this.runtime.reads;
  }

  @ApiOperation({ summary: 'List cohorts' })
  @Answers('CohortPage')
  @Get('cohorts')
  @Roles('admin', 'coordinator', 'evaluator')
  @PageQuery()
  cohorts(@Query() query: Record<string, string>) {
    return paginate(this.reads.cohorts(), (c) => c.cohortId, query);
  }

  @ApiOperation({ summary: 'One cohort' })
  @Answers('CohortResource', { etag: true })
  @Get('cohorts/:id')
  @Roles('admin', 'coordinator', 'evaluator')
  cohort(@Param('id') id: string, @Res({ passthrough: true }) reply: FastifyReply) {
    return withETag(reply, this.reads.cohort(id));
  }

  @ApiOperation({ summary: 'List participants with their current consents' })
  @Answers('ParticipantPage', { description: ABOUT_PARTICIPANTS })
  @Get('participants')
  @PageQuery()
  participants(@Req() req: AuthedRequest, @Query() query: Record<string, string>) {
    const visible = this.visibleParticipants(req);
    const page = this.reads.participants(query, visible);
    return { ...page, items: page.items.map((p) => asSeenBy(req, p)) };
  }

  @ApiOperation({ summary: 'One participant with their current consents' })
  @Answers('Participant', { description: ABOUT_PARTICIPANTS, etag: true })
  @Get('participants/:id')
  participant(@Param('id') id: string, @Req() req: AuthedRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    const visible = this.visibleParticipants(req);
    if (visible && !visible.includes(id)) throw new ForbiddenError('A pair member may see only themself and their partners.');
    return withETag(reply, asSeenBy(req, this.reads.participant(id)));
  }

  /** For a pair member, the participants they may see (themself and their partners); otherwise undefined. */
  private visibleParticipants(req: AuthedRequest): string[] | undefined {
    if (req.caller.role !== 'pair-member') return undefined;
    const own = req.caller.participantId!;
    return [own, ...this.reads.pairsOf(own).flatMap((p) => p.partners)];
  }

  @ApiOperation({ summary: 'List pairs, by cohort, status, service area or need of attention' })
  @Answers('PairPage', { description: 'with view=summary, each pair without its meetings, actions, milestones, outcomes and reflections' })
  @Get('pairs')
  @ApiQuery({ name: 'cohortId', required: false })
  @ApiQuery({ name: 'status', required: false, enum: ['active', 'paused', 'concluded'] })
  @ApiQuery({ name: 'serviceArea', required: false })
  @ApiQuery({ name: 'needsAttention', required: false, enum: ['true', 'false'] })
  @ApiQuery({
    name: 'view',
    required: false,
    enum: ['full', 'summary'],
    description: 'summary: each pair without its meetings, actions, milestones, outcomes and reflections, for lists of many pairs',
  })
  @PageQuery()
  pairs(@Query() query: Record<string, string>, @Req() req: AuthedRequest) {
    // A mistyped cohort is 404, as on /evaluation/pairs, not an empty list that looks like an answer.
    if (query.cohortId) this.reads.cohort(query.cohortId);
    const only = req.caller.role === 'pair-member' ? this.reads.pairsOf(req.caller.participantId!).map((p) => p.pairId) : undefined;
    return this.reads.pairs(query, only);
  }

  @ApiOperation({ summary: 'One pair as it stands' })
  @Answers('Pair', { etag: true })
  @Get('pairs/:id')
  @MemberScope('pair')
  pair(@Param('id') id: string, @Res({ passthrough: true }) reply: FastifyReply) {
    return withETag(reply, this.reads.pair(id));
  }

  @ApiOperation({ summary: "The pair's story in happened-at order, corrections applied" })
  @Answers('Timeline', { description: 'each entry with its corrections applied (data) and listed, and its retraction if any' })
  @Get('pairs/:id/timeline')
  @MemberScope('pair')
  @AsOfQuery()
  async timeline(@Param('id') id: string, @Query('asOf') asOf?: string, @Query('position') position?: string) {
    const look = await this.reads.lookBack({ asOf, position });
    return { items: this.reads.timeline(id, look), asOf: look.asOf, position: look.position };
  }

  @ApiOperation({ summary: "The pair's raw events, with their envelopes" })
  @Get('pairs/:id/events')
  @Roles('admin', 'coordinator', 'evaluator')
  @Answers('PairEvents', { description: 'the raw stream in revision order, each event with its envelope' })
  async events(@Param('id') id: string) {
    requireUuid('pair', id);
    const events = await this.runtime.store.readStream(streams.pair(id));
    if (events.length === 0) throw new NotFoundError(`No pair ${id}.`);
    return {
      items: asJson(
        events.map(({ eventId, stream, revision, position, type, data, metadata }) => ({ eventId, stream, revision, position, type, data, metadata })),
      ),
    };
  }
}

/**
 * A single resource, its revision given as ETag too (api.md), as a write's answer gives it: the value a
 * later write sends as If-Match, to be refused (412) if someone changed it meanwhile.
 */
function withETag<R extends { revision: string }>(reply: FastifyReply, resource: R): R {
  void reply.header('etag', `"${resource.revision}"`);
  return resource;
}

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
  @ApiQuery({ name: 'cohortId', required: false })
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
  @ApiQuery({ name: 'cohortId', required: false, description: "only that cohort's pairs" })
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
  @ApiQuery({ name: 'from', example: '2025-09' })
  @ApiQuery({ name: 'to', example: '2026-09' })
  @ApiQuery({ name: 'cohortId', required: false })
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
  @ApiQuery({ name: 'cohortId', required: false })
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

/**
 * A person's record as the caller may see it. Their email is for those who contact people (coordinators
 * and administrators) and for themself: an evaluator, or their partner in a pair, sees the rest.
 */
function asSeenBy(req: AuthedRequest, person: ParticipantResource): ParticipantResource {
  const { role, participantId } = req.caller;
  if (role === 'coordinator' || role === 'admin' || person.participantId === participantId) return person;
  const { email: _email, ...rest } = person;
  return rest;
}
