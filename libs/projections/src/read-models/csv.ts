import type { CaseStudyQuote } from '@pairtrail/case-studies';
import { stringify, type Options } from 'csv-stringify/sync';

/**
 * RFC 4180, with CRLF between records. A text that a spreadsheet would run as a formula (it starts with
 * =, +, -, @, a tab or a carriage return) gets a leading apostrophe: exports are opened in Excel by
 * evaluators, and a meeting's topic or a service area is typed by anyone who may record. Numbers stay
 * numbers, so a negative relationship change is still -2; true and false stay words.
 */
const options: Options = {
  record_delimiter: '\r\n',
  // With CRLF between records, a field holding a bare \n is not quoted unless asked.
  quoted_match: /[\r\n]/,
  escape_formulas: true,
  cast: { boolean: (value) => String(value), object: (value) => JSON.stringify(value) },
};

/** Nested objects become dotted columns: relationship.livedExperience.change. */
export function flatten(value: Record<string, unknown>, prefix = ''): Record<string, unknown> {
  return Object.entries(value).reduce<Record<string, unknown>>((out, [k, v]) => {
    const key = prefix ? `${prefix}.${k}` : k;
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) Object.assign(out, flatten(v as Record<string, unknown>, key));
    else out[key] = v;
    return out;
  }, {});
}

/** Records of values as CSV lines, each ending in CRLF. */
export const csvLines = (records: unknown[][]): string => stringify(records, options);

export const csvLine = (values: unknown[]): string => csvLines([values]);

/**
 * Rows of objects as CSV, with a header from the first row's keys (nested ones dotted). No rows give
 * the header of `columnsOf` alone, if given: a file of no rows still says what its columns are.
 */
export function toCsv(rows: Record<string, unknown>[], columnsOf?: Record<string, unknown>): string {
  const flat = rows.map((r) => flatten(r));
  const header = flat[0] ?? (columnsOf && flatten(columnsOf));
  if (header === undefined) return '';
  const columns = Object.keys(header);
  return csvLines([columns, ...flat.map((r) => columns.map((c) => r[c]))]);
}

/**
 * Evaluation figures as CSV, each row with the asOf and position that give it again (`reproducibly`):
 * a file taken away must say what it is of. `columnsOf`: a row of the kind, for the header of no rows.
 */
export const figuresCsv = (rows: object[], again: { asOf: string; position: string }, columnsOf?: object): string =>
  toCsv(
    rows.map((row) => ({ ...row, asOf: again.asOf, position: again.position })),
    columnsOf && { ...columnsOf, asOf: again.asOf, position: again.position },
  );

/** A quote's columns, for the header of a CSV of none. */
const NO_QUOTE: CaseStudyQuote = { pairId: '', title: '', text: '', by: '', contentHash: '', published: false };

/** The quotes the case studies offer, one row a quote, to choose from in a spreadsheet. */
export const quotesCsv = (quotes: readonly CaseStudyQuote[]): string =>
  toCsv(
    quotes.map((q) => ({ ...q })),
    { ...NO_QUOTE },
  );
