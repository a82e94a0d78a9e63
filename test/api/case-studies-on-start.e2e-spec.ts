import { join } from 'node:path';
import { runDemo } from '@pairtrail/application';
import { tempDir } from '@pairtrail/testing';
import { startServer } from '../../apps/api/src/main';

const TOKEN = 'told-admin-token-0123456789-abcdefghijklmnop';

describe('case studies told once a server has started', () => {
  const dir = tempDir();
  const options = {
    dataDir: join(dir.path, 'data'),
    port: 0,
    env: { ...process.env, PAIRTRAIL_ADMIN_TOKEN: TOKEN, PAIRTRAIL_LOG_LEVEL: 'silent', PAIRTRAIL_SQLITE_SYNCHRONOUS: 'NORMAL', HOST: '127.0.0.1' },
  };
  afterAll(() => dir.remove());

  it("tells every pair's case study in the background, so the first GET /case-studies tells none", async () => {
    const first = await startServer(options);
    await runDemo(first.runtime.app);
    await first.stop();

    const server = await startServer(options);
    try {
      const { reads } = server.runtime;
      for (let waited = 0; reads.caseStudiesTold < 3; waited += 20) {
        if (waited > 10_000) throw new Error(`${reads.caseStudiesTold} of the demo's 3 case studies told 10 s after the start`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      const list = await fetch(`${server.url.replace('localhost', '127.0.0.1')}/case-studies`, { headers: { authorization: `Bearer ${TOKEN}` } });
      expect(list.status).toBe(200);
      const { items } = (await list.json()) as { items: { pairId: string; current: unknown }[] };
      expect(items).toHaveLength(3);
      expect(items.every((item) => item.current !== null)).toBe(true);
      // Each was found told, none told again.
      expect(reads.caseStudiesTold).toBe(3);
    } finally {
      await server.stop();
    }
  });
});
