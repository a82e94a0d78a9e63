import type { Command } from 'commander';
import { IdentityCache, subjectAccess, subjectAccessDocument } from '@pairtrail/api';
import { renderDocument } from '@pairtrail/case-studies';
import { UUID } from '@pairtrail/application';
import { comparable } from '@pairtrail/domain';
import type { ReadModels } from '@pairtrail/projections';
import { CliError, checkOutFile, say, writeWholeFile } from '../output';
import { withReadSide } from './read-side.commands';

/**
 * The participant given by id, or by name as registered (in any case, however it was keyed) where one
 * person alone has it: whoever asks for their data gives their name, not an id.
 */
function participantGiven(reads: Pick<ReadModels, 'everyParticipant'>, given: string): string {
  if (UUID.test(given)) return given;
  const wanted = comparable(given, { accents: 'kept' });
  const named = [...reads.everyParticipant()].filter((p) => !p.erased && typeof p.name === 'string' && comparable(p.name, { accents: 'kept' }) === wanted);
  if (named.length === 1) return named[0]!.participantId;
  if (named.length === 0)
    throw new CliError(
      `No participant is named ${given}: give their name as registered, or their id (an erased person's name is gone, so they are found by id alone).`,
    );
  const each = named.map(
    (p) => `${p.participantId} (${p.perspective}, ${p.role ?? 'no role'} at ${p.organisation ?? 'no organisation'}, registered ${p.registeredOn})`,
  );
  throw new CliError(`${named.length} participants are named ${given}: ${each.join('; ')}. Give the id of the one who asked.`);
}

/** `subject-access PERSON [--format F] [--out F]`: everything held about a person, as GET /participants/:id/export gives it. */
export function registerSubjectAccessCommand(program: Command): void {
  program
    .command('subject-access')
    .description(
      'everything held about a participant, readable, for their subject access request: the data (JSON), or the same in words for them (HTML or Markdown)',
    )
    .argument('<participant>', 'their id, or their name as registered')
    .option('--format <format>', 'json (the data), html (a printable page in words, to send them) or md', 'json')
    .option('--out <file>', 'write it to this file, readable by its owner alone, rather than to stdout')
    .option('--data-dir <dir>', 'data directory')
    .action(async (given: string, options: { format: string; out?: string; dataDir?: string }) => {
      const format = options.format;
      if (format !== 'json' && format !== 'html' && format !== 'md') throw new CliError(`--format must be json, html or md, not "${format}".`, 2);
      if (options.out) checkOutFile(options.out);
      await withReadSide(options.dataDir, async ({ reads }, { store, app, serializer }) => {
        const participantId = participantGiven(reads, given);
        const identity = new IdentityCache(store, serializer);
        await identity.catchUp();
        const record = await subjectAccess({ store, app, reads, users: identity.list() }, participantId);
        const held = format === 'json' ? `${JSON.stringify(record, null, 2)}\n` : renderDocument(subjectAccessDocument(record), format);
        if (!options.out) return void process.stdout.write(held);
        // It holds the person's personal data, readable: no one but its owner may read the file.
        await writeWholeFile(options.out, [held], { private: true });
        say(`wrote everything held about participant ${participantId} to ${options.out}; it holds their personal data: give it to no one but them`);
      });
    });
}
