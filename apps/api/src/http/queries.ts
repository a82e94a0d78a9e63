import { applyDecorators } from '@nestjs/common';
import { ApiQuery, ApiResponse } from '@nestjs/swagger';
import { EVENT_TYPES } from '@pairtrail/domain';
import { EVENT_SOURCES } from '@pairtrail/event-store';

/** A position in the log, a whole number (64-bit, so written as digits). */
export const POSITION = { type: 'string', pattern: '^\\d+$' } as const;

/** `cohortId`: only that cohort's pairs (an unknown cohort is 404, not an empty answer). */
export const CohortQuery = (description = "only that cohort's pairs") =>
  ApiQuery({ name: 'cohortId', required: false, schema: { type: 'string', format: 'uuid' }, description });

/** `asOf` (a date) or `position` (of the log): an answer as the programme stood then. */
export const AsOfQuery = (options: { single?: string } = {}) =>
  applyDecorators(
    ApiQuery({
      name: 'asOf',
      required: false,
      schema: { type: 'string', format: 'date' },
      description: 'a date, YYYY-MM-DD: the figures as they stood at its end',
    }),
    ApiQuery({
      name: 'position',
      required: false,
      schema: POSITION,
      description:
        'a log position: the figures as the log stood there. Every answer says, in X-As-Of and X-Log-Position, the asOf and position that give the same figures later (for figures read live: today, and where the read models stood), and CSV rows say them in their asOf and position columns',
    }),
    // One thing looked back at, where a list would be empty: not there then is a 404, as an unknown id is.
    ...(options.single
      ? [
          ApiResponse({
            status: 404,
            description: `not-found: no ${options.single} has that id, or it did not exist yet on asOf or at position`,
            schema: { $ref: '#/components/schemas/ErrorBody' },
          }),
        ]
      : []),
  );

/** Paging: `limit` items, from the `cursor` the previous page's `next` gave. */
export const PageQuery = () =>
  applyDecorators(
    ApiQuery({ name: 'limit', required: false, schema: { type: 'integer', minimum: 1, maximum: 1000, default: 100 } }),
    ApiQuery({ name: 'cursor', required: false, type: String, description: "the previous page's next, as it came" }),
  );

/** The audit trail's filters, for its pages and its exports alike. */
export const AuditFilterQuery = () =>
  applyDecorators(
    ApiQuery({ name: 'stream', required: false, type: String, description: 'a stream: its category, a dash and an id (pair-<id>)' }),
    ApiQuery({ name: 'type', required: false, enum: EVENT_TYPES, description: 'an event type' }),
    ApiQuery({ name: 'actor', required: false, type: String, description: 'a userId, or system' }),
    ApiQuery({
      name: 'source',
      required: false,
      enum: EVENT_SOURCES,
      description: 'how the events were recorded: through the API (the web app too), the CLI, an import of a spreadsheet, or as the demo',
    }),
    ApiQuery({
      name: 'from',
      required: false,
      type: String,
      description: 'recorded from: a date (from its start, in the programme time zone) or an ISO 8601 instant',
    }),
    ApiQuery({
      name: 'to',
      required: false,
      type: String,
      description: 'recorded up to: a date (to its end, in the programme time zone) or an ISO 8601 instant',
    }),
    ApiQuery({ name: 'after', required: false, schema: POSITION, description: 'only positions after this' }),
    ApiQuery({
      name: 'upTo',
      required: false,
      schema: POSITION,
      description: 'only positions up to and including this: the log as a report quoting this position saw it',
    }),
  );

/** `pseudonymise` (and `shiftDates` with it): an export an evaluator may take away. */
export const PseudonymiseQuery = () =>
  applyDecorators(
    ApiQuery({
      name: 'pseudonymise',
      required: false,
      enum: ['true', 'false'],
      description: 'stable pseudonyms per person within the export; free text dropped',
    }),
    ApiQuery({
      name: 'shiftDates',
      required: false,
      enum: ['true', 'false'],
      description: 'with pseudonymise: shift dates by a random offset per participant',
    }),
  );
