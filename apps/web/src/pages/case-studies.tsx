import { useState } from 'react';
import { api, download, ok } from '../api/client';
import { toKebabCase } from '@pairtrail/vocabulary';
import { everyCaseStudy, everyCohort, everyPair } from '../api/lists';
import { STANDING_GROUPS, standingOf, type StandingGroup } from '../case-study-standing';
import { ActionButton, CohortChoice, FindBox, SelectField } from '../components/form';
import { DataTable, MoreRows, Status, Tag, useFirstRows } from '../components/layout';
import { byLabel, findIn } from '../lists';
import { href } from '../router';
import { can, useSession } from '../session';
import { useLoad } from '../use-load';
import { nameOf, participantNames } from './programme';

/** How many case studies stand in each group (`groups`: each one's), a tag for each group with any. */
export function StandingCounts({ groups, testId }: { groups: readonly StandingGroup[]; testId: string }) {
  const counted = STANDING_GROUPS.map((g) => ({ ...g, count: groups.filter((group) => group === g.value).length })).filter((g) => g.count > 0);
  if (counted.length === 0) return null;
  return (
    <ul className="nhsuk-list" data-testid={testId}>
      {counted.map((g) => (
        <li key={g.value}>
          <Tag colour={g.colour}>{g.label}</Tag> {g.count}
        </li>
      ))}
    </ul>
  );
}

/**
 * Every pair's case study and where it stands: waiting for a partner's approval (and whose), ready to
 * publish, published, or not told and why. A coordinator sees at once what to chase and what to publish.
 */
export function CaseStudiesPage({ cohortId: chosen }: { cohortId?: string }) {
  const { me } = useSession();
  const { data, error, loading } = useLoad(async () => {
    const [items, pairs, people, cohorts] = await Promise.all([everyCaseStudy(), everyPair(), participantNames(), everyCohort()]);
    const pairOf = new Map(pairs.map((p) => [p.pairId, p]));
    const rows = byLabel(items, (i) => i.title).map((item) => {
      const pair = pairOf.get(item.pairId);
      const partners: [string, string] = pair ? [pair.livedExperiencePartnerId, pair.professionalPartnerId] : ['', ''];
      const names = partners.map((id) => nameOf(people, id));
      return { item, names, cohortId: pair?.cohortId ?? '', ...standingOf(item, partners, (id) => nameOf(people, id)) };
    });
    return { rows, cohorts: byLabel(cohorts, (c) => c.name) };
  }, []);
  const [typed, setTyped] = useState('');
  const [group, setGroup] = useState('');
  // One cohort's case studies, for a report of that cohort: the list, and what is downloaded.
  const [cohortId, setCohortId] = useState(chosen ?? '');
  const cohortName = data?.cohorts.find((c) => c.cohortId === cohortId)?.name;
  const fileName = (name: string, format: string) => `${name}${cohortName ? `-${toKebabCase(cohortName).slice(0, 60)}` : ''}.${format}`;
  const ofCohort = cohortId ? { cohortId } : {};
  // Every published case study in one document, each as its partners approved it, for a report.
  const saveEveryPublished = async (format: 'md' | 'html') => {
    const result = await api.GET('/case-studies/published', { params: { query: { format, ...ofCohort } }, parseAs: 'blob' });
    download(ok<Blob>(result), fileName('published-case-studies', format));
  };
  // Every quote the case studies offer, for a report's "in their words": told now, or as published.
  const [quotesFrom, setQuotesFrom] = useState<'now' | 'published'>('now');
  const saveQuotes = async (format: 'csv' | 'md' | 'html') => {
    const query = { format, ...ofCohort, ...(quotesFrom === 'published' ? { published: 'true' as const } : {}) };
    const result = await api.GET('/case-studies/quotes', { params: { query }, parseAs: 'blob' });
    download(ok<Blob>(result), fileName('case-study-quotes', format));
  };
  const inCohort = data?.rows.filter((r) => !cohortId || r.cohortId === cohortId) ?? [];
  const found = data
    ? findIn(
        inCohort.filter((r) => !group || r.group === group),
        typed,
        (r) => [r.item.title, ...r.names],
      )
    : [];
  const { shown, more, showAll } = useFirstRows(found);

  return (
    <>
      <h1 tabIndex={-1}>Case studies</h1>
      <p>
        Where each pair&apos;s case study stands. A version is published once both partners have approved it; open a case study to read it
        {can.manageCaseStudies(me.role) ? ', approve it or publish it' : ' and the versions its partners approved'}.
      </p>
      <Status loading={loading} error={error} />
      {data ? (
        <>
          {data.rows.length === 0 ? <p>There are no pairs yet.</p> : null}
          <CohortChoice id="case-study-cohort" cohorts={data.cohorts} value={cohortId} onChange={setCohortId} />
          <StandingCounts groups={inCohort.map((r) => r.group)} testId="case-study-counts" />
          {inCohort.some((r) => r.item.published) ? (
            <div className="pt-inline-actions">
              <ActionButton run={() => saveEveryPublished('md')} busyLabel="Downloading…">
                Download every published case study (Markdown)
              </ActionButton>
              <ActionButton run={() => saveEveryPublished('html')} busyLabel="Downloading…">
                Download every published case study (HTML)
              </ActionButton>
            </div>
          ) : null}
          {data.rows.length > 1 ? (
            <FindBox
              about="Case studies"
              id="find-case-study"
              label="Find a case study"
              hint="By initiative or partner"
              typed={typed}
              onChange={setTyped}
              shown={shown.length}
              of={inCohort.length}
              noun="case studies"
            >
              <SelectField
                id="case-study-group"
                label="Show"
                value={group}
                onChange={setGroup}
                options={STANDING_GROUPS.map((g) => ({ value: g.value, label: g.label }))}
                placeholder="Every case study"
              />
            </FindBox>
          ) : null}
          <MoreRows shown={shown.length} more={more} noun="case studies" hint="find a case study above, or choose which to show" onShowAll={showAll} />
          {data.rows.length > 0 ? (
            <DataTable
              caption="Case studies"
              testId="case-studies"
              headings={['Pair', 'Partners', 'Where it stands']}
              rows={shown}
              rowKey={(r) => r.item.pairId}
              cells={(r) => {
                const g = STANDING_GROUPS.find((s) => s.value === r.group)!;
                return [
                  <a href={href.caseStudy(r.item.pairId)}>{r.item.title}</a>,
                  r.names.join(' and '),
                  <>
                    <Tag colour={g.colour}>{g.label}</Tag>
                    {r.said.map((line) => (
                      <p key={line} className="nhsuk-body-s pt-standing">
                        {line}
                      </p>
                    ))}
                  </>,
                ];
              }}
            />
          ) : null}
          {inCohort.some((r) => r.item.current) ? (
            <section aria-labelledby="quotes-heading">
              <h2 id="quotes-heading">Quotes for a report</h2>
              <p>
                Every quote the case studies offer, in one file: the reflections their authors offered for quotation and consented to be quoted, each said as
                its case study says it (the author named only if they consent to be named).
              </p>
              <SelectField
                id="quotes-from"
                label="Quotes from"
                value={quotesFrom}
                onChange={(v) => setQuotesFrom(v as 'now' | 'published')}
                options={[
                  { value: 'now', label: 'Every case study as told now' },
                  { value: 'published', label: 'Published case studies only: their partners approved these words' },
                ]}
                placeholder={false}
              />
              <div className="pt-inline-actions">
                <ActionButton run={() => saveQuotes('csv')} busyLabel="Downloading…">
                  Download the quotes (spreadsheet, CSV)
                </ActionButton>
                <ActionButton run={() => saveQuotes('md')} busyLabel="Downloading…">
                  Download the quotes (Markdown)
                </ActionButton>
                <ActionButton run={() => saveQuotes('html')} busyLabel="Downloading…">
                  Download the quotes (HTML)
                </ActionButton>
              </div>
            </section>
          ) : null}
        </>
      ) : null}
    </>
  );
}
