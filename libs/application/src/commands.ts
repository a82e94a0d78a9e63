import type {
  AgreeAction,
  ChangeUserRole,
  CloseCohort,
  CorrectCohort,
  CompleteAction,
  ConcludePair,
  CorrectEntry,
  CorrectParticipantDetails,
  CreateUser,
  DefineInitiative,
  DropAction,
  EraseParticipant,
  FormPair,
  GiveConsent,
  IssueToken,
  OpenCohort,
  PausePair,
  ReachMilestone,
  RecordMeeting,
  RecordOutcome,
  RecordReflection,
  RegisterParticipant,
  ResumePair,
  RetractEntry,
  RevokeToken,
  WithdrawConsent,
  Acting,
} from '@pairtrail/domain';

/** The fields the application fills in itself: new ids (derived from the command id) and context. */
type Input<C extends { type: string; data: unknown }, Generated extends string = never> = {
  type: C['type'];
  data: Omit<C['data'], Generated>;
};

/**
 * A command as a caller (HTTP, CLI, demo) sends it to the application: no `today`, no context loaded
 * from other aggregates, and no ids for the things it creates.
 */
export type AppCommand =
  | Input<OpenCohort, 'cohortId'>
  | Input<CloseCohort>
  | Input<CorrectCohort>
  | Input<RegisterParticipant, 'participantId'>
  | Input<CorrectParticipantDetails>
  | Input<GiveConsent>
  | Input<WithdrawConsent>
  | Input<EraseParticipant>
  | Input<FormPair, 'pairId'>
  | Input<DefineInitiative>
  | Input<RecordMeeting, 'meetingId'>
  | Input<AgreeAction, 'actionId'>
  | Input<CompleteAction>
  | Input<DropAction>
  | Input<ReachMilestone, 'milestoneId'>
  | Input<RecordOutcome, 'outcomeId'>
  | Input<RecordReflection, 'reflectionId'>
  | (Input<CorrectEntry> & { by?: Acting })
  | (Input<RetractEntry> & { by?: Acting })
  | Input<PausePair>
  | Input<ResumePair>
  | Input<ConcludePair>
  | (Input<CreateUser, 'userId' | 'tokenId' | 'tokenHash'> & { data: { token?: string } })
  | Input<ChangeUserRole>
  | (Input<IssueToken, 'tokenId' | 'tokenHash'> & { data: { token?: string } })
  | Input<RevokeToken>
  | { type: 'ApproveCaseStudy'; data: { pairId: string; participantId: string; contentHash: string } }
  | { type: 'PublishCaseStudy'; data: { pairId: string; contentHash: string } }
  | { type: 'WithdrawCaseStudy'; data: { pairId: string; reason: string } }
  | { type: 'CarryOverCaseStudyVersion'; data: { pairId: string; contentHash: string; positionHere: string } };

export type AppCommandType = AppCommand['type'];

/** For each command that creates something, the id field the application derives from the command id. */
export const GENERATED_ID: Partial<Record<AppCommandType, string>> = {
  OpenCohort: 'cohortId',
  RegisterParticipant: 'participantId',
  FormPair: 'pairId',
  RecordMeeting: 'meetingId',
  AgreeAction: 'actionId',
  ReachMilestone: 'milestoneId',
  RecordOutcome: 'outcomeId',
  RecordReflection: 'reflectionId',
  CreateUser: 'userId',
};

/** Commands that create an aggregate (answered with 201 and a Location over HTTP). */
export const CREATES: ReadonlySet<AppCommandType> = new Set(['OpenCohort', 'RegisterParticipant', 'FormPair', 'CreateUser']);
