import type { LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import compression from '@fastify/compress';
import fastifyStatic from '@fastify/static';
import { PAIRTRAIL_VERSION } from '@pairtrail/application';
import { ValidationError } from '@pairtrail/domain';
import type { FastifyReply, FastifyRequest } from 'fastify';
import helmet from 'helmet';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { resolve } from 'node:path';
import { AppModule } from './app.module';
import { toErrorResponse } from './http/errors';
import { ServerLogger } from './http/server-logger';
import { API_CONVENTIONS, describeOperations, rememberAddresses } from './http/openapi';
import { FieldsPipe, unholdable } from './http/validation.pipe';
import type { ApiRuntime } from './runtime';

export const BODY_LIMIT = 256 * 1024;

/** The built web app (`apps/web/dist`), served at `/`. */
export const WEB_ROOT = resolve(__dirname, '../../web/dist');

const LEVELS: Record<string, LogLevel[]> = {
  silent: [],
  fatal: ['fatal'],
  error: ['fatal', 'error'],
  warn: ['fatal', 'error', 'warn'],
  info: ['fatal', 'error', 'warn', 'log'],
  debug: ['fatal', 'error', 'warn', 'log', 'debug'],
  trace: ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'],
};

/**
 * The security headers helmet gives (a Content-Security-Policy of this origin only, nosniff, no framing
 * by other sites, no referrer), worked out once: they never vary, and running helmet's middleware on
 * every request (as @fastify/helmet does) halved the requests a second the server answers. Pairtrail
 * may be served over plain HTTP (the demo), where asking the browser to upgrade its requests to HTTPS
 * would break every page.
 */
const SECURITY_HEADERS: Record<string, string> = (() => {
  const headers: Record<string, string> = {};
  const response = { setHeader: (name: string, value: unknown) => void (headers[name.toLowerCase()] = String(value)), removeHeader: () => undefined };
  // Fonts and stylesheets of this origin only (helmet allows any https: one): neither the web app nor
  // /docs asks for any elsewhere. Inline styles stay allowed, for Swagger UI's.
  helmet({
    contentSecurityPolicy: { directives: { upgradeInsecureRequests: null, fontSrc: ["'self'", 'data:'], styleSrc: ["'self'", "'unsafe-inline'"] } },
  })({} as IncomingMessage, response as unknown as ServerResponse, () => undefined);
  return headers;
})();

/** The routes that take a CSV body, and those that take a ZIP: a report pack to check. */
const CSV_ROUTES: ReadonlySet<string> = new Set([
  '/participants/imports',
  '/pairs/imports',
  '/pairs/meetings/imports',
  '/pairs/outcomes/imports',
  '/pairs/actions/imports',
  '/pairs/reflections/imports',
  '/pairs/milestones/imports',
]);
const ZIP_ROUTES: ReadonlySet<string> = new Set(['/reports/checks']);

/** Reads a body as UTF-8, failing on any byte sequence that is not, and dropping a byte order mark. */
const UTF8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Builds the Nest application on Fastify, with the OpenAPI document at /openapi.json and Swagger UI at
 * /docs. It is initialised but not listening; call `listen` to serve.
 */
export async function createApi(runtime: ApiRuntime): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    bodyLimit: BODY_LIMIT,
    logger: false,
    // A request's id is the correlation id of what it records: unique, not Fastify's counter, which starts
    // again at every start and so gave requests of different runs the same id.
    genReqId: () => randomUUID(),
    return503OnClosing: true,
    // Errors the router meets before any route (a broken %-escape in the address) get the API's error body too.
    frameworkErrors: (error: Error, _request: FastifyRequest, reply: FastifyReply) => {
      const { status, body } = toErrorResponse(error);
      void reply.code(status).send(body);
    },
  });
  const fastify = adapter.getInstance();
  // Empty bodies read as {}, so routes whose fields are all optional accept a bare POST; anything but a
  // JSON object is refused with a clear 400.
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser(
    'application/json',
    { parseAs: 'buffer', bodyLimit: BODY_LIMIT },
    (_req: FastifyRequest, body: string | Buffer, done: (err: Error | null, body?: unknown) => void) => {
      let text: string;
      try {
        // UTF-8, as JSON is, or refused: read leniently, a name sent in another encoding (José in
        // Latin-1, from an older tool) would be stored as "Jos\uFFFD". A byte order mark, which some
        // Windows tools put first, is dropped.
        text = typeof body === 'string' ? body : UTF8.decode(body);
      } catch {
        return done(
          new ValidationError([
            { field: 'body', message: 'is not UTF-8 text: send it encoded as UTF-8 (its accented letters were sent in another encoding, such as Latin-1)' },
          ]),
        );
      }
      if (text.trim() === '') return done(null, {});
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        // Marked as the body's fault: any other SyntaxError is the server's, and answers 500.
        return done(Object.assign(new Error('The body is not valid JSON.'), { code: 'FST_ERR_CTP_INVALID_JSON_BODY', statusCode: 400 }));
      }
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
        return done(Object.assign(new Error('The body must be a JSON object.'), { statusCode: 400 }));
      }
      const problems = unholdable(parsed);
      if (problems.length > 0) return done(new ValidationError(problems));
      done(null, parsed);
    },
  );
  // A CSV body, or a ZIP (a report pack to check), only where a route takes one; anywhere else it is
  // refused as any body but JSON is.
  for (const [type, routes, parseAs] of [
    ['text/csv', CSV_ROUTES, 'string'],
    ['application/zip', ZIP_ROUTES, 'buffer'],
  ] as const) {
    fastify.addContentTypeParser(
      type,
      { parseAs, bodyLimit: BODY_LIMIT },
      (req: FastifyRequest, body: string | Buffer, done: (err: Error | null, body?: unknown) => void) => {
        if (!routes.has(req.routeOptions?.url ?? '')) {
          return done(
            Object.assign(new Error('Send the body as JSON, with Content-Type: application/json.'), {
              code: 'FST_ERR_CTP_INVALID_MEDIA_TYPE',
              statusCode: 415,
            }),
          );
        }
        done(null, body);
      },
    );
  }
  fastify.addHook('onResponse', async (request: FastifyRequest, reply: FastifyReply) => {
    const route = request.routeOptions?.url ?? 'unmatched';
    runtime.metrics.requests.inc({ method: request.method, route, status: String(reply.statusCode) });
    runtime.metrics.latency.observe({ method: request.method, route }, reply.elapsedTime / 1000);
  });

  const logger = new ServerLogger({ json: true, logLevels: LEVELS[runtime.config.logLevel] ?? LEVELS.info });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.register(runtime), adapter, { logger, bodyParser: false });
  app.useGlobalPipes(new FieldsPipe(() => runtime.app.today()));
  // Security headers on every answer, and answers holding personal data kept out of caches (the web
  // app's files set their own caching).
  const security = SECURITY_HEADERS;
  fastify.addHook('onSend', async (_request: FastifyRequest, reply: FastifyReply, payload: unknown) => {
    void reply.headers(security);
    if (!reply.hasHeader('cache-control')) void reply.header('cache-control', 'no-store');
    return payload;
  });
  // Answers compressed as the client accepts: a programme's pairs, a page of people or of the audit trail
  // come to hundreds of KB of JSON (a sixth of that compressed), which a browser on a slow line waited
  // for. JSON, JSON lines (the audit export), CSV and text; not answers under 1 KB, a ZIP (compressed
  // already) or the web app's files (compressed at build).
  await fastify.register(compression, { encodings: ['br', 'gzip'], customTypes: /^text\/(?!event-stream)|\/(?:x-nd)?json(?:;|$)|(?:\+|\/)xml(?:;|$)/u });

  const document = describeOperations(
    SwaggerModule.createDocument(
      app,
      new DocumentBuilder().setTitle('Pairtrail').setDescription(API_CONVENTIONS).setVersion(PAIRTRAIL_VERSION).addBearerAuth().build(),
    ),
  );
  rememberAddresses(fastify, document);
  if (existsSync(resolve(WEB_ROOT, 'index.html'))) {
    // Only the files the build made, each its own route: the API's routes and 404s stay the API's. Each
    // is sent compressed as the browser accepts (the build wrote .br and .gz beside it).
    await fastify.register(fastifyStatic, {
      root: WEB_ROOT,
      prefix: '/',
      wildcard: false,
      // A list: with preCompressed, @fastify/static finds the page of / only in a list of index files.
      index: ['index.html'],
      preCompressed: true,
      globIgnore: ['**/*.br', '**/*.gz'],
      setHeaders: (reply, path) => {
        // Vite names each script and stylesheet for its content, so a browser may keep them for good:
        // a new build's page (asked again each time) names new files.
        if (/[\\/]assets[\\/][^\\/]+-[\w-]{8}\.(js|css)(\.br|\.gz)?$/.test(path)) reply.header('cache-control', 'public, max-age=31536000, immutable');
      },
    });
  }
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'openapi.json', swaggerOptions: { persistAuthorization: true } });
  await app.init();
  return app;
}
