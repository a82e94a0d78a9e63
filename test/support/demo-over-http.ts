import { GENERATED_ID, demoId, demoProgramme, type AppCommand, type DemoStep } from '@pairtrail/application';
import { eventIdFor, deriveId } from '@pairtrail/event-store';
import type { ApiHarness } from './api-harness';

type Route = { method: 'POST' | 'PUT'; path: (d: Record<string, string>) => string; pathFields: string[] };

const pair = (suffix: string, extra: string[] = []): Route => ({
  method: 'POST',
  path: (d) => `/pairs/${d.pairId}${suffix.replace(':actionId', d.actionId ?? '')}`,
  pathFields: ['pairId', ...extra],
});

/** Where each command the demo uses goes in the HTTP API (api.md), and which of its fields the path carries. */
const ROUTES: Partial<Record<AppCommand['type'], Route>> = {
  OpenCohort: { method: 'POST', path: () => '/cohorts', pathFields: [] },
  RegisterParticipant: { method: 'POST', path: () => '/participants', pathFields: [] },
  GiveConsent: { method: 'POST', path: (d) => `/participants/${d.participantId}/consents`, pathFields: ['participantId'] },
  FormPair: { method: 'POST', path: () => '/pairs', pathFields: [] },
  DefineInitiative: { ...pair('/initiative'), method: 'PUT' },
  RecordMeeting: pair('/meetings'),
  AgreeAction: pair('/actions'),
  CompleteAction: pair('/actions/:actionId/complete', ['actionId']),
  DropAction: pair('/actions/:actionId/drop', ['actionId']),
  ReachMilestone: pair('/milestones'),
  RecordOutcome: pair('/outcomes'),
  RecordReflection: pair('/reflections'),
  CorrectEntry: pair('/corrections'),
  RetractEntry: pair('/retractions'),
  PausePair: pair('/pause'),
  ResumePair: pair('/resume'),
  ConcludePair: pair('/conclude'),
};

/** Replaces every string that is a key of `ids` with its value, anywhere in a value. */
function mapIds(value: unknown, ids: Map<string, string>): unknown {
  if (typeof value === 'string') return ids.get(value) ?? value;
  if (Array.isArray(value)) return value.map((v) => mapIds(v, ids));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mapIds(v, ids)]));
  return value;
}

/**
 * Records the demo programme through the HTTP API, as a coordinator would: every step is a request with
 * the step's key as its Idempotency-Key. The ids the API makes replace the demo's own, and corrections
 * find their target among the pair's events. Returns the coordinator's token and the last position.
 */
export async function recordDemoOverHttp(api: ApiHarness): Promise<{ coordinatorToken: string; position: string; pairIds: string[] }> {
  const coordinator = await api.request('POST', '/users', {
    body: { name: 'Demo Coordinator', role: 'coordinator' },
    headers: { 'idempotency-key': 'demo-coordinator' },
  });
  if (coordinator.status !== 201) throw new Error(`POST /users answered ${coordinator.status}: ${coordinator.text}`);
  const token = coordinator.body.token as string;
  const steps = demoProgramme();
  const ids = new Map<string, string>();
  const stepOfEvent = new Map(steps.map((s) => [eventIdFor(deriveId('demo', s.key), 0), s]));
  let position = '0';
  const pairIds: string[] = [];
  for (const step of steps) {
    const route = ROUTES[step.command.type];
    if (!route) throw new Error(`The demo uses ${step.command.type}, which this driver cannot send.`);
    const data = mapIds(step.command.data, ids) as Record<string, unknown>;
    if (typeof data.targetEventId === 'string')
      data.targetEventId = await apiEventId(
        api,
        token,
        ids,
        stepOfEvent.get((step.command.data as { targetEventId: string }).targetEventId)!,
        data.pairId as string,
      );
    const body = Object.fromEntries(Object.entries(data).filter(([k]) => !route.pathFields.includes(k)));
    const reply = await api.request(route.method, route.path(data as Record<string, string>), { token, body, headers: { 'idempotency-key': step.key } });
    if (reply.status >= 300)
      throw new Error(`${step.key}: ${route.method} ${route.path(data as Record<string, string>)} answered ${reply.status}: ${reply.text}`);
    const field = GENERATED_ID[step.command.type];
    if (field) ids.set(demoId(field, step.key), reply.body.id as string);
    if (step.command.type === 'FormPair') pairIds.push(reply.body.id as string);
    position = reply.body.position as string;
  }
  return { coordinatorToken: token, position, pairIds };
}

/** The id, in this API's log, of the event a demo step appended: found by the id that step created. */
async function apiEventId(api: ApiHarness, token: string, ids: Map<string, string>, step: DemoStep, pairId: string): Promise<string> {
  const created = ids.get(demoId(GENERATED_ID[step.command.type]!, step.key))!;
  const events = await api.request('GET', `/pairs/${pairId}/events`, { token });
  const found = (events.body.items as { eventId: string; data: Record<string, unknown> }[]).find((e) => Object.values(e.data).includes(created));
  if (!found) throw new Error(`No event of pair ${pairId} carries ${created} (step ${step.key}).`);
  return found.eventId;
}
