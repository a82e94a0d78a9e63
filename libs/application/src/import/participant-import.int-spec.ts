import { join } from 'node:path';
import { ValidationError } from '@pairtrail/domain';
import { EventSerializer, SqliteEventStore } from '@pairtrail/event-store';
import { tempDir } from '@pairtrail/testing';
import { PairtrailApplication } from '../pairtrail.application';
import { planParticipantImport, readParticipantsFile, runParticipantImport, type ImportRow } from './participant-import';

describe('recording an import in a real store', () => {
  let dir: ReturnType<typeof tempDir>;
  let store: SqliteEventStore;
  let app: PairtrailApplication;
  const clock = () => new Date('2026-03-15T09:00:00Z');
  const file = (n: number) =>
    [
      'name,perspective,role,organisation,organisationType,consents,consentEvidence',
      ...Array.from({ length: n }, (_, i) => `Person ${i},${i % 2 ? 'professional' : 'lived-experience'},role,Org ${i},other,participation;quotes,signed form`),
    ].join('\n');

  beforeEach(() => {
    dir = tempDir();
    store = new SqliteEventStore({ path: join(dir.path, 'events.db'), synchronous: 'NORMAL' });
    app = new PairtrailApplication({ store, serializer: new EventSerializer(), clock });
  });
  afterEach(async () => {
    await store.close();
    dir.remove();
  });

  it('records every person with their consents, several at once, reporting each person done', async () => {
    const { rows } = readParticipantsFile(file(40), app.today());
    const progress: number[] = [];
    const done = await runParticipantImport(app, planParticipantImport(rows, []), { actor: 'system' }, (n, total) => progress.push(n / total));
    expect(done).toMatchObject({ registered: 40, consents: 80, position: 120n });
    expect(progress).toHaveLength(40);
    expect(progress.at(-1)).toBe(1);
    const stats = await store.stats();
    expect({ events: stats.events, streams: stats.streams }).toEqual({ events: 120, streams: 40 });
    // Each person's events in their own order: registered first, then the consents.
    const one = await store.readStream((await store.readAll({ maxCount: 1 }))[0]!.stream);
    expect(one.map((e) => e.type)).toEqual(['ParticipantRegistered', 'ConsentGiven', 'ConsentGiven']);
  });

  it('begins no one new once a person fails, and says why', async () => {
    const { rows } = readParticipantsFile(file(100), app.today());
    // A row the checks would have refused, first in line: what a bug or a race might let through.
    const broken: ImportRow = { ...rows[0]!, details: { ...rows[0]!.details, perspective: 'neither' as never } };
    const plan = planParticipantImport([broken, ...rows.slice(1)], []);
    await expect(runParticipantImport(app, plan, { actor: 'system' })).rejects.toBeInstanceOf(ValidationError);
    // Those already begun beside it finish; the rest of the hundred are not begun.
    const { streams } = await store.stats();
    expect(streams).toBeLessThanOrEqual(16);
  });
});
