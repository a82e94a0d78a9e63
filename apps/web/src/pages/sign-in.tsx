import { ApiError } from '../api/client';
import type { Me } from '../api/types';
import { Button, ErrorSummary, TextField, check, useForm } from '../components/form';
import { signIn } from '../session';
import { WarningCallout } from '../components/layout';

/** Sign in with the token an administrator or coordinator gave you (`npm run demo` prints some). */
export function SignInPage({ onSignedIn, ended = false }: { onSignedIn: (me: Me) => void; ended?: boolean }) {
  const form = useForm('sign-in', { token: '' }, (v) => ({ token: check.required(v.token, 'your access token') }));
  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    await form.submit(async ({ token }) => {
      try {
        onSignedIn(await signIn(token.trim()));
      } catch (error) {
        if (error instanceof ApiError && error.status === 401) {
          throw new ApiError(401, 'unauthenticated', error.message, [
            { field: 'token', message: 'This token is not known or has been revoked; check it, or ask for a new one' },
          ]);
        }
        throw error;
      }
    });
  };
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <ErrorSummary form={form} />
        <h1 tabIndex={-1}>Sign in to Pairtrail</h1>
        {ended ? (
          <WarningCallout label="Your sign-in has ended" testId="signed-out">
            <p>Pairtrail no longer accepts the token you signed in with: it may have been revoked. Sign in again with a current token, or ask for a new one.</p>
          </WarningCallout>
        ) : null}
        <p>Use the access token you were given. It is kept only until you close this browser.</p>
        <form onSubmit={submit} noValidate>
          <TextField {...form.bind('token')} label="Access token" type="password" autoComplete="current-password" />
          <Button busy={form.busy} busyLabel="Signing in…">
            Sign in
          </Button>
        </form>
      </div>
    </div>
  );
}
