import type { Command } from 'commander';
import { runDemo } from '@pairtrail/application';
import { progress, say } from '../output';
import { demoServe, parsePort } from './serve.command';
import { withRuntime } from './store.commands';

/** `demo`: records the demo programme through the command pipeline. */
export function registerDemoCommand(program: Command): void {
  program
    .command('demo')
    .description('record the demo programme: one cohort, three pairs and a year of their work')
    .option('--data-dir <dir>', 'data directory (default: PAIRTRAIL_DATA_DIR or ./data)')
    .option('--serve', 'then serve it, printing an admin and a coordinator token')
    .option('--port <port>', 'with --serve: port (default: PORT or 3000)')
    .action(async (options: { dataDir?: string; serve?: boolean; port?: string }) =>
      options.serve
        ? demoServe(options.dataDir ?? './data/demo', parsePort(options.port))
        : withRuntime(options.dataDir, async ({ app, store, config }) => {
            const bar = progress('recording the demo programme');
            const report = await runDemo(app, (done, total) => bar.update(done, total));
            bar.done();
            const stats = await store.stats();
            if (report.recorded === 0) {
              say(`The demo programme is already in ${config.dataDir}; nothing was appended.`);
            } else {
              say(`Recorded the demo programme in ${config.dataDir}: ${report.recorded} commands.`);
              for (const [type, count] of Object.entries(report.eventsByType).sort()) say(`  ${String(count).padStart(4)}  ${type}`);
            }
            say(`The store holds ${stats.events} events in ${stats.streams} streams.`);
          }),
    );
}
