import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { demoId } from '@pairtrail/application';
import { tempDir } from '@pairtrail/testing';
import { meetingBody, seedPair, type Reply } from '../support/api-harness';

const CLI = resolve(__dirname, '../../apps/cli/dist/main.js');
const ENV = { ...process.env, PAIRTRAIL_SQLITE_SYNCHRONOUS: 'NORMAL', PAIRTRAIL_LOG_LEVEL: 'warn', HOST: '127.0.0.1' };

/** Starts `pairtrail serve` (or `demo --serve`) on a free port and waits for it to say where it is. */
async function serve(
  dataDir: string,
  env: Record<string, string> = {},
  command: string[] = ['serve'],
): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  const child = spawn(process.execPath, [CLI, ...command, '--port', '0', '--data-dir', dataDir], { env: { ...ENV, ...env } });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const url = await new Promise<string>((resolvePromise, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start: ${output}`)), 20_000);
    const check = () => {
      const match = /(?:serving .* at|demo: open) (http:\/\/\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolvePromise(match[1]!);
      }
    };
    child.stdout!.on('data', check);
    child.on('exit', () => reject(new Error(`server exited: ${output}`)));
  });
  // Give the token lines a moment to arrive after the URL line.
  await new Promise((r) => setTimeout(r, 100));
  return { child, url, output: () => output };
}

/** Resolves once `condition` holds, checking every 50 ms for up to 10 s. */
async function waitFor(condition: () => boolean): Promise<void> {
  for (let waited = 0; !condition(); waited += 50) {
    if (waited > 10_000) throw new Error('gave up waiting');
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The child's exit code, whether it has exited already or is yet to. */
const stopped = (child: ChildProcess) =>
  new Promise<number | null>((r) => (child.exitCode !== null || child.signalCode !== null ? r(child.exitCode) : child.once('exit', (code) => r(code))));

describe('pairtrail serve', () => {
  let dir: ReturnType<typeof tempDir>;
  beforeEach(() => {
    dir = tempDir();
  });
  afterEach(() => dir.remove());

  it('keeps the data directory, its databases and a backup to their owner, whatever the umask', () => {
    // A umask that lets every user of the machine read what is made, as most systems have.
    const run = (...args: string[]) => {
      const r = spawnSync('/bin/sh', ['-c', 'umask 022 && exec "$0" "$@"', process.execPath, CLI, ...args], { env: ENV, encoding: 'utf8' });
      expect([r.status, r.stderr]).toEqual([0, expect.any(String)]);
    };
    const data = join(dir.path, 'new', 'data');
    run('demo', '--data-dir', data);
    run('evaluation', '--every', 'cohorts', '--data-dir', data);
    const mode = (path: string) => statSync(path).mode & 0o777;
    expect(mode(data)).toBe(0o700);
    const databases = ['events.db', 'keys.db', 'readmodels.db']
      .flatMap((name) => [name, `${name}-wal`, `${name}-shm`])
      .filter((name) => existsSync(join(data, name)));
    expect(databases).toEqual(expect.arrayContaining(['events.db', 'keys.db', 'readmodels.db']));
    expect(Object.fromEntries(databases.map((name) => [name, mode(join(data, name))]))).toEqual(Object.fromEntries(databases.map((name) => [name, 0o600])));
    // Read models made readable to all (by an older Pairtrail, or by hand) are closed again when next opened.
    chmodSync(join(data, 'readmodels.db'), 0o644);
    run('evaluation', '--every', 'cohorts', '--data-dir', data);
    expect(mode(join(data, 'readmodels.db'))).toBe(0o600);
    const backup = join(dir.path, 'backup');
    run('backup', '--out', backup, '--data-dir', data);
    expect([mode(backup), mode(join(backup, 'events.db')), mode(join(backup, 'keys.db'))]).toEqual([0o700, 0o600, 0o600]);
  });

  it('refuses bad settings, one line naming each, with a non-zero exit', () => {
    const r = spawnSync(process.execPath, [CLI, 'serve', '--data-dir', join(dir.path, 'd')], {
      env: { ...ENV, PORT: 'eighty', PAIRTRAIL_RATE_LIMIT: '-1', PAIRTRAIL_ADMIN_TOKEN: 'short' },
      encoding: 'utf8',
    });
    expect(r.status).toBe(2);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/PORT=eighty/);
    expect(lines[1]).toMatch(/PAIRTRAIL_RATE_LIMIT=-1/);
    expect(lines[2]).toMatch(/PAIRTRAIL_ADMIN_TOKEN is too short/);
  });

  it('starts in a few lines at the info level, leaving the map of its routes to debug', async () => {
    const lines = async (level: string) => {
      const server = await serve(join(dir.path, level), { PAIRTRAIL_LOG_LEVEL: level });
      server.child.kill('SIGTERM');
      await stopped(server.child);
      return server.output().split('\n');
    };
    const info = await lines('info');
    expect(info.some((l) => l.includes('Nest application successfully started'))).toBe(true);
    expect(info.filter((l) => l.includes('Mapped {'))).toEqual([]);
    expect(info.length).toBeLessThan(20);
    const debug = await lines('debug');
    expect(debug.filter((l) => l.includes('Mapped {/pairs/:id/meetings, POST} route'))).toHaveLength(1);
  });

  it('creates an admin on the first start of an empty store and prints its token once', async () => {
    const data = join(dir.path, 'd');
    const first = await serve(data);
    const token = /shown only this once:\n\s+(\S+)/.exec(first.output())?.[1];
    expect(token).toBeDefined();
    const users = await fetch(`${first.url}/users`, { headers: { authorization: `Bearer ${token}` } });
    expect(users.status).toBe(200);
    // And how to replace it, should it be lost: the command, with the administrator's id.
    const [admin] = ((await users.json()) as { items: { id: string }[] }).items;
    expect(first.output()).toContain(`Lost, it is replaced with: pairtrail users token ${admin!.id} --data-dir ${data}\n`);
    first.child.kill('SIGTERM');
    expect(await stopped(first.child)).toBe(0);
    const second = await serve(data);
    expect(second.output()).not.toMatch(/shown only this once/);
    expect((await fetch(`${second.url}/users`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
    second.child.kill('SIGTERM');
    await stopped(second.child);
  });

  it('ensures an admin with PAIRTRAIL_ADMIN_TOKEN', async () => {
    const adminToken = 'configured-admin-token-0123456789-abcdefgh';
    const server = await serve(join(dir.path, 'd'), { PAIRTRAIL_ADMIN_TOKEN: adminToken });
    expect(server.output()).not.toMatch(/shown only this once/);
    expect((await fetch(`${server.url}/users`, { headers: { authorization: `Bearer ${adminToken}` } })).status).toBe(200);
    server.child.kill('SIGTERM');
    await stopped(server.child);
  });

  it("serves the demo as the README's first command does: the web app, /docs, and a token for each role that signs in as it", async () => {
    const demo = await serve(join(dir.path, 'demo'), {}, ['demo', '--serve']);
    try {
      await waitFor(() => demo.output().includes('Stop with Ctrl-C.'));
      const tokens = Object.fromEntries([...demo.output().matchAll(/(admin|coordinator|evaluator) token:\s+(\S+)/g)].map((m) => [m[1], m[2]]));
      expect(Object.keys(tokens).sort()).toEqual(['admin', 'coordinator', 'evaluator']);
      for (const [role, token] of Object.entries(tokens)) {
        const me = await fetch(`${demo.url}/me`, { headers: { authorization: `Bearer ${token}` } });
        expect({ status: me.status, role: ((await me.json()) as { role: string }).role }).toEqual({ status: 200, role });
      }
      const pairs = (await (await fetch(`${demo.url}/pairs`, { headers: { authorization: `Bearer ${tokens.coordinator}` } })).json()) as { items: unknown[] };
      expect(pairs.items).toHaveLength(3);
      // The two partners of one pair sign in as pair members, each seeing that pair alone.
      const members = [...demo.output().matchAll(/^ {2}(David Okafor|Claire Bennett): +(\S+)$/gm)].map((m) => ({ name: m[1], token: m[2]! }));
      expect(members.map((m) => m.name)).toEqual(['David Okafor', 'Claire Bennett']);
      const neuro = demoId('pairId', 'neuro:formed');
      for (const { token } of members) {
        const me = (await (await fetch(`${demo.url}/me`, { headers: { authorization: `Bearer ${token}` } })).json()) as { role: string };
        const own = (await (await fetch(`${demo.url}/pairs`, { headers: { authorization: `Bearer ${token}` } })).json()) as { items: { pairId: string }[] };
        expect({ role: me.role, pairs: own.items.map((p) => p.pairId) }).toEqual({ role: 'pair-member', pairs: [neuro] });
      }
      const page = await fetch(`${demo.url}/`);
      expect({ status: page.status, type: page.headers.get('content-type') }).toEqual({ status: 200, type: expect.stringContaining('text/html') });
      expect(await page.text()).toMatch(/<div id="root">/);
      expect((await fetch(`${demo.url}/docs`)).status).toBe(200);
      expect(demo.output()).toContain(`API documentation (try it out): ${demo.url}/docs`);
      // The server made no administrator of its own, whose token no one would ever be shown.
      const users = (await (await fetch(`${demo.url}/users`, { headers: { authorization: `Bearer ${tokens.admin}` } })).json()) as {
        items: { name: string }[];
      };
      expect(users.items.map((u) => u.name).sort()).toEqual(['Claire Bennett', 'David Okafor', 'Demo administrator', 'Demo coordinator', 'Demo evaluator']);
    } finally {
      demo.child.kill('SIGTERM');
      await stopped(demo.child);
    }
    // Run again, the demo records nothing more and shows fresh tokens that work.
    const again = await serve(join(dir.path, 'demo'), {}, ['demo', '--serve']);
    try {
      await waitFor(() => again.output().includes('Stop with Ctrl-C.'));
      expect(again.output()).toContain('The demo programme is already in');
      const admin = /admin token:\s+(\S+)/.exec(again.output())![1]!;
      const users = (await (await fetch(`${again.url}/users`, { headers: { authorization: `Bearer ${admin}` } })).json()) as {
        items: { tokenIds: string[] }[];
      };
      expect(users.items.map((u) => u.tokenIds.length)).toEqual([2, 2, 2, 2, 2]);
    } finally {
      again.child.kill('SIGTERM');
      await stopped(again.child);
    }
  });

  it('shuts down on SIGTERM after finishing in-flight requests, closing the store cleanly', async () => {
    const data = join(dir.path, 'd');
    const adminToken = 'configured-admin-token-0123456789-abcdefgh';
    const server = await serve(data, { PAIRTRAIL_ADMIN_TOKEN: adminToken });
    const inFlight = Promise.allSettled(
      Array.from({ length: 10 }, (_, i) =>
        fetch(`${server.url}/users`, {
          method: 'POST',
          headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
          body: JSON.stringify({ name: `U${i}`, role: 'evaluator' }),
        }).then(async (r) => ({ status: r.status, body: (await r.json()) as { id?: string } })),
      ),
    );
    await new Promise((r) => setTimeout(r, 5));
    server.child.kill('SIGTERM');
    // Listen for the exit now: it may come before the last in-flight answer is read.
    const exited = stopped(server.child);
    const settled = await inFlight;
    expect(await exited).toBe(0);
    const answered = settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
    for (const r of answered) expect([201, 503]).toContain(r.status);
    // A clean close checkpoints the WAL and removes it.
    expect(existsSync(join(data, 'events.db-wal'))).toBe(false);
    const list = spawnSync(process.execPath, [CLI, 'users', 'list', '--json', '--data-dir', data], { env: ENV, encoding: 'utf8' });
    const stored = new Set((JSON.parse(list.stdout) as { userId: string }[]).map((u) => u.userId));
    // Every request that was answered 201 is in the log: nothing acknowledged was lost.
    for (const r of answered.filter((a) => a.status === 201)) expect(stored.has(r.body.id!)).toBe(true);
  });
});

describe('pairtrail users', () => {
  it('adds, lists, changes the role of, issues tokens to and revokes users from the command line', async () => {
    const dir = tempDir();
    try {
      const data = join(dir.path, 'd');
      const run = (...args: string[]) => spawnSync(process.execPath, [CLI, 'users', ...args, '--data-dir', data], { env: ENV, encoding: 'utf8' });
      const added = run('add', '--name', 'Erin Evaluator', '--role', 'evaluator');
      expect(added.status).toBe(0);
      expect(added.stdout).toMatch(/token \(shown once\): [A-Za-z0-9_-]{43}/);
      const userId = /created evaluator (\S+)/.exec(added.stdout)![1]!;
      const listed = JSON.parse(run('list', '--json').stdout) as { userId: string; role: string; tokenIds: string[] }[];
      // The name is personal data, sealed in the log: the list opens it with the data directory's keys.
      expect(listed).toEqual([expect.objectContaining({ userId, name: 'Erin Evaluator', role: 'evaluator', tokenIds: [expect.any(String)] })]);
      expect(run('list').stdout).toMatch(new RegExp(`^${userId}  evaluator    Erin Evaluator  tokens: `));
      expect(JSON.stringify(listed)).not.toMatch(/[A-Za-z0-9_-]{43}/);
      expect(run('role', userId, '--role', 'coordinator').stdout).toBe(`${userId} is now a coordinator\n`);
      expect((JSON.parse(run('list', '--json').stdout) as { role: string }[])[0]!.role).toBe('coordinator');
      expect(run('role', userId, '--role', 'coordinator')).toMatchObject({ status: 1, stderr: 'pairtrail: Erin Evaluator is already a coordinator.\n' });
      expect(run('role', userId, '--role', 'pair-member')).toMatchObject({ status: 2, stderr: 'pairtrail: --participant is required for a pair-member\n' });
      expect(run('revoke', userId).stdout).toMatch(/revoked token/);
      expect((JSON.parse(run('list', '--json').stdout) as { tokenIds: string[] }[])[0]!.tokenIds).toEqual([]);
      // One who lost their token gets a new one, which signs in; the user is not made again.
      const issued = run('token', userId);
      const [, tokenId, token] = /^issued token (\S+)\ntoken \(shown once\): ([A-Za-z0-9_-]{43})\n$/.exec(issued.stdout) ?? [];
      expect((JSON.parse(run('list', '--json').stdout) as { tokenIds: string[] }[]).map((u) => u.tokenIds)).toEqual([[tokenId]]);
      const server = await serve(data);
      try {
        const me = await fetch(`${server.url}/me`, { headers: { authorization: `Bearer ${token}` } });
        expect(await me.json()).toMatchObject({ userId, role: 'coordinator' });
      } finally {
        server.child.kill('SIGTERM');
        await stopped(server.child);
      }
      const unknown = '00000000-0000-4000-8000-000000000000';
      expect(run('token', unknown)).toMatchObject({ status: 1, stderr: `pairtrail: There is no user ${unknown}; "pairtrail users list" shows them.\n` });
      const bad = run('add', '--name', 'X', '--role', 'boss');
      expect(bad.status).toBe(2);
      expect(bad.stderr).toBe('pairtrail: --role must be one of admin, coordinator, pair-member, evaluator, not "boss"\n');
      // Named by the flag it came from, as a usage error.
      expect(run('add', '--name', 'Y', '--role', 'pair-member')).toMatchObject({
        status: 2,
        stderr: 'pairtrail: --participant is required for a pair-member\n',
      });
    } finally {
      dir.remove();
    }
  });
});

describe('personal data and the server process', () => {
  it('needs a master key in production, and says how to make one', () => {
    const dir = tempDir();
    try {
      const r = spawnSync(process.execPath, [CLI, 'serve', '--data-dir', join(dir.path, 'd')], { env: { ...ENV, NODE_ENV: 'production' }, encoding: 'utf8' });
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(/PAIRTRAIL_MASTER_KEY \(or PAIRTRAIL_MASTER_KEY_FILE\) is required when NODE_ENV=production.*openssl rand -base64 32/);
    } finally {
      dir.remove();
    }
  });

  it('keeps personal data out of its logs and errors', async () => {
    const dir = tempDir();
    const adminToken = 'configured-admin-token-0123456789-abcdefgh';
    const server = await serve(join(dir.path, 'd'), { PAIRTRAIL_ADMIN_TOKEN: adminToken, PAIRTRAIL_LOG_LEVEL: 'debug' });
    try {
      const SECRET = 'Distinctive-NOTES-Aubergine-9931';
      const call = async (method: string, path: string, body?: unknown) => {
        const r = await fetch(`${server.url}${path}`, {
          method,
          headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
          body: body === undefined ? undefined : JSON.stringify(body),
        });
        return { status: r.status, text: await r.text() };
      };
      const coordinator = JSON.parse((await call('POST', '/users', { name: 'C', role: 'coordinator' })).text).token as string;
      const asCoordinator = async (path: string, body: unknown) => {
        const r = await fetch(`${server.url}${path}`, {
          method: 'POST',
          headers: { authorization: `Bearer ${coordinator}`, 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
        return { status: r.status, text: await r.text() };
      };
      const cohort = JSON.parse((await asCoordinator('/cohorts', { name: 'W', startsOn: '2026-01-01' })).text).id;
      const person = async (perspective: string) => {
        const id = JSON.parse(
          (await asCoordinator('/participants', { name: `${SECRET}-name`, perspective, role: 'r', organisation: 'o', organisationType: 'other' })).text,
        ).id;
        await asCoordinator(`/participants/${id}/consents`, { scope: 'participation', evidence: 'form' });
        return id;
      };
      const lep = await person('lived-experience');
      const pro = await person('professional');
      const pair = JSON.parse(
        (await asCoordinator('/pairs', { cohortId: cohort, livedExperiencePartnerId: lep, professionalPartnerId: pro, focus: 'f', serviceArea: 's' })).text,
      ).id;
      const recorded = await asCoordinator(`/pairs/${pair}/meetings`, {
        durationMinutes: 30,
        format: 'video',
        attendeeIds: [lep],
        topics: [],
        notes: SECRET,
        approaches: [],
      });
      expect(recorded.status).toBe(200);
      const errors = [
        await asCoordinator(`/pairs/${pair}/meetings`, {
          durationMinutes: SECRET,
          format: SECRET,
          attendeeIds: [SECRET],
          topics: [SECRET],
          notes: SECRET,
          approaches: [SECRET],
        }),
        await asCoordinator(`/pairs/${pair}/meetings`, {
          heldOn: '2020-01-01',
          durationMinutes: 30,
          format: 'video',
          attendeeIds: [lep],
          topics: [],
          notes: SECRET,
          approaches: [],
        }),
        await asCoordinator(`/participants`, { name: SECRET, perspective: SECRET }),
      ];
      for (const e of errors) {
        expect(e.status).toBeGreaterThanOrEqual(400);
        expect(e.status).toBeLessThan(500);
        expect(e.text.replace(/"field":"[^"]*"/g, '')).not.toContain(SECRET);
      }
      server.child.kill('SIGTERM');
      await stopped(server.child);
      expect(server.output()).not.toContain(SECRET);
      expect(server.output()).toMatch(/"level"/);
    } finally {
      server.child.kill('SIGKILL');
      dir.remove();
    }
  });

  it('loses no acknowledged write when it is killed under load, and its read models catch up with every one at the next start', async () => {
    const dir = tempDir();
    const data = join(dir.path, 'killed');
    const admin = 'killed-server-admin-token-0123456789abcdefghij';
    const env = { PAIRTRAIL_ADMIN_TOKEN: admin, PAIRTRAIL_RATE_LIMIT: '0' };
    let server = await serve(data, env);
    const request = async (method: string, url: string, options: { token?: string | null; body?: unknown } = {}): Promise<Reply> => {
      const res = await fetch(server.url + url, {
        method,
        headers: { authorization: `Bearer ${options.token ?? admin}`, 'content-type': 'application/json' },
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
      });
      const text = await res.text();
      return { status: res.status, headers: Object.fromEntries(res.headers), text, body: text ? JSON.parse(text) : undefined };
    };
    try {
      const coordinator = (await request('POST', '/users', { body: { name: 'Coordinator', role: 'coordinator' } })).body.token as string;
      const { pairId, lep, pro } = await seedPair({ request }, coordinator);
      // Writers keep recording meetings; the server is killed while their requests are in flight.
      const acknowledged: string[] = [];
      let writing = true;
      const writer = async () => {
        while (writing) {
          const reply = await request('POST', `/pairs/${pairId}/meetings`, { token: coordinator, body: meetingBody([lep, pro]) }).catch(() => undefined);
          if (reply?.status === 200) acknowledged.push(reply.body.id as string);
        }
      };
      const writers = Array.from({ length: 8 }, writer);
      await waitFor(() => acknowledged.length >= 150);
      server.child.kill('SIGKILL');
      await stopped(server.child);
      writing = false;
      await Promise.all(writers);

      server = await serve(data, env);
      // Every meeting the API said it recorded is in the log...
      const events = await request('GET', `/pairs/${pairId}/events`, { token: coordinator });
      expect(events.status).toBe(200);
      const recorded = new Set(
        (events.body.items as { type: string; data: { meetingId: string } }[]).filter((e) => e.type === 'MeetingHeld').map((e) => e.data.meetingId),
      );
      expect(acknowledged.filter((id) => !recorded.has(id))).toEqual([]);
      // ...and the pair as the read model gives it has every meeting in the log, written whole.
      const pair = await request('GET', `/pairs/${pairId}`, { token: coordinator });
      expect((pair.body.meetings as { meetingId: string }[]).map((m) => m.meetingId).sort()).toEqual([...recorded].sort());
    } finally {
      server.child.kill('SIGKILL');
      await stopped(server.child);
      dir.remove();
    }
  });
});
