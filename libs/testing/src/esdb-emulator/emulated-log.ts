import { randomUUID } from 'node:crypto';

/** An event as the emulated server keeps it. Positions are byte-offset-like: they only increase, with gaps. */
export interface StoredRecord {
  stream: string;
  revision: bigint;
  id: string;
  type: string;
  contentType: string;
  data: Uint8Array;
  customMetadata: Uint8Array;
  /** Ticks (100 ns) since the Unix epoch, as the server sends `created`. */
  created: bigint;
  position: bigint;
}

export type Proposed = Pick<StoredRecord, 'id' | 'type' | 'contentType' | 'data' | 'customMetadata'>;
export type Expected = 'any' | 'no_stream' | 'stream_exists' | bigint;
export type AppendOutcome = { ok: true; revision: bigint; position: bigint } | { ok: false; current: bigint };

const json = (value: unknown) => new Uint8Array(Buffer.from(JSON.stringify(value), 'utf8'));

/**
 * The log behind the emulator, modelling what the adapter relies on in a real server: re-appending the
 * same event ids is a no-op, positions only increase (and are not consecutive), and `$all` also holds
 * system events in `$`-prefixed streams.
 */
export class EmulatedLog {
  readonly records: StoredRecord[] = [];
  private readonly streams = new Map<string, StoredRecord[]>();
  private nextPosition = 1_024n;
  private appends = 0;
  onAppend: () => void = () => undefined;

  constructor(private readonly options: { systemEventEvery: number }) {
    // What a fresh server writes before any client does.
    this.write('$epochs', [this.system('$epoch-information', { epochNumber: 0 })]);
    this.write('$users', [this.system('$User', { loginName: 'admin' })]);
    this.write('$$$settings', [this.system('$metadata', { $acl: {} })]);
  }

  stream(name: string): StoredRecord[] | undefined {
    return this.streams.get(name);
  }

  /** The index of the first record at or after a position. */
  indexAtOrAfter(position: bigint): number {
    let low = 0;
    let high = this.records.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (this.records[mid]!.position < position) low = mid + 1;
      else high = mid;
    }
    return low;
  }

  /** Records from an index forwards, or before it backwards, without copying the log. */
  *walk(start: number, backwards: boolean): Generator<StoredRecord> {
    if (backwards) for (let i = start - 1; i >= 0; i--) yield this.records[i]!;
    else for (let i = start; i < this.records.length; i++) yield this.records[i]!;
  }

  /** Writes a system event, as the server does on its own (statistics, settings, metadata streams). */
  appendSystemEvent(stream: string, type: string): void {
    this.write(stream, [this.system(type, { at: new Date().toISOString() })]);
    this.onAppend();
  }

  append(stream: string, expected: Expected, events: Proposed[]): AppendOutcome {
    const existing = this.streams.get(stream) ?? [];
    const current = BigInt(existing.length - 1);
    const replay = this.replay(existing, expected, events);
    if (replay) return replay;
    const meets = expected === 'any' || (expected === 'no_stream' ? current === -1n : expected === 'stream_exists' ? current >= 0n : current === expected);
    if (!meets) return { ok: false, current };
    const last = this.write(stream, events);
    this.appends += 1;
    if (this.options.systemEventEvery > 0 && this.appends % this.options.systemEventEvery === 0) {
      this.write('$stats-127.0.0.1:2113', [this.system('$statsCollected', { appends: this.appends })]);
    }
    this.onAppend();
    return { ok: true, revision: last.revision, position: last.position };
  }

  /** The original outcome when these event ids already stand, in order, where the append expects them. */
  private replay(existing: StoredRecord[], expected: Expected, events: Proposed[]): AppendOutcome | undefined {
    if (events.length === 0) return undefined;
    const start = existing.findIndex((r) => r.id === events[0]!.id);
    if (start < 0) return undefined;
    if (typeof expected === 'bigint' && BigInt(start) !== expected + 1n) return undefined;
    if (expected === 'no_stream' && start !== 0) return undefined;
    const stored = existing.slice(start, start + events.length);
    if (stored.length !== events.length || stored.some((r, i) => r.id !== events[i]!.id)) return undefined;
    const last = stored[stored.length - 1]!;
    return { ok: true, revision: last.revision, position: last.position };
  }

  private system(type: string, data: unknown): Proposed {
    return { id: randomUUID(), type, contentType: 'application/json', data: json(data), customMetadata: new Uint8Array() };
  }

  private write(stream: string, events: Proposed[]): StoredRecord {
    let list = this.streams.get(stream);
    if (!list) {
      list = [];
      this.streams.set(stream, list);
    }
    let record: StoredRecord | undefined;
    for (const event of events) {
      record = {
        ...event,
        stream,
        revision: BigInt(list.length),
        created: BigInt(Date.now()) * 10_000n,
        position: this.nextPosition,
      };
      list.push(record);
      this.records.push(record);
      this.nextPosition += 96n + BigInt(event.data.length + event.customMetadata.length + stream.length);
    }
    return record!;
  }
}
