/** Where a pair's case study stands, in words a coordinator acts on. Pure, so tested without a browser. */
import { humanInstant } from './dates';

/** One item of `GET /case-studies`. */
export interface CaseStudyStanding {
  pairId: string;
  state: StandingGroup;
  publishable: string | null;
  title: string;
  current: { title: string; contentHash: string; approvedBy: string[] } | null;
  reason: string | null;
  published: { contentHash: string; publishedAt: string; current: boolean } | null;
  withdrawn: boolean;
}

/** What a coordinator does next with a case study: the groups the Case studies screen shows. */
export type StandingGroup = 'published' | 'ready' | 'approval' | 'none';

export const STANDING_GROUPS: { value: StandingGroup; label: string; colour: 'green' | 'blue' | 'yellow' | 'grey' }[] = [
  { value: 'approval', label: 'Waiting for approval', colour: 'yellow' },
  { value: 'ready', label: 'Ready to publish', colour: 'blue' },
  { value: 'published', label: 'Published', colour: 'green' },
  { value: 'none', label: 'No case study', colour: 'grey' },
];

/**
 * The group a case study is in (the API's `state`) and what to say of it: who has approved the version
 * told now and who has not, whether the published one is it, why there is none. `nameOf` names a partner
 * by participant id.
 */
export function standingOf(item: CaseStudyStanding, partners: [string, string], nameOf: (id: string) => string): { group: StandingGroup; said: string[] } {
  const said: string[] = [];
  if (!item.current) {
    // The API names a partner whose consent is missing by id; the screen by name.
    said.push((item.reason ?? 'None can be told.').replace(/ \(participant ([0-9a-f-]{36})\)/g, (_m, id: string) => ` (${nameOf(id)})`));
  } else if (item.state === 'published' && item.published) {
    said.push(`The version told now, published ${humanInstant(item.published.publishedAt)}.`);
  } else {
    const approved = partners.filter((id) => item.current!.approvedBy.includes(id));
    const waiting = partners.filter((id) => !approved.includes(id));
    // A version both approved before the latest entries (or a consent) changed the telling, and not the
    // one published: the coordinator may publish it, from the case study's versions.
    const earlier = item.publishable !== null && item.publishable !== item.current.contentHash;
    if (waiting.length === 0) said.push('Both partners have approved the case study as it is told now.');
    else if (approved.length === 0) said.push('Neither partner has approved the case study as it is told now.');
    else said.push(`${nameOf(approved[0]!)} has approved the case study as it is told now; waiting for ${nameOf(waiting[0]!)}.`);
    if (earlier)
      said.push('Both partners approved an earlier version, told before the latest entries or consents: it can be published from the case study’s versions.');
  }
  if (item.published && !item.published.current)
    said.push(`The version published ${humanInstant(item.published.publishedAt)} is not the one told now, and is still served.`);
  if (item.withdrawn)
    said.push(
      'Withdrawn from publication, which took back the approvals given before: nothing of it is served until both partners approve a version again and it is published.',
    );
  return { group: item.state, said };
}

/** One approval of a version, as `GET /case-studies/:pairId/versions` lists it. */
export interface VersionApproval {
  participantId: string;
  /** A later withdrawal of the case study took it back. */
  takenBack: boolean;
}

/**
 * Who approved a version, in words, and whether it can be read as approved: a version whose every
 * approval a withdrawal took back is not served until a partner approves it again.
 */
export function approvalsOf(approvals: VersionApproval[], nameOf: (id: string) => string): { said: string; readable: boolean } {
  const names = (ids: string[]) => [...new Set(ids)].map(nameOf).join(' and ');
  const standing = approvals.filter((a) => !a.takenBack).map((a) => a.participantId);
  const takenBack = approvals.filter((a) => a.takenBack && !standing.includes(a.participantId)).map((a) => a.participantId);
  const said = [
    standing.length ? `approved by ${names(standing)}` : takenBack.length ? 'not approved since the case study was withdrawn' : 'approved by nobody yet',
  ];
  const two = new Set(takenBack).size > 1;
  if (takenBack.length)
    said.push(`the earlier approval${two ? 's' : ''} of ${names(takenBack)} ${two ? 'were' : 'was'} taken back when the case study was withdrawn`);
  return { said: said.join('; '), readable: standing.length > 0 };
}

/** A telling of a case study, as far as its words go: its title and sections, not where it was told from. */
interface Told {
  title: string;
  sections: readonly { key: string; title: string }[];
}

/**
 * The latest version a partner's approval still stands on (by position), which a new telling is read
 * against; none when nothing approved stands.
 */
export function lastApproved<V extends { position: string; approvals: VersionApproval[] }>(versions: readonly V[]): V | undefined {
  return versions.filter((v) => v.approvals.some((a) => !a.takenBack)).sort((a, b) => (BigInt(a.position) < BigInt(b.position) ? 1 : -1))[0];
}

/**
 * What a partner would read anew in a case study told now, against a version they approved: the titles of
 * the sections whose words differ (or that one of them tells and the other does not), the title first if
 * it changed. None when only the record it is told from moved on, and with it its content hash.
 */
export function changedSections(approved: Told, now: Told): string[] {
  const earlier = new Map(approved.sections.map((section) => [section.key, JSON.stringify(section)]));
  const changed = approved.title === now.title ? [] : ['The title'];
  for (const section of now.sections) if (earlier.get(section.key) !== JSON.stringify(section)) changed.push(section.title);
  const toldNow = new Set(now.sections.map((section) => section.key));
  for (const section of approved.sections) if (!toldNow.has(section.key)) changed.push(`${section.title} (no longer told)`);
  return changed;
}
