import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { keyStoreOpensWith } from '@pairtrail/event-store';
import { damageTable, tempDir } from '@pairtrail/testing';
import { PairtrailApplication, demoId, loadConfig, openStore } from '@pairtrail/application';

/** Erases a participant in a data directory as the API does: the event recorded, then their key destroyed. */
async function erase(dataDir: string, participantId: string): Promise<void> {
  const opened = openStore(loadConfig({ ...process.env, PAIRTRAIL_SQLITE_SYNCHRONOUS: 'NORMAL' }, { dataDir }), { onNotice: () => undefined });
  try {
    const app = new PairtrailApplication({ store: opened.store, serializer: opened.serializer });
    await app.execute(
      { type: 'EraseParticipant', data: { participantId, reason: 'asked to be erased' } },
      { commandId: randomBytes(16).toString('hex'), actor: 'system', source: 'cli' },
    );
    opened.keys.destroy(`participant-${participantId}`);
  } finally {
    await opened.close();
  }
}

const CLI = resolve(__dirname, '../dist/main.js');

/** Runs the built CLI as a user would, and returns its exit code and output. */
function pairtrail(args: string[], env: NodeJS.ProcessEnv = {}): { code: number; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env: { ...process.env, PAIRTRAIL_SQLITE_SYNCHRONOUS: 'NORMAL', ...env } });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

describe('pairtrail CLI', () => {
  let dir: ReturnType<typeof tempDir>;
  let data: string;

  beforeAll(() => {
    if (!existsSync(CLI)) execFileSync(process.execPath, [resolve(__dirname, '../../../scripts/build.mjs'), '--quiet']);
  });
  beforeEach(() => {
    dir = tempDir();
    data = join(dir.path, 'data');
  });
  afterEach(() => dir.remove());

  it("prints its version, the root package's, for reporting a problem against", () => {
    const version = (JSON.parse(readFileSync(resolve(__dirname, '../../../package.json'), 'utf8')) as { version: string }).version;
    for (const flag of ['--version', '-V']) expect(pairtrail([flag])).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
  });

  it('records the demo programme once; a second run leaves stats unchanged', () => {
    const first = pairtrail(['demo', '--data-dir', data]);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/Recorded the demo programme/);
    expect(first.stdout).toMatch(/MeetingHeld/);
    const stats = JSON.parse(pairtrail(['stats', '--json', '--data-dir', data]).stdout) as { events: number; streams: number; lastPosition: string };
    expect(stats.events).toBeGreaterThan(100);
    expect(stats.streams).toBe(12);
    const second = pairtrail(['demo', '--data-dir', data]);
    expect(second.stdout).toMatch(/nothing was appended/);
    expect(JSON.parse(pairtrail(['stats', '--json', '--data-dir', data]).stdout)).toEqual(stats);
  });

  it("refuses to restore another programme's backup over this one, which would be gone", () => {
    expect(pairtrail(['demo', '--data-dir', data]).code).toBe(0);
    const other = join(dir.path, 'other');
    expect(pairtrail(['generate', '--pairs', '2', '--months', '1', '--data-dir', other]).code).toBe(0);
    const backup = join(dir.path, 'other-backup');
    expect(pairtrail(['backup', '--out', backup, '--data-dir', other]).code).toBe(0);
    const before = pairtrail(['verify', '--json', '--data-dir', data]).stdout;

    const restored = pairtrail(['restore', backup, '--force', '--data-dir', data]);
    expect(restored).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(
        /^pairtrail: The backup is of another log than .*'s: their first events differ \(CohortOpened in cohort-.*\)\. .* Nothing was restored\.\n$/,
      ),
    });
    expect(pairtrail(['verify', '--json', '--data-dir', data]).stdout).toBe(before);
    // A backup of this programme itself is restored as before.
    const own = join(dir.path, 'own-backup');
    expect(pairtrail(['backup', '--out', own, '--data-dir', data]).code).toBe(0);
    expect(pairtrail(['restore', own, '--force', '--data-dir', data]).code).toBe(0);
  });

  it('records no made-up programme (the demo, or a generated one) beside a real one, which would keep it for good', () => {
    const people = join(dir.path, 'people.csv');
    writeFileSync(
      people,
      'name,perspective,role,organisation,organisationType,registeredOn,consents,consentEvidence,consentOn\nAnn Smith,lived-experience,carer,Northfield Carers,voluntary-group,2026-01-10,participation,signed form,2026-01-10\n',
    );
    expect(pairtrail(['import', 'participants', people, '--data-dir', data]).code).toBe(0);
    const before = pairtrail(['stats', '--json', '--data-dir', data]).stdout;
    for (const args of [['demo'], ['generate', '--pairs', '2', '--months', '1']]) {
      expect(pairtrail([...args, '--data-dir', data])).toMatchObject({
        code: 1,
        stderr: expect.stringMatching(
          /^pairtrail: .* holds 2 events of another programme\. .* is made up, and events are never removed.* Nothing was recorded\.\n$/,
        ),
      });
    }
    expect(pairtrail(['stats', '--json', '--data-dir', data]).stdout).toBe(before);

    // An administrator made at a first start is no programme: the demo may still go there.
    const fresh = join(dir.path, 'fresh');
    expect(pairtrail(['users', 'add', '--name', 'Admin', '--role', 'admin', '--data-dir', fresh]).code).toBe(0);
    expect(pairtrail(['demo', '--data-dir', fresh]).stdout).toMatch(/Recorded the demo programme/);
  });

  it('verifies the demo data, and fails naming the place after one byte of one event is changed in the file', () => {
    pairtrail(['demo', '--data-dir', data]);
    const ok = pairtrail(['verify', '--data-dir', data]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/^ok: \d+ events in 12 streams/);
    expect(ok.stdout).toMatch(/head digest [0-9a-f]{64}/);

    const path = join(data, 'events.db');
    const bytes = readFileSync(path);
    const at = bytes.indexOf(Buffer.from('co-design workshop with patients and nurses'));
    expect(at).toBeGreaterThan(0);
    const fd = openSync(path, 'r+');
    writeSync(fd, Buffer.from('X'), 0, 1, at);
    closeSync(fd);

    const broken = pairtrail(['verify', '--data-dir', data]);
    expect(broken.code).not.toBe(0);
    expect(broken.stderr).toMatch(/verification failed: stream pair-[0-9a-f-]{36}, revision \d+: hash does not match/);
    expect(broken.stdout).toMatch(/FAILED/);
  });

  it('verifies up to a position, giving a different digest there', () => {
    pairtrail(['demo', '--data-dir', data]);
    const all = JSON.parse(pairtrail(['verify', '--json', '--data-dir', data]).stdout) as { headDigest: string };
    const early = JSON.parse(pairtrail(['verify', '--json', '--position', '10', '--data-dir', data]).stdout) as {
      headDigest: string;
      eventsChecked: number;
      position: string;
    };
    expect(early.eventsChecked).toBe(10);
    expect(early.position).toBe('10');
    expect(early.headDigest).not.toBe(all.headDigest);
    const past = pairtrail(['verify', '--position', '100000', '--data-dir', data]);
    expect(past.code).toBe(2);
    expect(past.stderr).toMatch(/^pairtrail: --position is past the end of this log, which ends at position \d+: this log never held it/);
  });

  it('prints a stream with its envelopes', () => {
    pairtrail(['demo', '--data-dir', data]);
    const stream = (JSON.parse(pairtrail(['events', '--stream', 'cohort-x', '--json', '--data-dir', data]).stdout || '[]') as unknown[]).length;
    expect(stream).toBe(0);
    const missing = pairtrail(['events', '--stream', 'cohort-x', '--data-dir', data]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe('pairtrail: There is no stream cohort-x. "pairtrail stats" shows what the store holds.\n');
  });

  it('backs up and restores the store, which then verifies', () => {
    pairtrail(['demo', '--data-dir', data]);
    const stats = pairtrail(['stats', '--json', '--data-dir', data]).stdout;
    const backup = join(dir.path, 'backup');
    const made = pairtrail(['backup', '--out', backup, '--data-dir', data]);
    expect(made.code).toBe(0);
    expect(made.stdout).toMatch(/backed up \d+ events/);
    expect(pairtrail(['backup', '--out', backup, '--data-dir', data]).stderr).toMatch(/already holds a backup/);

    const fresh = join(dir.path, 'fresh');
    const restored = pairtrail(['restore', backup, '--data-dir', fresh]);
    expect(restored.code).toBe(0);
    expect(pairtrail(['stats', '--json', '--data-dir', fresh]).stdout).toBe(stats);
    expect(pairtrail(['verify', '--data-dir', fresh]).code).toBe(0);
    const again = pairtrail(['restore', backup, '--data-dir', fresh]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already holds \d+ events; stop the server and pass --force/);
    expect(pairtrail(['restore', backup, '--force', '--data-dir', fresh]).code).toBe(0);
  });

  it('names a damaged event log, key store or master key and says to restore the backup, which then replaces a log it cannot read', () => {
    pairtrail(['demo', '--data-dir', data]);
    const stats = pairtrail(['stats', '--json', '--data-dir', data]).stdout;
    const backup = join(dir.path, 'backup');
    expect(pairtrail(['backup', '--out', backup, '--data-dir', data]).code).toBe(0);
    const damage = (file: string) => {
      for (const side of ['-wal', '-shm']) rmSync(join(data, `${file}${side}`), { force: true });
      writeFileSync(join(data, file), randomBytes(30_000));
    };
    const restore = `Restore the latest backup into this data directory (pairtrail restore BACKUP_DIR --force), then have the disk checked.`;

    // A master.key that is no key (cut short, or another file copied over it) is named as such.
    const masterKey = readFileSync(join(data, 'master.key'));
    writeFileSync(join(data, 'master.key'), 'not a key\n');
    expect(pairtrail(['stats', '--data-dir', data])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining(
        `pairtrail: ${join(data, 'master.key')} is not a master key: it must hold 32 bytes, base64-encoded, as Pairtrail wrote it; this one decodes to 5.`,
      ),
    });
    writeFileSync(join(data, 'master.key'), masterKey);

    damage('keys.db');
    for (const command of [['stats'], ['verify'], ['serve', '--port', '0']]) {
      expect(pairtrail([...command, '--data-dir', data])).toMatchObject({
        code: 1,
        stderr: `pairtrail: The personal-data key store ${join(data, 'keys.db')} is damaged (file is not a database), so no one's personal data can be read; nothing was changed. ${restore}\n`,
      });
    }
    expect(pairtrail(['restore', backup, '--force', '--data-dir', data]).code).toBe(0);
    expect(pairtrail(['stats', '--json', '--data-dir', data]).stdout).toBe(stats);

    damage('events.db');
    for (const command of [['stats'], ['verify'], ['serve', '--port', '0']]) {
      expect(pairtrail([...command, '--data-dir', data])).toMatchObject({
        code: 1,
        stderr: `pairtrail: The event log ${join(data, 'events.db')} is damaged (file is not a database), so Pairtrail cannot read it; nothing was changed. ${restore}\n`,
      });
    }
    // The restore it says: refused without --force, as over any log; with it, the log it could not read is
    // replaced. Who the damaged log erased since the backup cannot be read from it: said, as for a new directory.
    const restoreOverDamage = () => {
      expect(pairtrail(['restore', backup, '--data-dir', data])).toMatchObject({
        code: 1,
        stderr: `pairtrail: ${join(data, 'events.db')} is damaged and cannot be read; stop the server and pass --force to replace it with the backup. Nothing was restored.\n`,
      });
      const restored = pairtrail(['restore', backup, '--force', '--data-dir', data]);
      expect(restored.code).toBe(0);
      expect(restored.stdout).toMatch(/If anyone was erased after this backup was made .*, erase them again/);
      expect(pairtrail(['stats', '--json', '--data-dir', data]).stdout).toBe(stats);
      expect(pairtrail(['verify', '--data-dir', data]).code).toBe(0);
    };
    restoreOverDamage();

    // Damage further in, which opening the log does not read, is named too: it was said as a failed disk,
    // with "run pairtrail verify", which fails alike.
    damageTable(join(data, 'events.db'), 'events');
    const verify = pairtrail(['verify', '--data-dir', data]);
    expect(verify.code).toBe(1);
    expect(verify.stderr).toMatch(/^pairtrail: The event log \S+ is damaged \([^\n)]*page \d+[^\n]*\), so Pairtrail cannot read it; nothing was changed\. /);
    expect(verify.stderr).toContain(`The event log ${join(data, 'events.db')} is damaged`);
    expect(verify.stderr).toContain(restore);
    restoreOverDamage();
  });

  it('gives everything held about a person for their subject access request, found by name or id, in a file only its owner reads', () => {
    pairtrail(['demo', '--data-dir', data]);
    const claire = demoId('participantId', 'person:claire');
    // By name, as whoever asks gives it (in any case): their record, their pair and what names them there.
    const byName = pairtrail(['subject-access', 'claire bennett', '--data-dir', data]);
    expect(byName.code).toBe(0);
    const held = JSON.parse(byName.stdout) as { participant: object; events: unknown[]; pairs: { eventsNamingThem: unknown[] }[]; users: unknown[] };
    expect(held.participant).toMatchObject({ participantId: claire, name: 'Claire Bennett', email: 'claire.bennett@example.nhs.uk' });
    expect(held.events.length).toBeGreaterThan(0);
    expect(held.pairs).toHaveLength(1);
    expect(held.pairs[0]!.eventsNamingThem.length).toBeGreaterThan(0);
    // By id, to a file: the same, readable by its owner alone.
    const out = join(dir.path, 'claire.json');
    expect(pairtrail(['subject-access', claire, '--out', out, '--data-dir', data])).toMatchObject({
      code: 0,
      stdout: `wrote everything held about participant ${claire} to ${out}; it holds their personal data: give it to no one but them\n`,
    });
    // The same, but for when it was made.
    expect({ ...JSON.parse(readFileSync(out, 'utf8')), exportedAt: 'then' }).toEqual({ ...held, exportedAt: 'then' });
    expect(statSync(out).mode & 0o777).toBe(0o600);
    // In words, to send them: a printable page, also readable by its owner alone.
    const page = join(dir.path, 'claire.html');
    expect(pairtrail(['subject-access', claire, '--format', 'html', '--out', page, '--data-dir', data]).code).toBe(0);
    expect(statSync(page).mode & 0o777).toBe(0o600);
    const html = readFileSync(page, 'utf8');
    expect(html).toMatch(/^<!DOCTYPE html>/);
    expect(html).toContain('<h1>What Pairtrail holds about Claire Bennett</h1>');
    expect(html).toContain('Email: claire.bennett@example.nhs.uk');
    expect(pairtrail(['subject-access', claire, '--format', 'md', '--data-dir', data]).stdout).toMatch(/^# What Pairtrail holds about Claire Bennett\n/);
    expect(pairtrail(['subject-access', claire, '--format', 'pdf', '--data-dir', data])).toMatchObject({
      code: 2,
      stderr: 'pairtrail: --format must be json, html or md, not "pdf".\n',
    });
    expect(pairtrail(['subject-access', 'Nobody Known', '--data-dir', data])).toMatchObject({
      code: 1,
      stderr:
        "pairtrail: No participant is named Nobody Known: give their name as registered, or their id (an erased person's name is gone, so they are found by id alone).\n",
    });
    // A name two people share is not guessed at: each is listed, to be given by id.
    const people = join(dir.path, 'people.csv');
    writeFileSync(
      people,
      'name,perspective,role,organisation,organisationType,registeredOn,consents,consentEvidence,consentOn\nClaire Bennett,lived-experience,carer,Northfield Carers,voluntary-group,2026-01-10,participation,signed form,2026-01-10\n',
    );
    expect(pairtrail(['import', 'participants', people, '--data-dir', data]).code).toBe(0);
    const shared = pairtrail(['subject-access', 'Claire Bennett', '--data-dir', data]);
    expect(shared.code).toBe(1);
    expect(shared.stderr).toMatch(/^pairtrail: 2 participants are named Claire Bennett: /);
    expect(shared.stderr).toContain(`${claire} (professional, `);
    expect(shared.stderr).toContain('(lived-experience, carer at Northfield Carers, registered 2026-01-10)');
    expect(shared.stderr).toContain('Give the id of the one who asked.');
  });

  it('brings back no one erased since the backup was made, and says what it cannot know', async () => {
    pairtrail(['demo', '--data-dir', data]);
    const backup = join(dir.path, 'backup');
    expect(pairtrail(['backup', '--out', backup, '--data-dir', data]).code).toBe(0);
    const claire = demoId('participantId', 'person:claire');
    // Her name as the neuro pair's case study gives it, and her stream's events (their personal fields sealed).
    const named = (dataDir: string) =>
      pairtrail(['case-study', 'c328a5fc-e517-5cb1-8340-75f0f3f1fd0f', '--data-dir', dataDir]).stdout.includes('Claire Bennett');
    const her = (dataDir: string) => pairtrail(['events', '--stream', `participant-${claire}`, '--json', '--data-dir', dataDir]).stdout;
    expect(named(data)).toBe(true);
    await erase(data, claire);
    expect(named(data)).toBe(false);

    // Over the directory whose log erased her: the erasure is made again in what is restored.
    const restored = pairtrail(['restore', backup, '--force', '--data-dir', data]);
    expect(restored.code).toBe(0);
    expect(restored.stdout).toContain(`erased again participant ${claire}: the data directory's own log had erased them after this backup was made\n`);
    expect(named(data)).toBe(false);
    const events = JSON.parse(her(data)) as { type: string; metadata: { actor: unknown } }[];
    expect(events.filter((e) => e.type === 'ParticipantErased').map((e) => e.metadata.actor)).toEqual(['system']);
    expect(pairtrail(['verify', '--data-dir', data]).code).toBe(0);
    // The log and keys were made ready beside the directory's own, then put in place: nothing is left over.
    expect(readdirSync(data).filter((file) => file.includes('restoring'))).toEqual([]);
    // Restored over it again: she is erased in both logs now, and nothing more is recorded.
    const again = pairtrail(['restore', backup, '--force', '--data-dir', data]);
    expect(again.stdout).toContain('erased again participant');
    expect((JSON.parse(her(data)) as { type: string }[]).filter((e) => e.type === 'ParticipantErased')).toHaveLength(1);

    // Into an empty directory there is no later log to go by: it says so, and when the backup ends.
    const fresh = pairtrail(['restore', backup, '--data-dir', join(dir.path, 'fresh')]);
    expect(fresh.stdout).toMatch(/If anyone was erased after this backup was made \(its last event was recorded at \d{4}-\d\d-\d\dT[^)]*\), erase them again/);
    expect(named(join(dir.path, 'fresh'))).toBe(true);
  });

  it("restores onto a new machine with everyone's personal data readable, and refuses a master key that cannot read it", () => {
    const neuroPair = 'c328a5fc-e517-5cb1-8340-75f0f3f1fd0f';
    pairtrail(['demo', '--data-dir', data]);
    const backup = join(dir.path, 'backup');
    const made = pairtrail(['backup', '--out', backup, '--data-dir', data]);
    expect(made.stdout).toMatch(/with the development master key/);
    // The development key lives in the data directory, so it travels with the backup, readable by its owner only.
    expect(statSync(join(backup, 'master.key')).mode & 0o777).toBe(0o600);
    const fresh = join(dir.path, 'fresh');
    expect(pairtrail(['restore', backup, '--data-dir', fresh]).code).toBe(0);
    expect(pairtrail(['case-study', neuroPair, '--data-dir', fresh]).stdout).toContain('Claire Bennett');
    // As of a date looks back: a mistyped year is refused, not told as a story of days not yet lived.
    expect(pairtrail(['case-study', neuroPair, '--as-of', '2099-01-01', '--data-dir', fresh])).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/^pairtrail: --as-of must be no later than tomorrow \(\d{4}-\d{2}-\d{2}\): it looks back\.\n$/),
    });

    // Onto a machine with a master key of its own configured, the backup's keys are sealed again with it.
    const otherKey = randomBytes(32).toString('base64');
    const production = join(dir.path, 'production');
    const resealed = pairtrail(['restore', backup, '--data-dir', production], { PAIRTRAIL_MASTER_KEY: otherKey });
    expect(resealed).toMatchObject({ code: 0, stderr: '' });
    expect(resealed.stdout).toContain('are sealed again with the configured master key');
    expect(pairtrail(['case-study', neuroPair, '--data-dir', production], { PAIRTRAIL_MASTER_KEY: otherKey }).stdout).toContain('Claire Bennett');
    expect(existsSync(join(production, 'master.key'))).toBe(false);

    // Without the key the backup was made under, nothing is restored, and the message says what to do.
    const elsewhere = join(dir.path, 'elsewhere');
    rmSync(join(backup, 'master.key'));
    const configured = pairtrail(['restore', backup, '--data-dir', elsewhere], { PAIRTRAIL_MASTER_KEY: otherKey });
    expect({ code: configured.code, stderr: configured.stderr }).toEqual({
      code: 1,
      stderr: expect.stringMatching(/does not open with the configured master key .*nothing was restored\.\n$/),
    });
    const keyless = pairtrail(['restore', backup, '--data-dir', elsewhere]);
    expect(keyless.stderr).toMatch(/needs the master key it was made under: none is configured, and neither the backup nor .* holds a master\.key/);
    expect(existsSync(join(elsewhere, 'events.db'))).toBe(false);

    // A data directory whose master key was lost or swapped says so, rather than failing on the first name.
    writeFileSync(join(fresh, 'master.key'), `${otherKey}\n`);
    const swapped = pairtrail(['case-study', neuroPair, '--data-dir', fresh]);
    expect({ code: swapped.code, stderr: swapped.stderr }).toEqual({
      code: 2,
      stderr: expect.stringMatching(/master\.key does not open .*keys\.db: its keys were sealed with another master key/),
    });
    rmSync(join(fresh, 'master.key'));
    const lost = pairtrail(['case-study', neuroPair, '--data-dir', fresh]);
    expect(lost.stderr).toMatch(/keys\.db holds keys sealed with a master key, but .*master\.key is missing/);
    // No new key was left behind to seal more data beside the old.
    expect(existsSync(join(fresh, 'master.key'))).toBe(false);
  });

  it('seals every personal-data key with a new master key, after which only the new key opens them', () => {
    const neuroPair = 'c328a5fc-e517-5cb1-8340-75f0f3f1fd0f';
    expect(pairtrail(['demo', '--data-dir', data]).code).toBe(0);
    const before = pairtrail(['case-study', neuroPair, '--format', 'md', '--data-dir', data]).stdout;
    expect(before).toContain('Claire Bennett');
    const oldKey = readFileSync(join(data, 'master.key'), 'utf8');
    const newKeyFile = join(dir.path, 'new.key');
    writeFileSync(newKeyFile, `${randomBytes(32).toString('base64')}\n`, { mode: 0o600 });

    // A file that is no key, and the key in use, are refused, naming the file; nothing changes.
    const keys = readFileSync(join(data, 'keys.db'));
    writeFileSync(join(dir.path, 'short.key'), 'c2hvcnQ=\n');
    expect(pairtrail(['keys', 'rotate', '--new-key-file', join(dir.path, 'short.key'), '--data-dir', data])).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/^pairtrail: --new-key-file .*short\.key must hold 32 bytes, base64-encoded/),
    });
    expect(pairtrail(['keys', 'rotate', '--new-key-file', join(data, 'master.key'), '--data-dir', data])).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/holds the master key in use now/),
    });
    expect(readFileSync(join(data, 'keys.db')).equals(keys)).toBe(true);

    const rotated = pairtrail(['keys', 'rotate', '--new-key-file', newKeyFile, '--data-dir', data]);
    expect(rotated).toMatchObject({ code: 0, stderr: '' });
    expect(rotated.stdout).toMatch(/^sealed \d+ personal-data keys in .*keys\.db with the new master key/);
    expect(rotated.stdout).toContain(`Start Pairtrail with PAIRTRAIL_MASTER_KEY_FILE=${newKeyFile}`);
    // The development key beside the data opens nothing now, and is gone.
    expect(existsSync(join(data, 'master.key'))).toBe(false);

    // With the new key, everyone reads as before; without it, the message says where the key went.
    expect(pairtrail(['case-study', neuroPair, '--format', 'md', '--data-dir', data], { PAIRTRAIL_MASTER_KEY_FILE: newKeyFile }).stdout).toBe(before);
    const keyless = pairtrail(['case-study', neuroPair, '--data-dir', data]);
    expect(keyless).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/If "pairtrail keys rotate" sealed them with a new one, set PAIRTRAIL_MASTER_KEY_FILE/),
    });
    const old = pairtrail(['case-study', neuroPair, '--data-dir', data], { PAIRTRAIL_MASTER_KEY: oldKey.trim() });
    expect(old).toMatchObject({ code: 2, stderr: expect.stringMatching(/The configured master key .* does not open/) });
  });

  it('backs up the personal-data keys of a data directory on EventStoreDB, whose log its own backups keep', () => {
    expect(pairtrail(['demo', '--data-dir', data]).code).toBe(0);
    // EventStoreDB is not asked: the keys are the data directory's, and can be backed up while it is down.
    const onEsdb = { PAIRTRAIL_EVENT_STORE: 'esdb', EVENTSTORE_CONNECTION_STRING: 'esdb://127.0.0.1:1?tls=false' };
    const backup = join(dir.path, 'backup');
    const made = pairtrail(['backup', '--out', backup, '--data-dir', data], onEsdb);
    expect(made).toMatchObject({ code: 0, stderr: '' });
    expect(made.stdout).toMatch(
      /^backed up the personal-data keys \(keys\.db\) to .*; the log itself is on EventStoreDB: back it up with EventStoreDB's own backups/,
    );
    expect(made.stdout).toContain("Take this backup after EventStoreDB's");
    expect(readdirSync(backup).sort()).toEqual(['keys.db', 'master.key']);
    const count = (path: string) => {
      const db = new Database(path, { readonly: true });
      try {
        return db.prepare('SELECT COUNT(*) FROM data_keys WHERE wrapped IS NOT NULL').pluck().get() as number;
      } finally {
        db.close();
      }
    };
    expect(count(join(backup, 'keys.db'))).toBe(count(join(data, 'keys.db')));
    expect(count(join(backup, 'keys.db'))).toBeGreaterThan(0);
    expect(keyStoreOpensWith(join(backup, 'keys.db'), Buffer.from(readFileSync(join(backup, 'master.key'), 'utf8').trim(), 'base64'))).toBe(true);
    // Restored, the keys replace the directory's own only when asked to (the log first, with EventStoreDB's tools).
    expect(pairtrail(['restore', backup, '--data-dir', data], onEsdb)).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/^pairtrail: .*keys\.db already holds keys; stop the server and pass --force to replace them\.\n$/),
    });
  });

  it('gives a participant one sign-in, and says how to replace a lost token rather than add a second', () => {
    expect(pairtrail(['demo', '--data-dir', data]).code).toBe(0);
    const david = demoId('participantId', 'person:david');
    const add = (...more: string[]) =>
      pairtrail(['users', 'add', '--name', 'David', '--role', 'pair-member', '--participant', david, ...more, '--data-dir', data]);
    const first = add();
    expect(first).toMatchObject({ code: 0, stderr: '' });
    const userId = /created pair-member (\S+)/.exec(first.stdout)![1];
    const again = add();
    expect(again.code).toBe(2);
    expect(again.stderr).toBe(
      `pairtrail: Participant ${david} has a sign-in already: user ${userId} (1 live token). For a lost token, "pairtrail users token ${userId}" gives a new one and "pairtrail users revoke ${userId} --token <id>" takes the lost one back; --another adds a second sign-in anyway.\n`,
    );
    expect(add('--another').code).toBe(0);
  });

  it('answers bad arguments and settings with one line and a non-zero exit, never a stack trace', () => {
    const cases = [
      pairtrail(['bogus']),
      pairtrail(['verify', '--position', 'soon', '--data-dir', data]),
      pairtrail(['events', '--data-dir', data]),
      pairtrail(['restore', join(dir.path, 'nowhere'), '--data-dir', data]),
      pairtrail(['stats', '--data-dir', data], { PAIRTRAIL_TIME_ZONE: 'Mars/Olympus' }),
      pairtrail(['users', 'add', '--name', 'Pat', '--role', 'pair-member', '--data-dir', data]),
      pairtrail(['users', 'add', '--name', 'Pat\u0007', '--role', 'boss', '--data-dir', data]),
    ];
    for (const c of cases) {
      expect(c.code).toBeGreaterThan(0);
      expect(c.stderr).not.toMatch(/\n\s+at /);
    }
    expect(cases[1]!.stderr).toBe('pairtrail: --position must be a whole number, not "soon".\n');
    expect(cases[2]!.stderr).toMatch(/required option '--stream <stream>' not specified\n\(pairtrail events --help says what it takes\)\n$/);
    // An unknown command points to the help of the command it was given to, which lists the real ones.
    expect(cases[0]!.stderr).toBe("error: unknown command 'bogus'\n(pairtrail --help says what commands and options it has)\n");
    // Usage errors, commander's as much as Pairtrail's own, exit 2; a command that failed exits 1.
    expect(cases.map((c) => c.code)).toEqual([2, 2, 2, 1, 2, 2, 2]);
    // A command's field problem is named by the flag it came from.
    expect(cases[5]!.stderr).toBe('pairtrail: --participant is required for a pair-member\n');
    // A role that is not one is named with every other bad flag, not before them.
    expect(cases[6]!.stderr).toMatch(
      /^pairtrail: --role must be one of admin, coordinator, pair-member, evaluator, not "boss"; --name must not hold control characters .*\n$/,
    );
    expect(cases[3]!.stderr).toMatch(/holds no events.db/);
    expect(cases[4]!.stderr).toMatch(/PAIRTRAIL_TIME_ZONE=Mars\/Olympus/);
  });

  it('says what to change when EventStoreDB cannot be reached, or its connection string read, never quoting its password', () => {
    const esdb = (connectionString: string) =>
      pairtrail(['stats', '--data-dir', data], { PAIRTRAIL_EVENT_STORE: 'esdb', EVENTSTORE_CONNECTION_STRING: connectionString });
    expect(esdb('esdb://127.0.0.1:1?tls=false')).toEqual({
      code: 1,
      stdout: '',
      stderr: expect.stringMatching(/^pairtrail: The event store \(EventStoreDB\) could not be reached, so nothing was changed\. .*\n$/),
    });
    const unreadable = esdb('esdb://admin:s3cret@localhost:2113?tls=maybe');
    expect(unreadable).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(
        /^pairtrail: EVENTSTORE_CONNECTION_STRING cannot be read: at character 40, EventStoreDB's client expected true or false\. /,
      ),
    });
    expect(unreadable.stderr).not.toContain('s3cret');
  });

  it('says when it serves the embedded store though an EventStoreDB connection string is set', async () => {
    const server = spawn(process.execPath, [CLI, 'serve', '--port', '0', '--data-dir', data], {
      env: { ...process.env, PAIRTRAIL_LOG_LEVEL: 'silent', PAIRTRAIL_EVENT_STORE: '', EVENTSTORE_CONNECTION_STRING: 'esdb://db.example:2113' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    try {
      let out = '';
      while (!out.includes('/docs\n')) out += String(((await once(server.stdout!, 'data')) as [Buffer])[0]);
      while (!out.includes('Note:') && !out.includes('administrator')) out += String(((await once(server.stdout!, 'data')) as [Buffer])[0]);
      expect(out).toContain(
        `Note: EVENTSTORE_CONNECTION_STRING is set, but PAIRTRAIL_EVENT_STORE is not esdb, so events are kept in ${join(data, 'events.db')}, not in EventStoreDB.`,
      );
    } finally {
      server.kill('SIGTERM');
      await once(server, 'exit');
    }
  });

  it('names a path it cannot write, and the problem, rather than an unexpected failure', () => {
    pairtrail(['demo', '--data-dir', data]);
    const file = join(dir.path, 'a-file');
    writeFileSync(file, '');
    // A directory to write into that is a file, or lies below one, is refused before any work (a backup
    // into a file was an unexpected failure, after the copying had begun).
    const directory = `give a directory (it is made if missing).`;
    for (const command of [['backup'], ['report'], ['case-studies', 'regenerate']]) {
      expect(pairtrail([...command, '--out', join(file, 'backup'), '--data-dir', data])).toMatchObject({
        code: 2,
        stderr: `pairtrail: --out ${join(file, 'backup')}: ${file} is a file, not a directory; ${directory}\n`,
      });
      expect(pairtrail([...command, '--out', file, '--data-dir', data])).toMatchObject({
        code: 2,
        stderr: `pairtrail: --out ${file}: it is a file, not a directory; ${directory}\n`,
      });
    }
    // A data directory that is a file, or lies below one: a serve was an unexpected failure.
    for (const [command, dataDir] of [
      [['demo'], join(file, 'data')],
      [['serve', '--port', '0'], file],
    ] as const) {
      const blocked = dataDir === file ? 'it' : file;
      expect(pairtrail([...command, '--data-dir', dataDir])).toMatchObject({
        code: 2,
        stderr: `pairtrail: The data directory ${dataDir} cannot be: ${blocked} is a file. Give a directory (--data-dir or PAIRTRAIL_DATA_DIR), made if missing.\n`,
      });
    }
    const exported = pairtrail(['audit', 'export', '--format', 'csv', '--out', dir.path, '--data-dir', data]);
    expect({ code: exported.code, stderr: exported.stderr }).toEqual({
      code: 2,
      stderr: `pairtrail: --out ${dir.path} is a directory; give a file name, such as ${join(dir.path, 'audit.csv')}.\n`,
    });
    // A good path gets the whole export, and nothing else is left beside it.
    const out = join(dir.path, 'exports');
    mkdirSync(out);
    expect(pairtrail(['audit', 'export', '--format', 'jsonl', '--out', join(out, 'trail.jsonl'), '--data-dir', data]).code).toBe(0);
    expect(readdirSync(out)).toEqual(['trail.jsonl']);
    expect(readFileSync(join(out, 'trail.jsonl'), 'utf8').trim().split('\n').length).toBe(
      (JSON.parse(pairtrail(['stats', '--json', '--data-dir', data]).stdout) as { events: number }).events,
    );
  });

  it('says a directory holds no store, rather than making one and reporting it empty; only recording commands start one', () => {
    const typo = join(dir.path, 'dta');
    const reads = [
      ['stats'],
      ['events', '--stream', 'cohort-x'],
      ['verify'],
      ['backup', '--out', join(dir.path, 'backup')],
      ['users', 'list'],
      ['projections', 'status'],
      ['audit', 'export', '--format', 'csv'],
      ['evaluation', '--cohort', 'x'],
      ['case-study', 'x'],
    ];
    // The directory given after the command, or before it, or (in a group of commands) between the two.
    const placed = [
      ...reads.map((args) => [...args, '--data-dir', typo]),
      ['--data-dir', typo, 'stats'],
      ['--data-dir', typo, 'audit', 'export', '--format', 'csv'],
      ['users', '--data-dir', typo, 'list'],
      ['projections', '--data-dir', typo, 'status'],
    ];
    for (const args of placed) {
      const r = pairtrail(args);
      expect({ args, code: r.code, stderr: r.stderr }).toEqual({
        args,
        code: 1,
        stderr: `pairtrail: ${typo} holds no Pairtrail data (no events.db). Check --data-dir or PAIRTRAIL_DATA_DIR; "pairtrail demo --data-dir DIR" records a demo programme.\n`,
      });
    }
    expect(existsSync(typo)).toBe(false);
    const added = pairtrail(['users', 'add', '--name', 'First admin', '--role', 'admin', '--data-dir', typo]);
    expect(added.code).toBe(0);
    expect(JSON.parse(pairtrail(['users', 'list', '--json', '--data-dir', typo]).stdout)).toEqual([
      expect.objectContaining({ name: 'First admin', role: 'admin' }),
    ]);
  });

  it("keeps a running server's data directory from a restore, and its read models from a second writer", async () => {
    expect(pairtrail(['demo', '--data-dir', data]).code).toBe(0);
    const backup = join(dir.path, 'backup');
    expect(pairtrail(['backup', '--out', backup, '--data-dir', data]).code).toBe(0);
    const server = spawn(process.execPath, [CLI, 'serve', '--port', '0', '--data-dir', data], {
      env: { ...process.env, PAIRTRAIL_LOG_LEVEL: 'silent', PAIRTRAIL_SQLITE_SYNCHRONOUS: 'NORMAL' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    try {
      let out = '';
      while (!out.includes('is serving')) out += String(((await once(server.stdout!, 'data')) as [Buffer])[0]);
      const before = readFileSync(join(data, 'events.db'));

      // The restore would swap the event store out from under the server, whose writes would then be lost.
      const restore = pairtrail(['restore', backup, '--force', '--data-dir', data]);
      expect({ code: restore.code, stderr: restore.stderr }).toEqual({
        code: 1,
        stderr: `pairtrail: ${data} is in use by a running Pairtrail server or projector; stop it before restoring.\n`,
      });
      expect(readFileSync(join(data, 'events.db')).equals(before)).toBe(true);
      // Nor may the master key be rotated under it: it holds keys read with the old one.
      const keys = readFileSync(join(data, 'keys.db'));
      const newKeyFile = join(dir.path, 'new.key');
      writeFileSync(newKeyFile, randomBytes(32).toString('base64'));
      expect(pairtrail(['keys', 'rotate', '--new-key-file', newKeyFile, '--data-dir', data])).toMatchObject({
        code: 1,
        stderr: `pairtrail: ${data} is in use by a running Pairtrail server or projector; stop it before rotating the master key.\n`,
      });
      expect(readFileSync(join(data, 'keys.db')).equals(keys)).toBe(true);

      // A second server would run the same projections over the same tables.
      const second = pairtrail(['serve', '--port', '0', '--data-dir', data]);
      expect(second.code).toBe(1);
      expect(second.stderr).toMatch(/Another Pairtrail process \(a server, or apps\/projector\) runs the projections of .*PAIRTRAIL_PROJECTIONS=off/);
      // Beside it without projections, as that says, it may serve; but not on a port already taken.
      const port = /localhost:(\d+)/.exec(out)![1]!;
      const taken = pairtrail(['serve', '--port', port, '--data-dir', data], { PAIRTRAIL_PROJECTIONS: 'off' });
      expect({ code: taken.code, stderr: taken.stderr.split('\n').filter((l) => !l.startsWith('{')) }).toEqual({
        code: 1,
        stderr: [`pairtrail: Port ${port} is already in use, perhaps by another Pairtrail: choose another with --port or PORT.`, ''],
      });
      // Nor does demo --serve, and it says so before it writes anything (fresh tokens nobody would be shown).
      const events = () => (JSON.parse(pairtrail(['stats', '--json', '--data-dir', data]).stdout) as { events: number }).events;
      const held = events();
      const demo = pairtrail(['demo', '--serve', '--port', '0', '--data-dir', data]);
      expect(demo.code).toBe(1);
      expect(demo.stderr).toMatch(/^pairtrail: Another Pairtrail process \(a server, or apps\/projector\) runs the projections of /);
      const demoOnPort = pairtrail(['demo', '--serve', '--port', port, '--data-dir', data], { PAIRTRAIL_PROJECTIONS: 'off' });
      expect({ code: demoOnPort.code, stderr: demoOnPort.stderr }).toEqual({
        code: 1,
        stderr: `pairtrail: Port ${port} is already in use, perhaps by another Pairtrail: choose another with --port or PORT.\n`,
      });
      expect(events()).toBe(held);
      // Nor on a host that is no address of this machine (.invalid never resolves).
      const elsewhere = pairtrail(['serve', '--port', '0', '--data-dir', data], { PAIRTRAIL_PROJECTIONS: 'off', HOST: 'pairtrail.invalid' });
      expect({ code: elsewhere.code, stderr: elsewhere.stderr.split('\n').filter((l) => !l.startsWith('{')) }).toEqual({
        code: 1,
        stderr: [
          'pairtrail: HOST=pairtrail.invalid is not an address of this machine: use 0.0.0.0 to listen on every address, or 127.0.0.1 for this machine only.',
          '',
        ],
      });

      // The read side's commands read the read models the server keeps; a rebuild is done by the server,
      // asked through the data directory, and followed here until it is swapped in.
      const generation = () => {
        const db = new Database(join(data, 'readmodels.db'), { readonly: true });
        try {
          return (db.prepare("SELECT generation FROM projection_checkpoints WHERE name = 'audit'").get() as { generation: number }).generation;
        } finally {
          db.close();
        }
      };
      const generationBefore = generation();
      const rebuild = pairtrail(['projections', 'rebuild', 'audit', '--data-dir', data]);
      expect({ code: rebuild.code, stdout: rebuild.stdout }).toEqual({
        code: 0,
        stdout: expect.stringMatching(new RegExp(`^rebuilt audit from \\d+ events in [\\d.]+ s, by the server or projector running on ${data}\n$`)),
      });
      expect(rebuild.stderr).toContain(`the server or projector running on ${data} is rebuilding audit`);
      expect(generation()).toBe(generationBefore + 1);
      const exported = pairtrail(['audit', 'export', '--format', 'jsonl', '--data-dir', data]);
      expect(exported.code).toBe(0);
      expect(exported.stdout.trim().split('\n').length).toBeGreaterThan(100);
    } finally {
      server.kill('SIGTERM');
      await once(server, 'exit');
    }
    // Once the server has stopped, both are free.
    expect(pairtrail(['restore', backup, '--force', '--data-dir', data]).code).toBe(0);
    expect(pairtrail(['projections', 'rebuild', '--data-dir', data]).code).toBe(0);
  }, 60_000);
});
