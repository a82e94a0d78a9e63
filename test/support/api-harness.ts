import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { backupSqliteFile } from '@pairtrail/event-store';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { loadConfig, runDemo } from '@pairtrail/application';
import { dateInZone } from '@pairtrail/domain';
import { createApi, type ApiRuntime } from '@pairtrail/api';
import { openApiRuntime } from '../../apps/api/src/main';
import { bootstrapAdmin } from '../../apps/api/src/identity/bootstrap-admin';
import { tempDir } from '@pairtrail/testing';

export const ADMIN_TOKEN = 'test-admin-token-0123456789abcdefghijklmnopqrstuvwxyz';

export interface Reply {
  status: number;
  headers: Record<string, string | string[] | number | undefined>;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  text: string;
}

/** A real API over a real SQLite file in a temp dir, driven through Fastify's inject. */
export class ApiHarness {
  private constructor(
    readonly api: NestFastifyApplication,
    readonly runtime: ApiRuntime,
    private readonly dir: { path: string; remove(): void },
  ) {}

  /** `sharingKeysWith` copies another harness's master key and key store, so its events can be read here. */
  static async start(env: Record<string, string> = {}, options: { sharingKeysWith?: ApiHarness } = {}): Promise<ApiHarness> {
    const dir = tempDir();
    if (options.sharingKeysWith) {
      const from = options.sharingKeysWith.runtime.config;
      mkdirSync(join(dir.path, 'data'), { recursive: true });
      copyFileSync(join(from.dataDir, 'master.key'), join(dir.path, 'data', 'master.key'));
      await backupSqliteFile(from.keysPath, join(dir.path, 'data', 'keys.db'));
    }
    const config = loadConfig(
      { PAIRTRAIL_SQLITE_SYNCHRONOUS: 'NORMAL', PAIRTRAIL_LOG_LEVEL: 'silent', PAIRTRAIL_RATE_LIMIT: '0', ...env },
      { dataDir: join(dir.path, 'data') },
    );
    const runtime = await openApiRuntime(config);
    await bootstrapAdmin(runtime.app, runtime.identity, ADMIN_TOKEN);
    const api = await createApi(runtime);
    await api.getHttpAdapter().getInstance().ready();
    return new ApiHarness(api, runtime, dir);
  }

  /** A harness with the demo programme recorded, and a coordinator's token. */
  static async withDemo(): Promise<{ h: ApiHarness; coordinator: string }> {
    const h = await ApiHarness.start();
    await runDemo(h.runtime.app);
    return { h, coordinator: await h.user('coordinator') };
  }

  /** Today in the programme's time zone. */
  today(): string {
    return dateInZone(new Date(), this.runtime.config.timeZone);
  }

  async stop(): Promise<void> {
    await this.api.close();
    await this.runtime.writes.settled();
    await this.runtime.closeReadSide();
    await this.runtime.identity.stop();
    await this.runtime.closeStore();
    this.dir.remove();
  }

  async request(
    method: string,
    url: string,
    options: { token?: string | null; body?: unknown; raw?: string | Buffer; headers?: Record<string, string> } = {},
  ): Promise<Reply> {
    const headers: Record<string, string> = { ...(options.headers ?? {}) };
    const token = options.token === undefined ? ADMIN_TOKEN : options.token;
    if (token) headers.authorization = `Bearer ${token}`;
    let payload: string | Buffer | undefined;
    if (options.raw !== undefined) payload = options.raw;
    else if (options.body !== undefined) payload = JSON.stringify(options.body);
    if (payload !== undefined && !headers['content-type']) headers['content-type'] = 'application/json';
    const res = await this.api
      .getHttpAdapter()
      .getInstance()
      .inject({ method: method as 'GET', url, headers, payload });
    let body: unknown;
    try {
      body = JSON.parse(res.body);
    } catch {
      // Not JSON (such as the Swagger UI page): the text is there instead.
    }
    return { status: res.statusCode, headers: res.headers, body, text: res.body };
  }

  /** A GET that waits until the read models have caught up with everything written so far (`X-Min-Position`: the log's head). */
  async readAfterWrites(url: string, token?: string | null): Promise<Reply> {
    const head = (await this.runtime.store.stats()).lastPosition.toString();
    return this.request('GET', url, { token, headers: { 'x-min-position': head } });
  }

  /** A POST that must go through: its answer's body, or an error saying the status and what the API said. */
  async posted(url: string, body: unknown, token: string): Promise<{ id: string }> {
    const r = await this.request('POST', url, { token, body });
    if (r.status >= 300) throw new Error(`${r.status} ${r.text}`);
    return r.body as { id: string };
  }

  /** A participant registered with consent to take part in every pair, by their id. */
  async consentingPerson(token: string, perspective: string, name: string): Promise<string> {
    const { id } = await this.posted('/participants', { name, perspective, role: 'member', organisation: 'Org', organisationType: 'other' }, token);
    await this.posted(`/participants/${id}/consents`, { scope: 'participation', evidence: 'form' }, token);
    return id;
  }

  /** Creates a user with a role and returns their token. */
  async user(role: string, participantId?: string): Promise<string> {
    const res = await this.request('POST', '/users', { body: { name: `A ${role}`, role, ...(participantId ? { participantId } : {}) } });
    if (res.status !== 201) throw new Error(`could not create ${role}: ${res.text}`);
    return res.body.token as string;
  }
}

/** A small programme: a cohort, two consenting partners and their pair. */
export async function seedPair(h: Pick<ApiHarness, 'request'>, coordinator: string, formedOn = '2026-01-10') {
  const ok = (r: Reply) => {
    if (r.status >= 300) throw new Error(`seed failed: ${r.status} ${r.text}`);
    return r.body.id as string;
  };
  const cohortId = ok(await h.request('POST', '/cohorts', { token: coordinator, body: { name: 'Wave', startsOn: '2026-01-01' } }));
  const person = async (perspective: string, name: string) => {
    const id = ok(
      await h.request('POST', '/participants', {
        token: coordinator,
        body: { name, perspective, role: 'r', organisation: 'o', organisationType: 'other', registeredOn: '2026-01-02' },
      }),
    );
    ok(await h.request('POST', `/participants/${id}/consents`, { token: coordinator, body: { scope: 'participation', evidence: 'form', on: '2026-01-03' } }));
    return id;
  };
  const lep = await person('lived-experience', 'Lee Partner');
  const pro = await person('professional', 'Pat Professional');
  const pairId = ok(
    await h.request('POST', '/pairs', {
      token: coordinator,
      body: { cohortId, livedExperiencePartnerId: lep, professionalPartnerId: pro, formedOn, focus: 'Shorter waits', serviceArea: 'Cardiac' },
    }),
  );
  return { cohortId, lep, pro, pairId };
}

export const meetingBody = (attendeeIds: string[], extra: Record<string, unknown> = {}) => ({
  heldOn: '2026-02-01',
  durationMinutes: 60,
  format: 'video',
  attendeeIds,
  topics: ['waits'],
  notes: 'Talked about waits',
  approaches: ['finding-partner'],
  ...extra,
});
