import { Body, Controller, Param, Patch, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags, ApiOperation } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Roles } from '../identity/access';
import type { AuthedRequest } from '../identity/auth.guard';
import { CloseCohortDto, CorrectCohortDto, OpenCohortDto } from '../dto/cohort.dto';
import { WriteResultDto } from '../dto/write-result.dto';
import { ApiWrite } from '../http/openapi';
import { Writer } from '../http/writer';

@ApiTags('cohorts')
@ApiBearerAuth()
@Controller('cohorts')
export class CohortsController {
  constructor(private readonly writer: Writer) {}

  @ApiOperation({ summary: 'Open a cohort' })
  @Post()
  @Roles('coordinator')
  @ApiWrite()
  @ApiCreatedResponse({ type: WriteResultDto })
  open(@Body() body: OpenCohortDto, @Req() req: AuthedRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.writer.write(req, reply, { type: 'OpenCohort', data: { ...body } });
  }

  @ApiOperation({ summary: 'Close a cohort' })
  @Post(':id/close')
  @Roles('coordinator')
  @ApiWrite()
  @ApiOkResponse({ type: WriteResultDto })
  close(@Param('id') id: string, @Body() body: CloseCohortDto, @Req() req: AuthedRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.writer.write(req, reply, { type: 'CloseCohort', data: { cohortId: id, ...body } });
  }

  @ApiOperation({ summary: "Correct a cohort's name or dates, with a reason" })
  @Patch(':id')
  @Roles('coordinator')
  @ApiWrite()
  @ApiOkResponse({ type: WriteResultDto, description: "corrects the cohort's name or dates, with a reason; endsOn: null removes the end date" })
  correct(@Param('id') id: string, @Body() body: CorrectCohortDto, @Req() req: AuthedRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.writer.write(req, reply, { type: 'CorrectCohort', data: { cohortId: id, ...body } });
  }
}
