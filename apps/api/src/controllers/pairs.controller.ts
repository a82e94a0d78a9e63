import { Body, Controller, HttpCode, Param, Post, Put, Query, Req, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ACTION_COLUMNS, MEETING_COLUMNS, MILESTONE_COLUMNS, OUTCOME_COLUMNS, PAIR_COLUMNS, REFLECTION_COLUMNS } from '@pairtrail/application';
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
  UndoImportDto,
} from '../dto/pair.dto';
import {
  ActionImportResultDto,
  ImportUndoResultDto,
  MeetingImportResultDto,
  OutcomeImportResultDto,
  PairImportResultDto,
  ReflectionImportResultDto,
  MilestoneImportResultDto,
  WriteResultDto,
} from '../dto/write-result.dto';
import {
  ImportActionsCommand,
  ImportMeetingsCommand,
  ImportOutcomesCommand,
  ImportPairsCommand,
  ImportReflectionsCommand,
  ImportMilestonesCommand,
  UndoImportCommand,
} from '../commands/imports.command';
import { ApiCsvImport, importRequest, importer } from '../http/imports';
import { ApiWrite } from '../http/openapi';
import { Writer } from '../http/writer';

/** The caller as the domain needs to know them for rules that depend on who acts. */
const acting = (req: AuthedRequest) => ({ role: req.caller.role, ...(req.caller.participantId ? { participantId: req.caller.participantId } : {}) });

@ApiTags('pairs')
@ApiBearerAuth()
@Controller('pairs')
export class PairsController {
  constructor(
    private readonly writer: Writer,
    private readonly commandBus: CommandBus,
  ) {}

  @Post('imports')
  @Roles('coordinator')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Form pairs of registered participants from a CSV file',
    description:
      `A header row, then a pair a line. Columns: ${PAIR_COLUMNS.join(', ')} (headings in any case or spacing). The cohort is named by its name ` +
      'or id; each partner by their name or email, among the participants registered with that perspective who have consented to take part. A ' +
      "pair's initiative may come with it (title, aim, context and successMeasures separated by semicolons: all of them or none), defined on the " +
      'day the pair was formed, and for a pair formed before that has none yet. Every ' +
      'pair is checked as forming it one by one checks it; a file with any problem forms nothing, and the 400 lists each problem, its field naming the ' +
      'line and column. A pair formed before (the same partners, in the same cohort) is not formed again, so sending a file again, after a failure ' +
      'or a timeout, forms no pair twice: an Idempotency-Key is not needed, and the answer says what this request formed.',
  })
  @ApiCsvImport(
    'cohort,livedExperiencePartner,professionalPartner,formedOn,focus,serviceArea\nWave 2,Ann Smith,dr.patel@example.org,2026-09-14,Discharge letters people can read,cardiac',
    'form',
  )
  @ApiOkResponse({ type: PairImportResultDto })
  import(@Body() csv: unknown, @Query('dryRun') dryRun: string | undefined, @Req() req: AuthedRequest): Promise<PairImportResultDto> {
    return this.commandBus.execute(new ImportPairsCommand(...importRequest(csv, dryRun, req)));
  }

  @Post('imports/undo')
  @Roles('coordinator')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Undo an import of meetings, actions, outcomes, reflections or milestones',
    description:
      'Retracts, with the reason given, every entry the import recorded that is not retracted already: none of it counts from then on, while the ' +
      'record keeps both, as any retraction does. importId is the id the import answered with. Undoing it again retracts nothing more. An import ' +
      'that registered people or formed pairs cannot be undone (409): a pair formed is concluded, and a person corrected, on their pages.',
  })
  @ApiOkResponse({ type: ImportUndoResultDto })
  undoImport(@Body() body: UndoImportDto, @Req() req: AuthedRequest): Promise<ImportUndoResultDto> {
    return this.commandBus.execute(new UndoImportCommand(body.importId, body.reason, importer(req)));
  }

  @Post('meetings/imports')
  @Roles('coordinator')
  @HttpCode(200)
  @ApiOperation({
    summary: "Record pairs' meetings from a CSV file",
    description:
      `A header row, then a meeting a line. Columns: ${MEETING_COLUMNS.join(', ')} (headings in any case or spacing). The pair is named by its id, ` +
      'or (with pair empty) by its two partners, each by their name or email; attendees, topics and approaches are lists separated by semicolons, ' +
      'and without attendees a meeting is taken as attended by both partners. Every meeting is decided against its pair as recording it one by one ' +
      'decides it; a file with any problem records nothing, and the 400 lists each problem, its field naming the line and column. A meeting recorded ' +
      'before (the same pair, on the same date) is not recorded again, so sending a file again, after a failure or a timeout, records no meeting twice: ' +
      'an Idempotency-Key is not needed, and the answer says what this request recorded.',
  })
  @ApiCsvImport(
    'pair,livedExperiencePartner,professionalPartner,heldOn,durationMinutes,format,attendees,topics,notes,approaches\n' +
      ',Ann Smith,dr.patel@example.org,2026-09-21,60,in-person,,Referral letters;Clinic times,Agreed to draft a letter together,finding-partner',
  )
  @ApiOkResponse({ type: MeetingImportResultDto })
  importMeetings(@Body() csv: unknown, @Query('dryRun') dryRun: string | undefined, @Req() req: AuthedRequest): Promise<MeetingImportResultDto> {
    return this.commandBus.execute(new ImportMeetingsCommand(...importRequest(csv, dryRun, req)));
  }

  @Post('actions/imports')
  @Roles('coordinator')
  @HttpCode(200)
  @ApiOperation({
    summary: "Record pairs' actions, with their completions and drops, from a CSV file",
    description:
      `A header row, then an action a line. Columns: ${ACTION_COLUMNS.join(', ')} (headings in any case or spacing). The pair is named by its id, ` +
      'or (with pair empty) by its two partners, each by their name or email; the owner likewise. meetingOn is the date of the meeting of the pair ' +
      'at which the action was agreed (and agreedOn, when that is empty). completedOn (and completionNote), or droppedOn and dropReason, close it. Every ' +
      'action is decided against its pair as recording it one by one decides it; a file with any problem records nothing, and the 400 lists each ' +
      'problem, its field naming the line and column. An action recorded before (the same pair, description and date agreed) is not recorded again, ' +
      'but a completion or drop the file gives it since is: sending a file again, after a failure or a timeout, records nothing twice, and a later copy ' +
      'of an action log records what is new. An Idempotency-Key is not needed, and the answer says what this request recorded.',
  })
  @ApiCsvImport(
    'pair,livedExperiencePartner,professionalPartner,description,owner,agreedOn,dueOn,meetingOn,completedOn,completionNote,droppedOn,dropReason\n' +
      ',Ann Smith,dr.patel@example.org,Ask the ward for its leaflets,Ann Smith,,2026-10-05,2026-09-21,2026-10-01,Six of them,,',
  )
  @ApiOkResponse({ type: ActionImportResultDto })
  importActions(@Body() csv: unknown, @Query('dryRun') dryRun: string | undefined, @Req() req: AuthedRequest): Promise<ActionImportResultDto> {
    return this.commandBus.execute(new ImportActionsCommand(...importRequest(csv, dryRun, req)));
  }

  @Post('outcomes/imports')
  @Roles('coordinator')
  @HttpCode(200)
  @ApiOperation({
    summary: "Record pairs' outcomes (a register of benefits, say) from a CSV file",
    description:
      `A header row, then an outcome a line. Columns: ${OUTCOME_COLUMNS.join(', ')} (headings in any case or spacing). The pair is named by its id, ` +
      'or (with pair empty) by its two partners, each by their name or email. category and spread are written in any case or spacing ("Service ' +
      'change" is service-change); a measure is given in all four of its columns or none. Every outcome is decided against its pair as recording it ' +
      'one by one decides it; a file with any problem records nothing, and the 400 lists each problem, its field naming the line and column. An ' +
      'outcome recorded before (of the same pair, with the same description, on the same date) is not recorded again: sending a file again records ' +
      'nothing twice, and an Idempotency-Key is not needed.',
  })
  @ApiCsvImport(
    'pair,livedExperiencePartner,professionalPartner,category,description,evidence,measureName,measureUnit,measureBaseline,measureValue,recordedOn,spread\n' +
      ',Ann Smith,dr.patel@example.org,patient-experience,Fewer missed appointments,Clinic figures,Missed appointments,per month,120,90,2026-09-30,organisation',
  )
  @ApiOkResponse({ type: OutcomeImportResultDto })
  importOutcomes(@Body() csv: unknown, @Query('dryRun') dryRun: string | undefined, @Req() req: AuthedRequest): Promise<OutcomeImportResultDto> {
    return this.commandBus.execute(new ImportOutcomesCommand(...importRequest(csv, dryRun, req)));
  }

  @Post('reflections/imports')
  @Roles('coordinator')
  @HttpCode(200)
  @ApiOperation({
    summary: "Record partners' reflections (a survey's answers, say) from a CSV file",
    description:
      `A header row, then a reflection a line. Columns: ${REFLECTION_COLUMNS.join(', ')} (headings in any case or spacing). The pair is named by ` +
      'its id, or (with pair empty) by its two partners, each by their name or email; the author, one of them, likewise. relationshipScore is a whole ' +
      'number from 1 ("them and us") to 5 ("equal partners"), the first thing in its cell ("4 - mostly equal" is 4); quotable is yes or no (not said: ' +
      'no). Every reflection is decided against its pair as recording it one by one decides it; a file with any problem records nothing, and the 400 ' +
      'lists each problem, its field naming the line and column. A reflection recorded before (by the same partner of the same pair, on the same ' +
      'date) is not recorded again: sending a file again records nothing twice, and an Idempotency-Key is not needed.',
  })
  @ApiCsvImport(
    'pair,livedExperiencePartner,professionalPartner,author,recordedOn,relationshipScore,text,quotable\n' +
      ',Ann Smith,dr.patel@example.org,Ann Smith,2026-09-30,4,We plan the clinic together now,yes',
  )
  @ApiOkResponse({ type: ReflectionImportResultDto })
  importReflections(@Body() csv: unknown, @Query('dryRun') dryRun: string | undefined, @Req() req: AuthedRequest): Promise<ReflectionImportResultDto> {
    return this.commandBus.execute(new ImportReflectionsCommand(...importRequest(csv, dryRun, req)));
  }

  @Post('milestones/imports')
  @Roles('coordinator')
  @HttpCode(200)
  @ApiOperation({
    summary: "Record pairs' milestones (a project plan's or progress log's, say) from a CSV file",
    description:
      `A header row, then a milestone a line. Columns: ${MILESTONE_COLUMNS.join(', ')} (headings in any case or spacing). The pair is named by its ` +
      'id, or (with pair empty) by its two partners, each by their name or email; description says what the pair reached, and reachedOn the day. ' +
      'Every milestone is decided against its pair as marking it one by one decides it; a file with any problem records nothing, and the 400 lists ' +
      'each problem, its field naming the line and column. A milestone recorded before (of the same pair, with the same description, on the same ' +
      'date) is not recorded again: sending a file again records nothing twice, and an Idempotency-Key is not needed.',
  })
  @ApiCsvImport(
    'pair,livedExperiencePartner,professionalPartner,description,reachedOn\n,Ann Smith,dr.patel@example.org,New leaflet agreed with the ward,2026-09-30',
  )
  @ApiOkResponse({ type: MilestoneImportResultDto })
  importMilestones(@Body() csv: unknown, @Query('dryRun') dryRun: string | undefined, @Req() req: AuthedRequest): Promise<MilestoneImportResultDto> {
    return this.commandBus.execute(new ImportMilestonesCommand(...importRequest(csv, dryRun, req)));
  }

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
