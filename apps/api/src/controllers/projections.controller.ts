import { Controller, Get, HttpCode, Param, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { Answers } from '../http/openapi';
import { takesNoBody } from '../http/validation.pipe';
import { Roles } from '../identity/access';
import { Reader } from '../queries/read.query';
import { JobStarter } from '../commands/job.command';

/** The read models built from the log: how far each has come, and rebuilding them. */
@ApiTags('operations')
@ApiBearerAuth()
@Controller()
export class ProjectionsController {
  constructor(
    private readonly reader: Reader,
    private readonly jobs: JobStarter,
  ) {}

  @ApiOperation({ summary: "Each read model's state, checkpoint, lag and last error" })
  @Answers('ProjectionList', {
    description:
      'lag is the events in the log past the checkpoint, or null while the event store cannot be read (the read models are served from their own tables meanwhile)',
  })
  @Get('projections')
  @Roles('admin', 'evaluator')
  projections() {
    return this.reader.read('projections', {});
  }

  @ApiOperation({ summary: 'Rebuild a read model (or all) from the log' })
  @Post('projections/:name/rebuild')
  @Roles('admin')
  @HttpCode(202)
  @Answers('Rebuilding', { status: 202, description: 'the projections being rebuilt; GET /projections follows their progress' })
  rebuild(@Param('name') name: string, @Req() req: FastifyRequest) {
    takesNoBody(req.body);
    return this.jobs.start('rebuildProjection', { name });
  }
}
