import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { isCalendarDate, type DomainCommandType } from '@pairtrail/domain';
import {
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  Min,
  Max,
  ValidateBy,
  ArrayMinSize,
  Matches,
} from 'class-validator';

const FED = new WeakMap<object, { command: DomainCommandType; fromPath: readonly string[] }>();

/**
 * The command a body feeds, and the command's fields the route takes from its path: the edge then lists
 * the domain's findings about the body beside its own (`FieldsPipe`).
 */
export const Feeds =
  (command: DomainCommandType, ...fromPath: string[]): ClassDecorator =>
  (dto) =>
    void FED.set(dto, { command, fromPath });

export const commandFed = (dto: unknown) => (typeof dto === 'function' ? FED.get(dto) : undefined);

/** `nullable`: null is taken (and documented) as a value of its own, such as "remove it". */
type Opts = { optional?: boolean; nullable?: boolean; description?: string; example?: unknown };

const doc = (type: object, o: Opts) => {
  // An example of the field's own, or its kind's (a date's): spread as undefined, it hid the kind's.
  const property = {
    ...type,
    description: o.description,
    ...(o.example === undefined ? {} : { example: o.example }),
    ...(o.nullable ? { nullable: true } : {}),
  };
  return o.optional ? ApiPropertyOptional(property) : ApiProperty(property);
};
const optional = (o: Opts) => (o.optional ? [IsOptional()] : []);

/** The SHA-256 content hash that names one version of a case study. */
export const ContentHash = (o: Opts = {}) =>
  applyDecorators(
    doc({ type: String, pattern: '^[0-9a-f]{64}$' }, o),
    IsString({ message: 'must be a string' }),
    Matches(/^[0-9a-f]{64}$/, { message: 'must be the SHA-256 contentHash of a case study version' }),
  );

/** A non-empty string of at most `max` characters. */
export const Text = (o: Opts & { max?: number } = {}) =>
  applyDecorators(
    doc({ type: String, maxLength: o.max ?? 20_000 }, o),
    ...optional(o),
    IsString({ message: 'must be a string' }),
    IsNotEmpty({ message: 'must not be empty' }),
    MaxLength(o.max ?? 20_000, { message: `must be at most ${o.max ?? 20_000} characters` }),
  );

/** A string that may be empty (such as meeting notes). */
export const FreeText = (o: Opts = {}) =>
  applyDecorators(
    doc({ type: String }, o),
    ...optional(o),
    IsString({ message: 'must be a string' }),
    MaxLength(20_000, { message: 'must be at most 20000 characters' }),
  );

/** A real calendar date, YYYY-MM-DD. */
export const CalendarDate = (o: Opts = {}) =>
  applyDecorators(
    doc({ type: String, format: 'date', example: o.example ?? '2026-03-01' }, o),
    ...optional(o),
    ValidateBy({ name: 'isCalendarDate', validator: { validate: (v) => isCalendarDate(v), defaultMessage: () => 'must be a real calendar date, YYYY-MM-DD' } }),
  );

/** A global log position: a whole number, as a string because it is 64-bit. */
export const LogPosition = (o: Opts = {}) =>
  applyDecorators(
    doc({ type: String, pattern: '^\\d{1,18}$', example: o.example ?? '1000' }, o),
    ...optional(o),
    IsString({ message: 'must be a log position, a whole number as a string' }),
    Matches(/^\d{1,18}$/, { message: 'must be a log position, a whole number as a string' }),
  );

/** The id of something Pairtrail holds (a UUID). */
export const Id = (o: Opts = {}) => applyDecorators(doc({ type: String, format: 'uuid' }, o), ...optional(o), IsUUID('all', { message: 'must be a UUID' }));

/** One of a fixed list of values. */
export const OneOf = (values: readonly string[], o: Opts = {}) =>
  applyDecorators(doc({ enum: values }, o), ...optional(o), IsIn(values as string[], { message: `must be one of ${values.join(', ')}` }));

/** A list of values from a fixed vocabulary. */
export const ListOf = (values: readonly string[], o: Opts = {}) =>
  applyDecorators(
    doc({ enum: values, isArray: true }, o),
    ...optional(o),
    IsArray({ message: 'must be a list' }),
    IsIn(values as string[], { each: true, message: `each must be one of ${values.join(', ')}` }),
  );

/** A list of non-empty strings. */
export const TextList = (o: Opts & { min?: number; uuids?: boolean } = {}) =>
  applyDecorators(
    doc({ type: String, isArray: true }, o),
    ...optional(o),
    IsArray({ message: 'must be a list' }),
    ...(o.min ? [ArrayMinSize(o.min, { message: `must have at least ${o.min} item` })] : []),
    ...(o.uuids
      ? [IsUUID('all', { each: true, message: 'each must be a UUID' })]
      : [IsString({ each: true, message: 'each must be a string' }), IsNotEmpty({ each: true, message: 'each must not be empty' })]),
  );

export const WholeNumber = (min: number, max: number, o: Opts = {}) =>
  applyDecorators(
    doc({ type: Number, minimum: min, maximum: max }, o),
    ...optional(o),
    IsInt({ message: 'must be a whole number' }),
    Min(min, { message: `must be at least ${min}` }),
    Max(max, { message: `must be at most ${max}` }),
  );

export const Num = (o: Opts = {}) =>
  applyDecorators(doc({ type: Number }, o), ...optional(o), IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'must be a number' }));

export const Bool = (o: Opts = {}) => applyDecorators(doc({ type: Boolean }, o), ...optional(o), IsBoolean({ message: 'must be true or false' }));

export const AnyObject = (o: Opts = {}) =>
  applyDecorators(doc({ type: 'object', additionalProperties: true }, o), ...optional(o), IsObject({ message: 'must be an object' }));
