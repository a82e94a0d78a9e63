import { SetMetadata, applyDecorators } from '@nestjs/common';
import { ApiExtension } from '@nestjs/swagger';
import type { Role } from '@pairtrail/domain';

export const PUBLIC = 'pairtrail:public';
export const ROLES = 'pairtrail:roles';
export const MEMBER_SCOPE = 'pairtrail:member-scope';

/** No token needed. */
export const Public = () => SetMetadata(PUBLIC, true);

/** The roles that may call a route; `/openapi.json` says them too (`x-roles`, and in words: `describeOperations`). */
export const Roles = (...roles: Role[]) => applyDecorators(SetMetadata(ROLES, roles), ApiExtension('x-roles', roles));

/**
 * How a pair-member is limited on a route: `pair` to their own pairs (the `:id` or `:pairId` param);
 * `participant` to themself (the `:id` param).
 */
export const MemberScope = (scope: 'pair' | 'participant') => applyDecorators(SetMetadata(MEMBER_SCOPE, scope), ApiExtension('x-member-scope', scope));
