import type { EventStore } from '@pairtrail/event-store';
import type { CaseStudyEvent } from '@pairtrail/domain';
import { CaseStudies } from '../case-studies';
import type { PairtrailApplication } from '../pairtrail.application';
import { streams } from '../streams';
import { demoCommandId, demoId, demoProgramme, type DemoStep } from './demo-programme';

/**
 * How many events `store` holds when they are another programme's, or undefined when a made-up
 * programme whose first cohort is `cohortId` may be recorded there: the store holds no programme yet
 * (no cohort, person or pair; an administrator made by a first start is no programme), or holds that
 * one already (run again, it appends nothing). The demo and generated programmes are made up, and
 * events are never removed: recorded beside a real programme, their people, pairs and figures would
 * stay in its evaluation and audit trail for good.
 */
export async function otherProgrammeIn(store: EventStore, cohortId: string): Promise<number | undefined> {
  const [programme] = await store.readAll({ maxCount: 1, filter: { streamCategories: ['cohort', 'participant', 'pair'] } });
  if (!programme || (await store.readStream(streams.cohort(cohortId), { maxCount: 1 })).length > 0) return undefined;
  return (await store.stats()).events;
}

/** The demo programme's cohort: a store that holds it holds the demo. */
export const DEMO_COHORT_ID = demoId('cohortId', 'cohort');

export interface DemoReport {
  steps: number;
  recorded: number;
  alreadyThere: number;
  /** Steps not taken because someone approved, published or withdrew that case study since. */
  leftAsFound: number;
  eventsByType: Record<string, number>;
}

/**
 * The demo's case studies, recorded after the programme: the concluded cardiac pair's approved by both
 * partners and published, so a report has one to read; the neuro pair's approved by one partner, so its
 * other partner has one to approve.
 */
const DEMO_CASE_STUDIES: { pair: string; approvedBy: string[]; publish: boolean }[] = [
  { pair: 'cardiac', approvedBy: ['margaret', 'samir'], publish: true },
  { pair: 'neuro', approvedBy: ['david'], publish: false },
];

type CaseStudyPlan = (typeof DEMO_CASE_STUDIES)[number];

const demoPairId = (plan: CaseStudyPlan) => demoId('pairId', `${plan.pair}:formed`);

/** A demo case study's steps: its partners approve the version `contentHash`, and it may be published. */
function caseStudySteps(plan: CaseStudyPlan, contentHash: string): DemoStep[] {
  const pairId = demoPairId(plan);
  return [
    ...plan.approvedBy.map((person) => ({
      key: `${plan.pair}:case-study:approved:${person}`,
      command: { type: 'ApproveCaseStudy', data: { pairId, participantId: demoId('participantId', `person:${person}`), contentHash } } as const,
    })),
    ...(plan.publish ? [{ key: `${plan.pair}:case-study:published`, command: { type: 'PublishCaseStudy', data: { pairId, contentHash } } as const }] : []),
  ];
}

/**
 * The version a demo case study's steps approve. It is named by the log position it was told at, so it
 * cannot be written down beforehand: it is the version told now, or the one the demo approved already.
 * Undefined when someone approved, published or withdrew the case study: theirs is its story now.
 */
async function caseStudyVersion(app: PairtrailApplication, plan: CaseStudyPlan): Promise<string | undefined> {
  const ours = new Set(caseStudySteps(plan, '').map((step) => demoCommandId(step.key)));
  const recorded = await app.store.readStream(streams.caseStudy(demoPairId(plan)));
  if (recorded.some((e) => !ours.has(String(e.metadata.commandId)))) return undefined;
  const first = recorded[0] && app.serializer.deserialize<CaseStudyEvent>(recorded[0]);
  return first && 'contentHash' in first.data ? first.data.contentHash : (await new CaseStudies(app).require(demoPairId(plan))).provenance.contentHash;
}

export interface DemoOptions {
  onProgress?: (done: number, total: number) => void;
  /** Approve and publish the demo's case studies too (the default); false leaves every case study untouched, for tests of approval. */
  caseStudies?: boolean;
}

/**
 * Records the demo programme through the application, step by step. Every step has a stable command
 * id, so a second run finds each one already in the log and appends nothing. A case study someone has
 * approved, published or withdrawn since is left as they left it.
 */
export async function runDemo(app: PairtrailApplication, { onProgress, caseStudies = true }: DemoOptions = {}): Promise<DemoReport> {
  const programme = demoProgramme();
  const plans = caseStudies ? DEMO_CASE_STUDIES : [];
  const report: DemoReport = {
    steps: programme.length + plans.flatMap((plan) => caseStudySteps(plan, '')).length,
    recorded: 0,
    alreadyThere: 0,
    leftAsFound: 0,
    eventsByType: {},
  };
  let done = 0;
  const record = async (step: DemoStep) => {
    const result = await app.execute(step.command, {
      commandId: demoCommandId(step.key),
      actor: 'system',
      source: 'demo',
      correlationId: demoCommandId('demo'),
    });
    if (result.replayed) report.alreadyThere += 1;
    else {
      report.recorded += 1;
      for (const e of result.outcome.events) report.eventsByType[e.type] = (report.eventsByType[e.type] ?? 0) + 1;
    }
    onProgress?.((done += 1), report.steps);
  };
  for (const step of programme) await record(step);
  for (const plan of plans) {
    const contentHash = await caseStudyVersion(app, plan);
    const steps = caseStudySteps(plan, contentHash ?? '');
    if (contentHash) for (const step of steps) await record(step);
    else {
      report.leftAsFound += steps.length;
      onProgress?.((done += steps.length), report.steps);
    }
  }
  return report;
}
