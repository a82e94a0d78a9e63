import { Catch, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { toErrorResponse } from './errors';

/** The one place errors become HTTP responses. */
@Catch()
export class ErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('http');

  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const route = host.switchToHttp().getRequest<FastifyRequest>().routeOptions?.url;
    const { status, body, headers, unexpected } = toErrorResponse(exception, route);
    // Log the error's kind and stack, never the request body: it may hold personal data.
    if (unexpected) this.logger.error(`${(exception as Error)?.name ?? 'Error'} handling a request`, (exception as Error)?.stack);
    void reply.status(status).headers(headers).send(body);
  }
}
