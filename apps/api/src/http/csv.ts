import { ApiQuery } from '@nestjs/swagger';
import { ValidationError } from '@pairtrail/domain';
import { figuresCsv } from '@pairtrail/projections';
import type { FastifyReply } from 'fastify';

/** `?format=json` (the default) or `csv`: true for CSV. */
export function wantsCsv(format: string | undefined): boolean {
  if (format !== undefined && format !== 'json' && format !== 'csv') throw new ValidationError([{ field: 'format', message: 'must be json or csv' }]);
  return format === 'csv';
}

/** Rows read reproducibly, with the asOf and position that give them again. */
export type Reproducible<T> = { result: T; asOf: string; position: string };

/**
 * Rows as a CSV download, nested values as dotted columns, each row saying the day (asOf) and log
 * position it was read at: what gives figures again, and what any list taken away must say it is of.
 */
export function sendCsv(reply: FastifyReply, filename: string, { result: rows, ...again }: Reproducible<object[]>, columnsOf?: object): string {
  void reply
    .type('text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${filename}"`)
    .header('x-as-of', again.asOf)
    .header('x-log-position', again.position);
  return figuresCsv(rows, again, columnsOf);
}

export const CsvQuery = () => ApiQuery({ name: 'format', required: false, enum: ['json', 'csv'], description: 'csv: every row, as a download' });
