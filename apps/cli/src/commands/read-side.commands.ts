import type { Command } from 'commander';
import { once } from 'node:events';
import {
  ALL_PROJECTIONS,
  ProjectionEngine,
  ReadModels,
  auditExportChunks,
  checkpointRow,
  openReadModelDb,
  statusesFromRows,
  logHead,
  figuresCsv,
  figuresInWordsMarkdown,
  figuresSinceRows,
  monthsOf,
  NO_COHORT_FIGURES,
  NO_PAIR_FIGURES,
  NO_SERVICE_AREA_FIGURES,
  NO_OPEN_ACTION,
  NO_REGISTER_ROW,
  NO_PAIR_REGISTER_ROW,
  NO_PAIR_GAPS,
  NO_REFLECTION_DUE,
  NO_PROGRAMME_TIMELINE_ROW,
  programmeTimelineRows,
  renderPairBrief,
  renderProgrammeTimeline,
  type LookBack,
  type ProjectionState,
  type ProjectionStatus,
} from '@pairtrail/projections';
import { auditFilterOf, pseudonymiserFor } from '@pairtrail/api';
import { ReadModelRequests, claimReadModels, readModelsOwnerAlive, requestedRebuilds, useDataDir } from '@pairtrail/application';
import { CliError, checkFormat, checkOutFile, printJson, progress, say, withFlagNames, writeWholeFile } from '../output';
import { parsePosition, withRuntime } from './store.commands';
import { requireWithinLog, storedEventLines } from '@pairtrail/event-store';
import type { Runtime } from '../runtime';

type OnBatch = (name: string, position: bigint) => void;

interface ReadSide {
  engine: ProjectionEngine;
  reads: ReadModels;
  /** False when a running server or projector keeps the read models: this process only reads them. */
  owned: boolean;
  /** Reports each batch the engine applies from now on to `onBatch`. */
  follow(onBatch: OnBatch): void;
}

/**
 * Opens the read models beside the store and brings them up to date before `work` runs. Bringing them
 * up to date is a rebuild after a restore or an upgrade (a minute for millions of events): on a
 * terminal, it shows its progress. Beside a running server or projector, which keeps them up to date
 * and alone may write them, it reads them as they stand. `create`: a command that records (an import) may
 * start a new store in an empty directory.
 */
export async function withReadSide<T>(
  dataDir: string | undefined,
  work: (readSide: ReadSide, runtime: Runtime) => Promise<T>,
  options: { create?: boolean } = {},
): Promise<T> {
  return withRuntime(
    dataDir,
    async (runtime) => {
      // A restore waits until this is done: it would put another event store under it.
      const inUse = useDataDir(runtime.config);
      const claim = claimReadModels(runtime.config);
      try {
        return claim ? await catchUpAndWork(runtime, work) : await readBesideServer(runtime, work);
      } finally {
        claim?.release();
        inUse.release();
      }
    },
    options,
  );
}

/** The read models as the running server or projector keeps them: opened to read, never caught up here. */
async function readBesideServer<T>(runtime: Runtime, work: (readSide: ReadSide, runtime: Runtime) => Promise<T>): Promise<T> {
  const db = openReadModelDb(runtime.config.readModelsPath, { checkpointer: false });
  const engine = new ProjectionEngine({ store: runtime.store, serializer: runtime.app.serializer, db, projections: ALL_PROJECTIONS });
  try {
    return await work({ engine, reads: new ReadModels(db, engine, runtime.store, runtime.config.timeZone), owned: false, follow: () => undefined }, runtime);
  } finally {
    db.close();
  }
}

/** The read models, owned by this process: brought up to date, with progress on a terminal, then worked on. */
async function catchUpAndWork<T>(runtime: Runtime, work: (readSide: ReadSide, runtime: Runtime) => Promise<T>): Promise<T> {
  const db = openReadModelDb(runtime.config.readModelsPath);
  let report: OnBatch | undefined;
  const engine = new ProjectionEngine({
    store: runtime.store,
    serializer: runtime.app.serializer,
    db,
    projections: ALL_PROJECTIONS,
    onBatch: (name, position) => report?.(name, position),
    onNotice: (message) => process.stderr.write(`${message}\n`),
  });
  try {
    let catchingUp: ReturnType<typeof rebuildProgress> | undefined;
    if (process.stderr.isTTY) {
      const total = await runtime.store.headPosition();
      report = (name, position) => (catchingUp ??= rebuildProgress(total, 'bringing the read models up to date')).update(name, position);
    }
    engine.start();
    await engine.settled();
    // What a server or projector would have done by now: erasures whose rebuild is pending (one that
    // stopped first), and rebuilds asked for.
    await ReadModelRequests.forEngine(runtime.config.dataDir, runtime.keys, engine).drain();
    catchingUp?.done();
    report = undefined;
    const follow = (onBatch: OnBatch) => void (report = onBatch);
    return await work({ engine, reads: new ReadModels(db, engine, runtime.store, runtime.config.timeZone), owned: true, follow }, runtime);
  } finally {
    await engine.stop();
    db.close();
  }
}

/** The audit trail's filters, as `audit export` takes them (`--type MeetingHeld`) and the API does (`?type=`). */
const AUDIT_FILTERS = ['stream', 'type', 'actor', 'source', 'from', 'to', 'after', 'upTo'] as const;

type ExportOptions = { format: string; out?: string; dataDir?: string; pseudonymise?: boolean; shiftDates?: boolean } & Partial<
  Record<(typeof AUDIT_FILTERS)[number], string>
>;

/** A progress line for a rebuild: events a second and position of total, on stderr. */
function rebuildProgress(total: bigint, title?: string) {
  const started = Date.now();
  if (title) process.stderr.write(`${title}\n`);
  let last = 0;
  return {
    update(name: string, position: bigint) {
      const now = Date.now();
      if (now - last < 200 && position < total) return;
      last = now;
      const seconds = Math.max((now - started) / 1000, 0.001);
      const pct = total > 0n ? Number((position * 100n) / total) : 100;
      const bar = '#'.repeat(Math.round(pct / 5)).padEnd(20, '.');
      process.stderr.write(`\r${name.padEnd(10)} [${bar}] ${position}/${total} (${pct}%)  ${Math.round(Number(position) / seconds)} events/s`);
    },
    done() {
      process.stderr.write('\n');
    },
  };
}

/** How often a rebuild done by the running server or projector is looked at. */
const FOLLOW_OWNER_MS = 200;

/**
 * Asks the server or projector that runs the projections to rebuild `names` (through the data directory,
 * as an API beside it does), and follows the rebuild in their checkpoints until each is swapped in.
 */
async function rebuildThroughOwner(config: Runtime['config'], store: Runtime['store'], names: string[]): Promise<void> {
  const db = openReadModelDb(config.readModelsPath, { checkpointer: false });
  try {
    const before = new Map(names.map((n) => [n, checkpointRow(db, n)?.generation ?? 0]));
    for (const n of names) requestedRebuilds(config.dataDir).add(n);
    const total = await store.headPosition();
    const progress = rebuildProgress(total, `the server or projector running on ${config.dataDir} is rebuilding ${names.join(', ')}`);
    const started = Date.now();
    const done = (n: string) => {
      const row = checkpointRow(db, n);
      return row !== undefined && row.generation > before.get(n)! && row.building_generation === null && row.state === 'live';
    };
    while (!names.every(done)) {
      if (!readModelsOwnerAlive(config.dataDir))
        throw new CliError(`The server or projector stopped before the rebuild was done; it goes on from where it stopped when one starts again.`);
      for (const n of names) {
        const row = checkpointRow(db, n);
        if (row?.building_generation) progress.update(n, BigInt(row.building_position ?? 0));
      }
      await new Promise((r) => setTimeout(r, FOLLOW_OWNER_MS));
    }
    progress.update(names[names.length - 1]!, total);
    progress.done();
    say(
      `rebuilt ${names.join(', ')} from ${total} events in ${((Date.now() - started) / 1000).toFixed(1)} s, by the server or projector running on ${config.dataDir}`,
    );
  } finally {
    db.close();
  }
}

/** `projections`, `audit export` and `evaluation`: the read side from the command line. */
export function registerReadSideCommands(program: Command): void {
  const projections = program.command('projections').description('the read models built from the log');
  projections
    .command('status')
    .description("each projection's version, checkpoint, lag, state and last error")
    .option('--json', 'print JSON')
    .option('--data-dir <dir>', 'data directory')
    .action(async (options: { json?: boolean; dataDir?: string }) =>
      // Read as the file stands, without catching up: the lag is the server's (or the last run's), and a
      // status beside a running server writes nothing to its read models.
      withRuntime(options.dataDir, async ({ store, config }) => {
        const head = await logHead(store);
        const db = openReadModelDb(config.readModelsPath);
        let status: ProjectionStatus[];
        try {
          status = statusesFromRows(db, ALL_PROJECTIONS, head, (row) => (row?.state ?? 'stopped') as ProjectionState);
        } finally {
          db.close();
        }
        if (options.json) return printJson(status);
        for (const s of status) {
          say(
            `${s.name.padEnd(10)} v${s.version}  ${s.state.padEnd(11)} checkpoint ${s.checkpoint}  lag ${s.lag ?? 'unknown (the event store cannot be read)'}${s.rebuilding ? `  rebuild at ${s.rebuilding.position}${head === null ? '' : ` of ${head}`}` : ''}${s.lastError ? `  FAILED at ${s.lastError.position}: ${s.lastError.message}` : ''}`,
          );
        }
        // A state of work in hand, with no process at the work, was left by one that stopped: say so,
        // or the administrator waits on a rebuild that nothing is running.
        if (status.some((s) => s.rebuilding || ['starting', 'catching-up', 'rebuilding'].includes(s.state))) {
          // Asked of what the owner says, not of its lock: taking the lock, even for a moment, could turn
          // away a server or projector starting just then.
          if (!readModelsOwnerAlive(config.dataDir)) {
            say(
              'No server or projector is running on these read models: the process that was bringing them up to date stopped partway. They catch up, and finish a rebuild where it stopped, when the server starts or a read-side command (evaluation, audit export) runs.',
            );
          }
        }
      }),
    );
  projections
    .command('rebuild')
    .description(
      'rebuild one projection (or all) into fresh tables, with progress; beside a running server or projector, it does the rebuild, and this follows it',
    )
    .argument('[name]', `one of ${ALL_PROJECTIONS.map((p) => p.name).join(', ')}`)
    .option('--data-dir <dir>', 'data directory')
    .action(async (name: string | undefined, options: { dataDir?: string }) => {
      if (name !== undefined && !ALL_PROJECTIONS.some((p) => p.name === name)) {
        throw new CliError(`There is no projection "${name}"; choose one of ${ALL_PROJECTIONS.map((p) => p.name).join(', ')}.`, 2);
      }
      await withReadSide(options.dataDir, async ({ engine, follow, owned }, { store, config }) => {
        if (!owned) {
          // A server or projector runs the projections: it does the rebuild, asked through the data
          // directory, and this follows it. Without one at work, a command reading them holds them.
          if (!readModelsOwnerAlive(config.dataDir))
            throw new CliError(`Another Pairtrail command is using the read models of ${config.dataDir}; rebuild once it has finished.`);
          return rebuildThroughOwner(config, store, name === undefined ? ALL_PROJECTIONS.map((p) => p.name) : [name]);
        }
        const total = await store.headPosition();
        const progress = rebuildProgress(total);
        follow((projection, position) => progress.update(projection, position));
        const started = Date.now();
        const names = engine.rebuild(name);
        await new Promise((r) => setTimeout(r, 10));
        await engine.settled();
        progress.update(names[names.length - 1]!, total);
        progress.done();
        say(`rebuilt ${names.join(', ')} from ${total} events in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      });
    });

  const audit = program.command('audit').description('the audit trail');
  audit
    .command('export')
    .description('write the audit trail, or the part the filters choose, one row per event')
    .requiredOption('--format <format>', 'csv or jsonl')
    .option('--out <file>', 'write to a file instead of standard output')
    .option('--stream <name>', 'only this stream, such as pair-<id>')
    .option('--type <type>', 'only events of this type, such as MeetingHeld')
    .option('--actor <id>', 'only what this user (or system) recorded')
    .option('--source <source>', 'only what was recorded so: api (the web app too), cli, import (from a spreadsheet) or demo')
    .option('--from <date>', 'recorded from this date (in the programme time zone) or ISO 8601 instant')
    .option('--to <date>', 'recorded up to this date (its whole day) or instant')
    .option('--after <position>', 'only events after this log position (what happened since a report)')
    .option('--up-to <position>', 'only events up to this log position (the log as a report quoting it saw it)')
    .option('--pseudonymise', 'a stable pseudonym for each person, and no summaries (free text)')
    .option('--shift-dates', "with --pseudonymise: shift each person's dates by an offset of their own")
    .option('--data-dir <dir>', 'data directory')
    .action(async (options: ExportOptions) => {
      const format = options.format;
      if (format !== 'csv' && format !== 'jsonl') throw new CliError(`--format must be csv or jsonl, not "${format}".`, 2);
      if (options.shiftDates && !options.pseudonymise) throw new CliError('--shift-dates goes with --pseudonymise.', 2);
      if (options.out) checkOutFile(options.out);
      const pseudonymiser = pseudonymiserFor({ pseudonymise: String(!!options.pseudonymise), shiftDates: String(!!options.shiftDates) });
      await withReadSide(options.dataDir, async ({ reads }, { store }) => {
        // Checked as the API checks its query, before anything is written; named as the flags are.
        const filter = await withFlagNames(() => auditFilterOf(reads, store, Object.fromEntries(AUDIT_FILTERS.map((name) => [name, options[name]]))), {
          upTo: 'up-to',
        });
        // When the rows go to a file or a pipe, a terminal on stderr shows how far the export has got.
        const bar = options.out || !process.stdout.isTTY ? progress('audit rows exported') : undefined;
        // Every event has its row: the whole trail's size is known, a filtered part's is not.
        const total = Object.values(filter).every((v) => v === undefined) ? (await store.stats()).events : undefined;
        let rows = 0;
        // The same text as GET /audit/export's.
        const text = function* () {
          for (const chunk of auditExportChunks(reads, filter, format, pseudonymiser)) {
            rows += chunk.rows;
            bar?.update(rows, total);
            yield chunk.text;
          }
          bar?.done();
        };
        if (!options.out) {
          for (const chunk of text()) if (!process.stdout.write(chunk)) await once(process.stdout, 'drain');
          return;
        }
        await writeWholeFile(options.out, text());
        say(`wrote ${rows} audit rows to ${options.out}`);
      });
    });

  audit
    .command('events')
    .description(
      "write every event up to a position as stored, one per line, to check the record's hash chains and head digest with tools of your own (scripts/check-log.mjs)",
    )
    .option('--position <P>', "up to this log position, such as a report's (the log's head by default)")
    .option('--out <file>', 'write to a file instead of standard output')
    .option('--data-dir <dir>', 'data directory')
    .action(async (options: { position?: string; out?: string; dataDir?: string }) => {
      const asked = options.position === undefined ? undefined : parsePosition(options.position);
      if (options.out) checkOutFile(options.out);
      await withRuntime(options.dataDir, async ({ store }) => {
        await requireWithinLog(store, asked, '--position');
        const upTo = asked ?? (await store.headPosition());
        const bar = options.out || !process.stdout.isTTY ? progress(`events written, up to position ${upTo}; log position`) : undefined;
        let events = 0;
        // The same lines as GET /audit/events gives.
        const text = async function* () {
          for await (const batch of storedEventLines(store, upTo)) {
            events += batch.events;
            bar?.update(Number(batch.position), Number(upTo));
            yield batch.text;
          }
          bar?.done();
        };
        if (!options.out) {
          for await (const chunk of text()) if (!process.stdout.write(chunk)) await once(process.stdout, 'drain');
          return;
        }
        await writeWholeFile(options.out, text());
        say(`wrote ${events} events, up to position ${upTo}, to ${options.out}; check them with: node scripts/check-log.mjs ${options.out}`);
      });
    });

  program
    .command('evaluation')
    .description("evaluation figures: one pair's, one cohort's, or every pair's, cohort's or service area's, or each approach's")
    .option('--pair <id>', 'one pair')
    .option('--cohort <id>', 'one cohort')
    .option('--every <kind>', "every pair's, cohort's or service area's figures, or each approach's: pairs, cohorts, service-areas or approaches")
    .option('--as-of <date>', 'as things stood on this date (YYYY-MM-DD)')
    .option('--position <P>', 'as recorded up to this log position, to reproduce an earlier report')
    .option('--format <format>', 'json or csv', 'json')
    .option('--pseudonymise', "with --every pairs: each pair's id a pseudonym, new with every run, to take away")
    .option('--data-dir <dir>', 'data directory')
    .action(
      async (options: {
        pair?: string;
        cohort?: string;
        every?: string;
        asOf?: string;
        position?: string;
        format: string;
        pseudonymise?: boolean;
        dataDir?: string;
      }) => {
        if ([options.pair, options.cohort, options.every].filter(Boolean).length !== 1)
          throw new CliError('Give exactly one of --pair ID, --cohort ID or --every pairs|cohorts|service-areas|approaches.', 2);
        if (options.every && !EVERY.includes(options.every as (typeof EVERY)[number]))
          throw new CliError(`--every must be one of ${EVERY.join(', ')}, not "${options.every}".`, 2);
        if (options.pseudonymise && options.every !== 'pairs') throw new CliError('--pseudonymise goes with --every pairs.', 2);
        const pseudonymiser = pseudonymiserFor({ pseudonymise: String(!!options.pseudonymise) });
        await printFigures(options, (reads, look) => {
          // Rows as the API's lists and CSV downloads give them.
          // Each with a row of its kind, for the columns of a CSV of none.
          const every: Record<(typeof EVERY)[number], () => { rows: object[]; columnsOf: object }> = {
            // As the API's pseudonymised download gives them.
            pairs: () => ({
              rows: reads.pairEvaluations(look).map((p) => (pseudonymiser ? { ...p, pairId: pseudonymiser.pseudonym(p.pairId) } : p)),
              columnsOf: NO_PAIR_FIGURES,
            }),
            cohorts: () => ({ rows: reads.cohortEvaluations(look), columnsOf: NO_COHORT_FIGURES }),
            'service-areas': () => ({ rows: reads.serviceAreas(look).items, columnsOf: NO_SERVICE_AREA_FIGURES }),
            approaches: () => ({ rows: reads.approaches(look).items, columnsOf: {} }),
          };
          const one = options.pair ? reads.pairEvaluation(options.pair, look) : options.cohort ? reads.cohortEvaluation(options.cohort, look) : undefined;
          if (one) return { rows: [one], json: one };
          const { rows, columnsOf } = every[options.every as (typeof EVERY)[number]]();
          return { rows, json: rows, columnsOf };
        });
      },
    );

  program
    .command('actions')
    .description("the actions pairs agreed and have not completed or dropped, across the programme's pairs that have not concluded, the most overdue first")
    .option('--overdue', 'only those due before today')
    .option('--due-by <date>', 'only those due on or before this date (YYYY-MM-DD), the overdue among them')
    .option('--pair-status <status>', 'only pairs of this status: active, paused or concluded (whose actions can no longer be completed)')
    .option('--cohort <id>', "only that cohort's pairs")
    .option('--owner <id>', 'only those this participant owns')
    .option('--format <format>', 'json or csv', 'json')
    .option('--data-dir <dir>', 'data directory')
    .action(async (options: { overdue?: boolean; dueBy?: string; pairStatus?: string; cohort?: string; owner?: string; format: string; dataDir?: string }) => {
      if (options.format !== 'json' && options.format !== 'csv') throw new CliError(`--format must be json or csv, not "${options.format}".`, 2);
      const filter = {
        state: options.overdue ? 'overdue' : undefined,
        dueBy: options.dueBy,
        pairStatus: options.pairStatus,
        cohortId: options.cohort,
        ownerId: options.owner,
      };
      await withReadSide(options.dataDir, async ({ reads }) => {
        const look = await reads.lookBack({});
        const { result, ...at } = await withFlagNames(() => reads.reproducibly(look, () => reads.everyOpenAction(filter)), {
          dueBy: 'due-by',
          pairStatus: 'pair-status',
          cohortId: 'cohort',
          ownerId: 'owner',
        });
        // As the API's download gives them, each row saying the day and log position it was read at.
        if (options.format === 'csv') return void process.stdout.write(figuresCsv(result, at, NO_OPEN_ACTION));
        printJson(result);
      });
    });

  program
    .command('pairs')
    .description("the programme's pairs as a register, by title: cohort, partners, service area, status, dates, whether each needs attention and why")
    .option('--cohort <id>', "only that cohort's pairs")
    .option('--status <status>', 'only pairs of this status: active, paused or concluded')
    .option('--needs-attention', 'only the pairs that need attention')
    .option('--format <format>', 'json or csv', 'json')
    .option('--data-dir <dir>', 'data directory')
    .action(async (options: { cohort?: string; status?: string; needsAttention?: boolean; format: string; dataDir?: string }) => {
      if (options.format !== 'json' && options.format !== 'csv') throw new CliError(`--format must be json or csv, not "${options.format}".`, 2);
      const filter = { cohortId: options.cohort, status: options.status, ...(options.needsAttention ? { needsAttention: 'true' } : {}) };
      await withReadSide(options.dataDir, async ({ reads }) => {
        if (options.cohort) reads.cohort(options.cohort);
        const { result, ...at } = await withFlagNames(async () => reads.reproducibly(await reads.lookBack({}), () => reads.pairRegister(filter)), {
          cohortId: 'cohort',
        });
        // As the API's download gives them, each row saying the day and log position it was read at.
        if (options.format === 'csv') return void process.stdout.write(figuresCsv(result, at, NO_PAIR_REGISTER_ROW));
        printJson(result);
      });
    });

  program
    .command('participants')
    .description(
      "the programme's people as a register, by name: first the columns import participants reads, then consents for one pair, their pairs, when they last took part and whether erased",
    )
    .option('--format <format>', 'json or csv', 'json')
    .option('--data-dir <dir>', 'data directory')
    .action(async (options: { format: string; dataDir?: string }) => {
      if (options.format !== 'json' && options.format !== 'csv') throw new CliError(`--format must be json or csv, not "${options.format}".`, 2);
      await withReadSide(options.dataDir, async ({ reads }) => {
        const { result, ...at } = reads.reproducibly(await reads.lookBack({}), () => reads.participantRegister((person) => person));
        // As the API's download gives them, each row saying the day and log position it was read at.
        if (options.format === 'csv') return void process.stdout.write(figuresCsv(result, at, NO_REGISTER_ROW));
        printJson(result);
      });
    });

  program
    .command('timeline')
    .description(
      "what happened across the programme between two dates: every pair's timeline entries dated in the period (retracted ones left out), each with what it is about, newest first",
    )
    .option('--from <date>', 'the first day (YYYY-MM-DD); by default four weeks before --to')
    .option('--to <date>', 'the last day (YYYY-MM-DD); by default today')
    .option('--cohort <id>', "only that cohort's pairs")
    .option('--pair <id>', "one pair's entries alone: its story in the period")
    .option('--kind <kind>', 'one kind of entry: meetings, actions, outcomes, milestones, reflections or course')
    .option('--oldest', 'oldest first')
    .option('--position <P>', "as recorded up to this log position, to give a period's account again as it was")
    .option('--format <format>', 'json, csv, md or html', 'json')
    .option('--data-dir <dir>', 'data directory')
    .action(
      async (options: {
        from?: string;
        to?: string;
        cohort?: string;
        pair?: string;
        kind?: string;
        oldest?: boolean;
        position?: string;
        format: string;
        dataDir?: string;
      }) => {
        const format = checkFormat(options.format, ['json', 'csv', 'md', 'html'] as const);
        const filter = {
          from: options.from,
          to: options.to,
          cohortId: options.cohort,
          pairId: options.pair,
          kind: options.kind,
          order: options.oldest ? 'oldest' : 'newest',
        };
        await withReadSide(options.dataDir, async ({ reads }) => {
          const { result, ...at } = await withFlagNames(
            async () => {
              const look = await reads.lookBack({ position: options.position });
              return reads.reproducibly(look, () => reads.everyProgrammeTimelineEntry(filter, look));
            },
            { cohortId: 'cohort', pairId: 'pair' },
          );
          process.stderr.write(`To give these entries again: --from ${result.from} --to ${result.to} --position ${at.position}\n`);
          // As the API gives them: a CSV's rows each saying the day and log position it was read at.
          if (format === 'csv') return void process.stdout.write(figuresCsv(programmeTimelineRows(result.items), at, NO_PROGRAMME_TIMELINE_ROW));
          if (format === 'json') return printJson({ ...result, ...at });
          const of = reads.programmeTimelineOf(filter);
          process.stdout.write(renderProgrammeTimeline(result, { ...at, ...(of ? { of } : {}) }, format));
        });
      },
    );

  readNowCommand(
    program,
    'reflections-due',
    'each partner asked to reflect in a pair going on (not yet, or their last reflection a quarter old), the longest waiting first, as GET /reflections/due lists them',
    (reads, cohortId) => reads.reflectionsDue({ cohortId }),
    (result, at, format) => (format === 'csv' ? process.stdout.write(figuresCsv(result, at, NO_REFLECTION_DUE)) : printJson(result)),
  );
  readNowCommand(
    program,
    'gaps',
    'what the record is missing that the figures need, as it stands now: each gap counted in words (on stderr with --format csv), then the pairs with any, by title',
    (reads, cohortId) => reads.recordGaps({ cohortId }),
    (result, at, format) => {
      if (format === 'json') return printJson({ ...result, ...at });
      for (const gap of result.gaps) process.stderr.write(`${gap.says}\n`);
      process.stdout.write(figuresCsv(result.items, at, NO_PAIR_GAPS));
    },
  );

  program
    .command('brief <pairId>')
    .description(
      'a pair before its next meeting: its initiative, its last meeting and the actions agreed there (where each stands now), every action still open (the most overdue first), what happened since, and whose reflection is due',
    )
    .option('--format <format>', 'json, md or html', 'md')
    .option('--data-dir <dir>', 'data directory')
    .action(async (pairId: string, options: { format: string; dataDir?: string }) => {
      const format = checkFormat(options.format, ['json', 'md', 'html'] as const);
      await withReadSide(options.dataDir, async ({ reads }) => {
        const look = await reads.lookBack({});
        const { result, ...at } = reads.reproducibly(look, () => reads.pairBrief(pairId, look));
        if (format === 'json') return printJson({ ...result, ...at });
        process.stdout.write(renderPairBrief(result, at, format));
      });
    });

  const analytics = program
    .command('analytics')
    .description("the programme's activity month by month, how the partnerships felt month by month, and how far its pairs have come (the funnel)");
  const lookBackOptions = (command: Command) =>
    command
      .option('--cohort <id>', "only that cohort's pairs")
      .option('--as-of <date>', 'as things stood on this date (YYYY-MM-DD)')
      .option('--position <P>', 'as recorded up to this log position, to reproduce an earlier report')
      .option('--format <format>', 'json or csv', 'json')
      .option('--data-dir <dir>', 'data directory');
  const monthRange = (command: Command) =>
    lookBackOptions(
      command
        .option('--from <YYYY-MM>', 'the first month (default: the month the earliest cohort started)')
        .option('--to <YYYY-MM>', 'the last month (default: the month of --as-of, or this month)'),
    );
  monthRange(
    analytics.command('monthly').description('meetings, their minutes, outcomes, reflections and active pairs in each month, the empty months included'),
  ).action(async (options: FigureOptions & { cohort?: string; from?: string; to?: string }) => {
    await printFigures(options, (reads, look) => {
      const series = reads.monthly({ ...monthsOf(reads, look, options), cohortId: options.cohort }, look);
      return { rows: series.months, json: series };
    });
  });
  monthRange(
    analytics
      .command('relationship')
      .description("how the partnerships felt in each month: every partner's latest relationship score by its end, and each perspective's apart"),
  ).action(async (options: FigureOptions & { cohort?: string; from?: string; to?: string }) => {
    await printFigures(options, (reads, look) => {
      const series = reads.relationship({ ...monthsOf(reads, look, options), cohortId: options.cohort }, look);
      return { rows: series.months, json: series };
    });
  });
  lookBackOptions(
    analytics.command('funnel').description('how many pairs have been formed, defined their initiative, met, recorded an outcome and concluded'),
  ).action(async (options: FigureOptions & { cohort?: string }) => {
    await printFigures(options, (reads, look) => {
      const funnel = reads.funnel({ cohortId: options.cohort }, look);
      return { rows: funnel.stages, json: funnel };
    });
  });
  analytics
    .command('since')
    .description(
      'how the headline figures moved since an earlier report (its --as-of and --position: at least one), each then and now, as GET /evaluation/since gives them; what grew in words on stderr',
    )
    .option('--cohort <id>', "only that cohort's pairs")
    .option('--as-of <date>', "the earlier report's date (YYYY-MM-DD)")
    .option('--position <P>', "the earlier report's log position")
    .option('--format <format>', 'json or csv', 'json')
    .option('--data-dir <dir>', 'data directory')
    .action(async (options: SinceOptions) => {
      const format = checkFormat(options.format, ['json', 'csv'] as const);
      await withReadSide(options.dataDir, async ({ reads }) => {
        const { result, ...at } = await withFlagNames(() => reads.figuresSince({ asOf: options.asOf, position: options.position, cohortId: options.cohort }), {
          asOf: 'as-of',
          cohortId: 'cohort',
        });
        process.stderr.write(`${result.inWords}\n`);
        if (format === 'json') return printJson(result);
        process.stdout.write(figuresCsv(figuresSinceRows(result), at));
      });
    });
  analytics
    .command('summary')
    .description("the headline figures in words, as GET /evaluation/summary and a report pack's summary.md say them")
    .option('--cohort <id>', "only that cohort's pairs")
    .option('--as-of <date>', 'as things stood on this date (YYYY-MM-DD)')
    .option('--position <P>', 'as recorded up to this log position, to reproduce an earlier report')
    .option('--format <format>', 'md (the sentences, under their headings) or json', 'md')
    .option('--data-dir <dir>', 'data directory')
    .action(async (options: Omit<FigureOptions, 'format'> & { cohort?: string; format: string }) => {
      if (options.format !== 'md' && options.format !== 'json') throw new CliError(`--format must be md or json, not "${options.format}".`, 2);
      await withReadSide(options.dataDir, async ({ reads }) => {
        const look = await withFlagNames(() => reads.lookBack({ asOf: options.asOf, position: options.position }), { asOf: 'as-of' });
        const { result, ...again } = await withFlagNames(() => reads.reproducibly(look, () => reads.figuresInWords({ cohortId: options.cohort }, look)), {
          cohortId: 'cohort',
        });
        process.stderr.write(`To give these figures again: --as-of ${again.asOf} --position ${again.position}\n`);
        if (options.format === 'json') return printJson(result);
        process.stdout.write(figuresInWordsMarkdown(result.sections).join('\n'));
      });
    });
}

/**
 * A command that reads the programme as it stands now (of one cohort, if `--cohort` names one), and
 * prints it as JSON or CSV (`--format`), with the day and log position it was read at.
 */
function readNowCommand<T>(
  program: Command,
  name: string,
  description: string,
  read: (reads: ReadModels, cohortId: string | undefined) => T,
  print: (result: T, at: { asOf: string; position: string }, format: 'json' | 'csv') => void,
): void {
  program
    .command(name)
    .description(description)
    .option('--cohort <id>', "only that cohort's pairs")
    .option('--format <format>', 'json or csv', 'json')
    .option('--data-dir <dir>', 'data directory')
    .action(async (options: { cohort?: string; format: string; dataDir?: string }) => {
      const format = checkFormat(options.format, ['json', 'csv'] as const);
      await withReadSide(options.dataDir, async ({ reads }) => {
        const { result, ...at } = await withFlagNames(async () => reads.reproducibly(await reads.lookBack({}), () => read(reads, options.cohort)), {
          cohortId: 'cohort',
        });
        print(result, at, format);
      });
    });
}

interface SinceOptions {
  asOf?: string;
  position?: string;
  cohort?: string;
  format: string;
  dataDir?: string;
}

interface FigureOptions {
  asOf?: string;
  position?: string;
  format: string;
  dataDir?: string;
}

/**
 * Reads figures in one snapshot, as of the options' date and position, and prints them with the asOf and
 * position that give the same figures later, as a report quotes them: on each CSV row, as the API's
 * downloads say them; beside JSON, on stderr, as the API says them in headers.
 */
async function printFigures(
  options: FigureOptions,
  read: (reads: ReadModels, look: LookBack) => { rows: object[]; json: unknown; columnsOf?: object },
): Promise<void> {
  if (options.format !== 'json' && options.format !== 'csv') throw new CliError(`--format must be json or csv, not "${options.format}".`, 2);
  await withReadSide(options.dataDir, async ({ reads }) => {
    const look = await withFlagNames(() => reads.lookBack({ asOf: options.asOf, position: options.position }), { asOf: 'as-of' });
    const { result, ...again } = await withFlagNames(() => reads.reproducibly(look, () => read(reads, look)), { cohortId: 'cohort' });
    if (options.format === 'csv') return void process.stdout.write(figuresCsv(result.rows, again, result.columnsOf));
    process.stderr.write(`To give these figures again: --as-of ${again.asOf} --position ${again.position}\n`);
    printJson(result.json);
  });
}

/** What `evaluation --every` lists, as the API's /evaluation/pairs, /cohorts, /service-areas and /approaches do. */
const EVERY = ['pairs', 'cohorts', 'service-areas', 'approaches'] as const;
