import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { runDemo } from '@pairtrail/application';
import { damageTable, tempDir } from '@pairtrail/testing';
import { startServer } from '../../apps/api/src/main';

const TOKEN = 'damaged-admin-token-0123456789-abcdefghijklmnop';

describe('a data file found damaged while the server runs', () => {
  it('is said as damage: what is damaged to the caller, and the file with what to do in the log', async () => {
    const dir = tempDir();
    const dataDir = join(dir.path, 'data');
    const options = {
      dataDir,
      port: 0,
      env: { ...process.env, PAIRTRAIL_ADMIN_TOKEN: TOKEN, PAIRTRAIL_RATE_LIMIT: '0', PAIRTRAIL_LOG_LEVEL: 'error', HOST: '127.0.0.1' },
    };
    const first = await startServer(options);
    await runDemo(first.runtime.app, { caseStudies: false });
    await first.runtime.projections.settled();
    await first.stop();
    // The cohorts' table, which starting the server does not read.
    damageTable(join(dataDir, 'readmodels.db'), 'p_documents_g[0-9]_cohorts');

    const logged: string[] = [];
    const capture = (chunk: string | Uint8Array) => logged.push(String(chunk)) > 0;
    const stdout = jest.spyOn(process.stdout, 'write').mockImplementation(capture);
    const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(capture);
    const server = await startServer(options);
    try {
      const url = server.url.replace('localhost', '127.0.0.1');
      const response = await fetch(`${url}/cohorts`, { headers: { authorization: `Bearer ${TOKEN}` } });
      expect(response.status).toBe(503);
      const body = (await response.json()) as { error: string; message: string };
      expect(body).toEqual({
        error: 'unavailable',
        message:
          "The read models' database is damaged on the server's disk, so nothing was changed. Tell the administrator: the server's log names the file and what to do.",
      });
      // The server's files are named in its log, not to whoever asked.
      expect(body.message).not.toContain(dataDir);
      // Other reads go on: only what stands on the damaged page fails.
      expect((await fetch(`${url}/me`, { headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(200);

      // The projection that meets it (folding a new cohort into the cohorts' table) says the same where
      // an administrator looks: the Read models screen, from GET /projections.
      await server.runtime.app.execute(
        { type: 'OpenCohort', data: { name: 'Wave 2', startsOn: '2026-09-01' } },
        { commandId: randomUUID(), actor: 'system', source: 'cli' },
      );
      let documents: { state: string; lastError: { message: string } | null } | undefined;
      for (let tries = 0; tries < 100 && documents?.state !== 'failed'; tries += 1) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        const { items } = (await (await fetch(`${url}/projections`, { headers: { authorization: `Bearer ${TOKEN}` } })).json()) as {
          items: { name: string; state: string; lastError: { message: string } | null }[];
        };
        documents = items.find((item) => item.name === 'documents');
      }
      expect(documents).toMatchObject({
        state: 'failed',
        lastError: { message: expect.stringContaining(`The read models' database ${join(dataDir, 'readmodels.db')} is damaged (`) },
      });
    } finally {
      await server.stop();
      stdout.mockRestore();
      stderr.mockRestore();
      dir.remove();
    }
    const path = join(dataDir, 'readmodels.db');
    expect(logged.join('')).toContain(`The read models' database ${path} is damaged (`);
    expect(logged.join('')).toContain(`delete ${path} (and its -wal and -shm files, if there are any), and start again`);
  });
});
