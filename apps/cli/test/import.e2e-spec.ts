import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { tempDir } from '@pairtrail/testing';

const CLI = resolve(__dirname, '../dist/main.js');
const run = (data: string, ...args: string[]) => {
  const r = spawnSync(process.execPath, [CLI, ...args, '--data-dir', data], {
    encoding: 'utf8',
    env: { ...process.env, PAIRTRAIL_SQLITE_SYNCHRONOUS: 'NORMAL' },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};

const HEADER = 'Name,Email,Perspective,Role,Organisation,Organisation type,Registered on,Consents,Consent evidence,Consent on';
const ANN =
  'Ann Smith,ann@example.org,lived-experience,carer,Northfield Carers,voluntary-group,2026-01-10,participation;case-study,"signed form, 2026-01-10",2026-01-10';
const BOB = 'Dr Bob Jones,,professional,consultant cardiologist,Northfield Hospitals,acute-trust,2026-01-11,participation,signed form,';

describe('pairtrail import participants', () => {
  let dir: ReturnType<typeof tempDir>;
  let data: string;
  const file = (name: string, ...lines: string[]) => {
    const path = join(dir.path, name);
    writeFileSync(path, `${lines.join('\n')}\n`);
    return path;
  };
  const stats = () => JSON.parse(run(data, 'stats', '--json').stdout) as { events: number };
  beforeEach(() => {
    dir = tempDir();
    data = join(dir.path, 'data');
  });
  afterEach(() => dir.remove());

  it('registers people with their consents, and running the same file again records nothing more', () => {
    const path = file('people.csv', HEADER, ANN, BOB);
    const dry = run(data, 'import', 'participants', path, '--dry-run');
    expect(dry).toMatchObject({
      code: 0,
      stdout: `${path} is ready to import: 2 to register, 0 registered already, 3 consents to record. Nothing was recorded (--dry-run).\n`,
    });
    expect(stats().events).toBe(0);

    const first = run(data, 'import', 'participants', path);
    expect(first).toMatchObject({ code: 0, stdout: `imported ${path}: 2 registered, 0 registered already, 3 consents recorded\n` });
    // Two registrations and three consents, each an event recorded as the system, from an import.
    expect(stats().events).toBe(5);
    const audit = run(data, 'audit', 'export', '--format', 'jsonl');
    const rows = audit.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { type: string; actor: string });
    expect(rows.map((r) => r.type).sort()).toEqual(['ConsentGiven', 'ConsentGiven', 'ConsentGiven', 'ParticipantRegistered', 'ParticipantRegistered']);
    expect(new Set(rows.map((r) => r.actor))).toEqual(new Set(['system']));

    const again = run(data, 'import', 'participants', path);
    expect(again).toMatchObject({ code: 0, stdout: `imported ${path}: 0 registered, 2 registered already, 0 consents recorded\n` });
    expect(stats().events).toBe(5);
  });

  it('finishes an import that stopped part way when the same file is run again, registering no one twice', () => {
    // As if the first run had stopped after Ann, before her second consent: she is there with one.
    const part = file('part.csv', HEADER, ANN.replace('participation;case-study', 'participation'));
    expect(run(data, 'import', 'participants', part).code).toBe(0);
    const whole = file('people.csv', HEADER, ANN, BOB);
    expect(run(data, 'import', 'participants', whole)).toMatchObject({
      code: 0,
      stdout: `imported ${whole}: 1 registered, 1 registered already, 2 consents recorded\n`,
    });
    expect(stats().events).toBe(5);
  });

  it('records nothing from a file with any problem, and names each by line and column', () => {
    const path = file('people.csv', HEADER, ANN, 'Cara Lee,cara@,lived-experience,patient,X,hospital,2026-02-30,participation,,', BOB);
    const r = run(data, 'import', 'participants', path);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      [
        `pairtrail: ${path} has 4 problems; nothing was recorded.`,
        '  line 3, email: must be an email address',
        '  line 3, organisationType: must be one of acute-trust, community-trust, mental-health-trust, primary-care, commissioner, local-authority, healthwatch, voluntary-group, patient-group, other',
        '  line 3, registeredOn: must be a real calendar date, YYYY-MM-DD',
        '  line 3, consentEvidence: is needed with consents: say how they were given, such as "signed form, 2026-03-01"',
        '',
      ].join('\n'),
    );
    // The store was made for the import, and holds nothing: neither Ann, before the bad line, nor Bob, after it.
    expect(stats().events).toBe(0);
  });

  it('refuses a person registered before with other details, rather than make a second record of them', () => {
    expect(run(data, 'import', 'participants', file('people.csv', HEADER, ANN, BOB)).code).toBe(0);
    const changed = file('changed.csv', HEADER, ANN.replace('carer', 'patient leader'));
    const r = run(data, 'import', 'participants', changed);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/line 2: is registered already \(participant [0-9a-f-]{36}\), with another role; correct their details in the web app/);
    expect(stats().events).toBe(5);
  });

  it('names a missing file, or a directory given for one', () => {
    expect(run(data, 'import', 'participants', join(dir.path, 'nowhere.csv'))).toMatchObject({
      code: 2,
      stderr: `pairtrail: There is no file ${join(dir.path, 'nowhere.csv')}.\n`,
    });
    expect(run(data, 'import', 'participants', dir.path)).toMatchObject({
      code: 2,
      stderr: `pairtrail: ${dir.path} is a directory; give the name of the CSV file in it.\n`,
    });
  });
});

/** What an import that recorded something says: what it did, then how to undo it. */
const undoable = (said: string) =>
  expect.stringMatching(
    new RegExp(`^${said.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\nTo undo this import: pairtrail import undo [0-9a-f-]{36} --reason "why"\n$`),
  );

/** A data directory in a folder of its own, with files written beside it, and its events counted. */
function programme() {
  const dir = tempDir();
  const data = join(dir.path, 'data');
  const file = (name: string, ...lines: string[]) => {
    const path = join(dir.path, name);
    writeFileSync(path, `${lines.join('\n')}\n`);
    return path;
  };
  const events = () => (JSON.parse(run(data, 'stats', '--json').stdout) as { events: number }).events;
  return { dir, data, file, events };
}

describe('pairtrail import pairs', () => {
  const { dir, data, file, events } = programme();
  const PAIRS = 'Cohort,Lived experience partner,Professional partner,Formed on,Focus,Service area';
  // The demo's cohort by its name, in another case; Ann by her email and Bob by his name, registered by a participants file.
  const ANN_AND_BOB = '"northfield collaborative pairs, WAVE 1",ann@example.org,Dr Bob Jones,2026-02-01,Discharge letters people can read,Cardiac';
  beforeAll(() => {
    expect(run(data, 'demo').code).toBe(0);
    expect(run(data, 'import', 'participants', file('people.csv', HEADER, ANN, BOB)).code).toBe(0);
  });
  afterAll(() => dir.remove());

  it('forms pairs of registered people, and running the same file again forms none twice', () => {
    const path = file('pairs.csv', PAIRS, ANN_AND_BOB);
    const before = events();
    expect(run(data, 'import', 'pairs', path, '--dry-run')).toMatchObject({
      code: 0,
      stdout: `${path} is ready to import: 1 to form, 0 formed already. Nothing was recorded (--dry-run).\n`,
    });
    expect(events()).toBe(before);
    expect(run(data, 'import', 'pairs', path)).toMatchObject({ code: 0, stdout: `imported ${path}: 1 formed, 0 formed already\n` });
    expect(events()).toBe(before + 1);
    // A fourth pair in the demo's cohort, its service area a key as forming one by one makes it.
    const pairs = JSON.parse(run(data, 'evaluation', '--every', 'pairs').stdout) as { serviceArea: string }[];
    expect(pairs.map((p) => p.serviceArea).sort()).toEqual(['cardiac', 'cardiac', 'neuro-rehabilitation', 'new-models-of-care']);
    expect(run(data, 'import', 'pairs', path)).toMatchObject({ code: 0, stdout: `imported ${path}: 0 formed, 1 formed already\n` });
    expect(events()).toBe(before + 1);
  });

  it('forms nothing from a file with a problem, naming each by line and column', () => {
    const before = events();
    const path = file(
      'bad.csv',
      PAIRS,
      'Wave 9,Ann Smith,Dr Bob Jones,,Letters,cardiac',
      '"Northfield collaborative pairs, wave 1",Dr Bob Jones,Ann Smith,,Letters,cardiac',
    );
    const r = run(data, 'import', 'pairs', path);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      [
        `pairtrail: ${path} has 3 problems; nothing was recorded.`,
        '  line 2, cohort: names no cohort; the cohorts are Northfield collaborative pairs, wave 1',
        '  line 3, livedExperiencePartner: names a participant with the professional perspective; this column takes one with the lived-experience perspective',
        '  line 3, professionalPartner: names a participant with the lived-experience perspective; this column takes one with the professional perspective',
        '',
      ].join('\n'),
    );
    expect(events()).toBe(before);
  });
});

describe('pairtrail import meetings', () => {
  const { dir, data, file, events } = programme();
  const MEETINGS = 'Pair,Lived experience partner,Professional partner,Held on,Duration minutes,Format,Attendees,Topics,Notes,Approaches';
  beforeAll(() => {
    expect(run(data, 'demo').code).toBe(0);
    expect(run(data, 'import', 'participants', file('people.csv', HEADER, ANN, BOB)).code).toBe(0);
    const pairs = file(
      'pairs.csv',
      'cohort,livedExperiencePartner,professionalPartner,formedOn,focus,serviceArea',
      '"Northfield collaborative pairs, wave 1",Ann Smith,Dr Bob Jones,2026-02-01,Letters,patient-letters',
    );
    expect(run(data, 'import', 'pairs', pairs).code).toBe(0);
  });
  afterAll(() => dir.remove());

  it("records pairs' meetings, saying those taken as attended by both partners, and running the same file again records none twice", () => {
    const path = file(
      'meetings.csv',
      MEETINGS,
      ',Ann Smith,Dr Bob Jones,2026-02-10,60,video,,Letters,,',
      ',ann@example.org,Dr Bob Jones,2026-02-24,30,phone,Ann Smith,,,',
    );
    const before = events();
    expect(run(data, 'import', 'meetings', path, '--dry-run')).toMatchObject({
      code: 0,
      stdout: `${path} is ready to import: 2 to record, 0 recorded already (1 without attendees written, as attended by both partners). Nothing was recorded (--dry-run).\n`,
    });
    expect(events()).toBe(before);
    expect(run(data, 'import', 'meetings', path)).toMatchObject({
      code: 0,
      stdout: undoable(`imported ${path}: 2 recorded, 0 recorded already (1 without attendees written, as attended by both partners)`),
    });
    expect(events()).toBe(before + 2);
    // The audit trail tells them from the demo's meetings: recorded from an import.
    const imported = run(data, 'audit', 'export', '--format', 'jsonl', '--type', 'MeetingHeld', '--source', 'import');
    expect(
      imported.stdout
        .trim()
        .split('\n')
        .map((line) => (JSON.parse(line) as { source: string }).source),
    ).toEqual(['import', 'import']);
    const pairs = JSON.parse(run(data, 'evaluation', '--every', 'pairs').stdout) as { serviceArea: string; meetingsHeld: number }[];
    expect(pairs.find((p) => p.serviceArea === 'patient-letters')).toMatchObject({ meetingsHeld: 2, bothPartnersPresentRate: 0.5 });
    expect(run(data, 'import', 'meetings', path)).toMatchObject({ code: 0, stdout: `imported ${path}: 0 recorded, 2 recorded already\n` });
    expect(events()).toBe(before + 2);
  });

  it('records nothing from a file with a problem, naming each by line and column', () => {
    const before = events();
    const path = file('bad.csv', MEETINGS, ',Ann Smith,Dr Bob Jones,2026-03-03,60,video,,,,', ',Ann Smith,Dr Bob Jones,03/03/2026,sixty,video,,,,');
    const r = run(data, 'import', 'meetings', path);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      [
        `pairtrail: ${path} has 2 problems; nothing was recorded.`,
        '  line 3, heldOn: must be written YYYY-MM-DD: 2026-03-03 if it means 3 March 2026. A spreadsheet writes dates as it shows them: format the column as Text, or as yyyy-mm-dd, before saving the file',
        '  line 3, durationMinutes: must be a whole number from 1 to 1440: minutes, like 90, or hours and minutes, like 1h 30m or 1:30',
        '',
      ].join('\n'),
    );
    expect(events()).toBe(before);
  });

  it('records actions agreed at those meetings, and their completions, from an action log; run again, records nothing twice', () => {
    const ACTIONS =
      'Lived experience partner,Professional partner,Description,Owner,Agreed on,Due on,Meeting on,Completed on,Completion note,Dropped on,Drop reason';
    const path = file('actions.csv', ACTIONS, 'Ann Smith,Dr Bob Jones,Ask the ward for its leaflets,Ann Smith,,2026-03-01,2026-02-10,2026-02-20,Six of them,,');
    const before = events();
    expect(run(data, 'import', 'actions', path, '--dry-run')).toMatchObject({
      code: 0,
      stdout: `${path} is ready to import: 1 to agree, 1 to complete, 0 to drop, 0 recorded already. Nothing was recorded (--dry-run).\n`,
    });
    expect(run(data, 'import', 'actions', path)).toMatchObject({
      code: 0,
      stdout: undoable(`imported ${path}: 1 agreed, 1 completed, 0 dropped, 0 recorded already`),
    });
    expect(events()).toBe(before + 2);
    expect(run(data, 'import', 'actions', path)).toMatchObject({ code: 0, stdout: `imported ${path}: 0 agreed, 0 completed, 0 dropped, 1 recorded already\n` });
    expect(events()).toBe(before + 2);
  });

  it("records partners' reflections from a survey's answers; run again, records nothing twice", () => {
    const path = file(
      'survey.csv',
      'Lived experience partner,Professional partner,Author,Recorded on,Relationship score,Text,Quotable',
      'Ann Smith,Dr Bob Jones,Ann Smith,2026-03-31,4,Better,yes',
    );
    const before = events();
    expect(run(data, 'import', 'reflections', path)).toMatchObject({ code: 0, stdout: undoable(`imported ${path}: 1 recorded, 0 recorded already`) });
    expect(run(data, 'import', 'reflections', path)).toMatchObject({ code: 0, stdout: `imported ${path}: 0 recorded, 1 recorded already\n` });
    expect(events()).toBe(before + 1);
  });

  it("records pairs' outcomes from a register of benefits; run again, records nothing twice", () => {
    const path = file(
      'benefits.csv',
      'Lived experience partner,Professional partner,Category,Description,Recorded on,Spread',
      'Ann Smith,Dr Bob Jones,Policy,A new discharge policy,2026-04-30,Organisation',
    );
    const before = events();
    expect(run(data, 'import', 'outcomes', path)).toMatchObject({ code: 0, stdout: undoable(`imported ${path}: 1 recorded, 0 recorded already`) });
    expect(run(data, 'import', 'outcomes', path)).toMatchObject({ code: 0, stdout: `imported ${path}: 0 recorded, 1 recorded already\n` });
    expect(events()).toBe(before + 1);
  });

  it("records pairs' milestones from a project plan; run again, records nothing twice, and a dry run records nothing", () => {
    const path = file('plan.csv', 'Lived experience partner,Professional partner,Description,Reached on', 'Ann Smith,Dr Bob Jones,Letter agreed,2026-04-20');
    const before = events();
    expect(run(data, 'import', 'milestones', path, '--dry-run')).toMatchObject({ code: 0, stdout: expect.stringContaining('1 to record, 0 recorded already') });
    expect(events()).toBe(before);
    expect(run(data, 'import', 'milestones', path)).toMatchObject({ code: 0, stdout: undoable(`imported ${path}: 1 recorded, 0 recorded already`) });
    expect(run(data, 'import', 'milestones', path)).toMatchObject({ code: 0, stdout: `imported ${path}: 0 recorded, 1 recorded already\n` });
    expect(events()).toBe(before + 1);
    const late = file('late.csv', 'Lived experience partner,Professional partner,Description,Reached on', 'Ann Smith,Dr Bob Jones,Letter agreed,2099-01-01');
    expect(run(data, 'import', 'milestones', late)).toMatchObject({ code: 1, stderr: expect.stringContaining('line 2, reachedOn') });
    expect(events()).toBe(before + 1);
  });

  it('undoes an import of meetings by the id it printed, retracting each meeting once', () => {
    const path = file('may.csv', MEETINGS, ',Ann Smith,Dr Bob Jones,2026-05-05,60,video,,,,');
    const imported = run(data, 'import', 'meetings', path);
    const importId = /pairtrail import undo ([0-9a-f-]{36})/.exec(imported.stdout)![1]!;
    expect(run(data, 'import', 'undo', importId, '--reason', "Another pair's log")).toMatchObject({
      code: 0,
      stdout: `undid import ${importId}: 1 retracted, 0 retracted before\n`,
    });
    expect(run(data, 'import', 'undo', importId, '--reason', 'Again')).toMatchObject({
      code: 0,
      stdout: `undid import ${importId}: 0 retracted, 1 retracted before\n`,
    });
    expect(run(data, 'import', 'undo', importId, '--reason', ' ')).toMatchObject({ code: 2, stderr: expect.stringContaining('--reason is empty') });
    expect(run(data, 'import', 'undo', '00000000-0000-4000-8000-000000000000', '--reason', 'x')).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('No import recorded anything with the id'),
    });
  });
});
