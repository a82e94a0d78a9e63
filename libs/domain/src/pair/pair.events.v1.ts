import type { CalendarDate } from '../shared/dates';
import type { MeetingData } from './pair.events';

/**
 * MeetingHeld as first stored (schemaVersion 1): a duration in hours, `face-to-face` for in-person
 * meetings, and no approaches. Events of this shape stay in the log forever; they are upcast on read.
 */
export interface MeetingHeldV1Data {
  meetingId: string;
  heldOn: CalendarDate;
  durationHours: number;
  format: 'face-to-face' | 'video' | 'phone' | 'workshop' | 'coaching';
  attendeeIds: string[];
  topics: string[];
  notes: string;
}

/** Upcasts a v1 MeetingHeld payload to the current (v2) shape. */
export function upcastMeetingHeldV1(data: MeetingHeldV1Data): MeetingData {
  const { durationHours, format, ...rest } = data;
  return {
    ...rest,
    durationMinutes: Math.round(durationHours * 60),
    format: format === 'face-to-face' ? 'in-person' : format,
    approaches: [],
  };
}
