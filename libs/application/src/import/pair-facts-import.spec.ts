import { fold, pairDecider, participantDecider, type PairEvent, type ParticipantEvent, type StoredEvent } from '@pairtrail/domain';
import { planActionImport } from './action-import';
import { minutesIn, planMeetingImport } from './meeting-import';
import { planMilestoneImport } from './milestone-import';
import { planOutcomeImport } from './outcome-import';
import { planReflectionImport } from './reflection-import';
import type { PairFactsImportContext } from './pair-facts-import';

const TODAY = '2026-10-01';
const HEADER = 'pair,livedExperiencePartner,professionalPartner,heldOn,durationMinutes,format,attendees,topics,notes,approaches';
const PAIR_1 = '11111111-1111-4111-8111-111111111111';
const PAIR_2 = '22222222-2222-4222-8222-222222222222';
const PAIR_3 = '33333333-3333-4333-8333-333333333333';
const ENDED = '44444444-4444-4444-8444-444444444444';
const KIMS = '55555555-5555-4555-8555-555555555555';

const stored = <E>(events: E[], prefix: string) => events.map((e, i) => ({ ...e, eventId: `${prefix}-${i}` }));
const participation = (participantId: string, type: 'ConsentGiven' | 'ConsentWithdrawn' = 'ConsentGiven'): ParticipantEvent => ({
  type,
  data: { participantId, scope: 'participation', on: '2026-01-02' },
});
const personState = (participantId: string, perspective: 'lived-experience' | 'professional', withdrawn = false) =>
  fold(
    participantDecider,
    stored<ParticipantEvent>(
      [
        {
          type: 'ParticipantRegistered',
          data: { participantId, name: participantId, perspective, role: 'r', organisation: 'o', organisationType: 'other', registeredOn: '2026-01-01' },
        },
        participation(participantId),
        ...(withdrawn ? [participation(participantId, 'ConsentWithdrawn')] : []),
      ],
      participantId,
    ),
  );
const PEOPLE = {
  'p-ann': { name: 'Ann Smith', email: 'ann@example.org', perspective: 'lived-experience' as const },
  'p-raj': { name: 'Dr Raj Patel', email: 'raj.patel@nhs.example', perspective: 'professional' as const },
  'p-joe': { name: 'Joe Bloggs', perspective: 'lived-experience' as const },
  'p-sam': { name: 'Sam Green', perspective: 'professional' as const },
  'p-kim': { name: 'Kim Lowe', perspective: 'lived-experience' as const, withdrawn: true },
  'p-coach': { name: 'Pat Coach', perspective: 'professional' as const },
};

const formed = (pairId: string, lep: string, pro: string, more: PairEvent[] = []) =>
  fold(
    pairDecider,
    stored<PairEvent>(
      [
        {
          type: 'PairFormed',
          data: {
            pairId,
            cohortId: 'c-1',
            livedExperiencePartnerId: lep,
            professionalPartnerId: pro,
            formedOn: '2026-03-01',
            focus: 'f',
            serviceArea: 'cardiac',
          },
        },
        ...more,
      ],
      pairId,
    ) as StoredEvent<PairEvent>[],
  );
const met = (meetingId: string, heldOn: string): PairEvent => ({
  type: 'MeetingHeld',
  data: { meetingId, heldOn, durationMinutes: 60, format: 'video', attendeeIds: ['p-ann', 'p-raj'], topics: [], notes: '', approaches: [] },
});

const PAIRS = {
  // A meeting of 15 April was recorded, and retracted: it counts nowhere.
  [PAIR_1]: formed(PAIR_1, 'p-ann', 'p-raj', [
    met('m-1', '2026-04-01'),
    met('m-2', '2026-04-15'),
    { type: 'EntryRetracted', data: { targetEventId: `${PAIR_1}-2`, reason: 'not held' } },
    // Two actions agreed at the first meeting: one open, one completed.
    { type: 'ActionAgreed', data: { actionId: 'a-1', description: 'Draft the leaflet', ownerId: 'p-ann', agreedOn: '2026-04-01', meetingId: 'm-1' } },
    { type: 'ActionAgreed', data: { actionId: 'a-2', description: 'Book the room', ownerId: 'p-raj', agreedOn: '2026-04-01' } },
    { type: 'ActionCompleted', data: { actionId: 'a-2', completedOn: '2026-04-05' } },
    {
      type: 'OutcomeRecorded',
      data: { outcomeId: 'o-1', category: 'service-change', description: 'Leaflets rewritten', recordedOn: '2026-04-20', spread: 'team' },
    },
    {
      type: 'ReflectionRecorded',
      data: { reflectionId: 'r-1', participantId: 'p-ann', recordedOn: '2026-04-02', relationshipScore: 3, text: 'Early days', quotable: false },
    },
    { type: 'MilestoneReached', data: { milestoneId: 'ms-1', description: 'Leaflet signed off', reachedOn: '2026-04-25' } },
  ]),
  // Joe and Sam are two pairs: two pieces of work.
  [PAIR_2]: formed(PAIR_2, 'p-joe', 'p-sam'),
  [PAIR_3]: formed(PAIR_3, 'p-joe', 'p-sam'),
  // Kim has withdrawn her consent to take part since this pair was formed.
  [KIMS]: formed(KIMS, 'p-kim', 'p-raj'),
  [ENDED]: formed(ENDED, 'p-kim', 'p-sam', [{ type: 'PairConcluded', data: { concludedOn: '2026-05-01', summary: 's' } }]),
};

const context = (pairs: Record<string, ReturnType<typeof formed>> = PAIRS): PairFactsImportContext => ({
  participants: Object.entries(PEOPLE).map(([participantId, p]) => ({ participantId, ...p, consents: [], erased: false })),
  pairings: Object.values(pairs).map((state) => {
    const data = state.entries[0]!.event.data as { pairId: string; livedExperiencePartnerId: string; professionalPartnerId: string };
    return { pairId: data.pairId, livedExperiencePartnerId: data.livedExperiencePartnerId, professionalPartnerId: data.professionalPartnerId };
  }),
  pairState: (id) => pairs[id],
  participantState: (id) => {
    const person = PEOPLE[id as keyof typeof PEOPLE];
    return person && personState(id, person.perspective, 'withdrawn' in person);
  },
});

describe('planning a meetings import', () => {
  it('finds each pair by its partners or its id, and its attendees by name or email; none written is both partners', () => {
    const text = [
      `\uFEFFPair,Lived experience partner,Professional partner,Held on,Duration minutes,Format,Attendees,Topics,Notes,Approaches`,
      `,ann smith,RAJ.PATEL@nhs.example,2026-09-14,90,In person,,Referrals; leaflets,"Agreed to draft, together",Finding partner;embedding`,
      `${PAIR_2},,,2026-09-15,30,video,Joe Bloggs;Pat Coach,,,`,
    ].join('\r\n');
    const plan = planMeetingImport(text, context(), TODAY);
    expect(plan).toEqual({
      record: [
        {
          line: 2,
          data: {
            pairId: PAIR_1,
            heldOn: '2026-09-14',
            durationMinutes: 90,
            format: 'in-person',
            attendeeIds: ['p-ann', 'p-raj'],
            topics: ['Referrals', 'leaflets'],
            notes: 'Agreed to draft, together',
            approaches: ['finding-partner', 'embedding'],
          },
        },
        {
          line: 3,
          data: {
            pairId: PAIR_2,
            heldOn: '2026-09-15',
            durationMinutes: 30,
            format: 'video',
            attendeeIds: ['p-joe', 'p-coach'],
            topics: [],
            notes: '',
            approaches: [],
          },
        },
      ],
      recorded: [],
      bothPartnersTaken: 1,
      problems: [],
    });
  });

  it('reads a duration as people write it in a sheet, and leaves what is not a whole number of minutes to be said', () => {
    const read = ['90', ' 45 mins ', '1.5 hours', '2 hr', '1h 30m', '1h30', '1 hour 15 minutes', '1:30', '01:30:00', '0.33 hours', 'an hour', '90 seconds', ''];
    expect(read.map(minutesIn)).toEqual([90, 45, 90, 120, 90, 90, 75, 90, 90, undefined, undefined, undefined, undefined]);
  });

  it('passes over a meeting the pair has on that date already (not one retracted), so a file run again records nothing twice', () => {
    const text = [HEADER, ...['2026-04-01', '2026-04-08', '2026-04-15'].map((on) => `,Ann Smith,Dr Raj Patel,${on},60,video,,,,`)].join('\n');
    const plan = planMeetingImport(text, context(), TODAY);
    expect(plan.recorded).toEqual([{ line: 2, pairId: PAIR_1 }]);
    expect(plan.record.map((r) => r.line)).toEqual([3, 4]);
  });

  it('names each problem by line and column, deciding each meeting as recording it would, and records nothing', () => {
    const lines = [
      HEADER,
      ',Nobody Here,Dr Raj Patel,2026-09-14,60,video,,,,',
      ',Joe Bloggs,Sam Green,2026-09-14,60,video,,,,',
      ',Ann Smith,Sam Green,2026-09-14,60,video,,,,',
      'not-an-id,,,2026-09-14,60,video,,,,',
      ',Ann Smith,,2026-09-14,60,video,,,,',
      ',Ann Smith,Dr Raj Patel,14/09/2026,an hour,zoom,,,,ballet',
      ',Ann Smith,Dr Raj Patel,2026-02-01,60,video,,,,',
      ',Ann Smith,Dr Raj Patel,,60,video,Ann Smith;Someone Else,,,',
      ',Ann Smith,Dr Raj Patel,2026-09-20,60,video,Kim Lowe;Dr Raj Patel,,,',
      `${ENDED},,,2026-09-14,60,video,Sam Green,,,`,
      ',Ann Smith,Dr Raj Patel,2026-09-21,60,video,,,,',
      ',ann@example.org,Dr Raj Patel,2026-09-21,45,phone,,,,',
      ',kim lowe,Dr Raj Patel,2026-09-21,45,phone,,,,',
    ];
    const plan = planMeetingImport(lines.join('\n'), context(), TODAY);
    expect(plan.record.map((r) => r.line)).toEqual([12]);
    expect(plan.problems).toEqual([
      { line: 2, column: 'livedExperiencePartner', message: expect.stringMatching(/^names no registered participant by that name; register them first/) },
      { line: 3, column: 'pair', message: `is needed: these partners are 2 pairs (${PAIR_2}, ${PAIR_3}); write the id of the one meant` },
      { line: 4, message: 'names two partners who are not a pair; form the pair first, then import its meetings' },
      { line: 5, column: 'pair', message: expect.stringMatching(/^names no pair; write the id its page ends with/) },
      { line: 6, message: expect.stringMatching(/^names no pair; write its two partners/) },
      { line: 7, column: 'heldOn', message: expect.stringMatching(/^must be written YYYY-MM-DD: 2026-09-14 if it means 14 September 2026/) },
      { line: 7, column: 'durationMinutes', message: 'must be a whole number from 1 to 1440: minutes, like 90, or hours and minutes, like 1h 30m or 1:30' },
      { line: 7, column: 'format', message: expect.stringMatching(/^must be one of in-person, video, phone, workshop, coaching/) },
      { line: 7, column: 'approaches', message: expect.stringMatching(/^"ballet" must be one of finding-partner/) },
      { line: 8, message: 'This meeting is dated 2026-02-01, before the pair was formed on 2026-03-01; date it on or after 2026-03-01.' },
      { line: 9, column: 'attendees', message: '"Someone Else" names no registered participant by that name; write the name as registered' },
      { line: 9, column: 'heldOn', message: 'is empty; write the date the meeting was held, like 2026-03-01' },
      {
        line: 10,
        message:
          'Participant "Kim Lowe" has no participation consent, so cannot be recorded at a meeting; record their consent to take part first, or leave them out of the attendees.',
      },
      { line: 11, message: expect.stringMatching(/concluded/) },
      {
        line: 13,
        column: 'heldOn',
        message: expect.stringMatching(/^is the date of line 12's meeting of the same pair; a file records one meeting of a pair a day/),
      },
      // Both partners, taken as the attendees, said as the file named them.
      { line: 14, message: expect.stringMatching(/^Participant "kim lowe" has no participation consent/) },
    ]);
  });
});

describe('planning an actions import', () => {
  const ACTIONS = 'pair,livedExperiencePartner,professionalPartner,description,owner,agreedOn,dueOn,meetingOn,completedOn,completionNote,droppedOn,dropReason';

  it("finds each action's pair, owner and meeting, and records it agreed, and completed or dropped as the file says", () => {
    const text = [
      ACTIONS,
      ',Ann Smith,Dr Raj Patel,Ask the ward for its leaflets,ann@example.org,,2026-04-30,2026-04-01,2026-04-20,"Six of them, all out of date",,',
      `${PAIR_2},,,Write to the board,Sam Green,2026-05-02,,,,,2026-06-01,The board met early`,
      ',Ann Smith,Dr Raj Patel,Visit the clinic,Dr Raj Patel,2026-09-01,,,,,,',
    ].join('\n');
    const plan = planActionImport(text, context(), TODAY);
    expect(plan).toEqual({
      record: [
        {
          line: 2,
          agreed: {
            pairId: PAIR_1,
            description: 'Ask the ward for its leaflets',
            ownerId: 'p-ann',
            agreedOn: '2026-04-01',
            dueOn: '2026-04-30',
            meetingId: 'm-1',
          },
          closing: { type: 'CompleteAction', data: { pairId: PAIR_1, completedOn: '2026-04-20', note: 'Six of them, all out of date' } },
        },
        {
          line: 3,
          agreed: { pairId: PAIR_2, description: 'Write to the board', ownerId: 'p-sam', agreedOn: '2026-05-02' },
          closing: { type: 'DropAction', data: { pairId: PAIR_2, droppedOn: '2026-06-01', reason: 'The board met early' } },
        },
        { line: 4, agreed: { pairId: PAIR_1, description: 'Visit the clinic', ownerId: 'p-raj', agreedOn: '2026-09-01' } },
      ],
      recorded: [],
      problems: [],
    });
  });

  it('records of an action recorded before only the completion or drop it has since, and refuses one at odds with the record', () => {
    const text = [
      ACTIONS,
      ',Ann Smith,Dr Raj Patel,draft the leaflet,Ann Smith,2026-04-01,,,2026-04-09,,,',
      ',Ann Smith,Dr Raj Patel,Book the room,Dr Raj Patel,2026-04-01,,,2026-04-05,,,',
    ].join('\n');
    const plan = planActionImport(text, context(), TODAY);
    expect(plan.record).toEqual([{ line: 2, actionId: 'a-1', closing: { type: 'CompleteAction', data: { pairId: PAIR_1, completedOn: '2026-04-09' } } }]);
    expect(plan.recorded).toEqual([{ line: 3, pairId: PAIR_1 }]);
    expect(plan.problems).toEqual([]);
    const dropped = planActionImport(
      [ACTIONS, ',Ann Smith,Dr Raj Patel,Book the room,Dr Raj Patel,2026-04-01,,,,,2026-04-06,Not needed'].join('\n'),
      context(),
      TODAY,
    );
    expect(dropped.problems).toEqual([
      { line: 2, message: expect.stringMatching(/^Action "Book the room" was already completed on 2026-04-05, and an action is completed or dropped once/) },
    ]);
  });

  it('names each problem by line and column, deciding each action as recording it would, and records nothing', () => {
    const lines = [
      ACTIONS,
      ',Ann Smith,Dr Raj Patel,Ask the ward,Sam Green,2026-05-01,,,,,,',
      ',Ann Smith,Dr Raj Patel,Ask the ward,Ann Smith,2026-05-01,2026-04-01,,,,,',
      ',Ann Smith,Dr Raj Patel,Ask the ward,Ann Smith,2026-05-01,,,2026-04-20,,,',
      ',Ann Smith,Dr Raj Patel,Ask the ward,Ann Smith,2026-05-01,,,2026-05-20,,2026-05-21,Moved',
      ',Ann Smith,Dr Raj Patel,Ask the ward,Ann Smith,2026-05-01,,,,Done,,',
      ',Ann Smith,Dr Raj Patel,Ask the ward,Ann Smith,2026-05-01,,,,,2026-05-21,',
      ',Ann Smith,Dr Raj Patel,Ask the ward,Ann Smith,,,2026-05-01,,,,',
      ',Ann Smith,Dr Raj Patel,Ask the ward,Ann Smith,,,,,,,',
      ',Ann Smith,Dr Raj Patel,,Nobody,01/05/2026,,,,,,',
      ',Ann Smith,Dr Raj Patel,Ask the ward,Ann Smith,2026-05-02,,,,,,',
      ',ann smith,Dr Raj Patel,ask the ward,Ann Smith,2026-05-02,,,,,,',
    ];
    const plan = planActionImport(lines.join('\n'), context(), TODAY);
    expect(plan.record.map((r) => r.line)).toEqual([11]);
    expect(plan.problems).toEqual([
      { line: 2, message: 'The owner of an action must be one of the pair\'s two partners, not "Sam Green".' },
      { line: 3, column: 'dueOn', message: 'must be on or after agreedOn (2026-05-01)' },
      { line: 4, message: 'The action "Ask the ward" was agreed on 2026-05-01, so it cannot be completed on 2026-04-20; date it on or after 2026-05-01.' },
      { line: 5, message: 'says the action was completed and dropped; an action is one or the other, so keep one' },
      { line: 6, column: 'completedOn', message: 'is empty; write the date the action was completed, or leave completionNote empty too' },
      { line: 7, column: 'dropReason', message: 'is empty; write why the action was dropped' },
      { line: 8, column: 'meetingOn', message: 'names no meeting of this pair: it has none on 2026-05-01. Import its meetings first, or leave this empty' },
      { line: 9, column: 'agreedOn', message: 'is empty; write the date the action was agreed, like 2026-03-01' },
      { line: 10, column: 'owner', message: '"Nobody" names no registered participant by that name; write the name as registered' },
      { line: 10, column: 'description', message: 'is empty; write what is to be done' },
      { line: 10, column: 'agreedOn', message: expect.stringMatching(/^must be written YYYY-MM-DD: 2026-05-01 if it means 1 May 2026/) },
      { line: 12, message: 'is the same action as line 11 (the same pair, description and date agreed); keep one of them' },
    ]);
  });
});

describe('planning a reflections import', () => {
  const REFLECTIONS = 'pair,livedExperiencePartner,professionalPartner,author,recordedOn,relationshipScore,text,quotable';

  it("finds each reflection's pair and author, reads its score as a survey writes it, and passes over one recorded before", () => {
    const text = [
      REFLECTIONS,
      ',Ann Smith,Dr Raj Patel,ann@example.org,2026-09-01,4 - mostly equal,"We plan together now",Yes',
      `${PAIR_2},,,Sam Green,2026-09-02,2,Still them and us,`,
      ',Ann Smith,Dr Raj Patel,Ann Smith,2026-04-02,3,Early days,no',
    ].join('\n');
    const plan = planReflectionImport(text, context(), TODAY);
    expect(plan).toEqual({
      record: [
        {
          line: 2,
          data: { pairId: PAIR_1, participantId: 'p-ann', recordedOn: '2026-09-01', relationshipScore: 4, text: 'We plan together now', quotable: true },
        },
        {
          line: 3,
          data: { pairId: PAIR_2, participantId: 'p-sam', recordedOn: '2026-09-02', relationshipScore: 2, text: 'Still them and us', quotable: false },
        },
      ],
      recorded: [{ line: 4, pairId: PAIR_1 }],
      problems: [],
    });
  });

  it('names each problem by line and column, deciding each reflection as recording it would, and records nothing', () => {
    const lines = [
      REFLECTIONS,
      ',Ann Smith,Dr Raj Patel,Sam Green,2026-09-01,4,Fine,no',
      ',Ann Smith,Dr Raj Patel,Ann Smith,2026-09-01,7,Fine,maybe',
      ',Ann Smith,Dr Raj Patel,Ann Smith,01/09/2026,equal,,no',
      ',Kim Lowe,Dr Raj Patel,Kim Lowe,2026-09-01,4,Fine,no',
      ',Ann Smith,Dr Raj Patel,Ann Smith,2026-09-03,4,Fine,no',
      ',Ann Smith,Dr Raj Patel,ann@example.org,2026-09-03,5,Better,yes',
    ];
    const plan = planReflectionImport(lines.join('\n'), context(), TODAY);
    expect(plan.record.map((r) => r.line)).toEqual([6]);
    expect(plan.problems).toEqual([
      { line: 2, message: "A reflection must be written by one of the pair's two partners." },
      { line: 3, column: 'quotable', message: 'must be yes or no: whether its author offers it for quotation' },
      { line: 3, column: 'relationshipScore', message: expect.stringMatching(/^must be a whole number from 1 to 5: 1 is "them and us", 5 "equal partners"$/) },
      { line: 4, column: 'text', message: 'is empty; a reflection is recorded with its words: write what they said, even a line' },
      { line: 4, column: 'recordedOn', message: expect.stringMatching(/^must be written YYYY-MM-DD: 2026-09-01 if it means 1 September 2026/) },
      { line: 4, column: 'relationshipScore', message: expect.stringMatching(/^must be a whole number from 1 to 5/) },
      { line: 5, message: expect.stringMatching(/^Participant "Kim Lowe" has no participation consent, so a reflection of theirs cannot be recorded/) },
      { line: 7, message: 'is a second reflection of the same partner on the same day as line 6; keep one of them' },
    ]);
  });
});

describe('planning an outcomes import', () => {
  const OUTCOMES =
    'pair,livedExperiencePartner,professionalPartner,category,description,evidence,measureName,measureUnit,measureBaseline,measureValue,recordedOn,spread';

  it("finds each outcome's pair, reads its category, spread and measure as a register writes them, and passes over one recorded before", () => {
    const text = [
      OUTCOMES,
      ',Ann Smith,Dr Raj Patel,Patient experience,Fewer missed appointments,Clinic figures,Missed appointments,per month,"1,250",900,2026-09-01,Organisation',
      `${PAIR_2},,,policy,A new referral policy,,,,,,2026-09-02,system`,
      ',Ann Smith,Dr Raj Patel,service-change,leaflets rewritten,,,,,,2026-04-20,team',
    ].join('\n');
    const plan = planOutcomeImport(text, context(), TODAY);
    expect(plan).toEqual({
      record: [
        {
          line: 2,
          data: {
            pairId: PAIR_1,
            category: 'patient-experience',
            description: 'Fewer missed appointments',
            evidence: 'Clinic figures',
            measure: { name: 'Missed appointments', unit: 'per month', baseline: 1250, value: 900 },
            recordedOn: '2026-09-01',
            spread: 'organisation',
          },
        },
        { line: 3, data: { pairId: PAIR_2, category: 'policy', description: 'A new referral policy', recordedOn: '2026-09-02', spread: 'system' } },
      ],
      recorded: [{ line: 4, pairId: PAIR_1 }],
      problems: [],
    });
  });

  it('names each problem by line and column, deciding each outcome as recording it would, and records nothing', () => {
    const lines = [
      OUTCOMES,
      ',Ann Smith,Dr Raj Patel,better,Fewer missed appointments,,,,,,2026-09-01,everywhere',
      ',Ann Smith,Dr Raj Patel,policy,Fewer missed appointments,,Missed appointments,,100,lots,2026-09-01,team',
      ',Ann Smith,Dr Raj Patel,policy,,,,,,,2026-02-01,team',
      `${ENDED},,,policy,After the end,,,,,,2026-09-01,team`,
    ];
    const plan = planOutcomeImport(lines.join('\n'), context(), TODAY);
    expect(plan.record).toEqual([]);
    expect(plan.problems).toEqual([
      { line: 2, column: 'category', message: expect.stringMatching(/^must be one of service-change, new-model-of-care/) },
      { line: 2, column: 'spread', message: expect.stringMatching(/^must be one of pair, team, organisation, system/) },
      {
        line: 3,
        column: 'measureUnit',
        message: 'is empty; a measure has all four of measureName, measureUnit, measureBaseline, measureValue, or none of them',
      },
      { line: 4, column: 'description', message: 'is empty; write what changed' },
      { line: 5, message: expect.stringMatching(/concluded on 2026-05-01; only corrections and retractions can be recorded/) },
    ]);
  });
});

describe('planning a milestones import', () => {
  const MILESTONES = 'pair,livedExperiencePartner,professionalPartner,description,reachedOn';

  it("finds each milestone's pair, and passes over one recorded before, however its words are cased", () => {
    const text = [
      MILESTONES,
      ',ann@example.org,Dr Raj Patel,Ward agreed the new route,2026-09-01',
      `${PAIR_2},,,First co-design workshop,2026-09-02`,
      ',Ann Smith,Dr Raj Patel,leaflet signed off,2026-04-25',
      // The same words on another day is another milestone.
      ',Ann Smith,Dr Raj Patel,Leaflet signed off,2026-09-03',
    ].join('\n');
    expect(planMilestoneImport(text, context(), TODAY)).toEqual({
      record: [
        { line: 2, data: { pairId: PAIR_1, description: 'Ward agreed the new route', reachedOn: '2026-09-01' } },
        { line: 3, data: { pairId: PAIR_2, description: 'First co-design workshop', reachedOn: '2026-09-02' } },
        { line: 5, data: { pairId: PAIR_1, description: 'Leaflet signed off', reachedOn: '2026-09-03' } },
      ],
      recorded: [{ line: 4, pairId: PAIR_1 }],
      problems: [],
    });
  });

  it('names each problem by line and column, deciding each milestone as marking it would, and records nothing', () => {
    const lines = [
      MILESTONES,
      ',Ann Smith,Dr Raj Patel,,2026-09-01',
      ',Ann Smith,Dr Raj Patel,Before they were paired,2026-02-01',
      ',Ann Smith,Dr Raj Patel,Still to come,2026-12-25',
      ',Ann Smith,Dr Raj Patel,No date,',
      ',Ann Smith,Dr Raj Patel,Launch,2026-09-01',
      ',ann@example.org,Dr Raj Patel,launch,2026-09-01',
      `${ENDED},,,After the end,2026-09-01`,
      ',Nobody,Dr Raj Patel,Launch,2026-09-01',
    ];
    const plan = planMilestoneImport(lines.join('\n'), context(), TODAY);
    // The one row without a problem is planned, and recorded only once the others are put right.
    expect(plan.record.map((r) => r.line)).toEqual([6]);
    expect(plan.problems).toEqual([
      { line: 2, column: 'description', message: 'is empty; write what the pair reached' },
      { line: 3, message: 'This milestone is dated 2026-02-01, before the pair was formed on 2026-03-01; date it on or after 2026-03-01.' },
      { line: 4, column: 'reachedOn', message: expect.stringMatching(/later than tomorrow|tomorrow/) },
      { line: 5, column: 'reachedOn', message: 'is empty; write the date the milestone was reached, like 2026-03-01' },
      { line: 7, message: 'is the same milestone as line 6 (the same pair, description and date); keep one of them' },
      { line: 8, message: expect.stringMatching(/concluded on 2026-05-01; only corrections and retractions can be recorded/) },
      { line: 9, column: 'livedExperiencePartner', message: expect.stringMatching(/^names no registered participant by that name/) },
    ]);
  });
});
