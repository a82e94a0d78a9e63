import {
  byLabel,
  changeDistribution,
  changeKnownOf,
  findIn,
  first,
  glimpse,
  latest,
  localToday,
  narrowed,
  showing,
  splitFor,
  wordsOf,
} from '../../apps/web/src/lists';

describe("the web app's long lists", () => {
  const pairs = [
    { title: 'Initiative 10', partners: 'Ann Lee and Raj Patel', area: 'cardiac' },
    { title: 'initiative 2', partners: 'Bo Chen and Sue Park', area: 'neuro-rehabilitation' },
    { title: 'Initiative 1', partners: 'Cat Diaz and Raj Kumar', area: 'Cardiac' },
  ];

  it('sorts as a reader does: any case, numbers by value', () => {
    expect(byLabel(pairs, (p) => p.title).map((p) => p.title)).toEqual(['Initiative 1', 'initiative 2', 'Initiative 10']);
    // A copy: the list it was given keeps its order.
    expect(pairs[0]!.title).toBe('Initiative 10');
  });

  it('finds rows holding every word typed, in any case and order, across their texts', () => {
    const titles = (typed: string) => findIn(pairs, typed, (p) => [p.title, p.partners, p.area]).map((p) => p.title);
    expect(titles('')).toHaveLength(3);
    expect(titles('  ')).toHaveLength(3);
    expect(titles('raj')).toEqual(['Initiative 10', 'Initiative 1']);
    expect(titles('CARDIAC kumar')).toEqual(['Initiative 1']);
    expect(titles('patel neuro')).toEqual([]);
    expect(findIn([{ a: null as string | null }], 'x', (r) => [r.a])).toEqual([]);
  });

  it('finds a name typed without its accents, or with another apostrophe, or keyed on a Mac', () => {
    const people = [{ name: 'Jos\u00e9 Garc\u00eda' }, { name: 'Siobh\u00e1n O\u2019Brien' }, { name: 'Ann Lee' }];
    const names = (typed: string) => findIn(people, typed, (p) => [p.name]).map((p) => p.name);
    expect(names('jose garcia')).toEqual(['Jos\u00e9 Garc\u00eda']);
    expect(names("o'brien")).toEqual(['Siobh\u00e1n O\u2019Brien']);
    expect(names('Siobha\u0301n')).toEqual(['Siobh\u00e1n O\u2019Brien']);
    expect(names('jos\u00e9 lee')).toEqual([]);
  });

  it('keeps a long story to its latest entries, in their order, and says how many came before', () => {
    const entries = Array.from({ length: 1344 }, (_, i) => i);
    expect(latest(entries, 50)).toEqual({ shown: entries.slice(1294), earlier: 1294 });
    expect(latest([1, 2, 3], 50)).toEqual({ shown: [1, 2, 3], earlier: 0 });
  });

  it('keeps a long list to its first rows, and says how many more there are', () => {
    const rows = Array.from({ length: 300 }, (_, i) => i);
    expect(first(rows, 50)).toEqual({ shown: rows.slice(0, 50), more: 250 });
    expect(first([1, 2, 3], 50)).toEqual({ shown: [1, 2, 3], more: 0 });
  });

  it('says into how many files of how many rows a CSV too large for one request goes', () => {
    const header = 'name,email,perspective,role,organisation,organisationType,registeredOn,consents,consentEvidence,consentOn';
    const rows = Array.from(
      { length: 2400 },
      (_, i) => `Person ${i},p${i}@example.org,lived-experience,carer,Group ${i % 50},patient-group,2025-01-01,participation,signed,2025-01-10`,
    );
    const text = `${[header, ...rows].join('\r\n')}\r\n`;
    const bytes = Buffer.byteLength(text);
    expect(bytes).toBeGreaterThan(256 * 1024);
    const { parts, rowsEach } = splitFor(text, bytes, 256 * 1024);
    expect({ parts, rowsEach }).toEqual({ parts: 2, rowsEach: 1200 });
    // Each part, with its header, goes in one request.
    expect(Buffer.byteLength([header, ...rows.slice(0, rowsEach)].join('\r\n'))).toBeLessThan(256 * 1024);
  });

  it('says how many rows show, and of how many', () => {
    expect(showing(12, 1000, 'pairs')).toBe('Showing 12 of 1,000 pairs');
    expect(showing(1000, 1000, 'pairs')).toBe('1,000 pairs');
  });

  it('counts partners by how far their relationship score moved, leaving out those without a change', () => {
    const pair = (livedExperience: number | null, professional: number | null) => ({
      relationship: { livedExperience: { change: livedExperience }, professional: { change: professional } },
    });
    const d = changeDistribution([pair(2, 1), pair(2, null), pair(-1, 0), pair(null, 4)]);
    expect(d.labels).toEqual(['−4', '−3', '−2', '−1', '0', '+1', '+2', '+3', '+4']);
    expect(d.livedExperience).toEqual([0, 0, 0, 1, 0, 0, 2, 0, 0]);
    expect(d.professional).toEqual([0, 0, 0, 0, 1, 1, 0, 0, 1]);
  });

  it('says of how many partners a relationship change is known, so that a mean over some is not read as over all', () => {
    const pair = (livedExperience: number | null, professional: number | null) => ({
      relationship: { livedExperience: { change: livedExperience }, professional: { change: professional } },
    });
    expect(changeKnownOf([pair(2, 1), pair(2, null), pair(-1, 0), pair(null, null)])).toBe(
      'A change is known for 5 of the 8 partners, those who have reflected at least twice; the mean relationship changes in the tables above are over them alone.',
    );
    expect(changeKnownOf([pair(0, 1)])).toBe('A change is known for every partner: each of the 2 partners has reflected at least twice.');
  });

  it("starts a form's date from the local day, not UTC's", () => {
    // 00:30 on 1 July in London is 23:30 on 30 June in UTC: a browser there has it so, whatever this machine's zone.
    const inLondon = { getFullYear: () => 2026, getMonth: () => 6, getDate: () => 1, toISOString: () => '2026-06-30T23:30:00.000Z' } as Date;
    expect(localToday(inLondon)).toBe('2026-07-01');
    expect(localToday(new Date(2026, 0, 9, 23, 59))).toBe('2026-01-09');
  });

  it("narrows a form's choices to those found, keeping the one chosen", () => {
    const people = [
      { value: 'a', label: 'Ada Lovelace, analyst' },
      { value: 'b', label: 'Bea Smith, nurse' },
      { value: 'c', label: 'Cal Jones, NURSE' },
    ];
    expect(narrowed(people, 'nurse', '').map((c) => c.value)).toEqual(['b', 'c']);
    expect(narrowed(people, 'nurse', 'a').map((c) => c.value)).toEqual(['a', 'b', 'c']);
    expect(narrowed(people, 'nurse', 'c').map((c) => c.value)).toEqual(['b', 'c']);
    expect(narrowed(people, '', '').map((c) => c.value)).toEqual(['a', 'b', 'c']);
    expect(narrowed(people, 'nobody', '')).toEqual([]);
  });

  it('writes a vocabulary slug as words, capitalised unless inside a sentence', () => {
    expect(wordsOf('new-models-of-care')).toBe('New models of care');
    expect(wordsOf('lived-experience', { inSentence: true })).toBe('lived experience');
    expect(wordsOf('cardiac')).toBe('Cardiac');
  });

  it('shows the start of a long text, cut at a word, and a short one whole', () => {
    expect(glimpse('David described the ten-week wait after his own brain injury.')).toBe('David described the ten-week wait after his own…');
    expect(glimpse('Short notes')).toBe('Short notes');
    expect(glimpse('x'.repeat(50))).toBe('x'.repeat(50));
    // No word's end in reach: cut where the room ends.
    expect(glimpse('y'.repeat(80))).toBe(`${'y'.repeat(49)}…`);
    expect(glimpse('Ward 7 pilot started, with twelve patients', 20)).toBe('Ward 7 pilot…');
  });
});
