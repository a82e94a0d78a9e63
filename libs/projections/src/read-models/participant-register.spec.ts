import { NO_REGISTER_ROW, participantRegister, type RegisteredPerson } from './participant-register';

const person = (id: string, name: string | undefined, extra: Partial<RegisteredPerson> = {}): RegisteredPerson => ({
  participantId: id,
  perspective: 'lived-experience',
  registeredOn: '2026-01-05',
  revision: '0',
  consents: [],
  withdrawnFor: [],
  erased: false,
  ...(name === undefined ? {} : { name, role: 'Carer', organisation: 'Forum', organisationType: 'patient-group' }),
  lastInvolvedOn: '2026-01-05',
  pairsGoingOn: 0,
  ...extra,
});

describe("the programme's people as a register", () => {
  const pairs = [
    { pairId: 'p1', title: 'Shorter waits', livedExperiencePartnerId: 'a', professionalPartnerId: 'b' },
    { pairId: 'p2', title: 'Kinder letters', livedExperiencePartnerId: 'a', professionalPartnerId: 'c' },
  ];

  it('lists people by name, the erased last, each with their pairs and consents in words an import reads', () => {
    const rows = participantRegister(
      [
        person('e', undefined, { erased: true }),
        person('b', 'Zoë Ward', { perspective: 'professional', email: 'zoe@example.org', pairsGoingOn: 1 }),
        person('a', 'Ann Ash', {
          consents: [
            { scope: 'participation', pairId: null },
            { scope: 'quotes', pairId: null },
            { scope: 'named', pairId: 'p2' },
          ],
          withdrawnFor: [{ scope: 'quotes', pairId: 'p1' }],
          pairsGoingOn: 2,
          lastInvolvedOn: '2026-03-01',
          signIns: [{ liveTokens: 0 }, { liveTokens: 1 }],
        }),
      ],
      pairs,
    );
    expect(rows.map((r) => r.participantId)).toEqual(['a', 'b', 'e']);
    expect(rows[0]).toEqual({
      name: 'Ann Ash',
      email: '',
      perspective: 'lived-experience',
      role: 'Carer',
      organisation: 'Forum',
      organisationType: 'patient-group',
      registeredOn: '2026-01-05',
      consents: 'participation; quotes',
      consentsForOnePair: 'named (Kinder letters)',
      withdrawnForOnePair: 'quotes (Shorter waits)',
      pairs: 'Shorter waits; Kinder letters',
      pairsGoingOn: 2,
      lastInvolvedOn: '2026-03-01',
      canSignIn: 'yes',
      erased: false,
      participantId: 'a',
    });
    // Sign-ins said only where the caller is shown them; an erased person keeps no personal field.
    expect(rows[1]).toMatchObject({ name: 'Zoë Ward', email: 'zoe@example.org', pairs: 'Shorter waits', canSignIn: '' });
    expect(rows[2]).toMatchObject({ name: '', role: '', erased: true, pairs: '' });
    expect(Object.keys(NO_REGISTER_ROW)).toEqual(Object.keys(rows[0]!));
  });
});
