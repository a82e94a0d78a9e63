import { createHmac, randomBytes } from 'node:crypto';
import type { AuditRow } from './read-models';

/**
 * Pseudonyms for one export: each person gets a stable pseudonym within it (and a new one in the next
 * export), free text is dropped, and with `shiftDates` every date about a participant moves by a random
 * offset of its own (up to 30 days either way), the same throughout the export. REDCap's de-identified
 * export does the same.
 */
export class Pseudonymiser {
  private readonly salt = randomBytes(16);

  constructor(private readonly shiftDates = false) {}

  private digest(text: string): Buffer {
    return createHmac('sha256', this.salt).update(text).digest();
  }

  /** A stable pseudonym for an id within this export. */
  pseudonym(id: string): string {
    return this.digest(`id:${id}`).toString('hex').slice(0, 16);
  }

  /** The day offset for a participant (0 unless dates are shifted). */
  offsetDays(id: string): number {
    return this.shiftDates ? (this.digest(`shift:${id}`).readUInt16BE(0) % 61) - 30 : 0;
  }

  /** An audit row with ids pseudonymised, free text dropped, and dates shifted. */
  auditRow(row: AuditRow): Omit<AuditRow, 'summary'> {
    const dash = row.stream.indexOf('-');
    const category = row.stream.slice(0, dash);
    const id = row.stream.slice(dash + 1);
    const actor = typeof row.actor === 'object' ? { ...row.actor, userId: this.pseudonym(row.actor.userId) } : row.actor;
    const offset = category === 'participant' ? this.offsetDays(id) : 0;
    const recordedAt = offset === 0 ? row.recordedAt : new Date(Date.parse(row.recordedAt) + offset * 86_400_000).toISOString();
    const { summary: _dropped, ...rest } = row;
    return { ...rest, stream: `${category}-${this.pseudonym(id)}`, actor, recordedAt };
  }
}
