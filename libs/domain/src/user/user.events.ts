import type { DomainEvent } from '../shared/decider';
import type { Role } from '../shared/vocabulary';

export type UserCreated = DomainEvent<'UserCreated', { userId: string; name: string; role: Role; participantId?: string }>;
export type UserRoleChanged = DomainEvent<'UserRoleChanged', { userId: string; role: Role; participantId?: string }>;
export type TokenIssued = DomainEvent<'TokenIssued', { userId: string; tokenId: string; tokenHash: string }>;
export type TokenRevoked = DomainEvent<'TokenRevoked', { userId: string; tokenId: string }>;
export type UserEvent = UserCreated | UserRoleChanged | TokenIssued | TokenRevoked;
