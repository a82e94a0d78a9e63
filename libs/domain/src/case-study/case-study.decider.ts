import { Checks } from '../shared/checks';
import { assertNever, type CommandBase, type Decider, type StoredEvent } from '../shared/decider';
import { RuleViolatedError, ValidationError } from '../shared/errors';
import type { CaseStudyEvent } from './case-study.events';

export type ApproveCaseStudy = CommandBase<'ApproveCaseStudy', { pairId: string; participantId: string; contentHash: string }> & {
  /** The version being approved: its position and rendering, found by regenerating it. */
  position: string;
  rendering: number;
  partners: [string, string];
};
export type PublishCaseStudy = CommandBase<'PublishCaseStudy', { pairId: string; contentHash: string }> & { publishedBy: string; partners: [string, string] };
export type WithdrawCaseStudy = CommandBase<'WithdrawCaseStudy', { pairId: string; reason: string }>;
/** Says where an approved version's position stands on this log, after the log was moved. */
export type CarryOverCaseStudyVersion = CommandBase<'CarryOverCaseStudyVersion', { pairId: string; contentHash: string; positionHere: string }>;
export type CaseStudyCommand = ApproveCaseStudy | PublishCaseStudy | WithdrawCaseStudy | CarryOverCaseStudyVersion;

export interface CaseStudyVersionState {
  contentHash: string;
  position: string;
  /** The wording it was generated in, and is regenerated in. */
  rendering: number;
  /**
   * The partners whose approval of it stands: given since the latest withdrawal of the case study. A
   * withdrawal takes back every approval given before it, so nothing is published again without the
   * partners approving anew.
   */
  approvedBy: string[];
  /** Partners whose approval of it a withdrawal took back. */
  takenBack: string[];
  /** For a version approved on the log this one was moved from: where its position stands on this log. */
  positionHere?: string;
}

export interface CaseStudyState {
  versions: Record<string, CaseStudyVersionState>;
  published: null | { contentHash: string; position: string };
  /** Whether the latest publication has since been withdrawn (a withdrawal before any publication takes back approvals only). */
  withdrawn: boolean;
}

const HASH = /^[0-9a-f]{64}$/;

/** The checks on a case-study command's own fields, which need no stored state. */
export function checkCaseStudyFields(command: CaseStudyCommand, checks: Checks): void {
  const hash = (value: unknown) => {
    if (!HASH.test(String(value))) checks.fail('contentHash', 'must be the SHA-256 contentHash of a case study version');
  };
  switch (command.type) {
    case 'ApproveCaseStudy':
      checks.text('participantId', command.data.participantId, { max: 100 });
      hash(command.data.contentHash);
      return;
    case 'PublishCaseStudy':
      hash(command.data.contentHash);
      return;
    case 'WithdrawCaseStudy':
      checks.text('reason', command.data.reason, { max: 20_000 });
      return;
    case 'CarryOverCaseStudyVersion':
      hash(command.data.contentHash);
      if (!/^\d+$/.test(command.data.positionHere)) checks.fail('positionHere', 'must be a log position');
      return;
    default:
      return assertNever(command);
  }
}

/** Approval, publication and withdrawal of a pair's case study. */
export const caseStudyDecider: Decider<CaseStudyCommand, CaseStudyEvent, CaseStudyState> = {
  initialState: () => ({ versions: {}, published: null, withdrawn: false }),

  decide(command, state) {
    const checks = new Checks(command.today);
    checkCaseStudyFields(command, checks);
    checks.done();
    const { pairId } = command.data;
    switch (command.type) {
      case 'ApproveCaseStudy': {
        const { participantId, contentHash } = command.data;
        if (!command.partners.includes(participantId))
          throw new ValidationError([{ field: 'participantId', message: "must be one of the pair's two partners" }]);
        if (state.versions[contentHash]?.approvedBy.includes(participantId)) return [];
        return [{ type: 'CaseStudyApproved', data: { pairId, participantId, contentHash, position: command.position, rendering: command.rendering } }];
      }
      case 'PublishCaseStudy': {
        const { contentHash } = command.data;
        const version = state.versions[contentHash];
        const missing = command.partners.filter((p) => !version?.approvedBy.includes(p));
        const takenBack = missing.filter((p) => version?.takenBack.includes(p));
        if (!version) {
          throw new RuleViolatedError(
            'approvals-missing',
            "No one has approved a version with this contentHash, and publishing needs both partners' approval. Each partner approves the version first (POST /case-studies/:pairId/approvals); GET /case-studies/:pairId/versions lists the approved ones.",
          );
        }
        if (missing.length > 0) {
          throw new RuleViolatedError(
            'approvals-missing',
            `Publishing needs both partners' approval of this version; it lacks approval from participant ${missing.join(' and ')}.` +
              (takenBack.length
                ? ` The case study was withdrawn after ${takenBack.length === 2 ? 'they' : 'that partner'} approved it, which took the approval back: it is published again only once approved anew.`
                : ''),
          );
        }
        if (state.published?.contentHash === contentHash && !state.withdrawn)
          throw new RuleViolatedError('already-published', 'This version is already published.');
        return [{ type: 'CaseStudyPublished', data: { pairId, contentHash, position: version.position, publishedBy: command.publishedBy } }];
      }
      case 'WithdrawCaseStudy':
        // A published case study is withdrawn from publication; before one is, a withdrawal takes back the
        // approvals given, so that a partner may change their mind before it is published.
        if ((!state.published || state.withdrawn) && !Object.values(state.versions).some((v) => v.approvedBy.length > 0))
          throw new RuleViolatedError('nothing-published', 'There is nothing to withdraw: no version of the case study is published or approved.');
        return [{ type: 'CaseStudyWithdrawn', data: { pairId, reason: command.data.reason } }];
      case 'CarryOverCaseStudyVersion': {
        const { contentHash, positionHere } = command.data;
        const version = state.versions[contentHash];
        if (!version) throw new RuleViolatedError('no-such-version', `Pair ${pairId}'s case study has no approved version ${contentHash} to carry over.`);
        // Carried over already (a migration run again): nothing new to say.
        if (version.positionHere === positionHere) return [];
        return [{ type: 'CaseStudyVersionCarriedOver', data: { pairId, contentHash, position: version.position, positionHere } }];
      }
      default:
        return assertNever(command);
    }
  },

  evolve(state, event: StoredEvent<CaseStudyEvent>) {
    switch (event.type) {
      case 'CaseStudyApproved': {
        const { contentHash, position, rendering, participantId } = event.data;
        const version = state.versions[contentHash] ?? { contentHash, position, rendering, approvedBy: [], takenBack: [] };
        return { ...state, versions: { ...state.versions, [contentHash]: { ...version, approvedBy: [...version.approvedBy, participantId] } } };
      }
      case 'CaseStudyPublished':
        return { ...state, published: { contentHash: event.data.contentHash, position: event.data.position }, withdrawn: false };
      case 'CaseStudyWithdrawn': {
        // Every approval given so far is taken back with it.
        const versions = Object.fromEntries(
          Object.entries(state.versions).map(([hash, v]) => [hash, { ...v, approvedBy: [], takenBack: [...new Set([...v.takenBack, ...v.approvedBy])] }]),
        );
        // Withdrawn from publication only if it ever was published.
        return { ...state, versions, withdrawn: state.published !== null };
      }
      case 'CaseStudyVersionCarriedOver': {
        const version = state.versions[event.data.contentHash];
        if (!version) return state;
        return { ...state, versions: { ...state.versions, [version.contentHash]: { ...version, positionHere: event.data.positionHere } } };
      }
      default:
        return assertNever(event);
    }
  },
};
