/** One CSV field, quoted when it must be (RFC 4180). */
const field = (value: unknown): string => {
  const text = value === null || value === undefined ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
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

export const csvLine = (values: unknown[]): string => `${values.map(field).join(',')}\r\n`;

/** Rows of flat objects as CSV, with a header from the first row's keys. */
export function toCsv(rows: Record<string, unknown>[]): string {
  if (rows.length === 0) return '';
  const flat = rows.map((r) => flatten(r));
  const columns = Object.keys(flat[0]!);
  return csvLine(columns) + flat.map((r) => csvLine(columns.map((c) => r[c]))).join('');
}
