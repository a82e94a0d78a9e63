import { Body, Controller, Param, Post, Put, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags, ApiOperation } from '@nestjs/swagger';
import { ForbiddenError } from '@pairtrail/domain';
import type { FastifyReply } from 'fastify';
import { MemberScope, Roles } from '../identity/access';
import type { AuthedRequest } from '../identity/auth.guard';
import {
  ActionDto,
  CompleteActionDto,
  ConcludeDto,
  CorrectionDto,
  DropActionDto,
  FormPairDto,
  InitiativeDto,
  MeetingDto,
  MilestoneDto,
  OutcomeDto,
  PauseDto,
  ReflectionDto,
  ResumeDto,
  RetractionDto,
} from '../dto/pair.dto';
import { WriteResultDto } from '../dto/write-result.dto';
import { ApiWrite } from '../http/openapi';
import { Writer } from '../http/writer';

/** The caller as the domain needs to know them for rules that depend on who acts. */
const acting = (req: AuthedRequest) => ({ role: req.caller.role, ...(req.caller.participantId ? { participantId: req.caller.participantId } : {}) });

@ApiTags('pairs')
@ApiBearerAuth()
@Controller('pairs')
export class PairsController {
  constructor(private readonly writer: Writer) {}

  @ApiOperation({ summary: 'Form a pair' })
  @Post()
  @Roles('coordinator')
  @ApiWrite()
  @ApiCreatedResponse({ type: WriteResultDto })
  form(@Body() body: FormPairDto, @Req() req: AuthedRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.writer.write(req, reply, { type: 'FormPair', data: { ...body } });
  }

  @ApiOperation({ summary: "Define the pair's initiative, or revise it with a reason" })
  @Put(':id/initiative')
  @Roles('coordinator', 'pair-member')
  @MemberScope('pair')
  @ApiWrite()
  @ApiOkResponse({ type: WriteResultDto })
  initiative(@Param('id') id: string, @Body() body: InitiativeDto, @Req() req: AuthedRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.writer.write(req, reply, { type: 'DefineInitiative', data: { pairId: id, ...body } });
  }

  @ApiOperation({ summary: 'Record a meeting' })
  @Post(':id/meetings')
  @Roles('coordinator', 'pair-member')
  @MemberScope('pair')
  @ApiWrite()
  @ApiOkResponse({ type: WriteResultDto, description: 'id is the new meetingId' })
  meeting(@Param('id') id: string, @Body() body: MeetingDto, @Req() req: AuthedRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.writer.write(req, reply, { type: 'RecordMeeting', data: { pairId: id, ...body } });
  }

  @ApiOperation({ summary: 'Record an action agreed' })
  @Post(':id/actions')
  @Roles('coordinator', 'pair-member')
  @MemberScope('pair')
  @ApiWrite()
  @ApiOkResponse({ type: WriteResultDto, description: 'id is the new actionId' })
  action(@Param('id') id: string, @Body() body: ActionDto, @Req() req: AuthedRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.writer.write(req, reply, { type: 'AgreeAction', data: { pairId: id, ...body } });
  }

  @ApiOperation({ summary: 'Record an action completed' })
  @Post(':id/actions/:actionId/complete')
  @Roles('coordinator', 'pair-member')
  @MemberScope('pair')
  @ApiWrite()
  @ApiOkResponse({ type: WriteResultDto })
  complete(
    @Param('id') id: string,
    @Param('actionId') actionId: string,
    @Body() body: CompleteActionDto,
    @Req() req: AuthedRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return this.writer.write(req, reply, { type: 'CompleteAction', data: { pairId: id, actionId, ...body } });
  }

  @ApiOperation({ summary: 'Record an action dropped, with a reason' })
  @Post(':id/actions/:actionId/drop')
  @Roles('coordinator', 'pair-member')
  @MemberScope('pair')
  @ApiWrite()
  @ApiOkResponse({ type: WriteResultDto })
  drop(
    @Param('id') id: string,
    @Param('actionId') actionId: string,
    @Body() body: DropActionDto,
    @Req() req: AuthedRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return this.writer.write(req, reply, { type: 'DropAction', data: { pairId: id, actionId, ...body } });
  }

  @ApiOperation({ summary: 'Record a milestone reached' })
  @Post(':id/milestones')
  @Roles('coordinator', 'pair-member')
  @MemberScope('pair')
  @ApiWrite()
  @ApiOkResponse({ type: WriteResultDto, description: 'id is the new milestoneId' })
  milestone(@Param('id') id: string, @Body() body: MilestoneDto, @Req() req: AuthedRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.writer.write(req, reply, { type: 'ReachMilestone', data: { pairId: id, ...body } });
  }

  @ApiOperation({ summary: 'Record an outcome' })
  @Post(':id/outcomes')
  @Roles('coordinator', 'pair-member')
  @MemberScope('pair')
  @ApiWrite()
  @ApiOkResponse({ type: WriteResultDto, description: 'id is the new outcomeId' })
  outcome(@Param('id') id: string, @Body() body: OutcomeDto, @Req() req: AuthedRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    const measure = body.measure ? { name: body.measure.name, unit: body.measure.unit, baseline: body.measure.baseline, value: body.measure.value } : undefined;
    return this.writer.write(req, reply, { type: 'RecordOutcome', data: { pairId: id, ...body, ...(measure ? { measure } : {}) } });
  }

  @ApiOperation({ summary: "Record a partner's reflection and relationship score" })
  @Post(':id/reflections')
  @Roles('coordinator', 'pair-member')
  @MemberScope('pair')
  @ApiWrite()
  @ApiOkResponse({ type: WriteResultDto, description: 'id is the new reflectionId' })
  reflection(@Param('id') id: string, @Body() body: ReflectionDto, @Req() req: AuthedRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    if (req.caller.role === 'pair-member' && body.participantId !== req.caller.participantId) {
      throw new ForbiddenError('A pair member may only record their own reflections.');
    }
    return this.writer.write(req, reply, { type: 'RecordReflection', data: { pairId: id, ...body } });
  }

  @ApiOperation({
    summary: 'Correct an entry of the pair, with a reason',
    description:
      "The entry stays; the correction is added beside it. A pair member may put right what they may record: not the other partner's reflection, nor how the pair was formed, paused, resumed or concluded (only a coordinator records those; 403).",
  })
  @Post(':id/corrections')
  @Roles('coordinator', 'pair-member')
  @MemberScope('pair')
  @ApiWrite()
  @ApiOkResponse({ type: WriteResultDto, description: 'id is the eventId of the correction' })
  correct(@Param('id') id: string, @Body() body: CorrectionDto, @Req() req: AuthedRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.writer.write(req, reply, { type: 'CorrectEntry', data: { pairId: id, ...body }, by: acting(req) });
  }

  @ApiOperation({
    summary: 'Retract an entry of the pair, with a reason',
    description:
      "The entry stays, counting nowhere; retracting a correction undoes it, and retracting a retraction restores its entry. A pair member may put right what they may record: not the other partner's reflection, nor how the pair was formed, paused, resumed or concluded (only a coordinator records those; 403).",
  })
  @Post(':id/retractions')
  @Roles('coordinator', 'pair-member')
  @MemberScope('pair')
  @ApiWrite()
  @ApiOkResponse({ type: WriteResultDto, description: 'id is the eventId of the retraction' })
  retract(@Param('id') id: string, @Body() body: RetractionDto, @Req() req: AuthedRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.writer.write(req, reply, { type: 'RetractEntry', data: { pairId: id, ...body }, by: acting(req) });
  }

  @ApiOperation({ summary: 'Pause the pair, with a reason' })
  @Post(':id/pause')
  @Roles('coordinator')
  @ApiWrite()
  @ApiOkResponse({ type: WriteResultDto })
  pause(@Param('id') id: string, @Body() body: PauseDto, @Req() req: AuthedRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.writer.write(req, reply, { type: 'PausePair', data: { pairId: id, ...body } });
  }

  @ApiOperation({ summary: 'Resume a paused pair' })
  @Post(':id/resume')
  @Roles('coordinator')
  @ApiWrite()
  @ApiOkResponse({ type: WriteResultDto })
  resume(@Param('id') id: string, @Body() body: ResumeDto, @Req() req: AuthedRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.writer.write(req, reply, { type: 'ResumePair', data: { pairId: id, ...body } });
  }

  @ApiOperation({ summary: 'Conclude the pair, with a summary' })
  @Post(':id/conclude')
  @Roles('coordinator')
  @ApiWrite()
  @ApiOkResponse({ type: WriteResultDto })
  conclude(@Param('id') id: string, @Body() body: ConcludeDto, @Req() req: AuthedRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.writer.write(req, reply, { type: 'ConcludePair', data: { pairId: id, ...body } });
  }
}
