import { randomBytes, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { PERSONAL_FIELDS, type DomainEvent, type StoredEvent } from '@pairtrail/domain';
import { EncryptingCodec, EventSerializer, KeyStore, SqliteEventStore, type PersonalDataCodec, type RecordedEvent } from '@pairtrail/event-store';
import { quotesIn, renderQuotes } from '@pairtrail/case-studies';
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

describe('the quotes the case studies offer, gathered for a report', () => {
  let dir: ReturnType<typeof tempDir>;
  let store: SqliteEventStore;
  let app: PairtrailApplication;
  let caseStudies: CaseStudies;
  const pairs = ['cardiac', 'vanguard', 'neuro'].map((key) => demoId('pairId', `${key}:formed`));
  const [cardiac, , neuro] = pairs as [string, string, string];
  const person = (key: string) => demoId('participantId', `person:${key}`);
  const withdraw = (key: string, scope: string, pairId?: string) =>
    app.execute(
      { type: 'WithdrawConsent', data: { participantId: person(key), scope, reason: 'Changed their mind.', ...(pairId ? { pairId } : {}) } } as never,
      { commandId: randomUUID(), actor: 'system', source: 'cli' },
    );

  beforeAll(async () => {
    dir = tempDir();
    store = new SqliteEventStore({ path: join(dir.path, 'events.db'), synchronous: 'NORMAL' });
    app = new PairtrailApplication({ store, serializer: new EventSerializer(), clock: () => new Date('2026-11-22T09:00:00Z') });
    await runDemo(app);
    caseStudies = new CaseStudies({ store, serializer: new EventSerializer() });
  });
  afterAll(async () => {
    await store.close();
    dir.remove();
  });

  it("give each case study's quotes as it tells them, in title order, and none that was not offered or consented to", async () => {
    const collection = await caseStudies.quoteCollection(pairs);
    const expected = [];
    for (const pairId of pairs) {
      const told = await caseStudies.generate(pairId);
      if (!told.ok) throw new Error(told.reason);
      expected.push(
        ...quotesIn(told.caseStudy).map((q) => ({ pairId, title: told.caseStudy.title, ...q, contentHash: told.caseStudy.provenance.contentHash })),
      );
    }
    expected.sort((a, b) => a.title.localeCompare(b.title, 'en-GB'));
    expect(collection.items.map(({ published: _, ...q }) => q)).toEqual(expected);
    expect(new Set(collection.items.map((q) => q.pairId))).toEqual(new Set(pairs));
    const texts = collection.items.map((q) => q.text).join('\n');
    // Samir gave no consent to be quoted; his first reflection was not offered for quotation either.
    expect(texts).not.toContain('Margaret found things in the data');
    expect(texts).not.toContain('Sharing the agenda feels slow');
    // David did not consent to be named: not by his quotes, nor in his partner's words.
    expect(collection.items.filter((q) => q.pairId === neuro).map((q) => q.by)).toContain('The chair of a local disability group, November 2025');
    expect(texts).not.toMatch(/David|Okafor|Northfield Disability Forum/);
    // The cardiac pair's case study told now is the version published; the others are waiting for approval.
    const published = (await caseStudies.versions(cardiac)).find((v) => v.published)!;
    for (const q of collection.items) {
      expect(q.published).toBe(q.pairId === cardiac);
      if (q.pairId === cardiac) expect(q.contentHash).toBe(published.contentHash);
    }
    expect(collection.about.join(' ')).not.toContain('no case study');
  });

  it('give, when asked, only the published versions as their partners approved them', async () => {
    const collection = await caseStudies.quoteCollection(pairs, { published: true, of: 'the demo cohort' });
    const version = await caseStudies.published(cardiac);
    if (!version.ok) throw new Error(version.reason);
    expect(collection.items.map((q) => q.text)).toEqual(quotesIn(version.caseStudy).map((q) => q.text));
    expect(collection.items.length).toBeGreaterThan(0);
    expect(collection.items.every((q) => q.published && q.pairId === cardiac)).toBe(true);
    expect(collection.about[0]).toContain('published in the demo cohort');
  });

  it('leave out a pair whose case study a withdrawn consent ends, and a published version it affects, saying how many', async () => {
    await withdraw('david', 'case-study', neuro);
    await withdraw('margaret', 'quotes');
    const now = await caseStudies.quoteCollection(pairs);
    expect(now.items.filter((q) => q.pairId === neuro || q.pairId === cardiac)).toEqual([]);
    expect(now.items.length).toBeGreaterThan(0);
    expect(now.about.join(' ')).toContain('1 pair has no case study');
    const published = await caseStudies.quoteCollection(pairs, { published: true });
    expect(published.items).toEqual([]);
    expect(published.about.join(' ')).toContain('1 published case study is left out');
    expect(renderQuotes(published, 'md')).toContain('None of them offers a quote.');
  });
});
