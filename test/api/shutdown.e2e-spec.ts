import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { SqliteEventStore } from '@pairtrail/event-store';
import { tempDir } from '@pairtrail/testing';
import { startServer } from '../../apps/api/src/main';

const TOKEN = 'shutdown-admin-token-0123456789-abcdefghijklmnop';

describe('stopping the server', () => {
  it('lets a write whose client has gone away finish before it closes the store', async () => {
    const dir = tempDir();
    const server = await startServer({
      dataDir: join(dir.path, 'data'),
      port: 0,
      env: {
        ...process.env,
        PAIRTRAIL_ADMIN_TOKEN: TOKEN,
        PAIRTRAIL_LOG_LEVEL: 'silent',
        PAIRTRAIL_SQLITE_SYNCHRONOUS: 'NORMAL',
        PAIRTRAIL_RATE_LIMIT: '0',
        HOST: '127.0.0.1',
      },
    });
    const { app, writes, config, identity } = server.runtime;
    const coordinator = await app.execute(
      { type: 'CreateUser', data: { name: 'Coordinator', role: 'coordinator' } },
      { commandId: randomUUID(), actor: 'system', source: 'cli' },
    );
    await identity.waitFor(coordinator.position);
    // The write is held between its request and its command until the server is stopping.
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const execute = app.execute.bind(app);
    app.execute = async (...args) => {
      await gate;
      return execute(...args);
    };
    const client = new AbortController();
    const request = fetch(`${server.url.replace('localhost', '127.0.0.1')}/cohorts`, {
      method: 'POST',
      signal: client.signal,
      headers: { authorization: `Bearer ${coordinator.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Late wave', startsOn: '2026-01-01' }),
    }).catch((error: Error) => error.name);
    for (let waited = 0; writes.size === 0; waited += 5) {
      if (waited > 5000) throw new Error('the write never reached the command bus');
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    client.abort();
    expect(await request).toBe('AbortError');

    const stopping = server.stop();
    await new Promise((resolve) => setTimeout(resolve, 100));
    release();
    await stopping;

    const store = new SqliteEventStore({ path: config.eventsPath, writer: 'inline' });
    const opened = await store.readAll({ filter: { eventTypePrefixes: ['CohortOpened'] } });
    expect(opened.map((e) => e.data.name)).toEqual(['Late wave']);
    await store.close();
    dir.remove();
  });
});
