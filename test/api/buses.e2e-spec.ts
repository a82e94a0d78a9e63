import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { demoId, runDemo } from '@pairtrail/application';
import { JobCommand } from '../../apps/api/src/commands/job.command';
import { AUDIT_READS } from '../../apps/api/src/queries/audit.reads';
import { CASE_STUDY_READS } from '../../apps/api/src/queries/case-study.reads';
import { EVALUATION_READS } from '../../apps/api/src/queries/evaluation.reads';
import { IDENTITY_READS } from '../../apps/api/src/queries/identity.reads';
import { OPERATIONS_READS } from '../../apps/api/src/queries/operations.reads';
import { ReadQuery } from '../../apps/api/src/queries/read.query';
import { READS } from '../../apps/api/src/queries/reads';
import { RECORD_READS } from '../../apps/api/src/queries/record.reads';
import { ApiHarness } from '../support/api-harness';

/** Routes that read no record: the API's own description and its process metrics. */
const NOT_READS = ['/openapi.json', '/docs', '/metrics'];

/** The names of the messages of one kind sent over a bus, as they are sent (each still handled). */
function namesSent(bus: { execute(message: never): Promise<unknown> }, kind: abstract new (...args: never[]) => { name: string }) {
  const names: string[] = [];
  const execute = bus.execute.bind(bus);
  const spy = jest.spyOn(bus, 'execute').mockImplementation((message: never) => {
    const sent: unknown = message;
    if (sent instanceof kind) names.push(sent.name);
    return execute(message);
  });
  return { names, restore: () => spy.mockRestore() };
}

describe('the command and query buses', () => {
  let h: ApiHarness;
  beforeAll(async () => {
    h = await ApiHarness.start();
    await runDemo(h.runtime.app);
    await h.runtime.projections.waitFor((await h.runtime.store.stats()).lastPosition);
  });
  afterAll(() => h.stop());

  it('answers every GET route of the API by a read sent through the query bus', async () => {
    const { names: asked, restore } = namesSent(h.api.get(QueryBus), ReadQuery);
    const pair = demoId('pairId', 'cardiac:formed');
    const paths = Object.entries((await h.request('GET', '/openapi.json')).body.paths as Record<string, Record<string, unknown>>)
      .filter(([path, methods]) => methods.get && !NOT_READS.includes(path))
      .map(([path]) => path);
    expect(paths.length).toBeGreaterThan(30);
    const unasked: string[] = [];
    for (const path of paths) {
      asked.length = 0;
      // Every id an id the record knows, or not: an unknown one is looked for too, by the read.
      const url = path.replace('{contentHash}', 'a'.repeat(64)).replace(/\{\w+\}/g, pair) + (path === '/audit/export' ? '?format=csv' : '');
      const answer = await h.request('GET', url);
      expect(answer.status).toBeLessThan(500);
      if (asked.length === 0) unasked.push(`${path} (${answer.status})`);
    }
    restore();
    expect(unasked).toEqual([]);
  });

  it('starts background work through the command bus, its checks made there too', async () => {
    const { names: started, restore } = namesSent(h.api.get(CommandBus), JobCommand);
    expect((await h.request('POST', '/audit/verifications', { body: {} })).status).toBe(202);
    expect((await h.request('POST', '/reports', { body: { cohortId: demoId('pairId', 'cardiac:formed') } })).body).toMatchObject({
      error: 'validation',
      details: [{ field: 'cohortId' }],
    });
    const notAPack = await h.request('POST', '/reports/checks', { raw: Buffer.from('not a zip'), headers: { 'content-type': 'application/zip' } });
    expect(notAPack.body).toMatchObject({ error: 'validation', details: [{ field: 'body' }] });
    expect((await h.request('POST', '/projections/no-such/rebuild')).status).toBe(404);
    restore();
    expect(started).toEqual(['startVerification', 'startReport', 'checkReport', 'rebuildProjection']);
  });

  it('names each read once, so that no read stands in for another', () => {
    const parts = [RECORD_READS, EVALUATION_READS, AUDIT_READS, CASE_STUDY_READS, IDENTITY_READS, OPERATIONS_READS];
    const names = parts.flatMap((part) => Object.keys(part));
    expect(names.filter((name, i) => names.indexOf(name) !== i)).toEqual([]);
    expect(Object.keys(READS).sort()).toEqual([...names].sort());
  });
});
