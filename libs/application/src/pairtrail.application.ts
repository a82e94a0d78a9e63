import { randomBytes } from 'node:crypto';
import {
  caseStudyDecider,
  cohortDecider,
  dateInZone,
  participantDecider,
  pairDecider,
  pairView,
  partnersOf,
  userDecider,
  type CalendarDate,
  type Decider,
  type DomainEvent,
  type ParticipantLookup,
  type ParticipantState,
} from '@pairtrail/domain';
import {
  canonicalHash,
  deriveId,
  eventIdFor,
  handleCommand,
  loadState,
  sha256,
  KeptStreams,
  StateCache,
  type CommandEnvelope,
  type CommandHandlingContext,
  type CommandOutcome,
  type EventSerializer,
  type EventStore,
  type HandleOptions,
} from '@pairtrail/event-store';
import { CaseStudies } from './case-studies';
import { UUID, requireUuid, streams } from './streams';
import { GENERATED_ID, type AppCommand } from './commands';

export interface ApplicationOptions {
  store: EventStore;
  serializer: EventSerializer;
  /** The programme's time zone, in which every calendar date is read. */
  timeZone?: string;
  clock?: () => Date;
}

/** What a write returns (api.md): the id of what it made or changed, and where the log now stands. */
export interface WriteResult {
  id: string;
  stream: string;
  revision: bigint;
  position: bigint;
  replayed: boolean;
  /** A token issued by this command, shown once (never on a replay: only its hash is kept). */
  token?: string;
  tokenId?: string;
  outcome: CommandOutcome;
}

/** A fresh bearer token: 32 random bytes, base64url. */
export const newToken = (): string => randomBytes(32).toString('base64url');

/**
 * The write side of Pairtrail: routes each command to its aggregate's stream, loads the context other
 * aggregates must supply (a pair's partners, a meeting's attendees), derives new ids from the command
 * id so a retry creates nothing twice, and hands over to `handleCommand`.
 */
export class PairtrailApplication {
  readonly store: EventStore;
  readonly serializer: EventSerializer;
  readonly timeZone: string;
  /** Streams folded by earlier commands: a command reads only what was appended since. */
  readonly states = new StateCache();
  /** Whole streams read before, for case studies regenerated from raw events: read on from where they ended. */
  readonly keptStreams: KeptStreams;
  private readonly clock: () => Date;

  constructor(options: ApplicationOptions) {
    this.store = options.store;
    this.serializer = options.serializer;
    this.keptStreams = new KeptStreams(options.store);
    this.timeZone = options.timeZone ?? 'Europe/London';
    this.clock = options.clock ?? (() => new Date());
  }

  /** Today in the programme's time zone. */
  today(): CalendarDate {
    return dateInZone(this.clock(), this.timeZone);
  }

  get context(): CommandHandlingContext {
    return { store: this.store, serializer: this.serializer, states: this.states, clock: this.clock };
  }

  /** Loads a participant's state (undefined if there is no such participant). */
  async participant(id: string): Promise<ParticipantState | undefined> {
    if (!UUID.test(id)) return undefined;
    const { state } = await loadState(this.context, participantDecider, streams.participant(id));
    return state.exists ? state : undefined;
  }

  /** The two partners of a pair, or null if no pair has that id. */
  private async pairPartners(pairId: string): Promise<readonly string[] | null> {
    if (!UUID.test(pairId)) return null;
    const { state } = await loadState(this.context, pairDecider, streams.pair(pairId));
    return state.exists ? partnersOf(pairView(state)) : null;
  }

  private async participants(ids: unknown): Promise<ParticipantLookup> {
    const list = Array.isArray(ids) ? ids.filter((id): id is string => typeof id === 'string') : [];
    const entries = await Promise.all(list.map(async (id) => [id, await this.participant(id)] as const));
    return Object.fromEntries(entries);
  }

  /** Runs one command and says what it wrote. */
  async execute(command: AppCommand, envelope: CommandEnvelope, options: HandleOptions = {}): Promise<WriteResult> {
    const today = this.today();
    const generatedField = GENERATED_ID[command.type];
    const generatedId = generatedField ? deriveId(generatedField, envelope.commandId) : undefined;
    const data = { ...(command.data as Record<string, unknown>), ...(generatedField ? { [generatedField]: generatedId } : {}) };
    // The request hash is the command's data (as handleCommand would make it), known before `build`
    // loads its context, so that a retry is answered from the log without loading it.
    const run = <C extends { data: unknown }, E extends DomainEvent, S>(decider: Decider<C, E, S>, stream: string, build: (state: S) => Promise<C>) =>
      handleCommand(this.context, decider, stream, build, { ...envelope, requestHash: envelope.requestHash ?? canonicalHash(data) }, options);
    let token: string | undefined;
    let tokenId: string | undefined;
    let outcome: CommandOutcome;
    let id: string;

    switch (command.type) {
      case 'OpenCohort':
      case 'CloseCohort':
      case 'CorrectCohort': {
        id = data.cohortId as string;
        requireUuid('cohort', id);
        outcome = await run(cohortDecider, streams.cohort(id), async () => ({ type: command.type, data, today }) as never);
        break;
      }
      case 'RegisterParticipant':
      case 'CorrectParticipantDetails':
      case 'GiveConsent':
      case 'WithdrawConsent':
      case 'EraseParticipant': {
        id = data.participantId as string;
        requireUuid('participant', id);
        const pairId = data.pairId;
        outcome = await run(
          participantDecider,
          streams.participant(id),
          async () => ({ type: command.type, data, today, ...(typeof pairId === 'string' ? { pairPartners: await this.pairPartners(pairId) } : {}) }) as never,
        );
        break;
      }
      case 'CreateUser':
      case 'IssueToken':
      case 'ChangeUserRole':
      case 'RevokeToken': {
        id = data.userId as string;
        requireUuid('user', id);
        const issues = command.type === 'CreateUser' || command.type === 'IssueToken';
        if (issues) {
          // A token may be supplied (the configured admin token); otherwise a fresh one is made.
          token = typeof data.token === 'string' ? data.token : newToken();
          delete data.token;
          tokenId = deriveId('token', envelope.commandId);
          Object.assign(data, { tokenId, tokenHash: sha256(token) });
        }
        outcome = await run(userDecider, streams.user(id), async (user) => {
          // The person the user is (or is to be), from the stream as just folded: a token is not issued to someone erased.
          const participantId = (data.participantId as string | undefined) ?? (command.type === 'IssueToken' ? user.participantId : undefined);
          return { type: command.type, data, today, ...(participantId ? { participant: await this.participant(participantId) } : {}) } as never;
        });
        if (outcome.replayed) token = undefined;
        break;
      }
      case 'ApproveCaseStudy':
      case 'PublishCaseStudy':
      case 'WithdrawCaseStudy':
      case 'CarryOverCaseStudyVersion': {
        id = data.pairId as string;
        const caseStudies = new CaseStudies(this);
        const partners = await caseStudies.partners(id);
        const actor = envelope.actor === 'system' ? 'system' : envelope.actor.userId;
        outcome = await run(caseStudyDecider, streams.caseStudy(id), async () => {
          const base = { type: command.type, data, today, partners, publishedBy: actor };
          if (command.type === 'ApproveCaseStudy') return { ...base, ...(await caseStudies.approvable(id, String(data.contentHash))) } as never;
          if (command.type === 'PublishCaseStudy') {
            // Publishing checks the version still regenerates byte-identically.
            const { state } = await caseStudies.state(id);
            const version = state.versions[String(data.contentHash)];
            if (version) await caseStudies.approvable(id, version.contentHash);
          }
          return base as never;
        });
        break;
      }
      default: {
        const pairId = data.pairId as string;
        requireUuid('pair', pairId);
        outcome = await run(pairDecider, streams.pair(pairId), async () => {
          const base = { type: command.type, data, today };
          switch (command.type) {
            case 'FormPair': {
              const cohortId = data.cohortId as string;
              const cohort = UUID.test(cohortId) ? (await loadState(this.context, cohortDecider, streams.cohort(cohortId))).state : undefined;
              return { ...base, cohort, participants: await this.participants([data.livedExperiencePartnerId, data.professionalPartnerId]) } as never;
            }
            case 'RecordMeeting':
              return { ...base, participants: await this.participants(data.attendeeIds) } as never;
            case 'AgreeAction':
              return { ...base, participants: await this.participants([data.ownerId]) } as never;
            case 'RecordReflection':
              return { ...base, participants: await this.participants([data.participantId]) } as never;
            case 'CorrectEntry': {
              const replacement = data.replacement as Record<string, unknown> | undefined;
              const named = [...(Array.isArray(replacement?.attendeeIds) ? replacement.attendeeIds : []), replacement?.ownerId];
              return { ...base, by: command.by, participants: await this.participants(named) } as never;
            }
            case 'RetractEntry':
              return { ...base, by: command.by } as never;
            default:
              return base as never;
          }
        });
        id = generatedId ?? entryIdOf(command, outcome, pairId);
      }
    }
    if (generatedId) id = generatedId;
    return { id, stream: outcome.stream, revision: outcome.revision, position: outcome.position, replayed: outcome.replayed, token, tokenId, outcome };
  }
}

/** The id a pair write answers with: the entry it touched, the correction it made, or the pair. */
function entryIdOf(command: AppCommand, outcome: CommandOutcome, pairId: string): string {
  const data = command.data as Record<string, unknown>;
  if (typeof data.actionId === 'string') return data.actionId;
  if (command.type === 'CorrectEntry' || command.type === 'RetractEntry') return outcome.events[0]?.eventId ?? eventIdFor('', 0);
  return pairId;
}
