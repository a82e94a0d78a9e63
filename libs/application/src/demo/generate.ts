import { addDays, APPROACHES, MEETING_FORMATS, OUTCOME_CATEGORIES, SPREAD_LEVELS } from '@pairtrail/domain';
import { deriveId } from '@pairtrail/event-store';
import type { AppCommand } from '../commands';
import type { PairtrailApplication } from '../pairtrail.application';

/** A small, seeded PRNG (mulberry32): the same seed always gives the same programme. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface GenerateOptions {
  pairs: number;
  months: number;
  seed?: number;
  /** Called after each pair is recorded. */
  onProgress?: (pairsDone: number, pairs: number) => void;
}

/** The cohort a generated programme of `seed` opens first: a store that holds it holds that programme. */
export const generatedCohortId = (seed: number): string => deriveId('cohortId', deriveId('generate', String(seed), 'cohort'));

/**
 * Records a large, realistic and deterministic programme through the real deciders: pairs with monthly
 * meetings, actions, outcomes and reflections. About 8 + 4 × months events per pair.
 */
export async function generateProgramme(app: PairtrailApplication, options: GenerateOptions): Promise<{ commands: number }> {
  const seed = options.seed ?? 1;
  const rnd = seededRandom(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)]!;
  const key = (...parts: (string | number)[]) => deriveId('generate', String(seed), ...parts.map(String));
  let commands = 0;
  const run = async (command: AppCommand, ...parts: (string | number)[]) => {
    commands += 1;
    return app.execute(command, { commandId: key(...parts), actor: 'system', source: 'import' });
  };
  const start = '2024-01-01';
  const cohort = await run({ type: 'OpenCohort', data: { name: `Generated cohort ${seed}`, startsOn: start } }, 'cohort');
  for (let p = 0; p < options.pairs; p++) {
    const formedOn = addDays(start, Math.floor(rnd() * 28));
    const person = async (perspective: 'lived-experience' | 'professional') => {
      const r = await run(
        {
          type: 'RegisterParticipant',
          data: {
            name: `Person ${p}-${perspective}`,
            perspective,
            role: perspective === 'professional' ? 'service manager' : 'patient leader',
            organisation: `Organisation ${p % 50}`,
            organisationType: perspective === 'professional' ? 'acute-trust' : 'patient-group',
            registeredOn: start,
          },
        },
        p,
        perspective,
      );
      for (const scope of ['participation', 'case-study', 'named', 'quotes'] as const) {
        await run({ type: 'GiveConsent', data: { participantId: r.id, scope, evidence: 'signed form', on: start } }, p, perspective, scope);
      }
      return r.id;
    };
    const lep = await person('lived-experience');
    const pro = await person('professional');
    const pair = await run(
      {
        type: 'FormPair',
        data: {
          cohortId: cohort.id,
          livedExperiencePartnerId: lep,
          professionalPartnerId: pro,
          formedOn,
          focus: `Improve service ${p}`,
          serviceArea: pick(['cardiac', 'stroke', 'diabetes', 'mental-health', 'maternity']),
        },
      },
      p,
      'pair',
    );
    await run(
      {
        type: 'DefineInitiative',
        data: { pairId: pair.id, title: `Initiative ${p}`, aim: 'Shorter waits', context: 'Long waits', successMeasures: ['days waited'], on: formedOn },
      },
      p,
      'initiative',
    );
    // Monthly, unless that would run past today: then closer together, so every fact has happened.
    const spacing = Math.min(30, Math.floor(1000 / options.months));
    for (let m = 0; m < options.months; m++) {
      const heldOn = addDays(formedOn, 7 + m * spacing);
      const meeting = await run(
        {
          type: 'RecordMeeting',
          data: {
            pairId: pair.id,
            heldOn,
            durationMinutes: 30 + Math.floor(rnd() * 90),
            format: pick(MEETING_FORMATS),
            attendeeIds: rnd() < 0.9 ? [lep, pro] : [lep],
            topics: [`topic ${m}`],
            notes: `Notes of meeting ${m} of pair ${p}`,
            approaches: [pick(APPROACHES)],
          },
        },
        p,
        'meeting',
        m,
      );
      const action = await run(
        {
          type: 'AgreeAction',
          data: {
            pairId: pair.id,
            description: `Action ${m}`,
            ownerId: rnd() < 0.5 ? lep : pro,
            agreedOn: heldOn,
            dueOn: addDays(heldOn, 21),
            meetingId: meeting.id,
          },
        },
        p,
        'action',
        m,
      );
      if (rnd() < 0.7) await run({ type: 'CompleteAction', data: { pairId: pair.id, actionId: action.id, completedOn: addDays(heldOn, 14) } }, p, 'done', m);
      if (m % 3 === 2)
        await run(
          {
            type: 'RecordOutcome',
            data: {
              pairId: pair.id,
              category: pick(OUTCOME_CATEGORIES),
              description: `Outcome ${m}`,
              spread: pick(SPREAD_LEVELS),
              recordedOn: addDays(heldOn, 1),
            },
          },
          p,
          'outcome',
          m,
        );
      await run(
        {
          type: 'RecordReflection',
          data: {
            pairId: pair.id,
            participantId: m % 2 ? pro : lep,
            recordedOn: addDays(heldOn, 1),
            relationshipScore: Math.min(5, 1 + Math.floor(m / 3) + Math.floor(rnd() * 2)),
            text: `Reflection ${m}`,
            quotable: rnd() < 0.5,
          },
        },
        p,
        'reflection',
        m,
      );
    }
    options.onProgress?.(p + 1, options.pairs);
  }
  return { commands };
}
