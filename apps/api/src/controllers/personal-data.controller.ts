import { Body, Controller, Get, Inject, Param, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags, ApiOperation } from '@nestjs/swagger';
import { pendingErasures, streams } from '@pairtrail/application';
import { deriveId, type Actor } from '@pairtrail/event-store';
import type { FastifyReply } from 'fastify';
import { Roles } from '../identity/access';
import type { AuthedRequest } from '../identity/auth.guard';
import { EraseParticipantDto } from '../dto/participant.dto';
import { WriteResultDto } from '../dto/write-result.dto';
import { Answers, ApiWrite } from '../http/openapi';
import { Writer } from '../http/writer';
import { Reader } from '../queries/read.query';
import { API_RUNTIME, type ApiRuntime } from '../runtime';

/** Erasure (crypto-shredding) and subject access. */
@ApiTags('personal data')
@ApiBearerAuth()
@Controller('participants')
export class PersonalDataController {
  constructor(
    @Inject(API_RUNTIME) private readonly runtime: ApiRuntime,
    private readonly writer: Writer,
    private readonly reader: Reader,
  ) {}

  @ApiOperation({ summary: "Erase a participant's personal data for good" })
  @Post(':id/erase')
  @Roles('admin')
  @ApiWrite()
  @ApiOkResponse({ type: WriteResultDto, description: 'records ParticipantErased, destroys their key, and rebuilds the read models without their data' })
  async erase(@Param('id') id: string, @Body() body: EraseParticipantDto, @Req() req: AuthedRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    const result = await this.writer.write(req, reply, { type: 'EraseParticipant', data: { participantId: id, reason: body.reason } });
    await eraseEverywhere(this.runtime, id);
    await endSignInsOf(this.runtime, id, { userId: req.caller.userId, role: req.caller.role });
    return result;
  }

  @ApiOperation({ summary: 'Subject access: everything held about a participant' })
  @Get(':id/export')
  @Roles('admin')
  @Answers('SubjectAccess', {
    description:
      "subject access: everything held about the person, decrypted: their own events and current record; for each of their pairs the events naming them, their reflections, the case study and the approvals they gave; each sign-in they have (the user's events); and the audit rows of what they recorded under it",
  })
  export(@Param('id') id: string) {
    return this.reader.read('subjectAccess', { id });
  }
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
