import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { backupSqliteFile } from '@pairtrail/event-store';
import { ALL_PROJECTIONS } from '@pairtrail/projections';
import { EsdbEmulator, tempDir } from '@pairtrail/testing';
import { ApiHarness, type Reply } from '../support/api-harness';
import { readModelSnapshot } from '../support/read-model-snapshot';
import { recordDemoOverHttp } from '../support/demo-over-http';

const PROJECTOR = resolve(__dirname, '../../apps/projector/dist/main.js');

/**
 * A case study's provenance names the log position it was made at and when its last event was recorded:
 * those belong to each store (EventStoreDB positions are byte offsets), and the content hash covers them.
 * Everything else must be the same.
 */
function withoutStoreProvenance(text: string): string {
  return text
    .replace(/("position": )"\d+"/g, '$1"P"')
    .replace(/up to position \d+/g, 'up to position P')
    .replace(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z/g, 'RECORDED-AT')
    .replace(/[0-9a-f]{64}/g, 'HASH');
}

/** What an evaluator and a report writer read: every figure and every case study, in every format. */
async function readEverything(api: ApiHarness, token: string, position: string, pairIds: string[]): Promise<Record<string, unknown>> {
  const headers = { 'x-min-position': position };
  const get = async (url: string): Promise<Reply> => {
    const reply = await api.request('GET', url, { token, headers });
    if (reply.status !== 200) throw new Error(`GET ${url} answered ${reply.status}: ${reply.text}`);
    return reply;
  };
  const out: Record<string, unknown> = {};
  for (const url of [
    '/evaluation/pairs',
    '/evaluation/cohorts',
    '/evaluation/service-areas',
    '/analytics/monthly?from=2025-01&to=2026-11',
    '/analytics/funnel',
    '/evaluation/pairs?format=csv',
  ]) {
    // A CSV row says the log position its figures were read at, which belongs to each store.
    out[url] = (await get(url)).body ?? (await get(url)).text.replace(/,\d+\r\n/g, ',P\r\n');
  }
  for (const id of pairIds) {
    for (const format of ['json', 'md', 'html']) {
      out[`/case-studies/${id}?format=${format}`] = withoutStoreProvenance((await get(`/case-studies/${id}?format=${format}`)).text);
    }
    out[`/case-studies/${id}/versions`] = (await get(`/case-studies/${id}/versions`)).body;
  }
  return out;
}

describe('the whole application on EventStoreDB (the wire emulator)', () => {
  let emulator: EsdbEmulator;
  let onSqlite: ApiHarness;
  let onEsdb: ApiHarness;

  beforeAll(async () => {
    emulator = await EsdbEmulator.start({ batchAppend: true });
    onSqlite = await ApiHarness.start();
    onEsdb = await ApiHarness.start({ PAIRTRAIL_EVENT_STORE: 'esdb', EVENTSTORE_CONNECTION_STRING: emulator.connectionString });
  });
  afterAll(async () => {
    await onEsdb?.stop();
    await onSqlite?.stop();
    await emulator?.close();
  });

  it('runs the demo programme through the API, with evaluation figures and case studies equal to the same run on SQLite', async () => {
    const sqliteRun = await recordDemoOverHttp(onSqlite);
    const esdbRun = await recordDemoOverHttp(onEsdb);
    expect(esdbRun.pairIds).toEqual(sqliteRun.pairIds);
    // The events really are in the emulator's log, among its system events.
    const [sqliteStats, esdbStats] = await Promise.all([onSqlite.runtime.store.stats(), onEsdb.runtime.store.stats()]);
    expect(esdbStats.events).toBe(sqliteStats.events);
    expect(emulator.log.records.filter((r) => r.stream.startsWith('pair-')).length).toBeGreaterThan(50);
    expect(emulator.log.records.some((r) => r.type.startsWith('$'))).toBe(true);

    const onBoth = await Promise.all([
      readEverything(onSqlite, sqliteRun.coordinatorToken, sqliteRun.position, sqliteRun.pairIds),
      readEverything(onEsdb, esdbRun.coordinatorToken, esdbRun.position, esdbRun.pairIds),
    ]);
    expect(Object.keys(onBoth[1]).length).toBeGreaterThan(10);
    expect(onBoth[1]).toEqual(onBoth[0]);
    expect(JSON.stringify(onBoth[0])).toContain('up to position P');

    const verify = await onEsdb.request('GET', '/audit/verify');
    expect(verify.status).toBe(200);
    expect(verify.body.ok).toBe(true);

    // A report pack, its record checked on EventStoreDB up to the position of its figures.
    let report = await onEsdb.request('POST', '/reports', { body: {} });
    expect(report.status).toBe(202);
    while (report.body.state === 'running') {
      await new Promise((r) => setTimeout(r, 20));
      report = await onEsdb.request('GET', `/reports/${report.body.id}`);
    }
    const there = await onEsdb.request('GET', `/audit/verify?position=${report.body.position}`);
    expect(report.body).toMatchObject({ state: 'done', headDigest: there.body.headDigest, pack: `/reports/${report.body.id}/pack` });
    expect((await onEsdb.request('GET', report.body.pack)).headers['content-type']).toBe('application/zip');
  }, 120_000);

  it('lets apps/projector build the read models from EventStoreDB, equal to the API’s own', async () => {
    const position = (await onEsdb.runtime.store.stats()).lastPosition;
    await onEsdb.runtime.projections.waitFor(position);
    const dir = tempDir();
    try {
      const data = join(dir.path, 'data');
      mkdirSync(data, { recursive: true });
      copyFileSync(join(onEsdb.runtime.config.dataDir, 'master.key'), join(data, 'master.key'));
      await backupSqliteFile(onEsdb.runtime.config.keysPath, join(data, 'keys.db'));
      const env = { ...process.env, PAIRTRAIL_DATA_DIR: data, PAIRTRAIL_EVENT_STORE: 'esdb', EVENTSTORE_CONNECTION_STRING: emulator.connectionString };
      const projector = spawn(process.execPath, [PROJECTOR], { env, stdio: ['ignore', 'pipe', 'pipe'] });
      let stderr = '';
      projector.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const readModels = join(data, 'readmodels.db');
      let caughtUp = false;
      for (let i = 0; i < 600 && !caughtUp; i++) {
        await new Promise((r) => setTimeout(r, 50));
        try {
          const db = new Database(readModels, { readonly: true, fileMustExist: true });
          const rows = db.prepare('SELECT position FROM projection_checkpoints').all() as { position: number }[];
          db.close();
          caughtUp = rows.length === ALL_PROJECTIONS.length && rows.every((r) => BigInt(r.position) >= position);
        } catch {
          // Not created yet.
        }
      }
      projector.kill('SIGTERM');
      await new Promise((r) => projector.on('exit', r));
      expect({ caughtUp, stderr }).toEqual({ caughtUp: true, stderr: '' });
      expect(readModelSnapshot(readModels)).toEqual(readModelSnapshot(onEsdb.runtime.config.readModelsPath));
    } finally {
      dir.remove();
    }
  }, 60_000);
});
