import { demoId } from '@pairtrail/application';
import { daysBetween } from '@pairtrail/domain';
import { ApiHarness, type Reply } from '../support/api-harness';

interface BriefAction {
  actionId: string;
  description: string;
  owner: string;
  dueOn: string | null;
  state: string;
  closedOn: string | null;
  daysOverdue: number | null;
}
interface Brief {
  title: string;
  status: string;
  partners: { name: string; perspective: string; lastReflection: { on: string; relationshipScore: number } | null; reflectionDue: boolean }[];
  initiative: { title: string; aim: string; successMeasures: string[] } | null;
  lastMeeting: {
    meetingId: string;
    on: string;
    daysAgo: number;
    format: string;
    durationMinutes: number;
    attendees: string[];
    details: string[];
    agreed: BriefAction[];
  } | null;
  openActions: BriefAction[];
  since: { type: string; on: string; details: string[] }[];
  asOf: string;
  position: string;
}

describe('GET /pairs/:id/brief: a pair before its next meeting', () => {
  let h: ApiHarness;
  let coordinator: string;
  let today: string;
  const neuro = demoId('pairId', 'neuro:formed');
  const cardiac = demoId('pairId', 'cardiac:formed');
  const david = demoId('participantId', 'person:david');
  const claire = demoId('participantId', 'person:claire');

  const get = (path: string, token = coordinator): Promise<Reply> => h.readAfterWrites(path, token);
  const brief = async (pairId = neuro, token = coordinator): Promise<Brief> => {
    const r = await get(`/pairs/${pairId}/brief`, token);
    if (r.status !== 200) throw new Error(`${r.status} ${r.text}`);
    return r.body as unknown as Brief;
  };
  const write = (path: string, body: unknown) => h.posted(path, body, coordinator);

  beforeAll(async () => {
    ({ h, coordinator } = await ApiHarness.withDemo());
    today = h.today();
  });
  afterAll(() => h.stop());

  it('says what the pair set out to do, what was agreed last time, what is open and whose reflection is due', async () => {
    // The neuro pair of the demo, worked out from its story: it last met on 8 July 2026 (the peer support
    // launch, both there, an hour in person, nothing agreed), left one action open (the named-contact
    // role, Claire's, due 15 May 2026), and its partners last reflected on 25 June and 2 March 2026.
    const b = await brief();
    expect(b).toMatchObject({ title: 'No gap after the ward', status: 'active', asOf: today });
    expect(b.initiative!.successMeasures).toEqual(['weeks from discharge to first community session', 'families with a named contact']);
    expect(b.lastMeeting).toMatchObject({
      on: '2026-07-08',
      daysAgo: daysBetween('2026-07-08', today),
      format: 'in-person',
      durationMinutes: 60,
      attendees: ['David Okafor', 'Claire Bennett'],
      details: ['Topics: peer support launch', 'Peer support group launched at the forum with twenty people.'],
      agreed: [],
    });
    expect(b.openActions).toEqual([
      expect.objectContaining({
        description: 'Write the named-contact role with families',
        owner: 'Claire Bennett',
        dueOn: '2026-05-15',
        state: 'open',
        daysOverdue: daysBetween('2026-05-15', today),
      }),
    ]);
    expect(b.since).toEqual([]);
    expect(b.partners).toEqual([
      {
        participantId: david,
        name: 'David Okafor',
        perspective: 'lived-experience',
        lastReflection: { on: '2026-06-25', relationshipScore: 4 },
        reflectionDue: daysBetween('2026-06-25', today) >= 91,
      },
      {
        participantId: claire,
        name: 'Claire Bennett',
        perspective: 'professional',
        lastReflection: { on: '2026-03-02', relationshipScore: 4 },
        reflectionDue: daysBetween('2026-03-02', today) >= 91,
      },
    ]);
  });

  it('moves on with a new meeting: what it agreed under it, what happened since after it, the open actions most overdue first', async () => {
    const met = await write(`/pairs/${neuro}/meetings`, {
      heldOn: today,
      durationMinutes: 45,
      format: 'video',
      attendeeIds: [david, claire],
      topics: ['families survey'],
      notes: 'Agreed to survey families on the named contact.',
      approaches: ['making-time-for-learning'],
    });
    const agreed = await write(`/pairs/${neuro}/actions`, {
      description: 'Send the families survey',
      ownerId: david,
      agreedOn: today,
      meetingId: met.id,
    });
    await write(`/pairs/${neuro}/reflections`, {
      participantId: david,
      recordedOn: today,
      relationshipScore: 5,
      text: 'We plan together now.',
      quotable: false,
    });
    const b = await brief();
    expect(b.lastMeeting).toMatchObject({ meetingId: met.id, on: today, daysAgo: 0, format: 'video', attendees: ['David Okafor', 'Claire Bennett'] });
    expect(b.lastMeeting!.agreed.map((a) => [a.description, a.state])).toEqual([['Send the families survey', 'open']]);
    // Since the meeting's day: the reflection, not the meeting nor the action it agreed, which are said under it.
    expect(b.since.map((e) => e.type)).toEqual(['ReflectionRecorded']);
    expect(b.since[0]!.details).toEqual(['David Okafor', 'We plan together now.']);
    // The overdue action before the one with no date.
    expect(b.openActions.map((a) => a.description)).toEqual(['Write the named-contact role with families', 'Send the families survey']);
    expect(b.partners[0]).toMatchObject({ lastReflection: { on: today, relationshipScore: 5 }, reflectionDue: false });

    // Completed, the action agreed at it says so under the meeting, is no longer open, and its completion happened since.
    await write(`/pairs/${neuro}/actions/${agreed.id}/complete`, { completedOn: today, note: 'Sent to 40 families' });
    const after = await brief();
    expect(after.lastMeeting!.agreed).toEqual([expect.objectContaining({ description: 'Send the families survey', state: 'completed', closedOn: today })]);
    expect(after.openActions.map((a) => a.description)).toEqual(['Write the named-contact role with families']);
    expect(after.since.map((e) => e.type)).toEqual(['ReflectionRecorded', 'ActionCompleted']);

    // A meeting retracted did not happen as recorded: the last is the one before it again.
    const events = (await get(`/pairs/${neuro}/timeline`)).body.items as { eventId: string; type: string; data: { meetingId?: string } }[];
    const meeting = events.find((e) => e.type === 'MeetingHeld' && e.data.meetingId === met.id)!;
    await write(`/pairs/${neuro}/retractions`, { targetEventId: meeting.eventId, reason: 'Recorded on the wrong pair' });
    const retracted = await brief();
    expect(retracted.lastMeeting!.on).toBe('2026-07-08');
    expect(retracted.since.map((e) => e.type)).toEqual(['ActionAgreed', 'ReflectionRecorded', 'ActionCompleted']);
  });

  it('comes as a document to print, naming whom it is for, and refuses what it cannot give', async () => {
    const md = await get(`/pairs/${neuro}/brief?format=md`);
    expect(md.status).toBe(200);
    expect(md.headers['content-type']).toMatch(/^text\/markdown/);
    expect(md.text).toContain('# Before the next meeting: No gap after the ward');
    expect(md.text).toContain('They last met on 8 July 2026');
    expect(md.text).toContain('- Write the named-contact role with families (Claire Bennett, due 15 May 2026): overdue by');
    expect(md.text).toContain('it is for the pair and those who support them, not for publication');
    expect(md.text).toContain(`as recorded up to log position ${md.headers['x-log-position']}`);
    const html = await get(`/pairs/${neuro}/brief?format=html`);
    expect(html.headers['content-type']).toMatch(/^text\/html/);
    expect(html.text).toContain('<h1>Before the next meeting: No gap after the ward</h1>');

    const bad = await get(`/pairs/${neuro}/brief?format=pdf`);
    expect(bad.status).toBe(400);
    expect(bad.body.details).toEqual([{ field: 'format', message: 'must be json, md or html' }]);
    expect((await get('/pairs/00000000-0000-4000-8000-000000000000/brief')).status).toBe(404);
    // A partner reads their own pair's, and not another's.
    const davidsToken = await h.user('pair-member', david);
    expect((await brief(neuro, davidsToken)).title).toBe('No gap after the ward');
    expect((await get(`/pairs/${cardiac}/brief`, davidsToken)).status).toBe(403);
  });
});
