import type { Command } from 'commander';
import { generateProgramme, generatedCohortId } from '@pairtrail/application';
import { refuseOtherProgramme } from '../runtime';
import { CliError, progress, say } from '../output';
import { demoServe, parsePort, recordDemo } from './serve.command';
import { withRuntime } from './store.commands';

/** `generate`: a large, deterministic programme through the real deciders, for benchmarks. */
export function registerGenerateCommand(program: Command): void {
  program
    .command('generate')
    .description('record a large, realistic, deterministic programme (for benchmarks)')
    .requiredOption('--pairs <n>', 'how many pairs')
    .requiredOption('--months <m>', 'months of work per pair')
    .option('--seed <s>', 'seed', '1')
    .option('--data-dir <dir>', 'data directory')
    .action(async (options: { pairs: string; months: string; seed: string; dataDir?: string }) => {
      const [pairs, months, seed] = [options.pairs, options.months, options.seed].map(Number) as [number, number, number];
      for (const [name, v] of [
        ['--pairs', pairs],
        ['--months', months],
        ['--seed', seed],
      ] as const) {
        if (!Number.isInteger(v) || v < 1) throw new CliError(`${name} must be a whole number of at least 1.`, 2);
      }
      await withRuntime(
        options.dataDir,
        async (runtime) => {
          const { app, store } = runtime;
          await refuseOtherProgramme(runtime, generatedCohortId(seed), 'A generated programme');
          const bar = progress('generating');
          const { commands } = await generateProgramme(app, { pairs, months, seed, onProgress: (d, t) => bar.update(d, t) });
          bar.done();
          const stats = await store.stats();
          say(`ran ${commands} commands; the store holds ${stats.events} events in ${stats.streams} streams`);
        },
        { create: true },
      );
    });
}

/** `demo`: records the demo programme through the command pipeline. */
export function registerDemoCommand(program: Command): void {
  program
    .command('demo')
    .description('record the demo programme: one cohort, three pairs and a year of their work')
    .option('--data-dir <dir>', 'data directory (default: PAIRTRAIL_DATA_DIR or ./data)')
    .option('--serve', 'then serve it, printing admin, coordinator, evaluator and pair-member tokens')
    .option('--port <port>', 'with --serve: port (default: PORT or 3000)')
    .action(async (options: { dataDir?: string; serve?: boolean; port?: string }) =>
      options.serve
        ? demoServe(options.dataDir ?? './data/demo', parsePort(options.port))
        : withRuntime(
            options.dataDir,
            async (runtime) => {
              const { store, config } = runtime;
              const report = await recordDemo(runtime);
              const stats = await store.stats();
              if (report.recorded === 0) {
                say(`The demo programme is already in ${config.dataDir}; nothing was appended.`);
              } else {
                say(`Recorded the demo programme in ${config.dataDir}: ${report.recorded} commands.`);
                for (const [type, count] of Object.entries(report.eventsByType).sort()) say(`  ${String(count).padStart(4)}  ${type}`);
              }
              say(`The store holds ${stats.events} events in ${stats.streams} streams.`);
            },
            { create: true },
          ),
    );
}
