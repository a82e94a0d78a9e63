import { join } from 'node:path';
import { pairDecider, pairView, type PairEvent } from '@pairtrail/domain';
import { tempDir } from '@pairtrail/testing';
import { loadState } from './command-handling';
import { SqliteEventStore } from './sqlite/sqlite-event-store';
import { EventSerializer } from './serializer';
import { UpcasterRegistry } from './upcasting';

describe('schema evolution', () => {
  it('reads a stored v1 MeetingHeld payload back in the current shape', async () => {
    const dir = tempDir();
    const store = new SqliteEventStore({ path: join(dir.path, 'events.db') });
    const serializer = new EventSerializer();
    try {
      await store.appendToStream('pair-1', [
        {
          eventId: 'a0000000-0000-4000-8000-000000000001',
          type: 'PairFormed',
          data: {
            pairId: '1',
            cohortId: 'c',
            livedExperiencePartnerId: 'l',
            professionalPartnerId: 'p',
            formedOn: '2016-01-01',
            focus: 'f',
            serviceArea: 'cardiac',
          },
          metadata: { schemaVersion: 1 },
        },
        {
          eventId: 'a0000000-0000-4000-8000-000000000002',
          type: 'MeetingHeld',
          data: { meetingId: 'm1', heldOn: '2016-02-01', durationHours: 1.5, format: 'face-to-face', attendeeIds: ['l', 'p'], topics: ['t'], notes: 'n' },
          metadata: { schemaVersion: 1 },
        },
      ]);
      const [, stored] = await store.readStream('pair-1');
      expect(serializer.deserialize<PairEvent>(stored!).data).toEqual({
        meetingId: 'm1',
        heldOn: '2016-02-01',
        durationMinutes: 90,
        format: 'in-person',
        attendeeIds: ['l', 'p'],
        topics: ['t'],
        notes: 'n',
        approaches: [],
      });
      const { state } = await loadState({ store, serializer }, pairDecider, 'pair-1');
      expect(pairView(state).meetings[0]?.durationMinutes).toBe(90);
      expect(serializer.serialize('pair-1', { type: 'MeetingHeld', data: {} }).schemaVersion).toBe(2);
    } finally {
      await store.close();
      dir.remove();
    }
  });

  it('refuses a version it has no upcaster for, and one newer than it knows', () => {
    const registry = new UpcasterRegistry({ Thing: 3 }, [{ type: 'Thing', fromVersion: 2, upcast: (d) => ({ ...d, three: true }) }]);
    expect(registry.upcast('Thing', 2, {})).toEqual({ three: true });
    expect(() => registry.upcast('Thing', 1, {})).toThrow(/No upcaster for Thing from schema version 1/);
    expect(() => registry.upcast('Thing', 4, {})).toThrow(/upgrade Pairtrail/);
  });
});
