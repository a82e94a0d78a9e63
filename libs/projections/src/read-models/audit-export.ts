import { AUDIT_COLUMNS, type AuditFilter, type ReadModels } from './read-models';
import { csvLine, csvLines } from './csv';
import type { Pseudonymiser } from './pseudonymiser';

/**
 * The audit trail as an export's text: CSV's header first, then a chunk for each batch of rows, with how
 * many rows it holds. Pseudonymised, each person is a stable pseudonym and the summaries (free text) are
 * left out. The API's export and the CLI's write the same chunks.
 */
export function* auditExportChunks(
  reads: Pick<ReadModels, 'auditBatches'>,
  filter: AuditFilter,
  format: 'csv' | 'jsonl',
  pseudonymiser?: Pseudonymiser,
): Generator<{ text: string; rows: number }> {
  const columns = pseudonymiser ? AUDIT_COLUMNS.filter((c) => c !== 'summary') : [...AUDIT_COLUMNS];
  if (format === 'csv') yield { text: csvLine(columns), rows: 0 };
  for (const batch of reads.auditBatches(filter)) {
    const rows = pseudonymiser ? batch.map((r) => pseudonymiser.auditRow(r) as Record<string, unknown>) : (batch as unknown as Record<string, unknown>[]);
    const text = format === 'csv' ? csvLines(rows.map((row) => columns.map((c) => row[c]))) : rows.map((row) => `${JSON.stringify(row)}\n`).join('');
    yield { text, rows: batch.length };
  }
}
