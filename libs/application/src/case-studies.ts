import {
  CASE_STUDY_PERSONAL_FIELDS,
  CURRENT_RENDERING,
  generateCaseStudy,
  quotesIn,
  type CaseStudy,
  type CaseStudyQuote,
  type CaseStudyCollection,
  type CaseStudyPartner,
  type Generated,
  type QuoteCollection,
  type Rendering,
  type Told,
} from '@pairtrail/case-studies';
import {
  GoneError,
  NotFoundError,
  didNotExistThen,
  RuleViolatedError,
  caseStudyDecider,
  participantDecider,
  type CalendarDate,
  type DomainEvent,
  type StoredEvent,
  type CaseStudyEvent,
  type CaseStudyState,
  type CaseStudyVersionState,
  type ParticipantEvent,
  type PairFormedData,
} from '@pairtrail/domain';
import {
  copyOf,
  deriveId,
  eventsOfType,
  type CommandEnvelope,
  type CommandOutcome,
  type EventSerializer,
  type EventStore,
  type KeptStreams,
  type RecordedEvent,
} from '@pairtrail/event-store';
import type { AppCommand } from './commands';
import { requireUuid, streams } from './streams';

/** A version of a case study that a partner approved or the coordinator published, by its content hash. */
export interface CaseStudyVersion {
  contentHash: string;
  position: string;
  /** The wording it was generated in (see RENDERINGS in the case-studies library). */
  rendering: number;
  /** Every approval given, in order; `takenBack` once a later withdrawal of the case study took it back. */
  approvals: { participantId: string; recordedAt: string; takenBack: boolean }[];
  published: boolean;
  publishedAt: string | null;
  /** Both partners approved it since the latest publication or withdrawal: it waits to be published. */
  publishable: boolean;
}

/** Why an approved version is no longer served. */
const AFFECTED = 'A consent withdrawn or a person erased since this version was approved affects it, so it is no longer served.';

/** Why a version whose approvals a withdrawal took back is not served. */
const TAKEN_BACK =
  'The case study was withdrawn after this version was approved, which took its approvals back; nothing of it is served until a partner approves it again.';

/** Where a pair's case study stands with its partners (see `CaseStudies.standing`). */
export interface CaseStudyStanding {
  pairId: string;
  /**
   * What is to be done with it: `none` when none can be told; `published` when the version told now is
   * the one published; `ready` when a version both partners approved waits to be published; else
   * `approval`, waiting for a partner to approve the version told now.
   */
  state: 'none' | 'approval' | 'ready' | 'published';
  /** The version waiting to be published: one both partners approved since the latest publication or withdrawal (the one told now first, else the latest). */
  publishable: string | null;
  /** The case study told now, and the partners who approved that version; null when none can be told. */
  current: { title: string; contentHash: string; approvedBy: string[] } | null;
  /** Why none can be told now, such as a partner's consent not given. */
  reason: string | null;
  /** The version published, and whether it is the one told now. */
  published: { contentHash: string; publishedAt: string; current: boolean } | null;
  /** The latest publication was withdrawn, and nothing has been published since. */
  withdrawn: boolean;
  /** Every version whose approval by a partner stands (given since the latest withdrawal), in the order first approved, with those partners. */
  approved: { contentHash: string; approvedBy: string[] }[];
}

/**
 * Case studies regenerated from raw events: the pair's stream and both partners' streams, up to a
 * position if asked, under today's consents and erasures.
 */
export class CaseStudies {
  /** `keptStreams`: the streams read before, read on from where they ended (the application's). */
  constructor(private readonly context: { store: EventStore; serializer: EventSerializer; keptStreams?: KeptStreams }) {}

  /** A whole stream: read on from where it ended before, when the streams read are kept. */
  private readStream(stream: string): Promise<readonly RecordedEvent[]> {
    return this.context.keptStreams?.read(stream) ?? this.context.store.readStream(stream);
  }

  private async partnersOf(pairId: string): Promise<{ pairEvents: readonly RecordedEvent[]; formed: PairFormedData }> {
    requireUuid('pair', pairId);
    const pairEvents = await this.readStream(streams.pair(pairId));
    const formed = pairEvents.find((e) => e.type === 'PairFormed');
    if (!formed) throw new NotFoundError(`No pair ${pairId}.`);
    return { pairEvents, formed: this.context.serializer.deserialize(formed).data as unknown as PairFormedData };
  }

  /** The pair's two partner ids: lived-experience first. */
  async partners(pairId: string): Promise<[string, string]> {
    const { formed } = await this.partnersOf(pairId);
    return [formed.livedExperiencePartnerId, formed.professionalPartnerId];
  }

  /** An event as the generator reads it: only the personal fields a case study tells are decrypted. */
  private read<E extends DomainEvent = DomainEvent>(recorded: RecordedEvent): StoredEvent<E> {
    return this.context.serializer.deserialize<E>(recorded, { personalData: CASE_STUDY_PERSONAL_FIELDS });
  }

  /**
   * Generates the case study, as it stands now or from the events up to `position`, as of `asOf`, in
   * the current wording or in `rendering`.
   */
  async generate(
    pairId: string,
    options: { position?: bigint; asOf?: CalendarDate | null; rendering?: number; statedPosition?: string } = {},
  ): Promise<Generated> {
    const { pairEvents, formed } = await this.partnersOf(pairId);
    const upTo = (e: RecordedEvent) => options.position === undefined || e.position <= options.position;
    const partners: Record<string, CaseStudyPartner> = {};
    for (const id of [formed.livedExperiencePartnerId, formed.professionalPartnerId]) {
      const events = await this.readStream(streams.participant(id));
      const used = events.filter(upTo);
      const fold = (list: readonly RecordedEvent[]) =>
        list.reduce((s, e) => participantDecider.evolve(s, this.read<ParticipantEvent>(e)), participantDecider.initialState());
      const now = fold(events);
      const last = used[used.length - 1];
      partners[id] = {
        state: fold(used),
        eventsUsed: used.length,
        lastPosition: (last?.position ?? 0n).toString(),
        lastRecordedAt: String(last?.metadata.recordedAt ?? ''),
        consentsNow: now.consents,
        erasedNow: now.erased,
      };
    }
    return generateCaseStudy({
      pairId,
      asOf: options.asOf ?? null,
      pairEvents: pairEvents.filter(upTo).map((e) => ({
        eventId: e.eventId,
        type: e.type,
        data: this.read(e).data as Record<string, unknown>,
        position: e.position.toString(),
        recordedAt: String(e.metadata.recordedAt ?? ''),
      })),
      partners,
      rendering: (options.rendering ?? CURRENT_RENDERING) as Rendering,
      ...(options.statedPosition === undefined ? {} : { statedPosition: options.statedPosition }),
    });
  }

  /**
   * A version regenerated from its position; one approved on the log this one was moved from, from
   * where its position stands here, stating the position it was approved at.
   */
  private regenerate(pairId: string, version: CaseStudyVersionState): Promise<Generated> {
    if (version.positionHere === undefined) return this.generate(pairId, { position: BigInt(version.position), rendering: version.rendering });
    return this.generate(pairId, { position: BigInt(version.positionHere), rendering: version.rendering, statedPosition: version.position });
  }

  /**
   * The case study, or a rule-violated error saying why there is none (such as whose consent is
   * missing); asked for as of a moment before the pair was formed, a not-found saying so, as the pair's
   * evaluation answers.
   */
  async require(pairId: string, options: { position?: bigint; asOf?: CalendarDate | null; rendering?: number } = {}): Promise<CaseStudy> {
    const generated = await this.generate(pairId, options);
    const look = { asOf: options.asOf ?? null, position: options.position?.toString() ?? null };
    if (!generated.ok && generated.notYet && (look.asOf || look.position)) throw didNotExistThen(`Pair ${pairId}`, look);
    if (!generated.ok) throw new RuleViolatedError('no-case-study', generated.reason);
    return generated.caseStudy;
  }

  async state(pairId: string): Promise<{ state: CaseStudyState; events: readonly RecordedEvent[] }> {
    const events = await this.readStream(`casestudy-${pairId}`);
    const state = events.reduce((s, e) => caseStudyDecider.evolve(s, this.context.serializer.deserialize<CaseStudyEvent>(e)), caseStudyDecider.initialState());
    return { state, events };
  }

  /** Approved and published versions, with who approved each and when. */
  async versions(pairId: string): Promise<CaseStudyVersion[]> {
    await this.partnersOf(pairId);
    const { events } = await this.state(pairId);
    return this.versionsIn(events);
  }

  /**
   * Where a pair's case study stands with its partners: the one told now (`now`, `toldOf` it) and which
   * of them approved it, which version is published, and whether a publication was withdrawn.
   */
  async standing(pairId: string, now: Told): Promise<CaseStudyStanding> {
    const { state, events } = await this.state(pairId);
    // The versions waiting to be published, found once for both the versions and the standing.
    const waiting = this.waitingToBePublished(events);
    const published = this.versionsIn(events, waiting).find((v) => v.published);
    const hash = now.ok ? now.contentHash : null;
    const publishable = published?.contentHash === hash ? undefined : (waiting.find((h) => h === hash) ?? waiting[waiting.length - 1]);
    return {
      pairId,
      state: !now.ok ? 'none' : published?.contentHash === hash ? 'published' : publishable ? 'ready' : 'approval',
      publishable: publishable ?? null,
      current: now.ok ? { title: now.title, contentHash: hash!, approvedBy: state.versions[hash!]?.approvedBy ?? [] } : null,
      reason: now.ok ? null : now.reason,
      published: published ? { contentHash: published.contentHash, publishedAt: published.publishedAt!, current: published.contentHash === hash } : null,
      withdrawn: state.withdrawn,
      approved: Object.values(state.versions)
        .filter((v) => v.approvedBy.length > 0)
        .map((v) => ({ contentHash: v.contentHash, approvedBy: v.approvedBy })),
    };
  }

  /**
   * The versions waiting to be published, in the order both partners had approved them: those approved by
   * both since the latest publication or withdrawal (one approved before was passed over then, and a
   * withdrawal takes back the approvals given before it). One both approved before a later event changed
   * the telling is still theirs to publish.
   */
  private waitingToBePublished(events: readonly RecordedEvent[]): string[] {
    const approvedBy = new Map<string, Set<string>>();
    const ready: string[] = [];
    for (const e of events) {
      if (e.type === 'CaseStudyPublished' || e.type === 'CaseStudyWithdrawn') ready.length = 0;
      if (e.type === 'CaseStudyWithdrawn') approvedBy.clear();
      if (e.type !== 'CaseStudyApproved') continue;
      const { contentHash, participantId } = this.context.serializer.deserialize<CaseStudyEvent>(e).data as { contentHash: string; participantId: string };
      const partners = approvedBy.get(contentHash) ?? new Set<string>();
      approvedBy.set(contentHash, partners.add(participantId));
      // Only a pair's two partners approve, so two are both of them.
      if (partners.size === 2) ready.push(contentHash);
    }
    return ready;
  }

  private versionsIn(events: readonly RecordedEvent[], waiting = this.waitingToBePublished(events)): CaseStudyVersion[] {
    const versions = new Map<string, CaseStudyVersion>();
    for (const e of events) {
      const data = this.context.serializer.deserialize<CaseStudyEvent>(e).data as {
        contentHash: string;
        position: string;
        participantId?: string;
        rendering?: number;
      };
      const recordedAt = String(e.metadata.recordedAt ?? '');
      if (e.type === 'CaseStudyWithdrawn') {
        for (const v of versions.values()) {
          v.published = false;
          for (const a of v.approvals) a.takenBack = true;
        }
        continue;
      }
      const v = versions.get(data.contentHash) ?? {
        contentHash: data.contentHash,
        position: data.position,
        rendering: data.rendering ?? 1,
        approvals: [],
        published: false,
        publishedAt: null,
        publishable: false,
      };
      if (e.type === 'CaseStudyApproved') v.approvals.push({ participantId: data.participantId!, recordedAt, takenBack: false });
      if (e.type === 'CaseStudyPublished') {
        for (const other of versions.values()) other.published = false;
        Object.assign(v, { published: true, publishedAt: recordedAt });
      }
      versions.set(data.contentHash, v);
    }
    return [...versions.values()].map((v) => ({ ...v, publishable: !v.published && waiting.includes(v.contentHash) }));
  }

  /**
   * An approved or published version, regenerated from its position: byte-identical to what was
   * approved, or gone if a later withdrawal or erasure affects it.
   */
  async version(pairId: string, contentHash: string): Promise<CaseStudy> {
    const { state } = await this.state(pairId);
    await this.partnersOf(pairId);
    const version = state.versions[contentHash];
    if (!version) throw new NotFoundError(`Pair ${pairId}'s case study has no approved version ${contentHash}.`);
    // A withdrawal took back its approvals: nothing of it is served until a partner approves it anew.
    if (version.approvedBy.length === 0) throw new GoneError(TAKEN_BACK);
    const regenerated = await this.asApproved(pairId, version);
    if (!regenerated) throw new GoneError(AFFECTED);
    return regenerated;
  }

  /** A version regenerated from its position, if it is still byte for byte what was approved. */
  private async asApproved(pairId: string, version: CaseStudyVersionState): Promise<CaseStudy | undefined> {
    const regenerated = await this.regenerate(pairId, version);
    return regenerated.ok && regenerated.caseStudy.provenance.contentHash === version.contentHash ? regenerated.caseStudy : undefined;
  }

  /**
   * The pair's published version, byte for byte as its partners approved it, and when it was published;
   * or why there is none to give: nothing published, or (`gone`) a withdrawn consent or an erasure affects it.
   */
  async published(pairId: string): Promise<{ ok: true; caseStudy: CaseStudy; publishedAt: string } | { ok: false; reason: string; gone?: true }> {
    // The pair's streams read once each: for a report of every pair, each is read and regenerated once.
    const { state, events } = await this.state(pairId);
    const published = this.versionsIn(events).find((v) => v.published);
    if (!published) return { ok: false, reason: `Pair ${pairId} has no published case study.` };
    const caseStudy = await this.asApproved(pairId, state.versions[published.contentHash]!);
    if (!caseStudy) return { ok: false, reason: `Pair ${pairId}'s published case study is no longer served: ${AFFECTED}`, gone: true };
    return { ok: true, caseStudy, publishedAt: published.publishedAt! };
  }

  /**
   * Every published case study of these pairs, in title order, as one collection for a report (`of`
   * names what they are of, such as a cohort); a published version no longer served is left out, and
   * the collection says how many were.
   */
  async publishedCollection(pairIds: Iterable<string>, of?: string): Promise<CaseStudyCollection> {
    const caseStudies: CaseStudy[] = [];
    let affected = 0;
    for (const pairId of pairIds) {
      const published = await this.published(pairId);
      if (published.ok) caseStudies.push(published.caseStudy);
      else if (published.gone) affected += 1;
    }
    caseStudies.sort((a, b) => a.title.localeCompare(b.title, 'en-GB'));
    const about = [
      `Every case study published${of ? ` in ${of}` : ''}, each regenerated from the events up to the position its partners approved it at: byte for byte what they approved.`,
      ...(affected
        ? [
            `${affected} published ${affected === 1 ? 'case study is' : 'case studies are'} left out: a withdrawn consent or an erasure has since affected ${affected === 1 ? 'it' : 'them'}.`,
          ]
        : []),
    ];
    return { heading: 'Published case studies', about, caseStudies };
  }

  /**
   * The quotes of these pairs' case studies, gathered for a report, in title order. With `published`,
   * from the versions published, byte for byte as their partners approved them (one no longer served is
   * left out, and counted); otherwise from the case studies told now (`toldNow` tells one, such as the
   * read models' telling; else it is regenerated from the raw events), each saying whether it is the
   * version published. `of` names what the pairs are of, such as a cohort.
   */
  async quoteCollection(
    pairIds: Iterable<string>,
    options: { published?: boolean; of?: string; toldNow?: (pairId: string) => Generated | undefined } = {},
  ): Promise<QuoteCollection> {
    const quotes: CaseStudyQuote[] = [];
    let untold = 0;
    let affected = 0;
    for (const pairId of pairIds) {
      let told: { caseStudy: CaseStudy; published: boolean } | undefined;
      if (options.published) {
        const published = await this.published(pairId);
        if (published.ok) told = { caseStudy: published.caseStudy, published: true };
        else if (published.gone) affected += 1;
      } else {
        const now = options.toldNow?.(pairId) ?? (await this.generate(pairId));
        if (now.ok) told = { caseStudy: now.caseStudy, published: false };
        else untold += 1;
      }
      const said = told ? quotesIn(told.caseStudy) : [];
      if (!told || said.length === 0) continue;
      const { title, provenance } = told.caseStudy;
      // Whether the version told now is the one published: read only for a case study that offers quotes.
      const published = told.published || (await this.publishedVersion(pairId)) === provenance.contentHash;
      quotes.push(...said.map(({ text, by }) => ({ pairId, title, text, by, contentHash: provenance.contentHash, published })));
    }
    // Stable: each case study's quotes stay together, in the order it tells them.
    quotes.sort((a, b) => a.title.localeCompare(b.title, 'en-GB'));
    const of = options.of ? ` in ${options.of}` : '';
    const some = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
    const about = options.published
      ? [
          `The quotes of every case study published${of}, each from the version its partners approved, byte for byte: reflections their authors offered for quotation and consented to be quoted, attributed as the case study attributes them (by name only with consent to be named).`,
          ...(affected
            ? [
                `${some(affected, 'published case study is', 'published case studies are')} left out: a withdrawn consent or an erasure has since affected ${affected === 1 ? 'it' : 'them'}.`,
              ]
            : []),
        ]
      : [
          `The quotes of every case study told now${of}: reflections their authors offered for quotation and consented to be quoted, attributed as the case study attributes them (by name only with consent to be named). A case study not yet published has not yet been approved by its partners in these words.`,
          ...(untold
            ? [
                `${some(untold, 'pair has', 'pairs have')} no case study (a partner's consent is not given, or a partner was erased), so none of their reflections is quoted here.`,
              ]
            : []),
        ];
    return {
      heading: options.published ? 'In their words: quotes from the published case studies' : 'In their words: quotes from the case studies',
      about,
      items: quotes,
    };
  }

  /** The content hash of the version published, if one is. */
  private async publishedVersion(pairId: string): Promise<string | undefined> {
    const { events } = await this.state(pairId);
    return this.versionsIn(events).find((v) => v.published)?.contentHash;
  }

  /**
   * The position and rendering of a version someone may approve: the current one, or one already
   * approved that still stands.
   */
  async approvable(pairId: string, contentHash: string): Promise<{ position: string; rendering: number }> {
    const current = await this.require(pairId);
    if (current.provenance.contentHash === contentHash) return { position: current.provenance.position, rendering: CURRENT_RENDERING };
    const { state } = await this.state(pairId);
    const version = state.versions[contentHash];
    if (!version) {
      throw new RuleViolatedError(
        'stale-version',
        'This is not the current version of the case study; GET /case-studies/:pairId gives the current one and its contentHash.',
      );
    }
    if (!(await this.asApproved(pairId, version))) {
      throw new RuleViolatedError(
        'version-affected',
        'A withdrawn consent or an erasure affects this version since it was approved; approve the current one instead.',
      );
    }
    return { position: version.position, rendering: version.rendering };
  }
}

/**
 * After a log has been copied into another store (`pairtrail migrate`), says on the target where each
 * case-study version approved on the source stands there. A version's position names the latest event
 * it read, and positions are the source's: read on the target, it would name another point of the log,
 * and the version would no longer regenerate as approved. For each version, the event at its position
 * is found on the target by its stream and revision, which a copy keeps, and a
 * `CaseStudyVersionCarriedOver` says where it is. Run again, it records nothing new. Returns how many
 * versions it carried over.
 */
export async function carryOverCaseStudyVersions(
  source: EventStore,
  target: EventStore,
  /** The application over the target (a PairtrailApplication). */
  onTarget: { execute(command: AppCommand, envelope: CommandEnvelope): Promise<{ replayed: boolean; outcome: CommandOutcome }> },
): Promise<number> {
  const done = new Set<string>();
  let carried = 0;
  for await (const approved of eventsOfType(source, 'CaseStudyApproved')) {
    const { pairId, contentHash, position } = approved.data as { pairId: string; contentHash: string; position: string };
    if (done.has(`${pairId}/${contentHash}`)) continue;
    done.add(`${pairId}/${contentHash}`);
    const here = await copyOf(source, target, BigInt(position));
    if (!here) {
      throw new Error(
        `Case study ${pairId}'s version ${contentHash} names position ${position}, whose event the target does not hold; copy the whole log first.`,
      );
    }
    const result = await onTarget.execute(
      { type: 'CarryOverCaseStudyVersion', data: { pairId, contentHash, positionHere: here.position.toString() } },
      { commandId: deriveId('case-study-version-carried-over', pairId, contentHash, here.position.toString()), actor: 'system', source: 'cli' },
    );
    if (result.outcome.events.length > 0 && !result.replayed) carried += 1;
  }
  return carried;
}
