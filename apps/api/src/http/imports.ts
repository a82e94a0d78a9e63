import { applyDecorators } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiQuery } from '@nestjs/swagger';
import { ValidationError } from '@pairtrail/domain';
import type { AuthedRequest } from '../identity/auth.guard';

/**
 * An import's request as its command takes it: the CSV body, whether it is a dry run, and who sends it;
 * a body that is no CSV text, or a dryRun that is neither true nor false, named as the problem.
 */
export function importRequest(csv: unknown, dryRun: string | undefined, req: AuthedRequest) {
  if (typeof csv !== 'string') throw new ValidationError([{ field: 'body', message: 'must be a CSV file, sent with Content-Type: text/csv' }]);
  if (dryRun !== undefined && dryRun !== 'true' && dryRun !== 'false') throw new ValidationError([{ field: 'dryRun', message: 'must be true or false' }]);
  return [csv, dryRun === 'true', importer(req)] as const;
}

/**
 * Who imports, as the events an import records say: the caller, and as their correlation id the import's
 * own (the request's UUID, not a client's X-Correlation-Id, which may be sent again), so that undoing it
 * (its importId) finds what it recorded and nothing else.
 */
export const importer = (req: AuthedRequest) => ({ actor: { userId: req.caller.userId, role: req.caller.role }, correlationId: req.id });

/** An import route's documentation: a CSV body (`example`, a header row and a row), and `?dryRun` to check it, recording (or forming) nothing. */
export const ApiCsvImport = (example: string, does: 'record' | 'form' = 'record') =>
  applyDecorators(
    ApiConsumes('text/csv'),
    ApiBody({ schema: { type: 'string', example } }),
    ApiQuery({
      name: 'dryRun',
      required: false,
      enum: ['true', 'false'],
      description: `check the file and say what it would ${does}, ${does === 'form' ? 'forming' : 'recording'} nothing`,
    }),
  );
