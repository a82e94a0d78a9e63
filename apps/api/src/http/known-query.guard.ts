import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { DECORATORS } from '@nestjs/swagger';
import { ValidationError, isCalendarDate, type FieldProblem } from '@pairtrail/domain';
import type { FastifyRequest } from 'fastify';

/** The part of a parameter's OpenAPI schema the guard checks. */
interface Schema {
  enum?: readonly unknown[];
  type?: string;
  format?: string;
  minimum?: number;
  maximum?: number;
}

/**
 * Refuses a query parameter the route does not take, as the validation pipe refuses an unknown field of
 * a body. Ignored, a misspelt `asof=2025-03-31` would give today's figures as if they were that day's.
 * A route's parameters are those its OpenAPI description lists (`@ApiQuery`): what the documentation
 * says is what the route takes, and a parameter left undocumented is refused until it is documented.
 *
 * Each value is also checked against the schema documented for it (one of a list of values, a whole
 * number in a range, a date), so every such mistake is named in one 400. Each is given once: the routes
 * read one value, and a repeated one reached them as a list. What needs more (a cursor's key,
 * a position that names an event, `to` after `from`) is checked where the parameter is used.
 */
@Injectable()
export class KnownQueryGuard implements CanActivate {
  private readonly known = new WeakMap<object, ReadonlyMap<string, Schema | undefined>>();

  canActivate(context: ExecutionContext): boolean {
    const query = context.switchToHttp().getRequest<FastifyRequest>().query as Record<string, unknown> | undefined;
    if (!query) return true;
    const names = Object.keys(query);
    if (names.length === 0) return true;
    const known = this.knownFor(context);
    const problems = names.flatMap((name): FieldProblem[] => {
      const message = known.has(name) ? problemWith(query[name], known.get(name)) : unknownMessage(name, known);
      return message ? [{ field: name, message }] : [];
    });
    if (problems.length > 0) throw new ValidationError(problems);
    return true;
  }

  private knownFor(context: ExecutionContext): ReadonlyMap<string, Schema | undefined> {
    const handler = context.getHandler();
    let known = this.known.get(handler);
    if (!known) this.known.set(handler, (known = queryParameters(handler)));
    return known;
  }
}

/** The query parameters a route handler documents with `@ApiQuery`, with their schemas. */
function queryParameters(handler: object): ReadonlyMap<string, Schema | undefined> {
  const documented = (Reflect.getMetadata(DECORATORS.API_PARAMETERS, handler) ?? []) as { in?: string; name?: string; schema?: Schema }[];
  return new Map(documented.filter((p) => p.in === 'query' && typeof p.name === 'string').map((p) => [p.name!, p.schema]));
}

/** What is wrong with a value: given more than once, or refused by its documented schema. */
function problemWith(value: unknown, schema: Schema | undefined): string | undefined {
  if (Array.isArray(value)) return `must be given once, not ${value.length} times`;
  if (typeof value !== 'string' || !schema) return undefined;
  if (schema.enum && !schema.enum.includes(value)) {
    const values = schema.enum.map(String);
    const meant = values.find((v) => v.toLowerCase() === value.toLowerCase());
    const choices = values.length > 1 ? `${values.slice(0, -1).join(', ')} or ${values.at(-1)}` : values.join('');
    return meant ? `is not a value this takes; did you mean ${meant}?` : `must be ${choices}`;
  }
  if (schema.type === 'integer') {
    const n = Number(value);
    const [min, max] = [schema.minimum ?? 0, schema.maximum ?? Number.MAX_SAFE_INTEGER];
    if (!/^\d+$/.test(value) || n < min || n > max) return `must be a whole number from ${min} to ${max}`;
  }
  if (schema.format === 'date' && !isCalendarDate(value)) return 'must be a real calendar date, YYYY-MM-DD';
  return undefined;
}

function unknownMessage(name: string, known: ReadonlyMap<string, unknown>): string {
  const meant = [...known.keys()].find((k) => k.toLowerCase() === name.toLowerCase());
  if (meant) return `is not a parameter of this request; did you mean ${meant}?`;
  return known.size > 0
    ? `is not a parameter of this request, which takes ${[...known.keys()].sort().join(', ')}`
    : 'is not a parameter of this request, which takes none';
}
