import { Body, Controller, Get, Inject, Param, Post, Put, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags, ApiCreatedResponse, ApiOperation } from '@nestjs/swagger';
import { requireUuid } from '@pairtrail/application';
import { ForbiddenError, NotFoundError, RuleViolatedError } from '@pairtrail/domain';
import type { FastifyReply } from 'fastify';
import { Roles } from '../identity/access';
import type { AuthedRequest } from '../identity/auth.guard';
import { ChangeRoleDto, CreateUserDto } from '../dto/identity.dto';
import { CreatedUserDto, IssuedTokenDto, WriteResultDto } from '../dto/write-result.dto';
import { PageQuery } from '../http/queries';
import { takesNoBody } from '../http/validation.pipe';
import { Answers, ApiWrite } from '../http/openapi';
import { Writer } from '../http/writer';
import { Reader } from '../queries/read.query';
import { API_RUNTIME, type ApiRuntime } from '../runtime';

@ApiTags('users')
@ApiBearerAuth()
@Controller('users')
export class UsersController {
  constructor(
    private readonly writer: Writer,
    private readonly reader: Reader,
    @Inject(API_RUNTIME) private readonly runtime: ApiRuntime,
  ) {}

  @ApiOperation({ summary: 'Add a user, with their first token (shown once)' })
  @Post()
  @Roles('admin', 'coordinator')
  @ApiWrite()
  @ApiCreatedResponse({ type: CreatedUserDto, description: 'the token is shown once' })
  async create(@Body() body: CreateUserDto, @Req() req: AuthedRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    if (req.caller.role === 'coordinator' && body.role !== 'pair-member') throw new ForbiddenError('A coordinator may only create pair-member users.');
    const result = await this.writer.write(req, reply, { type: 'CreateUser', data: { ...body } }, (r) => ({ token: r.token ?? null, tokenId: r.tokenId }));
    await this.runtime.identity.waitFor(BigInt(result.position));
    return result;
  }

  @ApiOperation({ summary: 'List users with their roles and live tokens: tokenIds, and tokens with when each was issued (issuedAt)' })
  @Get()
  @Roles('admin')
  @Answers('UserPage')
  @PageQuery()
  list(@Query() query: Record<string, string>) {
    return this.reader.read('users', { query });
  }

  @ApiOperation({ summary: "Change a user's role" })
  @Put(':id/role')
  @Roles('admin')
  @ApiWrite()
  @ApiOkResponse({ type: WriteResultDto, description: "the user's role (and, for a pair-member, the participant they are) from now on" })
  async changeRole(@Param('id') id: string, @Body() body: ChangeRoleDto, @Req() req: AuthedRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    requireUuid('user', id);
    if (this.runtime.identity.user(id)?.role === 'admin' && body.role !== 'admin') this.keepAnAdmin(id);
    const result = await this.writer.write(req, reply, { type: 'ChangeUserRole', data: { userId: id, ...body } });
    await this.runtime.identity.waitFor(BigInt(result.position));
    return result;
  }

  /**
   * Refuses a change that would leave no administrator able to sign in (`userId` about to lose the role,
   * or their last token): then no one could manage users or tokens until a restart with
   * PAIRTRAIL_ADMIN_TOKEN.
   */
  private keepAnAdmin(userId: string): void {
    const others = this.runtime.identity.list().filter((u) => u.role === 'admin' && u.userId !== userId && u.tokens.length > 0);
    if (others.length > 0) return;
    const name = this.runtime.identity.user(userId)?.name ?? userId;
    throw new RuleViolatedError(
      'last-admin',
      `${name} is the only administrator who can sign in. Make someone else an administrator (or give one a token) first, so that someone can still manage users.`,
    );
  }

  @ApiOperation({ summary: 'Issue a user another token (shown once)' })
  @Post(':id/tokens')
  @Roles('admin')
  @ApiWrite()
  @ApiOkResponse({ type: IssuedTokenDto })
  async issueToken(@Param('id') id: string, @Req() req: AuthedRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    takesNoBody(req.body);
    const result = await this.writer.write(req, reply, { type: 'IssueToken', data: { userId: id } }, (r) => ({ tokenId: r.tokenId, token: r.token ?? null }));
    await this.runtime.identity.waitFor(BigInt(result.position));
    return result;
  }

  @ApiOperation({ summary: "Revoke one of a user's tokens" })
  @Post(':id/tokens/:tokenId/revoke')
  @Roles('admin')
  @ApiWrite()
  @ApiOkResponse({ type: WriteResultDto })
  async revoke(@Param('id') id: string, @Param('tokenId') tokenId: string, @Req() req: AuthedRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    takesNoBody(req.body);
    requireUuid('user', id);
    const user = this.runtime.identity.user(id);
    if (!user?.tokens.some((t) => t.tokenId === tokenId) && !/^[0-9a-f-]{36}$/i.test(tokenId)) throw new NotFoundError(`No token ${tokenId}.`);
    if (user?.role === 'admin' && user.tokens.length === 1 && user.tokens[0]!.tokenId === tokenId) this.keepAnAdmin(id);
    const result = await this.writer.write(req, reply, { type: 'RevokeToken', data: { userId: id, tokenId } });
    await this.runtime.identity.waitFor(BigInt(result.position));
    return { ...result, id: tokenId };
  }
}
