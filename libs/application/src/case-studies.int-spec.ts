import { randomBytes, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { PERSONAL_FIELDS, type DomainEvent, type StoredEvent } from '@pairtrail/domain';
import { EncryptingCodec, EventSerializer, KeyStore, SqliteEventStore, type PersonalDataCodec, type RecordedEvent } from '@pairtrail/event-store';
import { tempDir } from '@pairtrail/testing';
import { CaseStudies } from './case-studies';
import { PairtrailApplication } from './pairtrail.application';
import { demoId } from './demo/demo-programme';
import { runDemo } from './demo/run-demo';
import { streams } from './streams';

/** Every personal field a codec was asked to open, as `Type.path`. */
function counting(codec: PersonalDataCodec, opened: Set<string>): PersonalDataCodec {
  return {
    encode: (stream, type, data) => codec.encode(stream, type, data),
    decode: (stream, type, data, paths) => {
      for (const path of paths ?? PERSONAL_FIELDS[type] ?? []) opened.add(`${type}.${path}`);
      return codec.decode(stream, type, data, paths);
    },
  };
}

/** A serializer that opens every personal field, whatever a reader asks for: what regeneration did before. */
class OpeningEverything extends EventSerializer {
  override deserialize<E extends DomainEvent = DomainEvent>(recorded: RecordedEvent): StoredEvent<E> {
    return super.deserialize<E>(recorded);
  }
}

describe('case studies regenerated from raw, encrypted events', () => {
  let dir: ReturnType<typeof tempDir>;
  let store: SqliteEventStore;
  let keys: KeyStore;
  let codec: EncryptingCodec;
  let app: PairtrailApplication;
  const clock = () => new Date('2026-11-22T09:00:00Z');
  const cardiac = demoId('pairId', 'cardiac:formed');
  const margaret = demoId('participantId', 'person:margaret');
  const run = (command: Parameters<PairtrailApplication['execute']>[0]) => app.execute(command, { commandId: randomUUID(), actor: 'system', source: 'cli' });

  beforeAll(async () => {
    dir = tempDir();
    store = new SqliteEventStore({ path: join(dir.path, 'events.db'), synchronous: 'NORMAL' });
    keys = new KeyStore(join(dir.path, 'keys.db'), randomBytes(32));
    codec = new EncryptingCodec(keys);
    app = new PairtrailApplication({ store, serializer: new EventSerializer(codec), clock });
    await runDemo(app);
    // Corrections of each personal field a case study tells: a quoted reflection's words, an outcome's
    // evidence, the pair's closing summary, and a partner's name.
    const events = await store.readStream(streams.pair(cardiac));
    const find = (test: (e: RecordedEvent) => boolean) => events.find(test)!.eventId;
    const reflection = find((e) => e.type === 'ReflectionRecorded' && e.data.participantId === margaret && e.data.quotable === true);
    const outcome = find((e) => e.type === 'OutcomeRecorded' && e.data.evidence !== undefined);
    await run({
      type: 'CorrectEntry',
      data: { pairId: cardiac, targetEventId: reflection, reason: 'Misquoted.', replacement: { text: 'The corrected words.' } },
    });
    await run({
      type: 'CorrectEntry',
      data: { pairId: cardiac, targetEventId: outcome, reason: 'Wrong source.', replacement: { evidence: 'The corrected audit' } },
    });
    await run({
      type: 'CorrectEntry',
      data: { pairId: cardiac, targetEventId: find((e) => e.type === 'PairConcluded'), reason: 'Fuller.', replacement: { summary: 'The corrected summary' } },
    });
    await run({ type: 'CorrectParticipantDetails', data: { participantId: margaret, name: 'Margaret Hughes-Ward', reason: 'Name changed.' } });
  });
  afterAll(async () => {
    await store.close();
    keys.close();
    dir.remove();
  });

  it('open only the personal fields a case study tells, and tell the same as with every field open', async () => {
    const selective = new Set<string>();
    const everything = new Set<string>();
    const caseStudies = new CaseStudies({ store, serializer: new EventSerializer(counting(codec, selective)) });
    const opened = new CaseStudies({ store, serializer: new OpeningEverything(counting(codec, everything)) });
    for (const key of ['cardiac', 'vanguard', 'neuro']) {
      const pairId = demoId('pairId', `${key}:formed`);
      for (const asOf of [null, '2026-01-31']) {
        const generated = await caseStudies.generate(pairId, { asOf });
        expect(generated.ok).toBe(true);
        expect(generated).toEqual(await opened.generate(pairId, { asOf }));
      }
    }

    // What the corrections put right is told, as plaintext: each field it comes from was opened.
    const told = JSON.stringify(await caseStudies.require(cardiac));
    for (const text of ['The corrected words.', 'Evidence: The corrected audit.', 'Their closing summary: The corrected summary.', 'Margaret Hughes-Ward'])
      expect(told).toContain(text);
    expect(told).not.toContain('aes-256-gcm');
    // Meeting notes and emails were never decrypted for a case study; reading every field opens them.
    expect([...selective].sort()).toEqual([
      'EntryCorrected.replacement.evidence',
      'EntryCorrected.replacement.summary',
      'EntryCorrected.replacement.text',
      'OutcomeRecorded.evidence',
      'PairConcluded.summary',
      'ParticipantDetailsCorrected.corrected.name',
      'ParticipantRegistered.name',
      'ReflectionRecorded.text',
    ]);
    expect(everything.has('MeetingHeld.notes') && everything.has('ParticipantRegistered.email')).toBe(true);
  });

  // Last: it erases a partner of the cardiac pair.
  it("read again only what was appended to the streams they told before, and keep no one's words in the clear", async () => {
    const uncached = new CaseStudies({ store, serializer: app.serializer });
    const asOf = '2026-06-30';
    const first = await new CaseStudies(app).generate(cardiac, { asOf });
    expect(JSON.stringify(first)).toContain('Margaret Hughes-Ward');
    expect(first).toEqual(await uncached.generate(cardiac, { asOf }));

    // Told again, after a partner's details were corrected since: only what followed each stream's kept end is read.
    await run({ type: 'CorrectParticipantDetails', data: { participantId: margaret, role: 'patient leader and carer', reason: 'Role widened.' } });
    const reads = jest.spyOn(store, 'readStream');
    try {
      const again = await new CaseStudies(app).generate(cardiac, { asOf });
      expect(reads.mock.calls.length).toBeGreaterThanOrEqual(3);
      expect(reads.mock.calls.every(([, options]) => options?.fromRevision !== undefined)).toBe(true);
      expect(again).toEqual(await uncached.generate(cardiac, { asOf }));
      expect(again.ok && again.caseStudy.provenance.contentHash).not.toBe(first.ok && first.caseStudy.provenance.contentHash);
    } finally {
      reads.mockRestore();
    }

    // What is kept holds personal fields sealed, as stored: an erasure since is told, as it is from the log.
    const kept = await app.keptStreams.read(streams.participant(margaret));
    expect(JSON.stringify(kept, (_, value: unknown) => (typeof value === 'bigint' ? String(value) : value))).not.toContain('Margaret');
    keys.destroy(`participant-${margaret}`);
    const erased = await new CaseStudies(app).generate(cardiac, { asOf });
    expect(JSON.stringify(erased)).not.toContain('Margaret');
    expect(erased).toEqual(await uncached.generate(cardiac, { asOf }));
  });
});
