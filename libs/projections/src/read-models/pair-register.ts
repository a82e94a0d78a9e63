import { comparable } from '@pairtrail/domain';

/**
 * The programme's pairs as a spreadsheet, for a coordinator's papers (which pairs there are, who is in
 * each, where each stands): a row a pair, by its name as the Programme screen lists them.
 */

/** A pair as the register reads it: a pair's summary (`PairSummaryResource`), as far as its row needs. */
export interface RegisteredPair {
  pairId: string;
  cohortId: string;
  livedExperiencePartnerId: string;
  professionalPartnerId: string;
  focus: string;
  serviceArea: string;
  formedOn: string;
  status: string;
  concludedOn?: string;
  initiative?: { title: string };
  needsAttention: boolean;
  attentionReasons: string[];
  daysSinceLastMeeting: number | null;
  overdueActions: number;
  meetingsWithoutApproach: number;
}

/** One row of the register. */
export interface PairRegisterRow {
  /** Its initiative's title, or its focus until it defines one: the name its screens give it. */
  title: string;
  cohort: string;
  livedExperiencePartner: string;
  professionalPartner: string;
  serviceArea: string;
  focus: string;
  status: string;
  formedOn: string;
  concludedOn: string;
  needsAttention: boolean;
  /** Why, each condition of evaluation.md that holds: "no-recent-meeting; overdue-actions". */
  attentionReasons: string;
  daysSinceLastMeeting: number | null;
  overdueActions: number;
  meetingsWithoutApproach: number;
  pairId: string;
  cohortId: string;
}

/** A row of the kind, for the header of a register of no pair. */
export const NO_PAIR_REGISTER_ROW: PairRegisterRow = {
  title: '',
  cohort: '',
  livedExperiencePartner: '',
  professionalPartner: '',
  serviceArea: '',
  focus: '',
  status: '',
  formedOn: '',
  concludedOn: '',
  needsAttention: false,
  attentionReasons: '',
  daysSinceLastMeeting: null,
  overdueActions: 0,
  meetingsWithoutApproach: 0,
  pairId: '',
  cohortId: '',
};

/**
 * The register's rows, by title.
 * @param nameOf a partner's name as registered, or null once erased
 * @param cohortName a cohort's name
 */
export function pairRegister(
  pairs: readonly RegisteredPair[],
  nameOf: (participantId: string) => string | null,
  cohortName: (cohortId: string) => string,
): PairRegisterRow[] {
  const rows = pairs.map((p) => ({
    title: p.initiative?.title ?? p.focus,
    cohort: cohortName(p.cohortId),
    livedExperiencePartner: nameOf(p.livedExperiencePartnerId) ?? '[erased]',
    professionalPartner: nameOf(p.professionalPartnerId) ?? '[erased]',
    serviceArea: p.serviceArea,
    focus: p.focus,
    status: p.status,
    formedOn: p.formedOn,
    concludedOn: p.concludedOn ?? '',
    needsAttention: p.needsAttention,
    attentionReasons: p.attentionReasons.join('; '),
    daysSinceLastMeeting: p.daysSinceLastMeeting,
    overdueActions: p.overdueActions,
    meetingsWithoutApproach: p.meetingsWithoutApproach,
    pairId: p.pairId,
    cohortId: p.cohortId,
  }));
  const key = (r: PairRegisterRow) => `${comparable(r.title, { accents: 'ignored' })}|${r.pairId}`;
  return rows
    .map((row) => ({ key: key(row), row }))
    .sort((a, b) => (a.key < b.key ? -1 : 1))
    .map((k) => k.row);
}
