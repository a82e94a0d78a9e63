// Compiles every lib and app from TypeScript to CommonJS with swc (decorator metadata included),
// so `npm start`, `npm run demo` and the CLI run from plain JavaScript straight after `npm ci`.
// Type checking is `npm run typecheck`; this step only transpiles, which takes a second or two.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

const quiet = process.argv.includes('--quiet');
const root = new URL('..', import.meta.url).pathname;
const swc = join(root, 'node_modules', '.bin', 'swc');
const packages = ['libs', 'apps'].flatMap((dir) =>
  readdirSync(join(root, dir), { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(root, dir, entry.name, 'src')) && !(dir === 'apps' && entry.name === 'web'))
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
buildWeb();
if (!quiet) console.log(`built ${packages.length} packages: ${packages.join(', ')}, and apps/web`);

/** The web app with Vite, unless its dist is newer than every source file (a start needs no rebuild). */
function buildWeb() {
  const web = join(root, 'apps', 'web');
  const built = join(web, 'dist', 'index.html');
  const newest = (dir) =>
    readdirSync(dir, { withFileTypes: true }).reduce(
      (max, e) => Math.max(max, e.isDirectory() ? newest(join(dir, e.name)) : statSync(join(dir, e.name)).mtimeMs),
      0,
    );
  const sources = Math.max(
    newest(join(web, 'src')),
    ...[join(web, 'index.html'), join(web, 'vite.config.mjs'), join(root, 'scripts', 'check-log.mjs')].map((file) => statSync(file).mtimeMs),
  );
  if (existsSync(built) && statSync(built).mtimeMs > sources) return;
  execFileSync(process.execPath, [join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', join(web, 'vite.config.mjs')], {
    cwd: web,
    stdio: quiet ? ['ignore', 'ignore', 'inherit'] : 'inherit',
  });
}
