import { Controller, Get, Header, Inject } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Public, Roles } from '../identity/access';
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

  @Get('metrics')
  @Roles('admin')
  @ApiBearerAuth()
  @Header('content-type', 'text/plain; version=0.0.4; charset=utf-8')
  metrics() {
    return this.runtime.metrics.registry.metrics();
  }
}
