import type { EventStore } from '@pairtrail/event-store';
import type { PairtrailApplication } from '../pairtrail.application';
import { streams } from '../streams';
import { demoCommandId, demoId, demoProgramme } from './demo-programme';

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
  eventsByType: Record<string, number>;
}

/**
 * Records the demo programme through the application, step by step. Every step has a stable command
 * id, so a second run finds each one already in the log and appends nothing.
 */
export async function runDemo(app: PairtrailApplication, onProgress?: (done: number, total: number) => void): Promise<DemoReport> {
  const steps = demoProgramme();
  const report: DemoReport = { steps: steps.length, recorded: 0, alreadyThere: 0, eventsByType: {} };
  for (const [i, step] of steps.entries()) {
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
    onProgress?.(i + 1, steps.length);
  }
  return report;
}
