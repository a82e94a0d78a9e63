import type { Command } from 'commander';
import { existsSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { makeDirectory } from '@pairtrail/event-store';
import { NotFoundError, ValidationError } from '@pairtrail/domain';
import {
  Pseudonymiser,
  REPORT_DESCRIPTION_FILE,
  REPORT_SUMMARY_FILE,
  REPORT_FILES,
  checkReportFiles,
  checkReportRecord,
  unzipPack,
  parseReportManifest,
  reportFigures,
  reportManifest,
  reportPackFiles,
  unverifiedReport,
  type ReportManifest,
} from '@pairtrail/projections';
import { CliError, checkOutDir, describeFileError, printJson, say, withFlagNames, writeWholeFile } from '../output';
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
      checkOutDir(options.out);
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
        for (const [file, text] of Object.entries(reportPackFiles(figures, report))) await writeWholeFile(join(out, file), [text]);
        const manifest = reportManifest(figures, verified.headDigest, report);
        await writeWholeFile(join(out, 'manifest.json'), [`${JSON.stringify(manifest, null, 2)}\n`]);
        say(
          `wrote ${Object.keys(REPORT_FILES).length} files of figures, ${REPORT_DESCRIPTION_FILE} (what each column means), ${REPORT_SUMMARY_FILE} (the figures in words) and manifest.json to ${out}`,
        );
        say(`figures as of ${figures.asOf}, as recorded up to log position ${figures.position}; head digest there ${verified.headDigest}`);
        say(`to give them again: ${manifest.giveAgain}`);
      });
    });
}

/** A pack's files by name: from its folder, or from the ZIP the Evaluation screen and POST /reports give. */
function readPack(path: string): Partial<Record<string, string>> {
  try {
    if (statSync(path).isDirectory()) {
      return Object.fromEntries(
        readdirSync(path)
          .filter((name) => name === 'manifest.json' || name === REPORT_DESCRIPTION_FILE || name === REPORT_SUMMARY_FILE || name in REPORT_FILES)
          .map((name) => [name, readFileSync(join(path, name), 'utf8')]),
      );
    }
    const files = unzipPack(readFileSync(path));
    if (files) return files;
  } catch (error) {
    const problem = describeFileError(error);
    if (problem) throw new CliError(`cannot read ${path}: ${problem}`);
    throw error;
  }
  throw new CliError(`${path} is neither a report's folder nor a report pack's ZIP`);
}

/**
 * `check-report PACK`: whether a report pack (its folder, or its ZIP) is what the record gives: the
 * head digest it quotes is the record's up to its position, each file is as the pack was made, and its
 * figures are what the record gives there. What a reader of a report runs to trust its figures.
 */
export function registerCheckReportCommand(program: Command): void {
  program
    .command('check-report')
    .description("check a report pack (its folder or ZIP) against the record: its head digest, each file's SHA-256, and its figures given again")
    .argument('<pack>', 'the folder `pairtrail report` wrote, or the ZIP the Evaluation screen and POST /reports give')
    .option('--json', 'print the findings as JSON')
    .option('--data-dir <dir>', 'data directory')
    .action(async (pack: string, options: { json?: boolean; dataDir?: string }) => {
      const path = resolve(pack);
      if (!existsSync(path)) throw new CliError(`${path}: there is no such file or directory`, 2);
      const files = readPack(path);
      if (files['manifest.json'] === undefined)
        throw new CliError(`${path} holds no manifest.json: it is no report pack (a ZIP from the Evaluation screen can be given as it is)`);
      let manifest: ReportManifest;
      try {
        manifest = parseReportManifest(files['manifest.json']);
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
        throw new CliError(`${path}: ${error.details.map((d) => `${d.field} ${d.message}`).join('; ')}`);
      }
      const { position, asOf, cohortId } = manifest;
      await withReadSide(options.dataDir, async ({ reads }, { store }) => {
        const elsewhere = `: check the pack against the data directory of the programme it came from (--data-dir)`;
        let again;
        try {
          const look = await reads.lookBack({ asOf, position });
          again = reportFigures(reads, look, { cohortId: cohortId ?? undefined });
        } catch (error) {
          if (error instanceof ValidationError) throw new CliError(`log position ${position} is not in this programme's log${elsewhere}`);
          if (error instanceof NotFoundError) throw new CliError(`the pack's cohort ${cohortId} is not in this programme${elsewhere}`);
          throw error;
        }
        const verified = await verifyWithProgress(store, 'checking the record up to log position', BigInt(position));
        const record = checkReportRecord(manifest, verified);
        const checks = checkReportFiles(manifest, files, again);
        const problems = [record, ...checks].filter((c) => !c.ok).length;
        if (options.json) printJson({ ok: problems === 0, asOf, position, cohortId, record, files: checks });
        else {
          say(`the report pack ${path}: figures as of ${asOf}, as recorded up to log position ${position}${cohortId ? `, of cohort ${cohortId}` : ''}`);
          for (const check of [record, ...checks.map((c) => ({ ok: c.ok, message: `${c.file}: ${c.message}` }))])
            say(`${check.ok ? 'ok     ' : 'PROBLEM'} ${check.message}`);
          say(
            problems === 0
              ? 'the pack is what the record gives'
              : `the pack is not what the record gives: ${problems} problem${problems === 1 ? '' : 's'} above`,
          );
        }
        if (problems > 0) process.exitCode = 1;
      });
    });
}
