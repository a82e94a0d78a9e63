import { Body, Controller, Get, Inject, Param, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags, ApiOperation } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Roles } from '../identity/access';
import type { AuthedRequest } from '../identity/auth.guard';
import { EraseParticipantDto } from '../dto/participant.dto';
import { WriteResultDto } from '../dto/write-result.dto';
import { Answers, ApiWrite } from '../http/openapi';
import { Writer } from '../http/writer';
import { Reader } from '../queries/read.query';
import { completeErasure } from '../erasure';
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
  @Answers('SubjectAccess', {
    description:
      "subject access: everything held about the person, decrypted: their own events and current record; for each of their pairs the events naming them, their reflections, the case study and the approvals they gave; each sign-in they have (the user's events); and the audit rows of what they recorded under it",
  })
  export(@Param('id') id: string) {
    return this.reader.read('subjectAccess', { id });
  }
}
