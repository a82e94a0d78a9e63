import { Body, Controller, HttpCode, Param, Patch, Post, Query, Req, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { PARTICIPANT_COLUMNS } from '@pairtrail/application';
import { CONSENT_SCOPES, ValidationError, type ConsentScope } from '@pairtrail/domain';
import type { FastifyReply } from 'fastify';
import { MemberScope, Roles } from '../identity/access';
import type { AuthedRequest } from '../identity/auth.guard';
import { CorrectParticipantDto, GiveConsentDto, RegisterParticipantDto, WithdrawConsentDto } from '../dto/participant.dto';
import { ImportResultDto, WriteResultDto } from '../dto/write-result.dto';
import { ImportParticipantsCommand } from '../commands/imports.command';
import { ApiCsvImport, importRequest } from '../http/imports';
import { ApiWrite } from '../http/openapi';
import { Writer } from '../http/writer';

@ApiTags('participants')
@ApiBearerAuth()
@Controller('participants')
export class ParticipantsController {
  constructor(
    private readonly writer: Writer,
    private readonly commandBus: CommandBus,
  ) {}

  @ApiOperation({ summary: 'Register a participant' })
  @Post()
  @Roles('coordinator')
  @ApiWrite()
  @ApiCreatedResponse({ type: WriteResultDto })
  register(@Body() body: RegisterParticipantDto, @Req() req: AuthedRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.writer.write(req, reply, { type: 'RegisterParticipant', data: { ...body } });
  }

  @Post('imports')
  @Roles('coordinator')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Register participants, with their consents, from a CSV file',
    description:
      `A header row, then a person a line. Columns: ${PARTICIPANT_COLUMNS.join(', ')} (headings in any case or spacing; consents such as ` +
      '"participation;case-study", with consentEvidence). Every row is checked as the single routes check it; a file with any problem ' +
      'records nothing, and the 400 lists each problem, its field naming the line and column. A person registered before (the same ' +
      'name, perspective and organisation) is not registered again and gets only the consents they lack; one whose other details differ is refused. ' +
      'So sending a file again, after a failure or a timeout, registers no one twice: an Idempotency-Key is not needed, and the answer says what this request recorded.',
  })
  @ApiCsvImport('name,perspective,role,organisation,organisationType\nAnn Smith,lived-experience,carer,Northfield Carers,voluntary-group')
  @ApiOkResponse({ type: ImportResultDto })
  import(@Body() csv: unknown, @Query('dryRun') dryRun: string | undefined, @Req() req: AuthedRequest): Promise<ImportResultDto> {
    return this.commandBus.execute(new ImportParticipantsCommand(...importRequest(csv, dryRun, req)));
  }

  @ApiOperation({ summary: "Correct a participant's details, with a reason" })
  @Patch(':id')
  @Roles('coordinator')
  @ApiWrite()
  @ApiOkResponse({ type: WriteResultDto })
  correct(@Param('id') id: string, @Body() body: CorrectParticipantDto, @Req() req: AuthedRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.writer.write(req, reply, { type: 'CorrectParticipantDetails', data: { participantId: id, ...body } });
  }

  @ApiOperation({ summary: 'Record a consent given' })
  @Post(':id/consents')
  @Roles('coordinator', 'pair-member')
  @MemberScope('participant')
  @ApiWrite()
  @ApiOkResponse({ type: WriteResultDto })
  giveConsent(@Param('id') id: string, @Body() body: GiveConsentDto, @Req() req: AuthedRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.writer.write(req, reply, { type: 'GiveConsent', data: { participantId: id, ...body } });
  }

  @ApiOperation({ summary: 'Record a consent withdrawn' })
  @Post(':id/consents/:scope/withdraw')
  @Roles('coordinator', 'pair-member')
  @MemberScope('participant')
  @ApiWrite()
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
