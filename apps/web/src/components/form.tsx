import { useEffect, useRef, useState, type ReactNode } from 'react';
import { ApiError, messageOf, newSubmission, submitting } from '../api/client';
import { fieldErrors, formFieldOf } from '../field-errors';
import { capitalised, localToday, showing } from '../lists';
import { DRAFT_PREFIX } from '../session';

export type Errors = Record<string, string | undefined>;

/** Whether this screen keeps a draft of the form of `prefix`: what was typed in it and not yet sent. */
export const hasDraft = (prefix: string): boolean => sessionStorage.getItem(draftKeyOf(prefix)) !== null;

const draftKeyOf = (prefix: string) => `${DRAFT_PREFIX}${window.location.hash}|${prefix}`;

/** The draft kept under `key`, if it has the form's fields, each of the same kind. */
function restoreDraft<V extends Record<string, unknown>>(key: string, initial: V): V | undefined {
  try {
    const draft = JSON.parse(sessionStorage.getItem(key) ?? 'null') as Record<string, unknown> | null;
    const kind = (x: unknown) => (Array.isArray(x) ? 'array' : typeof x);
    if (!draft || Object.keys(initial).some((k) => kind(draft[k]) !== kind(initial[k]))) return undefined;
    return { ...initial, ...draft };
  } catch {
    return undefined;
  }
}

/**
 * A form's values and errors. Each field is checked as it is typed (once touched); on submit, every
 * problem shows in an error summary that takes focus, the NHS way. The API's field errors land beside
 * their fields too. With `draft`, what is typed is kept for the browser session until it is sent, for
 * this screen and form: leaving the screen, or reloading it, loses nothing (long meeting notes, a
 * reflection). Signing out clears every draft.
 */
export function useForm<V extends Record<string, unknown>>(prefix: string, initial: V, validate: (values: V) => Errors, options: { draft?: boolean } = {}) {
  const draftKey = options.draft ? draftKeyOf(prefix) : undefined;
  const [values, setValues] = useState(() => (draftKey && restoreDraft(draftKey, initial)) || initial);
  // Kept while it differs from where the form starts; a sent or emptied form keeps none.
  const initialJson = JSON.stringify(initial);
  useEffect(() => {
    if (!draftKey) return;
    if (JSON.stringify(values) === initialJson) sessionStorage.removeItem(draftKey);
    else sessionStorage.setItem(draftKey, JSON.stringify(values));
  }, [draftKey, values, initialJson]);
  const [touched, setTouched] = useState<Set<string>>(new Set());
  const [submitted, setSubmitted] = useState(false);
  const [serverErrors, setServerErrors] = useState<Errors>({});
  const [formError, setFormError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const summary = useRef<HTMLDivElement>(null);
  /** This form's submission: kept until one goes through, so a retry after a lost answer is recorded once. */
  const submissionId = useRef(newSubmission());
  const clientErrors = validate(values);
  const errors: Errors = { ...serverErrors, ...Object.fromEntries(Object.entries(clientErrors).filter(([, m]) => m)) };
  const shown = (field: string) => (submitted || touched.has(field) || serverErrors[field] ? errors[field] : undefined);

  const set = <K extends keyof V & string>(field: K, value: V[K]) => {
    setValues((v) => ({ ...v, [field]: value }));
    setTouched((t) => new Set(t).add(field));
    setServerErrors((e) => ({ ...e, [field]: undefined }));
  };

  const focusSummary = () => setTimeout(() => summary.current?.focus(), 0);

  /** Runs `send` when the form is valid; maps an API error's fields onto the form. Returns whether it went through. */
  const submit = async (send: (values: V) => Promise<void>): Promise<boolean> => {
    setSubmitted(true);
    setFormError(undefined);
    if (Object.values(clientErrors).some(Boolean)) {
      focusSummary();
      return false;
    }
    setBusy(true);
    try {
      await submitting(submissionId.current, () => send(values));
      if (draftKey) sessionStorage.removeItem(draftKey);
      submissionId.current = newSubmission();
      setSubmitted(false);
      setTouched(new Set());
      setServerErrors({});
      return true;
    } catch (error) {
      if (error instanceof ApiError && error.details.length > 0) {
        setServerErrors(fieldErrors(error.details));
        setFormError(error.details.some((d) => !(formFieldOf(d.field) in values)) ? error.message : undefined);
      } else setFormError(messageOf(error));
      focusSummary();
      return false;
    } finally {
      setBusy(false);
    }
  };

  const reset = (next: V = initial) => {
    setValues(next);
    setTouched(new Set());
    setSubmitted(false);
    setServerErrors({});
    setFormError(undefined);
  };

  /** The props that tie a field component to one of the form's values: id, value, onChange and error. */
  const bind = <K extends keyof V & string>(field: K) => ({
    id: `${prefix}-${field}`,
    value: values[field],
    onChange: (v: V[K]) => set(field, v),
    error: shown(field),
  });

  const problems = Object.entries(errors).filter(([field, message]) => message && (submitted || serverErrors[field]));
  return { prefix, values, set, bind, shown, submit, reset, busy, summary, problems: problems as [string, string][], formError, setFormError };
}

/** The NHS error summary: every problem, each linking to its field. */
export function ErrorSummary({
  form,
}: {
  form: { prefix: string; problems: [string, string][]; formError?: string; summary: React.RefObject<HTMLDivElement | null> };
}) {
  const idPrefix = form.prefix;
  if (form.problems.length === 0 && !form.formError) return null;
  const go = (field: string) => (event: React.MouseEvent) => {
    event.preventDefault();
    document.getElementById(`${idPrefix}-${field}`)?.focus();
  };
  return (
    <ProblemSummary id={idPrefix} message={form.formError} summary={form.summary}>
      {form.problems.map(([field, message]) => (
        <li key={field}>
          <a href={`#${idPrefix}-${field}`} onClick={go(field)}>
            {message}
          </a>
        </li>
      ))}
    </ProblemSummary>
  );
}

/** The NHS error summary's frame: a title, what went wrong, and the problems as list items (`children`). */
export function ProblemSummary({
  id,
  message,
  summary,
  testId,
  children,
}: {
  id: string;
  message?: string;
  summary: React.RefObject<HTMLDivElement | null>;
  testId?: string;
  children?: ReactNode;
}) {
  return (
    <div className="nhsuk-error-summary" aria-labelledby={`${id}-error-summary-title`} role="alert" tabIndex={-1} ref={summary} data-testid={testId}>
      <h2 className="nhsuk-error-summary__title" id={`${id}-error-summary-title`}>
        There is a problem
      </h2>
      <div className="nhsuk-error-summary__body">
        {message ? <p>{message}</p> : null}
        <ul className="nhsuk-list nhsuk-error-summary__list">{children}</ul>
      </div>
    </div>
  );
}

interface FieldProps {
  id: string;
  label: string;
  hint?: string;
  error?: string;
}

function Group({ id, label, hint, error, children, legend }: FieldProps & { children: ReactNode; legend?: boolean }) {
  const labelled = legend ? (
    <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">{label}</legend>
  ) : (
    <label className="nhsuk-label" htmlFor={id}>
      {label}
    </label>
  );
  const inner = (
    <>
      {labelled}
      {hint ? (
        <div className="nhsuk-hint" id={`${id}-hint`}>
          {hint}
        </div>
      ) : null}
      {error ? (
        <span className="nhsuk-error-message" id={`${id}-error`}>
          <span className="nhsuk-u-visually-hidden">Error:</span> {error}
        </span>
      ) : null}
      {children}
    </>
  );
  return (
    <div className={`nhsuk-form-group${error ? ' nhsuk-form-group--error' : ''}`}>
      {legend ? (
        <fieldset className="nhsuk-fieldset" aria-describedby={describedBy(id, hint, error)}>
          {inner}
        </fieldset>
      ) : (
        inner
      )}
    </div>
  );
}

const describedBy = (id: string, hint?: string, error?: string) =>
  [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;

export function TextField(
  props: FieldProps & {
    value: string;
    onChange: (v: string) => void;
    type?: 'text' | 'date' | 'number' | 'email' | 'password';
    width?: number;
    autoComplete?: string;
  },
) {
  const { id, value, onChange, type = 'text', width, error, hint } = props;
  return (
    <Group {...props}>
      <input
        className={`nhsuk-input${width ? ` nhsuk-input--width-${width}` : ''}${error ? ' nhsuk-input--error' : ''}`}
        id={id}
        name={id}
        type={type}
        value={value}
        autoComplete={props.autoComplete ?? 'off'}
        aria-describedby={describedBy(id, hint, error)}
        aria-invalid={error ? true : undefined}
        onChange={(e) => onChange(e.target.value)}
      />
    </Group>
  );
}

/** Past this many choices, a form's long lists come with a box to find them by (`useChoiceFinder`). */
export const FIND_CHOICES_PAST = 20;

/** A box to find among a list's rows (`about` names the list), saying how many of the `of` rows it shows. */
export function FindBox(props: {
  about: string;
  id: string;
  label: string;
  hint: string;
  typed: string;
  onChange: (typed: string) => void;
  shown: number;
  of: number;
  noun: string;
  /** Choices that narrow the list beside the box, such as which rows to show. */
  children?: ReactNode;
}) {
  const box = <TextField id={props.id} label={props.label} hint={props.hint} value={props.typed} onChange={props.onChange} width={20} />;
  return (
    <div role="search" aria-label={props.about}>
      {props.children ? (
        <div className="pt-inline-actions">
          {box}
          {props.children}
        </div>
      ) : (
        box
      )}
      <p aria-live="polite">{showing(props.shown, props.of, props.noun)}</p>
    </div>
  );
}
/**
 * A box to find a form's choices by, once they are more than `FIND_CHOICES_PAST` (a national programme's
 * thousands of people), and what is typed in it, to narrow them with `narrowed`; `about` names the
 * search. Put the box outside the form it serves, so that Enter in it finds rather than sends the form.
 */
export function useChoiceFinder(
  { id, label, hint, about }: { id: string; label: string; hint: string; about: string },
  choices: number,
): { typed: string; box: ReactNode } {
  const [typed, setTyped] = useState('');
  const box =
    choices > FIND_CHOICES_PAST ? (
      <div role="search" aria-label={about}>
        <TextField id={id} label={label} hint={hint} value={typed} onChange={setTyped} width={20} />
      </div>
    ) : null;
  return { typed, box };
}

export function TextArea(props: FieldProps & { value: string; onChange: (v: string) => void; rows?: number }) {
  const { id, value, onChange, error, hint } = props;
  return (
    <Group {...props}>
      <textarea
        className={`nhsuk-textarea${error ? ' nhsuk-textarea--error' : ''}`}
        id={id}
        name={id}
        rows={props.rows ?? 4}
        value={value}
        aria-describedby={describedBy(id, hint, error)}
        aria-invalid={error ? true : undefined}
        onChange={(e) => onChange(e.target.value)}
      />
    </Group>
  );
}

export function SelectField(
  /** `placeholder`: the empty choice's words, or `false` where one of the options must be chosen. */
  props: FieldProps & { value: string; onChange: (v: string) => void; options: { value: string; label: string }[]; placeholder?: string | false },
) {
  const { id, value, onChange, error, hint, options } = props;
  return (
    <Group {...props}>
      <select
        className={`nhsuk-select${error ? ' nhsuk-select--error' : ''}`}
        id={id}
        name={id}
        value={value}
        aria-describedby={describedBy(id, hint, error)}
        aria-invalid={error ? true : undefined}
        onChange={(e) => onChange(e.target.value)}
      >
        {props.placeholder === false ? null : <option value="">{props.placeholder ?? 'Choose…'}</option>}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </Group>
  );
}

/** A list narrowed to one cohort ("In cohort"), offered once there is more than one to choose from. */
export function CohortChoice({
  id,
  cohorts,
  value,
  onChange,
}: {
  id: string;
  cohorts: readonly { cohortId: string; name: string }[];
  value: string;
  onChange: (v: string) => void;
}) {
  if (cohorts.length < 2) return null;
  return (
    <SelectField
      id={id}
      label="In cohort"
      value={value}
      onChange={onChange}
      options={cohorts.map((c) => ({ value: c.cohortId, label: c.name }))}
      placeholder="Every cohort"
    />
  );
}

/** A set of checkboxes; the first box takes the group's id, so the error summary can focus it. */
export function Checkboxes(props: FieldProps & { value: string[]; onChange: (v: string[]) => void; options: { value: string; label: string }[] }) {
  const { id, value: values, onChange, options } = props;
  return (
    <Group {...props} legend>
      <div className="nhsuk-checkboxes">
        {options.map((o, i) => {
          const boxId = i === 0 ? id : `${id}-${i}`;
          return (
            <div className="nhsuk-checkboxes__item" key={o.value}>
              <input
                className="nhsuk-checkboxes__input"
                id={boxId}
                name={id}
                type="checkbox"
                value={o.value}
                checked={values.includes(o.value)}
                onChange={(e) => onChange(e.target.checked ? [...values, o.value] : values.filter((v) => v !== o.value))}
              />
              <label className="nhsuk-label nhsuk-checkboxes__label" htmlFor={boxId}>
                {o.label}
              </label>
            </div>
          );
        })}
      </div>
    </Group>
  );
}

/** A file to send, chosen from the computer: a spreadsheet to import, a report pack to check. */
export function FileField({
  id,
  label,
  accept,
  error,
  onChange,
}: {
  id: string;
  label: string;
  accept: string;
  error?: boolean;
  onChange: (file?: File) => void;
}) {
  return (
    <div className={`nhsuk-form-group${error ? ' nhsuk-form-group--error' : ''}`}>
      <label className="nhsuk-label" htmlFor={id}>
        {label}
      </label>
      <input className="nhsuk-file-upload" id={id} type="file" accept={accept} onChange={(event) => onChange(event.target.files?.[0])} />
    </div>
  );
}

export function Button({
  children,
  busy,
  busyLabel = 'Saving…',
  secondary,
  warning,
  onClick,
  type = 'submit',
}: {
  children: ReactNode;
  busy?: boolean;
  /** What the button says while busy: saving, unless it does something else. */
  busyLabel?: string;
  secondary?: boolean;
  warning?: boolean;
  onClick?: () => void;
  type?: 'submit' | 'button';
}) {
  const variant = secondary ? ' nhsuk-button--secondary' : warning ? ' nhsuk-button--warning' : '';
  return (
    <button className={`nhsuk-button${variant}`} type={type} disabled={busy} aria-disabled={busy} onClick={onClick} data-module="nhsuk-button">
      {busy ? busyLabel : children}
    </button>
  );
}

/** Why something failed, said where it was asked for; nothing when nothing failed. */
export function Failure({ text, testId }: { text?: string; testId?: string }) {
  if (!text) return null;
  return (
    <p className="nhsuk-error-message" role="alert" data-testid={testId}>
      {text}
    </p>
  );
}

/**
 * A button for a one-off action (a download, a sign-in given): busy while it runs, and why it failed said
 * just above it. Run from a bare onClick, a failure was lost, and the button seemed to do nothing.
 */
export function ActionButton({
  children,
  run,
  busyLabel = 'Working…',
  secondary = true,
}: {
  children: ReactNode;
  run: () => Promise<unknown>;
  busyLabel?: string;
  secondary?: boolean;
}) {
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string>();
  const click = () => {
    setBusy(true);
    setFailure(undefined);
    run()
      .then(
        () => undefined,
        (error: unknown) => setFailure(messageOf(error)),
      )
      .finally(() => setBusy(false));
  };
  return (
    <>
      <Failure text={failure} />
      <Button type="button" secondary={secondary} busy={busy} busyLabel={busyLabel} onClick={click}>
        {children}
      </Button>
    </>
  );
}

/** Checks shared by forms. */
export const check = {
  required: (value: unknown, what: string) => (value === undefined || value === null || String(value).trim() === '' ? `Enter ${what}` : undefined),
  /** An email address, if one is given. */
  email: (value: string) => (value && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(value) ? 'Enter an email address like name@example.org' : undefined),
  date: (value: string, what: string) => (value && !/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${what} must be a date, like 2026-03-01` : undefined),
  /** A date to look back to: figures and stories of days not yet lived cannot be told (tomorrow allows for time zones). */
  lookBack: (value: string, what: string) => {
    const now = new Date();
    const tomorrow = localToday(new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1));
    return check.date(value, what) ?? (value && value > tomorrow ? `${what} must be today or earlier: it looks back` : undefined);
  },
  /** A log position, if one is given, as a report or the audit check quotes it. */
  position: (value: string) =>
    value.trim() && !/^\d{1,18}$/.test(value.trim()) ? 'The log position must be a whole number, as a report or the audit check gives it' : undefined,
  /** A number, whole or not (a measure's 4.5 weeks). */
  number: (value: string, what: string) =>
    value.trim() === '' ? `Enter ${what}` : Number.isFinite(Number(value)) ? undefined : `${capitalised(what)} must be a number, like 6 or 4.5`,
  wholeNumber: (value: string, what: string, min: number, max: number) => {
    if (value.trim() === '') return `Enter ${what}`;
    const n = Number(value);
    return Number.isInteger(n) && n >= min && n <= max ? undefined : `${what} must be a whole number from ${min} to ${max}`;
  },
};

/** Drops empty optional fields, so the API applies its defaults (such as today's date). Lists stay, even empty. */
export const compact = <T extends Record<string, unknown>>(body: T): T =>
  Object.fromEntries(Object.entries(body).filter(([, v]) => v !== '' && v !== undefined)) as T;
