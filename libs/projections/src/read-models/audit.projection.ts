import type { Projection } from '../engine/projection';
import { prepareCached } from '../engine/read-model-db';
import { summarise } from './summary';

/** One row per event, across all streams, in log order. */
export const auditProjection: Projection = {
  name: 'audit',
  // 2: a row says how its event was recorded (its envelope's source: api, cli, import or demo), so that
  // what came from a spreadsheet can be told from what was recorded one by one.
  version: 2,
  // Summaries never name a person or quote free text (summary.ts), so nothing is decrypted for them.
  personalData: false,
  tables: {
    rows: `(
      position INTEGER PRIMARY KEY,
      stream TEXT NOT NULL,
      revision INTEGER NOT NULL,
      event_id TEXT NOT NULL,
      type TEXT NOT NULL,
      recorded_at TEXT NOT NULL,
      actor TEXT NOT NULL,
      actor_user TEXT NOT NULL,
      source TEXT,
      correlation_id TEXT,
      causation_id TEXT,
      command_id TEXT,
      hash TEXT,
      summary TEXT NOT NULL
    )`,
  },
  indexes: [
    'CREATE INDEX IF NOT EXISTS {rows}_stream ON {rows} (stream, position)',
    'CREATE INDEX IF NOT EXISTS {rows}_type ON {rows} (type, position)',
    'CREATE INDEX IF NOT EXISTS {rows}_actor ON {rows} (actor_user, position)',
    'CREATE INDEX IF NOT EXISTS {rows}_recorded ON {rows} (recorded_at)',
  ],
  applyBatch({ db, table }, events) {
    const insert = prepareCached(
      db,
      `INSERT OR REPLACE INTO ${table('rows')} (position, stream, revision, event_id, type, recorded_at, actor, actor_user, source, correlation_id, causation_id, command_id, hash, summary)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    for (const { recorded, event } of events) {
      const m = recorded.metadata as Record<string, unknown>;
      const actor = m.actor ?? 'system';
      const actorUser = typeof actor === 'object' && actor !== null ? String((actor as { userId: string }).userId) : String(actor);
      insert.run(
        recorded.position,
        recorded.stream,
        recorded.revision,
        recorded.eventId,
        recorded.type,
        String(m.recordedAt ?? ''),
        JSON.stringify(actor),
        actorUser,
        (m.source as string) ?? null,
        (m.correlationId as string) ?? null,
        (m.causationId as string) ?? null,
        (m.commandId as string) ?? null,
        (m.hash as string) ?? null,
        summarise(recorded.type, event.data as Record<string, unknown>),
      );
    }
  },
};
