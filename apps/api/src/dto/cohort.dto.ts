import { CalendarDate, Text } from './fields';

export class OpenCohortDto {
  @Text({ max: 200, example: 'Northfield collaborative pairs, wave 2' }) name!: string;
  @CalendarDate() startsOn!: string;
  @CalendarDate({ optional: true }) endsOn?: string;
}

export class CloseCohortDto {
  @CalendarDate({ optional: true, description: 'defaults to today' }) closedOn?: string;
}
