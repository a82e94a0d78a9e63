import {
  addDays,
  type Approach,
  type ConsentScope,
  type MeetingFormat,
  type OrganisationType,
  type OutcomeCategory,
  type SpreadLevel,
} from '@pairtrail/domain';
import { deriveId, eventIdFor } from '@pairtrail/event-store';
import type { AppCommand } from '../commands';

/** One step of the demo: a command with a stable key, from which its command id (and so its ids) derive. */
export interface DemoStep {
  key: string;
  command: AppCommand;
}

/** The command id of a demo step: stable, so running the demo twice appends nothing the second time. */
export const demoCommandId = (key: string): string => deriveId('demo', key);
/** The id a demo step creates (the same as the application derives from the step's command id). */
export const demoId = (field: string, key: string): string => deriveId(field, demoCommandId(key));

interface PersonSpec {
  key: string;
  name: string;
  email?: string;
  perspective: 'lived-experience' | 'professional';
  role: string;
  organisation: string;
  organisationType: OrganisationType;
  named: boolean;
  quotes: boolean;
}

interface MeetingSpec {
  on: string;
  minutes: number;
  format: MeetingFormat;
  topics: string[];
  notes: string;
  approaches: Approach[];
  /** Attended by the professional partner too (otherwise the lived-experience partner and a guest). */
  both?: boolean;
}

interface PairSpec {
  key: string;
  lived: PersonSpec;
  professional: PersonSpec;
  formedOn: string;
  focus: string;
  serviceArea: string;
  initiative: { title: string; aim: string; context: string; successMeasures: string[]; on: string };
  meetings: MeetingSpec[];
  actions: {
    key: string;
    description: string;
    owner: 'lived' | 'professional';
    agreedOn: string;
    dueOn?: string;
    completedOn?: string;
    dropped?: { on: string; reason: string };
  }[];
  milestones: { key: string; description: string; on: string }[];
  outcomes: {
    key: string;
    category: OutcomeCategory;
    description: string;
    evidence?: string;
    measure?: { name: string; unit: string; baseline: number; value: number };
    on: string;
    spread: SpreadLevel;
  }[];
  reflections: { key: string; by: 'lived' | 'professional'; on: string; score: number; text: string; quotable: boolean }[];
  concluded?: { on: string; summary: string };
  paused?: { on: string; reason: string; resumedOn: string };
}

const monthly = (first: string, count: number, everyDays = 30): string[] => Array.from({ length: count }, (_, i) => addDays(first, i * everyDays));

const PAIRS: PairSpec[] = [
  {
    key: 'cardiac',
    lived: {
      key: 'margaret',
      name: 'Margaret Hughes',
      email: 'margaret.hughes@example.org',
      perspective: 'lived-experience',
      role: 'patient leader',
      organisation: 'Riverside Heart Support Group',
      organisationType: 'patient-group',
      named: true,
      quotes: true,
    },
    professional: {
      key: 'samir',
      name: 'Dr Samir Patel',
      email: 'samir.patel@example.nhs.uk',
      perspective: 'professional',
      role: 'consultant cardiologist',
      organisation: 'Northfield Hospitals NHS Foundation Trust',
      organisationType: 'acute-trust',
      named: true,
      quotes: false,
    },
    formedOn: '2025-09-15',
    focus: 'Get more heart patients into cardiac rehabilitation within four weeks of discharge',
    serviceArea: 'Cardiac',
    initiative: {
      title: 'Cardiac rehab that people actually start',
      aim: 'Raise the share of eligible patients starting cardiac rehabilitation within four weeks of discharge from 38% to 60%.',
      context: 'Patients said the referral letter arrived weeks after discharge and read like a bill. Many never started rehab, and no one asked them why.',
      successMeasures: ['share of eligible patients starting rehab within 4 weeks', 'days from discharge to first session'],
      on: '2025-09-29',
    },
    meetings: monthly('2025-09-29', 11).map((on, i) => ({
      on,
      minutes: [90, 60, 75, 60, 120, 60, 60, 90, 60, 45, 90][i]!,
      format: (['in-person', 'video', 'in-person', 'coaching', 'workshop', 'video', 'in-person', 'video', 'phone', 'video', 'in-person'] as MeetingFormat[])[
        i
      ]!,
      topics: [
        ['why patients do not start rehab', 'ground rules'],
        ['discharge letter', 'referral data'],
        ['patient interviews'],
        ['leading change together', 'coaching session'],
        ['co-design workshop with patients and nurses'],
        ['new leaflet draft'],
        ['ward pilot'],
        ['pilot results'],
        ['board paper'],
        ['spreading to the second site'],
        ['what we learned', 'handover'],
      ][i]!,
      notes: [
        'Agreed to meet monthly and to talk as equals. Margaret shared her own rehab story.',
        'Looked at the referral data together: median 23 days from discharge to letter.',
        'Margaret interviewed eight patients at the support group; themes were fear and the tone of the letter.',
        'Coaching session on leading change across organisational boundaries.',
        'Workshop with twelve patients and four cardiac nurses redesigned the first conversation on the ward.',
        'Reviewed the new leaflet written with patients; plain language, a named nurse, a phone number.',
        'Ward 7 pilot started: rehab nurse meets every patient before discharge.',
        'Pilot figures: starts within four weeks up from 38% to 55% on ward 7.',
        'Prepared the board paper together; Margaret will present the patient view.',
        'Planning roll-out to the second hospital site.',
        'Looked back on the year and agreed how the work continues after the pair concludes.',
      ][i]!,
      approaches: (
        [
          ['finding-partner'],
          ['finding-partner', 'making-time-for-learning'],
          ['going-where-energy-is'],
          ['developing-leadership'],
          ['going-where-energy-is', 'making-time-for-learning'],
          ['making-time-for-learning'],
          ['going-where-energy-is'],
          ['making-time-for-learning'],
          ['embedding', 'developing-leadership'],
          ['embedding'],
          ['making-time-for-learning', 'embedding'],
        ] as Approach[][]
      )[i]!,
      both: i !== 3,
    })),
    actions: [
      {
        key: 'data',
        description: 'Pull six months of referral and start dates',
        owner: 'professional',
        agreedOn: '2025-09-29',
        dueOn: '2025-10-27',
        completedOn: '2025-10-20',
      },
      {
        key: 'interviews',
        description: 'Interview patients at the support group about not starting rehab',
        owner: 'lived',
        agreedOn: '2025-10-29',
        dueOn: '2025-11-26',
        completedOn: '2025-11-25',
      },
      {
        key: 'leaflet',
        description: 'Draft a new rehab leaflet with patients',
        owner: 'lived',
        agreedOn: '2025-12-28',
        dueOn: '2026-02-20',
        completedOn: '2026-02-24',
      },
      {
        key: 'texts',
        description: 'Trial text-message reminders',
        owner: 'professional',
        agreedOn: '2026-01-27',
        dropped: { on: '2026-03-10', reason: 'The trust text service could not be used for clinical reminders this year.' },
      },
      {
        key: 'board',
        description: 'Write the board paper together',
        owner: 'professional',
        agreedOn: '2026-04-27',
        dueOn: '2026-06-01',
        completedOn: '2026-05-25',
      },
    ],
    milestones: [
      { key: 'pilot', description: 'Ward 7 pilot started', on: '2026-03-28' },
      { key: 'board', description: 'Trust board approved roll-out to every cardiac ward', on: '2026-06-10' },
    ],
    outcomes: [
      {
        key: 'starts',
        category: 'service-change',
        description: 'Rehab nurse meets every cardiac patient before discharge on ward 7',
        evidence: 'Ward 7 audit, April to May 2026',
        measure: { name: 'patients starting rehab within 4 weeks', unit: '%', baseline: 38, value: 55 },
        on: '2026-05-26',
        spread: 'team',
      },
      {
        key: 'leaflet',
        category: 'patient-experience',
        description: 'Rehab leaflet rewritten with patients and adopted trust-wide',
        evidence: 'Patient panel review, February 2026',
        on: '2026-03-01',
        spread: 'organisation',
      },
      {
        key: 'rollout',
        category: 'policy',
        description: 'Board made pre-discharge rehab conversations the standard on every cardiac ward',
        evidence: 'Board minutes, June 2026',
        on: '2026-06-12',
        spread: 'organisation',
      },
    ],
    reflections: [
      {
        key: 'm1',
        by: 'lived',
        on: '2025-10-01',
        score: 2,
        text: 'I came in expecting to be the token patient in the room. Samir asked what I thought first, which surprised me.',
        quotable: true,
      },
      { key: 's1', by: 'professional', on: '2025-10-02', score: 2, text: 'I am used to chairing. Sharing the agenda feels slow.', quotable: false },
      {
        key: 'm2',
        by: 'lived',
        on: '2026-02-01',
        score: 4,
        text: 'The workshop was the turning point: the nurses heard patients say what the letter felt like.',
        quotable: true,
      },
      { key: 's2', by: 'professional', on: '2026-02-03', score: 4, text: 'Margaret found things in the data I had looked past for years.', quotable: true },
      {
        key: 'm3',
        by: 'lived',
        on: '2026-08-20',
        score: 5,
        text: 'We are equal partners now. I present at the board with Samir, not after him.',
        quotable: true,
      },
      {
        key: 's3',
        by: 'professional',
        on: '2026-08-21',
        score: 5,
        text: 'I would not go back to designing a service without a partner like Margaret.',
        quotable: true,
      },
    ],
    concluded: { on: '2026-09-15', summary: 'A year of work moved rehab starts from 38% to 55% on the pilot ward and became trust policy.' },
  },
  {
    key: 'vanguard',
    lived: {
      key: 'joan',
      name: 'Joan Whitaker',
      perspective: 'lived-experience',
      role: 'Healthwatch representative',
      organisation: 'Healthwatch Northfield',
      organisationType: 'healthwatch',
      named: true,
      quotes: true,
    },
    professional: {
      key: 'aisha',
      name: 'Dr Aisha Rahman',
      email: 'aisha.rahman@example.nhs.uk',
      perspective: 'professional',
      role: 'clinical director',
      organisation: 'Northfield Clinical Commissioning Group',
      organisationType: 'commissioner',
      named: true,
      quotes: true,
    },
    formedOn: '2025-10-01',
    focus: 'Shape new models of care at the Northfield vanguard site with residents',
    serviceArea: 'New models of care',
    initiative: {
      title: 'Residents at the design table of the vanguard',
      aim: 'Make sure every new care model at the vanguard is tested with residents before it is commissioned.',
      context: 'The vanguard was designing integrated care hubs, but resident engagement was a survey at the end.',
      successMeasures: ['care models tested with residents before commissioning', 'residents on design groups'],
      on: '2025-10-20',
    },
    meetings: monthly('2025-10-20', 9, 31).map((on, i) => ({
      on,
      minutes: [60, 60, 90, 60, 45, 60, 120, 60, 60][i]!,
      format: (['in-person', 'video', 'workshop', 'video', 'phone', 'in-person', 'workshop', 'video', 'in-person'] as MeetingFormat[])[i]!,
      topics: [
        ['what the vanguard is building'],
        ['engagement so far'],
        ['resident design group'],
        ['hub opening hours'],
        ['quick check-in'],
        ['care navigator role'],
        ['hub walk-through with residents'],
        ['contract terms'],
        ['six-month review'],
      ][i]!,
      notes: [
        'Aisha walked Joan through the vanguard plans; Joan asked who decided the hub locations.',
        'Agreed the survey came too late to change anything.',
        'First resident design group: fifteen residents, three GPs.',
        'Residents asked for evening opening; Aisha took it to the programme board.',
        'Short call: Joan recruiting carers for the design group.',
        'Care navigator job description rewritten with residents.',
        'Walk-through of the first hub with residents and staff; twenty changes logged.',
        'Resident testing written into the hub contract.',
        'Reviewed six months of work with the vanguard board.',
      ][i]!,
      approaches: (
        [
          ['finding-partner'],
          ['making-time-for-learning'],
          ['going-where-energy-is'],
          ['developing-leadership'],
          [],
          ['going-where-energy-is'],
          ['going-where-energy-is', 'embedding'],
          ['embedding'],
          ['making-time-for-learning'],
        ] as Approach[][]
      )[i]!,
      both: i !== 4,
    })),
    actions: [
      { key: 'group', description: 'Recruit a resident design group', owner: 'lived', agreedOn: '2025-11-20', dueOn: '2025-12-20', completedOn: '2025-12-15' },
      {
        key: 'hours',
        description: 'Take evening opening to the programme board',
        owner: 'professional',
        agreedOn: '2026-01-19',
        dueOn: '2026-02-28',
        completedOn: '2026-02-20',
      },
      {
        key: 'contract',
        description: 'Draft contract clause on resident testing',
        owner: 'professional',
        agreedOn: '2026-04-25',
        dueOn: '2026-05-31',
        completedOn: '2026-05-28',
      },
      { key: 'report', description: 'Write a Healthwatch report on the hub walk-through', owner: 'lived', agreedOn: '2026-05-25', dueOn: '2026-07-31' },
    ],
    milestones: [{ key: 'hub', description: 'First integrated care hub opened with evening hours', on: '2026-04-01' }],
    outcomes: [
      {
        key: 'evening',
        category: 'new-model-of-care',
        description: 'Hub opens two evenings a week after residents asked',
        evidence: 'Programme board decision, February 2026',
        on: '2026-02-25',
        spread: 'system',
      },
      {
        key: 'tested',
        category: 'policy',
        description: 'Resident testing is a condition of every vanguard hub contract',
        evidence: 'Hub contract, May 2026',
        measure: { name: 'care models tested with residents before commissioning', unit: 'models', baseline: 0, value: 3 },
        on: '2026-06-01',
        spread: 'system',
      },
      { key: 'duplicate', category: 'other', description: 'Evening opening (entered twice by mistake)', on: '2026-02-26', spread: 'system' },
    ],
    reflections: [
      { key: 'j1', by: 'lived', on: '2025-11-01', score: 3, text: 'Healthwatch is usually told afterwards. This time I was asked first.', quotable: true },
      { key: 'a1', by: 'professional', on: '2025-11-02', score: 3, text: 'Joan asks the questions my board does not.', quotable: true },
      { key: 'j2', by: 'lived', on: '2026-06-05', score: 4, text: 'Residents changed the hub. That has never happened here before.', quotable: true },
      {
        key: 'a2',
        by: 'professional',
        on: '2026-06-06',
        score: 5,
        text: 'Resident testing is in the contract now, so it will outlast both of us.',
        quotable: true,
      },
    ],
    paused: { on: '2026-02-26', reason: 'Joan on leave for a family matter', resumedOn: '2026-03-20' },
  },
  {
    key: 'neuro',
    lived: {
      key: 'david',
      name: 'David Okafor',
      perspective: 'lived-experience',
      role: 'chair of a local disability group',
      organisation: 'Northfield Disability Forum',
      organisationType: 'voluntary-group',
      named: false,
      quotes: true,
    },
    professional: {
      key: 'claire',
      name: 'Claire Bennett',
      email: 'claire.bennett@example.nhs.uk',
      perspective: 'professional',
      role: 'clinical manager',
      organisation: 'Northfield Community Health NHS Trust',
      organisationType: 'community-trust',
      named: true,
      quotes: true,
    },
    formedOn: '2025-10-15',
    focus: 'Improve neuro-rehabilitation for people leaving hospital after a brain injury',
    serviceArea: 'Neuro Rehabilitation',
    initiative: {
      title: 'No gap after the ward',
      aim: 'Close the gap between hospital discharge and community neuro-rehabilitation, so nobody waits more than two weeks.',
      context: 'People with acquired brain injuries were waiting up to ten weeks for community rehab, and families did not know who to call.',
      successMeasures: ['weeks from discharge to first community session', 'families with a named contact'],
      on: '2025-11-05',
    },
    meetings: monthly('2025-11-05', 8, 35).map((on, i) => ({
      on,
      minutes: [75, 60, 60, 90, 60, 60, 45, 60][i]!,
      format: (['in-person', 'in-person', 'video', 'workshop', 'in-person', 'video', 'phone', 'in-person'] as MeetingFormat[])[i]!,
      topics: [
        ['the waiting gap'],
        ["families' experience"],
        ['referral route'],
        ['peer support design'],
        ['named contact role'],
        ['waiting list data'],
        ['check-in'],
        ['peer support launch'],
      ][i]!,
      notes: [
        'David described the ten-week wait after his own brain injury.',
        'Heard from six families at the forum; nobody knew who to call.',
        'Mapped the referral route: three hand-offs, two of them by post.',
        'Designed a peer support group with forum members and therapists.',
        'Agreed a named contact for every family from the day of discharge.',
        'Waiting list down from ten weeks to six.',
        'Short call about the launch date.',
        'Peer support group launched at the forum with twenty people.',
      ][i]!,
      approaches: (
        [
          ['finding-partner'],
          ['going-where-energy-is'],
          ['making-time-for-learning'],
          ['going-where-energy-is', 'developing-leadership'],
          ['embedding'],
          ['making-time-for-learning'],
          [],
          ['embedding'],
        ] as Approach[][]
      )[i]!,
      both: true,
    })),
    actions: [
      {
        key: 'families',
        description: "Gather families' stories at the forum",
        owner: 'lived',
        agreedOn: '2025-11-05',
        dueOn: '2025-12-10',
        completedOn: '2025-12-08',
      },
      {
        key: 'route',
        description: 'Replace posted referrals with electronic ones',
        owner: 'professional',
        agreedOn: '2026-01-14',
        dueOn: '2026-03-31',
        completedOn: '2026-04-02',
      },
      { key: 'contact', description: 'Write the named-contact role with families', owner: 'professional', agreedOn: '2026-03-25', dueOn: '2026-05-15' },
      {
        key: 'funding',
        description: 'Apply for charity funding for the peer group',
        owner: 'lived',
        agreedOn: '2026-02-18',
        dueOn: '2026-04-30',
        completedOn: '2026-04-28',
      },
    ],
    milestones: [{ key: 'peer', description: 'Peer support group launched', on: '2026-06-17' }],
    outcomes: [
      {
        key: 'wait',
        category: 'service-change',
        description: 'Electronic referrals cut the wait for community neuro-rehab',
        evidence: 'Community trust waiting list, May 2026',
        measure: { name: 'weeks from discharge to first session', unit: 'weeks', baseline: 10, value: 6 },
        on: '2026-05-20',
        spread: 'organisation',
      },
      { key: 'peer', category: 'relationship', description: 'Forum and therapists now run a peer support group together', on: '2026-06-20', spread: 'team' },
    ],
    reflections: [
      { key: 'd1', by: 'lived', on: '2025-11-20', score: 1, text: 'It felt like them and us. I was the complaint in the room.', quotable: true },
      { key: 'c1', by: 'professional', on: '2025-11-21', score: 2, text: 'I was defensive about the waiting list at first.', quotable: true },
      { key: 'd2', by: 'lived', on: '2026-03-01', score: 3, text: 'Claire came to the forum on a Saturday. People noticed.', quotable: true },
      {
        key: 'c2',
        by: 'professional',
        on: '2026-03-02',
        score: 4,
        text: "The families' stories David gathered at Northfield Disability Forum changed how my team talks about waiting.",
        quotable: true,
      },
      { key: 'd3', by: 'lived', on: '2026-06-25', score: 4, text: 'We run the peer group together now. It is ours, not theirs.', quotable: true },
    ],
  },
];

/**
 * The partners of the demo pair whose members sign in to the demo (`demo --serve`): the neuro pair's,
 * whose case study one of them has approved and the other has yet to.
 */
export function demoPairMembers(): { participantId: string; name: string }[] {
  const neuro = PAIRS.find((pair) => pair.key === 'neuro')!;
  return [neuro.lived, neuro.professional].map((p) => ({ participantId: demoId('participantId', `person:${p.key}`), name: p.name }));
}

/** The demo programme: one cohort and the three example pairs of domain.md, as commands in order. */
export function demoProgramme(): DemoStep[] {
  const steps: DemoStep[] = [];
  const add = (key: string, command: AppCommand) => steps.push({ key, command });
  const cohortId = demoId('cohortId', 'cohort');
  add('cohort', { type: 'OpenCohort', data: { name: 'Northfield collaborative pairs, wave 1', startsOn: '2025-09-01', endsOn: '2026-12-31' } });

  for (const pair of PAIRS) {
    const people = { lived: pair.lived, professional: pair.professional };
    const ids = { lived: demoId('participantId', `person:${pair.lived.key}`), professional: demoId('participantId', `person:${pair.professional.key}`) };
    for (const side of ['lived', 'professional'] as const) {
      const p = people[side];
      const participantId = ids[side];
      add(`person:${p.key}`, {
        type: 'RegisterParticipant',
        data: {
          name: p.name,
          ...(p.email ? { email: p.email } : {}),
          perspective: p.perspective,
          role: p.role,
          organisation: p.organisation,
          organisationType: p.organisationType,
          registeredOn: addDays(pair.formedOn, -10),
        },
      });
      const scopes: ConsentScope[] = ['participation', 'case-study', ...(p.named ? (['named'] as const) : []), ...(p.quotes ? (['quotes'] as const) : [])];
      for (const scope of scopes) {
        add(`consent:${p.key}:${scope}`, {
          type: 'GiveConsent',
          data: { participantId, scope, evidence: `signed consent form, ${addDays(pair.formedOn, -7)}`, on: addDays(pair.formedOn, -7) },
        });
      }
    }
    const k = (step: string) => `${pair.key}:${step}`;
    const pairId = demoId('pairId', k('formed'));
    add(k('formed'), {
      type: 'FormPair',
      data: {
        cohortId,
        livedExperiencePartnerId: ids.lived,
        professionalPartnerId: ids.professional,
        formedOn: pair.formedOn,
        focus: pair.focus,
        serviceArea: pair.serviceArea,
      },
    });
    add(k('initiative'), { type: 'DefineInitiative', data: { pairId, ...pair.initiative } });

    // Facts are recorded in the order they happened, as a pair would record them.
    const facts: { on: string; key: string; command: AppCommand }[] = [];
    pair.meetings.forEach((m, i) =>
      facts.push({
        on: m.on,
        key: k(`meeting:${i}`),
        command: {
          type: 'RecordMeeting',
          data: {
            pairId,
            heldOn: m.on,
            durationMinutes: m.minutes,
            format: m.format,
            attendeeIds: m.both === false ? [ids.lived] : [ids.lived, ids.professional],
            topics: m.topics,
            notes: m.notes,
            approaches: m.approaches,
          },
        },
      }),
    );
    for (const a of pair.actions) {
      const actionId = demoId('actionId', k(`action:${a.key}`));
      facts.push({
        on: a.agreedOn,
        key: k(`action:${a.key}`),
        command: {
          type: 'AgreeAction',
          data: { pairId, description: a.description, ownerId: ids[a.owner], agreedOn: a.agreedOn, ...(a.dueOn ? { dueOn: a.dueOn } : {}) },
        },
      });
      if (a.completedOn)
        facts.push({
          on: a.completedOn,
          key: k(`action:${a.key}:done`),
          command: { type: 'CompleteAction', data: { pairId, actionId, completedOn: a.completedOn } },
        });
      if (a.dropped)
        facts.push({
          on: a.dropped.on,
          key: k(`action:${a.key}:dropped`),
          command: { type: 'DropAction', data: { pairId, actionId, droppedOn: a.dropped.on, reason: a.dropped.reason } },
        });
    }
    for (const m of pair.milestones)
      facts.push({
        on: m.on,
        key: k(`milestone:${m.key}`),
        command: { type: 'ReachMilestone', data: { pairId, description: m.description, reachedOn: m.on } },
      });
    for (const o of pair.outcomes) {
      facts.push({
        on: o.on,
        key: k(`outcome:${o.key}`),
        command: {
          type: 'RecordOutcome',
          data: {
            pairId,
            category: o.category,
            description: o.description,
            ...(o.evidence ? { evidence: o.evidence } : {}),
            ...(o.measure ? { measure: o.measure } : {}),
            recordedOn: o.on,
            spread: o.spread,
          },
        },
      });
    }
    for (const r of pair.reflections) {
      facts.push({
        on: r.on,
        key: k(`reflection:${r.key}`),
        command: {
          type: 'RecordReflection',
          data: { pairId, participantId: ids[r.by], recordedOn: r.on, relationshipScore: r.score, text: r.text, quotable: r.quotable },
        },
      });
    }
    if (pair.paused) {
      facts.push({ on: pair.paused.on, key: k('paused'), command: { type: 'PausePair', data: { pairId, on: pair.paused.on, reason: pair.paused.reason } } });
      facts.push({ on: pair.paused.resumedOn, key: k('resumed'), command: { type: 'ResumePair', data: { pairId, on: pair.paused.resumedOn } } });
    }
    facts.sort((a, b) => (a.on < b.on ? -1 : a.on > b.on ? 1 : 0));
    for (const f of facts) add(f.key, f.command);
    if (pair.concluded) add(k('concluded'), { type: 'ConcludePair', data: { pairId, concludedOn: pair.concluded.on, summary: pair.concluded.summary } });
  }

  // Putting the record right: a meeting logged with the wrong length, and an outcome entered twice.
  const cardiacPair = demoId('pairId', 'cardiac:formed');
  const vanguardPair = demoId('pairId', 'vanguard:formed');
  add('cardiac:correction', {
    type: 'CorrectEntry',
    data: {
      pairId: cardiacPair,
      targetEventId: demoEventId('cardiac:meeting:2'),
      reason: 'The interview debrief ran over: it was 100 minutes, not 75.',
      replacement: { durationMinutes: 100 },
    },
  });
  add('vanguard:retraction', {
    type: 'RetractEntry',
    data: {
      pairId: vanguardPair,
      targetEventId: demoEventId('vanguard:outcome:duplicate'),
      reason: 'Entered twice; the evening-opening outcome is already recorded.',
    },
  });
  return steps;
}

/** The id of the first event a demo step appended. */
function demoEventId(key: string): string {
  return eventIdFor(demoCommandId(key), 0);
}
