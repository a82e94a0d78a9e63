import { ROLES, type Role } from '@pairtrail/domain';
import { Feeds, Id, OneOf, Text } from './fields';

@Feeds('CreateUser')
export class CreateUserDto {
  @Text({ max: 200, example: 'Priya Shah' }) name!: string;
  @OneOf(ROLES) role!: Role;
  @Id({ optional: true, description: 'required for a pair-member: the participant they are' }) participantId?: string;
}

@Feeds('ChangeUserRole')
export class ChangeRoleDto {
  @OneOf(ROLES) role!: Role;
  @Id({ optional: true, description: 'required for a pair-member: the participant they are' }) participantId?: string;
}
