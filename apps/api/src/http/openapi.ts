import { applyDecorators } from '@nestjs/common';
import { ApiHeader, ApiResponse, type OpenAPIObject } from '@nestjs/swagger';
import { ValidationError } from '@pairtrail/domain';
import { ERROR_CODES, toErrorResponse } from './errors';
import { RESPONSE_SCHEMAS } from './responses.schema';

/** The HTTP methods the API's operations use, as OpenAPI keys them. */
const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

const ERROR_BODY = { $ref: '#/components/schemas/ErrorBody' };

/** api.md's error body: a stable code, a message for people, and the fields at fault. */
const ERROR_BODY_SCHEMA = {
  type: 'object',
  required: ['error', 'message'],
  properties: {
    error: { type: 'string', enum: ERROR_CODES },
    message: { type: 'string', description: 'what went wrong, and what to do about it' },
    details: {
      type: 'array',
      description: 'with validation: every bad field or query parameter',
      items: { type: 'object', required: ['field', 'message'], properties: { field: { type: 'string' }, message: { type: 'string' } } },
    },
  },
} as const;

/** The name of an answer's schema: a type `responses.ts` names, generated into `responses.schema.ts`. */
export type AnswerName = keyof typeof RESPONSE_SCHEMAS;

/** Other forms of an answer than JSON, by media type: what each is, in words. */
type OtherForms = Record<string, string>;

/** A header an answer carries, as OpenAPI describes it. */
const header = (description: string) => ({ description, schema: { type: 'string' } });

/**
 * What a route answers (200 unless `status` says otherwise): in JSON, the schema generated from its
 * handler's return type; in `otherForms` (CSV, Markdown…), text described in words; with `etag`, the
 * resource's revision as ETag too.
 */
export const Answers = (name: AnswerName, options: { status?: number; description?: string; otherForms?: OtherForms; etag?: boolean } = {}) =>
  ApiResponse({
    status: options.status ?? 200,
    description: options.description ?? '',
    ...(options.etag
      ? {
          headers: {
            ETag: header('the revision, in quotes ("3"): send it as If-Match with a change based on this answer'),
          },
        }
      : {}),
    content: {
      'application/json': { schema: { $ref: `#/components/schemas/${name}` } },
      ...Object.fromEntries(Object.entries(options.otherForms ?? {}).map(([type, description]) => [type, { schema: { type: 'string', description } }])),
    },
  });

const PAIR = '7ef6af7f-6785-5702-b1df-cd65ab5b071b';

/** An error body of each code as the server writes one, for /docs to show beside the answers that give it. */
const ERROR_EXAMPLES: Record<string, object> = {
  // Made as the server makes one, so that its message is worded as theirs are.
  validation: toErrorResponse(
    new ValidationError([
      { field: 'heldOn', message: 'must be a real calendar date, YYYY-MM-DD' },
      { field: 'durationMinutes', message: 'must be at least 1' },
    ]),
  ).body,
  unauthenticated: { error: 'unauthenticated', message: 'Send a token: Authorization: Bearer <token>.' },
  forbidden: {
    error: 'forbidden',
    message: 'Your role, a coordinator, may not do this: it is for an administrator. Ask them to do it, or an administrator to change your role.',
  },
  'not-found': { error: 'not-found', message: `No pair ${PAIR}.` },
  'rule-violated': { error: 'rule-violated', message: `Pair ${PAIR} concluded on 2026-09-15; only corrections and retractions can be recorded.` },
  gone: {
    error: 'gone',
    message: 'A consent withdrawn or a person erased since this version was approved affects it, so it is no longer served.',
  },
  'revision-mismatch': { error: 'revision-mismatch', message: `Stream pair-${PAIR} is at revision 35, not 34; reload it and try again.` },
  'too-large': {
    error: 'too-large',
    message: 'The request body is larger than 256 KiB, the most a request may carry. Free text holds at most 20,000 characters a field: send less.',
  },
  'idempotency-key-reused': {
    error: 'idempotency-key-reused',
    message: 'This Idempotency-Key was already used for a different request; use a new key for a new request.',
  },
  'rate-limited': { error: 'rate-limited', message: 'Too many requests from this token; wait 1 s and try again.' },
  unavailable: {
    error: 'unavailable',
    message: "Pairtrail's data is held by other work, such as a backup or another program, so nothing was changed. Try again in a moment.",
  },
};

const error = (description: string) => ({ description, content: { 'application/json': { schema: ERROR_BODY } } });

/** Gives each error answer without an example one of the code its description starts with ("not-found: …"). */
function exemplify(responses: Record<string, { description?: string; content?: Record<string, { example?: unknown }> }>): void {
  for (const [status, response] of Object.entries(responses)) {
    const json = response.content?.['application/json'];
    if (!/^[45]/.test(status) || !json || json.example !== undefined) continue;
    const description = response.description ?? '';
    const example = ERROR_EXAMPLES[description.slice(0, description.indexOf(':'))];
    if (example) json.example = example;
  }
}

/**
 * A write made through the command pipeline: it takes `Idempotency-Key` and `If-Match`, and may answer
 * 409, 412 or 422 besides the errors every route documents (`describeOperations`).
 */
export const ApiWrite = () =>
  applyDecorators(
    ApiHeader({
      name: 'Idempotency-Key',
      required: false,
      description: 'repeated with the same body, returns the first answer and records nothing; with another body, 422',
    }),
    ApiHeader({ name: 'If-Match', required: false, description: 'the revision the change is based on, as the ETag gave it ("3"); stale, 412' }),
    ApiResponse({ status: 409, description: 'rule-violated: a business rule that needs stored state is broken; the message says which', schema: ERROR_BODY }),
    ApiResponse({ status: 412, description: 'revision-mismatch: If-Match is stale; reload and try again', schema: ERROR_BODY }),
    ApiResponse({ status: 422, description: 'idempotency-key-reused: the same key with a different body', schema: ERROR_BODY }),
  );

/** How a pair member is limited where a route limits them (`MemberScope`). */
const MEMBER_LIMIT: Record<string, string> = { pair: 'only on a pair they are in', participant: 'only for themself' };

/** Who may call an operation, in words, from the roles and limits its route declares (`x-roles`, `x-member-scope`). */
function whoMay(operation: Record<string, unknown>, secured: boolean): string {
  if (!secured) return 'Who may: anyone; no token is needed.';
  const roles = operation['x-roles'] as string[] | undefined;
  if (!roles) return 'Who may: anyone with a token.';
  const limit = MEMBER_LIMIT[String(operation['x-member-scope'])];
  return `Who may: ${roles.map((role) => (role === 'pair-member' && limit ? `pair-member (${limit})` : role)).join(', ')}.`;
}

/** The headers a write answers with (api.md): its revision as ETag, and where a created thing is. */
function describeWriteHeaders(responses: Record<string, { headers?: Record<string, unknown> }>): void {
  for (const [status, response] of Object.entries(responses)) {
    if (!/^2/.test(status)) continue;
    response.headers = {
      ETag: header('the stream\'s revision after the write, in quotes ("3"): If-Match for a change based on it'),
      ...(status === '201' ? { Location: header('the address of what was created') } : {}),
      ...response.headers,
    };
  }
}

/**
 * The API's conventions, as /docs shows them above the routes (Markdown): what a client needs before
 * its first request, which each route's own description then takes for granted.
 */
export const API_CONVENTIONS = [
  'Pairtrail records every pairing, meeting, action, outcome, reflection and consent of a collaborative pairs programme as an immutable event; what you read is built from those events.',
  '',
  '- **Sign in**: send `Authorization: Bearer <token>` (the **Authorize** button here) everywhere but `/health`, `/openapi.json` and `/docs`. No token, or an unknown or revoked one, gets 401; a role that may not do the thing gets 403 (each route says who may call it, first in its description).',
  '- **Writes** answer `{ id, revision, position }` (strings: 64-bit) with `ETag: "<revision>"`; a create answers 201 with `Location`. A date a write leaves out is today, in the programme\'s time zone. A mistake is put right by a correction or a retraction, never by changing what was recorded.',
  '- **Concurrency**: `If-Match: "<revision>"` (from a read\'s `ETag`) gets 412 if the record has moved on since; reload and try again. Without it, concurrent writers all land.',
  '- **Retries**: send `Idempotency-Key` with a write, and the same request sent again answers as the first did and records nothing more; the same key with another body gets 422.',
  "- **Reading your own writes**: a read with `X-Min-Position: <position>` (a write's `position`) waits up to 5 s for the figures to include it, else answers 503 with `Retry-After`.",
  '- **Lists** are `{ items, next }`: pass `next` back as `?cursor=`, with `?limit=` up to 1000.',
  '- **Looking back**: evaluation, analytics, timeline and case-study reads take `asOf=YYYY-MM-DD` and `position=N` and say which they answered for, so a report can quote them and give the same figures again.',
  '- **Errors** are `{ error, message, details? }`, with `details` naming each bad field. Bad input gets a 4xx, never a 5xx; a 503 says what is unavailable and what to do.',
].join('\n');

/**
 * Describes every operation further: who may call it, first in its description; and the api.md errors it
 * can give, each with the error body and an example of it: 400 where it takes a body or query parameters, 404 where its path
 * names something, 413 where it takes a body, 401, 403 and 429 where it needs a token, and 503
 * everywhere (storage failing, or a read that waited in vain for `X-Min-Position`). Routes needing a
 * token also document `X-Min-Position` on reads.
 */
export function describeOperations(document: OpenAPIObject): OpenAPIObject {
  const own = document.components?.schemas ?? {};
  const clash = Object.keys(RESPONSE_SCHEMAS).filter((name) => name in own || name === 'ErrorBody');
  // A DTO and an answer's type of one name would have one schema stand for both.
  if (clash.length) throw new Error(`Schemas named twice, by a DTO and by responses.ts: ${clash.join(', ')}; rename one.`);
  document.components = { ...document.components, schemas: { ...own, ...(RESPONSE_SCHEMAS as Record<string, object>), ErrorBody: ERROR_BODY_SCHEMA as never } };
  for (const [path, item] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(item) as [string, { [key: string]: unknown }][]) {
      if (!METHODS.includes(method)) continue;
      const parameters = (operation.parameters ?? []) as { in: string; name: string }[];
      const secured = Array.isArray(operation.security) && operation.security.length > 0;
      const responses = (operation.responses ?? {}) as Record<string, unknown>;
      const who = whoMay(operation, secured);
      operation.description = typeof operation.description === 'string' && operation.description ? `${who}\n\n${operation.description}` : who;
      const add = (status: number, description: string) => {
        responses[status] ??= error(description);
      };
      if (operation.requestBody || parameters.some((p) => p.in === 'query')) add(400, 'validation: details lists every bad field or parameter');
      if (secured) {
        add(401, 'unauthenticated: no token, or an unknown or revoked one');
        add(403, "forbidden: a role that may not do this, or a pair member acting on someone else's pair");
      }
      if (path.includes('{')) add(404, 'not-found: nothing has that id');
      if (operation.requestBody) add(413, 'too-large: a body over 256 KiB');
      if (secured) add(429, 'rate-limited: too many requests from one token; wait for Retry-After');
      add(
        503,
        'unavailable: the data could not be read or written, or the read models did not reach X-Min-Position in 5 s; nothing was changed; Retry-After says when to try again',
      );
      if (parameters.some((p) => p.name === 'Idempotency-Key')) describeWriteHeaders(responses as never);
      if (secured && method === 'get' && !parameters.some((p) => p.name === 'X-Min-Position')) {
        parameters.push({
          in: 'header',
          name: 'X-Min-Position',
          required: false,
          schema: { type: 'string', pattern: '^\\d+$' },
          description:
            'a position a write gave: the answer waits, up to 5 s, until the read models have it (503 if they do not; 400 if the log has no such position)',
        } as never);
      }
      exemplify(responses as never);
      operation.parameters = parameters;
      operation.responses = responses;
    }
  }
  return document;
}

/** The methods each documented address takes, by the server serving them. */
const ADDRESSES = new WeakMap<object, { pattern: RegExp; methods: string[] }[]>();

/** Keeps, for `server`, which methods each address of `document` takes. */
export function rememberAddresses(server: object, document: OpenAPIObject): void {
  const escape = (text: string) => text.replace(/[.*+?^$()|[\]\\]/g, '\\$&');
  ADDRESSES.set(
    server,
    Object.entries(document.paths).map(([path, item]) => ({
      pattern: new RegExp(
        `^${path
          .split(/\{[^}]+\}/)
          .map(escape)
          .join('[^/]+')}$`,
      ),
      methods: Object.keys(item)
        .filter((m) => METHODS.includes(m))
        .map((m) => m.toUpperCase()),
    })),
  );
}

/** The methods the address `path` takes on `server`, if it is one of its addresses. */
export function methodsAt(server: object, path: string): string[] {
  return (ADDRESSES.get(server) ?? []).filter((route) => route.pattern.test(path)).flatMap((route) => route.methods);
}
