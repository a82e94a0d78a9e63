// Compiles every lib and app from TypeScript to CommonJS with swc (decorator metadata included),
// so `npm start`, `npm run demo` and the CLI run from plain JavaScript straight after `npm ci`.
// Type checking is `npm run typecheck`; this step only transpiles, which takes a second or two.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const quiet = process.argv.includes('--quiet');
const root = new URL('..', import.meta.url).pathname;
const swc = join(root, 'node_modules', '.bin', 'swc');
const packages = ['libs', 'apps'].flatMap((dir) =>
  readdirSync(join(root, dir), { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(root, dir, entry.name, 'src')))
    .map((entry) => join(dir, entry.name)),
);

for (const pkg of packages) {
  const out = join(root, pkg, 'dist');
  rmSync(out, { recursive: true, force: true });
  execFileSync(
    swc,
    [
      'src',
      '-d',
      'dist',
      '--strip-leading-paths',
      '--config-file',
      join(root, '.swcrc'),
      '--quiet',
      '--ignore',
      '**/*.spec.ts',
      '--ignore',
      '**/*.int-spec.ts',
      '--ignore',
      '**/*.e2e-spec.ts',
    ],
    { cwd: join(root, pkg), stdio: quiet ? ['ignore', 'ignore', 'inherit'] : 'inherit' },
  );
}
if (!quiet) console.log(`built ${packages.length} packages: ${packages.join(', ')}`);
