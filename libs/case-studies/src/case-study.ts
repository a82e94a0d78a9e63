import { createHash } from 'node:crypto';
import { canonicalize } from 'json-canonicalize';
import {
  APPROACHES,
  APPROACH_DESCRIPTIONS,
  fold,
  hasConsent,
  longDate,
  MONTH_NAMES,
  pairDecider,
  pairView,
  type CalendarDate,
  type ConsentScope,
  type Consents,
  type OrganisationType,
  type PairEvent,
  type ParticipantState,
  type PairView,
  type StoredEvent,
} from '@pairtrail/domain';

/** One event of the pair's stream, as the generator reads it. */
export interface CaseStudyEvent {
  eventId: string;
  type: string;
  data: Record<string, unknown>;
  position: string;
  recordedAt: string;
}

/**
 * The personal fields a case study tells, by event type (in the form of the domain's PERSONAL_FIELDS): a
 * partner's name (shown with `named` consent), an outcome's evidence and a reflection's words, as
 * recorded or as corrected. Regenerating from raw events opens only these; the rest (meeting notes,
 * emails, reasons) stay sealed and unread, and cost no decryption: in a pair of 1,000 events, most of it.
 */
export const CASE_STUDY_PERSONAL_FIELDS: Readonly<Record<string, readonly string[]>> = {
  ParticipantRegistered: ['name'],
  ParticipantDetailsCorrected: ['corrected.name'],
  OutcomeRecorded: ['evidence'],
  ReflectionRecorded: ['text'],
  PairConcluded: ['summary'],
  EntryCorrected: ['replacement.text', 'replacement.evidence', 'replacement.summary'],
};

/** A partner as the generator needs them: their state at the position, and today's consents. */
export interface CaseStudyPartner {
  /** The participant's state from their events up to the position. */
  state: ParticipantState;
  /** How many of their events were read, and the last one's position and recordedAt. */
  eventsUsed: number;
  lastPosition: string;
  lastRecordedAt: string;
  /** Today's consents and erasure: a withdrawal or erasure since the position still applies. */
  consentsNow: Consents;
  erasedNow: boolean;
}

/**
 * How a case study is worded. A version partners approved is regenerated in the wording they approved,
 * byte for byte, for as long as it stands: a wording once released never changes. Better wording is a
 * new rendering, and every older one stays here.
 * - 1: as first released.
 * - 2: a named partner's role and organisation set off by commas ("Joan Whitaker, Healthwatch
 *   representative at Healthwatch Northfield, was paired with"); an outcome's measure said as a sentence
 *   of its own ("Measure: starts within 4 weeks, from 38% to 55%."), where 1 began it in lower case.
 *   Its provenance names it (`rendering: 2`); 1's has no such field.
 * - 3: a partner it does not name is not named in the words it reproduces either. Where a partner has
 *   not consented to be named, their name (whole, or any word of it but a title or a month's name) and
 *   their organisation's name are replaced, in the focus, the initiative, meeting topics, outcomes and
 *   quoted reflections, by the words it describes them by ("the Healthwatch representative", "a local
 *   Healthwatch"): a partner's reflection "Joan asks the questions" no longer names the Joan it keeps
 *   unnamed.
 * - 4: the whole story, each part told once: the milestones the pair marked (a section of their own,
 *   between how they worked and what changed), each revision of their initiative (when, and why) under
 *   the challenge, and a concluded pair's closing summary after the date it concluded; the approaches
 *   they practised are listed once, under what others can learn, each with an
 *   example meeting, where 1 to 3 listed them under how they worked too.
 */
export const RENDERINGS = [1, 2, 3, 4] as const;
export type Rendering = (typeof RENDERINGS)[number];
/** The rendering new case studies are generated in. */
export const CURRENT_RENDERING: Rendering = 4;

export interface CaseStudyInput {
  pairId: string;
  pairEvents: CaseStudyEvent[];
  partners: Record<string, CaseStudyPartner>;
  asOf?: CalendarDate | null;
  /** The wording; the current one unless regenerating a version approved in another. */
  rendering?: Rendering;
  /** The position to state, for a version approved on another log (see `caseStudyFromView`). */
  statedPosition?: string;
}

/** A part of a case study: its paragraphs, then its list items and the quotes its partners consented to. */
export interface Section {
  key: string;
  title: string;
  paragraphs: string[];
  items: string[];
  quotes: { text: string; by: string }[];
}

/**
 * A pair's case study, told from its events under its partners' consents. `asOf` is the date it was told
 * as of (null: as things stand); `provenance` says what it was told from, and its SHA-256.
 */
export interface CaseStudy {
  pairId: string;
  title: string;
  asOf: CalendarDate | null;
  sections: Section[];
  provenance: { position: string; generatedAt: string; contentHash: string; eventsUsed: number; rendering?: Rendering };
}

/** A case study, or why there is none; `notYet` when the pair had not been formed at the moment asked for. */
export type Generated = { ok: true; caseStudy: CaseStudy } | { ok: false; reason: string; notYet?: true };

/** What a case study told now is known by where it stands: its title and content hash, or why none can be told. */
export type Told = { ok: true; title: string; contentHash: string } | { ok: false; reason: string };

/** The title and content hash of a case study told, or why none could be. */
export const toldOf = (generated: Generated): Told =>
  generated.ok
    ? { ok: true, title: generated.caseStudy.title, contentHash: generated.caseStudy.provenance.contentHash }
    : { ok: false, reason: generated.reason };

const monthYear = (date: CalendarDate): string => `${MONTH_NAMES[Number(date.slice(5, 7)) - 1]} ${date.slice(0, 4)}`;

const ORGANISATION_TYPES: Record<OrganisationType, string> = {
  'acute-trust': 'an acute trust',
  'community-trust': 'a community trust',
  'mental-health-trust': 'a mental health trust',
  'primary-care': 'a primary care service',
  commissioner: 'a commissioning organisation',
  'local-authority': 'a local authority',
  healthwatch: 'a local Healthwatch',
  'voluntary-group': 'a voluntary group',
  'patient-group': 'a patient group',
  other: 'a local organisation',
};
/** Words after "a" or "an", as they begin: "an in person meeting". */
export const withArticle = (text: string) => `${/^[aeiou]/i.test(text) ? 'an' : 'a'} ${text}`;
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const SCORE_LABELS: Record<number, string> = {
  1: '"them and us"',
  2: 'wary colleagues',
  3: 'working together',
  4: 'close collaborators',
  5: '"equal partners"',
};
const CATEGORY_LABELS: Record<string, string> = {
  'service-change': 'Service change',
  'new-model-of-care': 'New model of care',
  'patient-experience': 'Patient experience',
  'staff-practice': 'Staff practice',
  policy: 'Policy',
  relationship: 'Relationship',
  other: 'Other',
};
const SPREAD_LABELS: Record<string, string> = {
  pair: 'within the pair',
  team: 'across a team',
  organisation: 'across the organisation',
  system: 'across the local system',
};

/** The consent a partner gives for this pair, now and as it stood at the position. */
function consents(partner: CaseStudyPartner, pairId: string, scope: ConsentScope): boolean {
  if (partner.erasedNow || partner.state.erased) return false;
  return hasConsent(partner.state.consents, scope, pairId) && hasConsent(partner.consentsNow, scope, pairId);
}

/**
 * How a partner is named: by name with `named` consent, otherwise by role and organisation type only.
 * `full` ends with a comma from rendering 2 when it is a name with its role set off after it.
 */
function describe(partner: CaseStudyPartner, pairId: string, rendering: Rendering): { full: string; short: string } {
  const details = partner.state.details!;
  if (consents(partner, pairId, 'named')) {
    return { full: `${details.name}, ${details.role} at ${details.organisation}${rendering >= 2 ? ',' : ''}`, short: details.name };
  }
  const role = withArticle(details.role);
  return { full: `${role} at ${ORGANISATION_TYPES[details.organisationType]}`, short: role.replace(/^a(n)? /, 'the ') };
}

/** Titles, which go with a name but do not identify its bearer on their own. */
const TITLES = ['Dr', 'Mr', 'Mrs', 'Ms', 'Miss', 'Mx', 'Prof', 'Professor', 'Sir', 'Dame', 'Rev', 'Revd', 'Cllr', 'Lord', 'Lady'];
/** Words of a name that do not identify its bearer on their own: titles, and names that are months' too. */
const NOT_IDENTIFYING = new Set<string>([...TITLES, ...MONTH_NAMES]);
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Rewrites free text so that it does not name a partner the case study keeps unnamed (rendering 3): their
 * organisation's name, their whole name and each word of it that identifies them, as whole words and in
 * their own capitals, become the words the case study describes them by, capitalised to begin a sentence.
 */
function unnaming(partners: { partner: CaseStudyPartner; short: string }[]): (text: string) => string {
  const swaps = partners.flatMap(({ partner, short }) => {
    const { name, organisation, organisationType } = partner.state.details!;
    const identifying = (w: string) => w.length > 1 && !NOT_IDENTIFYING.has(w.replace(/\.$/, ''));
    const words = name.split(/\s+/).filter(identifying);
    // Each part of a double-barrelled name identifies them too ("Smith-Jones": "Smith", "Jones").
    const parts = words.flatMap((w) => w.split('-')).filter(identifying);
    return [
      { names: [organisation], as: ORGANISATION_TYPES[organisationType] },
      // The whole name, it without its titles, then each word and part that identifies them: the longest
      // first, so that a name is put whole rather than word by word.
      { names: [name, words.join(' '), ...words, ...parts].sort((a, b) => b.length - a.length), as: short },
    ].map((swap) => ({ ...swap, names: [...new Set(swap.names.map((n) => n.trim()).filter(Boolean))] }));
  });
  const rules = swaps
    .filter((swap) => swap.names.length > 0)
    .map((swap) => ({
      // A title before a name goes with it: "Dr Aisha" is "the consultant", not "Dr the consultant".
      pattern: new RegExp(`(?<![\\p{L}\\p{N}])(?:(?:${TITLES.join('|')})\\.?\\s+)?(?:${swap.names.map(escape).join('|')})(?![\\p{L}\\p{N}])`, 'gu'),
      as: swap.as,
    }));
  return (text) =>
    rules.reduce(
      (out, { pattern, as }) =>
        out.replace(pattern, (_match, offset: number, whole: string) => (/(^|[.!?]\s+)$/.test(whole.slice(0, offset)) ? capitalise(as) : as)),
      text,
    );
}

/** The view with every free text the case study reproduces rewritten by `rewrite`. */
function rewriteView(view: CaseStudyView, rewrite: (text: string) => string): CaseStudyView {
  return {
    ...view,
    focus: rewrite(view.focus),
    ...(view.initiative
      ? {
          initiative: {
            ...view.initiative,
            title: rewrite(view.initiative.title),
            aim: rewrite(view.initiative.aim),
            context: rewrite(view.initiative.context),
            successMeasures: view.initiative.successMeasures.map(rewrite),
          },
        }
      : {}),
    meetings: view.meetings.map((m) => ({ ...m, topics: m.topics.map(rewrite) })),
    milestones: view.milestones.map((m) => ({ ...m, description: rewrite(m.description) })),
    initiativeRevisions: view.initiativeRevisions.map((r) => ({ ...r, reason: rewrite(r.reason) })),
    ...(view.concludedSummary === undefined ? {} : { concludedSummary: rewrite(view.concludedSummary) }),
    outcomes: view.outcomes.map((o) => ({
      ...o,
      description: rewrite(o.description),
      ...(o.evidence === undefined ? {} : { evidence: rewrite(o.evidence) }),
      ...(o.measure ? { measure: { ...o.measure, name: rewrite(o.measure.name) } } : {}),
    })),
    reflections: view.reflections.map((r) => ({ ...r, text: rewrite(r.text) })),
  };
}

/** The pair's current view as a case study reads it: its facts' list is not needed. */
export type CaseStudyView = Omit<PairView, 'facts'>;

/** What a case study's provenance says of the pair's own events: how many, and the last one. */
export interface PairEventsRead {
  count: number;
  lastPosition: string;
  lastRecordedAt: string;
}

/**
 * A pair's case study, regenerated from its events and its partners' consents alone. The same input
 * always gives byte-identical output: nothing here reads a clock or depends on the machine.
 */
export function generateCaseStudy(input: CaseStudyInput): Generated {
  const { pairId } = input;
  const state = fold(
    pairDecider,
    input.pairEvents.map((e) => ({ eventId: e.eventId, type: e.type, data: e.data }) as StoredEvent<PairEvent>),
  );
  if (!state.exists) return { ok: false, reason: `Pair ${pairId} has no events to tell.`, notYet: true };
  const view = input.asOf ? pairView(state, { asOf: input.asOf }) : pairView(state);
  if (!view) return { ok: false, reason: `Pair ${pairId} had not been formed by ${input.asOf}.`, notYet: true };
  const last = input.pairEvents.reduce((a, b) => (BigInt(b.position) > BigInt(a.position) ? b : a));
  return caseStudyFromView({
    pairId,
    view,
    asOf: input.asOf ?? null,
    partners: input.partners,
    pairEvents: { count: input.pairEvents.length, lastPosition: last.position, lastRecordedAt: last.recordedAt },
    rendering: input.rendering,
    ...(input.statedPosition === undefined ? {} : { statedPosition: input.statedPosition }),
  });
}

/**
 * A pair's case study from its view as folded from its events: what `generateCaseStudy` gives for the
 * events the view was folded from. A read model that keeps each pair's current view tells the live case
 * study without folding the pair again.
 */
export function caseStudyFromView(input: {
  pairId: string;
  view: CaseStudyView;
  asOf: CalendarDate | null;
  partners: Record<string, CaseStudyPartner>;
  pairEvents: PairEventsRead;
  rendering?: Rendering;
  /**
   * The position to state, for a version approved on a log this one was moved from: the events read are
   * the same, at other positions, and the version must stay byte-identical to what was approved.
   */
  statedPosition?: string;
}): Generated {
  const { pairId, view: told } = input;
  const rendering = input.rendering ?? CURRENT_RENDERING;
  const lep = input.partners[told.livedExperiencePartnerId];
  const pro = input.partners[told.professionalPartnerId];
  if (!lep || !pro) return { ok: false, reason: `A partner of pair ${pairId} is not registered.` };
  // What stands in the way, partner by partner, so whoever chases it knows what to ask for.
  const missing = (
    [
      ['lived-experience partner', told.livedExperiencePartnerId, lep],
      ['professional partner', told.professionalPartnerId, pro],
    ] as const
  ).flatMap(([label, id, p]) => {
    const who = `the ${label} (participant ${id})`;
    if (p.erasedNow || p.state.erased) return [`${who} was erased`];
    if (!consents(p, pairId, 'participation')) return [`${who} does not consent to take part`];
    return consents(p, pairId, 'case-study') ? [] : [`${who} has not given case-study consent`];
  });
  if (missing.length > 0) return { ok: false, reason: `There is no case study without case-study consent from both partners: ${missing.join(', and ')}.` };

  const people = { lep: describe(lep, pairId, rendering), pro: describe(pro, pairId, rendering) };
  const unnamed = [
    { partner: lep, short: people.lep.short },
    { partner: pro, short: people.pro.short },
  ].filter(({ partner }) => !consents(partner, pairId, 'named'));
  const view = rendering >= 3 && unnamed.length > 0 ? rewriteView(told, unnaming(unnamed)) : told;
  const sections = [
    thePair(view, people, rendering),
    theChallenge(view, rendering),
    howTheyWorked(view, rendering),
    ...(rendering >= 4 ? [milestones(view)] : []),
    whatChanged(view, rendering),
    inTheirWords(view, { [view.livedExperiencePartnerId]: [lep, people.lep], [view.professionalPartnerId]: [pro, people.pro] }),
    theRelationship(view, people),
    whatOthersCanLearn(view, rendering),
  ];

  const reads = [
    { position: BigInt(input.pairEvents.lastPosition), recordedAt: input.pairEvents.lastRecordedAt },
    ...[lep, pro].map((p) => ({ position: BigInt(p.lastPosition), recordedAt: p.lastRecordedAt })),
  ];
  const latest = reads.reduce((a, b) => (b.position > a.position ? b : a));
  const body = {
    pairId,
    title: view.initiative?.title ?? view.focus,
    asOf: input.asOf,
    sections,
    provenance: {
      position: input.statedPosition ?? latest.position.toString(),
      generatedAt: latest.recordedAt,
      eventsUsed: input.pairEvents.count + lep.eventsUsed + pro.eventsUsed,
      ...(rendering >= 2 ? { rendering } : {}),
    },
  };
  const contentHash = createHash('sha256').update(canonicalize(body)).digest('hex');
  return { ok: true, caseStudy: { ...body, provenance: { ...body.provenance, contentHash } } };
}

/** A section of a document told in sections: its key and title, and whichever of its parts it has. */
export const section = (key: string, title: string, parts: Partial<Omit<Section, 'key' | 'title'>>): Section => ({
  key,
  title,
  paragraphs: [],
  items: [],
  quotes: [],
  ...parts,
});

function thePair(view: CaseStudyView, people: { lep: { full: string }; pro: { full: string } }, rendering: Rendering): Section {
  const summary = rendering >= 4 && view.concludedSummary ? ` Their closing summary: ${sentence(view.concludedSummary)}` : '';
  const status =
    view.status === 'concluded'
      ? `The pair concluded their work on ${longDate(view.concludedOn!)}.${summary}`
      : view.status === 'paused'
        ? 'Their work is paused for now.'
        : 'Their work is ongoing.';
  return section('the-pair', 'The pair', {
    paragraphs: [
      `${capitalise(people.lep.full)} was paired with ${people.pro.full} on ${longDate(view.formedOn)}. Together they set out to ${lowerFirst(view.focus)}.`,
      status,
    ],
  });
}

function theChallenge(view: CaseStudyView, rendering: Rendering): Section {
  if (!view.initiative) return section('the-challenge', 'The challenge', { paragraphs: [`The pair's focus: ${view.focus}.`] });
  // How the aim came to be what it is: from rendering 4, each revision, when and why.
  const revisions = rendering >= 4 ? view.initiativeRevisions.map((r) => `They revised their initiative on ${longDate(r.on)}: ${sentence(r.reason)}`) : [];
  return section('the-challenge', 'The challenge', {
    paragraphs: [view.initiative.context, `Their aim: ${view.initiative.aim}`, ...revisions],
    items: view.initiative.successMeasures.map((m) => `Success measure: ${m}`),
  });
}

/** The meetings in the order they were held. */
const byHeldOn = (view: CaseStudyView) => [...view.meetings].sort((a, b) => (a.heldOn < b.heldOn ? -1 : a.heldOn > b.heldOn ? 1 : 0));

/** Each approach practised: in how many meetings, and the first of them by its first topic and month. */
function approachesPractised(view: CaseStudyView, howMany: (meetings: number) => string): string[] {
  const meetings = byHeldOn(view);
  return APPROACHES.flatMap((approach) => {
    const tagged = meetings.filter((m) => m.approaches.includes(approach));
    if (tagged.length === 0) return [];
    const example = tagged[0]!;
    const topic = example.topics[0] ? `"${example.topics[0]}"` : `a ${example.format.replace('-', ' ')} meeting`;
    return [`${capitalise(APPROACH_DESCRIPTIONS[approach])}: ${howMany(tagged.length)}; for example, ${topic} (${monthYear(example.heldOn)}).`];
  });
}

function howTheyWorked(view: CaseStudyView, rendering: Rendering): Section {
  const meetings = byHeldOn(view);
  if (meetings.length === 0) return section('how-they-worked', 'How they worked together', { paragraphs: ['They have not yet recorded a meeting.'] });
  const minutes = meetings.reduce((s, m) => s + m.durationMinutes, 0);
  const formats = new Map<string, number>();
  for (const m of meetings) formats.set(m.format, (formats.get(m.format) ?? 0) + 1);
  const formatText = [...formats.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([f, n]) => `${n} ${f.replace('-', ' ')}`)
    .join(', ');
  const completed = view.actions.filter((a) => a.completed).length;
  // From rendering 4 the approaches are told once, under what others can learn.
  const items = rendering >= 4 ? [] : approachesPractised(view, (n) => plural(n, 'meeting'));
  return section('how-they-worked', 'How they worked together', {
    paragraphs: [
      `They met ${plural(meetings.length, 'time')} between ${longDate(meetings[0]!.heldOn)} and ${longDate(meetings[meetings.length - 1]!.heldOn)}, spending ${hours(minutes)} together (${formatText}).`,
      `They agreed ${plural(view.actions.length, 'action')} and completed ${completed}.`,
    ],
    items,
  });
}

function milestones(view: CaseStudyView): Section {
  if (view.milestones.length === 0) return section('milestones', 'Milestones', { paragraphs: ['No milestones are recorded yet.'] });
  const reached = [...view.milestones].sort((a, b) => (a.reachedOn < b.reachedOn ? -1 : a.reachedOn > b.reachedOn ? 1 : 0));
  return section('milestones', 'Milestones', {
    paragraphs: [`They marked ${plural(reached.length, 'milestone')} along the way.`],
    items: reached.map((m) => `${longDate(m.reachedOn)}: ${sentence(m.description)}`),
  });
}

/** An outcome's measure, as a sentence after the outcome's. */
function measureText(measure: NonNullable<CaseStudyView['outcomes'][number]['measure']>, rendering: Rendering): string {
  const { name, baseline, value, unit } = measure;
  if (rendering === 1) return ` ${name}: ${baseline} → ${value} ${unit}.`;
  const amount = (n: number) => (unit === '%' ? `${n}%` : unit ? `${n} ${unit}` : String(n));
  return ` Measure: ${name}, from ${amount(baseline)} to ${amount(value)}.`;
}

function whatChanged(view: CaseStudyView, rendering: Rendering): Section {
  if (view.outcomes.length === 0) return section('what-changed', 'What changed', { paragraphs: ['No outcomes are recorded yet.'] });
  const outcomes = [...view.outcomes].sort((a, b) => (a.category < b.category ? -1 : a.category > b.category ? 1 : a.recordedOn < b.recordedOn ? -1 : 1));
  return section('what-changed', 'What changed', {
    paragraphs: [`They recorded ${plural(outcomes.length, 'outcome')}.`],
    items: outcomes.map((o) => {
      const measure = o.measure ? measureText(o.measure, rendering) : '';
      const evidence = o.evidence ? ` Evidence: ${o.evidence}.` : '';
      return `${CATEGORY_LABELS[o.category]}: ${o.description}, spreading ${SPREAD_LABELS[o.spread]} (${longDate(o.recordedOn)}).${measure}${evidence}`;
    }),
  });
}

function inTheirWords(view: CaseStudyView, partners: Record<string, [CaseStudyPartner, { short: string }]>): Section {
  const quotes = view.reflections
    .filter((r) => r.quotable && consents(partners[r.participantId]![0], view.pairId, 'quotes'))
    .sort((a, b) => (a.recordedOn < b.recordedOn ? -1 : a.recordedOn > b.recordedOn ? 1 : 0))
    .map((r) => ({ text: r.text, by: `${capitalise(partners[r.participantId]![1].short)}, ${monthYear(r.recordedOn)}` }));
  return section('in-their-words', 'In their words', quotes.length > 0 ? { quotes } : { paragraphs: ['No reflections are offered for quotation.'] });
}

function theRelationship(view: CaseStudyView, people: { lep: { short: string }; pro: { short: string } }): Section {
  const movement = (participantId: string, who: string) => {
    const scores = view.reflections
      .filter((r) => r.participantId === participantId)
      .sort((a, b) => (a.recordedOn < b.recordedOn ? -1 : a.recordedOn > b.recordedOn ? 1 : 0))
      .map((r) => r.relationshipScore);
    if (scores.length === 0) return `${capitalise(who)} has not yet scored the relationship.`;
    const first = scores[0]!;
    const latest = scores[scores.length - 1]!;
    if (scores.length === 1) return `${capitalise(who)} scored the relationship ${first} of 5 (${SCORE_LABELS[first]}).`;
    const direction = latest > first ? 'moved from' : latest < first ? 'fell from' : 'stayed at';
    return latest === first
      ? `${capitalise(who)}'s score ${direction} ${first} of 5 (${SCORE_LABELS[first]}).`
      : `${capitalise(who)}'s score ${direction} ${first} (${SCORE_LABELS[first]}) to ${latest} of 5 (${SCORE_LABELS[latest]}).`;
  };
  return section('the-relationship', 'The relationship', {
    paragraphs: [
      'Each partner scores the relationship from 1, "them and us", to 5, "equal partners".',
      movement(view.livedExperiencePartnerId, people.lep.short),
      movement(view.professionalPartnerId, people.pro.short),
    ],
  });
}

function whatOthersCanLearn(view: CaseStudyView, rendering: Rendering): Section {
  const counts = APPROACHES.map((a) => [a, view.meetings.filter((m) => m.approaches.includes(a)).length] as const);
  const practised = counts.filter(([, n]) => n > 0);
  const untried = counts.filter(([, n]) => n === 0);
  const items =
    rendering >= 4
      ? approachesPractised(view, (n) => `practised in ${plural(n, 'meeting')}`)
      : practised.map(([a, n]) => `${capitalise(APPROACH_DESCRIPTIONS[a])}: practised in ${plural(n, 'meeting')}.`);
  return section('what-others-can-learn', 'What others can learn', {
    paragraphs: [
      'The programme names five approaches that help a lived-experience partner and a professional move from "them and us" to working as equals.',
      ...(untried.length > 0 ? [`Not yet practised here: ${untried.map(([a]) => APPROACH_DESCRIPTIONS[a]).join('; ')}.`] : []),
    ],
    items,
  });
}

const hours = (minutes: number) => {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return [h > 0 ? plural(h, 'hour') : '', m > 0 ? plural(m, 'minute') : ''].filter(Boolean).join(' and ');
};
/** Free text as a sentence: ending as it ends if it ends a sentence, otherwise with a full stop. */
export const sentence = (text: string) => (/[.!?…"')\]]$/.test(text.trim()) ? text.trim() : `${text.trim()}.`);
const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
const lowerFirst = (text: string) => (/^[A-Z][a-z]/.test(text) ? text.charAt(0).toLowerCase() + text.slice(1) : text);
