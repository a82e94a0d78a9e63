import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** What the projections' gauges are read from at each scrape. */
type ProjectionStatuses = () => Promise<{ name: string; lag: string | null; state: string }[]>;

/** Prometheus metrics: requests, their latency, appends to the log, and the read models' state. */
export class Metrics {
  readonly registry = new Registry();
  readonly requests = new Counter({
    name: 'pairtrail_http_requests_total',
    help: 'HTTP requests',
    labelNames: ['method', 'route', 'status'],
    registers: [this.registry],
  });
  readonly latency = new Histogram({
    name: 'pairtrail_http_request_duration_seconds',
    help: 'HTTP request latency',
    labelNames: ['method', 'route'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });
  readonly appends = new Counter({
    name: 'pairtrail_events_appended_total',
    help: 'Events appended to the log',
    labelNames: ['type'],
    registers: [this.registry],
  });

  constructor(projections?: ProjectionStatuses) {
    collectDefaultMetrics({ register: this.registry, prefix: 'pairtrail_' });
    if (projections) this.watch(projections);
  }

  /** How far each read model is behind the log, and whether it has failed: what to alert on. */
  private watch(projections: ProjectionStatuses): void {
    // The registry collects its metrics all at once: both gauges share one reading of the projections.
    let reading: ReturnType<ProjectionStatuses> | undefined;
    const read = () => (reading ??= projections().finally(() => (reading = undefined)));
    // A value of undefined leaves the projection out of the gauge: its lag is unknown while the event
    // store cannot be read, and 0 would say it is up to date.
    const gauge = (name: string, help: string, value: (p: { lag: string | null; state: string }) => number | undefined) =>
      new Gauge({
        name,
        help,
        labelNames: ['projection'],
        registers: [this.registry],
        async collect() {
          this.reset();
          for (const p of await read()) {
            const v = value(p);
            if (v !== undefined) this.set({ projection: p.name }, v);
          }
        },
      });
    gauge('pairtrail_projection_lag_events', 'Events in the log a read model has not yet processed', (p) => (p.lag === null ? undefined : Number(p.lag)));
    gauge('pairtrail_projection_failed', '1 while a read model has stopped on an event it cannot process (GET /projections says which, and why)', (p) =>
      p.state === 'failed' ? 1 : 0,
    );
  }
}
