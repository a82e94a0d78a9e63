import { deciderSpec } from '@pairtrail/testing';
import { RuleViolatedError, ValidationError } from '../shared/errors';
import { caseStudyDecider } from './case-study.decider';

const spec = deciderSpec(caseStudyDecider);
const today = '2026-03-01';
const hash = 'b'.repeat(64);
const partners: [string, string] = ['L', 'P'];
const approved = (by: string) => ({
  type: 'CaseStudyApproved' as const,
  data: { pairId: 'p', participantId: by, contentHash: hash, position: '10', rendering: 2 },
});
const fold = (events: { type: string; data: object }[]) =>
  events.reduce((folded, event, i) => caseStudyDecider.evolve(folded, { eventId: `e${i}`, ...event } as never), caseStudyDecider.initialState());
const published = { type: 'CaseStudyPublished' as const, data: { pairId: 'p', contentHash: hash, position: '10', publishedBy: 'u' } };

describe('case study decider', () => {
  it("records a partner's approval of a version once", () => {
    spec
      .given([])
      .when({ type: 'ApproveCaseStudy', today, data: { pairId: 'p', participantId: 'L', contentHash: hash }, position: '10', rendering: 2, partners })
      .then([approved('L')]);
    spec
      .given([approved('L')])
      .when({ type: 'ApproveCaseStudy', today, data: { pairId: 'p', participantId: 'L', contentHash: hash }, position: '10', rendering: 2, partners })
      .then([]);
    spec
      .given([])
      .when({ type: 'ApproveCaseStudy', today, data: { pairId: 'p', participantId: 'X', contentHash: hash }, position: '10', rendering: 2, partners })
      .thenThrows(ValidationError, /two partners/);
  });

  it("publishes only with both partners' approval of the same version", () => {
    spec
      .given([approved('L')])
      .when({ type: 'PublishCaseStudy', today, data: { pairId: 'p', contentHash: hash }, publishedBy: 'u', partners })
      .thenThrows(RuleViolatedError, /lacks approval from participant P/);
    spec
      .given([approved('L')])
      .when({ type: 'PublishCaseStudy', today, data: { pairId: 'p', contentHash: 'f'.repeat(64) }, publishedBy: 'u', partners })
      .thenThrows(RuleViolatedError, /^No one has approved a version with this contentHash, and publishing needs both partners' approval/);
    spec
      .given([approved('L'), approved('P')])
      .when({ type: 'PublishCaseStudy', today, data: { pairId: 'p', contentHash: hash }, publishedBy: 'u', partners })
      .then([published]);
    spec
      .given([approved('L'), approved('P'), published])
      .when({ type: 'PublishCaseStudy', today, data: { pairId: 'p', contentHash: hash }, publishedBy: 'u', partners })
      .thenThrows(RuleViolatedError, /already published/);
  });

  it('withdraws a published case study, or takes back the approvals before one is published; nothing else', () => {
    spec
      .given([approved('L'), approved('P'), published])
      .when({ type: 'WithdrawCaseStudy', today, data: { pairId: 'p', reason: 'not ready' } })
      .then([{ type: 'CaseStudyWithdrawn', data: { pairId: 'p', reason: 'not ready' } }]);
    spec
      .given([])
      .when({ type: 'WithdrawCaseStudy', today, data: { pairId: 'p', reason: 'x' } })
      .thenThrows(RuleViolatedError, /nothing to withdraw: no version of the case study is published or approved/);
    // Before publication, a partner who approved may change their mind: the withdrawal takes back the approvals.
    const early = { type: 'CaseStudyWithdrawn' as const, data: { pairId: 'p', reason: 'changed my mind' } };
    spec
      .given([approved('L')])
      .when({ type: 'WithdrawCaseStudy', today, data: { pairId: 'p', reason: 'changed my mind' } })
      .then([early]);
    spec
      .given([approved('L'), early])
      .when({ type: 'WithdrawCaseStudy', today, data: { pairId: 'p', reason: 'again' } })
      .thenThrows(RuleViolatedError, /nothing to withdraw/);
    spec
      .given([approved('L'), early, approved('P')])
      .when({ type: 'PublishCaseStudy', today, data: { pairId: 'p', contentHash: hash }, publishedBy: 'u', partners })
      .thenThrows(RuleViolatedError, /lacks approval from participant L\. The case study was withdrawn after that partner approved it/);
    // Nothing was published, so nothing was withdrawn from publication.
    expect(fold([approved('L'), early]).withdrawn).toBe(false);
    expect(fold([approved('L'), approved('P'), published, early]).withdrawn).toBe(true);
  });

  it('takes back every approval with a withdrawal: nothing is published again until the partners approve anew', () => {
    const withdrawn = { type: 'CaseStudyWithdrawn' as const, data: { pairId: 'p', reason: 'Pat asked' } };
    const publish = { type: 'PublishCaseStudy', today, data: { pairId: 'p', contentHash: hash }, publishedBy: 'u', partners } as const;
    const approve = (by: string) =>
      ({ type: 'ApproveCaseStudy', today, data: { pairId: 'p', participantId: by, contentHash: hash }, position: '10', rendering: 2, partners }) as const;
    spec
      .given([approved('L'), approved('P'), published, withdrawn])
      .when(publish)
      .thenThrows(
        RuleViolatedError,
        /lacks approval from participant L and P\. The case study was withdrawn after they approved it, which took the approval back/,
      );
    // Approvals of a version never published are taken back too.
    spec
      .given([approved('L'), approved('P'), published, withdrawn, approved('L')])
      .when(publish)
      .thenThrows(RuleViolatedError, /lacks approval from participant P\. The case study was withdrawn after that partner approved it/);
    // A partner who approved before may approve again, and once both have, it may be published.
    spec
      .given([approved('L'), approved('P'), published, withdrawn])
      .when(approve('L'))
      .then([approved('L')]);
    spec
      .given([approved('L'), approved('P'), published, withdrawn, approved('P'), approved('L')])
      .when(publish)
      .then([published]);
  });

  it('says once where a version approved on another log stands on this one, and regenerates it from there', () => {
    const carriedOver = { type: 'CaseStudyVersionCarriedOver' as const, data: { pairId: 'p', contentHash: hash, position: '10', positionHere: '26112' } };
    const carryOver = (positionHere: string, contentHash = hash) =>
      ({ type: 'CarryOverCaseStudyVersion', today, data: { pairId: 'p', contentHash, positionHere } }) as const;
    spec
      .given([approved('L'), approved('P'), published])
      .when(carryOver('26112'))
      .then([carriedOver]);
    spec
      .given([approved('L'), carriedOver])
      .when(carryOver('26112'))
      .then([]);
    spec
      .given([approved('L')])
      .when(carryOver('26112', 'f'.repeat(64)))
      .thenThrows(RuleViolatedError, /no approved version f+ to carry over/);
    spec
      .given([approved('L')])
      .when(carryOver('here'))
      .thenThrows(ValidationError, /positionHere/);
    const state = fold([approved('L'), carriedOver, approved('P')]);
    expect(state.versions[hash]).toEqual({ contentHash: hash, position: '10', rendering: 2, approvedBy: ['L', 'P'], takenBack: [], positionHere: '26112' });
  });
});
