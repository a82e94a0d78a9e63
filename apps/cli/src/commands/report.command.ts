import type { Command } from 'commander';
import { rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { makeDirectory } from '@pairtrail/event-store';
import { figuresCsv } from '@pairtrail/projections';
import { pseudonymiserFor } from '@pairtrail/api';
import { CliError, say, withFlagNames, writeWholeFile } from '../output';
import { monthsOf, withReadSide } from './read-side.commands';
import { verifyWithProgress } from './store.commands';

/** The files of a report's figures, each with what it holds, as its manifest says. */
const FILES = {
  'pairs.csv': "each pair's figures (evaluation.md, per pair)",
  'cohorts.csv': "each cohort's figures",
  'service-areas.csv': "each service area's figures",
  'monthly.csv': 'meetings, minutes, outcomes, reflections and active pairs, month by month',
  'funnel.csv': 'how many pairs reached each stage',
} as const;

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
      const pseudonymiser = pseudonymiserFor({ pseudonymise: String(!!options.pseudonymise) });
      const pseudonym = (id: string) => (pseudonymiser ? pseudonymiser.pseudonym(id) : id);
      await withReadSide(options.dataDir, async ({ reads }, { store }) => {
        const look = await withFlagNames(() => reads.lookBack({ asOf: options.asOf, position: options.position }), { asOf: 'as-of' });
        const cohortId = options.cohort;
        // Every figure in one snapshot of the read models, so that all of them are of one position.
        const { result: files, ...again } = await withFlagNames(
          () =>
            reads.reproducibly(look, () => {
              if (cohortId) reads.cohort(cohortId);
              return {
                'pairs.csv': reads.pairEvaluations(look, cohortId).map((p) => ({ ...p, pairId: pseudonym(p.pairId) })),
                'cohorts.csv': reads
                  .cohortEvaluations(look)
                  .filter((c) => !cohortId || c.cohortId === cohortId)
                  .map((c) => ({ ...c, needsAttention: c.needsAttention.map(pseudonym) })),
                'service-areas.csv': reads.serviceAreas(look, cohortId).items,
                'monthly.csv': reads.monthly({ ...monthsOf(reads, look, { cohort: cohortId }), cohortId }, look).months,
                'funnel.csv': reads.funnel({ cohortId }, look).stages,
              } satisfies Record<keyof typeof FILES, object[]>;
            }),
          { cohortId: 'cohort' },
        );
        const verified = await verifyWithProgress(store, 'checking the record up to log position', BigInt(again.position));
        if (!verified.ok) {
          const first = verified.failures[0]!;
          throw new CliError(
            `The record up to position ${again.position} does not verify (stream ${first.stream}, revision ${first.revision}: ${first.reason}), so no report was written: its figures could not be shown to come from an untouched record.`,
          );
        }
        const out = resolve(options.out);
        makeDirectory(out);
        // The manifest goes first and comes back last: a run that stops part way (a full disk) leaves
        // files without one, not an earlier report's manifest beside figures it does not describe.
        rmSync(join(out, 'manifest.json'), { force: true });
        for (const [file, rows] of Object.entries(files)) await writeWholeFile(join(out, file), [figuresCsv(rows, again)]);
        const giveAgain = `pairtrail report --out DIR --as-of ${again.asOf} --position ${again.position}${cohortId ? ` --cohort ${cohortId}` : ''}`;
        const manifest = {
          asOf: again.asOf,
          position: again.position,
          headDigest: verified.headDigest,
          cohortId: cohortId ?? null,
          pseudonymised: !!pseudonymiser,
          files: FILES,
          giveAgain,
          check: `pairtrail verify --position ${again.position} (or GET /audit/verify?position=${again.position}) gives the head digest ${verified.headDigest} for as long as nothing up to that position has changed`,
        };
        await writeWholeFile(join(out, 'manifest.json'), [`${JSON.stringify(manifest, null, 2)}\n`]);
        say(`wrote ${Object.keys(FILES).length} files of figures and manifest.json to ${out}`);
        say(`figures as of ${again.asOf}, as recorded up to log position ${again.position}; head digest there ${verified.headDigest}`);
        say(`to give them again: ${giveAgain}`);
      });
    });
}
