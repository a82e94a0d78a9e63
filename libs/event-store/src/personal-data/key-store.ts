import Database from 'better-sqlite3';
import { PairtrailError } from '@pairtrail/domain';
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { keepToOwner, makePrivateDirectory } from '../sqlite/owner-only';
import { RESTORE_REMEDY, opening } from '../sqlite/damaged';
import { dirname } from 'node:path';

/** A subject's data key is gone for good: what it encrypted can never be read again, nor new data sealed. */
export class KeyDestroyedError extends PairtrailError {
  readonly category = 'rule-violated' as const;
}

/**
 * Sealed personal data whose key this key store has never held, neither live nor destroyed: the data
 * was recorded beside another keys.db (another data directory's, or one lost and made afresh).
 */
export class KeyMissingError extends Error {
  constructor(readonly subject: string) {
    super(
      `The personal data of ${subject} was sealed with a key this keys.db has never held: it is not the keys.db this log was recorded with. Put that one back (from the data directory the log was recorded in, or a backup); every Pairtrail instance on one EventStoreDB needs the same keys.db and master key.`,
    );
    this.name = 'KeyMissingError';
  }
}

const wrap = (master: Buffer, key: Buffer): Buffer => {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', master, iv);
  const ct = Buffer.concat([cipher.update(key), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), ct]);
};
const unwrap = (master: Buffer, wrapped: Buffer): Buffer => {
  const decipher = createDecipheriv('aes-256-gcm', master, wrapped.subarray(0, 12));
  decipher.setAuthTag(wrapped.subarray(12, 28));
  return Buffer.concat([decipher.update(wrapped.subarray(28)), decipher.final()]);
};

/** Whether `master` unwraps a key store's data keys: true for one that holds none yet. */
function unwrapsWith(db: Database.Database, master: Buffer): boolean {
  const row = db.prepare('SELECT wrapped FROM data_keys WHERE wrapped IS NOT NULL LIMIT 1').get() as { wrapped: Buffer } | undefined;
  if (!row) return true;
  try {
    unwrap(master, row.wrapped);
    return true;
  } catch {
    return false;
  }
}

/**
 * Whether the key store file at `path` (a backup's, say) opens with `master`, read without changing it.
 * True when there is no such file, or it holds no keys.
 */
export function keyStoreOpensWith(path: string, master: Buffer): boolean {
  if (!existsSync(path)) return true;
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    const table = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'data_keys'").get();
    return !table || unwrapsWith(db, master);
  } finally {
    db.close();
  }
}

/**
 * The subjects whose keys the key store file at `path` holds destroyed, with when each was destroyed;
 * read without changing it. Empty when there is no such file.
 */
export function destroyedKeys(path: string): Map<string, string> {
  if (!existsSync(path)) return new Map();
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    const rows = db.prepare('SELECT subject, destroyed_at FROM data_keys WHERE destroyed_at IS NOT NULL').all() as { subject: string; destroyed_at: string }[];
    return new Map(rows.map((r) => [r.subject, r.destroyed_at]));
  } finally {
    db.close();
  }
}

/**
 * Seals every data key in the key store at `path` with a new master key, in one transaction: what the
 * old master key opened, the new one opens, and the old one opens nothing. Keys already destroyed stay
 * destroyed. The old sealed copies are overwritten (secure_delete) and the WAL emptied, so none is left
 * in the file. Returns how many keys were sealed again.
 * @throws when `current` does not open the store; nothing is changed then.
 */
export function rewrapKeyStore(path: string, current: Buffer, next: Buffer): number {
  if (next.length !== 32) throw new Error('The new master key must be 32 bytes.');
  const db = new Database(path, { fileMustExist: true });
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('secure_delete = ON');
    db.pragma('busy_timeout = 10000');
    if (!unwrapsWith(db, current)) throw new Error(`The current master key does not open ${path}.`);
    const rows = db.prepare('SELECT subject, wrapped FROM data_keys WHERE wrapped IS NOT NULL').all() as { subject: string; wrapped: Buffer }[];
    const update = db.prepare('UPDATE data_keys SET wrapped = ? WHERE subject = ?');
    db.transaction(() => {
      for (const { subject, wrapped } of rows) update.run(wrap(next, unwrap(current, wrapped)), subject);
    })();
    db.pragma('wal_checkpoint(TRUNCATE)');
    return rows.length;
  } finally {
    db.close();
  }
}

/**
 * Data keys, one per subject (a participant, a pair, a user), kept in a SQLite file apart from the event
 * log and wrapped by the master key. Destroying a key deletes it with secure_delete and truncates the
 * WAL, so no readable copy stays in the file; a tombstone records that it is gone.
 */
export class KeyStore {
  private readonly db: Database.Database;
  private readonly cache = new Map<string, Buffer>();

  constructor(
    path: string,
    private readonly masterKey: Buffer,
  ) {
    if (masterKey.length !== 32) throw new Error('The master key must be 32 bytes.');
    if (path !== ':memory:') makePrivateDirectory(dirname(path));
    this.db = new Database(path);
    this.statements = opening(
      path,
      'the personal-data key store',
      () => {
        this.db.pragma('journal_mode = WAL');
        keepToOwner(path);
        this.db.pragma('synchronous = FULL');
        this.db.pragma('secure_delete = ON');
        this.db.pragma('busy_timeout = 10000');
        this.db.exec('CREATE TABLE IF NOT EXISTS data_keys (subject TEXT PRIMARY KEY, wrapped BLOB, destroyed_at TEXT)');
        // Prepared once: preparing a statement cost more than the lookup itself, on every first read of a subject.
        return {
          key: this.db.prepare('SELECT wrapped, destroyed_at FROM data_keys WHERE subject = ?'),
          insert: this.db.prepare('INSERT INTO data_keys (subject, wrapped) VALUES (?, ?) ON CONFLICT (subject) DO NOTHING'),
        };
      },
      () => this.db.close(),
      (cause) => `The personal-data key store ${path} is damaged (${cause}), so no one's personal data can be read; nothing was changed. ${RESTORE_REMEDY}`,
    );
  }

  private readonly statements: { key: Database.Statement; insert: Database.Statement };

  /**
   * Whether the master key given opens the keys already stored. One that does not (another directory's,
   * or a new one made where the old was lost) would make every person's data unreadable, and seal new
   * data with a key the old cannot be read beside.
   */
  opensWithMasterKey(): boolean {
    return unwrapsWith(this.db, this.masterKey);
  }

  /** The subject's data key, made on first use. */
  keyFor(subject: string): Buffer {
    const cached = this.cache.get(subject);
    if (cached) return cached;
    const row = this.statements.key.get(subject) as { wrapped: Buffer | null; destroyed_at: string | null } | undefined;
    if (row?.destroyed_at) throw new KeyDestroyedError(`The personal data of ${subject} was erased; nothing more can be recorded about them.`);
    if (row?.wrapped) {
      const key = unwrap(this.masterKey, row.wrapped);
      this.cache.set(subject, key);
      return key;
    }
    const key = randomBytes(32);
    this.statements.insert.run(subject, wrap(this.masterKey, key));
    // Another process may have made it first: use whatever is stored.
    this.cache.delete(subject);
    return this.keyFor(subject);
  }

  /**
   * The key the subject's data was sealed with, to open it: never made here, since a key made now opens
   * nothing sealed before. Throws KeyDestroyedError once erased, and KeyMissingError for a subject this
   * store has never held.
   */
  sealedWith(subject: string): Buffer {
    if (!this.cache.has(subject) && !this.holds(subject)) throw new KeyMissingError(subject);
    return this.keyFor(subject);
  }

  /** Whether this store has held the subject's key: it holds it still, or holds the record of its destruction. */
  holds(subject: string): boolean {
    return this.statements.key.get(subject) !== undefined;
  }

  /**
   * Forgets the subject's key as kept in memory, so the next use reads the file again: after another
   * connection (another thread) destroyed it.
   */
  forget(subject: string): void {
    this.cache.delete(subject);
  }

  /** Whether the subject's key has been destroyed. */
  isDestroyed(subject: string): boolean {
    const row = this.statements.key.get(subject) as { destroyed_at: string | null } | undefined;
    return !!row?.destroyed_at;
  }

  /**
   * Makes sure the subject's key is destroyed, by this process or another, and kept in no memory of
   * this one: what an erasure's rebuild of the read models needs before it starts.
   */
  ensureDestroyed(subject: string): void {
    if (this.isDestroyed(subject)) this.forget(subject);
    else this.destroy(subject);
  }

  /** Destroys the subject's key for good, leaving no readable copy in the file. */
  destroy(subject: string, at = new Date()): void {
    this.cache.delete(subject);
    this.db
      .prepare(
        'INSERT INTO data_keys (subject, wrapped, destroyed_at) VALUES (?, NULL, ?) ON CONFLICT (subject) DO UPDATE SET wrapped = NULL, destroyed_at = excluded.destroyed_at',
      )
      .run(subject, at.toISOString());
    this.db.pragma('wal_checkpoint(TRUNCATE)');
  }

  close(): void {
    this.db.close();
  }
}
