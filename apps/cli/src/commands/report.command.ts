import type { Command } from 'commander';
import { rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { makeDirectory } from '@pairtrail/event-store';
import { Pseudonymiser, REPORT_FILES, reportFigures, reportManifest, unverifiedReport } from '@pairtrail/projections';
import { CliError, say, withFlagNames, writeWholeFile } from '../output';
import { withReadSide } from './read-side.commands';
import { verifyWithProgress } from './store.commands';

/**
 * `report --out DIR`: every figure of the programme (or of one cohort) read at one log position, with
 * the head digest of the record up to it, which is what a report quotes so that anyone can show later
 * that its figures came from a record nothing has changed since.
 */
export function registerReportCommand(program: Command): void {
  program
    .command('report')
    .description("write every evaluation figure and the analytics, read at one log position, with the record's head digest there: what a report quotes")
    .requiredOption('--out <dir>', 'directory to write the files into (made if missing)')
    .option('--cohort <id>', "only that cohort's figures")
    .option('--as-of <date>', 'as things stood on this date (YYYY-MM-DD)')
    .option('--position <P>', 'as recorded up to this log position, to give an earlier report again')
    .option('--pseudonymise', "each pair's id a pseudonym, new with every run, to take away")
    .option('--data-dir <dir>', 'data directory')
    .action(async (options: { out: string; cohort?: string; asOf?: string; position?: string; pseudonymise?: boolean; dataDir?: string }) => {
      const pseudonymiser = options.pseudonymise ? new Pseudonymiser() : undefined;
      await withReadSide(options.dataDir, async ({ reads }, { store }) => {
        const look = await withFlagNames(() => reads.lookBack({ asOf: options.asOf, position: options.position }), { asOf: 'as-of' });
        const report = { cohortId: options.cohort, pseudonymiser };
        const figures = await withFlagNames(() => reportFigures(reads, look, report), { cohortId: 'cohort' });
        const verified = await verifyWithProgress(store, 'checking the record up to log position', BigInt(figures.position));
        const refused = unverifiedReport(figures.position, verified);
        if (refused) throw new CliError(refused);
        const out = resolve(options.out);
        makeDirectory(out);
        // The manifest goes first and comes back last: a run that stops part way (a full disk) leaves
        // files without one, not an earlier report's manifest beside figures it does not describe.
        rmSync(join(out, 'manifest.json'), { force: true });
        for (const [file, csv] of Object.entries(figures.files)) await writeWholeFile(join(out, file), [csv]);
        const manifest = reportManifest(figures, verified.headDigest, report);
        await writeWholeFile(join(out, 'manifest.json'), [`${JSON.stringify(manifest, null, 2)}\n`]);
        say(`wrote ${Object.keys(REPORT_FILES).length} files of figures and manifest.json to ${out}`);
        say(`figures as of ${figures.asOf}, as recorded up to log position ${figures.position}; head digest there ${verified.headDigest}`);
        say(`to give them again: ${manifest.giveAgain}`);
      });
    });
}
