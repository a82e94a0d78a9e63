import { Controller, Get, Header, Inject, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Public, Roles } from '../identity/access';
import type { AuthedRequest } from '../identity/auth.guard';
import { API_RUNTIME, type ApiRuntime } from '../runtime';

@ApiTags('operations')
@Controller()
export class OperationsController {
  constructor(@Inject(API_RUNTIME) private readonly runtime: ApiRuntime) {}

  @Get('health')
  @Public()
  @ApiOkResponse({ description: '{ status, eventStore, readModels }' })
  async health() {
    let eventStore = 'ok';
    try {
      await this.runtime.store.stats();
    } catch {
      eventStore = 'unavailable';
    }
    return { status: eventStore === 'ok' ? 'ok' : 'degraded', eventStore, readModels: 'ok' };
  }

  @Get('me')
  @Roles('admin', 'coordinator', 'evaluator', 'pair-member')
  @ApiBearerAuth()
  @ApiOkResponse({ description: '{ userId, name, role, participantId? }: who the token belongs to, so a client can offer what the role may do' })
  me(@Req() request: AuthedRequest) {
    const { userId, role, participantId } = request.caller;
    const name = this.runtime.identity.list().find((u) => u.userId === userId)?.name ?? '';
    return { userId, name, role, ...(participantId ? { participantId } : {}) };
  }

  @Get('metrics')
  @Roles('admin')
  @ApiBearerAuth()
  @Header('content-type', 'text/plain; version=0.0.4; charset=utf-8')
  metrics() {
    return this.runtime.metrics.registry.metrics();
  }
}
