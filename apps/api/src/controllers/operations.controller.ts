import { Controller, Get, Header, Inject, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiQuery, ApiResponse, ApiTags, ApiOperation } from '@nestjs/swagger';
import { PAIRTRAIL_VERSION } from '@pairtrail/application';
import { ValidationError } from '@pairtrail/domain';
import type { FastifyReply } from 'fastify';
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
  @ApiQuery({
    name: 'strict',
    required: false,
    enum: ['true', 'false'],
    description:
      'true: a degraded instance answers 503, with the same body, for a healthcheck or balancer that should take it out (one that only reads the status code); without it, 200 either way, the status in the body',
  })
  @ApiResponse({
    status: 503,
    description: 'with strict=true, a degraded instance: the same body as 200 gives, saying what is degraded',
    content: {
      'application/json': {
        schema: { $ref: '#/components/schemas/Health' },
        example: { status: 'degraded', eventStore: 'ok', readModels: 'failed', version: PAIRTRAIL_VERSION },
      },
    },
  })
  async health(@Query('strict') strict: string | undefined, @Res({ passthrough: true }) reply: FastifyReply) {
    if (strict !== undefined && strict !== 'true' && strict !== 'false') throw new ValidationError([{ field: 'strict', message: 'must be true or false' }]);
    const health = await this.reader.read('health', {});
    if (strict === 'true' && health.status !== 'ok') void reply.status(503);
    return health;
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
