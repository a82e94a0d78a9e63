import { BACKWARDS, END, EventStoreDBClient, FORWARDS, jsonEvent, streamNameFilter, type Position } from '@eventstore/db-client';
import { execFileSync, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { EsdbEmulator } from './esdb-emulator';

const root = join(__dirname, '..', '..', '..', '..');

describe('the EventStoreDB wire emulator', () => {
  let emulator: EsdbEmulator;
  let client: EventStoreDBClient;

  beforeAll(async () => {
    emulator = await EsdbEmulator.start({ systemEventEvery: 0 });
    client = EventStoreDBClient.connectionString(emulator.connectionString);
  });
  afterAll(async () => {
    await client.dispose();
    await emulator.close();
  });

  it("loads the client's generated code from the installed package, and the repository holds no copy of it", () => {
    for (const file of ['streams_grpc_pb', 'streams_pb', 'shared_pb', 'serverfeatures_grpc_pb']) {
      expect(require.resolve(`@eventstore/db-client/generated/${file}`)).toContain(join('node_modules', '@eventstore', 'db-client', 'generated'));
    }
    const tracked = execFileSync('git', ['ls-files'], { cwd: root, encoding: 'utf8' }).split('\n');
    expect(tracked.filter((f) => /(_pb\.(js|d\.ts)|\.proto)$/.test(f))).toEqual([]);
  });

  it('holds system events in $all, as a fresh server does', async () => {
    const types: string[] = [];
    for await (const resolved of client.readAll({ direction: FORWARDS, maxCount: 10 })) types.push(resolved.event!.type);
    expect(types.slice(0, 3)).toEqual(['$epoch-information', '$User', '$metadata']);
  });

  it('reads $all forwards from a position including the event there, and backwards from the end', async () => {
    const stream = `thing-${randomUUID()}`;
    await client.appendToStream(stream, [jsonEvent({ type: 'A', data: {} }), jsonEvent({ type: 'B', data: {} })]);
    const backwards: { type: string; position: Position }[] = [];
    for await (const resolved of client.readAll({ direction: BACKWARDS, fromPosition: END, maxCount: 2 })) {
      backwards.push({ type: resolved.event!.type, position: resolved.event!.position });
    }
    expect(backwards.map((e) => e.type)).toEqual(['B', 'A']);
    const forwards: string[] = [];
    for await (const resolved of client.readAll({ fromPosition: backwards[1]!.position, maxCount: 5 })) forwards.push(resolved.event!.type);
    expect(forwards).toEqual(['A', 'B']);
  });

  it('sends checkpoints and the caught-up signal on a filtered subscription', async () => {
    for (let i = 0; i < 5; i++) await client.appendToStream(`other-${randomUUID()}`, [jsonEvent({ type: 'Noise', data: { i } })]);
    const checkpoints: bigint[] = [];
    const subscription = client.subscribeToAll({
      filter: streamNameFilter({
        prefixes: ['wanted-'],
        checkpointInterval: 1,
        maxSearchWindow: 2,
        checkpointReached: (_s, p) => void checkpoints.push(p.commit),
      }),
    });
    const caughtUp = new Promise<void>((resolve) => subscription.once('caughtUp', resolve));
    await caughtUp;
    expect(checkpoints.length).toBeGreaterThan(2);
    expect([...checkpoints].sort((a, b) => (a < b ? -1 : 1))).toEqual(checkpoints);
    await client.appendToStream(`wanted-${randomUUID()}`, [jsonEvent({ type: 'Wanted', data: {} })]);
    for await (const resolved of subscription) {
      expect(resolved.event!.type).toBe('Wanted');
      break;
    }
    await subscription.unsubscribe();
  });

  it('runs standalone with npm run esdb-emulator, on a port and an append path of your choice', async () => {
    const child = spawn(process.execPath, [join(root, 'libs/testing/dist/esdb-emulator/main.js'), '--port', '0', '--batch-append', 'off'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      const line = await new Promise<string>((resolve, reject) => {
        child.stdout.once('data', (chunk: Buffer) => resolve(chunk.toString()));
        child.once('exit', (code) => reject(new Error(`exited with ${code}`)));
      });
      expect(line).toMatch(/listening: esdb:\/\/127\.0\.0\.1:\d+\?tls=false \(BatchAppend off\)/);
      const standalone = EventStoreDBClient.connectionString(/(esdb:\/\/\S+)/.exec(line)![1]!);
      const result = await standalone.appendToStream('thing-1', [jsonEvent({ type: 'Tried', data: {} })]);
      expect(result.nextExpectedRevision).toBe(0n);
      await standalone.dispose();
    } finally {
      child.kill('SIGTERM');
    }
    const bad = spawn(process.execPath, [join(root, 'libs/testing/dist/esdb-emulator/main.js'), '--batch-append', 'maybe'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    bad.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => bad.once('exit', resolve));
    expect(code).not.toBe(0);
    expect(stderr).toContain('--batch-append must be on or off');
  });
});
