import { join } from 'node:path';
import { EVENT_TYPES, SCHEMA_VERSIONS, pairView } from '@pairtrail/domain';
import { deciderOf } from '@pairtrail/application';
import { EventSerializer, SqliteEventStore, loadState } from '@pairtrail/event-store';
import { ALL_PROJECTIONS, ProjectionEngine, ReadModels, openReadModelDb } from '@pairtrail/projections';
import { tempDir } from '@pairtrail/testing';
import { IDS, MEETING_V2, STORED_EVENTS } from './stored-events';

describe('every event type, at every schema version it was ever stored in', () => {
  it('has a stored example here, so none can be added or changed without one', () => {
    const examples = new Set(STORED_EVENTS.map((e) => `${e.type} v${e.schemaVersion}`));
    const needed = EVENT_TYPES.flatMap((type) => Array.from({ length: SCHEMA_VERSIONS[type] ?? 1 }, (_, i) => `${type} v${i + 1}`));
    expect(needed.filter((n) => !examples.has(n))).toEqual([]);
    expect([...examples].filter((e) => !needed.includes(e))).toEqual([]);
  });

  it('reads back in the current shape, folds in its decider, and is projected by every projection', async () => {
    const dir = tempDir();
    const store = new SqliteEventStore({ path: join(dir.path, 'events.db') });
    const serializer = new EventSerializer();
    const db = openReadModelDb(join(dir.path, 'readmodels.db'));
    try {
      // In log order, as they were recorded.
      for (const [i, example] of STORED_EVENTS.entries()) {
        await store.appendToStream(example.stream, [
          {
            eventId: example.eventId ?? `e0000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
            type: example.type,
            data: example.data,
            metadata: { schemaVersion: example.schemaVersion, recordedAt: `2026-07-31T10:00:${String(i).padStart(2, '0')}.000Z`, actor: 'system' },
          },
        ]);
      }
      const recorded = await store.readAll({ maxCount: 1000 });
      expect(recorded).toHaveLength(STORED_EVENTS.length);
      const read = recorded.map((e) => serializer.deserialize(e));

      // Older shapes come back in the current one.
      const meetings = read.filter((e) => e.type === 'MeetingHeld').map((e) => e.data);
      expect(meetings[0]).toEqual(expect.objectContaining({ durationMinutes: 90, format: 'in-person', approaches: [] }));
      expect(meetings[0]).not.toHaveProperty('durationHours');
      expect(read.filter((e) => e.type === 'CaseStudyApproved').map((e) => (e.data as { rendering: number }).rendering)).toEqual([1, 1]);

      // Each stream folds in its decider to a state that tells its story.
      const states: Record<string, unknown> = {};
      for (const stream of new Set(STORED_EVENTS.map((e) => e.stream))) {
        states[stream.slice(0, stream.indexOf('-'))] = (await loadState({ store, serializer }, deciderOf(stream), stream)).state;
      }
      const view = pairView(states.pair as never);
      expect(view).toMatchObject({ status: 'concluded', meetings: [{ durationMinutes: 90 }, { meetingId: MEETING_V2, durationMinutes: 75 }], outcomes: [] });
      expect(states.casestudy).toMatchObject({ withdrawn: true, versions: { [IDS.HASH]: { rendering: 1 } } });

      // And every projection takes every one of them, to the head of the log.
      const engine = new ProjectionEngine({ store, serializer, db, projections: ALL_PROJECTIONS });
      engine.start();
      await new Promise((r) => setTimeout(r, 10));
      await engine.settled(10);
      const statuses = await engine.status();
      expect(statuses.map((s) => [s.name, s.state, s.lastError, s.lag])).toEqual(ALL_PROJECTIONS.map((p) => [p.name, 'live', null, '0']));
      const reads = new ReadModels(db, engine, store, 'Europe/London');
      expect(reads.pair(IDS.PAIR)).toMatchObject({ status: 'concluded', meetings: [{ durationMinutes: 90 }, { durationMinutes: 75 }] });
      expect(reads.cohort(IDS.COHORT)).toMatchObject({ name: 'Northfield wave 1', status: 'closed' });
      await engine.stop();
    } finally {
      db.close();
      await store.close();
      dir.remove();
    }
  });
});
