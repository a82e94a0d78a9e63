import { CONSENT_SCOPES, ORGANISATION_TYPES, PERSPECTIVES, type ConsentScope, type OrganisationType, type Perspective } from '@pairtrail/domain';
import { CalendarDate, Feeds, Id, OneOf, Text } from './fields';

@Feeds('RegisterParticipant')
export class RegisterParticipantDto {
  @Text({ max: 200, example: 'Margaret Hughes' }) name!: string;
  @Text({ optional: true, max: 320 }) email?: string;
  @OneOf(PERSPECTIVES) perspective!: Perspective;
  @Text({ max: 200, example: 'patient leader' }) role!: string;
  @Text({ max: 200 }) organisation!: string;
  @OneOf(ORGANISATION_TYPES) organisationType!: OrganisationType;
  @CalendarDate({ optional: true, description: 'defaults to today' }) registeredOn?: string;
}

@Feeds('CorrectParticipantDetails')
export class CorrectParticipantDto {
  @Text({ optional: true, max: 200 }) name?: string;
  @Text({ optional: true, nullable: true, max: 320, description: 'null removes their email' }) email?: string | null;
  @Text({ optional: true, max: 200 }) role?: string;
  @Text({ optional: true, max: 200 }) organisation?: string;
  @OneOf(ORGANISATION_TYPES, { optional: true }) organisationType?: OrganisationType;
  @CalendarDate({ optional: true, description: 'the day they joined the programme, if it was recorded wrongly' }) registeredOn?: string;
  @Text() reason!: string;
}

@Feeds('GiveConsent')
export class GiveConsentDto {
  @OneOf(CONSENT_SCOPES) scope!: ConsentScope;
  @Id({ optional: true, description: 'limits the consent to one pair' }) pairId?: string;
  @Text({ example: 'signed form, 2016-03-01' }) evidence!: string;
  @CalendarDate({ optional: true, description: 'defaults to today' }) on?: string;
}

@Feeds('WithdrawConsent', 'scope')
export class WithdrawConsentDto {
  @Id({ optional: true }) pairId?: string;
  @Text({ optional: true }) reason?: string;
  @Text({ optional: true }) evidence?: string;
  @CalendarDate({ optional: true, description: 'defaults to today' }) on?: string;
}

@Feeds('EraseParticipant')
export class EraseParticipantDto {
  @Text() reason!: string;
}
