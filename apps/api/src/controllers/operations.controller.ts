import { Controller, Get, Header, Inject, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags, ApiOperation } from '@nestjs/swagger';
import { Answers } from '../http/openapi';
import { Public, Roles } from '../identity/access';
import type { AuthedRequest } from '../identity/auth.guard';
import { Reader } from '../queries/read.query';
import { API_RUNTIME, type ApiRuntime } from '../runtime';

@ApiTags('operations')
@Controller()
export class OperationsController {
  constructor(
    @Inject(API_RUNTIME) private readonly runtime: ApiRuntime,
    private readonly reader: Reader,
  ) {}

  @ApiOperation({ summary: 'Health of the event store and read models (no token needed)' })
  @Get('health')
  @Public()
  @Answers('Health', {
    description:
      'status is degraded when the event store cannot be read, a read model has failed (GET /projections says which, and why), or nothing runs the projections (PAIRTRAIL_PROJECTIONS=off with apps/projector down); readModels is ok, rebuilding, failed or stopped, and is served from its own tables while the event store cannot be read',
  })
  health() {
    return this.reader.read('health', {});
  }

  @ApiOperation({ summary: 'Who the token is: user, role and participant' })
  @Get('me')
  @Roles('admin', 'coordinator', 'evaluator', 'pair-member')
  @ApiBearerAuth()
  @Answers('Me', { description: 'who the token belongs to, so a client can offer what the role may do' })
  me(@Req() request: AuthedRequest) {
    return this.reader.read('me', { caller: request.caller });
  }

  @ApiOperation({ summary: 'Prometheus metrics' })
  @Get('metrics')
  @Roles('admin')
  @ApiBearerAuth()
  @Header('content-type', 'text/plain; version=0.0.4; charset=utf-8')
  @ApiOkResponse({ description: "Prometheus's text format", content: { 'text/plain': { schema: { type: 'string' } } } })
  metrics() {
    return this.runtime.metrics.registry.metrics();
  }
}
