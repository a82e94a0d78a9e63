// What the API answered, read without a browser: the data, or the error it is. (client.ts, which
// sends the requests, needs the browser's window.)
import type { FieldProblem } from '../field-errors';

/** An API error body (api.md): a code, a message for people, and the fields at fault. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: FieldProblem[] = [],
  ) {
    super(message);
  }
}

/** What went wrong, in words: an error's message (an ApiError's is the API's own). */
export const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * The data of a successful response, or an ApiError with the API's error body. The data is as the
 * generated client types the answer, so a type named here must be what the API says it answers.
 */
export function ok<T>(result: { data?: T; error?: unknown; response: Response }): T {
  if (result.response.ok) return result.data as T;
  const body = (typeof result.error === 'object' && result.error ? result.error : {}) as { error?: string; message?: string; details?: FieldProblem[] };
  const message = body.message ?? `The server answered ${result.response.status} ${result.response.statusText}.`;
  throw new ApiError(result.response.status, body.error ?? 'error', message, body.details ?? []);
}

/**
 * As `ok`, for an answer the API gives in several forms (JSON, CSV, Markdown, a file): the data as the
 * form the request asked for, which the client's types cannot tell apart.
 */
export const okAs = <T>(result: { data?: unknown; error?: unknown; response: Response }): T => ok(result as { data?: T; error?: unknown; response: Response });
