import { useState } from 'react';
import { ApiError, api, ok } from '../api/client';
import type { Pair, Participant } from '../api/types';
import { Button, Checkboxes, ErrorSummary, SelectField, TextArea, TextField, check, useForm } from '../components/form';
import { counted, titleOf } from '../lists';
import { APPROACH_OPTIONS, FORMATS, lines, today } from './record-parts';
import { UndoImport, asCsv, type MeetingsImported } from './import-form';
import { humanDate } from '../dates';
import { nameOf } from './programme';
import type { Done } from './programme-forms';

/** A cell of a CSV line, quoted when it holds a comma, a quote, a line break or spaces at either end. */
const cell = (value: string) => (/[",\r\n]|^\s|\s$/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);

/** The fields of the form a problem of the import's columns lands on; those of one pair (its attendees, the pair itself) land on the pairs. */
const FIELDS = ['heldOn', 'durationMinutes', 'format', 'topics', 'notes', 'approaches'];

/**
 * A meeting several pairs of a cohort held together (a workshop, a learning set), recorded as each pair's
 * meeting in one go: as the meetings import records a file of them, each checked as the pair's own form
 * checks it, and none recorded unless every one is right. Who came is both partners of each pair ticked,
 * or one, pair by pair.
 */
export function WorkshopForm({ pairs, people, done }: { pairs: readonly Pair[]; people: Map<string, Participant>; done: Done }) {
  const going = pairs.filter((p) => p.status !== 'concluded');
  // The meeting just recorded, to undo should it be the wrong one: each pair's meeting retracted.
  const [made, setMade] = useState<{ name: string; importId: string }>();
  const form = useForm(
    'workshop',
    {
      heldOn: today(),
      durationMinutes: '120',
      format: 'workshop',
      topics: '',
      notes: '',
      approaches: [] as string[],
      pairs: [] as string[],
      came: {} as Record<string, string>,
    },
    (v) => ({
      heldOn: check.required(v.heldOn, 'the date it was held') ?? check.date(v.heldOn, 'The date it was held'),
      durationMinutes: check.wholeNumber(v.durationMinutes, 'how long it lasted, in minutes', 1, 1440),
      topics:
        lines(v.topics).length === 0
          ? 'Enter at least one topic'
          : lines(v.topics).some((t) => t.includes(';'))
            ? 'A topic cannot hold a semicolon here: write it as two topics, or with a comma'
            : undefined,
      notes: check.required(v.notes, 'notes of the meeting'),
      pairs: v.pairs.length === 0 ? 'Tick at least one pair that came' : undefined,
    }),
    { draft: true },
  );
  const titleOfPair = new Map(going.map((p) => [p.pairId, titleOf(p)]));
  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    void form.submit(async (v) => {
      const chosen = going.filter((p) => v.pairs.includes(p.pairId));
      const attendees = (p: Pair) => {
        const who = v.came[p.pairId];
        return who === 'lived' ? p.livedExperiencePartnerId : who === 'professional' ? p.professionalPartnerId : '';
      };
      const csv = [
        'pair,heldOn,durationMinutes,format,attendees,topics,notes,approaches',
        ...chosen.map((p) =>
          [p.pairId, v.heldOn, v.durationMinutes, v.format, attendees(p), lines(v.topics).join(';'), v.notes, v.approaches.join(';')].map(cell).join(','),
        ),
      ].join('\r\n');
      const answer = await api
        .POST('/pairs/meetings/imports', { body: csv as never, ...asCsv })
        .then((r) => ok<MeetingsImported>(r))
        .catch((error: unknown) => {
          throw error instanceof ApiError
            ? asFormError(
                error,
                chosen.map((p) => titleOfPair.get(p.pairId) ?? p.pairId),
              )
            : error;
        });
      form.reset();
      setMade(answer.importId ? { name: `the meeting of ${humanDate(v.heldOn)}`, importId: answer.importId } : undefined);
      const passed = answer.alreadyRecorded;
      await done(
        (answer.recorded > 0 ? `The meeting is recorded for ${counted(answer.recorded, 'pair')}.` : 'The meeting is recorded for no pair.') +
          (passed > 0
            ? ` ${counted(passed, 'pair')} had a meeting on that date recorded already, and ${passed === 1 ? 'was' : 'were'} passed over: where that meeting is not this one, record this one on ${passed === 1 ? "the pair's page" : 'their pages'}.`
            : ''),
      );
    });
  };
  if (going.length === 0) return <p>Every pair of this cohort has concluded.</p>;
  return (
    <>
      <UndoImport made={made} clear={() => setMade(undefined)} done={done} />
      <form onSubmit={submit} noValidate aria-label="Record a meeting pairs held together">
        <p>
          Recorded as each pair&apos;s meeting, with the same date, length, topics, notes and approaches; checked as each pair&apos;s own form checks it, and
          recorded for none unless it can be for every pair ticked. A pair with a meeting on that date already is passed over.
        </p>
        <ErrorSummary form={form} />
        <TextField {...form.bind('heldOn')} label="Date it was held" type="date" width={10} />
        <TextField {...form.bind('durationMinutes')} label="How long it lasted, in minutes" type="number" width={4} />
        <SelectField {...form.bind('format')} label="What it was" options={FORMATS} />
        <TextArea {...form.bind('topics')} label="Topics" hint="One per line" rows={3} />
        <TextArea {...form.bind('notes')} label="Notes" hint="The same for every pair: what the meeting was, and what came of it" />
        <Checkboxes {...form.bind('approaches')} label="Approaches practised (optional)" options={APPROACH_OPTIONS} />
        <Checkboxes
          {...form.bind('pairs')}
          label="The pairs that came"
          options={going.map((p) => ({
            value: p.pairId,
            label: `${titleOf(p)} (${nameOf(people, p.livedExperiencePartnerId)} and ${nameOf(people, p.professionalPartnerId)})`,
          }))}
        />
        {going
          .filter((p) => form.values.pairs.includes(p.pairId))
          .map((p) => (
            <SelectField
              key={p.pairId}
              id={`workshop-came-${p.pairId}`}
              label={`Who came from "${titleOf(p)}"`}
              value={form.values.came[p.pairId] ?? 'both'}
              onChange={(who) => form.set('came', { ...form.values.came, [p.pairId]: who })}
              options={[
                { value: 'both', label: 'Both partners' },
                { value: 'lived', label: `${nameOf(people, p.livedExperiencePartnerId)} only` },
                { value: 'professional', label: `${nameOf(people, p.professionalPartnerId)} only` },
              ]}
            />
          ))}
        <Button busy={form.busy}>Record the meeting for the pairs ticked</Button>
      </form>
    </>
  );
}

/**
 * The import's problems, each at a line and column of the file the form made, said at the form's fields:
 * a problem of the meeting itself once, at its field; one of a pair (its attendees, whether it takes the
 * meeting), at the pairs, naming the pair (`titles`, by line).
 */
function asFormError(error: ApiError, titles: string[]): ApiError {
  const details = new Map<string, { field: string; message: string }>();
  for (const d of error.details) {
    const [, line, column] = /^line (\d+)(?:, (\w+))?$/.exec(d.field) ?? [];
    const field = column && FIELDS.includes(column) ? column : 'pairs';
    const message = field === 'pairs' ? `"${titles[Number(line) - 2] ?? 'a pair'}"${column ? ` (${column})` : ''}: ${d.message}` : d.message;
    details.set(`${field}|${message}`, { field, message });
  }
  return new ApiError(error.status, error.code, 'Nothing was recorded: put right what is said below, then record the meeting again.', [...details.values()]);
}
