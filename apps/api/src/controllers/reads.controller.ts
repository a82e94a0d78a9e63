import { Controller, Get, Param, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiQuery, ApiTags, ApiOperation } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import {
  NO_OPEN_ACTION,
  NO_PAIR_REGISTER_ROW,
  NO_REGISTER_ROW,
  NO_PROGRAMME_TIMELINE_ROW,
  NO_REFLECTION_DUE,
  programmeTimelineRows,
  renderPairBrief,
  renderProgrammeTimeline,
  TIMELINE_KINDS_LISTED,
} from '@pairtrail/projections';
import { CsvQuery, sendCsv, wantsCsv } from '../http/csv';
import { Answers } from '../http/openapi';
import { etagOf } from '../http/writer';
import { AsOfQuery, CohortQuery, PageQuery, POSITION } from '../http/queries';
import { DOCUMENT_TYPES, documentFormatOf, formatAmong } from '../http/document-formats';
import { MemberScope, Roles } from '../identity/access';
import type { AuthedRequest } from '../identity/auth.guard';
import { Reader } from '../queries/read.query';

/** The forms what happened in a period is given in, by `?format=`. */
const TIMELINE_FORMATS = ['json', 'csv', 'md', 'html'] as const;

const ABOUT_PARTICIPANTS =
  'consents are those given (pairId null: for every pair); withdrawnFor the scopes withdrawn for one pair, which there override a consent given for every pair; an erased participant has no personal fields; the email is shown to coordinators, administrators and the person themself; signIns (to coordinators and administrators) the pair-member users who are the person, with how many live tokens each has and when the latest was issued';

/** Cohorts, participants, pairs, timelines and raw events, as the read models hold them, asked of the query bus. */
@ApiTags('reads')
@ApiBearerAuth()
@Controller()
export class ReadsController {
  constructor(private readonly reader: Reader) {}

  @ApiOperation({ summary: 'List cohorts' })
  @Answers('CohortPage')
  @Get('cohorts')
  @Roles('admin', 'coordinator', 'evaluator')
  @PageQuery()
  cohorts(@Query() query: Record<string, string>) {
    return this.reader.read('cohorts', { query });
  }

  @ApiOperation({ summary: 'One cohort' })
  @Answers('CohortResource', { etag: true })
  @Get('cohorts/:id')
  @Roles('admin', 'coordinator', 'evaluator')
  async cohort(@Param('id') id: string, @Res({ passthrough: true }) reply: FastifyReply) {
    return withETag(reply, await this.reader.read('cohort', { id }));
  }

  @ApiOperation({ summary: 'List participants with their current consents' })
  @Answers('ParticipantPage', {
    description: ABOUT_PARTICIPANTS,
    otherForms: {
      'text/csv':
        "with ?format=csv: every participant the caller may see, by name, as a spreadsheet: first the columns import participants reads (name, email, perspective, role, organisation, organisationType, registeredOn, consents for every pair), then consents given and withdrawn for one pair (by the pair's title), their pairs, pairsGoingOn, lastInvolvedOn, canSignIn (to coordinators and administrators), erased, participantId, and the day (asOf) and log position it was read at",
    },
  })
  @Get('participants')
  @CsvQuery()
  @PageQuery()
  async participants(@Req() req: AuthedRequest, @Query() query: Record<string, string>, @Res({ passthrough: true }) reply: FastifyReply) {
    if (wantsCsv(query.format))
      return sendCsv(reply, 'participants.csv', await this.reader.read('participantRegister', { caller: req.caller }), NO_REGISTER_ROW);
    return this.reader.read('participants', { caller: req.caller, query });
  }

  @ApiOperation({ summary: 'One participant with their current consents' })
  @Answers('Participant', { description: ABOUT_PARTICIPANTS, etag: true })
  @Get('participants/:id')
  async participant(@Param('id') id: string, @Req() req: AuthedRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    return withETag(reply, await this.reader.read('participant', { caller: req.caller, id }));
  }

  @ApiOperation({ summary: 'List pairs, by cohort, status, service area or need of attention' })
  @Answers('PairPage', {
    description: 'with view=summary, each pair without its meetings, actions, milestones, outcomes and reflections',
    otherForms: {
      'text/csv':
        "with ?format=csv: every pair the filters name that the caller may see, by title, as a spreadsheet: title, cohort, each partner's name, service area, focus, status, dates, whether it needs attention and why, days since its last meeting, overdue actions, meetings tagged with no approach, its ids, and the day (asOf) and log position it was read at",
    },
  })
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
  @CsvQuery()
  @PageQuery()
  async pairs(@Query() query: Record<string, string>, @Req() req: AuthedRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    if (wantsCsv(query.format)) return sendCsv(reply, 'pairs.csv', await this.reader.read('pairRegister', { caller: req.caller, query }), NO_PAIR_REGISTER_ROW);
    return this.reader.read('pairs', { caller: req.caller, query });
  }

  @ApiOperation({ summary: 'Actions still to do, across pairs: agreed, and neither completed nor dropped, the soonest due first' })
  @Answers('OpenActionPage', {
    otherForms: {
      'text/csv': 'with ?format=csv: every open action the filters name, as a download, each row saying the day (asOf) and log position it was read at',
    },
    description:
      "the most overdue first, then by due date, those with none last; each with its pair (title, status) and its owner (ownerName null once erased); overdue and daysOverdue by today in the programme time zone. Pairs that have concluded, which take no completion, only with pairStatus=concluded. A pair member sees their own pairs' alone",
  })
  @Get('actions')
  @CsvQuery()
  @ApiQuery({ name: 'state', required: false, enum: ['open', 'overdue'], description: 'overdue: only those due before today; open (the default): every one' })
  @ApiQuery({
    name: 'pairStatus',
    required: false,
    enum: ['active', 'paused', 'concluded'],
    description: 'only pairs of this status; without it, every pair not concluded',
  })
  @ApiQuery({
    name: 'dueBy',
    required: false,
    schema: { type: 'string', format: 'date' },
    description: 'only those due on or before this date, YYYY-MM-DD, the overdue among them: what is due by a check-in',
  })
  @CohortQuery()
  @ApiQuery({ name: 'ownerId', required: false, schema: { type: 'string', format: 'uuid' }, description: 'only the actions this participant owns' })
  @PageQuery()
  async openActions(@Query() query: Record<string, string>, @Req() req: AuthedRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    if (wantsCsv(query.format))
      return sendCsv(reply, 'open-actions.csv', await this.reader.read('everyOpenAction', { caller: req.caller, query }), NO_OPEN_ACTION);
    return this.reader.read('openActions', { caller: req.caller, query });
  }

  @ApiOperation({ summary: 'Reflections due, across pairs: each partner asked to reflect in a pair going on, those waiting longest first' })
  @Answers('ReflectionDuePage', {
    otherForms: {
      'text/csv': 'with ?format=csv: every reflection due, as a download, each row saying the day (asOf) and log position it was read at',
    },
    description:
      "a partner who takes part in a pair going on (not concluded) is asked to reflect when they have not yet reflected in it, or their last reflection there is a quarter (91 days) old, as My pair asks them: those who have not reflected yet first, the longest-formed pair first, then by the day of the last reflection (lastReflectedOn, with daysSince); name null once erased. A pair member sees their own pairs' alone",
  })
  @Get('reflections/due')
  @CsvQuery()
  @CohortQuery()
  @PageQuery()
  async reflectionsDue(@Query() query: Record<string, string>, @Req() req: AuthedRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    if (wantsCsv(query.format))
      return sendCsv(reply, 'reflections-due.csv', await this.reader.read('everyReflectionDue', { caller: req.caller, query }), NO_REFLECTION_DUE);
    return this.reader.read('reflectionsDue', { caller: req.caller, query });
  }

  @ApiOperation({ summary: "What happened across the programme between two dates: every pair's timeline entries dated in the period" })
  @Answers('ProgrammeTimelinePage', {
    otherForms: {
      'text/csv': 'with ?format=csv: every entry of the period, as a download, each row saying the day (asOf) and log position it was read at',
      'text/markdown': "with ?format=md: the period as a document, what happened counted, then each pair's entries in date order under its name",
      'text/html': 'with ?format=html: the same as a printable page',
    },
    description:
      "Entries dated from from to to (by default the four weeks to today), as each pair's timeline gives them, corrections applied: retracted ones are left out. newest first unless order=oldest; each with its pair (title), its summary and details (what it is about, in words: the action, the outcome and its measure, who reflected). counts: how many entries of each kind the whole period holds, and in how many pairs; latestBefore, when the period holds nothing, the date of the latest entry before it, to say where to look. pairId narrows it to one pair's story. A pair member sees their own pairs' alone (another's is 403)",
  })
  @Get('timeline')
  @ApiQuery({
    name: 'from',
    required: false,
    schema: { type: 'string', format: 'date' },
    description: 'the first day, YYYY-MM-DD; by default four weeks before to',
  })
  @ApiQuery({ name: 'to', required: false, schema: { type: 'string', format: 'date' }, description: 'the last day, YYYY-MM-DD; by default today' })
  @CohortQuery()
  @ApiQuery({
    name: 'pairId',
    required: false,
    schema: { type: 'string', format: 'uuid' },
    description: "one pair's entries alone: its story in the period (a pair member, only their own)",
  })
  @ApiQuery({
    name: 'kind',
    required: false,
    enum: TIMELINE_KINDS_LISTED,
    description: "one kind of entry, as a pair's timeline narrows to it (course: formed, initiative, paused, resumed, concluded)",
  })
  @ApiQuery({ name: 'order', required: false, enum: ['newest', 'oldest'], description: 'newest (the default) first, or oldest' })
  @ApiQuery({
    name: 'position',
    required: false,
    schema: POSITION,
    description: "a log position: the entries as recorded up to it, to give a period's account again as it was",
  })
  @ApiQuery({ name: 'format', required: false, enum: TIMELINE_FORMATS })
  @PageQuery()
  async programmeTimeline(@Query() query: Record<string, string>, @Req() req: AuthedRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    const format = formatAmong(query.format, TIMELINE_FORMATS);
    if (format === 'json') {
      const { result, asOf, position } = await this.reader.read('programmeTimeline', { caller: req.caller, query });
      void reply.header('x-as-of', asOf).header('x-log-position', position);
      return { ...result, asOf, position };
    }
    const { result, asOf, position, of } = await this.reader.read('wholeProgrammeTimeline', { caller: req.caller, query });
    if (format === 'csv') {
      return sendCsv(
        reply,
        `timeline-${result.from}-to-${result.to}.csv`,
        { result: programmeTimelineRows(result.items), asOf, position },
        NO_PROGRAMME_TIMELINE_ROW,
      );
    }
    void reply.type(DOCUMENT_TYPES[format]).header('x-as-of', asOf).header('x-log-position', position);
    return renderProgrammeTimeline(result, { asOf, position, ...(of ? { of } : {}) }, format);
  }

  @ApiOperation({ summary: 'One pair as it stands' })
  @Answers('Pair', { etag: true })
  @Get('pairs/:id')
  @MemberScope('pair')
  async pair(@Param('id') id: string, @Res({ passthrough: true }) reply: FastifyReply) {
    return withETag(reply, await this.reader.read('pair', { id }));
  }

  @ApiOperation({ summary: "The pair's story in happened-at order, corrections applied" })
  @Answers('Timeline', { description: 'each entry with its corrections applied (data) and listed, and its retraction if any' })
  @Get('pairs/:id/timeline')
  @MemberScope('pair')
  @AsOfQuery()
  timeline(@Param('id') id: string, @Query('asOf') asOf?: string, @Query('position') position?: string) {
    return this.reader.read('timeline', { id, asOf, position });
  }

  @ApiOperation({
    summary: 'The pair before its next meeting: a brief to read or print',
    description:
      "Its initiative and success measures; its last meeting (topics, notes) and the actions agreed there, each with where it stands now; every action still open, the most overdue first; what has been recorded as happening since that meeting's day (every entry before a first meeting); and each partner's latest reflection, saying whether one is due (none yet, or the last a quarter, 91 days, old, in a pair going on they take part in). Read today, saying the day and log position it was read at. It names the partners and gives their notes: for the pair and those who support them.",
  })
  @Answers('NextMeetingBrief', {
    otherForms: {
      'text/markdown': 'with ?format=md: the brief in Markdown',
      'text/html': 'with ?format=html: the brief as a printable page',
    },
  })
  @Get('pairs/:id/brief')
  @MemberScope('pair')
  @ApiQuery({ name: 'format', required: false, enum: ['json', 'md', 'html'] })
  async brief(@Param('id') id: string, @Query('format') asked: string | undefined, @Res({ passthrough: true }) reply: FastifyReply) {
    const format = documentFormatOf(asked);
    const { result, asOf, position } = await this.reader.read('pairBrief', { id });
    void reply.header('x-as-of', asOf).header('x-log-position', position);
    if (format === 'json') return { ...result, asOf, position };
    void reply.type(DOCUMENT_TYPES[format]);
    return renderPairBrief(result, { asOf, position }, format);
  }

  @ApiOperation({ summary: "The pair's raw events, with their envelopes" })
  @Get('pairs/:id/events')
  @Roles('admin', 'coordinator', 'evaluator')
  @Answers('PairEvents', { description: 'the raw stream in revision order, each event with its envelope' })
  events(@Param('id') id: string) {
    return this.reader.read('pairEvents', { id });
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
