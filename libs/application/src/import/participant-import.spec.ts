import { IMPORT_EXAMPLE_PERSON } from '@pairtrail/domain';
import { erasureCaution, planParticipantImport, readParticipantsFile, type KnownParticipant } from './participant-import';

const TODAY = '2026-03-15';
const HEADER = 'name,email,perspective,role,organisation,organisationType,registeredOn,consents,consentEvidence,consentOn';
const ANN =
  'Ann Smith,ann@example.org,lived-experience,carer,Northfield Carers,voluntary-group,2026-01-10,participation;case-study,"signed form, 2026-01-10",2026-01-10';
const BOB = 'Dr Bob Jones,,professional,consultant,Northfield Hospitals,acute-trust,,participation,signed form,';

describe('reading a participants file', () => {
  it('reads each row into a registration and its consents, with headings as people write them', () => {
    // Ann's consents named twice over count once.
    const text = `\uFEFFName,E-mail,Perspective,Role,Organization,Organisation type,registered_on,Consents,Consent evidence,Consent on\r\n${ANN.replace('case-study', 'case-study; participation')}\r\n\r\n${BOB}\r\n`;
    const { rows, problems } = readParticipantsFile(text, TODAY);
    expect(problems).toEqual([]);
    expect(rows).toEqual([
      {
        line: 2,
        details: {
          name: 'Ann Smith',
          email: 'ann@example.org',
          perspective: 'lived-experience',
          role: 'carer',
          organisation: 'Northfield Carers',
          organisationType: 'voluntary-group',
          registeredOn: '2026-01-10',
        },
        consents: ['participation', 'case-study'],
        consentEvidence: 'signed form, 2026-01-10',
        consentOn: '2026-01-10',
      },
      {
        line: 4,
        details: {
          name: 'Dr Bob Jones',
          perspective: 'professional',
          role: 'consultant',
          organisation: 'Northfield Hospitals',
          organisationType: 'acute-trust',
        },
        consents: ['participation'],
        consentEvidence: 'signed form',
      },
    ]);
  });

  it("refuses the template's example person, left in above the programme's own people", () => {
    // The template the web app offers, filled in below its example line.
    const { rows, problems } = readParticipantsFile(`${HEADER}\n${IMPORT_EXAMPLE_PERSON.line}\n${ANN}`, TODAY);
    expect(problems).toEqual([
      { line: 2, column: 'name', message: "is the template's example person; delete this line, or write someone of your programme over it" },
    ]);
    expect(rows.map((r) => r.details.name)).toEqual(['Ann Smith']);
    // Someone of the same name, with an address of their own, is no example.
    const namesake = IMPORT_EXAMPLE_PERSON.line.replace('margaret@example.org', 'm.hughes@riverside.nhs.uk');
    expect(readParticipantsFile(`${HEADER}\n${namesake}`, TODAY).problems).toEqual([]);
  });

  it('says to give registeredOn when a line without it has a consent dated before today', () => {
    const line = 'Ann Smith,,lived-experience,carer,Northfield Carers,voluntary-group,,participation,signed form,2026-01-10';
    expect(readParticipantsFile(`${HEADER}\n${line}`, TODAY).problems).toEqual([
      {
        line: 2,
        column: 'registeredOn',
        message:
          'is not given, so this person would be registered today (2026-03-15), after their consent on 2026-01-10; give the day they joined the programme, on or before 2026-01-10',
      },
    ]);
  });

  it('reads the listed values as people write them in a spreadsheet, and a first line naming the separator', () => {
    const text = [
      'sep=,',
      HEADER,
      'Ann Smith,,Lived experience,carer,Northfield Carers,Voluntary group,,Participation; Case study,signed form,',
      'Dr Bob Jones,,PROFESSIONAL,consultant,Northfield Hospitals,Acute trust,,participation quotes,signed form,',
    ].join('\r\n');
    const { rows, problems } = readParticipantsFile(text, TODAY);
    expect(problems).toEqual([]);
    expect(rows.map((r) => [r.line, r.details.perspective, r.details.organisationType, r.consents])).toEqual([
      [3, 'lived-experience', 'voluntary-group', ['participation', 'case-study']],
      [4, 'professional', 'acute-trust', ['participation', 'quotes']],
    ]);
    // What is not one of them is refused as written, on the file's own line.
    expect(readParticipantsFile(`sep=,\n${HEADER}\nCara Lee,,Patient,x,y,Hospital,,Case studies,form,`, TODAY).problems).toEqual([
      { line: 3, column: 'organisationType', message: expect.stringMatching(/^must be one of acute-trust, /) },
      { line: 3, column: 'perspective', message: expect.stringMatching(/^must be one of lived-experience, professional/) },
      { line: 3, column: 'consents', message: '"Case studies" is not a consent; the consents are participation, case-study, named, quotes' },
    ]);
    expect(readParticipantsFile(`sep=;\n${HEADER.replace(/,/g, ';')}\n`, TODAY).problems).toEqual([
      { line: 2, message: 'has its columns separated by semicolons; save the spreadsheet as CSV with commas between columns' },
    ]);
    expect(readParticipantsFile(`sep=,\n${HEADER}\n`, TODAY).problems).toEqual([{ line: 3, message: 'the file has a header but no participants' }]);
  });

  it('names every problem by line and column, as the API would name the field, and reads no row of a file with any', () => {
    const text = [
      HEADER,
      ANN,
      'Cara Lee,cara@,lived-experience,patient,X,hospital,2026-02-30,participation;naming,,',
      'Dan Wu,,professional,manager,Y,other,2026-01-01,quotes,form,2025-12-01',
      ',zoe@example.org,,,,,,,,',
      'Ann  smith,,lived-experience,carer,northfield carers,voluntary-group,,,,',
    ].join('\n');
    const { problems } = readParticipantsFile(text, TODAY);
    expect(problems).toEqual([
      { line: 3, column: 'email', message: 'must be an email address' },
      { line: 3, column: 'organisationType', message: expect.stringMatching(/^must be one of acute-trust, /) },
      { line: 3, column: 'registeredOn', message: 'must be a real calendar date, YYYY-MM-DD' },
      { line: 3, column: 'consents', message: '"naming" is not a consent; the consents are participation, case-study, named, quotes' },
      { line: 3, column: 'consentEvidence', message: expect.stringMatching(/^is needed with consents/) },
      {
        line: 4,
        column: 'consentOn',
        message: 'is before registeredOn (2026-01-01); a person consents once registered, so one of the two dates is wrong on this line',
      },
      { line: 5, column: 'name', message: 'must be a non-empty string' },
      { line: 5, column: 'role', message: 'must be a non-empty string' },
      { line: 5, column: 'organisation', message: 'must be a non-empty string' },
      { line: 5, column: 'organisationType', message: expect.stringMatching(/^must be one of/) },
      { line: 5, column: 'perspective', message: expect.stringMatching(/^must be one of/) },
      { line: 6, message: 'is the same person as line 2 (the same name, perspective and organisation); keep one of them' },
    ]);
  });

  it('names a line by where its record starts, a cell with a line break in it ending a line later', () => {
    // As a spreadsheet saves a cell typed with Alt+Enter: the row ends CRLF, the break in the cell LF.
    const text = [HEADER, 'Cara Lee,,lived-experience,"patient\nand carer",X,other,,,,', '', 'Dan Wu,,professional,manager,Y,others,,,,'].join('\r\n');
    expect(readParticipantsFile(text, TODAY).problems).toEqual([
      { line: 2, column: 'role', message: 'must be one line' },
      { line: 5, column: 'organisationType', message: expect.stringMatching(/^must be one of/) },
    ]);
  });

  it('says what is wrong with the file itself: its header, its shape, or nothing in it', () => {
    expect(readParticipantsFile('', TODAY).problems).toEqual([
      { line: 1, message: expect.stringMatching(/^the file is empty; its first line names the columns: name, email/) },
    ]);
    expect(readParticipantsFile(`${HEADER}\n`, TODAY).problems).toEqual([{ line: 2, message: 'the file has a header but no participants' }]);
    expect(readParticipantsFile(`${HEADER}\n,,,,,,,,,\n , ,,,,,,,,\n`, TODAY).problems).toEqual([
      { line: 2, message: 'the file has a header but no participants' },
    ]);
    expect(readParticipantsFile('name,perspective,roles\nA,professional,x', TODAY).problems).toEqual([
      { line: 1, column: 'roles', message: expect.stringMatching(/^is not a column of a participants file; the columns are name, email/) },
      { line: 1, column: 'role', message: 'is a required column, and is missing' },
      { line: 1, column: 'organisation', message: 'is a required column, and is missing' },
      { line: 1, column: 'organisationType', message: 'is a required column, and is missing' },
    ]);
    // Excel's own ways of saving: a code page other than UTF-8, and semicolons where a comma is used for decimals.
    expect(
      readParticipantsFile(`${HEADER}\n${ANN}\n${Buffer.from('Zo\xeb Brown,,professional,x,y,other,,,,', 'latin1').toString('utf8')}`, TODAY).problems,
    ).toEqual([{ line: 3, message: 'has characters that are not UTF-8; in Excel, save the spreadsheet as "CSV UTF-8", then import that file' }]);
    expect(readParticipantsFile(`${HEADER.replace(/,/g, ';')}\n`, TODAY).problems).toEqual([
      { line: 1, message: 'has its columns separated by semicolons; save the spreadsheet as CSV with commas between columns' },
    ]);
    expect(readParticipantsFile(`${HEADER.replace(/,/g, '\t')}\n${ANN.replace(/,/g, '\t')}\n`, TODAY).problems).toEqual([
      { line: 1, message: 'has its columns separated by tabs; save the spreadsheet as CSV with commas between columns' },
    ]);
    expect(readParticipantsFile('name,perspective,role,organisation,organisationType,Name\nA,professional,x,y,other,B', TODAY).problems).toEqual([
      { line: 1, column: 'name', message: 'appears twice; keep one of them' },
    ]);
    // Every row of another length is named, at the line it starts on, with the rows' other problems.
    const rows = [
      HEADER,
      ANN,
      'Bob,,professional,consultant,Northfield Hospitals, NHS,acute-trust,,,,',
      'Cara Lee,,lived-experience,"patient\r\nand carer",X,other,,,',
      'Dan Wu,,professional,manager,Y,others,,,,',
    ];
    expect(readParticipantsFile(rows.join('\r\n'), TODAY).problems).toEqual([
      { line: 3, message: 'has 11 cells where the header has 10; a cell with a comma in it goes in double quotes' },
      { line: 4, message: 'has 9 cells where the header has 10; a cell with a comma in it goes in double quotes' },
      { line: 6, column: 'organisationType', message: expect.stringMatching(/^must be one of/) },
    ]);
  });
});

describe('a participants file as a spreadsheet saves it', () => {
  it('passes over rows of empty cells, which hold no one, naming the lines after them where they are', () => {
    const text = [HEADER, ',,,,,,,,,', ANN, ',, ,,,,,,,', '', 'Dan Wu,,professional,manager,Y,others,,,,', ',,,,,,,,,'].join('\r\n');
    const { rows, problems } = readParticipantsFile(text, TODAY);
    expect(rows.map((r) => [r.line, r.details.name])).toEqual([[3, 'Ann Smith']]);
    expect(problems).toEqual([{ line: 6, column: 'organisationType', message: expect.stringMatching(/^must be one of/) }]);
  });

  it('says how to write a date a spreadsheet saved as it shows it, reading it day first, and takes none so', () => {
    const text = [
      HEADER,
      ANN.replace('2026-01-10,participation', '10/01/2026,participation'),
      BOB.replace(',,participation,signed form,', ',,participation,signed form,31/02/2026'),
      BOB.replace('Bob', 'Rob').replace(',,participation', ',1.2.2026,participation'),
      BOB.replace('Bob', 'Tom').replace(',,participation', ',2026-01-32,participation'),
      // Both dates wrong: both are named at once, though the consent is not decided for someone who cannot be registered.
      BOB.replace('Bob', 'Uma').replace(',,participation,signed form,', ',02/01/2026,participation,signed form,03/01/2026'),
    ].join('\n');
    expect(readParticipantsFile(text, TODAY)).toEqual({
      rows: [],
      problems: [
        {
          line: 2,
          column: 'registeredOn',
          message:
            'must be written YYYY-MM-DD: 2026-01-10 if it means 10 January 2026. A spreadsheet writes dates as it shows them: format the column as Text, or as yyyy-mm-dd, before saving the file',
        },
        { line: 3, column: 'consentOn', message: expect.stringMatching(/^must be written YYYY-MM-DD\. A spreadsheet writes dates/) },
        {
          line: 4,
          column: 'registeredOn',
          message: expect.stringMatching(/^must be written YYYY-MM-DD: 2026-02-01 if it means 1 February 2026\. A spreadsheet/),
        },
        { line: 5, column: 'registeredOn', message: 'must be a real calendar date, YYYY-MM-DD' },
        { line: 6, column: 'registeredOn', message: expect.stringMatching(/^must be written YYYY-MM-DD: 2026-01-02 if it means 2 January 2026\./) },
        { line: 6, column: 'consentOn', message: expect.stringMatching(/^must be written YYYY-MM-DD: 2026-01-03 if it means 3 January 2026\./) },
      ],
    });
  });
});

describe('planning an import beside the people registered already', () => {
  const { rows } = readParticipantsFile([HEADER, ANN, BOB].join('\n'), TODAY);
  const ann: KnownParticipant = {
    participantId: 'p-ann',
    perspective: 'lived-experience',
    name: 'ann smith',
    email: 'ann@example.org',
    role: 'carer',
    organisation: 'Northfield  Carers',
    organisationType: 'voluntary-group',
    registeredOn: '2026-01-10',
    consents: [{ scope: 'participation', pairId: null }],
    erased: false,
  };

  it('registers the new, and gives a person registered before only the consents they lack', () => {
    const plan = planParticipantImport(rows, [ann]);
    expect(plan.problems).toEqual([]);
    expect(plan.register.map((r) => r.details.name)).toEqual(['Dr Bob Jones']);
    expect(plan.known).toEqual([{ row: rows[0], participantId: 'p-ann', consents: ['case-study'] }]);
  });

  it('knows a person registered before however their name was keyed: an accent composed or not, an apostrophe curly or straight', () => {
    const file = (name: string) => readParticipantsFile([HEADER, ANN.replace('Ann Smith', name)].join('\n'), TODAY).rows;
    const zoe = { ...ann, name: 'Zo\u00eb O\u2019Neill' };
    // As a Mac saves it (e and a separate diaeresis), and with a typewriter apostrophe.
    expect(planParticipantImport(file("Zoe\u0308 O'Neill"), [zoe]).known.map((k) => k.participantId)).toEqual(['p-ann']);
    // An accent left out is another name: a match decides who is registered.
    expect(planParticipantImport(file("Zoe O'Neill"), [zoe]).register).toHaveLength(1);
  });

  it('refuses a person registered before with other details, rather than make a second record of them', () => {
    const plan = planParticipantImport(rows, [{ ...ann, role: 'patient leader', email: 'ann@elsewhere.org' }]);
    expect(plan.problems).toEqual([
      {
        line: 2,
        message:
          'is registered already (participant p-ann), with another email, role; correct their details in the web app or with PATCH /participants/p-ann, or make this line match',
      },
    ]);
  });

  it('refuses to give back a consent the person has withdrawn, whatever the file says', () => {
    // Ann withdrew case-study consent after the file was made; it still lists it.
    const plan = planParticipantImport(rows, [{ ...ann, withdrawn: ['case-study'] }]);
    expect(plan.known).toEqual([]);
    expect(plan.problems).toEqual([
      {
        line: 2,
        column: 'consents',
        message: expect.stringMatching(/^lists case-study, which this person \(participant p-ann\) has withdrawn; take it out of the line\./),
      },
    ]);
  });

  it('does not match an erased person, whose details are gone, and cautions against bringing one back', () => {
    const plan = planParticipantImport(rows, [{ ...ann, erased: true }]);
    expect(plan.register).toHaveLength(2);
    expect(erasureCaution(plan)).toBe(
      '1 participant has been erased, and their names are gone, so Pairtrail cannot tell whether this file brings any of them back: make sure it holds no one who asked to be erased.',
    );
    expect(erasureCaution(planParticipantImport(rows, [ann]))).toBeUndefined();
    expect(erasureCaution({ erased: 3, register: [] })).toBeUndefined();
  });
});
