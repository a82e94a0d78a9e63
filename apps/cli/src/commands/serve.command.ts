import type { Command } from 'commander';
import {
  DEMO_COHORT_ID,
  demoPairMembers,
  loadConfig,
  runDemo,
  streams,
  type DemoReport,
  type PairtrailApplication,
  type WriteResult,
} from '@pairtrail/application';
import { refuseToServe, startServer } from '@pairtrail/api';
import { deriveId } from '@pairtrail/event-store';
import { RuleViolatedError } from '@pairtrail/domain';
import { CliError, progress, say } from '../output';
import { refuseOtherProgramme, type Runtime } from '../runtime';
import { withRuntime } from './store.commands';

/** `serve`: runs the HTTP API over the data directory until stopped (SIGTERM or Ctrl-C). */
export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('serve the HTTP API (PORT, default 3000) over the data directory')
    .option('--data-dir <dir>', 'data directory (default: PAIRTRAIL_DATA_DIR or ./data)')
    .option('--port <port>', 'port (default: PORT or 3000)')
    .action(async (options: { dataDir?: string; port?: string }) => {
      const server = await startServer({ dataDir: options.dataDir, port: parsePort(options.port) });
      const { config } = server.runtime;
      say(`Pairtrail is serving ${config.dataDir} at ${server.url} (open it in your browser)`);
      say(`API documentation: ${server.url}/docs`);
      // A deployment that means EventStoreDB but forgot to say so would keep its events on a disk that
      // may not outlive its container.
      if (config.eventStore === 'sqlite' && config.eventStoreConnectionString)
        say(
          `Note: EVENTSTORE_CONNECTION_STRING is set, but PAIRTRAIL_EVENT_STORE is not esdb, so events are kept in ${config.eventsPath}, not in EventStoreDB. Set PAIRTRAIL_EVENT_STORE=esdb to use it.`,
        );
      if (server.bootstrap.createdToken) {
        say('');
        say('This is a new store, so an administrator was created. Their token is shown only this once:');
        say(`  ${server.bootstrap.createdToken}`);
        say('Keep it safe. Use it as "Authorization: Bearer <token>", or in /docs under "Authorize".');
        say(`Lost, it is replaced with: pairtrail users token ${server.bootstrap.adminUserId} --data-dir ${config.dataDir}`);
      }
    });
}

export function parsePort(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new CliError(`--port must be a whole number from 0 to 65535, not "${value}".`, 2);
  return port;
}

/**
 * A demo user (made on the first run) with a fresh token, shown on every run. `key` names the user
 * for good: the role, or the pair member's participant.
 */
async function demoToken(
  app: PairtrailApplication,
  key: string,
  data: { name: string; role: 'admin' | 'coordinator' | 'evaluator' | 'pair-member'; participantId?: string },
): Promise<WriteResult> {
  const commandId = deriveId('demo', `demo-user:${key}`);
  const userId = deriveId('userId', commandId);
  const envelope = (id: string) => ({ commandId: id, actor: 'system' as const, source: 'demo' as const });
  if ((await app.store.readStream(streams.user(userId))).length === 0) return app.execute({ type: 'CreateUser', data }, envelope(commandId));
  return app.execute({ type: 'IssueToken', data: { userId } }, envelope(deriveId('demo-token', key, new Date().toISOString())));
}

/** Records the demo programme, with progress, unless the data directory holds another programme. */
export async function recordDemo(runtime: Runtime): Promise<DemoReport> {
  await refuseOtherProgramme(runtime, DEMO_COHORT_ID, 'The demo programme');
  const bar = progress('recording the demo programme');
  const report = await runDemo(runtime.app, { onProgress: (done, total) => bar.update(done, total) });
  bar.done();
  return report;
}

/**
 * Records the demo programme (once), then serves it, and prints fresh tokens for a demo administrator,
 * coordinator and evaluator, and for the two partners of one pair as pair members, so a newcomer can
 * sign in straight away as each kind of user. The demo's users are made before
 * the server starts, so the server finds users and makes no administrator of its own whose token no one
 * is shown.
 */
export async function demoServe(dataDir: string, port?: number): Promise<void> {
  const config = loadConfig(process.env, { dataDir });
  // A server already on this data directory or this port is said now, before tokens nobody would be shown are made.
  await refuseToServe(config, port);
  const tokens = await withRuntime(
    config.dataDir,
    async (runtime) => {
      const { app } = runtime;
      const report = await recordDemo(runtime);
      say(report.recorded > 0 ? `Recorded the demo programme in ${config.dataDir}.` : `The demo programme is already in ${config.dataDir}.`);
      const staff = {
        admin: await demoToken(app, 'admin', { name: 'Demo administrator', role: 'admin' }),
        coordinator: await demoToken(app, 'coordinator', { name: 'Demo coordinator', role: 'coordinator' }),
        evaluator: await demoToken(app, 'evaluator', { name: 'Demo evaluator', role: 'evaluator' }),
      };
      const members: { name: string; token: WriteResult | string }[] = [];
      for (const { participantId, name } of demoPairMembers()) {
        // A partner erased in this demo is given no sign-in: say so rather than stop.
        const token = await demoToken(app, participantId, { name, role: 'pair-member', participantId }).catch((e: unknown) => {
          if (e instanceof RuleViolatedError) return e.message;
          throw e;
        });
        members.push({ name, token });
      }
      return { ...staff, members, position: (await app.store.stats()).lastPosition };
    },
    { create: true },
  );
  const server = await startServer({ dataDir: config.dataDir, port });
  await server.runtime.identity.waitFor(tokens.position);
  say('');
  say(`Pairtrail demo: open ${server.url} in your browser`);
  say(`API documentation (try it out): ${server.url}/docs`);
  say('');
  say('Sign in with one of these tokens (in the web app, or "Authorize" in /docs):');
  say(`  admin token:       ${tokens.admin.token}`);
  say('                     users, tokens, projections, metrics');
  say(`  coordinator token: ${tokens.coordinator.token}`);
  say('                     cohorts, participants, pairs: record meetings, actions, outcomes, reflections;');
  say('                     case studies: approvals and publication');
  say(`  evaluator token:   ${tokens.evaluator.token}`);
  say('                     evaluation figures and charts, a report pack, the audit trail, published case studies');
  say('');
  say("Or as one of the neuro-rehabilitation pair's partners, a pair member who sees only their own pair:");
  for (const { name, token } of tokens.members) say(`  ${`${name}:`.padEnd(19)}${typeof token === 'string' ? `(no token: ${token})` : token.token}`);
  say("                     their pair's meetings, actions and reflections, their consents, and approving");
  say('                     their case study');
  say('');
  say('Stop with Ctrl-C.');
}
