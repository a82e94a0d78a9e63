/** A problem with one named field of a command. */
export interface FieldProblem {
  field: string;
  message: string;
}

/**
 * The categories every error falls into. One filter in the API maps each to an HTTP status, and the CLI
 * prints the message; nothing else needs to know which class was thrown.
 */
export type ErrorCategory =
  'validation' | 'not-found' | 'rule-violated' | 'forbidden' | 'unauthenticated' | 'revision-mismatch' | 'idempotency-key-reused' | 'gone';

/** Base class of every expected failure in Pairtrail. */
export abstract class PairtrailError extends Error {
  abstract readonly category: ErrorCategory;
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** Input that is wrong without looking at stored state. `details` names every bad field. */
export class ValidationError extends PairtrailError {
  readonly category = 'validation' as const;
  constructor(
    readonly details: FieldProblem[],
    message = `Invalid input: ${details.map((d) => `${d.field} ${d.message}`).join('; ')}`,
  ) {
    super(message);
  }
}

/** A business rule of domain.md that needs stored state is broken. `rule` is a stable code. */
export class RuleViolatedError extends PairtrailError {
  readonly category = 'rule-violated' as const;
  constructor(
    readonly rule: string,
    message: string,
  ) {
    super(message);
  }
}

/** The thing named does not exist. */
export class NotFoundError extends PairtrailError {
  readonly category = 'not-found' as const;
}

/**
 * A thing that exists now, asked for as it stood at a moment before it did: as an unknown id is, a
 * not-found, saying which moment. `asOf` is a date, `position` a log position; either may be absent.
 */
export function didNotExistThen(what: string, look: { asOf: string | null; position: string | null }): NotFoundError {
  const when = [look.asOf && `on ${look.asOf}`, look.position && `${look.asOf ? 'as known ' : ''}at position ${look.position}`].filter(Boolean).join(', ');
  return new NotFoundError(`${what} did not exist ${when}.`);
}

/** The caller may not do this. */
export class ForbiddenError extends PairtrailError {
  readonly category = 'forbidden' as const;
}

/** The caller is not who they say. */
export class UnauthenticatedError extends PairtrailError {
  readonly category = 'unauthenticated' as const;
}

/** A case-study version a later withdrawal or erasure affects. */
export class GoneError extends PairtrailError {
  readonly category = 'gone' as const;
}
