import { STREAM_CATEGORIES, UUID, isStreamName } from '@pairtrail/application';
import { ValidationError, type FieldProblem } from '@pairtrail/domain';
import { requireWithinLog, type EventStore } from '@pairtrail/event-store';
import { Pseudonymiser, type AuditFilter, type ReadModels } from '@pairtrail/projections';

type Params = Record<string, string>;

/** A pseudonymiser when `?pseudonymise=true` asks for one (with `&shiftDates=true`, shifting dates). */
export function pseudonymiserFor(q: Params): Pseudonymiser | undefined {
  const flag = (name: string) => {
    const v = q[name];
    if (v !== undefined && v !== 'true' && v !== 'false') throw new ValidationError([{ field: name, message: 'must be true or false' }]);
    return v === 'true';
  };
  const pseudonymise = flag('pseudonymise');
  const shiftDates = flag('shiftDates');
  if (shiftDates && !pseudonymise) throw new ValidationError([{ field: 'shiftDates', message: 'goes with pseudonymise=true' }]);
  return pseudonymise ? new Pseudonymiser(shiftDates) : undefined;
}

/**
 * The audit trail's filters of a query, checked: a stream or an actor Pairtrail could not have named
 * would match nothing, silently, and so would a position past the log's end (quoted from another log,
 * it would show nothing recorded since it). Every bad one is named in one error. The CLI's export uses it too.
 */
export async function auditFilterOf(
  reads: Pick<ReadModels, 'auditFilter'>,
  store: Pick<EventStore, 'headPosition'>,
  q: Record<string, string | undefined>,
): Promise<AuditFilter> {
  const problems: FieldProblem[] = [];
  if (q.stream !== undefined && !isStreamName(q.stream)) {
    problems.push({ field: 'stream', message: `must be a stream name: one of ${STREAM_CATEGORIES.join(', ')}, a dash and an id` });
  }
  if (q.actor !== undefined && q.actor !== 'system' && !UUID.test(q.actor)) problems.push({ field: 'actor', message: 'must be a user id, or system' });
  // Each check's problems joined with the others', so that one answer names them all.
  const checked = async <T>(check: () => T | Promise<T>): Promise<T | undefined> => {
    try {
      return await check();
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      problems.push(...error.details);
      return undefined;
    }
  };
  // The read model's checks (dates, type, positions) with these.
  const filter = await checked(() => reads.auditFilter(q));
  if (filter) for (const field of ['after', 'upTo'] as const) await checked(() => requireWithinLog(store, filter[field], field));
  if (filter && problems.length === 0) return filter;
  throw new ValidationError(problems);
}
