import type { Command } from 'commander';
import { ROLES, fieldProblems, type CalendarDate, type Role } from '@pairtrail/domain';
import { newCommandId } from '@pairtrail/event-store';
import { IdentityCache } from '@pairtrail/api';
import { CliError, printJson, say, withFlagNames } from '../output';
import type { Runtime } from '../runtime';
import { withRuntime } from './store.commands';

/** Users as the log knows them, their names opened with the data directory's keys. */
async function knownUsers({ store, serializer }: Pick<Runtime, 'store' | 'serializer'>) {
  const cache = new IdentityCache(store, serializer);
  await cache.catchUp();
  return cache.list().map((user) => ({ ...user, tokenIds: user.tokens.map((t) => t.tokenId) }));
}

/** The user of that id, or an error that says where to find one. */
async function knownUser(runtime: Pick<Runtime, 'store' | 'serializer'>, userId: string) {
  const user = (await knownUsers(runtime)).find((u) => u.userId === userId);
  if (!user) throw new CliError(`There is no user ${userId}; "pairtrail users list" shows them.`);
  return user;
}

/** A user command's flags by the fields they feed, where the names differ. */
const FLAGS = { participantId: 'participant' };

/**
 * Refuses a role that is not one, saying which roles there are, together with whatever else is wrong
 * with the command's fields, so that one try names every bad flag.
 */
function checkRole(role: string, command: { type: 'CreateUser' | 'ChangeUserRole'; data: Record<string, unknown> }, today: CalendarDate): void {
  if ((ROLES as readonly string[]).includes(role)) return;
  const others = fieldProblems(command.type, command.data, today).filter((p) => p.field !== 'role');
  throw new CliError(
    [
      `--role must be one of ${ROLES.join(', ')}, not "${role}"`,
      ...others.map((p) => `--${FLAGS[p.field as keyof typeof FLAGS] ?? p.field} ${p.message}`),
    ].join('; '),
    2,
  );
}

/** `users add | list | role | token | revoke`: manage who can sign in, straight on the store (recorded as the system). */
export function registerUsersCommand(program: Command): void {
  const users = program.command('users').description('manage users and their tokens');

  users
    .command('add')
    .description('create a user and print their token (shown once)')
    .requiredOption('--name <name>', 'their name')
    .requiredOption('--role <role>', `one of ${ROLES.join(', ')}`)
    .option('--participant <id>', 'for a pair-member: the participant they are')
    .option('--another', 'a second sign-in for a participant who has one (a lost token is better replaced: "users token", then "users revoke")')
    .option('--data-dir <dir>', 'data directory')
    .action(async (options: { name: string; role: string; participant?: string; another?: boolean; dataDir?: string }) =>
      withRuntime(
        options.dataDir,
        async (runtime) => {
          const { app } = runtime;
          const command = {
            type: 'CreateUser' as const,
            data: { name: options.name, role: options.role as Role, ...(options.participant ? { participantId: options.participant } : {}) },
          };
          checkRole(options.role, command, app.today());
          if (options.role === 'pair-member' && options.participant && !options.another) {
            // One sign-in a person: a second would leave a lost token of the first working.
            const had = (await knownUsers(runtime)).find((u) => u.role === 'pair-member' && u.participantId === options.participant);
            if (had)
              throw new CliError(
                `Participant ${options.participant} has a sign-in already: user ${had.userId} (${had.tokens.length} live token${had.tokens.length === 1 ? '' : 's'}). For a lost token, "pairtrail users token ${had.userId}" gives a new one and "pairtrail users revoke ${had.userId} --token <id>" takes the lost one back; --another adds a second sign-in anyway.`,
                2,
              );
          }
          // A problem with a field is named by the flag it came from: "--participant is required for a pair-member".
          const result = await withFlagNames(() => app.execute(command, { commandId: newCommandId(), actor: 'system', source: 'cli' }), FLAGS);
          say(`created ${options.role} ${result.id}`);
          say(`token (shown once): ${result.token}`);
        },
        { create: true },
      ),
    );

  users
    .command('list')
    .description('list users with their roles and token ids (never tokens)')
    .option('--json', 'print JSON')
    .option('--data-dir <dir>', 'data directory')
    .action(async (options: { json?: boolean; dataDir?: string }) =>
      withRuntime(options.dataDir, async (runtime) => {
        const list = await knownUsers(runtime);
        if (options.json) return printJson(list);
        if (list.length === 0) say('No users yet. "pairtrail users add" creates one; the first "pairtrail serve" creates an admin.');
        for (const u of list)
          say(
            `${u.userId}  ${u.role.padEnd(11)}  ${u.name}${u.participantId ? `  (participant ${u.participantId})` : ''}  tokens: ${u.tokens.map((t) => `${t.tokenId} (issued ${t.issuedAt})`).join(', ') || 'none'}`,
          );
      }),
    );

  users
    .command('role')
    .description("change a user's role; their tokens stay, and sign in with the new role")
    .argument('<userId>', 'the user')
    .requiredOption('--role <role>', `one of ${ROLES.join(', ')}`)
    .option('--participant <id>', 'for a pair-member: the participant they are')
    .option('--data-dir <dir>', 'data directory')
    .action(async (userId: string, options: { role: string; participant?: string; dataDir?: string }) =>
      withRuntime(options.dataDir, async ({ app }) => {
        const command = {
          type: 'ChangeUserRole' as const,
          data: { userId, role: options.role as Role, ...(options.participant ? { participantId: options.participant } : {}) },
        };
        checkRole(options.role, command, app.today());
        await withFlagNames(() => app.execute(command, { commandId: newCommandId(), actor: 'system', source: 'cli' }), FLAGS);
        say(`${userId} is now ${/^[aeiou]/.test(options.role) ? 'an' : 'a'} ${options.role}`);
      }),
    );

  users
    .command('token')
    .description('issue a user a new token and print it (shown once), for one who lost theirs; their other tokens stay')
    .argument('<userId>', 'the user')
    .option('--data-dir <dir>', 'data directory')
    .action(async (userId: string, options: { dataDir?: string }) =>
      withRuntime(options.dataDir, async (runtime) => {
        await knownUser(runtime, userId);
        const issued = await runtime.app.execute({ type: 'IssueToken', data: { userId } }, { commandId: newCommandId(), actor: 'system', source: 'cli' });
        say(`issued token ${issued.tokenId}`);
        say(`token (shown once): ${issued.token}`);
      }),
    );

  users
    .command('revoke')
    .description("revoke a user's tokens (all of them, or one with --token)")
    .argument('<userId>', 'the user')
    .option('--token <tokenId>', 'revoke only this token')
    .option('--data-dir <dir>', 'data directory')
    .action(async (userId: string, options: { token?: string; dataDir?: string }) =>
      withRuntime(options.dataDir, async (runtime) => {
        const { app } = runtime;
        const user = await knownUser(runtime, userId);
        const tokens = options.token ? [options.token] : user.tokenIds;
        if (tokens.length === 0) throw new CliError(`User ${userId} has no live tokens.`);
        for (const tokenId of tokens) {
          await app.execute({ type: 'RevokeToken', data: { userId, tokenId } }, { commandId: newCommandId(), actor: 'system', source: 'cli' });
          say(`revoked token ${tokenId}`);
        }
      }),
    );
}
