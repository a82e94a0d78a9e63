import { SetMetadata } from '@nestjs/common';
import type { Role } from '@pairtrail/domain';

export const PUBLIC = 'pairtrail:public';
export const ROLES = 'pairtrail:roles';
export const MEMBER_SCOPE = 'pairtrail:member-scope';

/** No token needed. */
export const Public = () => SetMetadata(PUBLIC, true);

/** The roles that may call a route. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES, roles);

/**
 * How a pair-member is limited on a route: `pair` to their own pairs (the `:id` or `:pairId` param);
 * `participant` to themself (the `:id` param).
 */
export const MemberScope = (scope: 'pair' | 'participant') => SetMetadata(MEMBER_SCOPE, scope);
