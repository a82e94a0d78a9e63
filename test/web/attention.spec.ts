import { attentionText } from '../../apps/web/src/attention';

describe('why a pair needs attention, in words', () => {
  it('says each reason that holds, with its figure, in one line', () => {
    expect(attentionText({ attentionReasons: ['no-recent-meeting', 'overdue-actions'], daysSinceLastMeeting: 150, overdueActions: 2 })).toBe(
      'No meeting for 150 days; 2 actions overdue',
    );
    expect(attentionText({ attentionReasons: ['overdue-actions'], daysSinceLastMeeting: 3, overdueActions: 1 })).toBe('1 action overdue');
    expect(attentionText({ attentionReasons: ['no-first-meeting', 'overdue-actions'], daysSinceLastMeeting: null, overdueActions: 1 })).toBe(
      'No meeting yet, more than six weeks after forming; 1 action overdue',
    );
    expect(attentionText({ attentionReasons: [], daysSinceLastMeeting: 3, overdueActions: 0 })).toBe('');
  });
});
