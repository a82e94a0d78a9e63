/** Turns a payload of one schema version of an event type into the next version's. */
export interface Upcaster {
  type: string;
  fromVersion: number;
  upcast(data: Record<string, unknown>): Record<string, unknown>;
}

/**
 * The current schema version of each event type, and the upcasters from older ones. Every stored event
 * type keeps deserialising forever: an old payload is upcast step by step when it is read.
 */
export class UpcasterRegistry {
  private readonly byKey = new Map<string, Upcaster>();

  constructor(
    private readonly currentVersions: Readonly<Record<string, number>>,
    upcasters: readonly Upcaster[],
  ) {
    for (const u of upcasters) this.byKey.set(`${u.type}@${u.fromVersion}`, u);
  }

  /** The version new events of `type` are written with (1 unless registered otherwise). */
  currentVersion(type: string): number {
    return this.currentVersions[type] ?? 1;
  }

  /** The payload in the current shape. */
  upcast(type: string, version: number, data: Record<string, unknown>): Record<string, unknown> {
    const target = this.currentVersion(type);
    let current = data;
    for (let v = version; v < target; v++) {
      const upcaster = this.byKey.get(`${type}@${v}`);
      if (!upcaster) throw new Error(`No upcaster for ${type} from schema version ${v}`);
      current = upcaster.upcast(current);
    }
    if (version > target) throw new Error(`${type} has schema version ${version}, newer than this Pairtrail knows (${target}); upgrade Pairtrail`);
    return current;
  }
}
