import { ApiPropertyOptional } from '@nestjs/swagger';
import {
  APPROACHES,
  MEETING_FORMATS,
  OUTCOME_CATEGORIES,
  SPREAD_LEVELS,
  type Approach,
  type MeetingFormat,
  type OutcomeCategory,
  type SpreadLevel,
} from '@pairtrail/domain';
import { Type } from 'class-transformer';
import { IsObject, IsOptional, ValidateNested } from 'class-validator';
import { AnyObject, Bool, CalendarDate, Feeds, FreeText, Id, ListOf, Num, OneOf, Text, TextList, WholeNumber } from './fields';

@Feeds('FormPair')
export class FormPairDto {
  @Id() cohortId!: string;
  @Id() livedExperiencePartnerId!: string;
  @Id() professionalPartnerId!: string;
  @CalendarDate({ optional: true, description: 'defaults to today' }) formedOn?: string;
  @Text({ max: 500, description: 'one line: what they set out to change' }) focus!: string;
  @Text({ max: 100, example: 'cardiac', description: 'normalised to kebab-case' }) serviceArea!: string;
}

@Feeds('DefineInitiative')
export class InitiativeDto {
  @Text({ max: 500 }) title!: string;
  @Text() aim!: string;
  @Text() context!: string;
  @TextList() successMeasures!: string[];
  @CalendarDate({ optional: true, description: 'defaults to today' }) on?: string;
  @Text({ optional: true, description: 'required when revising' }) reason?: string;
}

@Feeds('RecordMeeting')
export class MeetingDto {
  @CalendarDate({ optional: true, description: 'defaults to today' }) heldOn?: string;
  @WholeNumber(1, 1440, { example: 60 }) durationMinutes!: number;
  @OneOf(MEETING_FORMATS) format!: MeetingFormat;
  @TextList({ min: 1, uuids: true, description: 'registered participants; at least one of the two partners' }) attendeeIds!: string[];
  @TextList() topics!: string[];
  @FreeText() notes!: string;
  @ListOf(APPROACHES) approaches!: Approach[];
}

@Feeds('AgreeAction')
export class ActionDto {
  @Text() description!: string;
  @Id({ description: 'one of the two partners' }) ownerId!: string;
  @CalendarDate({ optional: true, description: 'defaults to today' }) agreedOn?: string;
  @CalendarDate({ optional: true }) dueOn?: string;
  @Text({ optional: true, max: 100 }) meetingId?: string;
}

@Feeds('CompleteAction')
export class CompleteActionDto {
  @CalendarDate({ optional: true, description: 'defaults to today' }) completedOn?: string;
  @Text({ optional: true }) note?: string;
}

@Feeds('DropAction')
export class DropActionDto {
  @Text() reason!: string;
  @CalendarDate({ optional: true, description: 'defaults to today' }) droppedOn?: string;
}

@Feeds('ReachMilestone')
export class MilestoneDto {
  @Text() description!: string;
  @CalendarDate({ optional: true, description: 'defaults to today' }) reachedOn?: string;
}

export class MeasureDto {
  @Text({ max: 500 }) name!: string;
  @Text({ max: 100 }) unit!: string;
  @Num() baseline!: number;
  @Num() value!: number;
}

@Feeds('RecordOutcome')
export class OutcomeDto {
  @OneOf(OUTCOME_CATEGORIES) category!: OutcomeCategory;
  @Text() description!: string;
  @Text({ optional: true }) evidence?: string;
  @ApiPropertyOptional({ type: MeasureDto })
  @IsOptional()
  @IsObject({ message: 'must be an object {name, unit, baseline, value}' })
  @ValidateNested()
  @Type(() => MeasureDto)
  measure?: MeasureDto;
  @CalendarDate({ optional: true, description: 'defaults to today' }) recordedOn?: string;
  @OneOf(SPREAD_LEVELS) spread!: SpreadLevel;
}

@Feeds('RecordReflection')
export class ReflectionDto {
  @Id({ description: 'one of the two partners' }) participantId!: string;
  @CalendarDate({ optional: true, description: 'defaults to today' }) recordedOn?: string;
  @WholeNumber(1, 5, { description: '1 = "them and us", 5 = "equal partners"' }) relationshipScore!: number;
  @Text() text!: string;
  @Bool({ description: 'whether the author offers it for quotation' }) quotable!: boolean;
}

@Feeds('CorrectEntry')
export class CorrectionDto {
  @Id({ description: 'the eventId of the fact to correct (GET /pairs/:id/events lists them)' }) targetEventId!: string;
  @Text() reason!: string;
  @AnyObject({ description: 'the new values of the fields being corrected', example: { durationMinutes: 90 } }) replacement!: Record<string, unknown>;
}

@Feeds('RetractEntry')
export class RetractionDto {
  @Id({ description: 'the eventId of the entry to retract' }) targetEventId!: string;
  @Text() reason!: string;
}

@Feeds('PausePair')
export class PauseDto {
  @Text() reason!: string;
  @CalendarDate({ optional: true, description: 'defaults to today' }) on?: string;
}

@Feeds('ResumePair')
export class ResumeDto {
  @CalendarDate({ optional: true, description: 'defaults to today' }) on?: string;
}

@Feeds('ConcludePair')
export class ConcludeDto {
  @CalendarDate({ optional: true, description: 'defaults to today' }) concludedOn?: string;
  @Text() summary!: string;
}

/** An import to undo, and why: every entry it recorded is retracted with that reason. */
export class UndoImportDto {
  @Text({ max: 200, description: "the importId an import's answer gave" }) importId!: string;
  @Text() reason!: string;
}
