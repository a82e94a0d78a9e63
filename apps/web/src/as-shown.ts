import { ApiError, ok } from './api/answers';
import { fieldLabel } from '@pairtrail/vocabulary';

type Answer = { data?: unknown; error?: unknown; response: Response };

/**
 * Sends a correction of a record as a page showed it: with its revision as If-Match, so that it is never
 * laid over what someone else changed meanwhile. If they did (412), the record is read again: when none
 * of `fields`, the ones the correction changes, was among what they changed, it is sent again on the
 * record as it is now; else it says which, that nothing was saved, and to reload.
 */
export async function sendAsShown<R extends { revision: string }>(
  shown: R,
  fields: readonly (keyof R & string)[],
  whose: string,
  send: (header: { 'If-Match': string }) => Promise<Answer>,
  reread: () => Promise<R>,
): Promise<void> {
  const basedOn = (record: R) => ({ 'If-Match': `"${record.revision}"` });
  let answer = await send(basedOn(shown));
  if (answer.response.status === 412) {
    // The change that moved it on may not have reached the read models yet: read until it has, a moment at most.
    let now = await reread();
    for (let tries = 0; now.revision === shown.revision && tries < 10; tries++) {
      await new Promise((r) => setTimeout(r, 200));
      now = await reread();
    }
    const theirs = fields.filter((field) => (now[field] ?? '') !== (shown[field] ?? ''));
    const what = theirs.length > 0 ? `${whose} ${theirs.map(fieldLabel).join(' and ')}` : `${whose} record`;
    if (theirs.length === 0 && now.revision !== shown.revision) answer = await send(basedOn(now));
    if (answer.response.status === 412) {
      throw new ApiError(
        412,
        'revision-mismatch',
        `Someone else changed ${what} since this page showed it, so nothing was saved. Reload the page to see it as it is now, then make your correction again if it is still needed.`,
        [],
      );
    }
  }
  ok(answer);
}
