import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { tempDir } from '@pairtrail/testing';

const root = resolve(__dirname, '../..');
const script = join(root, 'scripts/api-schemas.mjs');
const run = (...args: string[]) => spawnSync(process.execPath, [script, ...args], { cwd: root, encoding: 'utf8' });

describe("the schemas of the API's answers", () => {
  it('are generated from the types its handlers return now', () => {
    const result = run('--check');
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  }, 60_000);

  it('are reported stale, with what to run, when an answer’s type has changed', () => {
    const dir = tempDir();
    try {
      const stale = join(dir.path, 'responses.schema.ts');
      writeFileSync(stale, readFileSync(join(root, 'apps/api/src/http/responses.schema.ts'), 'utf8').replace('"needsAttention"', '"needsCare"'));
      const result = run('--check', '--target', stale);
      expect(result.status).toBe(1);
      expect(result.stderr).toContain('is stale: an answer’s type changed. Run `npm run api:schemas`');
    } finally {
      dir.remove();
    }
  }, 60_000);
});
