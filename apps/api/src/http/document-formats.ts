import { ValidationError } from '@pairtrail/domain';

/** The forms a document (a case study, what is held about a person) is given in, by `?format=`, and their content types. */
export const DOCUMENT_TYPES = { json: 'application/json; charset=utf-8', md: 'text/markdown; charset=utf-8', html: 'text/html; charset=utf-8' } as const;
export type DocumentFormat = keyof typeof DOCUMENT_TYPES;

/** The `?format=` asked for among `allowed`, JSON when none is; any other is a 400 naming the field. */
export function formatAmong<F extends string>(value: string | undefined, allowed: readonly F[]): F | 'json' {
  if (value === undefined) return 'json';
  if ((allowed as readonly string[]).includes(value)) return value as F;
  throw new ValidationError([{ field: 'format', message: `must be ${allowed.join(', ')}` }]);
}

/** The `?format=` asked for, JSON when none is; any other is a 400 naming the field. */
export function documentFormatOf(value: string | undefined): DocumentFormat {
  if (value === undefined) return 'json';
  if (value in DOCUMENT_TYPES) return value as DocumentFormat;
  throw new ValidationError([{ field: 'format', message: 'must be json, md or html' }]);
}
