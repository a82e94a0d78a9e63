import { fold, participantDecider, type ConsentScope, type ParticipantEvent, type StoredEvent } from '@pairtrail/domain';
import MarkdownIt from 'markdown-it';
import { parse } from 'parse5';
import {
  CURRENT_RENDERING,
  RENDERINGS,
  generateCaseStudy,
  type CaseStudy,
  type CaseStudyEvent,
  type CaseStudyInput,
  type CaseStudyPartner,
  type Rendering,
} from './case-study';
import { render, renderCollection, renderDocument, renderIndex, toHtml, toMarkdown } from './render';

const PAIR = 'pair-1';
function person(
  id: string,
  perspective: string,
  name: string,
  role: string,
  organisation: string,
  organisationType: string,
  scopes: ConsentScope[],
  withdrawnNow: ConsentScope[] = [],
): CaseStudyPartner {
  const events: ParticipantEvent[] = [
    {
      type: 'ParticipantRegistered',
      data: {
        participantId: id,
        name,
        perspective: perspective as 'professional',
        role,
        organisation,
        organisationType: organisationType as 'other',
        registeredOn: '2026-01-01',
      },
    },
    ...scopes.map((scope) => ({ type: 'ConsentGiven' as const, data: { participantId: id, scope, on: '2026-01-02', evidence: 'form' } })),
  ];
  const state = fold(
    participantDecider,
    events.map((e, i) => ({ ...e, eventId: `${id}-${i}` }) as StoredEvent<ParticipantEvent>),
  );
  const now = fold(
    participantDecider,
    [...events, ...withdrawnNow.map((scope) => ({ type: 'ConsentWithdrawn' as const, data: { participantId: id, scope, on: '2026-06-01' } }))].map(
      (e, i) => ({ ...e, eventId: `${id}-${i}` }) as StoredEvent<ParticipantEvent>,
    ),
  );
  return { state, eventsUsed: events.length, lastPosition: '3', lastRecordedAt: '2026-01-02T10:00:00.000Z', consentsNow: now.consents, erasedNow: false };
}

let position = 10;
const ev = (type: string, data: Record<string, unknown>, eventId = `e${position}`): CaseStudyEvent => ({
  eventId,
  type,
  data,
  position: String(position++),
  recordedAt: `2026-02-01T10:00:${String(position % 60).padStart(2, '0')}.000Z`,
});
function pairEvents(): CaseStudyEvent[] {
  position = 10;
  return [
    ev('PairFormed', {
      pairId: PAIR,
      cohortId: 'c',
      livedExperiencePartnerId: 'L',
      professionalPartnerId: 'P',
      formedOn: '2026-01-10',
      focus: 'Get more patients into cardiac rehab',
      serviceArea: 'cardiac',
    }),
    ev('InitiativeDefined', {
      title: 'Rehab people start',
      aim: 'Raise starts to 60%.',
      context: 'Letters came late.',
      successMeasures: ['starts within 4 weeks'],
      on: '2026-01-15',
    }),
    ev(
      'MeetingHeld',
      {
        meetingId: 'm1',
        heldOn: '2026-01-20',
        durationMinutes: 90,
        format: 'in-person',
        attendeeIds: ['L', 'P'],
        topics: ['why patients do not start'],
        notes: 'private notes',
        approaches: ['finding-partner'],
      },
      'm1',
    ),
    ev(
      'MeetingHeld',
      {
        meetingId: 'm2',
        heldOn: '2026-02-20',
        durationMinutes: 60,
        format: 'video',
        attendeeIds: ['L', 'P'],
        topics: ['leaflet'],
        notes: 'more notes',
        approaches: ['embedding'],
      },
      'm2',
    ),
    ev('OutcomeRecorded', {
      outcomeId: 'o1',
      category: 'service-change',
      description: 'Nurse sees every patient',
      evidence: 'Ward audit',
      measure: { name: 'starts', unit: '%', baseline: 38, value: 55 },
      recordedOn: '2026-03-01',
      spread: 'team',
    }),
    ev('OutcomeRecorded', { outcomeId: 'o2', category: 'other', description: 'A mistaken outcome', recordedOn: '2026-03-02', spread: 'pair' }, 'o2'),
    ev('EntryRetracted', { targetEventId: 'o2', reason: 'mistake' }),
    ev('EntryCorrected', { targetEventId: 'm2', reason: 'typo', replacement: { topics: ['plain-language leaflet'] } }),
    ev('ReflectionRecorded', {
      reflectionId: 'r1',
      participantId: 'L',
      recordedOn: '2026-01-21',
      relationshipScore: 2,
      text: 'Lived words one.',
      quotable: true,
    }),
    ev('ReflectionRecorded', {
      reflectionId: 'r2',
      participantId: 'P',
      recordedOn: '2026-01-22',
      relationshipScore: 3,
      text: 'Professional words one.',
      quotable: true,
    }),
    ev('ReflectionRecorded', {
      reflectionId: 'r3',
      participantId: 'L',
      recordedOn: '2026-03-01',
      relationshipScore: 5,
      text: 'Lived words unquotable.',
      quotable: false,
    }),
  ];
}

const ALL: ConsentScope[] = ['participation', 'case-study', 'named', 'quotes'];
const input = (
  lep: ConsentScope[] = ALL,
  pro: ConsentScope[] = ALL,
  extra: Partial<CaseStudyInput> = {},
  withdrawn: { L?: ConsentScope[]; P?: ConsentScope[] } = {},
): CaseStudyInput => ({
  pairId: PAIR,
  pairEvents: pairEvents(),
  partners: {
    L: person('L', 'lived-experience', 'Lee Lived', 'patient leader', 'Heart Support Group', 'patient-group', lep, withdrawn.L),
    P: person('P', 'professional', 'Dr Pat Pro', 'consultant cardiologist', 'Northfield Hospitals', 'acute-trust', pro, withdrawn.P),
  },
  ...extra,
});
/**
 * The pair gone on to revise its initiative, mark two milestones (recorded out of date order) and
 * conclude, the revision's reason and the summary naming the lived-experience partner.
 */
const concluded = (i: CaseStudyInput): CaseStudyInput => ({
  ...i,
  pairEvents: [
    ...i.pairEvents,
    ev('InitiativeRevised', {
      title: 'Rehab people start',
      aim: 'Raise starts to 70%.',
      context: 'Letters came late.',
      successMeasures: ['starts within 4 weeks'],
      on: '2026-02-21',
      reason: 'Lee found the first aim too timid',
    }),
    ev('MilestoneReached', { milestoneId: 'ms2', description: 'Leaflet adopted by the board.', reachedOn: '2026-03-05' }),
    ev('MilestoneReached', { milestoneId: 'ms1', description: 'Lee presented to the ward team', reachedOn: '2026-02-25' }),
    ev('PairConcluded', { concludedOn: '2026-03-10', summary: 'Lee and Dr Pat Pro moved starts from 38% to 55%' }),
  ],
});
const generate = (i: CaseStudyInput): CaseStudy => {
  const g = generateCaseStudy(i);
  if (!g.ok) throw new Error(g.reason);
  return g.caseStudy;
};
const allText = (cs: CaseStudy) => [render(cs, 'json'), toMarkdown(cs), toHtml(cs)].join('\n');

describe('case study generation', () => {
  it('has every section, in order, with provenance from the latest event read', () => {
    const cs = generate(input());
    expect(cs.sections.map((s) => s.key)).toEqual([
      'the-pair',
      'the-challenge',
      'how-they-worked',
      'milestones',
      'what-changed',
      'in-their-words',
      'the-relationship',
      'what-others-can-learn',
    ]);
    expect(cs.provenance).toEqual({
      position: '20',
      generatedAt: expect.stringMatching(/^2026-02-01T/),
      contentHash: expect.stringMatching(/^[0-9a-f]{64}$/),
      eventsUsed: 11 + 5 + 5,
      rendering: 4,
    });
    expect(cs.title).toBe('Rehab people start');
  });

  it('keeps every rendering byte for byte: a version approved in it regenerates to the same hash', () => {
    // These hashes pin each rendering's wording. A failure here means a change would make versions
    // already approved in that rendering unservable (410): word it as a new rendering instead, and
    // leave this test's hashes as they are.
    const anonymous: ConsentScope[] = ['participation', 'case-study', 'quotes'];
    const hashes = (rendering: Rendering) =>
      [input(), input(anonymous), concluded(input(anonymous))].map((i) => generate({ ...i, rendering }).provenance.contentHash);
    expect(hashes(1)).toEqual([
      '66321bc34a5e1727a8e9fd27e5d3df68913f1831573f57cd313dd00af505a46a',
      'b6ddfe910063d5da538b5c91bd14f8cacd3f1ae891da0e714da6c8471ba4e58d',
      'a5e19a48ae020344c0e812b725e27de90a81785254a7802616f26d9cb5467e99',
    ]);
    expect(hashes(2)).toEqual([
      'd94d3a74234a2816b180b3d385dbfc48c7fd7b374f09a1649672d0d699bb2de5',
      '9626f3cbc9cde25d6bcb3cf395afe7b530e39b186eba4d766ead681955f88860',
      '25cf979ae27c9a07ef93eb3597b175d2d59325718203eb65cb6448eb1614fac7',
    ]);
    expect(hashes(3)).toEqual([
      '8bf52e0fc52d6d4e013c3e848f80ed6f4ab2c11570d5bc33af3920dc251e1656',
      '629ad6b82eafe940805400de6face30436571ab03ed317c6b0553e957a0d34ec',
      'fe484eb58654a5080670089a138bf20b2c1f983e2712a5006e490621ec7ac473',
    ]);
    expect(hashes(4)).toEqual([
      '73f6fd02226a491c602e356d4b6bbdadbc1e0cdbb34170742284129c00a02680',
      'f81b7200d6dab90ec50243d8d1c3e7b2e52bdad2a28f1a27bdd32966f98036f4',
      '7b467c27d611c64f45b4e83f53ea56f6a6d267d3a0eddcf79f70d137691f617b',
    ]);
    expect(RENDERINGS).toEqual([1, 2, 3, 4]);
    expect(generate(input()).provenance.contentHash).toBe(hashes(CURRENT_RENDERING)[0]);
  });

  it('words rendering 2 as sentences: a named role set off by commas, a measure of its own', () => {
    const text = allText(generate({ ...input(), rendering: 2 }));
    expect(text).toContain(
      'Lee Lived, patient leader at Heart Support Group, was paired with Dr Pat Pro, consultant cardiologist at Northfield Hospitals, on 10 January 2026.',
    );
    expect(text).toContain('(1 March 2026). Measure: starts, from 38% to 55%. Evidence: Ward audit.');
    expect(generate({ ...input(), rendering: 2 }).provenance.rendering).toBe(2);
    const first = generate({ ...input(), rendering: 1 });
    expect(first.provenance).not.toHaveProperty('rendering');
    expect(allText(first)).toContain(
      'Lee Lived, patient leader at Heart Support Group was paired with Dr Pat Pro, consultant cardiologist at Northfield Hospitals on',
    );
    expect(allText(first)).toContain('(1 March 2026). starts: 38 → 55 %. Evidence: Ward audit.');
  });

  it('words rendering 3 so that a partner it does not name is not named in the words it quotes either', () => {
    // Free text naming the lived-experience partner: in the professional's reflection, a topic, an outcome.
    const naming = (i: CaseStudyInput): CaseStudyInput => ({
      ...i,
      pairEvents: i.pairEvents.map((e) => {
        if (e.data.reflectionId === 'r2')
          return { ...e, data: { ...e.data, text: 'Lee asks what we never asked. Lee Lived and Heart Support Group changed it; in May we met Lee’s group.' } };
        if (e.data.outcomeId === 'o1') return { ...e, data: { ...e.data, description: 'Dr Pat Pro and Lee rewrote the leaflet' } };
        if (e.eventId === 'm1') return { ...e, data: { ...e.data, topics: ['what Lee found at Heart Support Group'] } };
        return e;
      }),
    });
    const anonymous: ConsentScope[] = ['participation', 'case-study', 'quotes'];
    const unnamedLee = allText(generate(naming(input(anonymous))));
    expect(unnamedLee).not.toMatch(/Lee|Lived|Heart Support Group/);
    expect(unnamedLee).toContain(
      'The patient leader asks what we never asked. The patient leader and a patient group changed it; in May we met the patient leader’s group.',
    );
    expect(unnamedLee).toContain('for example, \\"what the patient leader found at a patient group\\"');
    // Pat consents to be named, and is.
    expect(unnamedLee).toContain('Service change: Dr Pat Pro and the patient leader rewrote the leaflet');
    // Neither named: a title goes with its name.
    expect(allText(generate(naming(input(anonymous, anonymous))))).toContain(
      'Service change: The consultant cardiologist and the patient leader rewrote the leaflet',
    );
    // A double-barrelled name is put whole, and each part of it alone too.
    const hyphenated = input(anonymous);
    hyphenated.partners.L!.state.details!.name = 'Lee Lived-Long';
    const told = allText(
      generate({
        ...hyphenated,
        pairEvents: pairEvents().map((e) =>
          e.data.reflectionId === 'r2' ? { ...e, data: { ...e.data, text: 'Lee Lived-Long came; Lived-Long spoke, then Long and Lived.' } } : e,
        ),
      }),
    );
    expect(told).toContain('The patient leader came; the patient leader spoke, then the patient leader and the patient leader.');
    // Named, Lee is named in them as before; and in rendering 2 words stay as recorded.
    expect(allText(generate(naming(input())))).toContain('Lee asks what we never asked.');
    expect(allText(generate({ ...naming(input(anonymous)), rendering: 2 }))).toContain('Lee asks what we never asked.');
  });

  it('words rendering 4 as the whole story told once: revisions of the initiative, milestones in date order, the closing summary, each approach once', () => {
    const told = generate(concluded(input()));
    const section = (cs: CaseStudy, key: string) => cs.sections.find((s) => s.key === key)!;
    expect(section(told, 'the-pair').paragraphs[1]).toBe(
      'The pair concluded their work on 10 March 2026. Their closing summary: Lee and Dr Pat Pro moved starts from 38% to 55%.',
    );
    expect(section(told, 'milestones')).toMatchObject({
      title: 'Milestones',
      paragraphs: ['They marked 2 milestones along the way.'],
      items: ['25 February 2026: Lee presented to the ward team.', '5 March 2026: Leaflet adopted by the board.'],
    });
    // How the aim came to be what it is: each revision, when and why.
    expect(section(told, 'the-challenge').paragraphs).toEqual([
      'Letters came late.',
      'Their aim: Raise starts to 70%.',
      'They revised their initiative on 21 February 2026: Lee found the first aim too timid.',
    ]);
    // Each approach practised is told once, with its example meeting, under what others can learn.
    expect(section(told, 'how-they-worked').items).toEqual([]);
    expect(section(told, 'what-others-can-learn').items).toEqual([
      'Find your collaborative partner, funding and a real task to work on: practised in 1 meeting; for example, "why patients do not start" (January 2026).',
      'Embed collaborative activity at all levels, so new ways of working are accepted and spread: practised in 1 meeting; for example, "plain-language leaflet" (February 2026).',
    ]);
    const times = (text: string, words: string) => text.split(words).length - 1;
    expect(times(toMarkdown(told), 'Find your collaborative partner')).toBe(1);
    expect(times(toMarkdown({ ...generate({ ...concluded(input()), rendering: 3 }) }), 'Find your collaborative partner')).toBe(2);

    // Unnamed, the partner is not named in the milestones or the summary either.
    const anonymous = allText(generate(concluded(input(['participation', 'case-study', 'quotes']))));
    expect(anonymous).not.toMatch(/Lee/);
    expect(anonymous).toContain('Their closing summary: The patient leader and Dr Pat Pro moved starts');
    expect(anonymous).toContain('25 February 2026: The patient leader presented to the ward team.');
    expect(anonymous).toContain('They revised their initiative on 21 February 2026: The patient leader found the first aim too timid.');

    // A milestone retracted is not told, nor a summary in renderings before 4; none yet is said so.
    const earlier = allText(generate({ ...concluded(input()), rendering: 3 }));
    expect(earlier).not.toMatch(/closing summary|Milestone|ward team|revised their initiative/);
    expect(section(generate(input()), 'milestones').paragraphs).toEqual(['No milestones are recorded yet.']);
    const retracted = concluded(input());
    retracted.pairEvents.push(
      ev('EntryRetracted', { targetEventId: retracted.pairEvents.find((e) => e.data.milestoneId === 'ms1')!.eventId, reason: 'not yet' }),
    );
    expect(section(generate(retracted), 'milestones').items).toEqual(['5 March 2026: Leaflet adopted by the board.']);
  });

  it('is byte-identical for the same events', () => {
    expect(render(generate(input()), 'json')).toBe(render(generate(input()), 'json'));
    expect(toHtml(generate(input()))).toBe(toHtml(generate(input())));
  });

  it('names partners only with named consent; otherwise role and organisation type, never organisation name', () => {
    const named = allText(generate(input()));
    expect(named).toContain('Lee Lived, patient leader at Heart Support Group');
    const anonymous = allText(generate(input(['participation', 'case-study', 'quotes'])));
    expect(anonymous).not.toContain('Lee Lived');
    expect(anonymous).not.toContain('Heart Support Group');
    expect(anonymous).toContain('A patient leader at a patient group was paired with Dr Pat Pro');
    expect(anonymous).toContain('The patient leader, January 2026');
  });

  it('quotes only quotable reflections whose author consents to quotes', () => {
    const all = generate(input());
    const quotes = all.sections.find((s) => s.key === 'in-their-words')!.quotes.map((q) => q.text);
    expect(quotes).toEqual(['Lived words one.', 'Professional words one.']);
    const noProQuotes = allText(generate(input(ALL, ['participation', 'case-study', 'named'])));
    expect(noProQuotes).not.toContain('Professional words one.');
    expect(noProQuotes).toContain('Lived words one.');
    expect(noProQuotes).not.toContain('Lived words unquotable.');
  });

  it('is refused without case-study consent from both partners, saying whose is missing and what stands in the way', () => {
    const g = generateCaseStudy(input(ALL, ['participation', 'named', 'quotes']));
    expect(g).toEqual({
      ok: false,
      reason:
        'There is no case study without case-study consent from both partners: the professional partner (participant P) has not given case-study consent.',
    });
    const both = generateCaseStudy(input(['participation'], ['case-study']));
    expect(both).toEqual({
      ok: false,
      reason:
        'There is no case study without case-study consent from both partners: the lived-experience partner (participant L) has not given case-study consent, and the professional partner (participant P) does not consent to take part.',
    });
    const erased = input();
    erased.partners.L!.erasedNow = true;
    expect(generateCaseStudy(erased)).toEqual({
      ok: false,
      reason: 'There is no case study without case-study consent from both partners: the lived-experience partner (participant L) was erased.',
    });
  });

  it("applies a withdrawal made after the position: today's consents win", () => {
    const withdrawnNamed = allText(generate(input(ALL, ALL, {}, { L: ['named'] })));
    expect(withdrawnNamed).not.toContain('Lee Lived');
    expect(generateCaseStudy(input(ALL, ALL, {}, { P: ['case-study'] })).ok).toBe(false);
  });

  it('applies corrections and leaves retracted entries out', () => {
    const text = allText(generate(input()));
    expect(text).toContain('plain-language leaflet');
    expect(text).not.toContain('A mistaken outcome');
    expect(text).not.toContain('private notes');
    expect(text).toContain('Measure: starts, from 38% to 55%.');
  });

  it('regenerates as of a date, leaving out later facts', () => {
    const early = generate(input(ALL, ALL, { asOf: '2026-01-31' }));
    expect(early.asOf).toBe('2026-01-31');
    const text = allText(early);
    expect(text).toContain('They met 1 time');
    expect(text).not.toContain('Nurse sees every patient');
    expect(early.provenance.contentHash).not.toBe(generate(input()).provenance.contentHash);
  });

  it('renders Markdown in which what people wrote stays text: no heading, list, link or HTML of theirs', () => {
    const i = input();
    const markup = '<img src=x onerror=alert(1)> [click](javascript:alert(1)) *loud* & A&E';
    i.pairEvents[1]!.data.context = `Letters came late.\n## Not a heading\n- not a list\n1. nor this\n${markup}`;
    const reflection = i.pairEvents.find((e) => e.type === 'ReflectionRecorded')!;
    reflection.data.text = `First line.\nSecond line > still quoted\n# and this`;
    const md = toMarkdown(generate(i));
    const html = new MarkdownIt({ html: true }).render(md);
    expect(html).not.toMatch(/<img|<a |<em>loud/);
    expect(html).not.toMatch(/<h2>Not a heading|<li>not a list|<li>nor this/);
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt; [click](javascript:alert(1)) *loud* &amp; A&amp;E');
    expect(md).toContain('& A&E');
    expect(html).toMatch(/<blockquote>\s*<p>First line\.\nSecond line &gt; still quoted\n# and this/);
    // The generated headings are still headings.
    expect(html).toMatch(/<h2>In their words<\/h2>/);
  });

  it('renders any sectioned document as a case study is rendered: what people wrote stays text in Markdown and HTML', () => {
    const markup = '<img src=x onerror=alert(1)> [click](javascript:alert(1)) *loud*';
    const doc = {
      title: 'What is held about <b>Ada</b>',
      sections: [{ key: 'details', title: 'Your details', paragraphs: [`## Not a heading ${markup}`], items: ['Name: Ada', `Notes: ${markup}`], quotes: [] }],
      closing: 'Made at position 7.',
    };
    const md = renderDocument(doc, 'md');
    expect(md).toMatch(/^# What is held about \\<b\\>Ada\\<\/b\\>\n\n## Your details\n\n\\## Not a heading/);
    expect(md.endsWith('---\n\nMade at position 7.\n')).toBe(true);
    const fromMd = new MarkdownIt({ html: true }).render(md);
    expect(fromMd).not.toMatch(/<img|<a |<em>loud|<b>Ada/);
    expect(fromMd).toContain('<li>Name: Ada</li>');
    const html = renderDocument(doc, 'html');
    expect(html).not.toMatch(/<img|<b>Ada/);
    expect(html).toContain('<h1>What is held about &lt;b&gt;Ada&lt;/b&gt;</h1>');
    expect(html).toContain('<section id="details">\n<h2>Your details</h2>');
    expect(html).toContain('<p class="provenance">Made at position 7.</p>');
    expect(() => parse(html)).not.toThrow();
  });

  it('renders standalone HTML that parses, escapes text, and references nothing outside itself', () => {
    const i = input();
    i.pairEvents[1]!.data.context = 'Letters <script>alert(1)</script> came & went.';
    const html = toHtml(generate(i));
    const doc = parse(html);
    expect(doc.childNodes.some((n) => n.nodeName === 'html')).toBe(true);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; came &amp; went.');
    expect(html).not.toMatch(/<script|<link|src=|href=|url\(|@import/i);
    expect(html).toMatch(/<style>[\s\S]*@media print/);
  });

  it('lists a folder of case studies, each title as text linking its file, in Markdown and in HTML', () => {
    const index = {
      heading: 'Case studies',
      about: ['As the log stood at position 9.'],
      entries: [{ file: 'p1.md', title: 'Rehab <b>now</b> [sic](x) *fast*', contentHash: 'abc', standing: 'a draft not yet approved' }],
    };
    const md = new MarkdownIt({ html: true }).render(renderIndex(index, 'md'));
    expect(md).toContain('<li><a href="p1.md">Rehab &lt;b&gt;now&lt;/b&gt; [sic](x) *fast*</a>: a draft not yet approved. Content hash: <code>abc</code></li>');
    const html = renderIndex(index, 'html');
    expect(parse(html).childNodes.some((n) => n.nodeName === 'html')).toBe(true);
    expect(html).toContain('<li><a href="p1.md">Rehab &lt;b&gt;now&lt;/b&gt; [sic](x) *fast*</a>: a draft not yet approved.');
    expect(renderIndex({ ...index, entries: [] }, 'html')).toContain('<p>None.</p>');
  });

  it('gathers case studies into one document: headings a level down in Markdown, one article each in HTML', () => {
    const i = input();
    i.pairEvents[1]!.data.context = '# Not a heading, even a level down';
    const cs = generate(i);
    const collection = { heading: 'Published case studies', about: ['For the annual report.'], caseStudies: [cs, cs] };
    const md = renderCollection(collection, 'md');
    expect(md.startsWith('# Published case studies\n\nFor the annual report.\n\n## ')).toBe(true);
    expect(md.match(/^## /gm)).toHaveLength(2);
    expect(md.match(/^### /gm)).toHaveLength(2 * cs.sections.length);
    const html = new MarkdownIt({ html: true }).render(md);
    expect(html).not.toMatch(/<h\d>Not a heading/);
    const page = renderCollection(collection, 'html');
    expect(parse(page).childNodes.some((n) => n.nodeName === 'html')).toBe(true);
    expect(page.match(/<article>\n<h2>/g)).toHaveLength(2);
    expect(page.match(/<h3>/g)).toHaveLength(2 * cs.sections.length);
    expect(page).not.toMatch(/<script|<link|src=|href=|url\(|@import/i);
    // One alone keeps its own page as it was: the collection's styles are the collection's.
    expect(toHtml(cs)).not.toContain('article');
    expect(renderCollection({ ...collection, caseStudies: [] }, 'md')).toBe('# Published case studies\n\nFor the annual report.\n\nNone.\n');
  });
});
