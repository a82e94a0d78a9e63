import { canonicalize } from 'json-canonicalize';
import { canonicalHash, canonicalJson } from './envelope';

/** Every stored event's hash was made from this canonical form, so it must never change by a byte. */
describe('canonical JSON (RFC 8785)', () => {
  it("writes the standard's own example as the standard does", () => {
    const input = JSON.parse(
      String.raw`{"numbers":[333333333.33333329,1E30,4.50,2e-3,0.000000000000000000000000001],"string":"\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/","literals":[null,true,false]}`,
    ) as unknown;
    expect(canonicalJson(input)).toBe(
      String.raw`{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\u000f\nA'B\"\\\\\"/"}`,
    );
  });

  it('hashes an event as the hashes already in the log were made', () => {
    const event = {
      stream: 'pair-7d3c2a4e-2f0b-5d1e-9c4a-0b1e2f3a4b5c',
      revision: '3',
      eventId: '0f1e2d3c-4b5a-5968-8776-a5b4c3d2e1f0',
      type: 'MeetingHeld',
      schemaVersion: 1,
      data: {
        pairId: '7d3c2a4e-2f0b-5d1e-9c4a-0b1e2f3a4b5c',
        heldOn: '2026-03-10',
        durationMinutes: 45,
        format: 'in-person',
        attendeeIds: ['b', 'a'],
        topics: ['Access – ramps', 'Café ☕'],
        notes: 'Line\nbreak "quoted" \u2028',
        approaches: [],
      },
      metadata: {
        schemaVersion: 1,
        recordedAt: '2026-03-10T12:00:00.000Z',
        actor: { userId: 'u1', role: 'coordinator' },
        correlationId: 'c',
        causationId: 'c',
        commandId: 'c',
        requestHash: 'r',
        source: 'api',
        prevHash: null,
      },
    };
    // Made with json-canonicalize, which wrote every hash before this one.
    expect(canonicalHash(event)).toBe('1e75f29265775da4ed953d9086e44744b24481ae88857b411876b89e0c871082');
  });

  it('writes exactly what json-canonicalize writes, for any JSON value', () => {
    // A seeded generator, so a failure names a value that can be made again.
    let seed = 20261202;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
    const characters = ['a', 'Z', '0', '_', ' ', 'é', 'ß', '€', '\u2028', '\ud800', '\udc00', '\u{1F600}', '\uffff', '"', '\\', '\n', '\u0001', '\u007f'];
    const numbers = [0, -0, 1, -1, 0.1, 1e21, 1e-7, 123456789012345680000, 5e-324, Number.MAX_VALUE, 4.5, -1234.5678, 2 ** 53 + 2];
    const text = () => Array.from({ length: Math.floor(random() * 6) }, () => pick(characters)).join('');
    const value = (depth: number): unknown => {
      const r = random();
      if (depth > 2 || r < 0.3) return pick([text(), pick(numbers), Math.floor(random() * 1e6) / 7, true, false, null]);
      if (r < 0.6) return Array.from({ length: Math.floor(random() * 8) }, () => value(depth + 1));
      return Object.fromEntries(Array.from({ length: Math.floor(random() * 10) }, () => [text(), value(depth + 1)]));
    };
    const differing: unknown[] = [];
    for (let i = 0; i < 3000 && differing.length < 3; i++) {
      const v = value(0);
      if (canonicalJson(v) !== canonicalize(v)) differing.push(v);
    }
    expect(differing).toEqual([]);
  });

  it('refuses what JSON cannot hold, rather than hashing something else', () => {
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    for (const bad of [{ n: Number.NaN }, { n: Infinity }, { n: 1n }, cycle]) expect(() => canonicalJson(bad)).toThrow();
  });
});
