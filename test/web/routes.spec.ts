import { href, parse } from '../../apps/web/src/routes';

describe('the web app routes', () => {
  it('opens the audit trail whole, or narrowed to a stream or an actor, from the links it makes', () => {
    expect(parse(href.audit())).toEqual({ page: 'audit', filter: {} });
    const stream = 'pair-7ef6af7f-6785-5702-b1df-cd65ab5b071b';
    expect(href.audit({ stream })).toBe(`#/audit/stream/${stream}`);
    expect(parse(href.audit({ stream }))).toEqual({ page: 'audit', filter: { stream } });
    const actor = '501d1f5e-024c-5ee9-8efc-9d3ab30f6fb8';
    expect(parse(href.audit({ actor }))).toEqual({ page: 'audit', filter: { actor } });
    expect(parse('#/audit/colour/blue')).toEqual({ page: 'audit', filter: {} });
    // What was recorded after a report's log position.
    expect(href.audit({ after: '1234' })).toBe('#/audit/after/1234');
    expect(parse(href.audit({ after: '1234' }))).toEqual({ page: 'audit', filter: { after: '1234' } });
    // The check of the hash chains, ready to run up to a report's log position.
    expect(href.auditVerify('1234')).toBe('#/audit/verify/1234');
    expect(parse(href.auditVerify('1234'))).toEqual({ page: 'audit', filter: {}, verifyUpTo: '1234' });
  });

  it('reads the pages it links to, and nothing else', () => {
    expect(parse(href.pair('abc'))).toEqual({ page: 'pair', pairId: 'abc' });
    // A pair's page with one open action's form chosen, as the Actions list links to it.
    expect(parse(href.closeAction('abc', 'def'))).toEqual({ page: 'pair', pairId: 'abc', closing: 'def' });
    expect(parse('#/pairs/abc/actions')).toEqual({ page: 'pair', pairId: 'abc' });
    // A pair's page with its reflection form chosen, as My pair links to it when a reflection is due.
    expect(href.reflect('abc')).toBe('#/pairs/abc/reflect');
    expect(parse(href.reflect('abc'))).toEqual({ page: 'pair', pairId: 'abc', reflecting: true });
    // A coordinator's, for the partner whose reflection is due, as the Actions list links to it.
    expect(href.reflect('abc', 'p1')).toBe('#/pairs/abc/reflect/p1');
    expect(parse(href.reflect('abc', 'p1'))).toEqual({ page: 'pair', pairId: 'abc', reflecting: true, author: 'p1' });
    expect(parse(href.actions)).toEqual({ page: 'actions' });
    expect(parse(href.caseStudy('abc'))).toEqual({ page: 'case-study', pairId: 'abc' });
    expect(parse(href.users)).toEqual({ page: 'users' });
    expect(parse(href.readModels)).toEqual({ page: 'read-models' });
    expect(parse('#/nowhere')).toEqual({ page: 'not-found' });
    expect(parse('#/cohorts')).toEqual({ page: 'programme' });
  });

  it("opens a cohort's page, and each screen it links to narrowed to the cohort", () => {
    expect(href.cohort('c1')).toBe('#/cohorts/c1');
    expect(parse(href.cohort('c1'))).toEqual({ page: 'cohort', cohortId: 'c1' });
    expect(parse(href.inCohort('actions', 'c1'))).toEqual({ page: 'actions', cohortId: 'c1' });
    expect(parse(href.inCohort('what-happened', 'c1'))).toEqual({ page: 'what-happened', cohortId: 'c1' });
    expect(parse(href.inCohort('evaluation', 'c1'))).toEqual({ page: 'evaluation', cohortId: 'c1' });
    expect(href.inCohort('case-studies', 'c1')).toBe('#/case-studies/cohort/c1');
    expect(parse(href.inCohort('case-studies', 'c1'))).toEqual({ page: 'case-studies', cohortId: 'c1' });
    // A case study is still a pair's; and a screen's address naming no cohort opens it whole.
    expect(parse(href.caseStudy('cohort-pair'))).toEqual({ page: 'case-study', pairId: 'cohort-pair' });
    expect(parse('#/actions/cohort')).toEqual({ page: 'actions' });
    expect(parse(href.evaluation)).toEqual({ page: 'evaluation' });
    expect(parse('')).toEqual({ page: 'programme' });
  });
});
