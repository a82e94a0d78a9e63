import type { PairtrailApplication } from '../pairtrail.application';
import { demoCommandId, demoProgramme } from './demo-programme';

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
