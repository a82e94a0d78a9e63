import { ValidationPipe, type ArgumentMetadata, type ValidationError as ClassValidatorError } from '@nestjs/common';
import { ValidationError, fieldProblems, type CalendarDate, type FieldProblem } from '@pairtrail/domain';
import { commandFed } from '../dto/fields';

function flatten(errors: ClassValidatorError[], prefix = ''): FieldProblem[] {
  return errors.flatMap((e) => {
    const field = /^\d+$/.test(e.property) ? `${prefix.replace(/\.$/, '')}[${e.property}]` : `${prefix}${e.property}`;
    const own = Object.values(e.constraints ?? {}).map((message) => ({
      field,
      message: message.replace(/^property \S+ should not exist$/, 'is not a field of this request').replace(new RegExp(`^${e.property} `), ''),
    }));
    return [...own, ...flatten(e.children ?? [], `${field}.`)];
  });
}

/** Whether one field is the other, or holds it (`measure` holds `measure.name`, `topics` holds `topics[0]`). */
const overlap = (a: string, b: string) => {
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  return long === short || long.startsWith(`${short}.`) || long.startsWith(`${short}[`);
};
const rootOf = (field: string) => field.split(/[.[]/)[0] ?? field;

/**
 * The edge's problems, then the domain's about fields the edge found no fault with; none about a field
 * the route takes from its path, which the body does not hold.
 */
function merge(edge: readonly FieldProblem[], domain: readonly FieldProblem[], fromPath: readonly string[]): FieldProblem[] {
  const more = domain.filter((d) => !fromPath.includes(rootOf(d.field)) && !edge.some((e) => overlap(e.field, d.field)));
  return [...edge, ...more];
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Deeper than any request's fields go: the deepest, a correction's replacement of an outcome's measure, is 3. */
const MAX_DEPTH = 32;

/**
 * What a JSON body holds that no field takes, by field: a number too large to hold (1e309 is read as
 * Infinity, which could not be stored or hashed as sent), or nesting deeper than any request's, which
 * would exhaust the stack of every check that walks the body.
 */
export function unholdable(value: unknown, path = '', depth = 0): FieldProblem[] {
  if (typeof value === 'number' && !Number.isFinite(value))
    return [{ field: path || 'body', message: 'is a number too large to hold: send it within ±1.7e308' }];
  if (typeof value !== 'object' || value === null) return [];
  if (depth === MAX_DEPTH) return [{ field: path || 'body', message: `is nested deeper than any request takes (${MAX_DEPTH} levels)` }];
  if (Array.isArray(value)) return value.flatMap((item, i) => unholdable(item, `${path}[${i}]`, depth + 1));
  return Object.entries(value).flatMap(([key, inner]) => unholdable(inner, path ? `${path}.${key}` : key, depth + 1));
}

/** A request that takes no body refuses any field sent in one, as a DTO refuses a field it lacks. */
export function takesNoBody(body: unknown): void {
  const fields = isObject(body) ? Object.keys(body) : [];
  if (fields.length > 0) throw new ValidationError(fields.map((field) => ({ field, message: 'is not a field of this request, which takes no body' })));
}

/**
 * class-validator at the edge: unknown fields are refused, types are checked, and every bad field is
 * listed in one 400. When a body the edge refuses feeds a command, the domain's own checks of its fields
 * (a date later than tomorrow, an email's form, a line break in a title) are listed with the edge's, so
 * a caller learns every mistake at once rather than in two rounds.
 */
export class FieldsPipe extends ValidationPipe {
  constructor(private readonly today: () => CalendarDate) {
    super({
      whitelist: true,
      forbidNonWhitelisted: true,
      stopAtFirstError: true,
      transform: true,
      transformOptions: { enableImplicitConversion: false },
      validationError: { target: false, value: false },
      exceptionFactory: (errors) => new ValidationError(flatten(errors)),
    });
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const inherited = metadata.type === 'body' ? namesOfEveryObject(value) : [];
    let edge: FieldProblem[] = inherited;
    try {
      const dto: unknown = await super.transform(value, metadata);
      if (inherited.length === 0) return dto;
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      edge = [...error.details, ...inherited];
    }
    const fed = metadata.type === 'body' ? commandFed(metadata.metatype) : undefined;
    throw new ValidationError(fed && isObject(value) ? merge(edge, fieldProblems(fed.command, value, this.today()), fed.fromPath) : edge);
  }
}

/**
 * A body's fields named like what every object inherits (`constructor`, `hasOwnProperty`): class-validator
 * looks a field up in a plain object of the DTO's properties, finds the inherited function there, and
 * lets the field through as if the DTO declared it. No DTO does.
 */
function namesOfEveryObject(value: unknown, prefix = ''): FieldProblem[] {
  if (Array.isArray(value)) return value.flatMap((item, i) => namesOfEveryObject(item, `${prefix.replace(/\.$/, '')}[${i}].`));
  if (!isObject(value)) return [];
  return Object.entries(value).flatMap(([key, inner]) =>
    key in Object.prototype ? [{ field: `${prefix}${key}`, message: 'is not a field of this request' }] : namesOfEveryObject(inner, `${prefix}${key}.`),
  );
}
