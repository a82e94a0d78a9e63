import { ValidationError } from '@pairtrail/domain';
import type { AuthedRequest } from '../identity/auth.guard';
import { correlationIdOf } from './correlation';

/**
 * An import's request as its command takes it: the CSV body, whether it is a dry run, and who sends it;
 * a body that is no CSV text, or a dryRun that is neither true nor false, named as the problem.
 */
export function importRequest(csv: unknown, dryRun: string | undefined, req: AuthedRequest) {
  if (typeof csv !== 'string') throw new ValidationError([{ field: 'body', message: 'must be a CSV file, sent with Content-Type: text/csv' }]);
  if (dryRun !== undefined && dryRun !== 'true' && dryRun !== 'false') throw new ValidationError([{ field: 'dryRun', message: 'must be true or false' }]);
  const by = { actor: { userId: req.caller.userId, role: req.caller.role }, correlationId: correlationIdOf(req) };
  return [csv, dryRun === 'true', by] as const;
}
