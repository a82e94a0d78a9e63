import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { tempDir } from '@pairtrail/testing';

const root = resolve(__dirname, '../..');
const script = join(root, 'scripts/web-api-types.mjs');
const check = (target?: string) =>
  spawnSync(process.execPath, [script, '--check', ...(target ? ['--target', target] : [])], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, PAIRTRAIL_LOG_LEVEL: 'silent' },
  });

describe("the web app's typed client", () => {
  it('is generated from the API’s current /openapi.json', () => {
    const result = check();
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  }, 60_000);

  it('is reported stale, with what to run, when the API has changed', () => {
    const dir = tempDir();
    try {
      const stale = join(dir.path, 'schema.d.ts');
      writeFileSync(stale, readFileSync(join(root, 'apps/web/src/api/schema.d.ts'), 'utf8').replace('"/me"', '"/who-am-i"'));
      const result = check(stale);
      expect(result.status).toBe(1);
      expect(result.stderr).toContain('is stale: the API changed. Run `npm run web:api-types`');
    } finally {
      dir.remove();
    }
  }, 60_000);
});
