import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { FileLock } from './file-lock';

// The built library, as another process loads it (the repository's root resolves the workspace).
const ROOT = join(__dirname, '..', '..', '..', '..');
const TAKE = (path: string, mode: string) =>
  `const { FileLock } = require('@pairtrail/event-store'); const l = FileLock.tryTake(${JSON.stringify(path)}, '${mode}'); console.log(l ? 'held' : 'refused');`;

/** Another process holding the lock at `path` in `mode` until killed; resolves once it holds it. */
async function holder(path: string, mode: 'shared' | 'exclusive') {
  const child = spawn(process.execPath, ['-e', `${TAKE(path, mode)} setInterval(() => {}, 1000);`], { stdio: ['ignore', 'pipe', 'inherit'], cwd: ROOT });
  const [line] = (await once(child.stdout!, 'data')) as [Buffer];
  return { child, held: line.toString().trim() === 'held' };
}

/** Whether another process, which then ends, can take the lock at `path` in `mode`. */
const tryIn = (path: string, mode: 'shared' | 'exclusive') =>
  execFileSync(process.execPath, ['-e', TAKE(path, mode)], { cwd: ROOT })
    .toString()
    .trim();

describe('FileLock, between processes', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'pairtrail-lock-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('is shared among shared holders, and refused to an exclusive one while any holds it', async () => {
    const path = join(dir, 'in-use.lock');
    const first = await holder(path, 'shared');
    expect(first.held).toBe(true);
    expect(tryIn(path, 'shared')).toBe('held');
    expect(tryIn(path, 'exclusive')).toBe('refused');
    first.child.kill('SIGKILL');
    await once(first.child, 'exit');
    // Killed outright, the holder leaves nothing behind.
    expect(tryIn(path, 'exclusive')).toBe('held');
  });

  it('is held by one exclusive holder alone, and refuses shared holders meanwhile', async () => {
    const path = join(dir, 'projections.lock');
    const only = await holder(path, 'exclusive');
    expect(only.held).toBe(true);
    expect(tryIn(path, 'exclusive')).toBe('refused');
    expect(tryIn(path, 'shared')).toBe('refused');
    only.child.kill('SIGTERM');
    await once(only.child, 'exit');
    expect(tryIn(path, 'shared')).toBe('held');
  });

  it('is released by its holder, and taken again', () => {
    const path = join(dir, 'x.lock');
    const lock = FileLock.tryTake(path, 'exclusive')!;
    expect(lock).toBeDefined();
    expect(tryIn(path, 'shared')).toBe('refused');
    lock.release();
    lock.release();
    expect(tryIn(path, 'exclusive')).toBe('held');
  });
});
