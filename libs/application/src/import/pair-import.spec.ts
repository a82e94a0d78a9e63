import { planPairImport, type PairImportContext } from './pair-import';

const TODAY = '2026-10-01';
const HEADER = 'cohort,livedExperiencePartner,professionalPartner,formedOn,focus,serviceArea';
const participation = [{ scope: 'participation', pairId: null }];
const person = (participantId: string, name: string, perspective: string, more: object = {}) => ({
  participantId,
  name,
  perspective,
  consents: participation,
  erased: false,
  ...more,
});
const context = (more: Partial<PairImportContext> = {}): PairImportContext => ({
  cohorts: [
    { cohortId: 'c-1', name: 'Wave 1', closedOn: '2026-06-30' },
    { cohortId: 'c-2', name: 'Wave 2' },
  ],
  participants: [
    person('p-ann', 'Ann Smith', 'lived-experience', { email: 'ann@example.org' }),
    person('p-raj', 'Dr Raj Patel', 'professional', { email: 'raj.patel@nhs.example' }),
    person('p-joe', 'Joe Bloggs', 'lived-experience'),
    person('p-sam', 'Sam Green', 'professional'),
    // Two people of one name: told apart by their emails.
    person('p-lee1', 'Lee Wong', 'professional', { email: 'lee.wong@trust.example' }),
    person('p-lee2', 'Lee Wong', 'professional', { email: 'lwong@council.example' }),
    person('p-kim', 'Kim Lowe', 'lived-experience', { consents: [] }),
    { participantId: 'p-gone', perspective: 'lived-experience', consents: participation, erased: true },
  ],
  pairings: [],
  hasInitiative: () => false,
  ...more,
});

describe('planning a pairs import', () => {
  it('finds each cohort by its name and each partner by their name or email, as people write them', () => {
    const text = `\uFEFFCohort,Lived experience partner,Professional partner,Formed on,Focus,Service area\r\n wave 2 ,ann smith,RAJ.PATEL@nhs.example,2026-09-14,Discharge letters people can read,Cardiac\r\n\r\nc-2,Joe Bloggs,lwong@council.example,,Ward rounds with carers,Neuro Rehabilitation\r\n`;
    const plan = planPairImport(text, context(), TODAY);
    expect(plan).toEqual({
      form: [
        {
          line: 2,
          data: {
            cohortId: 'c-2',
            livedExperiencePartnerId: 'p-ann',
            professionalPartnerId: 'p-raj',
            formedOn: '2026-09-14',
            focus: 'Discharge letters people can read',
            serviceArea: 'Cardiac',
          },
        },
        {
          line: 4,
          data: {
            cohortId: 'c-2',
            livedExperiencePartnerId: 'p-joe',
            professionalPartnerId: 'p-lee2',
            focus: 'Ward rounds with carers',
            serviceArea: 'Neuro Rehabilitation',
          },
        },
      ],
      formed: [],
      define: [],
      problems: [],
    });
  });

  it('names each problem by line and column, and forms nothing', () => {
    const lines = [
      HEADER,
      'Wave 3,Ann Smith,Dr Raj Patel,2026-09-14,Letters,cardiac',
      'Wave 2,Dr Raj Patel,Ann Smith,2026-09-14,Letters,cardiac',
      'Wave 2,Nobody Here,Lee Wong,14/09/2026,,cardiac',
      'Wave 2,Kim Lowe,Sam Green,2026-09-14,Letters,cardiac',
      'Wave 1,Joe Bloggs,Sam Green,2026-05-01,Letters,cardiac',
      'Wave 2,Joe Bloggs,Sam Green,2026-12-01,Letters,cardiac',
    ];
    const plan = planPairImport(lines.join('\n'), context(), TODAY);
    expect(plan.form).toEqual([]);
    expect(plan.problems).toEqual([
      { line: 2, column: 'cohort', message: 'names no cohort; the cohorts are Wave 1, Wave 2' },
      {
        line: 3,
        column: 'livedExperiencePartner',
        message: 'names a participant with the professional perspective; this column takes one with the lived-experience perspective',
      },
      {
        line: 3,
        column: 'professionalPartner',
        message: 'names a participant with the lived-experience perspective; this column takes one with the professional perspective',
      },
      {
        line: 4,
        column: 'livedExperiencePartner',
        message: 'names no registered participant by that name; register them first (one by one, or from a participants file), or write the name as registered',
      },
      { line: 4, column: 'professionalPartner', message: 'names 2 participants with the professional perspective; write the email of the one meant' },
      {
        line: 4,
        column: 'formedOn',
        message:
          'must be written YYYY-MM-DD: 2026-09-14 if it means 14 September 2026. A spreadsheet writes dates as it shows them: format the column as Text, or as yyyy-mm-dd, before saving the file',
      },
      { line: 4, column: 'focus', message: expect.stringMatching(/^must be/) },
      {
        line: 5,
        column: 'livedExperiencePartner',
        message: 'names a participant (p-kim) who has not consented to take part; record their participation consent first',
      },
      { line: 6, column: 'cohort', message: 'closed on 2026-06-30; no new pairs can join it. Form the pair in an open cohort' },
      { line: 7, column: 'formedOn', message: 'must be no later than tomorrow (2026-10-02)' },
    ]);
  });

  it('passes over a pair formed before, so that a file run again forms only the rest, and refuses one written twice', () => {
    const rows = [HEADER, 'Wave 2,Ann Smith,Dr Raj Patel,,Letters,cardiac', 'Wave 2,Joe Bloggs,Sam Green,,Ward rounds,cardiac'];
    const formedBefore = context({ pairings: [{ pairId: 'pair-1', cohortId: 'c-2', livedExperiencePartnerId: 'p-ann', professionalPartnerId: 'p-raj' }] });
    const plan = planPairImport(rows.join('\n'), formedBefore, TODAY);
    expect(plan.formed).toEqual([{ line: 2, pairId: 'pair-1' }]);
    expect(plan.form.map((r) => r.line)).toEqual([3]);
    // The same two people in another cohort are another pair.
    const elsewhere = context({ pairings: [{ pairId: 'pair-0', cohortId: 'c-1', livedExperiencePartnerId: 'p-ann', professionalPartnerId: 'p-raj' }] });
    expect(planPairImport(rows.join('\n'), elsewhere, TODAY).form.map((r) => r.line)).toEqual([2, 3]);
    expect(planPairImport([...rows, 'wave 2,ann@example.org,Dr Raj Patel,,Letters again,cardiac'].join('\n'), context(), TODAY).problems).toEqual([
      { line: 4, message: 'is the same pair as line 2 (the same partners, in the same cohort); keep one of them' },
    ]);
  });

  it('gives each pair its initiative when the file has one, and one formed before that has none yet; all of it or none', () => {
    const columns = `${HEADER},title,aim,context,successMeasures`;
    const initiative = 'Letters people can read,Every discharge letter understood,Letters go out in jargon,Fewer calls back; Letters rated clear';
    const text = [
      columns,
      `Wave 2,Ann Smith,Dr Raj Patel,2026-09-14,Letters,cardiac,${initiative}`,
      `Wave 2,Joe Bloggs,Sam Green,,Rounds,neuro,${initiative}`,
    ].join('\n');
    const formedBefore = (withInitiative: boolean) =>
      context({
        pairings: [{ pairId: 'pair-1', cohortId: 'c-2', livedExperiencePartnerId: 'p-joe', professionalPartnerId: 'p-sam' }],
        hasInitiative: (pairId) => withInitiative && pairId === 'pair-1',
      });
    const plan = planPairImport(text, formedBefore(false), TODAY);
    const defined = {
      title: 'Letters people can read',
      aim: 'Every discharge letter understood',
      context: 'Letters go out in jargon',
      successMeasures: ['Fewer calls back', 'Letters rated clear'],
    };
    expect(plan.form).toEqual([expect.objectContaining({ line: 2, initiative: { ...defined, on: '2026-09-14' } })]);
    expect(plan.define).toEqual([{ line: 3, pairId: 'pair-1', initiative: { ...defined, on: TODAY } }]);
    expect(planPairImport(text, formedBefore(true), TODAY).define).toEqual([]);
    const half = planPairImport([columns, 'Wave 2,Ann Smith,Dr Raj Patel,,Letters,cardiac,Letters people can read,,,'].join('\n'), context(), TODAY);
    expect(half.problems).toEqual([
      {
        line: 2,
        column: 'aim',
        message: 'is empty; an initiative has a title, an aim and a context, or leave all of title, aim, context, successMeasures empty',
      },
      {
        line: 2,
        column: 'context',
        message: 'is empty; an initiative has a title, an aim and a context, or leave all of title, aim, context, successMeasures empty',
      },
    ]);
  });

  it('says what a file that is no pairs file lacks', () => {
    expect(planPairImport('cohort,livedExperiencePartner,focus\nWave 2,Ann Smith,x', context(), TODAY).problems).toEqual([
      { line: 1, column: 'professionalPartner', message: 'is a required column, and is missing' },
      { line: 1, column: 'serviceArea', message: 'is a required column, and is missing' },
    ]);
    expect(planPairImport(`${HEADER}\n`, context(), TODAY).problems).toEqual([{ line: 2, message: 'the file has a header but no pairs' }]);
    expect(planPairImport(`${HEADER},partner\n`, context(), TODAY).problems).toEqual([
      {
        line: 1,
        column: 'partner',
        message:
          'is not a column of a pairs file; the columns are cohort, livedExperiencePartner, professionalPartner, formedOn, focus, serviceArea, title, aim, context, successMeasures',
      },
    ]);
    // Two cohorts of one name (the API allows it): the file must say which.
    const twice = context({
      cohorts: [
        { cohortId: 'c-2', name: 'Wave 2' },
        { cohortId: 'c-3', name: 'wave 2' },
      ],
    });
    expect(planPairImport(`${HEADER}\nWave 2,Ann Smith,Dr Raj Patel,,x,y`, twice, TODAY).problems).toEqual([
      {
        line: 2,
        column: 'cohort',
        message:
          'names 2 cohorts of that name; give one of them a name of its own (on the Programme screen, "Correct a cohort\'s name or dates"), or write the id of the one meant (GET /cohorts lists them)',
      },
    ]);
    expect(planPairImport(`${HEADER}\nc-3,Ann Smith,Dr Raj Patel,,x,y`, twice, TODAY).form.map((r) => r.data.cohortId)).toEqual(['c-3']);
    // Two people of one name, one of them without an email: the email is to be recorded first.
    const noEmail = context({ participants: [...context().participants].map((p) => (p.participantId === 'p-lee2' ? { ...p, email: undefined } : p)) });
    expect(planPairImport(`${HEADER}\nWave 2,Ann Smith,Lee Wong,,x,y`, noEmail, TODAY).problems).toEqual([
      {
        line: 2,
        column: 'professionalPartner',
        message:
          'names 2 participants with the professional perspective; write the email of the one meant, once each of them has one recorded (on the Participants screen)',
      },
    ]);
    // An erased person's name is gone: they are no one a file can name.
    expect(planPairImport(`${HEADER}\nWave 2,p-gone,Sam Green,,x,y`, context(), TODAY).problems[0]).toMatchObject({ column: 'livedExperiencePartner' });
  });
});
