import { approvalsOf, changedSections, lastApproved, standingOf, type CaseStudyStanding } from '../../apps/web/src/case-study-standing';

describe("where a pair's case study stands, in words", () => {
  const lived = '11111111-1111-4111-8111-111111111111';
  const pro = '22222222-2222-4222-8222-222222222222';
  const names: Record<string, string> = { [lived]: 'Margaret Hughes', [pro]: 'Dr Samir Patel' };
  const of = (item: Partial<CaseStudyStanding>) =>
    standingOf(
      {
        pairId: 'p',
        state: 'approval',
        publishable: null,
        title: 'Rehab',
        current: { title: 'Rehab', contentHash: 'h1', approvedBy: [] },
        reason: null,
        published: null,
        withdrawn: false,
        ...item,
      },
      [lived, pro],
      (id) => names[id]!,
    );
  // Midday UTC: the same day in any time zone the tests run in.
  const noon = '2026-03-03T12:00:00.000Z';

  it('waits for approval, naming who has approved and who has not', () => {
    expect(of({})).toEqual({ group: 'approval', said: ['Neither partner has approved the case study as it is told now.'] });
    expect(of({ current: { title: 'Rehab', contentHash: 'h1', approvedBy: [pro] } })).toEqual({
      group: 'approval',
      said: ['Dr Samir Patel has approved the case study as it is told now; waiting for Margaret Hughes.'],
    });
    expect(of({ state: 'ready', publishable: 'h1', current: { title: 'Rehab', contentHash: 'h1', approvedBy: [lived, pro] } })).toEqual({
      group: 'ready',
      said: ['Both partners have approved the case study as it is told now.'],
    });
  });

  it('is ready to publish when both approved an earlier version than the one told now, and says so', () => {
    expect(of({ state: 'ready', publishable: 'h0' })).toEqual({
      group: 'ready',
      said: [
        'Neither partner has approved the case study as it is told now.',
        'Both partners approved an earlier version, told before the latest entries or consents: it can be published from the case study’s versions.',
      ],
    });
  });

  it('is published when the version published is the one told now; says so when it is not', () => {
    expect(of({ state: 'published', published: { contentHash: 'h1', publishedAt: noon, current: true } })).toEqual({
      group: 'published',
      said: [expect.stringMatching(/^The version told now, published 3 March 2026, \d\d:\d\d\.$/)],
    });
    const changed = of({ published: { contentHash: 'h0', publishedAt: noon, current: false } });
    expect(changed.group).toBe('approval');
    expect(changed.said[1]).toMatch(/^The version published 3 March 2026, \d\d:\d\d is not the one told now, and is still served\.$/);
    expect(of({ withdrawn: true }).said).toContain(
      'Withdrawn from publication, which took back the approvals given before: nothing of it is served until both partners approve a version again and it is published.',
    );
  });

  it('says why there is none, naming the partner whose consent is missing rather than their id', () => {
    const none = of({
      state: 'none',
      current: null,
      reason: `There is no case study without case-study consent from both partners: the professional partner (participant ${pro}) has not given case-study consent.`,
    });
    expect(none).toEqual({
      group: 'none',
      said: [
        'There is no case study without case-study consent from both partners: the professional partner (Dr Samir Patel) has not given case-study consent.',
      ],
    });
  });

  it('says who approved a version, and whose approval a withdrawal took back, and reads it only while an approval stands', () => {
    const name = (id: string) => names[id]!;
    // Approvals in order, each [who, taken back by a later withdrawal].
    const of = (...approvals: [string, boolean][]) =>
      approvalsOf(
        approvals.map(([participantId, takenBack]) => ({ participantId, takenBack })),
        name,
      );
    expect(of([lived, false], [pro, false])).toEqual({ said: 'approved by Margaret Hughes and Dr Samir Patel', readable: true });
    expect(of([lived, true], [pro, true])).toEqual({
      said: 'not approved since the case study was withdrawn; the earlier approvals of Margaret Hughes and Dr Samir Patel were taken back when the case study was withdrawn',
      readable: false,
    });
    // Approved again by one partner: named once, as approving now; the other's approval taken back.
    expect(of([lived, true], [pro, true], [lived, false])).toEqual({
      said: 'approved by Margaret Hughes; the earlier approval of Dr Samir Patel was taken back when the case study was withdrawn',
      readable: true,
    });
    expect(of()).toEqual({ said: 'approved by nobody yet', readable: false });
  });
});

describe('what a partner would read anew since a version they approved', () => {
  const section = (key: string, title: string, paragraphs: string[]) => ({ key, title, paragraphs, items: [], quotes: [] });
  const approved = {
    title: 'No gap after the ward',
    sections: [section('the-pair', 'The pair', ['Paired on 15 October 2025.']), section('how-they-worked', 'How they worked together', ['They met 8 times.'])],
  };

  it('is nothing when only the record it is told from moved on', () => {
    expect(changedSections(approved, structuredClone(approved))).toEqual([]);
  });

  it('names each section whose words changed, one told now and not then, and one no longer told', () => {
    const now = {
      title: 'No gap after the ward',
      sections: [
        section('the-pair', 'The pair', ['Paired on 15 October 2025.']),
        section('how-they-worked', 'How they worked together', ['They met 9 times.']),
        section('in-their-words', 'In their words', []),
      ],
    };
    expect(changedSections(approved, now)).toEqual(['How they worked together', 'In their words']);
    expect(changedSections(now, approved)).toEqual(['How they worked together', 'In their words (no longer told)']);
    expect(changedSections(approved, { ...approved, title: 'Nobody waits after the ward' })).toEqual(['The title']);
  });

  it('reads against the latest version an approval still stands on', () => {
    const version = (contentHash: string, position: string, ...takenBack: boolean[]) => ({
      contentHash,
      position,
      approvals: takenBack.map((back) => ({ participantId: 'p', recordedAt: '2026-01-01T00:00:00Z', takenBack: back })),
    });
    expect(lastApproved([version('a', '9'), version('b', '120', false), version('c', '99', false), version('d', '130', true)])?.contentHash).toBe('b');
    expect(lastApproved([version('d', '130', true)])).toBeUndefined();
  });
});
