import { SCHEMA_VERSIONS, UPCASTERS, type DomainEvent, type StoredEvent } from '@pairtrail/domain';
import { identityCodec, type PersonalDataCodec } from './personal-data/personal-data.codec';
import type { RecordedEvent } from './event-store.port';
import { UpcasterRegistry } from './upcasting';

/**
 * Which personal fields a reader opens: every one (true), none (false: they stay sealed), or the paths
 * listed by event type, in the form of the domain's PERSONAL_FIELDS.
 */
export type PersonalFieldChoice = boolean | Readonly<Record<string, readonly string[]>>;

/**
 * Turns domain events into stored payloads and back: personal fields through the codec, and old schema
 * versions upcast to the current shape on the way out.
 */
export class EventSerializer {
  constructor(
    readonly codec: PersonalDataCodec = identityCodec,
    readonly upcasters: UpcasterRegistry = new UpcasterRegistry(SCHEMA_VERSIONS, UPCASTERS),
  ) {}

  /** The payload to store for a new event, and the schema version it is written with. */
  serialize(stream: string, event: DomainEvent): { data: Record<string, unknown>; schemaVersion: number } {
    return {
      data: this.codec.encode(stream, event.type, event.data as Record<string, unknown>),
      schemaVersion: this.upcasters.currentVersion(event.type),
    };
  }

  /**
   * A stored event as the domain knows it, in the current schema. With `personalData: false` its
   * personal fields stay sealed, for readers that never look at them; given fields by event type, only
   * those are opened.
   */
  deserialize<E extends DomainEvent = DomainEvent>(recorded: RecordedEvent, options: { personalData?: PersonalFieldChoice } = {}): StoredEvent<E> {
    const version = typeof recorded.metadata.schemaVersion === 'number' ? recorded.metadata.schemaVersion : 1;
    const fields = options.personalData ?? true;
    const decoded =
      fields === false
        ? recorded.data
        : this.codec.decode(recorded.stream, recorded.type, recorded.data, fields === true ? undefined : (fields[recorded.type] ?? []));
    return { eventId: recorded.eventId, type: recorded.type, data: this.upcasters.upcast(recorded.type, version, decoded) } as StoredEvent<E>;
  }
}
