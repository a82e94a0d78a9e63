import Database from 'better-sqlite3';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { demoId, pendingErasures, requestedRebuilds, runDemo } from '@pairtrail/application';
import { tempDir } from '@pairtrail/testing';
import { readModelBytes } from '../support/read-model-snapshot';
import { ApiHarness } from '../support/api-harness';
import { startServer, type RunningServer } from '../../apps/api/src/main';

const PROJECTOR = resolve(__dirname, '../../apps/projector/dist/main.js');
const CLI = resolve(__dirname, '../../apps/cli/dist/main.js');
const ADMIN = 'projector-beside-api-admin-token-0123456789abc';

/** Each projection's generation and state, as the projector committed them. */
function checkpoints(dir: string): Record<string, [number, string, number | null]> {
  const db = new Database(join(dir, 'readmodels.db'), { readonly: true, fileMustExist: true });
  try {
    const rows = db.prepare('SELECT name, generation, state, building_generation FROM projection_checkpoints').all() as {
      name: string;
      generation: number;
      state: string;
      building_generation: number | null;
    }[];
    return Object.fromEntries(rows.map((r) => [r.name, [r.generation, r.state, r.building_generation]]));
  } finally {
    db.close();
  }
}

async function until(reached: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 1500; i++) {
    try {
      if (reached()) return;
    } catch {
      // The read models are not made yet.
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`Timed out waiting for ${what}`);
}

describe('an API with PAIRTRAIL_PROJECTIONS=off beside apps/projector', () => {
  const dir = tempDir();
  const data = join(dir.path, 'data');
  const env = {
    ...process.env,
    PAIRTRAIL_DATA_DIR: data,
    PAIRTRAIL_SQLITE_SYNCHRONOUS: 'NORMAL',
    PAIRTRAIL_LOG_LEVEL: 'silent',
    PAIRTRAIL_RATE_LIMIT: '0',
    HOST: '127.0.0.1',
  };
  let projector: ChildProcess;
  let server: RunningServer;
  const call = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${server.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${ADMIN}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  beforeAll(async () => {
    // Through the CLI, so that personal data is sealed with keys, as a server records it.
    expect(spawnSync(process.execPath, [CLI, 'demo'], { env, encoding: 'utf8' }).status).toBe(0);
    projector = spawn(process.execPath, [PROJECTOR], { env, stdio: 'ignore' });
    await until(() => Object.values(checkpoints(data)).every(([, state]) => state === 'live'), 'the projector to catch up');
    server = await startServer({ dataDir: data, port: 0, env: { ...env, PAIRTRAIL_PROJECTIONS: 'off', PAIRTRAIL_ADMIN_TOKEN: ADMIN } });
  }, 60_000);
  afterAll(async () => {
    await server?.stop();
    if (projector && projector.exitCode === null) {
      projector.kill('SIGTERM');
      await new Promise((r) => projector.on('exit', r));
    }
    dir.remove();
  });

  it("shows the projector's states, and has the projector rebuild what it is asked to", async () => {
    // As the projector runs them: live, not "stopped" as they are in the API's own process.
    const states = await call('GET', '/projections');
    expect((states.body.items as { name: string; state: string }[]).map((p) => [p.name, p.state])).toEqual([
      ['audit', 'live'],
      ['documents', 'live'],
    ]);
    const before = checkpoints(data).audit![0];
    expect(await call('POST', '/projections/audit/rebuild')).toEqual({ status: 202, body: { rebuilding: ['audit'] } });
    await until(() => checkpoints(data).audit![0] === before + 1 && checkpoints(data).audit![1] === 'live', 'the projector to rebuild the audit trail');
    expect(requestedRebuilds(data).list()).toEqual([]);
    expect(((await call('GET', '/audit?limit=1000')).body.items as unknown[]).length).toBeGreaterThan(100);
  }, 60_000);

  it('erases through the projector: the read models lose the plaintext, and keep every pair', async () => {
    const margaret = demoId('participantId', 'person:margaret');
    expect(readModelBytes(data)).toContain('Margaret Hughes');
    const documents = checkpoints(data).documents![0];
    const erased = await call('POST', `/participants/${margaret}/erase`, { reason: 'Asked to be forgotten' });
    expect(erased.status).toBe(200);
    // Answered once the projector had rebuilt the documents without her: nothing is left pending.
    expect(pendingErasures(data).list()).toEqual([]);
    expect(checkpoints(data).documents).toEqual([documents + 1, 'live', null]);
    expect(readModelBytes(data)).not.toContain('Margaret Hughes');
    expect(readModelBytes(data)).not.toContain('I came in expecting to be the token patient');
    expect(((await call('GET', '/pairs')).body.items as unknown[]).length).toBe(3);
    expect((await call('GET', `/participants/${margaret}`)).body).toMatchObject({ erased: true });
  }, 60_000);

  it('says on /health when no process runs the projections, which the states it last committed would hide', async () => {
    expect((await call('GET', '/health')).body).toMatchObject({ status: 'ok', readModels: 'ok' });
    projector.kill('SIGTERM');
    await new Promise((r) => projector.on('exit', r));
    expect((await call('GET', '/health')).body).toMatchObject({ status: 'degraded', eventStore: 'ok', readModels: 'stopped' });
    const states = (await call('GET', '/projections')).body.items as { name: string; state: string }[];
    expect(states.map((p) => p.state)).toEqual(['stopped', 'stopped']);
    // As committed: live.
    expect(Object.values(checkpoints(data)).map(([, state]) => state)).toEqual(['live', 'live']);
    // A read that waits for a write to show says why it never will.
    const written = await call('POST', '/users', { name: 'Added while the projector is down', role: 'evaluator' });
    expect(written.status).toBe(201);
    const waited = await fetch(`${server.url}/audit?limit=1`, {
      headers: { authorization: `Bearer ${ADMIN}`, 'x-min-position': String(written.body.position) },
    });
    expect({ status: waited.status, body: await waited.json() }).toMatchObject({
      status: 503,
      body: { message: expect.stringMatching(/no process is bringing them up to date: start apps\/projector/) },
    });
  }, 60_000);
});

describe('apps/projector started before its server', () => {
  it('waits for the server to make the event store, saying so, and makes nothing of its own meanwhile', async () => {
    const dir = tempDir();
    const data = join(dir.path, 'data');
    const env = { ...process.env, PAIRTRAIL_DATA_DIR: data, PAIRTRAIL_SQLITE_SYNCHRONOUS: 'NORMAL' };
    const projector = spawn(process.execPath, [PROJECTOR], { env, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    projector.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
    try {
      await until(() => out.includes('holds no event store (events.db) yet: waiting for the server to make it'), 'the projector to say it waits');
      await new Promise((r) => setTimeout(r, 1500));
      expect(existsSync(data)).toBe(false);
      // The server's data arrives: the projector takes it up.
      expect(spawnSync(process.execPath, [CLI, 'demo'], { env, encoding: 'utf8' }).status).toBe(0);
      await until(
        () => Object.values(checkpoints(data)).length === 2 && Object.values(checkpoints(data)).every(([, state]) => state === 'live'),
        'the projector to catch up',
      );
    } finally {
      projector.kill('SIGTERM');
      await new Promise((r) => projector.on('exit', r));
      dir.remove();
    }
  }, 60_000);
});

describe('an API with PAIRTRAIL_PROJECTIONS=off before any projector has run', () => {
  it('answers a read with 503 and what to do, not a 500: there are no read models to read yet', async () => {
    const h = await ApiHarness.start({ PAIRTRAIL_PROJECTIONS: 'off' });
    try {
      await runDemo(h.runtime.app);
      const evaluator = await h.user('evaluator');
      for (const path of ['/pairs', '/evaluation/pairs', '/analytics/funnel', '/audit', '/cohorts', '/case-studies']) {
        const read = await h.request('GET', path, { token: evaluator });
        expect({ path, status: read.status, retryAfter: read.headers['retry-after'], body: read.body }).toEqual({
          path,
          status: 503,
          retryAfter: '1',
          body: {
            error: 'not-caught-up',
            message: expect.stringMatching(/^The read models have not been built yet.*If it is starting, try again shortly; if none runs, start one\.$/),
          },
        });
      }
      // What is there to see says so.
      expect((await h.request('GET', '/health', { token: null })).body).toMatchObject({ status: 'degraded', readModels: 'stopped' });
      expect((await h.request('GET', '/projections', { token: evaluator })).body.items).toMatchObject([{ state: 'stopped' }, { state: 'stopped' }]);
      const waited = await h.request('GET', '/pairs', { token: evaluator, headers: { 'x-min-position': '1' } });
      expect(waited).toMatchObject({ status: 503, body: { error: 'not-caught-up', message: expect.stringContaining('start apps/projector') } });
      // Writes go on: they need no read model.
      expect((await h.request('POST', '/cohorts', { token: await h.user('coordinator'), body: { name: 'Wave 2', startsOn: '2026-09-01' } })).status).toBe(201);
    } finally {
      await h.stop();
    }
  });
});
