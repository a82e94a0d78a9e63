import type Database from 'better-sqlite3';

/** The event store's schema, one migration a version. Applied in order; never edited once released. */
const MIGRATIONS: string[] = [
  `CREATE TABLE events (
     position   INTEGER PRIMARY KEY AUTOINCREMENT,
     stream     TEXT    NOT NULL,
     category   TEXT    NOT NULL,
     revision   INTEGER NOT NULL,
     event_id   TEXT    NOT NULL UNIQUE,
     type       TEXT    NOT NULL,
     data       TEXT    NOT NULL,
     metadata   TEXT    NOT NULL,
     UNIQUE (stream, revision)
   );
   CREATE INDEX events_category ON events (category, position);
   CREATE TABLE streams (
     stream   TEXT PRIMARY KEY,
     revision INTEGER NOT NULL
   ) WITHOUT ROWID;`,
  // Event ids need not be unique across the log (EventStoreDB does not make them so), and a unique index
  // on random UUIDs cost more than half of every append. A retried append is recognised by its place in
  // its stream instead. The category index cost another tenth of every append and served only catch-ups
  // of rare categories, which now scan the log as EventStoreDB's server-side filters do. SQLite cannot
  // drop a column's UNIQUE, so the table is rebuilt, every row copied. Positions no longer need
  // AUTOINCREMENT's bookkeeping: events are never deleted, so the next rowid is always past every other.
  `CREATE TABLE events_v2 (
     position   INTEGER PRIMARY KEY,
     stream     TEXT    NOT NULL,
     category   TEXT    NOT NULL,
     revision   INTEGER NOT NULL,
     event_id   TEXT    NOT NULL,
     type       TEXT    NOT NULL,
     data       TEXT    NOT NULL,
     metadata   TEXT    NOT NULL,
     UNIQUE (stream, revision)
   );
   INSERT INTO events_v2 (position, stream, category, revision, event_id, type, data, metadata)
     SELECT position, stream, category, revision, event_id, type, data, metadata FROM events ORDER BY position;
   DROP TABLE events;
   ALTER TABLE events_v2 RENAME TO events;`,
  // The few rows some readers look for across the whole log, read at every start (users; erasures) or
  // to list every pair, each in a partial index of its own (indexedCondition): without them, each such
  // read went through every row of the log. An append pays only for the rows an index holds.
  `CREATE INDEX events_category_user ON events (position) WHERE category = 'user';
   CREATE INDEX events_type_participant_erased ON events (position) WHERE substr(type, 1, 17) = 'ParticipantErased';
   CREATE INDEX events_type_pair_formed ON events (position) WHERE substr(type, 1, 10) = 'PairFormed';`,
];

/** The filters a partial index serves (see the migration that made them). */
const INDEXED = { streamCategories: ['user'], eventTypePrefixes: ['ParticipantErased', 'PairFormed'] };

/**
 * For a filter of exactly one category or type prefix with a partial index, the index's own condition:
 * SQLite reads a partial index only for a query that states it, literals and all. Undefined otherwise.
 */
export function indexedCondition(categories: readonly string[], prefixes: readonly string[]): string | undefined {
  const [category] = categories;
  const [prefix] = prefixes;
  if (categories.length === 1 && prefixes.length === 0 && INDEXED.streamCategories.includes(category!)) return `category = '${category}'`;
  if (prefixes.length === 1 && categories.length === 0 && INDEXED.eventTypePrefixes.includes(prefix!))
    return `substr(type, 1, ${prefix!.length}) = '${prefix}'`;
  return undefined;
}

/**
 * Brings a database to the latest schema, using SQLite's user_version to know where it stands. Before
 * upgrading a store that has a schema already, it says so through `notice`: on a large log an upgrade
 * reads every row, and the store does not open until it is done.
 */
export function migrate(db: Database.Database, notice?: (message: string) => void): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > MIGRATIONS.length) {
    throw new Error(`The event store was written by a newer Pairtrail (schema ${current}; this one knows ${MIGRATIONS.length}). Upgrade Pairtrail.`);
  }
  if (current > 0 && current < MIGRATIONS.length) {
    notice?.(
      `Upgrading the event store's schema from version ${current} to ${MIGRATIONS.length}: on a log of millions of events this takes a minute or more. ` +
        'Each version is one transaction, so stopping now loses no event; the upgrade starts again at the next start.',
    );
  }
  for (let version = current; version < MIGRATIONS.length; version++) {
    db.transaction(() => {
      // Another connection (a CLI beside the server) may have applied it while this one waited.
      if ((db.pragma('user_version', { simple: true }) as number) > version) return;
      db.exec(MIGRATIONS[version]!);
      db.pragma(`user_version = ${version + 1}`);
    }).immediate();
  }
}
