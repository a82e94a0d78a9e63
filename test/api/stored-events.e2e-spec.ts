import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { demoId, runDemo } from '@pairtrail/application';
import { EsdbEmulator, tempDir } from '@pairtrail/testing';
import { ApiHarness } from '../support/api-harness';

const CHECK_LOG = join(__dirname, '..', '..', 'scripts', 'check-log.mjs');

/** What scripts/check-log.mjs says of a log written to a file: its exit status and output. */
function checkLog(dir: string, text: string): { status: number | null; out: string; digest?: string } {
  const file = join(dir, 'events.jsonl');
  writeFileSync(file, text);
  const run = spawnSync(process.execPath, [CHECK_LOG, file], { encoding: 'utf8' });
  return { status: run.status, out: run.stdout + run.stderr, digest: /head digest ([0-9a-f]{64})/.exec(run.stdout)?.[1] };
}

describe('scripts/check-log.mjs, the check of the record with no Pairtrail code', () => {
  it('imports nothing of Pairtrail: only Node.js and an RFC 8785 implementation other than the one Pairtrail hashes with', () => {
    const imports = [...readFileSync(CHECK_LOG, 'utf8').matchAll(/^import .* from '([^']+)';$/gm)].map((m) => m[1]);
    expect(imports).toEqual(['node:crypto', 'node:fs', 'node:readline', 'canonicalize']);
    const ours = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    expect(Object.keys(ours.dependencies)).toEqual(expect.arrayContaining(['canonicalize', 'json-canonicalize']));
  });
});

describe.each(['sqlite', 'esdb'] as const)('GET /audit/events on %s: the record as stored, checked with tools of your own', (storeKind) => {
  let h: ApiHarness;
  let emulator: EsdbEmulator | undefined;
  let evaluator: string;
  let dir: ReturnType<typeof tempDir>;
  const cardiac = demoId('pairId', 'cardiac:formed');

  beforeAll(async () => {
    if (storeKind === 'esdb') emulator = await EsdbEmulator.start();
    h = await ApiHarness.start(emulator ? { PAIRTRAIL_EVENT_STORE: 'esdb', EVENTSTORE_CONNECTION_STRING: emulator.connectionString } : {});
    await runDemo(h.runtime.app, { caseStudies: false });
    evaluator = await h.user('evaluator');
    dir = tempDir();
  });
  afterAll(async () => {
    await h.stop();
    await emulator?.close();
    dir.remove();
  });

  const verified = async (position?: string) =>
    (await h.request('GET', `/audit/verify${position ? `?position=${position}` : ''}`, { token: evaluator })).body as { headDigest: string; position: string };
  const lines = (text: string) => text.trim().split('\n');

  it('gives every event as stored, personal data sealed, from which the head digest is worked out again', async () => {
    const head = (await h.runtime.store.headPosition()).toString();
    const res = await h.request('GET', '/audit/events', { token: evaluator });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/x-ndjson/);
    expect(res.headers['x-log-position']).toBe(head);
    expect(res.headers['content-disposition']).toBe(`attachment; filename="events-up-to-${head}.jsonl"`);
    const events = lines(res.text).map((line) => JSON.parse(line) as { position: string; stream: string; data: Record<string, unknown> });
    expect(events).toHaveLength((await h.runtime.store.stats()).events);
    expect(events[events.length - 1]!.position).toBe(head);
    expect(res.text).toContain('"$enc":"aes-256-gcm"');
    expect(res.text).not.toContain('Margaret Hughes');

    const checked = checkLog(dir.path, res.text);
    expect(checked.out).toMatch(new RegExp(`^ok: ${events.length} events in \\d+ streams, up to position ${head}\\n`));
    expect(checked.status).toBe(0);
    expect(checked.digest).toBe((await verified()).headDigest);
  });

  it("gives the log up to a report's position, whose head digest is the one quoted", async () => {
    const all = lines((await h.request('GET', '/audit/events', { token: evaluator })).text).map((l) => JSON.parse(l) as { position: string });
    const position = all[Math.floor(all.length / 2)]!.position;
    const res = await h.request('GET', `/audit/events?position=${position}`, { token: evaluator });
    expect(res.headers['x-log-position']).toBe(position);
    expect(lines(res.text)).toHaveLength(Math.floor(all.length / 2) + 1);
    const checked = checkLog(dir.path, res.text);
    expect(checked.status).toBe(0);
    expect(checked.digest).toBe((await verified(position)).headDigest);
    expect(checked.digest).not.toBe((await verified()).headDigest);
  });

  it('finds a changed, a missing and a rehashed event, naming the stream and revision', async () => {
    const text = (await h.request('GET', '/audit/events', { token: evaluator })).text;
    const pairLines = lines(text).filter((l) => l.includes(`"stream":"pair-${cardiac}"`));

    // A meeting made longer than it was.
    const meeting = pairLines.find((l) => l.includes('"type":"MeetingHeld"'))!;
    const { revision } = JSON.parse(meeting) as { revision: string };
    const changed = text.replace(meeting, meeting.replace('"durationMinutes":', '"durationMinutes":1'));
    expect(changed === text).toBe(false);
    const afterChange = checkLog(dir.path, changed);
    expect(afterChange.status).toBe(1);
    expect(afterChange.out).toContain(
      `broken: stream pair-${cardiac}, revision ${revision} (line ${lines(text).indexOf(meeting) + 1}): its hash is not what its content gives`,
    );

    const missing = checkLog(dir.path, text.replace(`${pairLines[5]!}\n`, ''));
    expect(missing.status).toBe(1);
    expect(missing.out).toMatch(new RegExp(`broken: stream pair-${cardiac}, revision 6 \\(line \\d+\\): revision 6 where 5 was due: an event is missing`));

    // An event's hash recomputed to match a change still breaks the chain at the next one.
    const event = JSON.parse(pairLines[4]!) as { metadata: { hash: string } };
    const rehashed = checkLog(dir.path, text.replace(pairLines[4]!, JSON.stringify({ ...event, metadata: { ...event.metadata, hash: 'f'.repeat(64) } })));
    expect(rehashed.status).toBe(1);
    expect(rehashed.out).toContain(`broken: stream pair-${cardiac}, revision 4`);

    expect(checkLog(dir.path, 'not json\n')).toMatchObject({ status: 2, out: expect.stringContaining('line 1 is not JSON') });
  });

  it('is for evaluators and admins, up to a position this log holds', async () => {
    const coordinator = await h.user('coordinator');
    expect((await h.request('GET', '/audit/events', { token: coordinator })).status).toBe(403);
    const bad = await h.request('GET', '/audit/events?position=soon', { token: evaluator });
    expect(bad.status).toBe(400);
    expect(bad.body.details).toEqual([{ field: 'position', message: 'must be a log position, a whole number' }]);
    const past = await h.request('GET', `/audit/events?position=${(await h.runtime.store.headPosition()) + 1000n}`, { token: evaluator });
    expect(past.status).toBe(400);
    expect(past.body.details[0].message).toMatch(/^is past the end of this log/);
  });
});
