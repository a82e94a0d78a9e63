import { checkCaseStudyFields, type CaseStudyCommand } from './case-study/case-study.decider';
import { checkCohortFields, type CohortCommand } from './cohort/cohort.decider';
import { checkPairFields, type PairCommand } from './pair/pair.decider';
import { checkParticipantFields, type ParticipantCommand } from './participant/participant.decider';
import { Checks } from './shared/checks';
import type { CalendarDate } from './shared/dates';
import type { FieldProblem } from './shared/errors';
import { checkUserFields, type UserCommand } from './user/user.decider';

/** Every command a decider takes. */
export type DomainCommand = PairCommand | ParticipantCommand | CohortCommand | UserCommand | CaseStudyCommand;
export type DomainCommandType = DomainCommand['type'];

type FieldCheck = (command: never, checks: Checks) => void;

/** Which decider's field checks judge each command. */
const FIELD_CHECKS: Record<DomainCommandType, FieldCheck> = {
  OpenCohort: checkCohortFields,
  CloseCohort: checkCohortFields,
  CorrectCohort: checkCohortFields,
  RegisterParticipant: checkParticipantFields,
  CorrectParticipantDetails: checkParticipantFields,
  GiveConsent: checkParticipantFields,
  WithdrawConsent: checkParticipantFields,
  EraseParticipant: checkParticipantFields,
  FormPair: checkPairFields,
  DefineInitiative: checkPairFields,
  RecordMeeting: checkPairFields,
  AgreeAction: checkPairFields,
  CompleteAction: checkPairFields,
  DropAction: checkPairFields,
  ReachMilestone: checkPairFields,
  RecordOutcome: checkPairFields,
  RecordReflection: checkPairFields,
  CorrectEntry: checkPairFields,
  RetractEntry: checkPairFields,
  PausePair: checkPairFields,
  ResumePair: checkPairFields,
  ConcludePair: checkPairFields,
  CreateUser: checkUserFields,
  ChangeUserRole: checkUserFields,
  IssueToken: checkUserFields,
  RevokeToken: checkUserFields,
  ApproveCaseStudy: checkCaseStudyFields,
  PublishCaseStudy: checkCaseStudyFields,
  WithdrawCaseStudy: checkCaseStudyFields,
  CarryOverCaseStudyVersion: checkCaseStudyFields,
};

/**
 * What the domain finds wrong with a command's own fields, before any stored state is read: the same
 * checks its decider makes first. The fields may hold anything (a body no one has checked), so an edge
 * that has found type errors of its own can list the domain's findings beside them.
 */
export function fieldProblems(type: DomainCommandType, data: Record<string, unknown>, today: CalendarDate): readonly FieldProblem[] {
  const checks = new Checks(today);
  FIELD_CHECKS[type]({ type, data, today } as never, checks);
  return checks.found();
}
