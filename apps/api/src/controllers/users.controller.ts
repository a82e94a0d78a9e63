import { Body, Controller, Get, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import { paginate } from '@pairtrail/projections';
import { ApiBearerAuth, ApiOkResponse, ApiTags, ApiCreatedResponse } from '@nestjs/swagger';
import { requireUuid } from '@pairtrail/application';
import { ForbiddenError, NotFoundError } from '@pairtrail/domain';
import type { FastifyReply } from 'fastify';
import { Roles } from '../identity/access';
import type { AuthedRequest } from '../identity/auth.guard';
import { CreateUserDto } from '../dto/identity.dto';
import { CreatedUserDto, IssuedTokenDto, WriteResultDto } from '../dto/write-result.dto';
import { PageQuery } from '../http/queries';
import { Writer } from '../http/writer';
import { API_RUNTIME, type ApiRuntime } from '../runtime';

@ApiTags('users')
@ApiBearerAuth()
@Controller('users')
export class UsersController {
  constructor(
    private readonly writer: Writer,
    @Inject(API_RUNTIME) private readonly runtime: ApiRuntime,
  ) {}

  @Post()
  @Roles('admin', 'coordinator')
  @ApiCreatedResponse({ type: CreatedUserDto, description: 'the token is shown once' })
  async create(@Body() body: CreateUserDto, @Req() req: AuthedRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    if (req.caller.role === 'coordinator' && body.role !== 'pair-member') throw new ForbiddenError('A coordinator may only create pair-member users.');
    const result = await this.writer.write(req, reply, { type: 'CreateUser', data: { ...body } }, (r) => ({ token: r.token ?? null, tokenId: r.tokenId }));
    await this.runtime.identity.waitFor(BigInt(result.position));
    return result;
  }

  @Get()
  @Roles('admin')
  @PageQuery()
  list(@Query() query: Record<string, string>) {
    const users = this.runtime.identity
      .list()
      .map(({ userId, name, role, participantId, tokenIds }) => ({ id: userId, name, role, participantId: participantId ?? null, tokenIds }))
      .sort((a, b) => (a.id < b.id ? -1 : 1));
    return paginate(users, (u) => u.id, query);
  }

  @Post(':id/tokens')
  @Roles('admin')
  @ApiOkResponse({ type: IssuedTokenDto })
  async issueToken(@Param('id') id: string, @Req() req: AuthedRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    const result = await this.writer.write(req, reply, { type: 'IssueToken', data: { userId: id } }, (r) => ({ tokenId: r.tokenId, token: r.token ?? null }));
    await this.runtime.identity.waitFor(BigInt(result.position));
    return result;
  }

  @Post(':id/tokens/:tokenId/revoke')
  @Roles('admin')
  @ApiOkResponse({ type: WriteResultDto })
  async revoke(@Param('id') id: string, @Param('tokenId') tokenId: string, @Req() req: AuthedRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    requireUuid('user', id);
    if (!this.runtime.identity.user(id)?.tokenIds.includes(tokenId) && !/^[0-9a-f-]{36}$/i.test(tokenId)) throw new NotFoundError(`No token ${tokenId}.`);
    const result = await this.writer.write(req, reply, { type: 'RevokeToken', data: { userId: id, tokenId } });
    await this.runtime.identity.waitFor(BigInt(result.position));
    return { ...result, id: tokenId };
  }
}
