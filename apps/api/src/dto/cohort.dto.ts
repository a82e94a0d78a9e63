import { CalendarDate, Feeds, Text } from './fields';

@Feeds('OpenCohort')
export class OpenCohortDto {
  @Text({ max: 200, example: 'Northfield collaborative pairs, wave 2' }) name!: string;
  @CalendarDate() startsOn!: string;
  @CalendarDate({ optional: true }) endsOn?: string;
}

@Feeds('CloseCohort')
export class CloseCohortDto {
  @CalendarDate({ optional: true, description: 'defaults to today' }) closedOn?: string;
}

@Feeds('CorrectCohort')
export class CorrectCohortDto {
  @Text({ optional: true, max: 200 }) name?: string;
  @CalendarDate({ optional: true }) startsOn?: string;
  @CalendarDate({ optional: true, nullable: true, description: 'null removes the end date' }) endsOn?: string | null;
  @Text({ example: 'The name was mistyped' }) reason!: string;
}
