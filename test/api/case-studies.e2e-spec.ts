import { randomUUID } from 'node:crypto';
import { CaseStudies, demoId, runDemo } from '@pairtrail/application';
import { render } from '@pairtrail/case-studies';
import { ApiHarness, meetingBody } from '../support/api-harness';

describe('case studies over HTTP', () => {
  let h: ApiHarness;
  let coordinator: string;
  const pair = (k: string) => demoId('pairId', `${k}:formed`);
  const person = (k: string) => demoId('participantId', `person:${k}`);

  beforeAll(async () => {
    h = await ApiHarness.start();
    // The case studies start untouched: these tests approve, publish and withdraw them.
    await runDemo(h.runtime.app, { caseStudies: false });
    coordinator = await h.user('coordinator');
  });
  afterAll(() => h.stop());

  // Reads carry X-Min-Position, as a client reading its own writes does.
  const get = async (url: string, token = coordinator) =>
    h.request('GET', url, { token, headers: { 'x-min-position': (await h.runtime.store.stats()).lastPosition.toString() } });
  const post = (url: string, body: unknown, token = coordinator) => h.request('POST', url, { token, body });

  it('gives the demo programme three case studies, never quoting the partner without quotes consent, never naming the one without named consent', async () => {
    const texts: string[] = [];
    for (const k of ['cardiac', 'vanguard', 'neuro']) {
      for (const format of ['json', 'md', 'html']) {
        const r = await get(`/case-studies/${pair(k)}?format=${format}`);
        expect(r.status).toBe(200);
        texts.push(r.text);
      }
    }
    const all = texts.join('\n');
    // Dr Samir Patel has not consented to quotes: none of his reflections appear.
    for (const quote of ['Sharing the agenda feels slow', 'Margaret found things in the data', 'I would not go back to designing a service'])
      expect(all).not.toContain(quote);
    // David Okafor has not consented to being named, nor may his group be named: not even where Claire's
    // reflection names them.
    expect(all).not.toMatch(/David|Okafor|Northfield Disability Forum/);
    expect(all).toContain("The families' stories the chair of a local disability group gathered at a voluntary group changed how my team talks");
    expect(all).toMatch(/a chair of a local disability group at a voluntary group/i);
    expect(all).toContain('We are equal partners now.');
    expect(all).toContain('Margaret Hughes');
    const html = await get(`/case-studies/${pair('cardiac')}?format=html`);
    expect(html.headers['content-type']).toMatch(/text\/html/);
  });

  it('is byte-identical on every read, and writes to other pairs do not change it', async () => {
    const first = await get(`/case-studies/${pair('neuro')}`);
    await post(`/pairs/${pair('vanguard')}/meetings`, meetingBody([person('joan'), person('aisha')], { heldOn: '2026-11-01' }));
    const second = await get(`/case-studies/${pair('neuro')}`);
    expect(second.text).toBe(first.text);
    // The live read model serves exactly what regeneration from the raw events gives.
    const head = (await h.runtime.store.stats()).lastPosition.toString();
    expect((await get(`/case-studies/${pair('neuro')}?position=${head}`)).text).toBe(first.text);
    expect(first.body.provenance).toEqual({
      position: expect.any(String),
      generatedAt: expect.any(String),
      contentHash: expect.stringMatching(/^[0-9a-f]{64}$/),
      eventsUsed: expect.any(Number),
      rendering: 4,
    });
  });

  it('is approved by both partners, published, and served byte-identically after more events are recorded', async () => {
    const cs = (await get(`/case-studies/${pair('neuro')}`)).body;
    const hash = cs.provenance.contentHash;
    expect((await post(`/case-studies/${pair('neuro')}/publish`, { contentHash: hash })).body).toMatchObject({
      error: 'rule-violated',
      message: expect.stringMatching(/both partners/),
    });
    const david = await h.user('pair-member', person('david'));
    expect((await post(`/case-studies/${pair('neuro')}/approvals`, { participantId: person('claire'), contentHash: hash }, david)).status).toBe(403);
    expect((await post(`/case-studies/${pair('neuro')}/approvals`, { participantId: person('david'), contentHash: hash }, david)).status).toBe(200);
    expect((await post(`/case-studies/${pair('neuro')}/approvals`, { participantId: person('claire'), contentHash: hash })).status).toBe(200);
    expect((await post(`/case-studies/${pair('neuro')}/publish`, { contentHash: hash })).status).toBe(200);

    await post(`/pairs/${pair('neuro')}/meetings`, meetingBody([person('david'), person('claire')], { heldOn: '2026-11-02', topics: ['a later meeting'] }));
    const live = await get(`/case-studies/${pair('neuro')}`);
    expect(live.body.provenance.contentHash).not.toBe(hash);
    const published = await get(`/case-studies/${pair('neuro')}/versions/${hash}`);
    expect(published.status).toBe(200);
    expect(published.text).toBe((await get(`/case-studies/${pair('neuro')}?position=${cs.provenance.position}`)).text);
    expect(published.body.provenance.contentHash).toBe(hash);
    const versions = await get(`/case-studies/${pair('neuro')}/versions`);
    expect(versions.body.items).toEqual([
      {
        contentHash: hash,
        position: cs.provenance.position,
        rendering: 4,
        approvals: [expect.objectContaining({ participantId: person('david') }), expect.objectContaining({ participantId: person('claire') })],
        published: true,
        publishedAt: expect.any(String),
        publishable: false,
      },
    ]);
  });

  it('answers 410 for a published version after a consent it relied on is withdrawn; its approvals stay in the log', async () => {
    const cs = (await get(`/case-studies/${pair('vanguard')}`)).body;
    const hash = cs.provenance.contentHash;
    await post(`/case-studies/${pair('vanguard')}/approvals`, { participantId: person('joan'), contentHash: hash });
    await post(`/case-studies/${pair('vanguard')}/approvals`, { participantId: person('aisha'), contentHash: hash });
    expect((await post(`/case-studies/${pair('vanguard')}/publish`, { contentHash: hash })).status).toBe(200);
    expect((await get(`/case-studies/${pair('vanguard')}/versions/${hash}`)).status).toBe(200);
    await post(`/participants/${person('joan')}/consents/named/withdraw`, { reason: 'prefers not to be named' });
    expect(await get(`/case-studies/${pair('vanguard')}/versions/${hash}`)).toMatchObject({ status: 410, body: { error: 'gone' } });
    const live = await get(`/case-studies/${pair('vanguard')}?format=md`);
    expect(live.text).not.toContain('Joan Whitaker');
    const log = await h.runtime.store.readStream(`casestudy-${pair('vanguard')}`);
    expect(log.map((e) => e.type)).toEqual(['CaseStudyApproved', 'CaseStudyApproved', 'CaseStudyPublished']);
  });

  it('serves a version approved in an earlier wording in that wording, byte for byte, and publishes it', async () => {
    const id = pair('cardiac');
    const first = await new CaseStudies(h.runtime.app).require(id, { rendering: 1 });
    const hash = first.provenance.contentHash;
    expect((await get(`/case-studies/${id}`)).body.provenance.contentHash).not.toBe(hash);
    // Both partners' approvals as they were stored before renderings were named: schema version 1,
    // without a rendering.
    const [template] = await h.runtime.store.readStream(`casestudy-${pair('vanguard')}`);
    await h.runtime.store.appendToStream(
      `casestudy-${id}`,
      [person('margaret'), person('samir')].map((participantId) => ({
        eventId: randomUUID(),
        type: 'CaseStudyApproved',
        data: { pairId: id, participantId, contentHash: hash, position: first.provenance.position },
        metadata: { ...template!.metadata, schemaVersion: 1 },
      })),
    );
    expect((await get(`/case-studies/${id}/versions`)).body.items).toEqual([expect.objectContaining({ contentHash: hash, rendering: 1 })]);
    const served = await get(`/case-studies/${id}/versions/${hash}`);
    expect(served.status).toBe(200);
    expect(served.text).toBe(render(first, 'json'));
    expect((await get(`/case-studies/${id}/versions/${hash}?format=md`)).text).toMatch(/Margaret Hughes, [^,]+ was paired with/);
    expect((await post(`/case-studies/${id}/publish`, { contentHash: hash })).status).toBe(200);
    // A partner may still approve it in its own wording.
    expect((await post(`/case-studies/${id}/approvals`, { participantId: person('margaret'), contentHash: hash })).status).toBe(200);
  });

  it('answers 409 naming whose case-study consent is missing', async () => {
    await post(`/participants/${person('samir')}/consents/case-study/withdraw`, { reason: 'changed mind' });
    const r = await get(`/case-studies/${pair('cardiac')}`);
    expect(r).toMatchObject({
      status: 409,
      body: { error: 'rule-violated', message: expect.stringContaining(`professional partner (participant ${person('samir')})`) },
    });
  });

  it('can be withdrawn by a partner, which takes back the approvals: nothing of it is served or published again until approved anew', async () => {
    const hashes = (await get(`/case-studies/${pair('neuro')}/versions`)).body.items.map((v: { contentHash: string }) => v.contentHash);
    const claire = await h.user('pair-member', person('claire'));
    expect((await post(`/case-studies/${pair('neuro')}/withdraw`, { reason: 'not ready' }, claire)).status).toBe(200);
    expect(await get(`/case-studies/${pair('neuro')}/versions/${hashes[0]}`)).toMatchObject({
      status: 410,
      body: { message: expect.stringMatching(/withdrawn after this version was approved, which took its approvals back/) },
    });
    expect((await post(`/case-studies/${pair('neuro')}/withdraw`, { reason: 'again' }, claire)).status).toBe(409);
    // The coordinator cannot publish again what Claire withdrew on the strength of her earlier approval.
    const again = await post(`/case-studies/${pair('neuro')}/publish`, { contentHash: hashes[0] });
    expect(again).toMatchObject({ status: 409, body: { message: expect.stringMatching(/withdrawn after they approved it, which took the approval back/) } });
    const [version] = (await get(`/case-studies/${pair('neuro')}/versions`)).body.items;
    expect(version.approvals.map((a: { takenBack: boolean }) => a.takenBack)).toEqual([true, true]);
    const standing = (await get('/case-studies')).body.items.find((i: { pairId: string }) => i.pairId === pair('neuro'));
    expect(standing).toMatchObject({ withdrawn: true, approved: [] });
    if (standing.current?.contentHash === hashes[0]) expect(standing.current.approvedBy).toEqual([]);
    // Approved again by one partner, the version is served to read once more.
    expect((await post(`/case-studies/${pair('neuro')}/approvals`, { participantId: person('claire'), contentHash: hashes[0] }, claire)).status).toBe(200);
    expect((await get(`/case-studies/${pair('neuro')}/versions/${hashes[0]}`)).status).toBe(200);
    const [reapproved] = (await get(`/case-studies/${pair('neuro')}/versions`)).body.items;
    expect(reapproved.approvals).toEqual([
      expect.objectContaining({ participantId: person('david'), takenBack: true }),
      expect.objectContaining({ participantId: person('claire'), takenBack: true }),
      expect.objectContaining({ participantId: person('claire'), takenBack: false }),
    ]);
  });

  it('regenerates as of a date and checks its parameters', async () => {
    const early = await get(`/case-studies/${pair('neuro')}?asOf=2025-12-31&format=md`);
    expect(early.status).toBe(200);
    expect(early.text).toContain('They met 2 times');
    expect((await get(`/case-studies/${pair('neuro')}?format=pdf`)).status).toBe(400);
    // Before the pair was formed it did not exist: a 404 saying when, in the words its evaluation uses.
    for (const look of ['asOf=2000-01-01', 'position=1', 'asOf=2000-01-01&position=1']) {
      const story = await get(`/case-studies/${pair('neuro')}?${look}`);
      const figures = await get(`/evaluation/pairs/${pair('neuro')}?${look}`);
      expect(story).toMatchObject({ status: 404, body: { error: 'not-found', message: expect.stringMatching(/did not exist (on 2000-01-01|at position 1)/) } });
      expect(story.body).toEqual(figures.body);
    }
    expect((await get(`/case-studies/${pair('neuro')}?asOf=2000-01-01&position=1`)).body.message).toBe(
      `Pair ${pair('neuro')} did not exist on 2000-01-01, as known at position 1.`,
    );
    // Its timeline then is a list of nothing yet, as every list is.
    expect(await get(`/pairs/${pair('neuro')}/timeline?asOf=2000-01-01`)).toMatchObject({ status: 200, body: { items: [] } });
    expect((await get(`/case-studies/00000000-0000-4000-8000-000000000000`)).status).toBe(404);
    expect((await get(`/case-studies/${pair('neuro')}/versions/${'0'.repeat(64)}`)).status).toBe(404);
  });

  it("lists where every pair's case study stands, a pair member seeing only their own pairs'", async () => {
    // Both partners approve neuro's case study as told now, after its publication was withdrawn.
    const neuro = (await get(`/case-studies/${pair('neuro')}`)).body;
    await post(`/case-studies/${pair('neuro')}/approvals`, { participantId: person('david'), contentHash: neuro.provenance.contentHash });
    await post(`/case-studies/${pair('neuro')}/approvals`, { participantId: person('claire'), contentHash: neuro.provenance.contentHash });
    const vanguard = (await get(`/case-studies/${pair('vanguard')}`)).body;
    const published = async (k: string) => (await get(`/case-studies/${pair(k)}/versions`)).body.items.find((v: { published: boolean }) => v.published);
    const [cardiacPublished, vanguardPublished] = [await published('cardiac'), await published('vanguard')];
    const list = await get('/case-studies');
    expect(list.status).toBe(200);
    const byPair = Object.fromEntries(list.body.items.map((i: { pairId: string }) => [i.pairId, i]));
    expect(list.body.next).toBeNull();
    // Cardiac: none told now, saying why; the version published in the earlier wording is not it.
    expect(byPair[pair('cardiac')]).toEqual({
      pairId: pair('cardiac'),
      state: 'none',
      publishable: null,
      title: expect.any(String),
      current: null,
      reason: expect.stringContaining(`professional partner (participant ${person('samir')})`),
      published: { contentHash: cardiacPublished.contentHash, publishedAt: cardiacPublished.publishedAt, current: false },
      withdrawn: false,
      approved: [{ contentHash: cardiacPublished.contentHash, approvedBy: [person('margaret'), person('samir')] }],
    });
    // Vanguard: told now without Joan's name, which nobody has approved; the published version named her.
    expect(byPair[pair('vanguard')]).toEqual({
      pairId: pair('vanguard'),
      state: 'approval',
      publishable: null,
      title: vanguard.title,
      current: { title: vanguard.title, contentHash: vanguard.provenance.contentHash, approvedBy: [] },
      reason: null,
      published: { contentHash: vanguardPublished.contentHash, publishedAt: vanguardPublished.publishedAt, current: false },
      withdrawn: false,
      approved: [{ contentHash: vanguardPublished.contentHash, approvedBy: [person('joan'), person('aisha')] }],
    });
    // Neuro: withdrawn, nothing published since; the one told now approved by both, ready to publish.
    expect(byPair[pair('neuro')]).toMatchObject({
      state: 'ready',
      publishable: neuro.provenance.contentHash,
      current: { contentHash: neuro.provenance.contentHash, approvedBy: [person('david'), person('claire')] },
      published: null,
      withdrawn: true,
    });
    // Once published, it is the version told now.
    await post(`/case-studies/${pair('neuro')}/publish`, { contentHash: neuro.provenance.contentHash });
    const after = (await get('/case-studies')).body.items.find((i: { pairId: string }) => i.pairId === pair('neuro'));
    expect(after).toMatchObject({
      state: 'published',
      publishable: null,
      published: { contentHash: neuro.provenance.contentHash, current: true },
      withdrawn: false,
    });
    // Both approve vanguard's as told now; a meeting recorded after gives another telling, and the one
    // they approved is still there to publish.
    for (const k of ['joan', 'aisha'])
      await post(`/case-studies/${pair('vanguard')}/approvals`, { participantId: person(k), contentHash: vanguard.provenance.contentHash });
    await post(`/pairs/${pair('vanguard')}/meetings`, meetingBody([person('joan'), person('aisha')], { heldOn: '2026-11-03', topics: ['after approval'] }));
    const later = (await get('/case-studies')).body.items.find((i: { pairId: string }) => i.pairId === pair('vanguard'));
    expect(later).toMatchObject({ state: 'ready', publishable: vanguard.provenance.contentHash, current: { approvedBy: [] } });
    expect(later.current.contentHash).not.toBe(vanguard.provenance.contentHash);
    // Its versions say the same: that one waits to be published; the one published does not.
    const versionsOf = async (k: string) =>
      Object.fromEntries(
        (await get(`/case-studies/${pair(k)}/versions`)).body.items.map((v: { contentHash: string; publishable: boolean }) => [v.contentHash, v.publishable]),
      );
    expect(await versionsOf('vanguard')).toEqual({ [vanguardPublished.contentHash]: false, [vanguard.provenance.contentHash]: true });
    // A version both approved before a partner withdrew the case study was passed over then: it waits no more.
    expect(Object.values(await versionsOf('neuro'))).toEqual([false, false]);

    const claire = await h.user('pair-member', person('claire'));
    expect((await get('/case-studies', claire)).body.items.map((i: { pairId: string }) => i.pairId)).toEqual([pair('neuro')]);
    const first = await get('/case-studies?limit=2');
    expect(first.body.items).toHaveLength(2);
    const rest = await get(`/case-studies?limit=2&cursor=${encodeURIComponent(first.body.next)}`);
    expect([...first.body.items, ...rest.body.items].map((i: { pairId: string }) => i.pairId).sort()).toEqual(Object.keys(byPair).sort());
    expect((await get(`/case-studies?cohortId=${demoId('cohortId', 'cohort')}`)).body.items).toHaveLength(3);
    expect(await get('/case-studies?cohortId=00000000-0000-4000-8000-000000000000')).toMatchObject({ status: 404, body: { error: 'not-found' } });
    expect(await get('/case-studies?limit=0')).toMatchObject({ status: 400, body: { error: 'validation' } });
  });

  it('gives every published case study in one document for a report, leaving out, and counting, those no longer served', async () => {
    // Neuro's is published and served; cardiac's and vanguard's were published, then a consent they
    // relied on was withdrawn.
    const neuro = (await get(`/case-studies/${pair('neuro')}/versions`)).body.items.find((v: { published: boolean }) => v.published);
    const md = await get('/case-studies/published?format=md');
    expect(md.status).toBe(200);
    expect(md.headers['content-type']).toMatch(/text\/markdown/);
    const alone = (await get(`/case-studies/${pair('neuro')}/versions/${neuro.contentHash}?format=md`)).text;
    // The one served, byte for byte as approved, its headings a level down under the document's.
    expect(md.text).toBe(
      [
        '# Published case studies',
        '',
        'Every case study published, each regenerated from the events up to the position its partners approved it at: byte for byte what they approved.',
        '',
        '2 published case studies are left out: a withdrawn consent or an erasure has since affected them.',
        '',
        alone.replace(/^(#+) /gm, '#$1 '),
      ].join('\n'),
    );
    const html = await get('/case-studies/published?format=html');
    expect(html.headers['content-type']).toMatch(/text\/html/);
    expect(html.text.match(/<article>/g)).toHaveLength(1);
    expect(html.text).toContain(`<code>${neuro.contentHash}</code>`);
    const json = await get('/case-studies/published');
    expect(json.body.items.map((c: { provenance: { contentHash: string } }) => c.provenance.contentHash)).toEqual([neuro.contentHash]);
    // A pair member gets their own pairs' alone; a cohort, its pairs'.
    const margaret = await h.user('pair-member', person('margaret'));
    const hers = await get('/case-studies/published?format=md', margaret);
    expect(hers.text).toContain('1 published case study is left out: a withdrawn consent or an erasure has since affected it.');
    expect(hers.text).toMatch(/\n\nNone\.\n$/);
    expect((await get(`/case-studies/published?cohortId=${demoId('cohortId', 'cohort')}`)).body.items).toHaveLength(1);
    expect(await get('/case-studies/published?cohortId=00000000-0000-4000-8000-000000000000')).toMatchObject({ status: 404, body: { error: 'not-found' } });
    expect(await get('/case-studies/published?format=pdf')).toMatchObject({ status: 400, body: { error: 'validation' } });
  });

  it('gathers the quotes the case studies offer, as each tells them, for a report: told now, or as published', async () => {
    type Quote = { pairId: string; title: string; text: string; by: string; contentHash: string; published: boolean };
    const quotesOf = (cs: { sections: { key: string; quotes: { text: string; by: string }[] }[] }) =>
      cs.sections.find((s) => s.key === 'in-their-words')!.quotes;
    const now = await get('/case-studies/quotes');
    expect(now.status).toBe(200);
    const items = now.body.items as Quote[];
    // Each pair's quotes are those its case study told now gives, in the order it gives them.
    for (const k of ['cardiac', 'vanguard', 'neuro']) {
      const told = await get(`/case-studies/${pair(k)}`);
      const expected = told.status === 200 ? quotesOf(told.body) : [];
      expect(items.filter((q) => q.pairId === pair(k)).map(({ text, by }) => ({ text, by }))).toEqual(expected);
    }
    expect(items.length).toBeGreaterThan(0);
    expect(items.map((q) => q.title)).toEqual([...items.map((q) => q.title)].sort((a, b) => a.localeCompare(b, 'en-GB')));
    // As published: neuro's alone is served, byte for byte as approved.
    const neuro = (await get(`/case-studies/${pair('neuro')}/versions`)).body.items.find((v: { published: boolean }) => v.published);
    const approved = await get(`/case-studies/${pair('neuro')}/versions/${neuro.contentHash}`);
    const published = await get('/case-studies/quotes?published=true');
    expect(published.body.items.map(({ text, by }: Quote) => ({ text, by }))).toEqual(quotesOf(approved.body));
    expect(published.body.items.every((q: Quote) => q.pairId === pair('neuro') && q.published && q.contentHash === neuro.contentHash)).toBe(true);
    expect(published.body.about.join(' ')).toContain('2 published case studies are left out');
    // A spreadsheet, one row a quote; and the same as a document.
    const csv = await get('/case-studies/quotes?format=csv');
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    expect(csv.headers['content-disposition']).toBe('attachment; filename="case-study-quotes.csv"');
    expect(csv.text.split('\r\n')[0]).toBe('pairId,title,text,by,contentHash,published');
    expect(csv.text.trimEnd().split('\r\n')).toHaveLength(items.length + 1);
    const md = await get('/case-studies/quotes?format=md&published=true');
    expect(md.headers['content-type']).toMatch(/text\/markdown/);
    expect(md.text).toMatch(/^# In their words: quotes from the published case studies\n/);
    // A pair member gets their own pairs' alone; a cohort, its pairs'.
    const claire = await h.user('pair-member', person('claire'));
    const hers = (await get('/case-studies/quotes', claire)).body.items as Quote[];
    expect(hers.length).toBeGreaterThan(0);
    expect(hers.every((q) => q.pairId === pair('neuro'))).toBe(true);
    expect((await get(`/case-studies/quotes?cohortId=${demoId('cohortId', 'cohort')}`)).body.items).toEqual(items);
    expect(await get('/case-studies/quotes?cohortId=00000000-0000-4000-8000-000000000000')).toMatchObject({ status: 404, body: { error: 'not-found' } });
    expect(await get('/case-studies/quotes?format=pdf')).toMatchObject({ status: 400, body: { details: [{ field: 'format' }] } });
    expect(await get('/case-studies/quotes?published=yes')).toMatchObject({ status: 400, body: { details: [{ field: 'published' }] } });
  });

  it('takes back, with a withdrawal, the approvals of a version waiting to be published', async () => {
    const before = (await get('/case-studies')).body.items.find((i: { pairId: string }) => i.pairId === pair('vanguard'));
    expect(before).toMatchObject({ state: 'ready', publishable: expect.any(String) });
    const joan = await h.user('pair-member', person('joan'));
    expect((await post(`/case-studies/${pair('vanguard')}/withdraw`, { reason: 'I want to read it again' }, joan)).status).toBe(200);
    const after = (await get('/case-studies')).body.items.find((i: { pairId: string }) => i.pairId === pair('vanguard'));
    expect(after).toMatchObject({ state: 'approval', publishable: null, withdrawn: true, approved: [] });
    expect(await post(`/case-studies/${pair('vanguard')}/publish`, { contentHash: before.publishable })).toMatchObject({
      status: 409,
      body: { message: expect.stringMatching(/lacks approval from participant .* and .*\. The case study was withdrawn after they approved it/) },
    });
  });
});

describe('a retried approval', () => {
  let h: ApiHarness;
  beforeAll(async () => {
    h = await ApiHarness.start();
    await runDemo(h.runtime.app);
  });
  afterAll(() => h.stop());

  it('is answered as it was first, even once a withdrawn consent means it could not be given now', async () => {
    const coordinator = await h.user('coordinator');
    const neuro = demoId('pairId', 'neuro:formed');
    const { contentHash } = (await h.request('GET', `/case-studies/${neuro}`, { token: coordinator })).body.provenance;
    const approve = (headers: Record<string, string>) =>
      h.request('POST', `/case-studies/${neuro}/approvals`, {
        token: coordinator,
        body: { participantId: demoId('participantId', 'person:claire'), contentHash },
        headers,
      });
    const key = { 'idempotency-key': 'claire-approves' };
    const approved = await approve(key);
    expect(approved.status).toBe(200);
    const withdrawn = await h.request('POST', `/participants/${demoId('participantId', 'person:david')}/consents/case-study/withdraw`, {
      token: coordinator,
      body: { reason: 'changed his mind' },
    });
    expect(withdrawn.status).toBe(200);
    expect(await approve(key)).toMatchObject({ status: 200, text: approved.text });
    // Asked anew, it is refused: there is no case study without David's consent.
    expect(await approve({})).toMatchObject({ status: 409, body: { error: 'rule-violated' } });
    expect((await h.runtime.store.readStream(`casestudy-${neuro}`)).map((e) => e.type)).toEqual(['CaseStudyApproved', 'CaseStudyApproved']);
  });
});
