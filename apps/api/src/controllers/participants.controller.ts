import { Body, Controller, Param, Patch, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CONSENT_SCOPES, ValidationError, type ConsentScope } from '@pairtrail/domain';
import type { FastifyReply } from 'fastify';
import { MemberScope, Roles } from '../identity/access';
import type { AuthedRequest } from '../identity/auth.guard';
import { CorrectParticipantDto, GiveConsentDto, RegisterParticipantDto, WithdrawConsentDto } from '../dto/participant.dto';
import { WriteResultDto } from '../dto/write-result.dto';
import { Writer } from '../http/writer';

@ApiTags('participants')
@ApiBearerAuth()
@Controller('participants')
export class ParticipantsController {
  constructor(private readonly writer: Writer) {}

  @Post()
  @Roles('coordinator')
  @ApiCreatedResponse({ type: WriteResultDto })
  register(@Body() body: RegisterParticipantDto, @Req() req: AuthedRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.writer.write(req, reply, { type: 'RegisterParticipant', data: { ...body } });
  }

  @Patch(':id')
  @Roles('coordinator')
  @ApiOkResponse({ type: WriteResultDto })
  correct(@Param('id') id: string, @Body() body: CorrectParticipantDto, @Req() req: AuthedRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.writer.write(req, reply, { type: 'CorrectParticipantDetails', data: { participantId: id, ...body } });
  }

  @Post(':id/consents')
  @Roles('coordinator', 'pair-member')
  @MemberScope('participant')
  @ApiOkResponse({ type: WriteResultDto })
  giveConsent(@Param('id') id: string, @Body() body: GiveConsentDto, @Req() req: AuthedRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.writer.write(req, reply, { type: 'GiveConsent', data: { participantId: id, ...body } });
  }

  @Post(':id/consents/:scope/withdraw')
  @Roles('coordinator', 'pair-member')
  @MemberScope('participant')
  @ApiOkResponse({ type: WriteResultDto })
  withdrawConsent(
    @Param('id') id: string,
    @Param('scope') scope: string,
    @Body() body: WithdrawConsentDto,
    @Req() req: AuthedRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    if (!(CONSENT_SCOPES as readonly string[]).includes(scope))
      throw new ValidationError([{ field: 'scope', message: `must be one of ${CONSENT_SCOPES.join(', ')}` }]);
    return this.writer.write(req, reply, { type: 'WithdrawConsent', data: { participantId: id, scope: scope as ConsentScope, ...body } });
  }
}
