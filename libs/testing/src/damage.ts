import Database from 'better-sqlite3';
import { closeSync, openSync, writeSync } from 'node:fs';

/**
 * Overwrites with noise the middle one of a table's leaf pages (its only page, for a small table), as a failing disk
 * might: opening the database reads its schema, not that page, so the damage is met only when the
 * table is read. `table` is its name, or a GLOB pattern for it (`p_documents_g[0-9]_pairs`). The database
 * must not be open, or its cache may hide the damage.
 */
export function damageTable(path: string, table: string): void {
  const db = new Database(path, { readonly: true });
  let pageSize: number;
  let pages: number[];
  try {
    pageSize = db.pragma('page_size', { simple: true }) as number;
    pages = db.prepare("SELECT pageno FROM dbstat WHERE name GLOB ? AND pagetype = 'leaf' ORDER BY pageno").pluck().all(table) as number[];
  } finally {
    db.close();
  }
  if (pages.length === 0) throw new Error(`${path} has no table ${table}`);
  const fd = openSync(path, 'r+');
  try {
    writeSync(fd, Buffer.alloc(pageSize, 0xa5), 0, pageSize, (pages[Math.floor(pages.length / 2)]! - 1) * pageSize);
  } finally {
    closeSync(fd);
  }
}
