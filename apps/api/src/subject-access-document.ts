import { section, sentence, withArticle, type Section, type SectionedDocument } from '@pairtrail/case-studies';
import { longDate, type CalendarDate } from '@pairtrail/domain';
import type { SubjectAccessRecord } from './subject-access';

/** What each consent lets the programme do, in the words the person agreed to. */
const CONSENT_WORDS: Record<string, string> = {
  participation: 'to take part: your records may be kept',
  'case-study': "for your pair's work to appear in a case study",
  named: 'to be named in a case study, rather than described by your role',
  quotes: 'for your reflections to be quoted',
};
const PERSPECTIVE_WORDS: Record<string, string> = { 'lived-experience': 'a person with lived experience', professional: 'a professional' };

const words = (kebab: string) => kebab.replace(/-/g, ' ');
const dayOf = (instant: string) => longDate(instant.slice(0, 10) as CalendarDate);
const quoted = (text: string) => `“${text}”`;

type HeldPair = SubjectAccessRecord['pairs'][number];
type HeldEvent = SubjectAccessRecord['events'][number];

function details(record: SubjectAccessRecord): Section {
  const p = record.participant;
  if (p.erased)
    return section('details', 'Your details', {
      paragraphs: [
        'Your personal data was erased: your name, contact details, and the words you wrote or that were written about you can no longer be read by anyone. What remains is only what the programme’s figures count.',
      ],
    });
  const corrections = record.events
    .filter((e) => e.type === 'ParticipantDetailsCorrected')
    .map((e) => {
      const { corrected, reason } = e.data as { corrected: Record<string, unknown>; reason?: string };
      const changes = Object.entries(corrected).map(([field, value]) => `${words(field)} to ${value === null ? 'none' : quoted(String(value))}`);
      return `Corrected on ${dayOf(e.metadata.recordedAt as string)}: ${changes.join(', ')}${reason ? `, because ${quoted(reason)}` : ''}.`;
    });
  return section('details', 'Your details', {
    paragraphs:
      corrections.length > 0
        ? [`As they stand now; they were corrected ${corrections.length === 1 ? 'once' : `${corrections.length} times`}, listed after them.`]
        : [],
    items: [
      `Name: ${p.name}`,
      `Email: ${p.email ?? 'none recorded'}`,
      `Taking part as: ${PERSPECTIVE_WORDS[p.perspective]}`,
      `Role: ${p.role}`,
      `Organisation: ${p.organisation} (${words(p.organisationType ?? 'other')})`,
      `Registered on: ${longDate(p.registeredOn)}`,
      ...corrections,
    ],
  });
}

function consents(record: SubjectAccessRecord): Section {
  const titles = new Map(record.pairs.map((pair) => [pair.pairId, pair.title]));
  const given = record.events
    .filter((e) => e.type === 'ConsentGiven' || e.type === 'ConsentWithdrawn')
    .map((e: HeldEvent) => {
      const d = e.data as { scope: string; pairId?: string; on: CalendarDate; evidence?: string; reason?: string };
      const which = d.pairId ? `, for the pair ${quoted(titles.get(d.pairId) ?? d.pairId)} alone` : ', for every pair you are in';
      const act = e.type === 'ConsentGiven' ? 'You gave consent' : 'You withdrew consent';
      const evidence = d.evidence ? ` Evidence: ${d.evidence}.` : '';
      const reason = d.reason ? ` Reason: ${d.reason}.` : '';
      return `${longDate(d.on)}: ${act} ${CONSENT_WORDS[d.scope] ?? d.scope}${which}.${evidence}${reason}`;
    });
  return section('consents', 'What you consented to', {
    paragraphs: [given.length > 0 ? 'Each consent you gave or withdrew, in the order it was recorded.' : 'No consent of yours is recorded.'],
    items: given,
  });
}

function pairSection(pair: HeldPair): Section {
  const status =
    pair.status === 'concluded' && pair.concludedOn
      ? `The pair concluded its work on ${longDate(pair.concludedOn)}.`
      : `The pair's work is ${pair.status === 'paused' ? 'paused' : 'going on'}.`;
  const meetings = pair.meetingsAttended.map(
    (m) =>
      `${longDate(m.heldOn)}: ${withArticle(words(m.format))} meeting of ${m.durationMinutes} minutes, which you attended. Topics: ${m.topics.join('; ') || 'none recorded'}. Notes: ${m.notes ? sentence(m.notes) : 'none.'}`,
  );
  const actions = pair.actionsOwned.map((a) => {
    const due = a.dueOn ? `, due ${longDate(a.dueOn)}` : '';
    const closed = a.completed
      ? `; completed on ${longDate(a.completed.completedOn)}${a.completed.note ? `, noting ${quoted(a.completed.note)}` : ''}`
      : a.dropped
        ? `; dropped on ${longDate(a.dropped.droppedOn)}, because ${quoted(a.dropped.reason)}`
        : '';
    return `${longDate(a.agreedOn)}: an action of yours agreed, ${quoted(a.description)}${due}${closed}.`;
  });
  const reflections = pair.reflections.map(
    (r) =>
      `${longDate(r.recordedOn)}: your reflection, scoring the relationship ${r.relationshipScore} of 5${r.quotable ? ', offered for quotation' : ''}: ${quoted(r.text)}`,
  );
  const caseStudy =
    'none' in pair.caseStudy ? `It has no case study now: ${pair.caseStudy.none}` : `Its case study, as told now, is titled ${quoted(pair.caseStudy.title)}.`;
  const approvals = pair.caseStudyApprovals.map(
    (a) =>
      `You approved a version of its case study on ${dayOf(a.metadata.recordedAt as string)} (content hash ${String((a.data as { contentHash: string }).contentHash).slice(0, 12)}…).`,
  );
  return section(`pair-${pair.pairId}`, `Your pair: ${pair.title}`, {
    paragraphs: [
      `You were paired on ${longDate(pair.formedOn)}, as the ${words(pair.perspective)} partner, to ${pair.focus.charAt(0).toLowerCase()}${pair.focus.slice(1)} (${words(pair.serviceArea)}). ${status}`,
      `Recorded of you in it, as it stands now: ${[
        `${meetings.length} meeting${meetings.length === 1 ? '' : 's'} you attended`,
        `${actions.length} action${actions.length === 1 ? '' : 's'} of yours`,
        `${reflections.length} reflection${reflections.length === 1 ? '' : 's'} you wrote`,
      ].join(', ')}.`,
      caseStudy,
      ...approvals,
    ],
    items: [...meetings, ...actions, ...reflections],
  });
}

function signIns(record: SubjectAccessRecord): Section {
  if (record.users.length === 0)
    return section('sign-ins', 'Your sign-ins', { paragraphs: ['You have no sign-in of your own: others recorded what is held about you.'] });
  const paragraphs: string[] = [];
  const items: string[] = [];
  for (const user of record.users) {
    const created = user.events.find((e) => e.type === 'UserCreated');
    const tokens = user.events
      .filter((e) => e.type === 'TokenIssued' || e.type === 'TokenRevoked')
      .map((e) => `${e.type === 'TokenIssued' ? 'issued' : 'revoked'} on ${dayOf(e.metadata.recordedAt as string)}`);
    paragraphs.push(
      `A sign-in was made for you${created ? ` on ${dayOf(created.metadata.recordedAt as string)}` : ''}; its tokens (kept only as a fingerprint, never themselves): ${tokens.join(', ') || 'none'}. ${
        user.recorded.length === 0
          ? 'Nothing has been recorded with it.'
          : `With it, ${user.recorded.length} ${user.recorded.length === 1 ? 'entry was' : 'entries were'} recorded, listed below.`
      }`,
    );
    items.push(...user.recorded.map((row) => `${dayOf(row.recordedAt)}: ${row.summary}.`));
  }
  return section('sign-ins', 'Your sign-ins', { paragraphs, items });
}

/**
 * Everything held about a person, in words they can read (a subject access request is to be answered
 * "in a concise, transparent, intelligible and easily accessible form"): their details and how they were
 * corrected, each consent, each pair with what is recorded of them there, and their sign-ins. The data
 * itself, every event as recorded, is the JSON form of the same request.
 */
export function subjectAccessDocument(record: SubjectAccessRecord): SectionedDocument {
  const name = record.participant.erased ? 'an erased participant' : (record.participant.name ?? 'a participant');
  return {
    title: `What Pairtrail holds about ${name}`,
    sections: [
      section('about', 'About this record', {
        paragraphs: [
          `This is everything the programme's record, Pairtrail, holds about you, as recorded up to ${dayOf(record.exportedAt)}.`,
          'Nothing in the record is ever changed: a mistake is put right by a later entry, so where something was corrected, what was first recorded is kept too. The same request as data (JSON) lists every entry as it was recorded.',
        ],
      }),
      details(record),
      consents(record),
      ...(record.pairs.length > 0 ? record.pairs.map(pairSection) : [section('pairs', 'Your pairs', { paragraphs: ['You have not been in a pair.'] })]),
      signIns(record),
    ],
    closing: `Made from Pairtrail's event log up to position ${record.position}, at ${record.exportedAt}.`,
  };
}
