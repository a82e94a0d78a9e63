import { pendingErasures, streams } from '@pairtrail/application';
import { deriveId, type Actor } from '@pairtrail/event-store';
import type { ApiRuntime } from './runtime';

/**
 * What follows ParticipantErased, by `actor`: the person's key destroyed and the read models rebuilt
 * without them (eraseEverywhere), and the sign-ins that are them ended (endSignInsOf).
 */
export async function completeErasure(runtime: ApiRuntime, participantId: string, actor: Actor): Promise<void> {
  await eraseEverywhere(runtime, participantId);
  await endSignInsOf(runtime, participantId, actor);
}

/**
 * After ParticipantErased: destroys the person's key, forgets the write side's folded states, then
 * rebuilds the read models that held their plaintext, overwriting freed pages and truncating the WAL so
 * no readable copy remains. Until the read models are done, the data directory says they are pending,
 * so a crash (or a projection thread that stays down) between the key and the rebuild is finished at the
 * next start; and the process that owns the read models, this one or apps/projector beside it, does the
 * rebuild (`ReadModelRequests`).
 */
export async function eraseEverywhere(runtime: ApiRuntime, participantId: string, { waitForReadModels = true } = {}): Promise<void> {
  const subject = `participant-${participantId}`;
  pendingErasures(runtime.config.dataDir).add(subject);
  runtime.keys.destroy(subject);
  runtime.app.states.clear();
  if (waitForReadModels) await forgetInReadModels(runtime, subject);
}

/**
 * Ends the sign-ins of the users who are an erased person, as part of the erasure: their tokens are
 * revoked, so nothing more is recorded under their name, and the key of each user's own name is
 * destroyed, since it is the person's name too. Run again, it finds nothing left to do.
 */
export async function endSignInsOf(runtime: ApiRuntime, participantId: string, actor: Actor): Promise<void> {
  for (const user of runtime.identity.list().filter((u) => u.participantId === participantId)) {
    for (const { tokenId } of user.tokens) {
      const envelope = { commandId: deriveId('erasure-revokes', participantId, tokenId), actor, source: 'api' as const };
      const result = await runtime.app.execute({ type: 'RevokeToken', data: { userId: user.userId, tokenId } }, envelope);
      await runtime.identity.waitFor(result.position);
    }
    const subject = streams.user(user.userId);
    if (!runtime.keys.isDestroyed(subject)) runtime.keys.destroy(subject);
    runtime.identity.forgetName(user.userId);
    // The revocations folded the user's stream, name and all.
    runtime.app.states.clear();
  }
}

/**
 * Has the read models rebuilt without an erased subject's plaintext, by whichever process owns them,
 * which takes the subject off the pending list.
 */
export async function forgetInReadModels(runtime: ApiRuntime, subject: string): Promise<void> {
  await runtime.forgetErased(subject);
  runtime.reads.forget();
}
