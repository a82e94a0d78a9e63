import { RuleViolatedError } from './errors';

/** Whether two JSON values are equal, whatever the order of their objects' keys. */
export function sameJson(a: unknown, b: unknown): boolean {
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((v, i) => sameJson(v, b[i]));
  if (typeof a !== 'object' || a === null) return a === b;
  if (typeof b !== 'object' || b === null || Array.isArray(b)) return false;
  const [x, y] = [a as Record<string, unknown>, b as Record<string, unknown>];
  return Object.keys(x).length === Object.keys(y).length && Object.keys(x).every((k) => k in y && sameJson(x[k], y[k]));
}

/** The fields a correction names, of those it may: each one given, a null (removing it) included. */
export function pickCorrection<T extends object, F extends keyof T & string>(data: T, fields: readonly F[]): Partial<Pick<T, F>> {
  return Object.fromEntries(fields.filter((f) => data[f] !== undefined).map((f) => [f, data[f]])) as Partial<Pick<T, F>>;
}

/**
 * Refuses a correction every field of which already holds the value given (a null: already absent), so
 * the trail holds only corrections that correct something. `hint` says what to do instead.
 */
export function refuseUnchanged(corrected: object, current: object, hint: string): void {
  const now = current as Record<string, unknown>;
  const fields = Object.entries(corrected);
  const unchanged = fields.filter(([field, value]) => sameJson(value ?? undefined, now[field])).map(([field]) => field);
  if (unchanged.length < fields.length) return;
  throw new RuleViolatedError(
    'no-change',
    `This correction would change nothing: ${unchanged.join(', ')} ${unchanged.length === 1 ? 'is' : 'are'} already as given. ${hint}`,
  );
}

/** `current` with a correction applied: each field given replaces its value, and a null removes it. */
export function applyCorrection<T extends object>(current: T, corrected: object): T {
  const next = { ...current } as Record<string, unknown>;
  for (const [field, value] of Object.entries(corrected)) {
    if (value === null) delete next[field];
    else if (value !== undefined) next[field] = value;
  }
  return next as T;
}
