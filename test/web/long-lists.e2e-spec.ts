import type { Browser, Page } from 'playwright-core';
import { generateProgramme } from '@pairtrail/application';
import { tempDir } from '@pairtrail/testing';
import type { RunningServer } from '../../apps/api/src/main';
import { browserOnceCaughtUp, describeWithBrowser, seriousViolations, serveForBrowser, signedInPage, stopServed } from '../support/browser';

const ADMIN = 'web-long-lists-admin-token-0123456789abcdefghij';

/**
 * A programme larger than a screen: 60 pairs, 120 people, 60 case studies and 52 users, recorded through
 * the deciders into a real store. Each list shows its first 50 rows by name until every one is asked for.
 */
describeWithBrowser('long lists in the web app', () => {
  let dir: ReturnType<typeof tempDir>;
  let server: RunningServer;
  let browser: Browser;
  let coordinator: string;

  beforeAll(async () => {
    ({ dir, server } = await serveForBrowser(ADMIN));
    await generateProgramme(server.runtime.app, { pairs: 60, months: 1 });
    const addUser = async (name: string, role: string) => {
      const response = await fetch(`${server.url}/users`, {
        method: 'POST',
        headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
        body: JSON.stringify({ name, role }),
      });
      return ((await response.json()) as { token: string }).token;
    };
    coordinator = await addUser('Coordinator', 'coordinator');
    for (let i = 1; i <= 50; i++) await addUser(`Evaluator ${i}`, 'evaluator');
    browser = await browserOnceCaughtUp(server);
  }, 60_000);

  afterAll(() => stopServed(browser, { dir, server }));

  const signedIn = (token: string) => signedInPage(browser, server.url, token);

  /** Opens a screen, and checks its list: the first 50 by name, then every one on request, then one found. */
  async function checkList(page: Page, list: { link: string; testId: string; noun: string; count: number; first: string; fiftieth: string; find: string }) {
    const rows = () => page.locator(`[data-testid=${list.testId}] tbody tr td:first-child`).allInnerTexts();
    await page.getByRole('link', { name: list.link, exact: true }).click();
    await page.getByText(`Showing 50 of ${list.count} ${list.noun}`).waitFor();
    const firstRows = await rows();
    expect([firstRows.length, firstRows[0], firstRows[49]]).toEqual([50, list.first, list.fiftieth]);
    await expect(page.getByText('The first 50 by name;').isVisible()).resolves.toBe(true);
    await expect(seriousViolations(page)).resolves.toEqual([]);
    // Exactly this list's button: a screen may hold another long list (Evaluation, the pairs with gaps in their record).
    const showAll = page.getByRole('button', { name: `Show all ${list.count} ${list.noun}`, exact: true });
    await showAll.click();
    await page.getByText(`${list.count} ${list.noun}`, { exact: true }).waitFor();
    await expect(rows()).resolves.toHaveLength(list.count);
    await expect(showAll.count()).resolves.toBe(0);
    await page.getByRole('search').getByRole('textbox').fill(list.find);
    await expect(rows()).resolves.toEqual([list.find]);
  }

  it('shows a coordinator the first 50 pairs, participants and case studies, and every one on request', async () => {
    const page = await signedIn(coordinator);
    await checkList(page, {
      link: 'Programme',
      testId: 'pairs',
      noun: 'pairs',
      count: 60,
      first: 'Initiative 0',
      fiftieth: 'Initiative 49',
      find: 'Initiative 59',
    });
    await checkList(page, {
      link: 'Participants',
      testId: 'participants',
      noun: 'participants',
      count: 120,
      first: 'Person 0-lived-experience',
      fiftieth: 'Person 24-professional',
      find: 'Person 59-professional',
    });
    await checkList(page, {
      link: 'Case studies',
      testId: 'case-studies',
      noun: 'case studies',
      count: 60,
      first: 'Initiative 0',
      fiftieth: 'Initiative 49',
      find: 'Initiative 59',
    });
    await page.close();
  });

  it('finds the people to pair among many, each saying how many pairs they are in now', async () => {
    const page = await signedIn(coordinator);
    await page.getByText('Form a pair').click();
    const options = (label: string) => page.getByLabel(label).locator('option').allInnerTexts();
    await expect(options('Partner with lived experience')).resolves.toHaveLength(61);
    await page.getByLabel('Find people to pair').fill('person 42');
    await expect(options('Partner with lived experience')).resolves.toEqual([
      'Choose…',
      'Person 42-lived-experience, patient leader (Organisation 42): in 1 pair now',
    ]);
    await expect(options('Professional partner')).resolves.toEqual(['Choose…', 'Person 42-professional, service manager (Organisation 42): in 1 pair now']);
    await expect(seriousViolations(page)).resolves.toEqual([]);
    // A partner chosen stays offered while the box finds others.
    await page.getByLabel('Partner with lived experience').selectOption({ index: 1 });
    await page.getByLabel('Find people to pair').fill('person 59');
    await expect(options('Partner with lived experience')).resolves.toEqual([
      'Choose…',
      'Person 42-lived-experience, patient leader (Organisation 42): in 1 pair now',
      'Person 59-lived-experience, patient leader (Organisation 9): in 1 pair now',
    ]);
    await page.close();
  });

  it("names a pair's partners on its screens without reading the programme's every participant", async () => {
    const page = await signedIn(coordinator);
    const everyone: string[] = [];
    page.on('request', (request) => {
      if (new URL(request.url()).pathname === '/participants') everyone.push(request.url());
    });
    const link = page.getByRole('link', { name: 'Initiative 5', exact: true });
    const pairId = decodeURIComponent((await link.getAttribute('href'))!.replace('#/pairs/', ''));
    await link.click();
    await page.getByText('Person 5-lived-experience (lived experience) and Person 5-professional (professional)').waitFor();
    await page.goto(`${server.url}/#/case-studies/${encodeURIComponent(pairId)}`);
    await page.getByLabel('Partner who approves').waitFor();
    const partners = await page.getByLabel('Partner who approves').locator('option').allInnerTexts();
    expect(partners.filter((option) => option.startsWith('Person'))).toEqual(['Person 5-lived-experience', 'Person 5-professional']);
    expect(everyone).toEqual([]);
    await page.close();
  });

  it("shows an admin the first 50 users, finds one, and finds in the users' forms; and the first 50 pairs by name on the Evaluation screen", async () => {
    const page = await signedIn(ADMIN);
    await checkList(page, { link: 'Users', testId: 'users', noun: 'users', count: 52, first: 'Administrator', fiftieth: 'Evaluator 48', find: 'Evaluator 50' });
    // The forms' lists of users and of people are found in too.
    await page.getByText("Change a user's role").click();
    await page.getByLabel('Find the user').fill('evaluator 50');
    await expect(page.getByLabel('User', { exact: true }).locator('option').allInnerTexts()).resolves.toEqual(['Choose…', 'Evaluator 50 (evaluator)']);
    await page.getByText('Add a user').click();
    await page.getByLabel('Role', { exact: true }).selectOption('pair-member');
    await page.getByLabel('Find the participant they are').fill('person 59');
    await expect(page.getByLabel('The participant they are').locator('option').allInnerTexts()).resolves.toEqual([
      'Choose…',
      'Person 59-lived-experience',
      'Person 59-professional',
    ]);
    await expect(seriousViolations(page)).resolves.toEqual([]);
    await checkList(page, {
      link: 'Evaluation',
      testId: 'pair-figures',
      noun: 'pairs',
      count: 60,
      first: 'Initiative 0',
      fiftieth: 'Initiative 49',
      find: 'Initiative 59',
    });
    await page.close();
  });
});
