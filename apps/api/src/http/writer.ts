import { Inject, Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { CREATES, type AppCommand, type WriteResult } from '@pairtrail/application';
import { ValidationError } from '@pairtrail/domain';
import { canonicalHash, deriveId, newCommandId, type CommandEnvelope } from '@pairtrail/event-store';
import type { FastifyReply } from 'fastify';
import { v5 as uuidv5 } from 'uuid';
import type { AuthedRequest } from '../identity/auth.guard';
import { WriteCommand } from '../commands/write.command';
import { correlationIdOf } from './correlation';
import { API_RUNTIME, type ApiRuntime } from '../runtime';

/** The namespace for command ids derived from an Idempotency-Key. */
const IDEMPOTENCY_NAMESPACE = deriveId('idempotency-key');

/** Where a created thing lives, for the Location header. */
const LOCATION: Partial<Record<AppCommand['type'], (id: string) => string>> = {
  OpenCohort: (id) => `/cohorts/${id}`,
  RegisterParticipant: (id) => `/participants/${id}`,
  FormPair: (id) => `/pairs/${id}`,
  CreateUser: (id) => `/users/${id}`,
};

export interface WriteBody {
  id: string;
  revision: string;
  position: string;
  [extra: string]: unknown;
}

/**
 * Turns an HTTP write into a command: the command id from the Idempotency-Key (or fresh), the actor
 * from the token, the expected revision from If-Match; then answers as api.md says, with ETag and,
 * for a create, 201 and Location.
 */
@Injectable()
export class Writer {
  constructor(
    private readonly commandBus: CommandBus,
    @Inject(API_RUNTIME) private readonly runtime: ApiRuntime,
  ) {}

  async write(request: AuthedRequest, reply: FastifyReply, command: AppCommand, extra?: (result: WriteResult) => Record<string, unknown>): Promise<WriteBody> {
    const { caller } = request;
    const path = request.url.split('?')[0]!;
    const key = request.headers['idempotency-key'];
    // Node joins a header sent twice into one value ("a, b"), which would pass for a key of its own.
    const given = request.raw.rawHeaders.filter((name, i) => i % 2 === 0 && name.toLowerCase() === 'idempotency-key').length;
    if (given > 1 || Array.isArray(key) || (typeof key === 'string' && (key.trim() === '' || key.length > 255))) {
      throw new ValidationError([{ field: 'Idempotency-Key', message: 'must be one non-empty value of at most 255 characters' }]);
    }
    const commandId = typeof key === 'string' ? uuidv5([caller.userId, request.method, path, key].join('\u0000'), IDEMPOTENCY_NAMESPACE) : newCommandId();
    const envelope: CommandEnvelope = {
      commandId,
      actor: { userId: caller.userId, role: caller.role },
      source: 'api',
      correlationId: correlationIdOf(request),
      requestHash: canonicalHash({ method: request.method, path, body: request.body ?? null }),
    };
    const result = await this.runtime.writes.track(
      this.commandBus.execute(new WriteCommand(command, envelope, { expectedRevision: parseIfMatch(request.headers['if-match']) })),
    );
    const created = CREATES.has(command.type);
    void reply.status(created ? 201 : 200).header('etag', etagOf(result.revision));
    const location = LOCATION[command.type];
    if (created && location) void reply.header('location', location(result.id));
    return { id: result.id, revision: result.revision.toString(), position: result.position.toString(), ...(extra ? extra(result) : {}) };
  }
}

/** A revision as ETag (and If-Match) write it: in quotes, "3". */
export const etagOf = (revision: bigint | string): string => `"${revision}"`;

/** `If-Match: "<revision>"` as a bigint; a malformed one is a 400. */
function parseIfMatch(header: string | string[] | undefined): bigint | undefined {
  if (header === undefined) return undefined;
  const match = typeof header === 'string' ? /^\s*(?:W\/)?"?(-1|\d+)"?\s*$/.exec(header) : null;
  if (!match) throw new ValidationError([{ field: 'If-Match', message: 'must be a revision in quotes, as the ETag gave it, such as "3"' }]);
  return BigInt(match[1]!);
}
