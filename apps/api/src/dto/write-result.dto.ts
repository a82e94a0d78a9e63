import { ApiProperty } from '@nestjs/swagger';

/** What every write returns. */
export class WriteResultDto {
  @ApiProperty({ description: 'the aggregate id, or the new entry id (meetingId, actionId, …)' }) id!: string;
  @ApiProperty({ description: 'stream revision after the append (64-bit, as a string)', example: '3' }) revision!: string;
  @ApiProperty({ description: 'global log position after the append (64-bit, as a string)', example: '120' }) position!: string;
}

export class CreatedUserDto extends WriteResultDto {
  @ApiProperty({ type: String, description: 'the bearer token, shown once; null when a retried request is answered again', nullable: true }) token!:
    string | null;
  @ApiProperty() tokenId!: string;
}

export class IssuedTokenDto extends CreatedUserDto {}

/** What `POST /participants/imports` did, or with `dryRun`, would do. */
export class ImportResultDto {
  @ApiProperty() dryRun!: boolean;
  @ApiProperty({ description: 'people registered (or to register)' }) registered!: number;
  @ApiProperty({ description: 'people in the file registered before, matched by name, perspective and organisation' }) alreadyRegistered!: number;
  @ApiProperty({ description: 'consents recorded (or to record)' }) consents!: number;
  @ApiProperty({ description: 'log position after the last event recorded, for X-Min-Position; null when nothing was', nullable: true, type: String })
  position!: string | null;
  @ApiProperty({
    description: 'said when people are to be registered and some participants have been erased, whose names are gone and cannot be matched',
    nullable: true,
    type: String,
  })
  caution!: string | null;
}

/** What `POST /pairs/imports` did, or with `dryRun`, would do. */
export class PairImportResultDto {
  @ApiProperty() dryRun!: boolean;
  @ApiProperty({ description: 'pairs formed (or to form)' }) formed!: number;
  @ApiProperty({ description: 'pairs in the file formed before: the same partners, in the same cohort' }) alreadyFormed!: number;
  @ApiProperty({ description: 'initiatives defined (or to define): of the pairs formed, and of those formed before that had none, where the file gives one' })
  initiativesDefined!: number;
  @ApiProperty({ description: 'log position after the last event recorded, for X-Min-Position; null when nothing was', nullable: true, type: String })
  position!: string | null;
}

/** What an import of pairs' facts did, or would do, whatever it imports: and, once recorded, the id that undoes it. */
abstract class UndoableImportResultDto {
  @ApiProperty() dryRun!: boolean;
  @ApiProperty({ description: 'log position after the last event recorded, for X-Min-Position; null when nothing was', nullable: true, type: String })
  position!: string | null;
  @ApiProperty({
    description: 'the id that undoes this import (POST /pairs/imports/undo); null on a dry run, or when nothing was recorded',
    nullable: true,
    type: String,
  })
  importId!: string | null;
}

/** What `POST /pairs/meetings/imports` did, or with `dryRun`, would do. */
export class MeetingImportResultDto extends UndoableImportResultDto {
  @ApiProperty({ description: 'meetings recorded (or to record)' }) recorded!: number;
  @ApiProperty({ description: 'meetings in the file recorded before: the same pair, on the same date' }) alreadyRecorded!: number;
  @ApiProperty({ description: 'of the meetings recorded (or to record), those whose row named no attendees, taken as attended by both partners' })
  bothPartnersTaken!: number;
}

/** What `POST /pairs/actions/imports` did, or with `dryRun`, would do. */
export class ActionImportResultDto extends UndoableImportResultDto {
  @ApiProperty({ description: 'actions agreed (or to agree)' }) agreed!: number;
  @ApiProperty({ description: 'actions completed (or to complete), of those agreed now or before' }) completed!: number;
  @ApiProperty({ description: 'actions dropped (or to drop), of those agreed now or before' }) dropped!: number;
  @ApiProperty({ description: 'actions in the file recorded before (the same pair, description and date agreed), with nothing new to record of them' })
  alreadyRecorded!: number;
}

/** What `POST /pairs/reflections/imports` did, or with `dryRun`, would do. */
export class ReflectionImportResultDto extends UndoableImportResultDto {
  @ApiProperty({ description: 'reflections recorded (or to record)' }) recorded!: number;
  @ApiProperty({ description: 'reflections in the file recorded before: by the same partner of the same pair, on the same date' }) alreadyRecorded!: number;
}

/** What `POST /pairs/outcomes/imports` did, or with `dryRun`, would do. */
export class OutcomeImportResultDto extends UndoableImportResultDto {
  @ApiProperty({ description: 'outcomes recorded (or to record)' }) recorded!: number;
  @ApiProperty({ description: 'outcomes in the file recorded before: of the same pair, with the same description, on the same date' }) alreadyRecorded!: number;
}

/** What `POST /pairs/milestones/imports` did, or with `dryRun`, would do. */
export class MilestoneImportResultDto extends UndoableImportResultDto {
  @ApiProperty({ description: 'milestones recorded (or to record)' }) recorded!: number;
  @ApiProperty({ description: 'milestones in the file recorded before: of the same pair, with the same description, on the same date' })
  alreadyRecorded!: number;
}

/** What `POST /pairs/imports/undo` did. */
export class ImportUndoResultDto {
  @ApiProperty({ description: 'entries of the import retracted now' }) retracted!: number;
  @ApiProperty({ description: "entries of the import retracted before (by an undo before, or on the pair's page)" }) retractedBefore!: number;
  @ApiProperty({ description: 'log position after the last retraction, for X-Min-Position; null when nothing was retracted', nullable: true, type: String })
  position!: string | null;
}
