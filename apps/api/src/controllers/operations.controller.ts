import { Controller, Get, Header, Inject, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags, ApiOperation } from '@nestjs/swagger';
import { Answers } from '../http/openapi';
import { Public, Roles } from '../identity/access';
import type { AuthedRequest } from '../identity/auth.guard';
import { API_RUNTIME, type ApiRuntime } from '../runtime';
import { PAIRTRAIL_VERSION } from '@pairtrail/application';

@ApiTags('operations')
@Controller()
export class OperationsController {
  constructor(@Inject(API_RUNTIME) private readonly runtime: ApiRuntime) {}

  @ApiOperation({ summary: 'Health of the event store and read models (no token needed)' })
  @Get('health')
  @Public()
  @Answers('Health', {
    description:
      'status is degraded when the event store cannot be read, a read model has failed (GET /projections says which, and why), or nothing runs the projections (PAIRTRAIL_PROJECTIONS=off with apps/projector down); readModels is ok, rebuilding, failed or stopped, and is served from its own tables while the event store cannot be read',
  })
  async health() {
    const eventStore = await this.runtime.store.headPosition().then(
      () => 'ok' as const,
      () => 'unavailable' as const,
    );
    // The read models answer from their own tables while the event store is out of reach: they are
    // said as they are, not as unknown.
    const readModels = await this.runtime.projections.status().then(
      (all) =>
        all.some((p) => p.state === 'failed')
          ? ('failed' as const)
          : all.some((p) => p.state === 'stopped')
            ? ('stopped' as const)
            : all.some((p) => p.state === 'rebuilding')
              ? ('rebuilding' as const)
              : ('ok' as const),
      () => 'unavailable' as const,
    );
    const status = eventStore === 'ok' && (readModels === 'ok' || readModels === 'rebuilding') ? ('ok' as const) : ('degraded' as const);
    return { status, eventStore, readModels, version: PAIRTRAIL_VERSION };
  }

  @ApiOperation({ summary: 'Who the token is: user, role and participant' })
  @Get('me')
  @Roles('admin', 'coordinator', 'evaluator', 'pair-member')
  @ApiBearerAuth()
  @Answers('Me', { description: 'who the token belongs to, so a client can offer what the role may do' })
  me(@Req() request: AuthedRequest) {
    const { userId, role, participantId } = request.caller;
    const name = this.runtime.identity.list().find((u) => u.userId === userId)?.name ?? '';
    return { userId, name, role, ...(participantId ? { participantId } : {}) };
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
