import createClient from 'openapi-fetch';
import type { FieldProblem } from '../field-errors';
import { ApiError } from './answers';
import type { components, paths } from './schema';

/** The request bodies and the answers of the API, as its OpenAPI document defines them. */
export type Schemas = components['schemas'];

export type { FieldProblem };
export { ApiError, messageOf, ok, okAs } from './answers';

let token: string | undefined;
/** The log position of this browser's latest write: reads wait until the read models have caught up with it. */
let minPosition: bigint | undefined;

/** The bearer token every request carries (kept for the browser session by the session module). */
export const setToken = (value: string | undefined): void => {
  token = value;
};

let unauthenticated: (() => void) | undefined;
/**
 * Called when the API refuses the token this browser signed in with (revoked, say, while the screen was
 * open): the app signs out, rather than leave every screen failing.
 */
export const onUnauthenticated = (handler: (() => void) | undefined): void => {
  unauthenticated = handler;
};

/** The submission a form is sending now (see `submitting`), whose writes carry an Idempotency-Key. */
let submission: string | undefined;

/**
 * Runs a form's writes under one submission. Each write carries an Idempotency-Key made of the
 * submission and the request (method, address, body). A write sent again with the same values, after
 * its answer was lost (a dropped connection, a timeout), is then answered from the first and recorded
 * once (api.md); changed values, or a new submission, make a new key.
 */
export async function submitting<T>(id: string, work: () => Promise<T>): Promise<T> {
  submission = id;
  try {
    return await work();
  } finally {
    submission = undefined;
  }
}

/** A new submission's id: random, and made without crypto.randomUUID, which needs HTTPS. */
export const newSubmission = (): string => Array.from(crypto.getRandomValues(new Uint32Array(4)), (n) => n.toString(36)).join('');

/** A short fingerprint of a request (53-bit cyrb53): enough to tell one body from another in a key. */
function fingerprint(text: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36);
}

/** The typed client, generated from /openapi.json (`npm run web:api-types`). */
export const api = createClient<paths>({ baseUrl: window.location.origin });
api.use({
  async onRequest({ request }) {
    if (token) request.headers.set('authorization', `Bearer ${token}`);
    if (request.method !== 'GET' && submission !== undefined) {
      const body = await request.clone().text();
      request.headers.set('idempotency-key', `${submission}-${fingerprint(`${request.method} ${request.url} ${body}`)}`);
    }
    // Read your own writes: the API holds a read until its read models reach this position (api.md).
    if (request.method === 'GET' && minPosition !== undefined) request.headers.set('x-min-position', minPosition.toString());
    return request;
  },
  // No answer came (the connection dropped, or the server is down): say so, and what to do, rather than
  // the browser's "Failed to fetch". A write may have been recorded before its answer was lost; its
  // Idempotency-Key makes saving again safe.
  onError({ request }) {
    return new ApiError(
      0,
      'unreachable',
      request.method === 'GET'
        ? 'Pairtrail did not answer: the connection, or the server, may be down.'
        : 'Pairtrail did not answer, so this may or may not have been saved. When the connection is back, save again: it will be recorded once, not twice.',
    );
  },
  async onResponse({ request, response }) {
    if (response.status === 401 && request.headers.has('authorization')) unauthenticated?.();
    if (request.method !== 'GET' && response.ok) {
      const body = (await response
        .clone()
        .json()
        .catch(() => undefined)) as { position?: unknown } | undefined;
      if (typeof body?.position === 'string' && /^\d+$/.test(body.position)) {
        const position = BigInt(body.position);
        if (minPosition === undefined || position > minPosition) minPosition = position;
      }
    }
    return response;
  },
});

/**
 * Saves a response (CSV, JSONL, a case study) as a file. Given as a Blob, which the browser may keep on
 * disk: the audit trail of a large programme runs to hundreds of MB, too much for one string.
 */
export function download(content: Blob, filename: string): void {
  const url = URL.createObjectURL(content);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.appendChild(link);
  link.click();
  link.remove();
  URL.revokeObjectURL(url);
}
