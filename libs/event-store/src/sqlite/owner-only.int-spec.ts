import { spawnSync } from 'node:child_process';
import { existsSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { tempDir } from '@pairtrail/testing';
import { makeDirectory, makePrivateDirectory } from './owner-only';

describe('making directories', () => {
  const dir = tempDir();
  afterAll(() => dir.remove());

  it('makes a directory with its missing parents, and takes one that is there already', () => {
    const nested = join(dir.path, 'a', 'b', 'c');
    makeDirectory(nested);
    expect(statSync(nested).isDirectory()).toBe(true);
    expect(() => makeDirectory(nested)).not.toThrow();
    makePrivateDirectory(join(dir.path, 'private', 'data'));
    expect(statSync(join(dir.path, 'private', 'data')).mode & 0o777).toBe(0o700);
  });

  it('fails at once, naming what it could not make, under a file or where the kernel makes nothing (/proc)', () => {
    const file = join(dir.path, 'plain');
    writeFileSync(file, '');
    expect(() => makeDirectory(join(file, 'x'))).toThrow(expect.objectContaining({ code: 'ENOTDIR' }));
    if (!existsSync('/proc/self')) return;
    // Node's recursive mkdir spins for ever here: run in a process of its own, so that a hang fails the test.
    const script = `require(${JSON.stringify(resolve(__dirname, '../../dist/sqlite/owner-only.js'))}).makeDirectory('/proc/pairtrail-nothing/x')`;
    const made = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 10_000 });
    expect({ status: made.status, error: /ENOENT: no such file or directory, mkdir '\/proc\/pairtrail-nothing'/.test(made.stderr) }).toEqual({
      status: 1,
      error: true,
    });
  });
});
