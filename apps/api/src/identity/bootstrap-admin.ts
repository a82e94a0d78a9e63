import type { PairtrailApplication } from '@pairtrail/application';
import { deriveId, sha256 } from '@pairtrail/event-store';
import type { IdentityCache } from './identity.cache';

/** What bootstrap did: a new admin's token to show once, or nothing. */
export interface BootstrapResult {
  createdToken?: string;
  adminUserId?: string;
}

const BOOTSTRAP_ADMIN = deriveId('bootstrap-admin');

/**
 * Makes sure someone can sign in. With PAIRTRAIL_ADMIN_TOKEN, an admin holding that token is ensured
 * (created, or given the token). Otherwise the first start on a store with no users creates an admin and
 * returns its token, to be printed once.
 */
export async function bootstrapAdmin(app: PairtrailApplication, identity: IdentityCache, adminToken?: string): Promise<BootstrapResult> {
  const envelope = (commandId: string) => ({ commandId, actor: 'system' as const, source: 'cli' as const });
  if (adminToken !== undefined) {
    if (identity.hasTokenHash(sha256(adminToken))) return {};
    const existing = identity.list().find((u) => u.userId === deriveId('userId', BOOTSTRAP_ADMIN));
    const result = existing
      ? await app.execute(
          { type: 'IssueToken', data: { userId: existing.userId, token: adminToken } },
          envelope(deriveId('bootstrap-admin-token', sha256(adminToken))),
        )
      : await app.execute({ type: 'CreateUser', data: { name: 'Administrator', role: 'admin', token: adminToken } }, envelope(BOOTSTRAP_ADMIN));
    await identity.waitFor(result.position);
    return { adminUserId: result.id };
  }
  if (identity.list().length > 0) return {};
  const result = await app.execute({ type: 'CreateUser', data: { name: 'Administrator', role: 'admin' } }, envelope(BOOTSTRAP_ADMIN));
  await identity.waitFor(result.position);
  return { createdToken: result.token, adminUserId: result.id };
}
