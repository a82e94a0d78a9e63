import { Body, Controller, Get, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiQuery, ApiTags, ApiOperation } from '@nestjs/swagger';
import { renderDocument } from '@pairtrail/case-studies';
import type { FastifyReply } from 'fastify';
import { Roles } from '../identity/access';
import type { AuthedRequest } from '../identity/auth.guard';
import { EraseParticipantDto } from '../dto/participant.dto';
import { WriteResultDto } from '../dto/write-result.dto';
import { Answers, ApiWrite } from '../http/openapi';
import { Writer } from '../http/writer';
import { Reader } from '../queries/read.query';
import { completeErasure } from '../erasure';
import { DOCUMENT_TYPES, documentFormatOf } from '../http/document-formats';
import { subjectAccessDocument } from '../subject-access-document';
import { API_RUNTIME, type ApiRuntime } from '../runtime';

/** Erasure (crypto-shredding) and subject access. */
@ApiTags('personal data')
@ApiBearerAuth()
@Controller('participants')
export class PersonalDataController {
  constructor(
    @Inject(API_RUNTIME) private readonly runtime: ApiRuntime,
    private readonly writer: Writer,
    private readonly reader: Reader,
  ) {}

  @ApiOperation({ summary: "Erase a participant's personal data for good" })
  @Post(':id/erase')
  @Roles('admin')
  @ApiWrite()
  @ApiOkResponse({ type: WriteResultDto, description: 'records ParticipantErased, destroys their key, and rebuilds the read models without their data' })
  async erase(@Param('id') id: string, @Body() body: EraseParticipantDto, @Req() req: AuthedRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    const result = await this.writer.write(req, reply, { type: 'EraseParticipant', data: { participantId: id, reason: body.reason } });
    await completeErasure(this.runtime, id, { userId: req.caller.userId, role: req.caller.role });
    return result;
  }

  @ApiOperation({ summary: 'Subject access: everything held about a participant' })
  @Get(':id/export')
  @Roles('admin')
  @ApiQuery({
    name: 'format',
    required: false,
    enum: ['json', 'md', 'html'],
    description: 'json (the default): the data; md or html: the same in words, for the person',
  })
  @Answers('SubjectAccess', {
    description:
      "subject access: everything held about the person, decrypted, as recorded up to position: their own events and current record; for each of their pairs the events naming them, what is recorded of them there as it stands now (meetings attended, actions owned, reflections), the case study and the approvals they gave; each sign-in they have (the user's events); and the audit rows of what they recorded under it",
    otherForms: {
      'text/html': 'with ?format=html: the same in words, addressed to the person, as a printable page to send them',
      'text/markdown': 'with ?format=md: the same in words, in Markdown',
    },
  })
  async export(@Param('id') id: string, @Query('format') format: string | undefined, @Res({ passthrough: true }) reply: FastifyReply) {
    const asked = documentFormatOf(format);
    const record = await this.reader.read('subjectAccess', { id });
    if (asked === 'json') return record;
    void reply.type(DOCUMENT_TYPES[asked]);
    return renderDocument(subjectAccessDocument(record), asked);
  }
}
