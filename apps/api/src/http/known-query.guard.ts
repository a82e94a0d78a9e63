import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { DECORATORS } from '@nestjs/swagger';
import { ValidationError } from '@pairtrail/domain';
import type { FastifyRequest } from 'fastify';

/**
 * Refuses a query parameter the route does not take, as the validation pipe refuses an unknown field of
 * a body. Ignored, a misspelt `asof=2025-03-31` would give today's figures as if they were that day's.
 * A route's parameters are those its OpenAPI description lists (`@ApiQuery`): what the documentation
 * says is what the route takes, and a parameter left undocumented is refused until it is documented.
 */
@Injectable()
export class KnownQueryGuard implements CanActivate {
  private readonly known = new WeakMap<object, ReadonlySet<string>>();

  canActivate(context: ExecutionContext): boolean {
    const query = context.switchToHttp().getRequest<FastifyRequest>().query as Record<string, unknown> | undefined;
    if (!query) return true;
    const names = Object.keys(query);
    if (names.length === 0) return true;
    const known = this.knownFor(context);
    const unknown = names.filter((name) => !known.has(name));
    if (unknown.length === 0) return true;
    throw new ValidationError(unknown.map((name) => ({ field: name, message: unknownMessage(name, known) })));
  }

  private knownFor(context: ExecutionContext): ReadonlySet<string> {
    const handler = context.getHandler();
    let known = this.known.get(handler);
    if (!known) this.known.set(handler, (known = queryParameters(handler)));
    return known;
  }
}

/** The query parameters a route handler documents with `@ApiQuery`. */
function queryParameters(handler: object): ReadonlySet<string> {
  const documented = (Reflect.getMetadata(DECORATORS.API_PARAMETERS, handler) ?? []) as { in?: string; name?: string }[];
  return new Set(documented.filter((p) => p.in === 'query' && typeof p.name === 'string').map((p) => p.name!));
}

function unknownMessage(name: string, known: ReadonlySet<string>): string {
  const meant = [...known].find((k) => k.toLowerCase() === name.toLowerCase());
  if (meant) return `is not a parameter of this request; did you mean ${meant}?`;
  return known.size > 0
    ? `is not a parameter of this request, which takes ${[...known].sort().join(', ')}`
    : 'is not a parameter of this request, which takes none';
}
