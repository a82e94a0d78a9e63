/** A value as JSON carries it: revisions and positions (bigints) as strings, as api.md writes them. */
export type AsJson<T> = T extends bigint ? string : T extends (infer U)[] ? AsJson<U>[] : T extends object ? { [K in keyof T]: AsJson<T[K]> } : T;

/** A JSON.stringify replacer that writes bigints (revisions and positions) as strings. */
export const bigintsAsStrings = (_key: string, value: unknown): unknown => (typeof value === 'bigint' ? value.toString() : value);

/** A copy of `value` as JSON would give it back: plain data, every bigint a string. */
export function asJson<T>(value: T): AsJson<T> {
  return JSON.parse(JSON.stringify(value, bigintsAsStrings)) as AsJson<T>;
}
