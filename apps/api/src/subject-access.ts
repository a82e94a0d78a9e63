import { CaseStudies, requireUuid, streams, type PairtrailApplication } from '@pairtrail/application';
import { NotFoundError, fold, pairDecider, pairView, type PairEvent, type StoredEvent } from '@pairtrail/domain';
import { asJson, type EventStore, type RecordedEvent } from '@pairtrail/event-store';
import type { ReadModels } from '@pairtrail/projections';

/** Where subject access reads from: the log, the application that opens its personal fields, the read models and the users. */
export interface SubjectAccessSources {
  store: EventStore;
  app: PairtrailApplication;
  reads: Pick<ReadModels, 'participant' | 'pairsOf' | 'auditBatches'>;
  users: readonly { userId: string; participantId?: string | null }[];
}

/**
 * Everything held about a participant, decrypted, for their subject access request: their own events
 * and current record; for each of their pairs the events naming them, their reflections, the case study
 * and the approvals they gave; and each sign-in that is them, with its events and the audit rows of what
 * was recorded with it. The API (`GET /participants/:id/export`) and the CLI (`subject-access`) give it.
 */
export async function subjectAccess({ store, app, reads, users }: SubjectAccessSources, participantId: string) {
  requireUuid('participant', participantId);
  // What follows is read up to here at least: what the answer says it holds as recorded up to.
  const position = await store.headPosition();
  const own = await store.readStream(streams.participant(participantId));
  if (own.length === 0) throw new NotFoundError(`No participant ${participantId}.`);
  const decode = (events: RecordedEvent[]) =>
    events.map((e) => ({
      eventId: e.eventId,
      stream: e.stream,
      revision: e.revision,
      position: e.position,
      type: e.type,
      data: app.serializer.deserialize(e).data,
      metadata: e.metadata,
    }));
  const caseStudies = new CaseStudies(app);
  const pairs = [];
  for (const { pairId } of reads.pairsOf(participantId)) {
    // Opened once: each event's personal fields decrypted for the fold and the events naming them alike.
    const events = decode(await store.readStream(streams.pair(pairId)));
    const view = pairView(fold(pairDecider, events as StoredEvent<PairEvent>[]));
    const generated = await caseStudies.generate(pairId);
    const approvals = decode(await store.readStream(streams.caseStudy(pairId))).filter(
      (e) => e.type === 'CaseStudyApproved' && (e.data as { participantId?: string }).participantId === participantId,
    );
    pairs.push({
      pairId,
      perspective: view.livedExperiencePartnerId === participantId ? 'lived-experience' : 'professional',
      formedOn: view.formedOn,
      status: view.status,
      ...(view.concludedOn ? { concludedOn: view.concludedOn } : {}),
      title: view.initiative?.title ?? view.focus,
      focus: view.focus,
      serviceArea: view.serviceArea,
      // As they stand now: corrections applied, retracted entries left out (eventsNamingThem has every one as recorded).
      meetingsAttended: view.meetings.filter((m) => m.attendeeIds.includes(participantId)),
      actionsOwned: view.actions.filter((a) => a.ownerId === participantId).map(({ closures: _closures, ...action }) => action),
      eventsNamingThem: events.filter((e) => JSON.stringify(e.data).includes(participantId)),
      reflections: view.reflections.filter((r) => r.participantId === participantId),
      caseStudy: generated.ok ? generated.caseStudy : { none: generated.reason },
      caseStudyApprovals: approvals,
    });
  }
  // The sign-ins that are this person: the user's own events (its name is theirs), and what they
  // recorded with it, as the audit trail has it.
  const signIns = [];
  for (const user of users.filter((u) => u.participantId === participantId)) {
    const recorded = [...reads.auditBatches({ actor: user.userId })].flat();
    signIns.push({ userId: user.userId, events: decode(await store.readStream(streams.user(user.userId))), recorded });
  }
  return asJson({ position, exportedAt: new Date().toISOString(), participant: reads.participant(participantId), events: decode(own), pairs, users: signIns });
}

/** What `subjectAccess` gives: everything held about a person, as data. */
export type SubjectAccessRecord = Awaited<ReturnType<typeof subjectAccess>>;
