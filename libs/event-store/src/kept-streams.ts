import { LRUCache } from 'lru-cache';
import type { EventStore, RecordedEvent } from './event-store.port';

/**
 * Whole streams as read before, kept, and read on from where they ended: a stream only ever grows, so
 * what was read of it stays true, and reading it again costs only what was appended since. For readers
 * that read the same whole streams again and again: a case study regenerated as of a date reads its
 * pair's and both partners' streams each time, and reading and parsing them was half its time.
 *
 * The events are shared by every reader, as the store's pages are, and never changed by them. Their
 * personal fields stay sealed, as stored (readers open them through the serializer), so an erasure
 * leaves nothing here to forget.
 */
export class KeptStreams {
  private readonly kept: LRUCache<string, readonly RecordedEvent[]>;

  /** `maxEvents`: how many events the kept streams may hold, in all; the least recently read go first. */
  constructor(
    private readonly store: EventStore,
    options: { maxEvents?: number } = {},
  ) {
    this.kept = new LRUCache({ maxSize: options.maxEvents ?? 20_000, sizeCalculation: (events) => events.length + 1 });
  }

  /** The whole stream, oldest first: empty when there is no such stream. */
  async read(stream: string): Promise<readonly RecordedEvent[]> {
    const kept = this.kept.get(stream);
    const last = kept?.[kept.length - 1];
    const since = await this.store.readStream(stream, last ? { fromRevision: last.revision + 1n } : {});
    if (kept && since.length === 0) return kept;
    const events = kept ? [...kept, ...since] : since;
    if (events.length > 0) this.kept.set(stream, events);
    return events;
  }
}
