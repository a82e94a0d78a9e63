import type { Command } from 'commander';
import { loadConfig, runDemo } from '@pairtrail/application';
import { startServer } from '@pairtrail/api';
import { deriveId } from '@pairtrail/event-store';
import { CliError, progress, say } from '../output';
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
      say(`Pairtrail is serving ${server.runtime.config.dataDir} at ${server.url} (open it in your browser)`);
      say(`API documentation: ${server.url}/docs`);
      if (server.bootstrap.createdToken) {
        say('');
        say('This is a new store, so an administrator was created. Their token is shown only this once:');
        say(`  ${server.bootstrap.createdToken}`);
        say('Keep it safe. Use it as "Authorization: Bearer <token>", or in /docs under "Authorize".');
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
 * Records the demo programme (once), then serves it, and prints fresh tokens for a demo administrator
 * and a demo coordinator, so a newcomer can sign in straight away.
 */
export async function demoServe(dataDir: string, port?: number): Promise<void> {
  const config = loadConfig(process.env, { dataDir });
  await withRuntime(
    config.dataDir,
    async ({ app }) => {
      const bar = progress('recording the demo programme');
      const report = await runDemo(app, (done, total) => bar.update(done, total));
      bar.done();
      say(report.recorded > 0 ? `Recorded the demo programme in ${config.dataDir}.` : `The demo programme is already in ${config.dataDir}.`);
    },
    { create: true },
  );
  const server = await startServer({ dataDir: config.dataDir, port });
  const { app } = server.runtime;
  const token = async (name: string, role: 'admin' | 'coordinator' | 'evaluator') => {
    const userKey = `demo-user:${role}`;
    const existing = server.runtime.identity.list().find((u) => u.userId === deriveId('userId', deriveId('demo', userKey)));
    const result = existing
      ? await app.execute(
          { type: 'IssueToken', data: { userId: existing.userId } },
          { commandId: deriveId('demo-token', role, new Date().toISOString()), actor: 'system', source: 'demo' },
        )
      : await app.execute({ type: 'CreateUser', data: { name, role } }, { commandId: deriveId('demo', userKey), actor: 'system', source: 'demo' });
    await server.runtime.identity.waitFor(result.position);
    return result.token!;
  };
  const admin = await token('Demo administrator', 'admin');
  const coordinator = await token('Demo coordinator', 'coordinator');
  const evaluator = await token('Demo evaluator', 'evaluator');
  say('');
  say(`Pairtrail demo: open ${server.url} in your browser`);
  say(`API documentation (try it out): ${server.url}/docs`);
  say('');
  say('Sign in with one of these tokens (in the web app, or "Authorize" in /docs):');
  say(`  admin token:       ${admin}`);
  say('                     users, tokens, projections, metrics');
  say(`  coordinator token: ${coordinator}`);
  say('                     cohorts, participants, pairs: record meetings, actions, outcomes, reflections');
  say(`  evaluator token:   ${evaluator}`);
  say('                     evaluation figures and charts, the audit trail');
  say('');
  say('Stop with Ctrl-C.');
}
