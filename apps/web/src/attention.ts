/** Why a pair needs attention, in words a coordinator acts on. Pure, so tested without a browser. */
import { counted } from './lists';

/** The conditions of evaluation.md under which an active pair needs attention, as the API names them. */
export type AttentionReason = 'no-first-meeting' | 'no-recent-meeting' | 'overdue-actions';

/** "No meeting for 60 days; 2 actions overdue", from a pair's (or its figures') reasons and counts; empty when none holds. */
export function attentionText(pair: { attentionReasons: AttentionReason[]; daysSinceLastMeeting: number | null; overdueActions: number }): string {
  const said = pair.attentionReasons.map((reason) => {
    switch (reason) {
      case 'no-first-meeting':
        return 'No meeting yet, more than six weeks after forming';
      case 'no-recent-meeting':
        return `No meeting for ${pair.daysSinceLastMeeting ?? 'over 42'} days`;
      case 'overdue-actions':
        return `${counted(pair.overdueActions, 'action')} overdue`;
    }
  });
  return said.map((s, i) => (i === 0 ? s : s.charAt(0).toLowerCase() + s.slice(1))).join('; ');
}
