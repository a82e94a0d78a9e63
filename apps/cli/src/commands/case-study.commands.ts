import type { Command } from 'commander';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { CaseStudies } from '@pairtrail/application';
import { CURRENT_RENDERING, RENDERINGS, render } from '@pairtrail/case-studies';
import { addDays, isCalendarDate } from '@pairtrail/domain';
import { eventsOfType, requireWithinLog } from '@pairtrail/event-store';
import { CliError, progress, say, writeWholeFile } from '../output';
import { parsePosition, withRuntime } from './store.commands';

const FORMATS = ['json', 'md', 'html'] as const;
type Format = (typeof FORMATS)[number];

function checkFormat(format: string, allowed: readonly string[]): Format {
  if (!allowed.includes(format)) throw new CliError(`--format must be one of ${allowed.join(', ')}, not "${format}".`, 2);
  return format as Format;
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
    .option('--format <format>', 'json, md or html', 'md')
    .option('--data-dir <dir>', 'data directory')
    .action(async (pairId: string, options: { asOf?: string; position?: string; rendering: string; format: string; dataDir?: string }) => {
      const format = checkFormat(options.format, FORMATS);
      const rendering = RENDERINGS.find((r) => String(r) === options.rendering);
      if (rendering === undefined) throw new CliError(`--rendering must be one of ${RENDERINGS.join(', ')}, not "${options.rendering}".`, 2);
      if (options.asOf !== undefined && !isCalendarDate(options.asOf)) throw new CliError(`--as-of must be a real date, YYYY-MM-DD, not "${options.asOf}".`, 2);
      const position = options.position === undefined ? undefined : parsePosition(options.position);
      await withRuntime(options.dataDir, async ({ app, store }) => {
        await requireWithinLog(store, position, '--position');
        // As the API's asOf: it looks back, so tomorrow at the latest.
        const tomorrow = addDays(app.today(), 1);
        if (options.asOf !== undefined && options.asOf > tomorrow)
          throw new CliError(`--as-of must be no later than tomorrow (${tomorrow}): it looks back.`, 2);
        const cs = await new CaseStudies(app).require(pairId, { asOf: options.asOf ?? null, rendering, ...(position === undefined ? {} : { position }) });
        process.stdout.write(render(cs, format));
      });
    });

  program
    .command('case-studies')
    .description('case studies for every pair')
    .command('regenerate')
    .description('write one case study file per consenting pair, saying which pairs were skipped and why, and removing what an earlier run wrote for them')
    .requiredOption('--out <dir>', 'directory to write into')
    .option('--format <format>', 'md or html', 'html')
    .option('--data-dir <dir>', 'data directory')
    .action(async (options: { out: string; format: string; dataDir?: string }) => {
      const format = checkFormat(options.format, ['md', 'html']);
      await withRuntime(options.dataDir, async ({ app, store }) => {
        const pairIds: string[] = [];
        for await (const e of eventsOfType(store, 'PairFormed')) pairIds.push(e.stream.slice('pair-'.length));
        const out = resolve(options.out);
        mkdirSync(out, { recursive: true });
        const caseStudies = new CaseStudies(app);
        const bar = progress('regenerating case studies');
        const skipped: { pairId: string; reason: string; removed: string[] }[] = [];
        let written = 0;
        for (const [i, pairId] of pairIds.entries()) {
          const generated = await caseStudies.generate(pairId);
          if (generated.ok) {
            // Whole or not at all: a run stopped part way leaves no half a case study to be sent on.
            await writeWholeFile(join(out, `${pairId}.${format}`), [render(generated.caseStudy, format)]);
            written += 1;
          } else {
            // A pair skipped now (a partner withdrew consent, or was erased) may have a file from an
            // earlier run into the same folder: left there, it would go on being sent out.
            const removed = ['md', 'html'].map((ext) => join(out, `${pairId}.${ext}`)).filter((file) => existsSync(file));
            for (const file of removed) rmSync(file);
            skipped.push({ pairId, reason: generated.reason, removed });
          }
          bar.update(i + 1, pairIds.length);
        }
        bar.done();
        say(`wrote ${written} case ${written === 1 ? 'study' : 'studies'} to ${out}`);
        for (const s of skipped) {
          say(`skipped ${s.pairId}: ${s.reason}`);
          if (s.removed.length) say(`  removed what an earlier run wrote for it: ${s.removed.map((file) => basename(file)).join(', ')}`);
        }
      });
    });
}
