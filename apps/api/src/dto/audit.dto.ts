import { Bool, CalendarDate, Id, LogPosition } from './fields';

export class StartVerificationDto {
  @LogPosition({ optional: true, description: "verify up to this log position; by default, the log's head now" }) position?: string;
}

export class StartReportDto {
  @CalendarDate({ optional: true, description: 'as things stood on this date; by default, today' }) asOf?: string;
  @LogPosition({ optional: true, description: 'as recorded up to this log position, to give an earlier report again; by default, where the read models stand' })
  position?: string;
  @Id({ optional: true, description: "only that cohort's figures" }) cohortId?: string;
  @Bool({ optional: true, description: "each pair's id a pseudonym, new with every report, to take away" }) pseudonymise?: boolean;
}
