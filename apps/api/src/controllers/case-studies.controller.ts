import { Body, Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiQuery, ApiResponse, ApiTags, ApiOperation } from '@nestjs/swagger';
import { render, renderCollection, renderQuotes, type CaseStudy } from '@pairtrail/case-studies';
import { ForbiddenError } from '@pairtrail/domain';
import { quotesCsv } from '@pairtrail/projections';
import type { FastifyReply } from 'fastify';
import { MemberScope, Roles } from '../identity/access';
import type { AuthedRequest } from '../identity/auth.guard';
import { ContentHash, Feeds, Id, Text } from '../dto/fields';
import { AsOfQuery, CohortQuery, PageQuery } from '../http/queries';
import { DOCUMENT_TYPES, documentFormatOf, formatAmong, type DocumentFormat } from '../http/document-formats';
import { WriteResultDto } from '../dto/write-result.dto';
import { Answers, ApiWrite } from '../http/openapi';
import { Writer } from '../http/writer';
import { Reader } from '../queries/read.query';

@Feeds('ApproveCaseStudy')
class ApprovalDto {
  @Id({ description: 'the partner who approves' }) participantId!: string;
  @ContentHash({ description: 'the contentHash of the version approved' }) contentHash!: string;
}

@Feeds('PublishCaseStudy')
class PublishDto {
  @ContentHash({ description: 'the contentHash of the version to publish' }) contentHash!: string;
}

@Feeds('WithdrawCaseStudy')
class WithdrawDto {
  @Text() reason!: string;
}

/** A case study's other renderings than JSON, in words, as /docs lists them. */
const RENDERINGS = { 'text/markdown': 'with ?format=md: the case study in Markdown', 'text/html': 'with ?format=html: the case study as a printable page' };

/** The forms the quotes are given in, by `?format=`. */
const QUOTE_FORMATS = ['json', 'csv', 'md', 'html'] as const;

/** Case studies: regenerated from events, consent-aware, reproducible, approved and published by the pair; read through the query bus. */
@ApiTags('case studies')
@ApiBearerAuth()
@Controller('case-studies')
export class CaseStudiesController {
  constructor(
    private readonly reader: Reader,
    private readonly writer: Writer,
  ) {}

  private send(reply: FastifyReply, cs: CaseStudy, format: DocumentFormat): string {
    void reply.type(DOCUMENT_TYPES[format]).header('etag', `"${cs.provenance.contentHash}"`);
    return render(cs, format);
  }

  @ApiOperation({ summary: "Where every pair's case study stands: told or not and why, approved by whom, published" })
  @Get()
  @CohortQuery()
  @PageQuery()
  @Answers('CaseStudyStandingPage', {
    description:
      "current is the case study told now (null, and reason says why, when none can be: such as a partner's consent not given), approvedBy the partners who approved that version; published.current says whether the version published is the one told now; state is none, approval (waiting for a partner to approve the version told now), ready (publishable, a version both partners approved since the latest publication or withdrawal, waits to be published) or published (the version told now is the one published); approved lists every version whose approval stands and by whom (a withdrawal takes back every approval given before it)",
  })
  list(@Query() query: Record<string, string>, @Req() req: AuthedRequest) {
    return this.reader.read('caseStudyStandings', { caller: req.caller, query });
  }

  @ApiOperation({ summary: 'Every published case study in one document, each byte for byte as approved, for a report' })
  @Get('published')
  @CohortQuery()
  @ApiQuery({ name: 'format', required: false, enum: ['json', 'md', 'html'] })
  @Answers('PublishedCaseStudies', {
    otherForms: {
      'text/markdown': 'with ?format=md: one Markdown document, each case study a chapter',
      'text/html': 'with ?format=html: one printable page, each case study starting a printed page',
    },
    description: 'In title order; a published version a withdrawn consent or an erasure has since affected is left out, and the document says how many were',
  })
  async published(@Query() query: Record<string, string>, @Req() req: AuthedRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    const format = documentFormatOf(query.format);
    const collection = await this.reader.read('publishedCaseStudies', { caller: req.caller, cohortId: query.cohortId });
    void reply.type(DOCUMENT_TYPES[format]);
    return format === 'json' ? { items: collection.caseStudies } : renderCollection(collection, format);
  }

  @ApiOperation({ summary: 'Every quote the case studies offer, in one document or spreadsheet, for a report' })
  @Get('quotes')
  @CohortQuery()
  @ApiQuery({
    name: 'published',
    required: false,
    enum: ['true', 'false'],
    description: 'true: only from the published versions, byte for byte as their partners approved them; otherwise from the case studies told now',
  })
  @ApiQuery({ name: 'format', required: false, enum: QUOTE_FORMATS })
  @Answers('CaseStudyQuotes', {
    otherForms: {
      'text/csv': 'with ?format=csv: one row a quote, to choose from in a spreadsheet',
      'text/markdown': "with ?format=md: one Markdown document, each case study's quotes under its title",
      'text/html': "with ?format=html: one printable page, each case study's quotes under its title",
    },
    description:
      "In title order, each case study's quotes in the order it tells them, with the words and attribution it gives them: reflections their authors offered for quotation and consented to be quoted, a partner named only with consent to be named; a pair without a case study (a partner's consent not given) offers none, and about says how many such pairs there are",
  })
  async quotes(@Query() query: Record<string, string>, @Req() req: AuthedRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    const format = formatAmong(query.format, QUOTE_FORMATS);
    const collection = await this.reader.read('caseStudyQuotes', { caller: req.caller, cohortId: query.cohortId, published: query.published === 'true' });
    if (format === 'csv') {
      void reply.type('text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="case-study-quotes.csv"');
      return quotesCsv(collection.items);
    }
    void reply.type(DOCUMENT_TYPES[format]);
    return format === 'json' ? collection : renderQuotes(collection, format);
  }

  @ApiOperation({ summary: "A pair's case study as it stands, or as it stood" })
  @Get(':pairId')
  @MemberScope('pair')
  @ApiQuery({ name: 'format', required: false, enum: ['json', 'md', 'html'] })
  @AsOfQuery({ single: 'pair' })
  @Answers('CaseStudyDocument', { description: 'the case study, told from its events', otherForms: RENDERINGS })
  @ApiResponse({
    status: 409,
    description: "rule-violated: there is no case study to tell, and the message says why (such as a partner's consent not given)",
    schema: { $ref: '#/components/schemas/ErrorBody' },
  })
  async get(@Param('pairId') pairId: string, @Query() q: Record<string, string>, @Res({ passthrough: true }) reply: FastifyReply) {
    const format = documentFormatOf(q.format);
    return this.send(reply, await this.reader.read('caseStudy', { pairId, asOf: q.asOf, position: q.position }), format);
  }

  @ApiOperation({ summary: "A case study's approved and published versions" })
  @Get(':pairId/versions')
  @MemberScope('pair')
  @Answers('CaseStudyVersions', {
    description:
      'every approval given, takenBack once a later withdrawal of the case study took it back (a withdrawal takes back every approval given before it, so a version is published again only once both partners approve it anew); publishable when both partners approved it since the latest publication or withdrawal',
  })
  versions(@Param('pairId') pairId: string) {
    return this.reader.read('caseStudyVersions', { pairId });
  }

  @ApiOperation({ summary: 'One approved or published version, byte for byte' })
  @Get(':pairId/versions/:contentHash')
  @MemberScope('pair')
  @Answers('CaseStudyDocument', {
    description: 'the version, byte for byte as it was approved, in the format asked for (json by default, md or html)',
    otherForms: RENDERINGS,
  })
  @ApiResponse({
    status: 410,
    description:
      'gone: the case study was withdrawn after this version was approved, taking its approvals back (it is served again once a partner approves it anew), or a consent withdrawn or a person erased since affects this version',
    schema: { $ref: '#/components/schemas/ErrorBody' },
  })
  @ApiQuery({ name: 'format', required: false, enum: ['json', 'md', 'html'] })
  async version(
    @Param('pairId') pairId: string,
    @Param('contentHash') contentHash: string,
    @Query('format') format: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const f = documentFormatOf(format);
    return this.send(reply, await this.reader.read('caseStudyVersion', { pairId, contentHash }), f);
  }

  @ApiOperation({ summary: 'Approve a version, as one of the partners' })
  @Post(':pairId/approvals')
  @Roles('coordinator', 'pair-member')
  @MemberScope('pair')
  @ApiWrite()
  @ApiOkResponse({ type: WriteResultDto })
  approve(@Param('pairId') pairId: string, @Body() body: ApprovalDto, @Req() req: AuthedRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    if (req.caller.role === 'pair-member' && body.participantId !== req.caller.participantId)
      throw new ForbiddenError('A partner may approve only for themself.');
    return this.writer.write(req, reply, { type: 'ApproveCaseStudy', data: { pairId, ...body } });
  }

  @ApiOperation({ summary: 'Publish a version both partners approved' })
  @Post(':pairId/publish')
  @Roles('coordinator')
  @ApiWrite()
  @ApiOkResponse({ type: WriteResultDto })
  publish(@Param('pairId') pairId: string, @Body() body: PublishDto, @Req() req: AuthedRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.writer.write(req, reply, { type: 'PublishCaseStudy', data: { pairId, ...body } });
  }

  @ApiOperation({
    summary:
      'Withdraw the case study from publication, taking back every approval given before; before anything is published, this takes back the approvals, so a partner may change their mind',
  })
  @Post(':pairId/withdraw')
  @Roles('coordinator', 'pair-member')
  @MemberScope('pair')
  @ApiWrite()
  @ApiOkResponse({ type: WriteResultDto })
  withdraw(@Param('pairId') pairId: string, @Body() body: WithdrawDto, @Req() req: AuthedRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.writer.write(req, reply, { type: 'WithdrawCaseStudy', data: { pairId, ...body } });
  }
}
