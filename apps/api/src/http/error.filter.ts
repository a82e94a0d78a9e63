import { Catch, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { toErrorResponse } from './errors';
import { methodsAt } from './openapi';

/** The one place errors become HTTP responses. */
@Catch()
export class ErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('http');

  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const request = host.switchToHttp().getRequest<FastifyRequest>();
    const route = request.routeOptions?.url;
    const { status, body, headers, unexpected, forTheLog } = toErrorResponse(exception, route);
    if (status === 404 && route === undefined) {
      // An address that is there, asked with a method it does not take: say which it takes.
      const path = request.url.split('?')[0]!;
      const methods = methodsAt(request.server, path).filter((m) => m !== request.method);
      if (methods.length > 0) body.message = `${path} does not take ${request.method}; it takes ${methods.join(', ')}. GET /docs lists the API.`;
    }
    // Log the error's kind and stack, never the request body: it may hold personal data.
    if (unexpected)
      this.logger.error(`${(exception as Error)?.name ?? 'Error'} handling a request${forTheLog ? `: ${forTheLog}` : ''}`, (exception as Error)?.stack);
    void reply.status(status).headers(headers).send(body);
  }
}
