import { consentReach, consentReachSaid, takesPart } from '../../apps/web/src/consents';

describe("where a person's consents reach", () => {
  const names: Record<string, string> = { p1: '"Rehab"', p2: '"Vanguard"' };
  const said = (person: Parameters<typeof consentReachSaid>[0], scope: string) => consentReachSaid(person, scope, (id) => names[id]!);

  it('says a consent given for every pair, and the pairs it was withdrawn for since', () => {
    const person = { consents: [{ scope: 'named', pairId: null }], withdrawnFor: [{ scope: 'named', pairId: 'p2' }] };
    expect(said(person, 'named')).toBe('every pair but "Vanguard"');
    expect(consentReach(person, 'named')).toEqual({ everyPair: true, except: ['p2'] });
    expect(said({ consents: [{ scope: 'named', pairId: null }], withdrawnFor: [] }, 'named')).toBe('every pair');
    // A withdrawal of another scope changes nothing here.
    expect(said({ ...person, withdrawnFor: [{ scope: 'quotes', pairId: 'p2' }] }, 'named')).toBe('every pair');
  });

  it('says a consent given for some pairs only, and none where it is given for none', () => {
    expect(
      said(
        {
          consents: [
            { scope: 'quotes', pairId: 'p1' },
            { scope: 'quotes', pairId: 'p2' },
          ],
        },
        'quotes',
      ),
    ).toBe('"Rehab" and "Vanguard" only');
    expect(said({ consents: [{ scope: 'quotes', pairId: 'p1' }], withdrawnFor: [{ scope: 'named', pairId: 'p1' }] }, 'named')).toBeNull();
  });

  it('says who may be named in a new entry of a pair: not the erased, nor one who withdrew from taking part in it', () => {
    const everyPair = { consents: [{ scope: 'participation', pairId: null }], withdrawnFor: [{ scope: 'participation', pairId: 'p2' }] };
    expect(takesPart(everyPair, 'p1')).toBe(true);
    expect(takesPart(everyPair, 'p2')).toBe(false);
    expect(takesPart({ ...everyPair, erased: true }, 'p1')).toBe(false);
    expect(takesPart({ consents: [{ scope: 'participation', pairId: 'p1' }] }, 'p1')).toBe(true);
    expect(takesPart({ consents: [{ scope: 'participation', pairId: 'p1' }] }, 'p2')).toBe(false);
    expect(takesPart({ consents: [{ scope: 'quotes', pairId: null }] }, 'p1')).toBe(false);
  });
});
