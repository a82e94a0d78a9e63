import { useState } from 'react';
import { ROLES } from '@pairtrail/vocabulary';
import { api, messageOf, ok } from '../api/client';
import { everyItem, pageQuery } from '../api/pages';
import type { Page, Participant, Role } from '../api/types';
import { Button, ErrorSummary, Failure, SelectField, TextField, check, useChoiceFinder, useForm, FindBox } from '../components/form';
import { DataTable, Disclosure, MoreRows, Notice, RowButton, Status, useFirstRows } from '../components/layout';
import { byLabel, findIn, narrowed, wordsOf } from '../lists';
import { useLoad } from '../use-load';
import { nameOf, participantNames } from './programme';
import { humanInstant } from '../dates';

interface User {
  id: string;
  name: string;
  role: Role;
  participantId: string | null;
  tokens: { tokenId: string; issuedAt: string }[];
}

/** A token as the API gives it, once: what to do with it, beside it. */
export function TokenOnce({ name, token, letter }: { name: string; token: string; letter?: boolean }) {
  const address = `${window.location.origin}/`;
  return (
    <div className="nhsuk-inset-text" data-testid="token">
      <p>
        <strong>{name}'s token</strong>, shown only this once (Pairtrail keeps only its hash):
      </p>
      <p className="pt-code">{token}</p>
      <p>
        Give it to them privately. They sign in with it at <span className="pt-code">{address}</span>.
      </p>
      {letter ? <SignInLetter name={name} token={token} address={address} /> : null}
    </div>
  );
}

/** How a letter prints: on a page of its own, in the screens' typeface. */
const LETTER_CSS =
  'body{font-family:Arial,Helvetica,sans-serif;color:#212b32;max-width:40rem;margin:2rem auto;line-height:1.5}.pt-code{font-family:Consolas,monospace}';

/**
 * A letter to give a pair member with their token, in plain words: what they can do, where to sign in
 * and how, and how to keep it safe. Printed alone: a frame of its own holds it (its words as the screen
 * shows them, so never markup), and prints.
 */
function SignInLetter({ name, token, address }: { name: string; token: string; address: string }) {
  const print = () => {
    const letter = document.querySelector('[data-testid=sign-in-letter]');
    if (!letter) return;
    // One frame at a time: printed again, the letter replaces the one printed before.
    for (const before of document.querySelectorAll('iframe.pt-print-frame')) before.remove();
    const frame = document.createElement('iframe');
    frame.className = 'pt-print-frame';
    frame.title = 'The letter, as it is printed';
    frame.srcdoc = `<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8"><title>Your sign-in to Pairtrail</title><style>${LETTER_CSS}</style></head><body>${letter.outerHTML}</body></html>`;
    frame.onload = () => {
      frame.contentWindow?.addEventListener('afterprint', () => frame.remove(), { once: true });
      frame.contentWindow?.print();
    };
    document.body.appendChild(frame);
  };
  return (
    <>
      <p>Or print a letter that gives it to them with how to sign in:</p>
      <button type="button" className="nhsuk-button nhsuk-button--secondary" onClick={print}>
        Print the letter
      </button>
      <section className="pt-letter" aria-label={`Sign-in letter for ${name}`} data-testid="sign-in-letter">
        <h2>Your sign-in to Pairtrail</h2>
        <p>Dear {name},</p>
        <p>
          You can now record your pair&apos;s work in Pairtrail yourself: the meetings you hold, the actions you agree, what changes because of your work, and
          how the partnership feels to you. Before your pair&apos;s case study is published, you will be asked to read and approve it there.
        </p>
        <p>To sign in:</p>
        <ol>
          <li>
            Open <strong>{address}</strong> in a web browser, on a computer, tablet or phone.
          </li>
          <li>
            Where it asks for your access token, type this code exactly as it is written:
            <br />
            <strong className="pt-code">{token}</strong>
          </li>
          <li>Choose Sign in.</li>
        </ol>
        <p>
          The browser forgets the code when you sign out or close it, so keep this letter to sign in again. Keep the code private, as you would a password:
          anyone who has it can sign in as you. If you lose it, or think someone else has seen it, tell your coordinator, who will give you a new one and make
          this one stop working.
        </p>
      </section>
    </>
  );
}

/** An admin's screen: every user with their role and tokens; new users, new tokens, and revoking them. */
export function UsersPage() {
  const [notice, setNotice] = useState<string>();
  const [token, setToken] = useState<{ name: string; token: string; letter?: boolean }>();
  const { data, error, loading, reload } = useLoad(async () => {
    const [users, people] = await Promise.all([
      everyItem((cursor) => api.GET('/users', { params: { query: pageQuery(cursor) } }).then((r) => ok<Page<User>>(r))),
      participantNames(),
    ]);
    return { users: byLabel(users, (u) => u.name), people };
  }, []);
  const [typed, setTyped] = useState('');
  const found = data ? findIn(data.users, typed, (u) => [u.name, wordsOf(u.role), u.participantId ? nameOf(data.people, u.participantId) : null]) : [];
  const { shown, more, showAll } = useFirstRows(found);
  // A refusal (the last administrator's last token, say) is said, not dropped.
  const [refused, setRefused] = useState<string>();
  const attempt = async (work: () => Promise<void>) => {
    setRefused(undefined);
    try {
      await work();
    } catch (failure) {
      setNotice(undefined);
      setRefused(messageOf(failure));
    }
  };
  const issue = (user: User) =>
    attempt(async () => {
      const issued = ok<{ token: string | null }>(await api.POST('/users/{id}/tokens', { params: { path: { id: user.id } } }));
      await reload();
      setNotice(`A new token is issued to ${user.name}.`);
      if (issued.token) setToken({ name: user.name, token: issued.token, letter: user.role === 'pair-member' });
    });
  const revoke = (user: User, tokenId: string) =>
    attempt(async () => {
      ok(await api.POST('/users/{id}/tokens/{tokenId}/revoke', { params: { path: { id: user.id, tokenId } } }));
      await reload();
      setToken(undefined);
      setNotice(`${user.name}'s token ${tokenId.slice(0, 8)}… is revoked: it no longer signs in.`);
    });
  return (
    <>
      <h1 tabIndex={-1}>Users and tokens</h1>
      <Status loading={loading} error={error} />
      <Notice text={notice} />
      <Failure text={refused} testId="refused" />
      {token ? <TokenOnce {...token} /> : null}
      <Disclosure summary="Add a user">
        <AddUserForm
          people={data ? [...data.people.values()] : []}
          done={async (name, issued, pairMember) => {
            await reload();
            // A save repeated after a lost answer is answered without the token, which is kept only as a hash.
            setNotice(issued ? `${name} is added.` : `${name} is added. Their token was in an answer that did not arrive: issue them a new token.`);
            if (issued) setToken({ name, token: issued, letter: pairMember });
          }}
        />
      </Disclosure>
      {data ? (
        <Disclosure summary="Change a user's role">
          <ChangeRoleForm
            users={data.users}
            people={[...data.people.values()]}
            done={async (message) => {
              await reload();
              setNotice(message);
            }}
          />
        </Disclosure>
      ) : null}
      {data && data.users.length > 1 ? (
        <FindBox
          about="Users"
          id="find-user"
          label="Find a user"
          hint="By name, role or participant"
          typed={typed}
          onChange={setTyped}
          shown={shown.length}
          of={data.users.length}
          noun="users"
        />
      ) : null}
      <MoreRows shown={shown.length} more={more} noun="users" hint="find a user above" onShowAll={showAll} />
      {data ? (
        <DataTable
          caption="Users"
          testId="users"
          headings={['Name', 'Role', 'Participant', 'Tokens', <span className="nhsuk-u-visually-hidden">Actions</span>]}
          rows={shown}
          rowKey={(u) => u.id}
          cells={(u) => {
            // A pair member who is an erased person: their sign-in ended with the erasure, for good.
            const erased = u.participantId !== null && data.people.get(u.participantId)?.erased === true;
            return [
              u.name,
              wordsOf(u.role),
              u.participantId ? nameOf(data.people, u.participantId) : '—',
              <>
                {u.tokens.length === 0 ? (erased ? 'None: the person they are was erased, so they cannot sign in again' : 'None: cannot sign in') : null}
                <ul className="nhsuk-list nhsuk-u-margin-bottom-0">
                  {u.tokens.map(({ tokenId: t, issuedAt }) => (
                    <li key={t}>
                      <span className="pt-code">{t.slice(0, 8)}…</span> issued {humanInstant(issuedAt)}{' '}
                      <RowButton label="Revoke" about={`${u.name}'s token ${t.slice(0, 8)}`} onClick={() => void revoke(u, t)} />
                    </li>
                  ))}
                </ul>
              </>,
              erased ? null : <RowButton label="New token" about={`for ${u.name}`} onClick={() => void issue(u)} />,
            ];
          }}
        />
      ) : null}
    </>
  );
}

const ROLE_OPTIONS = ROLES.map((r) => ({ value: r, label: wordsOf(r) }));

/** The people a pair-member user may be: every participant not erased, by name. */
const participantOptions = (people: Participant[]) =>
  byLabel(
    people.filter((p) => !p.erased),
    (p) => p.name ?? '',
  ).map((p) => ({ value: p.participantId, label: p.name ?? 'a participant' }));

type RoleValues = { role: string; participantId: string };
/** A role, and for a pair member the participant they are: checked and sent alike wherever a role is chosen. */
const checkRole = (v: RoleValues, what: string) => ({
  role: check.required(v.role, what),
  participantId: v.role === 'pair-member' ? check.required(v.participantId, 'the participant they are') : undefined,
});
const roleBody = (v: RoleValues) => ({ role: v.role as Role, ...(v.role === 'pair-member' ? { participantId: v.participantId } : {}) });

/** A user's role from now on (and, for a pair member, the participant they are); their tokens stay. */
function ChangeRoleForm({ users, people, done }: { users: User[]; people: Participant[]; done: (message: string) => Promise<void> }) {
  const finder = useChoiceFinder(
    { id: 'find-role-user', label: 'Find the user', hint: 'By name or role, and the participant they are: narrows the lists below', about: 'Users and people' },
    users.length + people.length,
  );
  const form = useForm('role', { userId: '', role: '', participantId: '' }, (v) => ({
    userId: check.required(v.userId, 'whose role to change'),
    ...checkRole(v, 'their new role'),
  }));
  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    void form.submit(async (v) => {
      ok(await api.PUT('/users/{id}/role', { params: { path: { id: v.userId } }, body: roleBody(v) }));
      form.reset();
      await done(
        `${users.find((u) => u.id === v.userId)?.name ?? 'The user'} is now ${v.role === 'admin' || v.role === 'evaluator' ? 'an' : 'a'} ${wordsOf(v.role, { inSentence: true })}.`,
      );
    });
  };
  return (
    <>
      {finder.box}
      <form onSubmit={submit} noValidate aria-label="Change a user's role">
        <p>Their tokens stay theirs, and sign in with the new role from now on.</p>
        <ErrorSummary form={form} />
        <SelectField
          {...form.bind('userId')}
          label="User"
          options={narrowed(
            users.map((u) => ({ value: u.id, label: `${u.name} (${wordsOf(u.role, { inSentence: true })})` })),
            finder.typed,
            form.values.userId,
          )}
        />
        <SelectField {...form.bind('role')} label="New role" options={ROLE_OPTIONS} />
        {form.values.role === 'pair-member' ? (
          <SelectField
            {...form.bind('participantId')}
            label="The participant they are"
            options={narrowed(participantOptions(people), finder.typed, form.values.participantId)}
          />
        ) : null}
        <Button busy={form.busy}>Change role</Button>
      </form>
    </>
  );
}

function AddUserForm({ people, done }: { people: Participant[]; done: (name: string, token: string | null, pairMember: boolean) => Promise<void> }) {
  const form = useForm('user', { name: '', role: '', participantId: '' }, (v) => {
    const checked = { name: check.required(v.name, 'their name'), ...checkRole(v, 'their role') };
    // One sign-in a person: a second would leave a lost token of the first working.
    const already = v.role === 'pair-member' ? people.find((p) => p.participantId === v.participantId && (p.signIns ?? []).length > 0) : undefined;
    return already
      ? {
          ...checked,
          participantId: `${already.name ?? 'They'} has a sign-in already: find it in the list of users and give it a new token, rather than a second sign-in`,
        }
      : checked;
  });
  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    void form.submit(async (v) => {
      const created = ok<{ token: string | null }>(await api.POST('/users', { body: { name: v.name, ...roleBody(v) } }));
      form.reset();
      await done(v.name, created.token, v.role === 'pair-member');
    });
  };
  const options = participantOptions(people);
  const finder = useChoiceFinder(
    { id: 'find-new-user-participant', label: 'Find the participant they are', hint: 'By name: narrows the list of participants below', about: 'Participants' },
    options.length,
  );
  return (
    <>
      {form.values.role === 'pair-member' ? finder.box : null}
      <form onSubmit={submit} noValidate aria-label="Add a user">
        <ErrorSummary form={form} />
        <TextField {...form.bind('name')} label="Name" />
        <SelectField {...form.bind('role')} label="Role" options={ROLE_OPTIONS} />
        {form.values.role === 'pair-member' ? (
          <SelectField {...form.bind('participantId')} label="The participant they are" options={narrowed(options, finder.typed, form.values.participantId)} />
        ) : null}
        <Button busy={form.busy}>Add user</Button>
      </form>
    </>
  );
}
