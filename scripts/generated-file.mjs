// What the scripts that write a generated, committed file share: where it goes (`--target FILE` puts it
// elsewhere) and `--check`, which writes nothing and exits 1 if the committed file is not what they make.
import { readFileSync, writeFileSync } from 'node:fs';

/** The file to write or check: the one given with `--target`, else `file`. */
export function targetOr(file) {
  const at = process.argv.indexOf('--target');
  return at > 0 ? process.argv[at + 1] : file;
}

/** Writes `contents` to `target`; with `--check`, says `stale` and exits 1 when the file differs (or is missing). */
export function writeOrCheck(target, contents, stale) {
  if (!process.argv.includes('--check')) {
    writeFileSync(target, contents);
    console.log(`wrote ${target}`);
    return;
  }
  let committed = '';
  try {
    committed = readFileSync(target, 'utf8');
  } catch {
    // Missing counts as stale.
  }
  if (committed !== contents) {
    console.error(`${target} is stale: ${stale}`);
    process.exit(1);
  }
  console.log(`${target} is up to date`);
}
