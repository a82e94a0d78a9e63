import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join, resolve } from 'node:path';
import { PairtrailApplication, demoId, runDemo, streams } from '@pairtrail/application';
import { EventSerializer, SqliteEventStore } from '@pairtrail/event-store';
import { ALL_PROJECTIONS, ProjectionEngine, openReadModelDb } from '@pairtrail/projections';
import { tempDir } from '@pairtrail/testing';
import { readModelSnapshot as snapshot } from '../support/read-model-snapshot';

const PROJECTOR = resolve(__dirname, '../../apps/projector/dist/main.js');

describe('the projector process', () => {
  it('killed with SIGKILL mid-batch and restarted, ends with read models identical to a clean rebuild', async () => {
    const dir = tempDir();
    const data = join(dir.path, 'data');
    const serializer = new EventSerializer();
    const store = new SqliteEventStore({ path: join(data, 'events.db'), synchronous: 'NORMAL' });
    // A log big enough to be killed part-way: the demo, and its pairs' streams copied many times.
    await runDemo(new PairtrailApplication({ store, serializer }));
    const templates = await Promise.all(['cardiac', 'vanguard', 'neuro'].map((k) => store.readStream(streams.pair(demoId('pairId', `${k}:formed`)))));
    for (let i = 0; i < 150; i++) {
      const template = templates[i % 3]!;
      await store.appendToStream(
        streams.pair(randomUUID()),
        template.map((e) => ({ eventId: randomUUID(), type: e.type, data: e.data, metadata: e.metadata })),
      );
    }
    const head = (await store.stats()).lastPosition;
    const env = { ...process.env, PAIRTRAIL_DATA_DIR: data, PAIRTRAIL_PROJECTION_BATCH: '25', PAIRTRAIL_SQLITE_SYNCHRONOUS: 'NORMAL' };
    const readModels = join(data, 'readmodels.db');

    const first = spawn(process.execPath, [PROJECTOR], { env, stdio: 'ignore' });
    // Wait until some batches are committed but the projector is far from done, then kill it outright.
    let progressed = 0;
    for (let i = 0; i < 400 && progressed < 500; i++) {
      await new Promise((r) => setTimeout(r, 10));
      try {
        const db = new Database(readModels, { readonly: true, fileMustExist: true });
        progressed =
          (db.prepare("SELECT position FROM projection_checkpoints WHERE name = 'documents'").get() as { position: number } | undefined)?.position ?? 0;
        db.close();
      } catch {
        // Not created yet.
      }
    }
    first.kill('SIGKILL');
    await new Promise((r) => first.on('exit', r));
    expect(progressed).toBeGreaterThan(0);
    expect(BigInt(progressed)).toBeLessThan(head);

    const second = spawn(process.execPath, [PROJECTOR], { env, stdio: 'ignore' });
    for (let i = 0; i < 3000; i++) {
      await new Promise((r) => setTimeout(r, 20));
      const positions = snapshot(readModels).checkpoints as [string, number][];
      if (positions.every(([, p]) => BigInt(p) === head)) break;
    }
    second.kill('SIGTERM');
    await new Promise((r) => second.on('exit', r));

    const cleanPath = join(dir.path, 'clean.db');
    const db = openReadModelDb(cleanPath);
    const engine = new ProjectionEngine({ store, serializer, db, projections: ALL_PROJECTIONS });
    engine.start();
    await engine.settled();
    await engine.stop();
    db.close();
    await store.close();

    const recovered = snapshot(readModels);
    const clean = snapshot(cleanPath);
    expect(recovered.checkpoints).toEqual(clean.checkpoints);
    expect(Object.keys(recovered)).toEqual(Object.keys(clean));
    for (const key of Object.keys(clean)) expect(recovered[key]).toEqual(clean[key]);
    dir.remove();
  }, 120_000);
});
