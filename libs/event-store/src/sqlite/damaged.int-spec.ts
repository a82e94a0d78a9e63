import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { damageTable, tempDir } from '@pairtrail/testing';
import { storageProblem } from '../storage-problems';
import { DamagedDatabaseError, findDamagedFile, isDamage } from './damaged';
import { SqliteEventStore } from './sqlite-event-store';

describe('damage found at work', () => {
  it('is traced to the file it is in, said as at start with what to do', async () => {
    const dir = tempDir();
    const path = join(dir.path, 'events.db');
    const writing = new SqliteEventStore({ path, writer: 'inline' });
    for (let i = 0; i < 200; i += 1)
      await writing.appendToStream(`thing-${i}`, [{ eventId: randomUUID(), type: 'Happened', data: { notes: 'x'.repeat(300) }, metadata: {} }]);
    await writing.close();
    // Intact, it is not taken for damage.
    expect(findDamagedFile()).toBeUndefined();

    damageTable(path, 'events');
    // Opening reads the schema, not the events: the store opens, and damage is met further in.
    const store = new SqliteEventStore({ path, writer: 'inline' });
    try {
      const failure = await store.readAll({ maxCount: 1000 }).then(
        () => 'read',
        (error: unknown) => error,
      );
      expect(isDamage(failure)).toBe(true);
      // Without the file it is in, it is said as a failed disk.
      expect(storageProblem(failure)?.message).toContain('failed on the disk');
      const found = findDamagedFile();
      expect(found).toBeInstanceOf(DamagedDatabaseError);
      expect(found).toMatchObject({ path, what: 'the event log' });
      expect(found!.message).toMatch(
        new RegExp(
          `^The event log ${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is damaged \\([^\\n]*page \\d+[^\\n]*\\), so Pairtrail cannot read it; nothing was changed\\. Restore the latest backup`,
        ),
      );
    } finally {
      await store.close();
      dir.remove();
    }
    // A file gone since is passed over.
    expect(findDamagedFile()).toBeUndefined();
  });

  it('knows damage by its code, whatever the error class', () => {
    expect(isDamage(Object.assign(new Error('database disk image is malformed'), { code: 'SQLITE_CORRUPT' }))).toBe(true);
    expect(isDamage({ code: 'SQLITE_CORRUPT_INDEX' })).toBe(true);
    expect(isDamage({ code: 'SQLITE_NOTADB' })).toBe(true);
    expect(isDamage({ code: 'SQLITE_FULL' })).toBe(false);
    expect(isDamage(undefined)).toBe(false);
  });
});
