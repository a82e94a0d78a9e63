import { ApiHarness } from '../support/api-harness';

const HEADER = 'name,email,perspective,role,organisation,organisationType,registeredOn,consents,consentEvidence,consentOn';
const ANN =
  'Ann Smith,ann@example.org,lived-experience,carer,Northfield Carers,voluntary-group,2026-01-10,participation;case-study,"signed form, 2026-01-10",2026-01-10';
const BOB = 'Dr Bob Jones,,professional,consultant,Northfield Hospitals,acute-trust,2026-01-11,participation,signed form,';

describe('POST /participants/imports', () => {
  let h: ApiHarness;
  let coordinator: string;
  let evaluator: string;
  const csv = (...lines: string[]) => `${lines.join('\n')}\n`;
  const send = (text: string, query = '', token = coordinator, contentType = 'text/csv') =>
    h.request('POST', `/participants/imports${query}`, { token, raw: text, headers: { 'content-type': contentType } });

  beforeAll(async () => {
    h = await ApiHarness.start();
    coordinator = await h.user('coordinator');
    evaluator = await h.user('evaluator');
  });
  afterAll(() => h.stop());

  it('checks a file without recording it, then records it as the coordinator; a second time adds nothing', async () => {
    const before = (await h.runtime.store.stats()).events;
    const dry = await send(csv(HEADER, ANN, BOB), '?dryRun=true');
    expect(dry).toMatchObject({ status: 200, body: { dryRun: true, registered: 2, alreadyRegistered: 0, consents: 3, position: null } });
    expect((await h.runtime.store.stats()).events).toBe(before);

    const done = await send(csv(HEADER, ANN, BOB));
    expect(done).toMatchObject({
      status: 200,
      body: { dryRun: false, registered: 2, alreadyRegistered: 0, consents: 3, position: expect.stringMatching(/^\d+$/) },
    });
    expect((await h.runtime.store.stats()).events).toBe(before + 5);
    const people = await h.request('GET', '/participants', { token: coordinator, headers: { 'x-min-position': done.body.position } });
    const ann = people.body.items.find((p: { name?: string }) => p.name === 'Ann Smith');
    expect(ann).toMatchObject({ perspective: 'lived-experience', organisationType: 'voluntary-group', registeredOn: '2026-01-10' });
    expect(ann.consents.map((c: { scope: string }) => c.scope).sort()).toEqual(['case-study', 'participation']);
    // Recorded by the coordinator who sent the file, from an import.
    const events = await h.request('GET', `/audit?stream=participant-${ann.participantId}`, {
      token: evaluator,
      headers: { 'x-min-position': done.body.position },
    });
    expect(events.body.items.map((r: { actor: { role: string } }) => r.actor.role)).toEqual(['coordinator', 'coordinator', 'coordinator']);

    const again = await send(csv(HEADER, ANN, BOB));
    expect(again.body).toMatchObject({ registered: 0, alreadyRegistered: 2, consents: 0, position: null });
    expect((await h.runtime.store.stats()).events).toBe(before + 5);
  });

  it('never gives back, on a file sent again, a consent the person has since withdrawn', async () => {
    const gil = 'Gil Moss,,lived-experience,carer,Moss Carers,voluntary-group,2026-01-10,participation;quotes,signed form,2026-01-10';
    const done = await send(csv(HEADER, gil));
    expect(done.body).toMatchObject({ registered: 1, consents: 2 });
    const listed = await h.request('GET', '/participants', { token: coordinator, headers: { 'x-min-position': done.body.position } });
    const id = listed.body.items.find((p: { name?: string }) => p.name === 'Gil Moss').participantId;
    const withdrawn = await h.request('POST', `/participants/${id}/consents/quotes/withdraw`, { token: coordinator, body: { reason: 'asked us to stop' } });
    expect(withdrawn.status).toBe(200);
    // The old spreadsheet still lists quotes: sent again, it is refused, and his withdrawal stands.
    const again = await send(csv(HEADER, gil));
    expect(again).toMatchObject({
      status: 400,
      body: {
        details: [
          {
            field: 'line 2, consents',
            message: expect.stringMatching(new RegExp(`^lists quotes, which this person \\(participant ${id}\\) has withdrawn; take it out of the line\\.`)),
          },
        ],
      },
    });
    const now = await h.request('GET', `/participants/${id}`, { token: coordinator, headers: { 'x-min-position': withdrawn.body.position } });
    expect(now.body.consents.map((c: { scope: string }) => c.scope)).toEqual(['participation']);
    // Without the consent, the line is taken: he is known, and nothing is recorded.
    expect((await send(csv(HEADER, gil.replace('participation;quotes', 'participation')))).body).toMatchObject({ alreadyRegistered: 1, consents: 0 });
  });

  it('registers no one twice when the same file is sent twice at once', async () => {
    const file = csv(
      HEADER,
      'Eve Twice,,professional,manager,Twice Trust,acute-trust,,participation,form,',
      'Fay Twice,,lived-experience,carer,Twice Carers,other,,,,',
    );
    const [a, b] = await Promise.all([send(file), send(file)]);
    expect([a.body.registered, b.body.registered].sort()).toEqual([0, 2]);
    expect([a.body.alreadyRegistered, b.body.alreadyRegistered].sort()).toEqual([0, 2]);
  });

  it('cautions, once someone has been erased, that a file may bring them back', async () => {
    const cara = 'Cara Lee,,lived-experience,patient,Southfield Patients,patient-group,,,,';
    const done = await send(csv(HEADER, cara));
    expect(done.body.caution).toBeNull();
    const listed = await h.request('GET', '/participants', { token: coordinator, headers: { 'x-min-position': done.body.position } });
    const id = listed.body.items.find((p: { name?: string }) => p.name === 'Cara Lee').participantId;
    const erased = await h.request('POST', `/participants/${id}/erase`, { token: await h.user('admin'), body: { reason: 'She asked to be forgotten.' } });
    expect(erased.status).toBe(200);
    const again = await send(csv(HEADER, cara), '?dryRun=true');
    // Her name is gone, so the same line would register her afresh: the answer says so before anything is recorded.
    expect(again.body).toMatchObject({
      registered: 1,
      caution: expect.stringMatching(/^\d+ participants? ha(s|ve) been erased, .* make sure it holds no one who asked to be erased\.$/),
    });
  });

  it('answers 400 naming each problem by line and column, and records nothing', async () => {
    const before = (await h.runtime.store.stats()).events;
    const r = await send(csv(HEADER, 'Cara Lee,cara@,lived-experience,patient,X,other,,,,', 'Dan Wu,,professional,manager,Y,other,,quotes,,'));
    expect(r.status).toBe(400);
    expect(r.body).toMatchObject({
      error: 'validation',
      details: [
        { field: 'line 2, email', message: 'must be an email address' },
        { field: 'line 3, consentEvidence', message: expect.stringMatching(/^is needed with consents/) },
      ],
    });
    expect((await h.runtime.store.stats()).events).toBe(before);
  });

  it('takes CSV only on this route, and only from a coordinator', async () => {
    expect((await send(csv(HEADER, ANN), '', evaluator)).status).toBe(403);
    expect((await send('{"name":"x"}', '', coordinator, 'application/json')).body).toMatchObject({
      error: 'validation',
      details: [{ field: 'body' }],
    });
    expect((await send(csv(HEADER, ANN), '?dryRun=maybe')).body.details).toEqual([{ field: 'dryRun', message: 'must be true or false' }]);
    const elsewhere = await h.request('POST', '/cohorts', { token: coordinator, raw: 'name,startsOn\nA,2026-01-01', headers: { 'content-type': 'text/csv' } });
    expect(elsewhere.status).toBe(415);
    expect((await send('x'.repeat(300 * 1024))).status).toBe(413);
  });
});

describe('POST /pairs/imports', () => {
  let h: ApiHarness;
  let coordinator: string;
  let evaluator: string;
  const PAIRS = 'cohort,livedExperiencePartner,professionalPartner,formedOn,focus,serviceArea';
  const csv = (...lines: string[]) => `${lines.join('\n')}\n`;
  const send = (text: string, query = '', token = coordinator) =>
    h.request('POST', `/pairs/imports${query}`, { token, raw: text, headers: { 'content-type': 'text/csv' } });

  beforeAll(async () => {
    h = await ApiHarness.start();
    coordinator = await h.user('coordinator');
    evaluator = await h.user('evaluator');
    const people = await h.request('POST', '/participants/imports', {
      token: coordinator,
      raw: csv(HEADER, ANN, BOB),
      headers: { 'content-type': 'text/csv' },
    });
    expect(people.body.registered).toBe(2);
    expect((await h.request('POST', '/cohorts', { token: coordinator, body: { name: 'Wave 2', startsOn: '2026-01-01' } })).status).toBe(201);
  });
  afterAll(() => h.stop());

  it('forms pairs of people registered a moment ago, as the coordinator; a second time forms none', async () => {
    const file = csv(PAIRS, 'Wave 2,Ann Smith,Dr Bob Jones,2026-02-01,Discharge letters people can read,Cardiac');
    const before = (await h.runtime.store.stats()).events;
    expect(await send(file, '?dryRun=true')).toMatchObject({ status: 200, body: { dryRun: true, formed: 1, alreadyFormed: 0, position: null } });
    expect((await h.runtime.store.stats()).events).toBe(before);
    const done = await send(file);
    expect(done).toMatchObject({ status: 200, body: { dryRun: false, formed: 1, alreadyFormed: 0, position: expect.stringMatching(/^\d+$/) } });
    const pairs = await h.request('GET', '/pairs', { token: coordinator, headers: { 'x-min-position': done.body.position } });
    expect(pairs.body.items).toEqual([expect.objectContaining({ focus: 'Discharge letters people can read', serviceArea: 'cardiac', formedOn: '2026-02-01' })]);
    const formed = await h.request('GET', `/audit?type=PairFormed`, { token: evaluator, headers: { 'x-min-position': done.body.position } });
    expect(formed.body.items.map((r: { actor: { role: string } }) => r.actor.role)).toEqual(['coordinator']);
    expect((await send(file)).body).toMatchObject({ formed: 0, alreadyFormed: 1, position: null });
    expect((await h.runtime.store.stats()).events).toBe(before + 1);
  });

  it('defines the initiative a file gives a pair formed before that has none, once', async () => {
    const file = csv(
      `${PAIRS},title,aim,context,successMeasures`,
      'Wave 2,Ann Smith,Dr Bob Jones,2026-02-01,Discharge letters people can read,Cardiac,Letters people can read,Every letter understood,Letters go out in jargon,Fewer calls back; Letters rated clear',
    );
    expect(await send(file, '?dryRun=true')).toMatchObject({ status: 200, body: { formed: 0, alreadyFormed: 1, initiativesDefined: 1, position: null } });
    const done = await send(file);
    expect(done).toMatchObject({ status: 200, body: { formed: 0, alreadyFormed: 1, initiativesDefined: 1 } });
    const pairs = await h.request('GET', '/pairs', { token: coordinator, headers: { 'x-min-position': done.body.position } });
    expect(pairs.body.items[0].initiative).toEqual({
      title: 'Letters people can read',
      aim: 'Every letter understood',
      context: 'Letters go out in jargon',
      successMeasures: ['Fewer calls back', 'Letters rated clear'],
      on: '2026-02-01',
    });
    expect((await send(file)).body).toMatchObject({ formed: 0, alreadyFormed: 1, initiativesDefined: 0, position: null });
  });

  it('answers 400 naming each problem by line and column, and forms nothing; CSV only, from a coordinator only', async () => {
    const before = (await h.runtime.store.stats()).events;
    const r = await send(csv(PAIRS, 'Wave 2,Ann Smith,Nobody,,Letters,cardiac'));
    expect(r).toMatchObject({
      status: 400,
      body: { error: 'validation', details: [{ field: 'line 2, professionalPartner', message: expect.stringMatching(/^names no registered participant/) }] },
    });
    expect((await h.runtime.store.stats()).events).toBe(before);
    expect((await send(csv(PAIRS), '', evaluator)).status).toBe(403);
    expect((await send(csv(PAIRS), '?dryRun=maybe')).body.details).toEqual([{ field: 'dryRun', message: 'must be true or false' }]);
    const big = await send('x'.repeat(300 * 1024));
    expect(big).toMatchObject({ status: 413, body: { message: expect.stringContaining('pairtrail import pairs') } });
  });
});

describe("POST /pairs/meetings/imports, /pairs/actions/imports and /pairs/reflections/imports: a pair's meetings, its actions, and how its partners see it", () => {
  let h: ApiHarness;
  let coordinator: string;
  let evaluator: string;
  let pairId: string;
  const MEETINGS = 'pair,livedExperiencePartner,professionalPartner,heldOn,durationMinutes,format,attendees,topics,notes,approaches';
  const csv = (...lines: string[]) => `${lines.join('\n')}\n`;
  const send = (text: string, query = '', token = coordinator) =>
    h.request('POST', `/pairs/meetings/imports${query}`, { token, raw: text, headers: { 'content-type': 'text/csv' } });

  beforeAll(async () => {
    h = await ApiHarness.start();
    coordinator = await h.user('coordinator');
    evaluator = await h.user('evaluator');
    const raw = (path: string, text: string) => h.request('POST', path, { token: coordinator, raw: text, headers: { 'content-type': 'text/csv' } });
    expect((await raw('/participants/imports', csv(HEADER, ANN, BOB))).body.registered).toBe(2);
    expect((await h.request('POST', '/cohorts', { token: coordinator, body: { name: 'Wave 2', startsOn: '2026-01-01' } })).status).toBe(201);
    const formed = await raw(
      '/pairs/imports',
      csv('cohort,livedExperiencePartner,professionalPartner,formedOn,focus,serviceArea', 'Wave 2,Ann Smith,Dr Bob Jones,2026-02-01,Letters,cardiac'),
    );
    const pairs = await h.request('GET', '/pairs', { token: coordinator, headers: { 'x-min-position': formed.body.position } });
    pairId = pairs.body.items[0].pairId;
  });
  afterAll(() => h.stop());

  it("records a pair's meetings as the coordinator, named by its partners or its id; a second time records none", async () => {
    const file = csv(
      MEETINGS,
      ',Ann Smith,Dr Bob Jones,2026-02-10,60,In person,,Referral letters;Clinic times,"Agreed to draft a letter, together",finding-partner',
      `${pairId},,,2026-02-24,45,video,Ann Smith,,,`,
    );
    const before = (await h.runtime.store.stats()).events;
    expect(await send(file, '?dryRun=true')).toMatchObject({
      status: 200,
      body: { dryRun: true, recorded: 2, alreadyRecorded: 0, bothPartnersTaken: 1, position: null },
    });
    expect((await h.runtime.store.stats()).events).toBe(before);
    const done = await send(file);
    expect(done).toMatchObject({ status: 200, body: { dryRun: false, recorded: 2, alreadyRecorded: 0, position: expect.stringMatching(/^\d+$/) } });
    const pair = await h.request('GET', `/pairs/${pairId}`, { token: coordinator, headers: { 'x-min-position': done.body.position } });
    const [ann, bob] = [pair.body.livedExperiencePartnerId, pair.body.professionalPartnerId];
    expect(pair.body.meetings).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          heldOn: '2026-02-10',
          durationMinutes: 60,
          format: 'in-person',
          attendeeIds: [ann, bob],
          topics: ['Referral letters', 'Clinic times'],
          notes: 'Agreed to draft a letter, together',
          approaches: ['finding-partner'],
        }),
        expect.objectContaining({ heldOn: '2026-02-24', format: 'video', attendeeIds: [ann] }),
      ]),
    );
    // Told apart in the audit trail from meetings recorded one by one: by a coordinator, from an import.
    const held = await h.request('GET', `/audit?type=MeetingHeld&source=import`, { token: evaluator, headers: { 'x-min-position': done.body.position } });
    expect(held.body.items.map((r: { actor: { role: string }; source: string }) => `${r.actor.role} ${r.source}`)).toEqual([
      'coordinator import',
      'coordinator import',
    ]);
    expect((await send(file)).body).toMatchObject({ recorded: 0, alreadyRecorded: 2, position: null });
    expect((await h.runtime.store.stats()).events).toBe(before + 2);
  });

  it('answers 400 naming each problem by line and column, and records nothing; CSV only, from a coordinator only', async () => {
    const before = (await h.runtime.store.stats()).events;
    const r = await send(
      csv(
        MEETINGS,
        ',Ann Smith,Dr Bob Jones,2026-03-10,60,video,,,,',
        ',Ann Smith,Dr Bob Jones,2026-03-17,60,zoom,,,,',
        ',Ann Smith,Dr Bob Jones,2026-01-10,60,video,,,,',
      ),
    );
    expect(r).toMatchObject({
      status: 400,
      body: {
        error: 'validation',
        details: [
          { field: 'line 3, format', message: expect.stringMatching(/^must be one of in-person/) },
          { field: 'line 4', message: expect.stringMatching(/before the pair was formed on 2026-02-01/) },
        ],
      },
    });
    expect((await h.runtime.store.stats()).events).toBe(before);
    expect((await send(csv(MEETINGS), '', evaluator)).status).toBe(403);
    const big = await send('x'.repeat(300 * 1024));
    expect(big).toMatchObject({ status: 413, body: { message: expect.stringContaining('pairtrail import meetings') } });
  });

  it('records actions agreed at those meetings, completed or dropped, and a later copy of the log records only what is new', async () => {
    const ACTIONS =
      'pair,livedExperiencePartner,professionalPartner,description,owner,agreedOn,dueOn,meetingOn,completedOn,completionNote,droppedOn,dropReason';
    const actions = (...lines: string[]) =>
      h.request('POST', '/pairs/actions/imports', { token: coordinator, raw: csv(ACTIONS, ...lines), headers: { 'content-type': 'text/csv' } });
    const leaflets = ',Ann Smith,Dr Bob Jones,Ask the ward for its leaflets,Ann Smith,,2026-03-01,2026-02-10,,,,';
    const board = `${pairId},,,Write to the board,Dr Bob Jones,2026-02-24,,,,,2026-03-02,The board met early`;
    const first = await actions(leaflets, board);
    expect(first).toMatchObject({ status: 200, body: { dryRun: false, agreed: 2, completed: 0, dropped: 1, alreadyRecorded: 0 } });
    // A month on, the log says the leaflets were asked for: only that is recorded.
    const later = await actions(leaflets.replace(/,,,,$/, ',2026-02-20,Six of them,,'), board);
    expect(later).toMatchObject({ status: 200, body: { agreed: 0, completed: 1, dropped: 0, alreadyRecorded: 1 } });
    const pair = await h.request('GET', `/pairs/${pairId}`, { token: coordinator, headers: { 'x-min-position': later.body.position } });
    const meeting = pair.body.meetings.find((m: { heldOn: string }) => m.heldOn === '2026-02-10');
    expect(pair.body.actions).toEqual([
      expect.objectContaining({
        description: 'Ask the ward for its leaflets',
        ownerId: pair.body.livedExperiencePartnerId,
        agreedOn: '2026-02-10',
        meetingId: meeting.meetingId,
        completed: expect.objectContaining({ completedOn: '2026-02-20', note: 'Six of them' }),
      }),
      expect.objectContaining({
        description: 'Write to the board',
        dropped: expect.objectContaining({ droppedOn: '2026-03-02', reason: 'The board met early' }),
      }),
    ]);
    expect((await actions(leaflets, board)).body).toMatchObject({ agreed: 0, completed: 0, dropped: 0, alreadyRecorded: 2, position: null });
    const refused = await actions(',Ann Smith,Dr Bob Jones,Visit the clinic,Ann Smith,2026-03-10,2026-03-01,,,,,');
    expect(refused).toMatchObject({ status: 400, body: { details: [{ field: 'line 2, dueOn', message: 'must be on or after agreedOn (2026-03-10)' }] } });
  });

  it("records the partners' reflections from a survey's answers, each as its author's; a second time records none", async () => {
    const reflections = (...lines: string[]) =>
      h.request('POST', '/pairs/reflections/imports', {
        token: coordinator,
        raw: csv('Pair,Lived experience partner,Professional partner,Author,Recorded on,Relationship score,Text,Quotable', ...lines),
        headers: { 'content-type': 'text/csv' },
      });
    const survey = [
      ',Ann Smith,Dr Bob Jones,Ann Smith,2026-03-31,4 - mostly equal,We plan the clinic together now,Yes',
      `${pairId},,,Dr Bob Jones,2026-03-31,3,Getting there,`,
    ];
    expect(await reflections(...survey)).toMatchObject({ status: 200, body: { dryRun: false, recorded: 2, alreadyRecorded: 0 } });
    const again = await reflections(...survey);
    expect(again).toMatchObject({ status: 200, body: { recorded: 0, alreadyRecorded: 2, position: null } });
    const pair = await h.request('GET', `/pairs/${pairId}`, { token: coordinator });
    expect(pair.body.reflections).toEqual([
      expect.objectContaining({
        participantId: pair.body.livedExperiencePartnerId,
        relationshipScore: 4,
        text: 'We plan the clinic together now',
        quotable: true,
      }),
      expect.objectContaining({ participantId: pair.body.professionalPartnerId, relationshipScore: 3, text: 'Getting there', quotable: false }),
    ]);
    const refused = await reflections(',Ann Smith,Dr Bob Jones,Ann Smith,2026-04-30,6,Great,yes');
    expect(refused).toMatchObject({
      status: 400,
      body: { details: [{ field: 'line 2, relationshipScore', message: expect.stringMatching(/^must be a whole number from 1 to 5/) }] },
    });
  });

  it("records the pair's outcomes from a register of benefits, with their measures; a second time records none", async () => {
    const outcomes = (...lines: string[]) =>
      h.request('POST', '/pairs/outcomes/imports', {
        token: coordinator,
        raw: csv('Pair,Category,Description,Evidence,Measure name,Measure unit,Measure baseline,Measure value,Recorded on,Spread', ...lines),
        headers: { 'content-type': 'text/csv' },
      });
    const register = `${pairId},Patient experience,Discharge letters people can read,Ward audit,Letters rated clear,per cent,30,85,2026-04-15,Team`;
    expect(await outcomes(register)).toMatchObject({ status: 200, body: { dryRun: false, recorded: 1, alreadyRecorded: 0 } });
    expect(await outcomes(register)).toMatchObject({ status: 200, body: { recorded: 0, alreadyRecorded: 1, position: null } });
    const pair = await h.request('GET', `/pairs/${pairId}`, { token: coordinator });
    expect(pair.body.outcomes).toEqual([
      expect.objectContaining({
        category: 'patient-experience',
        description: 'Discharge letters people can read',
        evidence: 'Ward audit',
        measure: { name: 'Letters rated clear', unit: 'per cent', baseline: 30, value: 85 },
        recordedOn: '2026-04-15',
        spread: 'team',
      }),
    ]);
    const refused = await outcomes(`${pairId},Better,Something,,,,,,2026-04-16,team`);
    expect(refused).toMatchObject({
      status: 400,
      body: { details: [{ field: 'line 2, category', message: expect.stringMatching(/^must be one of service-change/) }] },
    });
  });

  it("records the pair's milestones from a project plan; a second time records none, and an import of them is undone", async () => {
    const milestones = (...lines: string[]) =>
      h.request('POST', '/pairs/milestones/imports', {
        token: coordinator,
        raw: csv('Lived experience partner,Professional partner,Description,Reached on', ...lines),
        headers: { 'content-type': 'text/csv' },
      });
    const plan = ['Ann Smith,Dr Bob Jones,New letter agreed with the ward,2026-04-20', 'Ann Smith,Dr Bob Jones,First letters sent,2026-05-02'];
    expect(await milestones(...plan)).toMatchObject({ status: 200, body: { dryRun: false, recorded: 2, alreadyRecorded: 0 } });
    const again = await milestones(...plan);
    expect(again).toMatchObject({ status: 200, body: { recorded: 0, alreadyRecorded: 2, position: null, importId: null } });
    const added = await milestones(...plan, 'Ann Smith,Dr Bob Jones,Letters in every ward,2026-06-01');
    expect(added.body).toMatchObject({ recorded: 1, alreadyRecorded: 2 });
    const reached = async (position: string) =>
      (await h.request('GET', `/pairs/${pairId}`, { token: coordinator, headers: { 'x-min-position': position } })).body.milestones.map(
        (m: { description: string; reachedOn: string }) => [m.description, m.reachedOn],
      );
    expect(await reached(added.body.position)).toEqual([
      ['New letter agreed with the ward', '2026-04-20'],
      ['First letters sent', '2026-05-02'],
      ['Letters in every ward', '2026-06-01'],
    ]);
    // The last file was the wrong one: undone, its one milestone is retracted, the others stand.
    const undone = await h.request('POST', '/pairs/imports/undo', { token: coordinator, body: { importId: added.body.importId, reason: 'Not reached yet' } });
    expect(undone.body).toMatchObject({ retracted: 1, retractedBefore: 0 });
    expect((await reached(undone.body.position)).map(([description]: [string]) => description)).toEqual([
      'New letter agreed with the ward',
      'First letters sent',
    ]);
    const refused = await milestones('Ann Smith,Dr Bob Jones,,2026-04-21', 'Ann Smith,Dr Bob Jones,Before they met,2026-01-15');
    expect(refused).toMatchObject({
      status: 400,
      body: {
        details: [
          { field: 'line 2, description', message: 'is empty; write what the pair reached' },
          { field: 'line 3', message: expect.stringMatching(/before the pair was formed on 2026-02-01/) },
        ],
      },
    });
    expect(
      (await h.request('POST', '/pairs/milestones/imports', { token: evaluator, raw: csv(plan[0]!), headers: { 'content-type': 'text/csv' } })).status,
    ).toBe(403);
  });

  it('undoes an import of meetings by its importId: each entry retracted with the reason, once; one that formed pairs is refused', async () => {
    const file = csv(MEETINGS, ',Ann Smith,Dr Bob Jones,2026-05-05,60,video,,,,', ',Ann Smith,Dr Bob Jones,2026-05-12,60,video,,,,');
    const imported = await send(file);
    expect(imported.body).toMatchObject({ recorded: 2, importId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    expect((await send(file, '?dryRun=true')).body).toMatchObject({ importId: null });
    const undo = (importId: string, token = coordinator) =>
      h.request('POST', '/pairs/imports/undo', { token, body: { importId, reason: "The wrong pair's log" } });
    const undone = await undo(imported.body.importId);
    expect(undone).toMatchObject({ status: 200, body: { retracted: 2, retractedBefore: 0, position: expect.stringMatching(/^\d+$/) } });
    const pair = await h.request('GET', `/pairs/${pairId}`, { token: coordinator, headers: { 'x-min-position': undone.body.position } });
    expect(pair.body.meetings.map((m: { heldOn: string }) => m.heldOn)).not.toContain('2026-05-05');
    const timeline = await h.request('GET', `/pairs/${pairId}/timeline`, { token: coordinator });
    expect(timeline.body.items.filter((e: { retracted: { reason: string } | null }) => e.retracted?.reason === "The wrong pair's log")).toHaveLength(2);
    expect((await undo(imported.body.importId)).body).toMatchObject({ retracted: 0, retractedBefore: 2, position: null });
    // The file may be imported again once its import is undone: what was retracted counts nowhere.
    expect((await send(file)).body).toMatchObject({ recorded: 2, alreadyRecorded: 0 });
    // An action agreed and completed by one import: its completion retracted first, then the action.
    const actions = await h.request('POST', '/pairs/actions/imports', {
      token: coordinator,
      raw: csv('pair,description,owner,agreedOn,completedOn', `${pairId},Phone the ward,Ann Smith,2026-05-06,2026-05-07`),
      headers: { 'content-type': 'text/csv' },
    });
    expect(actions.body).toMatchObject({ agreed: 1, completed: 1 });
    const actionsUndone = await undo(actions.body.importId);
    expect(actionsUndone.body).toMatchObject({ retracted: 2, retractedBefore: 0 });
    const after = await h.request('GET', `/pairs/${pairId}`, { token: coordinator, headers: { 'x-min-position': actionsUndone.body.position } });
    expect(after.body.actions.map((a: { description: string }) => a.description)).not.toContain('Phone the ward');
    const formed = await h.request('GET', '/audit?type=PairFormed&source=import', { token: evaluator });
    expect(await undo(formed.body.items[0].correlationId)).toMatchObject({
      status: 409,
      body: { message: expect.stringMatching(/formed pairs, which a retraction cannot take back/) },
    });
    expect(await undo('00000000-0000-4000-8000-000000000000')).toMatchObject({ status: 404 });
    expect((await undo(imported.body.importId, evaluator)).status).toBe(403);
    expect((await h.request('POST', '/pairs/imports/undo', { token: coordinator, body: { importId: imported.body.importId } })).body).toMatchObject({
      details: [{ field: 'reason' }],
    });
  });
});
