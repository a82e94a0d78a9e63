import Database from 'better-sqlite3';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { randomUUID } from 'node:crypto';
import { CaseStudies, PairtrailApplication, STREAM_CATEGORIES, demoId, loadConfig, openStore } from '@pairtrail/application';
import type { CaseStudy } from '@pairtrail/case-studies';
import { EsdbEventStore, SqliteEventStore, copyLog, destroyedKeys, eventsOfType, sha256 } from '@pairtrail/event-store';
import { EsdbEmulator, tempDir } from '@pairtrail/testing';

const CLI = resolve(__dirname, '../dist/main.js');

/** Runs the built CLI without blocking this process, which serves the emulator the CLI talks to. */
function pairtrail(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, PAIRTRAIL_SQLITE_SYNCHRONOUS: 'NORMAL', ...env } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code: code ?? -1, stdout, stderr })));
}

describe('pairtrail migrate --from sqlite --to esdb', () => {
  let dir: ReturnType<typeof tempDir>;
  let data: string;
  let emulator: EsdbEmulator;

  beforeAll(() => {
    if (!existsSync(CLI)) execFileSync(process.execPath, [resolve(__dirname, '../../../scripts/build.mjs'), '--quiet']);
  });
  beforeEach(async () => {
    dir = tempDir();
    data = join(dir.path, 'data');
    emulator = await EsdbEmulator.start();
    const demo = spawnSync(process.execPath, [CLI, 'demo', '--data-dir', data], {
      encoding: 'utf8',
      env: { ...process.env, PAIRTRAIL_SQLITE_SYNCHRONOUS: 'NORMAL' },
    });
    expect(demo.status).toBe(0);
  });
  afterEach(async () => {
    await emulator.close();
    dir.remove();
  });

  it('resumes an interrupted copy, shows progress, and ends with every event once, in log order, verifying on EventStoreDB', async () => {
    const source = new SqliteEventStore({ path: join(data, 'events.db') });
    const sourceEvents = await source.readAll({ maxCount: 100_000 });
    // A first run that dies after its first batch, with its checkpoint written before the batch's appends did.
    const target = new EsdbEventStore({ connectionString: emulator.connectionString, categories: STREAM_CATEGORIES });
    const crash = copyLog(source, target, {
      batchSize: 40,
      onProgress: () => {
        throw new Error('simulated crash');
      },
    });
    await expect(crash).rejects.toThrow('simulated crash');
    await target.close();
    await source.close();
    writeFileSync(
      join(data, 'migrate-to-esdb.json'),
      JSON.stringify({ target: sha256(emulator.connectionString), position: sourceEvents[9]!.position.toString(), copied: 10 }),
    );

    const run = await pairtrail(['migrate', '--from', 'sqlite', '--to', 'esdb', '--connection-string', emulator.connectionString, '--data-dir', data]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('resuming: 10 events were copied before');
    expect(run.stdout).toMatch(new RegExp(`copied ${sourceEvents.length} of ${sourceEvents.length} events \\(100%\\)`));
    expect(run.stdout).toMatch(/ok: \d+ events in 12 streams verify on EventStoreDB; head digest [0-9a-f]{64}, as on the embedded store/);

    // Every event copied once, in log order; then the demo's two approved case-study versions carried over.
    const appended = emulator.log.records.filter((r) => !r.stream.startsWith('$'));
    const copied = appended.filter((r) => r.type !== 'CaseStudyVersionCarriedOver');
    expect(appended.slice(copied.length).map((r) => r.type)).toEqual(['CaseStudyVersionCarriedOver', 'CaseStudyVersionCarriedOver']);
    expect(copied.map((r) => r.id)).toEqual(sourceEvents.map((e) => e.eventId));
    expect(copied.map((r) => JSON.parse(Buffer.from(r.customMetadata).toString()))).toEqual(sourceEvents.map((e) => e.metadata));
    expect(JSON.parse(readFileSync(join(data, 'migrate-to-esdb.json'), 'utf8')).copied).toBe(sourceEvents.length);

    // Run again: nothing new to copy, and it still verifies.
    const again = await pairtrail(['migrate', '--from', 'sqlite', '--to', 'esdb', '--connection-string', emulator.connectionString, '--data-dir', data]);
    expect(again.code).toBe(0);
    expect(emulator.log.records.filter((r) => !r.stream.startsWith('$'))).toHaveLength(appended.length);
  });

  it("leaves the data directory's read models to be built again from EventStoreDB, whose positions are not the embedded store's", async () => {
    // Read models built from the embedded store, by a version that did not say which log they came from.
    const built = await pairtrail(['audit', 'export', '--format', 'jsonl', '--out', join(dir.path, 'before.jsonl'), '--data-dir', data]);
    expect(built.code).toBe(0);
    const readModels = new Database(join(data, 'readmodels.db'));
    readModels.exec('DELETE FROM read_model_log');
    readModels.close();
    const before = readFileSync(join(dir.path, 'before.jsonl'), 'utf8').trim().split('\n');

    const run = await pairtrail(['migrate', '--from', 'sqlite', '--to', 'esdb', '--connection-string', emulator.connectionString, '--data-dir', data]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('builds the read models again');
    const onEsdb = { PAIRTRAIL_EVENT_STORE: 'esdb', EVENTSTORE_CONNECTION_STRING: emulator.connectionString };
    const exported = await pairtrail(['audit', 'export', '--format', 'jsonl', '--out', join(dir.path, 'after.jsonl'), '--data-dir', data], onEsdb);
    expect(exported.code).toBe(0);
    expect(exported.stderr).toContain("The read models were built from the embedded store's log");
    // Every event once, at EventStoreDB's positions, and otherwise the same rows.
    const after = readFileSync(join(dir.path, 'after.jsonl'), 'utf8').trim().split('\n');
    const withoutPosition = (line: string) => ({ ...(JSON.parse(line) as Record<string, unknown>), position: undefined });
    // Beside them, the two approved case-study versions the copy carried over, each stating where it now stands.
    const carried = after.filter((line) => line.includes('"type":"CaseStudyVersionCarriedOver"'));
    expect(carried).toHaveLength(2);
    expect(after.filter((line) => !carried.includes(line)).map(withoutPosition)).toEqual(before.map(withoutPosition));
    const onTheLog = emulator.log.records.filter((r) => !r.stream.startsWith('$')).map((r) => r.id);
    expect(after.map((line) => (JSON.parse(line) as { eventId: string }).eventId)).toEqual(onTheLog);
  });

  it('carries the approved case-study versions over, so each is served on EventStoreDB byte-identical to what was approved', async () => {
    // The demo's versions on the embedded store: the cardiac pair's approved by both partners and published, the neuro pair's approved by one.
    const sqliteConfig = loadConfig({ ...process.env, PAIRTRAIL_EVENT_STORE: 'sqlite' }, { dataDir: data });
    const embedded = openStore(sqliteConfig);
    const caseStudies = new CaseStudies({ store: embedded.store, serializer: embedded.serializer });
    const approved: { pairId: string; caseStudy: CaseStudy; published: boolean }[] = [];
    for await (const formed of eventsOfType(embedded.store, 'PairFormed')) {
      const pairId = formed.stream.slice('pair-'.length);
      for (const { contentHash, published } of await caseStudies.versions(pairId))
        approved.push({ pairId, caseStudy: await caseStudies.version(pairId, contentHash), published });
    }
    expect(approved.map((a) => a.published).sort()).toEqual([false, true]);
    await embedded.close();

    const args = ['migrate', '--from', 'sqlite', '--to', 'esdb', '--connection-string', emulator.connectionString, '--data-dir', data];
    const run = await pairtrail(args);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('2 approved case-study versions carried over');

    const onEsdb = openStore({ ...sqliteConfig, eventStore: 'esdb', eventStoreConnectionString: emulator.connectionString });
    try {
      const there = new CaseStudies({ store: onEsdb.store, serializer: onEsdb.serializer });
      for (const { pairId, caseStudy, published } of approved) {
        const { contentHash, position } = caseStudy.provenance;
        // The same bytes, stating the position it was approved at, though it is read up to another here.
        expect(await there.version(pairId, contentHash)).toEqual(caseStudy);
        const [version] = await there.versions(pairId);
        expect(version).toMatchObject({ contentHash, position, published });
      }
      // A second run copies and carries over nothing more, and still verifies.
      const again = await pairtrail(args);
      expect(again.code).toBe(0);
      expect(again.stdout).not.toContain('carried over');
      expect(again.stdout).toMatch(/ok: \d+ events in \d+ streams verify on EventStoreDB/);
      const published = approved.find((a) => a.published)!.pairId;
      expect((await onEsdb.store.readStream(`casestudy-${published}`)).map((e) => e.type)).toEqual([
        'CaseStudyApproved',
        'CaseStudyApproved',
        'CaseStudyPublished',
        'CaseStudyVersionCarriedOver',
      ]);
    } finally {
      await onEsdb.close();
    }
  });

  it('refuses to run on an EventStoreDB that holds none of the events the data directory holds, until they are migrated', async () => {
    const onEsdb = { PAIRTRAIL_EVENT_STORE: 'esdb', EVENTSTORE_CONNECTION_STRING: emulator.connectionString, PAIRTRAIL_LOG_LEVEL: 'warn' };
    const forgotten =
      /^pairtrail: .* holds the embedded event store \(events\.db, \d+ events\), but the EventStoreDB of EVENTSTORE_CONNECTION_STRING holds none of Pairtrail's events\. Was "pairtrail migrate --from sqlite --to esdb" forgotten\? .* Nothing was changed\.\n$/;
    const served = await pairtrail(['serve', '--port', '0', '--data-dir', data], onEsdb);
    expect(served).toMatchObject({ code: 2, stderr: expect.stringMatching(forgotten) });
    expect(await pairtrail(['users', 'list', '--data-dir', data], onEsdb)).toMatchObject({ code: 2, stderr: expect.stringMatching(forgotten) });
    // Nothing was written there: no administrator made, no event of any kind.
    expect(emulator.log.records.filter((r) => !r.stream.startsWith('$'))).toEqual([]);

    expect((await pairtrail(['migrate', '--from', 'sqlite', '--to', 'esdb', '--connection-string', emulator.connectionString, '--data-dir', data])).code).toBe(
      0,
    );
    const stats = await pairtrail(['stats', '--json', '--data-dir', data], onEsdb);
    expect(stats).toMatchObject({ code: 0, stderr: '' });
    expect((JSON.parse(stats.stdout) as { events: number }).events).toBeGreaterThan(100);

    // A second instance on the same EventStoreDB, in a data directory of its own without the keys.db
    // (a lost volume, or a new instance) is refused before it records anything: its keys would seal
    // what it records where the first cannot read it, and it could read no one's personal data.
    const second = join(dir.path, 'second');
    const otherKeys =
      /^pairtrail: .*second\/keys\.db is not the keys\.db of the log in the EventStoreDB of EVENTSTORE_CONNECTION_STRING: (\d+) of the \1 people, pairs and users whose personal data its first \d+ events seal have keys it has never held.* Put back the keys\.db this log was recorded with, .*"pairtrail restore BACKUP_DIR" puts a backup's keys back.* Nothing was recorded\.\n$/;
    const written = emulator.log.records.length;
    const adminToken = { PAIRTRAIL_ADMIN_TOKEN: 'second-instance-admin-token-0123456789abcdef' };
    expect(await pairtrail(['serve', '--port', '0', '--data-dir', second], { ...onEsdb, ...adminToken })).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(otherKeys),
    });
    expect(await pairtrail(['evaluation', '--every', 'pairs', '--data-dir', second], onEsdb)).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(otherKeys),
    });
    expect(emulator.log.records.length).toBe(written);
    // With the first instance's keys.db and master key, it reads everyone's data as the first does.
    for (const file of ['keys.db', 'master.key']) copyFileSync(join(data, file), join(second, file));
    const figures = await pairtrail(['evaluation', '--every', 'pairs', '--format', 'csv', '--data-dir', second], onEsdb);
    expect(figures).toMatchObject({
      code: 0,
      stdout: (await pairtrail(['evaluation', '--every', 'pairs', '--format', 'csv', '--data-dir', data], onEsdb)).stdout,
    });
    expect(figures.stdout.trim().split('\n')).toHaveLength(4);
  });

  it('names the bad option, and refuses to copy over other events', async () => {
    const bad = await pairtrail(['migrate', '--from', 'sqlite', '--to', 'postgres', '--connection-string', emulator.connectionString, '--data-dir', data]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--to must be one of sqlite, esdb, not "postgres"');
    const missing = await pairtrail(['migrate', '--from', 'sqlite', '--to', 'esdb', '--data-dir', data], { EVENTSTORE_CONNECTION_STRING: '' });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--connection-string');
    // One the client cannot read is named by where it goes wrong, never quoted: it may hold a password.
    const unreadable = await pairtrail([
      'migrate',
      '--from',
      'sqlite',
      '--to',
      'esdb',
      '--connection-string',
      'esdb://admin:s3cret@x:2113?tls=maybe',
      '--data-dir',
      data,
    ]);
    expect(unreadable).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/^pairtrail: --connection-string cannot be read: at character 32, EventStoreDB's client expected true or false\./),
    });
    expect(unreadable.stderr).not.toContain('s3cret');

    const source = new SqliteEventStore({ path: join(data, 'events.db') });
    const [first] = await source.readAll({ maxCount: 1 });
    await source.close();
    const other = new EsdbEventStore({ connectionString: emulator.connectionString });
    await other.appendToStream(first!.stream, [{ eventId: '6b0e3c1e-96f5-4d55-b7a9-9c6f0b0e0a11', type: 'Other', data: {}, metadata: {} }]);
    await other.close();
    const conflict = await pairtrail(['migrate', '--from', 'sqlite', '--to', 'esdb', '--connection-string', emulator.connectionString, '--data-dir', data]);
    expect(conflict).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(
        new RegExp(
          `^pairtrail: The EventStoreDB to copy into already holds 1 events of another log \\(its first, Other in ${first!.stream}, is not this store's first\\)\\. .* Nothing was copied\\.\\n$`,
        ),
      ),
    });
    // Nothing of this log went in beside it.
    expect(emulator.log.records.filter((r) => !r.stream.startsWith('$')).map((r) => r.id)).toEqual(['6b0e3c1e-96f5-4d55-b7a9-9c6f0b0e0a11']);
  });

  it("refuses to copy into an EventStoreDB that holds another programme's log, before copying anything", async () => {
    const other = join(dir.path, 'other');
    expect(spawnSync(process.execPath, [CLI, 'generate', '--pairs', '2', '--months', '1', '--data-dir', other], { encoding: 'utf8' }).status).toBe(0);
    const args = (from: string) => ['migrate', '--from', 'sqlite', '--to', 'esdb', '--connection-string', emulator.connectionString, '--data-dir', from];
    expect((await pairtrail(args(other))).code).toBe(0);
    const theirs = emulator.log.records.filter((r) => !r.stream.startsWith('$')).length;

    const ours = await pairtrail(args(data));
    expect(ours).toMatchObject({ code: 1, stderr: expect.stringMatching(/already holds \d+ events of another log .* Nothing was copied\.\n$/) });
    expect(emulator.log.records.filter((r) => !r.stream.startsWith('$'))).toHaveLength(theirs);
    // The other programme's own migration, run again, is still its own.
    expect((await pairtrail(args(other))).code).toBe(0);
  });
});

describe('pairtrail backup and restore on EventStoreDB (the keys, beside its own backups of the log)', () => {
  let dir: ReturnType<typeof tempDir>;
  let live: EsdbEmulator;
  let restored: EsdbEmulator;

  beforeEach(async () => {
    dir = tempDir();
    [live, restored] = await Promise.all([EsdbEmulator.start(), EsdbEmulator.start()]);
  });
  afterEach(async () => {
    await Promise.all([live.close(), restored.close()]);
    dir.remove();
  });

  it('puts the keys back, keeping erased anyone erased since, and recording their erasure in the restored log', async () => {
    const data = join(dir.path, 'data');
    const onEsdb = (emulator: EsdbEmulator) => ({ PAIRTRAIL_EVENT_STORE: 'esdb', EVENTSTORE_CONNECTION_STRING: emulator.connectionString });
    expect((await pairtrail(['demo', '--data-dir', data], onEsdb(live))).code).toBe(0);
    // EventStoreDB's own backup of the log, restored later into another server: here, a copy made now.
    const config = loadConfig({ ...process.env, ...onEsdb(live) }, { dataDir: data });
    const opened = openStore(config);
    const copy = new EsdbEventStore({ connectionString: restored.connectionString, categories: STREAM_CATEGORIES });
    await copyLog(opened.store, copy);
    await copy.close();
    // Someone registered after it, and Pairtrail's backup of the keys, taken after that: it holds their key.
    const app = new PairtrailApplication({ store: opened.store, serializer: opened.serializer });
    const system = () => ({ commandId: randomUUID(), actor: 'system' as const, source: 'cli' as const });
    const register = { name: 'Late Comer', perspective: 'professional', role: 'nurse', organisation: 'Trust', organisationType: 'acute-trust' } as const;
    const later = (await app.execute({ type: 'RegisterParticipant', data: register }, system())).id;
    const backup = join(dir.path, 'backup');
    expect((await pairtrail(['backup', '--out', backup, '--data-dir', data], onEsdb(live))).code).toBe(0);
    // Then both are erased at their request: each erasure recorded, each key destroyed.
    const erased = demoId('participantId', 'person:margaret');
    for (const participantId of [erased, later]) {
      await app.execute({ type: 'EraseParticipant', data: { participantId, reason: 'asked to be forgotten' } }, system());
      opened.keys.destroy(`participant-${participantId}`);
    }
    await opened.close();

    // The log is restored (from before the erasure), then the keys, which the restore keeps from bringing her back.
    const args = ['restore', backup, '--data-dir', data];
    expect(await pairtrail(args, onEsdb(restored))).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/already holds keys; stop the server and pass --force/),
    });
    const run = await pairtrail([...args, '--force'], onEsdb(restored));
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toContain(`kept erased participant ${erased}:`);
    // The one the restored log has not reached is not in it, but the restored keys held theirs: it is gone too.
    expect(destroyedKeys(join(data, 'keys.db')).has(`participant-${erased}`)).toBe(true);
    expect(destroyedKeys(join(data, 'keys.db')).has(`participant-${later}`)).toBe(true);
    const after = openStore(loadConfig({ ...process.env, ...onEsdb(restored) }, { dataDir: data }));
    try {
      const hers = await after.store.readStream(`participant-${erased}`);
      expect(hers[hers.length - 1]!.type).toBe('ParticipantErased');
      // Everyone else reads as before.
      const cs = await new CaseStudies({ store: after.store, serializer: after.serializer }).generate(demoId('pairId', 'neuro:formed'));
      expect(cs.ok && JSON.stringify(cs.caseStudy)).toContain('Claire Bennett');
    } finally {
      await after.close();
    }
  });
});
