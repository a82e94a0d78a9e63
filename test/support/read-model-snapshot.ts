import Database from 'better-sqlite3';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ALL_PROJECTIONS } from '@pairtrail/projections';

/** Every projection table of a read-model file as rows in a stable order, with each projection's checkpoint. */
export function readModelSnapshot(path: string): Record<string, unknown[]> {
  const db = new Database(path, { readonly: true });
  try {
    const checkpoints = db.prepare('SELECT name, generation, position FROM projection_checkpoints ORDER BY name').all() as {
      name: string;
      generation: number;
      position: number;
    }[];
    const out: Record<string, unknown[]> = { checkpoints: checkpoints.map((c) => [c.name, c.position]) };
    for (const p of ALL_PROJECTIONS) {
      const generation = checkpoints.find((c) => c.name === p.name)!.generation;
      for (const t of Object.keys(p.tables)) out[`${p.name}.${t}`] = db.prepare(`SELECT * FROM p_${p.name}_g${generation}_${t} ORDER BY 1, 2`).all();
    }
    return out;
  } finally {
    db.close();
  }
}

/** Every byte of a data directory's read-model files (database, WAL and shared memory), as text: to look for plaintext. */
export const readModelBytes = (dir: string): string =>
  readdirSync(dir)
    .filter((f) => f.startsWith('readmodels.db'))
    .map((f) => readFileSync(join(dir, f)).toString('latin1'))
    .join('\n');
