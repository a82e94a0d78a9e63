import { readFileSync } from 'node:fs';
import type { Browser, Locator, Page } from 'playwright-core';
import { demoId, runDemo } from '@pairtrail/application';
import { tempDir } from '@pairtrail/testing';
import type { RunningServer } from '../../apps/api/src/main';
import { browserOnceCaughtUp, describeWithBrowser, seriousViolations, serveForBrowser, signedInPage, stopServed } from '../support/browser';

const ADMIN = 'web-put-right-admin-token-0123456789abcdefghijk';
const neuro = demoId('pairId', 'neuro:formed');
const vanguard = demoId('pairId', 'vanguard:formed');
const david = demoId('participantId', 'person:david');

/**
 * A mistake is put right from where it is seen: beside the timeline's entry (correct, retract), beside a
 * correction (undo) or a retraction (restore), and beside an open action (complete or drop). Each takes
 * the record forms to that entry, keyboard and all; what is sent is the API's correction or retraction.
 */
describeWithBrowser('putting the record right from the pair screen', () => {
  let dir: ReturnType<typeof tempDir>;
  let server: RunningServer;
  let browser: Browser;
  const tokens: Record<string, string> = {};

  const addUser = async (body: Record<string, string>, token = ADMIN) => {
    const response = await fetch(`${server.url}/users`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return ((await response.json()) as { token: string }).token;
  };

  beforeAll(async () => {
    ({ dir, server } = await serveForBrowser(ADMIN));
    await runDemo(server.runtime.app, { caseStudies: false });
    tokens.coordinator = await addUser({ name: 'Coordinator', role: 'coordinator' });
    tokens.david = await addUser({ name: 'David Okafor', role: 'pair-member', participantId: david }, tokens.coordinator);
    browser = await browserOnceCaughtUp(server);
  }, 60_000);

  afterAll(() => stopServed(browser, { dir, server }));

  const timeline = (page: Page) => page.locator('[data-testid=timeline]');
  /** The timeline's entry whose summary starts so. */
  const entry = (page: Page, summary: string) =>
    timeline(page)
      .locator('li')
      .filter({ has: page.locator('.pt-summary', { hasText: summary }) });
  /**
   * Waits until the keyboard is on the field with this id: the last thing a request from the timeline
   * does, once its form is chosen and filled in.
   */
  async function focusedOn(page: Page, id: string): Promise<void> {
    const deadline = Date.now() + 5_000;
    for (;;) {
      const at = await page.evaluate<string>('document.activeElement ? document.activeElement.id : ""');
      if (at === id) return;
      if (Date.now() > deadline) throw new Error(`The keyboard is on "${at}", not on "${id}"`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** Opens the correction of a timeline entry from its own "Correct", at one of its fields. */
  async function correcting(page: Page, item: Locator, field: string): Promise<void> {
    await item.getByRole('button', { name: /^Correct/ }).click();
    await focusedOn(page, 'correction-field');
    await page.getByLabel('What to correct').selectOption({ label: field });
  }

  /** Sends the correction open in the form, with its reason. */
  async function recordCorrection(page: Page, reason: string): Promise<void> {
    await page.getByLabel('Why it is being corrected').fill(reason);
    await page.getByRole('button', { name: 'Record correction' }).click();
    await page.getByText('Correction recorded.').waitFor();
  }

  async function openPair(token: string): Promise<Page> {
    const page = await signedInPage(browser, server.url, token);
    await page.goto(`${server.url}/#/pairs/${neuro}`);
    await page.getByRole('heading', { name: 'Timeline' }).waitFor();
    return page;
  }

  it('completes or drops an open action from its row', async () => {
    const page = await openPair(tokens.coordinator!);
    const open = page.locator('[data-testid=open-actions]');
    await open.getByRole('button', { name: 'Complete or drop this action: Write the named-contact role with families' }).click();
    // The action is chosen, and the keyboard is where the next choice is made.
    await focusedOn(page, 'close-outcome');
    await expect(page.getByLabel('What do you want to record?').inputValue()).resolves.toBe('close-action');
    await expect(page.getByLabel('Action', { exact: true }).locator('option:checked').textContent()).resolves.toBe(
      'Write the named-contact role with families (due 15 May 2026)',
    );
    await page.getByLabel('What happened').selectOption('drop');
    await page.getByLabel('Why it was dropped').fill('The trust appointed a discharge navigator instead');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Action dropped.').waitFor();
    await expect(open.count()).resolves.toBe(0);
    await expect(timeline(page).textContent()).resolves.toContain('Why dropped: The trust appointed a discharge navigator instead');
    await page.close();
  });

  it("chases what is late across pairs from the Actions screen, and completes one there on its pair's page; a pair member sees theirs on My pair", async () => {
    // After the test above dropped the neuro pair's open action: one of David's, not yet due.
    const agreed = await fetch(`${server.url}/pairs/${neuro}/actions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tokens.coordinator}`, 'content-type': 'application/json' },
      body: JSON.stringify({ description: 'Book the family forum room', ownerId: david, agreedOn: '2026-01-05', dueOn: '2030-01-31' }),
    });
    expect(agreed.status).toBe(200);
    const page = await signedInPage(browser, server.url, tokens.coordinator!);
    // The Programme screen says how many are overdue, and where they are listed; so does the menu.
    const overdue = page.getByTestId('overdue-actions');
    await expect(overdue.textContent()).resolves.toBe('1 action overdue in 1 pair: see them, the most overdue first, on Actions.');
    await expect(page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Actions' }).count()).resolves.toBe(1);
    await overdue.getByRole('link', { name: 'Actions' }).click();
    const rows = page.locator('[data-testid=open-actions] tbody tr');
    await rows.first().waitFor();
    await expect(page.getByTestId('actions-count').textContent()).resolves.toBe('2 open actions, 1 overdue.');
    // The overdue first, saying by how much, each with its pair and owner.
    await expect(rows.nth(0).textContent()).resolves.toMatch(
      /Write a Healthwatch report on the hub walk-through.*Residents at the design table.*Joan Whitaker.*Overdue by \d+ days/,
    );
    await expect(rows.nth(1).textContent()).resolves.toMatch(/Book the family forum room.*No gap after the ward.*David Okafor.*31 January 2030/);
    await expect(seriousViolations(page)).resolves.toEqual([]);
    await page.getByLabel('Show').selectOption({ label: 'Overdue actions' });
    await expect(rows.count()).resolves.toBe(1);
    // The list as chosen, every row, to take to a meeting.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download the overdue actions (CSV)' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^pairtrail-overdue-actions-\d{4}-\d{2}-\d{2}\.csv$/);
    const downloaded = readFileSync((await download.path())!, 'utf8')
      .trim()
      .split('\r\n');
    expect(downloaded).toHaveLength(2);
    expect(downloaded[1]).toContain(',Write a Healthwatch report on the hub walk-through,');
    // Due by a fortnightly check-in: the overdue one still, not David's of 2030.
    await page.getByLabel('Show').selectOption({ label: 'Due within two weeks, or overdue' });
    await expect(rows.count()).resolves.toBe(1);
    await expect(page.getByRole('button', { name: 'Download the actions due within two weeks (CSV)' }).count()).resolves.toBe(1);
    await page.getByLabel('Show').selectOption({ label: 'Every open action' });
    await page.getByLabel('Find an action').fill('forum');
    await expect(rows.count()).resolves.toBe(1);
    await page.getByLabel('Find an action').fill('');

    // Completed from its pair's page, the form chosen and the keyboard on it.
    await page.getByRole('link', { name: 'Complete or drop this action: Write a Healthwatch report on the hub walk-through' }).click();
    await focusedOn(page, 'close-outcome');
    expect(page.url()).toContain(`#/pairs/${vanguard}/actions/`);
    await expect(page.getByLabel('Action', { exact: true }).locator('option:checked').textContent()).resolves.toBe(
      'Write a Healthwatch report on the hub walk-through (due 31 July 2026)',
    );
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Action completed.').waitFor();
    await page.goto(`${server.url}/#/actions`);
    await expect(page.getByTestId('actions-count').textContent()).resolves.toBe('1 open action, none overdue.');

    // Below them, the reflections due, the longest waiting first: Claire last reflected on the neuro pair on 2 March 2026.
    const dueRows = page.locator('[data-testid=reflections-due] tbody tr');
    await dueRows.first().waitFor();
    await expect(dueRows.first().textContent()).resolves.toMatch(/Claire Bennett.*No gap after the ward.*2 March 2026, \d+ days ago$/);
    const dueBefore = await dueRows.count();
    await expect(page.getByTestId('reflections-due-count').textContent()).resolves.toMatch(new RegExp(`^${dueBefore} reflections due, in \\d pairs\\.$`));
    await expect(seriousViolations(page)).resolves.toEqual([]);
    // Recorded for her by the coordinator from its row: the pair's form opens with her its author.
    await page.getByRole('link', { name: 'Record a reflection of Claire Bennett' }).click();
    await focusedOn(page, 'reflection-relationshipScore');
    await expect(page.getByLabel('Whose reflection').locator('option:checked').textContent()).resolves.toBe('Claire Bennett (professional)');
    await page.getByLabel('How the partnership feels').selectOption('4');
    await page.getByLabel('Reflection', { exact: true }).fill('Families have a named contact now.');
    await page.getByRole('button', { name: 'Record reflection' }).click();
    await page.getByText('Reflection recorded.').waitFor();
    await page.getByRole('link', { name: 'Programme', exact: true }).click();
    await expect(page.getByTestId('reflections-due-line').textContent()).resolves.toMatch(
      new RegExp(`^${dueBefore - 1} reflections? due, in \\d pairs?: see who, the longest waiting first, on Actions\\.$`),
    );
    await page.close();

    const member = await signedInPage(browser, server.url, tokens.david!);
    const mine = member.locator('[data-testid=open-actions] tbody tr');
    await mine.first().waitFor();
    await expect(mine.count()).resolves.toBe(1);
    // Before the pair's next meeting, a page to read or print, from My pair.
    const [brief] = await Promise.all([
      member.waitForEvent('download'),
      member.getByRole('button', { name: 'Download the brief for "No gap after the ward" (HTML)' }).click(),
    ]);
    expect(brief.suggestedFilename()).toMatch(/^pairtrail-no-gap-after-the-ward-before-the-next-meeting-\d{4}-\d{2}-\d{2}\.html$/);
    const briefed = readFileSync((await brief.path())!, 'utf8');
    expect(briefed).toContain('<h1>Before the next meeting: No gap after the ward</h1>');
    expect(briefed).toContain('Book the family forum room (David Okafor, due 31 January 2030): open');
    await expect(mine.first().textContent()).resolves.toMatch(/Book the family forum room.*You.*31 January 2030/);
    // A pair member has no Actions screen: theirs are on My pair.
    await expect(member.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Actions' }).count()).resolves.toBe(0);
    // His last reflection is more than a quarter old: My pair asks for another, and opens its form, him its author.
    const due = member.getByTestId('reflection-due');
    await expect(due.textContent()).resolves.toMatch(
      /^Your last reflection on "No gap after the ward" was on 25 June 2026, \d+ days ago\. Your scores so far: 1 \(20 November 2025\), 3 \(1 March 2026\), 4 \(25 June 2026\)\. Record a reflection: /,
    );
    await due.getByRole('link', { name: 'Record a reflection' }).click();
    await focusedOn(member, 'reflection-relationshipScore');
    await expect(member.getByLabel('What do you want to record?').inputValue()).resolves.toBe('reflection');
    await expect(member.getByLabel('Whose reflection').locator('option:checked').textContent()).resolves.toBe('David Okafor (lived experience)');
    await member.getByLabel('How the partnership feels').selectOption('5');
    await member.getByLabel('Reflection', { exact: true }).fill('The peer group runs without us now.');
    await member.getByRole('button', { name: 'Record reflection' }).click();
    await member.getByText('Reflection recorded.').waitFor();
    await member.getByRole('link', { name: 'My pair' }).first().click();
    await mine.first().waitFor();
    await expect(due.count()).resolves.toBe(0);
    await member.close();
  });

  it('corrects an entry and undoes the correction, retracts an entry and restores it, each from the timeline', async () => {
    const page = await openPair(tokens.coordinator!);
    const meeting = entry(page, 'Meeting held on 5 November 2025');
    await meeting.getByRole('button', { name: /^Correct/ }).click();
    await focusedOn(page, 'correction-field');
    await expect(page.getByLabel('What do you want to record?').inputValue()).resolves.toBe('correction');
    await expect(page.getByLabel('Entry to correct').locator('option:checked').textContent()).resolves.toMatch(
      /^5 November 2025: Meeting held on 5 November 2025/,
    );
    // Each field is asked for as it was recorded, starting from what it says now.
    await page.getByLabel('What to correct').selectOption({ label: 'Date held (now: 2025-11-05)' });
    await expect(page.getByLabel('Correct value').getAttribute('type')).resolves.toBe('date');
    await expect(page.getByLabel('Correct value').inputValue()).resolves.toBe('2025-11-05');
    await page.getByLabel('What to correct').selectOption({ label: 'How they met (now: in-person)' });
    await expect(page.getByLabel('Correct value').locator('option').allTextContents()).resolves.toEqual([
      'Choose…',
      'In person',
      'Video',
      'Phone',
      'Workshop',
      'Coaching',
    ]);
    const notes = 'David described the ten-week wait after his own brain injury.';
    // A long text is known by its start in the list, and given whole to put right.
    await page.getByLabel('What to correct').selectOption({ label: 'Notes (now: David described the ten-week wait after his own…)' });
    await expect(page.getByLabel('Correct value').inputValue()).resolves.toBe(notes);
    // Sent as it says now, it is refused here, before the API would refuse it.
    await page.getByLabel('Why it is being corrected').fill('The minutes say it ran to 80');
    await page.getByRole('button', { name: 'Record correction' }).click();
    await expect(page.locator('#correction-value-error').textContent()).resolves.toContain('That is what it says now: give the value it should have');
    await page.getByLabel('What to correct').selectOption({ label: 'Minutes (now: 75)' });
    await expect(page.getByLabel('Correct value').inputValue()).resolves.toBe('75');
    await page.getByLabel('Correct value').fill('80');
    await page.getByRole('button', { name: 'Record correction' }).click();
    await page.getByText('Correction recorded.').waitFor();
    await expect(meeting.textContent()).resolves.toContain('Corrected minutes is now 80: The minutes say it ran to 80');
    // Who put it right, and when, as the reader would say it.
    await expect(meeting.textContent()).resolves.toMatch(/The minutes say it ran to 80 \(you, \d{1,2} [A-Z][a-z]+ \d{4}\)/);
    await expect(meeting.locator('.pt-summary').textContent()).resolves.toContain('80 min');

    // The correction was itself a mistake: undone beside it, by a retraction of it.
    await meeting.getByRole('button', { name: /^Undo/ }).click();
    await focusedOn(page, 'retraction-reason');
    await expect(page.getByLabel('What do you want to record?').inputValue()).resolves.toBe('retraction');
    await expect(page.getByLabel('What to retract').locator('option:checked').textContent()).resolves.toMatch(
      /^Undo the correction of 5 November 2025: Meeting held on 5 November 2025: .* \(minutes is now 80\)$/,
    );
    await page.getByLabel('Why it is being retracted').fill('It was 75 after all: the 80 included the walk round the ward');
    await page.getByRole('button', { name: 'Record retraction' }).click();
    await page.getByText('Correction undone.').waitFor();
    await expect(meeting.textContent()).resolves.not.toContain('Corrected');
    await expect(meeting.locator('.pt-summary').textContent()).resolves.toContain('75 min');

    // An entry retracted, then restored by retracting the retraction.
    const milestone = entry(page, 'Milestone reached').first();
    await milestone.getByRole('button', { name: /^Retract/ }).click();
    await focusedOn(page, 'retraction-reason');
    await page.getByLabel('Why it is being retracted').fill('Recorded for the wrong pair');
    await page.getByRole('button', { name: 'Record retraction' }).click();
    await page.getByText('Retraction recorded.').waitFor();
    await expect(milestone.textContent()).resolves.toContain('Retracted Recorded for the wrong pair');
    await expect(milestone.getAttribute('class')).resolves.toBe('pt-retracted');
    await milestone.getByRole('button', { name: /^Restore/ }).click();
    await focusedOn(page, 'retraction-reason');
    await expect(page.getByLabel('What to retract').locator('option:checked').textContent()).resolves.toMatch(/^Restore .* \(undo its retraction\)$/);
    await page.getByLabel('Why it is being retracted').fill('It was this pair: the ward confirmed');
    await page.getByRole('button', { name: 'Record retraction' }).click();
    await page.getByText('Entry restored.').waitFor();
    await expect(milestone.textContent()).resolves.not.toContain('Retracted');

    // A note the completion was recorded without is given to it by a correction.
    const completion = entry(page, 'Action completed').first();
    await correcting(page, completion, 'Note (now: none)');
    await expect(page.getByLabel('Correct value').inputValue()).resolves.toBe('');
    await page.getByLabel('Correct value').fill('Stories from six families, in their own words');
    await recordCorrection(page, 'The note was left out');
    await expect(completion.textContent()).resolves.toContain('Note: Stories from six families, in their own words');

    // Who attended, by name: one of them was not there after all, which the figures count.
    const december = entry(page, 'Meeting held on 10 December 2025');
    await correcting(page, december, 'Attendees (now: David Okafor and Claire Bennett)');
    await expect(page.getByLabel('Claire Bennett (professional)').isChecked()).resolves.toBe(true);
    await page.getByLabel('Claire Bennett (professional)').uncheck();
    await recordCorrection(page, 'Claire was called to the ward; David met the families alone');
    await expect(december.locator('.pt-summary').textContent()).resolves.toContain('1 attending');
    await expect(december.textContent()).resolves.toContain('Corrected attendees is now David Okafor: Claire was called to the ward');

    // How the pair was formed can be corrected, never retracted.
    const formed = entry(page, 'Pair formed');
    await expect(formed.getByRole('button', { name: /^Correct/ }).count()).resolves.toBe(1);
    await expect(formed.getByRole('button', { name: /^Retract/ }).count()).resolves.toBe(0);
    await expect(seriousViolations(page)).resolves.toEqual([]);

    // Every retraction and correction is in the log, none changed in place: the audit trail has all six.
    const events = await server.runtime.store.readStream(`pair-${neuro}`);
    expect(events.filter((e) => e.type === 'EntryCorrected' || e.type === 'EntryRetracted').map((e) => e.type)).toEqual([
      'EntryCorrected',
      'EntryRetracted',
      'EntryRetracted',
      'EntryRetracted',
      'EntryCorrected',
      'EntryCorrected',
    ]);
    await page.close();
  });

  it('records an outcome with the measure that shows it, and puts the measure right', async () => {
    const page = await openPair(tokens.coordinator!);
    await page.getByLabel('What do you want to record?').selectOption('outcome');
    await page.getByLabel('Kind of outcome').selectOption('patient-experience');
    await page.getByLabel('What changed').fill('Families leave the ward knowing who to call');
    await page.getByLabel('How far it spread').selectOption('team');
    // A measure is optional, but one begun is checked whole.
    await page.getByLabel('What was measured').fill('Families with a named contact');
    await page.getByLabel('Before', { exact: true }).fill('0');
    await page.getByLabel('Now', { exact: true }).fill('four in ten');
    await page.getByRole('button', { name: 'Record outcome' }).click();
    await expect(page.locator('#outcome-measureUnit-error').textContent()).resolves.toContain('Enter its unit, such as weeks or %');
    await expect(page.locator('#outcome-measureValue-error').textContent()).resolves.toContain('The measure now must be a number, like 6 or 4.5');
    await expect(seriousViolations(page)).resolves.toEqual([]);
    await page.getByLabel('Unit', { exact: true }).fill('%');
    await page.getByLabel('Now', { exact: true }).fill('40');
    await page.getByRole('button', { name: 'Record outcome' }).click();
    await page.getByText('Outcome recorded.').waitFor();
    const outcome = entry(page, 'Outcome recorded').filter({ hasText: 'Families leave the ward knowing who to call' });
    await expect(outcome.textContent()).resolves.toContain('Measure: Families with a named contact, from 0% to 40%');

    // Its measure put right: the four fields start from what it gives now.
    await correcting(page, outcome, 'Measure (now: Families with a named contact, from 0% to 40%)');
    await expect(page.getByLabel('What was measured').inputValue()).resolves.toBe('Families with a named contact');
    await expect(page.getByLabel('Now', { exact: true }).inputValue()).resolves.toBe('40');
    await page.getByLabel('Why it is being corrected').fill('The audit counted 45 in 100');
    await page.getByRole('button', { name: 'Record correction' }).click();
    await expect(page.locator('#correction-measureValue-error').textContent()).resolves.toContain('That is the measure it gives now');
    await page.getByLabel('Now', { exact: true }).fill('45');
    await page.getByRole('button', { name: 'Record correction' }).click();
    await page.getByText('Correction recorded.').waitFor();
    await expect(outcome.textContent()).resolves.toContain('Measure: Families with a named contact, from 0% to 45%');
    await expect(outcome.textContent()).resolves.toContain(
      'Corrected measure is now Families with a named contact, from 0% to 45%: The audit counted 45 in 100',
    );
    const events = await server.runtime.store.readStream(`pair-${neuro}`);
    expect(events.at(-1)!.data).toMatchObject({ replacement: { measure: { name: 'Families with a named contact', unit: '%', baseline: 0, value: 45 } } });
    await page.close();
  });

  it('undoes a conclusion recorded by mistake, reopening the pair', async () => {
    const page = await signedInPage(browser, server.url, tokens.coordinator!);
    await page.goto(`${server.url}/#/pairs/${vanguard}`);
    await page.getByRole('heading', { name: 'Timeline' }).waitFor();
    await page.getByLabel('What do you want to record?').selectOption('conclude');
    await expect(page.getByRole('form', { name: 'Conclude the pair' }).textContent()).resolves.toContain(
      'A conclusion recorded by mistake is undone by retracting it, beside it on the timeline.',
    );
    await page.getByLabel('Summary of what the pair did').fill('Concluded in error: meant for another pair');
    await page.getByRole('button', { name: 'Conclude pair' }).click();
    await page.getByText('Pair concluded.').waitFor();
    const kinds = () => page.getByLabel('What do you want to record?').locator('option').allTextContents();
    await expect(kinds()).resolves.toEqual(['Choose what to record', 'A correction to an entry', 'A retraction of an entry']);
    await entry(page, 'Pair concluded')
      .getByRole('button', { name: /^Retract/ })
      .click();
    await focusedOn(page, 'retraction-reason');
    await page.getByLabel('Why it is being retracted').fill('Concluded the wrong pair');
    await page.getByRole('button', { name: 'Record retraction' }).click();
    await page.getByText('Retraction recorded.').waitFor();
    await expect(kinds()).resolves.toContain('A meeting');
    await expect(page.locator('main p.nhsuk-body-l').textContent()).resolves.toContain('active');
    await page.close();
  });

  it("offers a pair member only what they may put right: their own reflections and their pair's work, not the other's reflections or the pair's course", async () => {
    const page = await openPair(tokens.david!);
    // His own open action said to be his, as on My pair.
    await expect(page.locator('[data-testid=open-actions] tbody tr', { hasText: 'Book the family forum room' }).textContent()).resolves.toMatch(
      /Book the family forum room.*You/,
    );
    const canPutRight = async (summary: string) =>
      (await entry(page, summary)
        .first()
        .getByRole('button', { name: /^Correct/ })
        .count()) > 0;
    await expect(canPutRight('Meeting held')).resolves.toBe(true);
    await expect(canPutRight('Pair formed')).resolves.toBe(false);
    const reflections = entry(page, 'Reflection recorded');
    const offered = await reflections.evaluateAll((items: { textContent: string | null; querySelector(s: string): unknown }[]) =>
      items.map((item) => [/David Okafor/.test(item.textContent ?? ''), item.querySelector('button') !== null]),
    );
    // Each reflection offers putting right exactly when it is his.
    expect(offered.length).toBeGreaterThan(1);
    expect(offered.every(([his, offers]) => his === offers)).toBe(true);
    expect(offered.some(([his]) => !his)).toBe(true);
    // His own reflection, offered for quotation, taken back from it: a yes or no, as it was recorded.
    const his = entry(page, 'Reflection recorded').filter({ hasText: 'David Okafor (may be quoted)' }).first();
    const quoted = (await his.locator('p').last().textContent())!;
    await correcting(page, his, 'May be quoted (now: yes)');
    await expect(page.getByLabel('Correct value').inputValue()).resolves.toBe('yes');
    await page.getByLabel('Correct value').selectOption('no');
    await recordCorrection(page, 'I would rather this one were not quoted');
    const corrected = entry(page, 'Reflection recorded').filter({ hasText: quoted });
    await expect(corrected.textContent()).resolves.toContain('Corrected may be quoted is now no: I would rather this one were not quoted');
    await expect(corrected.textContent()).resolves.not.toContain('(may be quoted)');
    // The coordinator's corrections of his pair's record are said to him as theirs, not his.
    const december = entry(page, 'Meeting held on 10 December 2025');
    await expect(december.textContent()).resolves.toMatch(/Claire was called to the ward; David met the families alone \(a coordinator, /);
    // The forms list only what he may put right too.
    await page.getByLabel('What do you want to record?').selectOption('correction');
    const choices = await page.getByLabel('Entry to correct').locator('option').allTextContents();
    expect(choices.some((c) => c.includes('Pair formed'))).toBe(false);
    expect(choices.some((c) => c.includes('Meeting held'))).toBe(true);
    await expect(seriousViolations(page)).resolves.toEqual([]);
    await page.close();
  });
});
