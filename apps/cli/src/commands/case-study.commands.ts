import type { Command } from 'commander';
import { existsSync, rmSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { CaseStudies } from '@pairtrail/application';
import {
  CURRENT_RENDERING,
  RENDERINGS,
  render,
  renderIndex,
  renderQuotes,
  toldOf,
  type CaseStudy,
  type CaseStudyIndex,
  type CaseStudyIndexEntry,
} from '@pairtrail/case-studies';
import { addDays, isCalendarDate, type CalendarDate } from '@pairtrail/domain';
import { eventsOfType, makeDirectory, requireWithinLog, type EventStore } from '@pairtrail/event-store';
import { quotesCsv } from '@pairtrail/projections';
import { CliError, checkOutDir, printJson, progress, say, withFlagNames, writeWholeFile, checkFormat } from '../output';
import { withReadSide } from './read-side.commands';
import { parsePosition, withRuntime } from './store.commands';

const FORMATS = ['json', 'md', 'html'] as const;

interface Look {
  asOf: CalendarDate | null;
  position?: bigint;
}

/** `--as-of` and `--position` as given, checked for their form before anything is opened. */
function lookFrom(options: { asOf?: string; position?: string }): Look {
  if (options.asOf !== undefined && !isCalendarDate(options.asOf)) throw new CliError(`--as-of must be a real date, YYYY-MM-DD, not "${options.asOf}".`, 2);
  return { asOf: options.asOf ?? null, ...(options.position === undefined ? {} : { position: parsePosition(options.position) }) };
}

/** The look checked against the log and the calendar: a position it holds, a date no later than tomorrow. */
async function checkLook(app: { today(): CalendarDate }, store: EventStore, look: Look): Promise<Look> {
  await requireWithinLog(store, look.position, '--position');
  // As the API's asOf: it looks back, so tomorrow at the latest.
  const tomorrow = addDays(app.today(), 1);
  if (look.asOf !== null && look.asOf > tomorrow) throw new CliError(`--as-of must be no later than tomorrow (${tomorrow}): it looks back.`, 2);
  return look;
}

/** `case-study` and `case-studies regenerate`: case studies from the command line. */
export function registerCaseStudyCommands(program: Command): void {
  program
    .command('case-study')
    .description("print a pair's case study, regenerated from its events")
    .argument('<pairId>', 'the pair')
    .option('--as-of <date>', 'as things stood on this date (YYYY-MM-DD)')
    .option('--position <P>', 'from the events recorded up to this log position, as it was known then')
    .option('--rendering <n>', `the wording: ${RENDERINGS.join(' or ')}, to reproduce a version approved in it`, String(CURRENT_RENDERING))
    .option('--published', 'the version published, byte for byte as its partners approved it')
    .option('--approved <contentHash>', 'the approved (or published) version with this content hash, byte for byte as approved')
    .option('--format <format>', 'json, md or html', 'md')
    .option('--data-dir <dir>', 'data directory')
    .action(
      async (
        pairId: string,
        options: { asOf?: string; position?: string; rendering: string; published?: boolean; approved?: string; format: string; dataDir?: string },
        command: Command,
      ) => {
        const format = checkFormat(options.format, FORMATS);
        const rendering = RENDERINGS.find((r) => String(r) === options.rendering);
        if (rendering === undefined) throw new CliError(`--rendering must be one of ${RENDERINGS.join(', ')}, not "${options.rendering}".`, 2);
        const asApproved = options.published ? '--published' : options.approved !== undefined ? '--approved' : undefined;
        if (options.published && options.approved !== undefined) throw new CliError('Give --published or --approved, not both.', 2);
        if (asApproved && (options.asOf !== undefined || options.position !== undefined || command.getOptionValueSource('rendering') === 'cli'))
          throw new CliError(
            `${asApproved} gives a version from the position and in the wording it was approved in; leave out --as-of, --position and --rendering.`,
            2,
          );
        const asked = lookFrom(options);
        await withRuntime(options.dataDir, async ({ app, store }) => {
          const caseStudies = new CaseStudies(app);
          if (options.published) {
            await caseStudies.partners(pairId); // an unknown pair is said to be unknown, not unpublished
            const published = await caseStudies.published(pairId);
            if (!published.ok) throw new CliError(published.reason, 1);
            process.stdout.write(render(published.caseStudy, format));
          } else if (options.approved !== undefined) process.stdout.write(render(await caseStudies.version(pairId, options.approved), format));
          else {
            const { asOf, position } = await checkLook(app, store, asked);
            process.stdout.write(render(await caseStudies.require(pairId, { asOf, rendering, ...(position === undefined ? {} : { position }) }), format));
          }
        });
      },
    );

  const group = program.command('case-studies').description('case studies for every pair');
  group
    .command('quotes')
    .description(
      'print every quote the case studies offer, for a report: reflections their authors offered for quotation and consented to be quoted, each as its case study says it',
    )
    .option('--cohort <id>', "only that cohort's pairs")
    .option('--published', 'only from the published versions, byte for byte as their partners approved them')
    .option('--format <format>', 'csv, md, html or json', 'csv')
    .option('--data-dir <dir>', 'data directory')
    .action(async (options: { cohort?: string; published?: boolean; format: string; dataDir?: string }) => {
      const format = checkFormat(options.format, ['csv', ...FORMATS] as const);
      await withReadSide(options.dataDir, async ({ reads }, { app }) => {
        const cohort = options.cohort === undefined ? undefined : await withFlagNames(() => reads.cohort(options.cohort!), { cohortId: 'cohort' });
        const collection = await new CaseStudies(app).quoteCollection(reads.pairIds({ cohortId: options.cohort }), {
          published: options.published,
          of: cohort?.name,
          toldNow: (pairId) => reads.caseStudy(pairId),
        });
        if (format === 'csv') process.stdout.write(quotesCsv(collection.items));
        else if (format === 'json') printJson(collection);
        else process.stdout.write(renderQuotes(collection, format));
      });
    });

  group
    .command('regenerate')
    .description(
      'write one case study file per consenting pair, and an index of them, saying which pairs were skipped and why, and removing what an earlier run wrote for them',
    )
    .requiredOption('--out <dir>', 'directory to write into')
    .option('--as-of <date>', 'as things stood on this date (YYYY-MM-DD)')
    .option('--position <P>', 'from the events recorded up to this log position, to give an earlier run again')
    .option('--published', "each pair's published version, as it was approved, rather than the current one")
    .option('--format <format>', 'md or html', 'html')
    .option('--data-dir <dir>', 'data directory')
    .action(async (options: { out: string; asOf?: string; position?: string; published?: boolean; format: string; dataDir?: string }) => {
      const format = checkFormat(options.format, ['md', 'html'] as const);
      checkOutDir(options.out);
      if (options.published && (options.asOf !== undefined || options.position !== undefined))
        throw new CliError('--published gives each version from the position it was approved at; leave out --as-of and --position.', 2);
      const asked = lookFrom(options);
      await withRuntime(options.dataDir, async ({ app, store }) => {
        const look = await checkLook(app, store, asked);
        // Every pair from one state of the log: one pinned here, so that events recorded as it runs do not
        // make some case studies newer than others, and the run can be given again.
        const position = look.position ?? (await store.headPosition());
        const otherFormat = format === 'md' ? 'html' : 'md';
        const pairIds: string[] = [];
        for await (const e of eventsOfType(store, 'PairFormed')) pairIds.push(e.stream.slice('pair-'.length));
        const out = resolve(options.out);
        makeDirectory(out);
        // The index goes first and comes back last: a run stopped part way leaves case studies without
        // one, not an earlier run's index listing versions some files no longer hold.
        for (const ext of ['md', 'html']) rmSync(join(out, `index.${ext}`), { force: true });
        const caseStudies = new CaseStudies(app);
        const bar = progress('regenerating case studies');
        const entries: CaseStudyIndexEntry[] = [];
        const skipped: { pairId: string; reason: string; removed: string[] }[] = [];
        for (const [i, pairId] of pairIds.entries()) {
          const chosen = options.published ? await publishedVersion(caseStudies, pairId) : await current(caseStudies, pairId, { position, asOf: look.asOf });
          if (chosen.ok) {
            const file = `${pairId}.${format}`;
            // Whole or not at all: a run stopped part way leaves no half a case study to be sent on.
            await writeWholeFile(join(out, file), [render(chosen.caseStudy, format)]);
            // One in the other format from an earlier run would be an older telling beside it.
            rmSync(join(out, `${pairId}.${otherFormat}`), { force: true });
            entries.push({ file, title: chosen.caseStudy.title, contentHash: chosen.caseStudy.provenance.contentHash, standing: chosen.standing });
          } else {
            // A pair skipped now (a partner withdrew consent, or was erased) may have a file from an
            // earlier run into the same folder: left there, it would go on being sent out.
            const removed = ['md', 'html'].map((ext) => join(out, `${pairId}.${ext}`)).filter((file) => existsSync(file));
            for (const file of removed) rmSync(file);
            skipped.push({ pairId, reason: chosen.reason, removed });
          }
          bar.update(i + 1, pairIds.length);
        }
        bar.done();
        const again = ['pairtrail case-studies regenerate --position', String(position), ...(look.asOf ? ['--as-of', look.asOf] : [])].join(' ');
        const index: CaseStudyIndex = options.published
          ? {
              heading: 'Published case studies',
              about: [
                "Each pair's published case study, regenerated from the events up to the position its partners approved it at: byte for byte what they approved.",
                'A pair whose case study is not published, or whose published version a withdrawn consent or an erasure has since affected, is left out.',
              ],
              entries,
            }
          : {
              heading: 'Case studies',
              about: [
                `Each pair's case study as the event log stood at position ${position}${look.asOf ? `, as things stood on ${look.asOf}` : ''}. A case study that is not yet approved by both partners and published is a draft; where each stands with its partners is said as of this run.`,
                'A pair without the consent a case study needs is left out.',
                `To make these again: ${again}`,
              ],
              entries,
            };
        await writeWholeFile(join(out, `index.${format}`), [renderIndex(index, format)]);
        say(`wrote ${entries.length} case ${entries.length === 1 ? 'study' : 'studies'} to ${out}, listed in index.${format}`);
        for (const s of skipped) {
          say(`skipped ${s.pairId}: ${s.reason}`);
          if (s.removed.length) say(`  removed what an earlier run wrote for it: ${s.removed.map((file) => basename(file)).join(', ')}`);
        }
        if (!options.published) say(`To make these again: ${again}`);
      });
    });
}

type Chosen = { ok: true; caseStudy: CaseStudy; standing: string } | { ok: false; reason: string };

/** The pair's case study as it stands at `position` (as of `asOf`), and how far its partners have taken it. */
async function current(caseStudies: CaseStudies, pairId: string, look: { position: bigint; asOf: CalendarDate | null }): Promise<Chosen> {
  const generated = await caseStudies.generate(pairId, look);
  if (!generated.ok) {
    const formedLater = generated.notYet && !look.asOf;
    return { ok: false, reason: formedLater ? `Pair ${pairId} was formed after position ${look.position}.` : generated.reason };
  }
  const { current, published, state, publishable, withdrawn } = await caseStudies.standing(pairId, toldOf(generated));
  const approvals = current!.approvedBy.length;
  const standing =
    state === 'published'
      ? `published on ${published!.publishedAt.slice(0, 10)}`
      : approvals >= 2
        ? 'a draft approved by both partners, not yet published'
        : approvals === 1
          ? 'a draft approved by one partner'
          : 'a draft not yet approved';
  // One both approved before a later event changed the telling, and not published: still theirs to publish.
  const earlier = publishable !== null && publishable !== current!.contentHash;
  const more = [
    ...(earlier ? ['an earlier version both partners approved can be published'] : []),
    ...(published && !published.current ? ['another version is published'] : []),
    ...(withdrawn ? ['withdrawn from publication, which took back the approvals given before'] : []),
  ];
  return { ok: true, caseStudy: generated.caseStudy, standing: [standing, ...more].join('; ') };
}

/** The pair's published version, as its partners approved it, or why there is none to give. */
async function publishedVersion(caseStudies: CaseStudies, pairId: string): Promise<Chosen> {
  const published = await caseStudies.published(pairId);
  return published.ok ? { ...published, standing: `published on ${published.publishedAt.slice(0, 10)}` } : published;
}
