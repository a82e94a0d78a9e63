import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { demoId, pendingErasures, runDemo } from '@pairtrail/application';
import { tempDir } from '@pairtrail/testing';
import { readModelBytes } from '../support/read-model-snapshot';
import { startServer } from '../../apps/api/src/main';

describe('an erasure a crash interrupted', () => {
  it('is finished at the next start: read models that may still hold the plaintext are rebuilt without it', async () => {
    const dir = tempDir();
    const dataDir = join(dir.path, 'data');
    const env = {
      ...process.env,
      PAIRTRAIL_ADMIN_TOKEN: 'erasure-admin-token-0123456789-abcdefghijklmnop',
      PAIRTRAIL_LOG_LEVEL: 'silent',
      PAIRTRAIL_SQLITE_SYNCHRONOUS: 'NORMAL',
      PAIRTRAIL_RATE_LIMIT: '0',
      HOST: '127.0.0.1',
    };
    const margaret = demoId('participantId', 'person:margaret');
    const subject = `participant-${margaret}`;
    try {
      const first = await startServer({ dataDir, port: 0, env });
      await runDemo(first.runtime.app);
      await first.runtime.projections.settled();
      // The erasure as far as a crash let it go: its event recorded, the key destroyed, the read models
      // not yet rebuilt.
      await first.runtime.app.execute(
        { type: 'EraseParticipant', data: { participantId: margaret, reason: 'Asked to be forgotten' } },
        { commandId: randomUUID(), actor: 'system', source: 'cli' },
      );
      pendingErasures(dataDir).add(subject);
      first.runtime.keys.destroy(subject);
      await first.stop();
      expect(readModelBytes(dataDir)).toContain('Margaret Hughes');

      const second = await startServer({ dataDir, port: 0, env });
      await second.stop();
      expect(readModelBytes(dataDir)).not.toContain('Margaret Hughes');
      expect(readModelBytes(dataDir)).not.toContain('I came in expecting to be the token patient');
      expect(pendingErasures(dataDir).list()).toEqual([]);
      expect(existsSync(join(dataDir, 'erasures-pending.json'))).toBe(false);
    } finally {
      dir.remove();
    }
  });
});
