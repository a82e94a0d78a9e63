import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '@pairtrail/testing';
import { CliError, checkOutFile, describeFileError, writeWholeFile } from './output';

describe('the files the CLI writes', () => {
  let dir: ReturnType<typeof tempDir>;
  beforeEach(() => {
    dir = tempDir();
  });
  afterEach(() => dir.remove());

  it('writes a file whole, replacing one there before', async () => {
    const path = join(dir.path, 'audit.csv');
    writeFileSync(path, 'an older export\n');
    await writeWholeFile(path, ['a,b\n', '1,2\n']);
    expect(readFileSync(path, 'utf8')).toBe('a,b\n1,2\n');
    expect(readdirSync(dir.path)).toEqual(['audit.csv']);
  });

  it('leaves no file that looks finished when the work fails part way, and keeps the one there before', async () => {
    const path = join(dir.path, 'audit.csv');
    const failing = function* () {
      yield 'a,b\n';
      yield '1,2\n';
      throw new Error('the read models went away');
    };
    await expect(writeWholeFile(path, failing())).rejects.toThrow('the read models went away');
    expect(readdirSync(dir.path)).toEqual([]);

    writeFileSync(path, 'an older export\n');
    await expect(writeWholeFile(path, failing())).rejects.toThrow();
    expect(readFileSync(path, 'utf8')).toBe('an older export\n');
    expect(readdirSync(dir.path)).toEqual(['audit.csv']);
  });

  it('refuses, before any work, a path that cannot be a file: a directory, or one under a missing directory or a file', () => {
    const file = join(dir.path, 'plain');
    writeFileSync(file, '');
    mkdirSync(join(dir.path, 'sub'));
    expect(() => checkOutFile(join(dir.path, 'sub'))).toThrow(/is a directory; give a file name/);
    expect(() => checkOutFile(join(dir.path, 'missing', 'a.csv'))).toThrow(/there is no directory .*missing; create it first/);
    expect(() => checkOutFile(join(file, 'a.csv'))).toThrow(/plain is a file, not a directory/);
    expect(() => checkOutFile(join(dir.path, 'sub', 'a.csv'))).not.toThrow();
    expect(() => checkOutFile(join(dir.path, 'sub'))).toThrow(expect.objectContaining({ exitCode: 2 }) as CliError);
  });

  it('names the path and the problem of a file-system error, and leaves other errors alone', () => {
    let thrown: unknown;
    writeFileSync(join(dir.path, 'plain-file'), '');
    try {
      mkdirSync(join(dir.path, 'plain-file', 'x'), { recursive: true });
    } catch (error) {
      thrown = error;
    }
    expect(describeFileError(thrown)).toBe(`cannot create the directory ${join(dir.path, 'plain-file', 'x')}: part of that path is a file, not a directory.`);
    try {
      mkdirSync(join(dir.path, 'plain-file'), { recursive: true });
    } catch (error) {
      thrown = error;
    }
    expect(describeFileError(thrown)).toBe(`cannot create the directory ${join(dir.path, 'plain-file')}: it is a file, not a directory.`);
    expect(describeFileError(new Error('a bug'))).toBeUndefined();
    expect(describeFileError('not an error')).toBeUndefined();
  });
});
