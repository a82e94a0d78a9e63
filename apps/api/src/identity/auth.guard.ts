import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { pairDecider, pairView, type Role } from '@pairtrail/domain';
import { loadState } from '@pairtrail/event-store';
import { requireUuid, streams } from '@pairtrail/application';
import { ForbiddenError, NotFoundError, UnauthenticatedError, ValidationError } from '@pairtrail/domain';
import type { FastifyRequest } from 'fastify';
import { HttpProblem } from '../http/errors';
import { RateLimiter } from '../http/rate-limiter';
import { API_RUNTIME, type ApiRuntime } from '../runtime';
import { MEMBER_SCOPE, PUBLIC, ROLES } from './access';
import type { Caller } from './identity.cache';

export type AuthedRequest = FastifyRequest & { caller: Caller };

/**
 * Authenticates every request but the public ones, limits each token's rate, and applies the route's
 * role rules, including a pair member's reach: their own pairs, and themself.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly limiter: RateLimiter;

  constructor(
    private readonly reflector: Reflector,
    @Inject(API_RUNTIME) private readonly runtime: ApiRuntime,
  ) {
    this.limiter = new RateLimiter(runtime.config.rateLimit, runtime.config.rateBurst);
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC, targets)) return true;
    const request = context.switchToHttp().getRequest<AuthedRequest>();
    const header = request.headers.authorization;
    const token = typeof header === 'string' && /^Bearer\s+/i.test(header) ? header.replace(/^Bearer\s+/i, '').trim() : undefined;
    if (!token) throw new UnauthenticatedError('Send a token: Authorization: Bearer <token>.');
    const caller = await this.runtime.identity.authenticateFresh(token);
    if (!caller) throw new UnauthenticatedError('This token is unknown or has been revoked; ask an administrator for a new one.');
    const allowed = this.limiter.take(caller.tokenId);
    if (!allowed.ok) {
      throw new HttpProblem(429, 'rate-limited', `Too many requests from this token; wait ${allowed.retryAfterSeconds} s and try again.`, undefined, {
        'retry-after': String(allowed.retryAfterSeconds),
      });
    }
    request.caller = caller;
    await this.waitForMinPosition(request);

    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES, targets);
    if (roles && !roles.includes(caller.role)) {
      throw new ForbiddenError(forbiddenRole(caller.role, roles));
    }
    if (caller.role === 'pair-member') {
      const scope = this.reflector.getAllAndOverride<'pair' | 'participant' | undefined>(MEMBER_SCOPE, targets);
      const params = request.params as Record<string, string>;
      if (scope === 'participant' && params.id !== caller.participantId) {
        throw new ForbiddenError('A pair member may only do this for themself.');
      }
      if (scope === 'pair') await this.requireOwnPair(params.pairId ?? params.id ?? '', caller);
    }
    return true;
  }

  /**
   * X-Min-Position: a read waits (up to 5 s) until the read models have processed that position. One the
   * log has not reached by then was never given out by a write (a mistyped one, say, or one from
   * another data directory): that is a 400, since trying again would never help.
   */
  private async waitForMinPosition(request: AuthedRequest): Promise<void> {
    const header = request.headers['x-min-position'];
    if (header === undefined || request.method !== 'GET') return;
    if (typeof header !== 'string' || !/^\d{1,18}$/.test(header))
      throw new ValidationError([{ field: 'X-Min-Position', message: 'must be a log position, a whole number' }]);
    const position = BigInt(header);
    if (!(await this.runtime.projections.waitFor(position, 5000))) {
      const lastPosition = await this.runtime.store.headPosition();
      if (lastPosition < position)
        throw new ValidationError([
          {
            field: 'X-Min-Position',
            message: `names no event: the log ends at position ${lastPosition}; send the position a write answered with`,
          },
        ]);
      // Beside PAIRTRAIL_PROJECTIONS=off with the projector down, nothing will bring them there.
      const stopped = (await this.runtime.projections.status()).some((p) => p.state === 'stopped');
      const message = stopped
        ? `The read models have not reached position ${header}, and no process is bringing them up to date: start apps/projector (or a server with PAIRTRAIL_PROJECTIONS on).`
        : `The read models have not reached position ${header} yet; try again shortly.`;
      throw new HttpProblem(503, 'not-caught-up', message, undefined, { 'retry-after': '1' });
    }
  }

  private async requireOwnPair(pairId: string, caller: Caller): Promise<void> {
    requireUuid('pair', pairId);
    const { state } = await loadState(this.runtime.app, pairDecider, streams.pair(pairId));
    if (!state.exists) throw new NotFoundError(`No pair ${pairId}.`);
    const view = pairView(state);
    if (view.livedExperiencePartnerId !== caller.participantId && view.professionalPartnerId !== caller.participantId) {
      throw new ForbiddenError('A pair member may only act on their own pairs.');
    }
  }
}

const A_ROLE: Record<Role, string> = { admin: 'an administrator', coordinator: 'a coordinator', evaluator: 'an evaluator', 'pair-member': 'a pair member' };

/** "Your role, an evaluator, may not do this: it is for a coordinator. …", naming who may and what to do. */
export function forbiddenRole(role: Role, allowed: readonly Role[]): string {
  const who = allowed.map((r) => A_ROLE[r]);
  const list = who.length > 1 ? `${who.slice(0, -1).join(', ')} or ${who[who.length - 1]}` : who[0];
  return `Your role, ${A_ROLE[role]}, may not do this: it is for ${list}. Ask ${who.length > 1 ? 'one of them' : 'them'} to do it, or an administrator to change your role.`;
}
