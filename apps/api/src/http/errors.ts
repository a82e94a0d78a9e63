import { PairtrailError, type ErrorCategory, type FieldProblem } from '@pairtrail/domain';
import { HttpException, HttpStatus } from '@nestjs/common';
import { findDamagedFile, isDamage, storageProblem, type DamagedDatabaseError } from '@pairtrail/event-store';
import { ImportStoppedError } from '@pairtrail/application';
import { ReadModelsNotBuiltError } from '@pairtrail/projections';

/** The error body of api.md. */
export interface ErrorBody {
  error: string;
  message: string;
  details?: FieldProblem[];
}

const STATUS: Record<ErrorCategory, number> = {
  validation: 400,
  unauthenticated: 401,
  forbidden: 403,
  'not-found': 404,
  'rule-violated': 409,
  gone: 410,
  'revision-mismatch': 412,
  'idempotency-key-reused': 422,
};

/** Every `error` code a body can hold: the domain's categories, and those of the HTTP edge itself. */
export const ERROR_CODES = [...(Object.keys(STATUS) as ErrorCategory[]), 'too-large', 'rate-limited', 'not-caught-up', 'unavailable', 'internal'] as const;

/** Errors the HTTP edge raises itself (rate limits, body size), in the same shape as domain errors. */
export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: FieldProblem[],
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

const FASTIFY_CODES: Record<string, { status: number; code: string; message: string }> = {
  FST_ERR_CTP_BODY_TOO_LARGE: {
    status: 413,
    code: 'too-large',
    message: 'The request body is larger than 256 KiB, the most a request may carry. Free text holds at most 20,000 characters a field: send less.',
  },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { status: 415, code: 'validation', message: 'Send the body as JSON, with Content-Type: application/json.' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { status: 400, code: 'validation', message: 'The body is empty; send a JSON object.' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { status: 400, code: 'validation', message: 'The Content-Length does not match the body.' },
  FST_ERR_BAD_URL: { status: 400, code: 'validation', message: 'The address is not valid: a %-escape in it is broken.' },
  // Said without the address, which is long and may hold anything.
  FST_ERR_MAX_PARAM_LENGTH: { status: 414, code: 'too-large', message: 'A part of the address is over 100 characters; an id is a UUID of 36.' },
};

/** What a route whose body may grow past the limit says instead: a people's file can be sent in parts. */
const TOO_LARGE_FOR: Record<string, string> = {
  '/participants/imports':
    'The file is larger than 256 KiB, the most a request may carry. Send it in parts of under 256 KiB each (some 1,500 rows of a typical file), each starting with the header row, or run "pairtrail import participants" on the server.',
  '/pairs/imports':
    'The file is larger than 256 KiB, the most a request may carry. Send it in parts of under 256 KiB each (some 2,000 rows of a typical file), each starting with the header row, or run "pairtrail import pairs" on the server.',
  '/pairs/meetings/imports':
    'The file is larger than 256 KiB, the most a request may carry. Send it in parts of under 256 KiB each (some 1,000 rows of meetings with a few lines of notes), each starting with the header row, or run "pairtrail import meetings" on the server.',
  '/pairs/actions/imports':
    'The file is larger than 256 KiB, the most a request may carry. Send it in parts of under 256 KiB each (some 1,500 rows of a typical action log), each starting with the header row, or run "pairtrail import actions" on the server.',
  '/pairs/outcomes/imports':
    'The file is larger than 256 KiB, the most a request may carry. Send it in parts of under 256 KiB each (some 1,000 outcomes with a few lines of evidence each), each starting with the header row, or run "pairtrail import outcomes" on the server.',
  '/pairs/reflections/imports':
    'The file is larger than 256 KiB, the most a request may carry. Send it in parts of under 256 KiB each (some 1,000 reflections of a few lines each), each starting with the header row, or run "pairtrail import reflections" on the server.',
  '/pairs/milestones/imports':
    'The file is larger than 256 KiB, the most a request may carry. Send it in parts of under 256 KiB each (some 2,000 milestones of a line each), each starting with the header row, or run "pairtrail import milestones" on the server.',
  '/reports/checks':
    'The pack is larger than 256 KiB, the most a request may carry (a pack of some 4,000 pairs). Check it on the server with "pairtrail check-report PACK", which takes a pack of any size.',
};

/**
 * Maps any error to a status and an api.md error body, for the route (its pattern) that met it. Expected failures keep their message; anything
 * else is a 500 whose message reveals nothing (the details go to the log, without personal data).
 */
export function toErrorResponse(
  error: unknown,
  route?: string,
): { status: number; body: ErrorBody; headers: Record<string, string>; unexpected: boolean; forTheLog?: string } {
  if (error instanceof PairtrailError) {
    const details = (error as { details?: FieldProblem[] }).details;
    return {
      status: STATUS[error.category],
      body: { error: error.category, message: error.message, ...(details ? { details } : {}) },
      headers: {},
      unexpected: false,
    };
  }
  if (error instanceof HttpProblem) {
    return {
      status: error.status,
      body: { error: error.code, message: error.message, ...(error.details ? { details: error.details } : {}) },
      headers: error.headers,
      unexpected: false,
    };
  }
  // Nest hands Fastify's own errors on wrapped in an HttpException, their code on the cause.
  const fastifyCode = (error as { code?: string }).code ?? ((error as { cause?: { code?: string } }).cause ?? {}).code;
  if (fastifyCode && FASTIFY_CODES[fastifyCode]) {
    const known = FASTIFY_CODES[fastifyCode];
    const message = (known.status === 413 && route && TOO_LARGE_FOR[route]) || known.message;
    return { status: known.status, body: { error: known.code, message }, headers: {}, unexpected: false };
  }
  if (fastifyCode === 'FST_ERR_CTP_INVALID_JSON_BODY') {
    return {
      status: 400,
      body: { error: 'validation', message: 'The body is not valid JSON.', details: [{ field: 'body', message: 'must be valid JSON' }] },
      headers: {},
      unexpected: false,
    };
  }
  if (error instanceof HttpException) {
    const status = error.getStatus();
    const code =
      status === HttpStatus.NOT_FOUND ? 'not-found' : status === HttpStatus.PAYLOAD_TOO_LARGE ? 'too-large' : status < 500 ? 'validation' : 'internal';
    const message = status === HttpStatus.NOT_FOUND ? 'There is nothing at this address; GET /docs lists the API.' : error.message;
    return { status, body: { error: code, message }, headers: {}, unexpected: status >= 500 };
  }
  const status = (error as { statusCode?: number }).statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return { status, body: { error: status === 413 ? 'too-large' : 'validation', message: (error as Error).message }, headers: {}, unexpected: false };
  }
  // Read models not built yet, beside a projector still starting (or not started): asked again, answered.
  if (error instanceof ReadModelsNotBuiltError) {
    return { status: 503, body: { error: 'not-caught-up', message: error.message }, headers: { 'retry-after': '1' }, unexpected: false };
  }
  // An import stopped part way by the disk or the event store is a 503 too, saying how far it got.
  if (error instanceof ImportStoppedError) {
    const headers: Record<string, string> = error.storage.retryAfterSeconds ? { 'retry-after': String(error.storage.retryAfterSeconds) } : {};
    return { status: 503, body: { error: 'unavailable', message: error.message }, headers, unexpected: true };
  }
  // Damage SQLite met in the middle of a data file, which opening it at start did not read: the caller
  // is told what is damaged, the administrator's log which file and what to do.
  const damaged = isDamage(error) ? damageFound() : undefined;
  if (damaged) {
    const message = `${damaged.what[0]!.toUpperCase()}${damaged.what.slice(1)} is damaged on the server's disk, so nothing was changed. Tell the administrator: the server's log names the file and what to do.`;
    return { status: 503, body: { error: 'unavailable', message }, headers: {}, unexpected: true, forTheLog: damaged.message };
  }
  // The disk or the data files failed: a 503 that says so, logged for the administrator as unexpected.
  const storage = storageProblem(error);
  if (storage) {
    const headers: Record<string, string> = storage.retryAfterSeconds ? { 'retry-after': String(storage.retryAfterSeconds) } : {};
    return { status: 503, body: { error: 'unavailable', message: storage.message }, headers, unexpected: true };
  }
  return {
    status: 500,
    body: { error: 'internal', message: 'Something went wrong on the server; nothing was recorded. Try again, and tell the administrator if it persists.' },
    headers: {},
    unexpected: true,
  };
}

/** Damage found at work, looked for at most once a minute: a look reads every data file whole. */
let lastLook: { at: number; found: DamagedDatabaseError | undefined } | undefined;

function damageFound(): DamagedDatabaseError | undefined {
  if (!lastLook || Date.now() - lastLook.at > 60_000) lastLook = { at: Date.now(), found: findDamagedFile() };
  return lastLook.found;
}
