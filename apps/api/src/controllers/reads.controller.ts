import { Controller, Get, Inject, Param, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiQuery, ApiTags, ApiOperation } from '@nestjs/swagger';
import { requireUuid, streams } from '@pairtrail/application';
import { asJson } from '@pairtrail/event-store';
import { ForbiddenError, NotFoundError } from '@pairtrail/domain';
import type { FastifyReply } from 'fastify';
import { paginate, type ParticipantResource } from '@pairtrail/projections';
import { Answers } from '../http/openapi';
import { etagOf } from '../http/writer';
import { AsOfQuery, CohortQuery, PageQuery } from '../http/queries';
import { MemberScope, Roles } from '../identity/access';
import type { AuthedRequest } from '../identity/auth.guard';
import type { SignIn } from '../identity/identity.cache';
import { API_RUNTIME, type ApiRuntime } from '../runtime';

const ABOUT_PARTICIPANTS =
  'consents are those given (pairId null: for every pair); withdrawnFor the scopes withdrawn for one pair, which there override a consent given for every pair; an erased participant has no personal fields; the email is shown to coordinators, administrators and the person themself; signIns (to coordinators and administrators) the pair-member users who are the person, with how many live tokens each has and when the latest was issued';

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
    const signIns = this.runtime.identity.signInsByParticipant();
    return { ...page, items: page.items.map((p) => asSeenBy(req, p, signIns)) };
  }

  @ApiOperation({ summary: 'One participant with their current consents' })
  @Answers('Participant', { description: ABOUT_PARTICIPANTS, etag: true })
  @Get('participants/:id')
  participant(@Param('id') id: string, @Req() req: AuthedRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    const visible = this.visibleParticipants(req);
    if (visible && !visible.includes(id)) throw new ForbiddenError('A pair member may see only themself and their partners.');
    return withETag(reply, asSeenBy(req, this.reads.participant(id), this.runtime.identity.signInsByParticipant()));
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
  @CohortQuery()
  @ApiQuery({ name: 'status', required: false, enum: ['active', 'paused', 'concluded'] })
  @ApiQuery({ name: 'serviceArea', required: false, type: String, description: 'as the pair was formed with it, in any case: cardiac, Neuro-rehabilitation' })
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
  void reply.header('etag', etagOf(resource.revision));
  return resource;
}

/** A participant as the API answers with them. */
export interface ParticipantAsSeen extends ParticipantResource {
  /** To coordinators and administrators: the pair-member users who are this person (none: they cannot sign in yet). */
  signIns?: SignIn[];
}

/**
 * A person's record as the caller may see it. Their email is for those who contact people (coordinators
 * and administrators) and for themself: an evaluator, or their partner in a pair, sees the rest. Those
 * who give people sign-ins (coordinators and administrators) see theirs too.
 */
function asSeenBy(req: AuthedRequest, person: ParticipantResource, signIns: Map<string, SignIn[]>): ParticipantAsSeen {
  const { role, participantId } = req.caller;
  if (role === 'coordinator' || role === 'admin') return { ...person, signIns: signIns.get(person.participantId) ?? [] };
  if (person.participantId === participantId) return person;
  const { email: _email, ...rest } = person;
  return rest;
}
