// Incidents in a real browser, against the --demo data: the team page's incident list
// and settings, the demo incident's statistics, strip and timeline (filtering, editing,
// key moments, a missing entry), importing a pasted CSV timeline with its preview, an
// import that fails, and the account page's time zone and API tokens.
// Every page visited is screenshotted and checked with axe-core.
//
// The tests share one server and run in order; each signs in on its own browser context.
// The first test reads the demo incident's statistics before anything changes them.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer,
  launchBrowser,
  newAxeContext,
  visitCheck,
  checkA11y,
  screenshot,
  pathOf,
  formWithButton,
  signInAt,
  assertHeading,
} from './helpers.mjs';

const TEAM = { slug: 'demo', name: 'Demo team' };
const DEMO_INCIDENT = 'DDoS attack against Managed DNS';

// Pasted into the import form. (On submit, browsers send a textarea's line breaks as CRLF.)
const CSV_TIMELINE = [
  'time,actor,kind,text',
  '2024-03-01T10:00:00Z,Ana,alert,Checkout errors rising',
  '2024-03-01T10:05:00Z,Status page,communication,We are investigating',
].join('\n');
const CSV_TITLE = 'Incident of 2024-03-01';

// A time without a zone on the first data row, which is line 2 of the file.
const CSV_WITHOUT_ZONE = 'time,actor,kind,text\n2024-03-01 10:00,Ana,alert,Checkout errors rising\n';

let server;
let browser;

before(async () => {
  server = await startServer({ demo: true });
  assert.ok(server.demo, `no demo sign-in line on stdout:\n${server.stdout()}`);
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

/**
 * A signed-in page on a fresh context; `body` gets it and the context is closed after.
 * A failure leaves a screenshot, except in `todo` tests (`failureShot: false`), which are
 * expected to fail until the app is fixed.
 */
async function withDemoPage(body, { failureShot = true } = {}) {
  const context = await newAxeContext(browser);
  const page = await context.newPage();
  try {
    await signInAt(page, server.baseUrl, server.demo);
    await body(page);
  } catch (error) {
    if (failureShot) await screenshot(page, 'failure').catch(() => {});
    throw error;
  } finally {
    await context.close();
  }
}

/** Waits for the flash notice with exactly this text (an earlier flash may still be up). */
async function expectFlash(page, text) {
  const flash = page.getByRole('status').filter({ hasText: text });
  await assert.doesNotReject(flash.waitFor(), `flash "${text}" on ${page.url()}`);
  assert.equal((await flash.innerText()).trim(), text);
  await page.waitForLoadState();
}

/** The value (<dd>) next to a statistic's name (<dt>) in one of the dl.stats lists. */
async function statistic(page, name) {
  const term = page.getByRole('term').filter({ hasText: new RegExp(`^${name}$`) });
  assert.equal(await term.count(), 1, `one statistic named "${name}"`);
  return (await term.locator('xpath=following-sibling::dd[1]').innerText()).trim();
}

function timelineOf(page) {
  return page.locator('ol.timeline');
}

function entries(page) {
  return timelineOf(page).getByRole('listitem');
}

/** The "Showing N of M entries." line above the timeline, as numbers. */
async function shownCount(page) {
  const line = await page.getByText(/^Showing \d+ of \d+ entries\./).innerText();
  const [, shown, total] = /^Showing (\d+) of (\d+) entries\./.exec(line.trim());
  return { shown: Number(shown), total: Number(total), line: line.trim() };
}

async function openDemoIncident(page) {
  await page.goto(`${server.baseUrl}/teams/${TEAM.slug}`);
  await page.getByRole('link', { name: DEMO_INCIDENT }).click();
  await page.waitForURL((url) => /^\/teams\/demo\/incidents\/\d+$/.test(url.pathname));
  await assertHeading(page, DEMO_INCIDENT);
}

test('the team page lists incidents and offers import and settings to its owner', async () => {
  await withDemoPage(async (page) => {
    await page.goto(`${server.baseUrl}/teams/${TEAM.slug}`);
    await assertHeading(page, TEAM.name);
    await assert.doesNotReject(page.getByRole('heading', { level: 2, name: 'Incidents' }).waitFor());
    const incident = page.getByRole('link', { name: DEMO_INCIDENT });
    assert.equal(await incident.count(), 1, 'one link to the demo incident');
    assert.match(await incident.getAttribute('href'), /^\/teams\/demo\/incidents\/\d+$/);
    const importLink = page.getByRole('link', { name: 'Import a timeline' });
    assert.equal(await importLink.getAttribute('href'), '/teams/demo/import');

    await assert.doesNotReject(page.getByRole('heading', { level: 2, name: 'Settings' }).waitFor());
    const target = page.getByLabel('Customer update target (minutes)');
    assert.equal(await target.inputValue(), '60', 'the default target is an hour');
    await assert.doesNotReject(page.getByRole('button', { name: 'Save settings' }).waitFor());
    await visitCheck(page, 'team-page');
  });
});

test(
  'the team page starts with its name: the h1 comes before the Incidents section',
  async () => {
    await withDemoPage(async (page) => {
      await page.goto(`${server.baseUrl}/teams/${TEAM.slug}`);
      const headings = page.getByRole('main').getByRole('heading');
      await headings.first().waitFor();
      const first = await headings.first().evaluate((h) => `${h.tagName} ${h.textContent.trim()}`);
      assert.equal(first, `H1 ${TEAM.name}`, 'the first heading of the page');
    }, { failureShot: false });
  },
);

test('the demo incident: statistics, strip, filtering, editing, key moments and a new entry', async () => {
  await withDemoPage(async (page) => {
    await openDemoIncident(page);

    // How long each stage took.
    await assert.doesNotReject(
      page.getByRole('heading', { level: 2, name: 'How long each stage took' }).waitFor(),
    );
    assert.equal(await statistic(page, 'Time to acknowledge'), '4 min');
    assert.equal(await statistic(page, 'Time to mitigate'), '2 h 10 min');
    assert.equal(await statistic(page, 'Time to resolve'), '11 h 07 min');

    // The strip: an image with a title and a description that sums it up.
    const strip = page.locator('figure.strip svg[role="img"]');
    assert.equal(await strip.count(), 1, 'one SVG strip with role=img');
    const stripImage = page.getByRole('img', { name: /^Incident timeline strip/ });
    await assert.doesNotReject(stripImage.waitFor(), 'the strip is named by its <title>');
    const box = await stripImage.boundingBox();
    assert.ok(box && box.width > 300 && box.height > 20, `the strip is drawn (${JSON.stringify(box)})`);
    const description = await strip.locator('desc').textContent();
    assert.match(description, /11 public updates; the longest silence was 2 h 42 min\./);
    assert.equal(await strip.locator('line.strip-tick').count(), 11, 'a tick per public update');

    // How we kept customers informed.
    await assert.doesNotReject(
      page.getByRole('heading', { level: 2, name: 'How we kept customers informed' }).waitFor(),
    );
    assert.equal(await statistic(page, 'Public updates'), '11');
    assert.equal(await statistic(page, 'Longest silence'), '2 h 42 min');
    assert.equal(await statistic(page, 'First update after'), '2 min');
    assert.equal(await statistic(page, 'Gaps over the 1 h 00 min target'), '5');
    const updates = page.getByRole('table', { name: 'Public updates in order' });
    assert.equal(await updates.locator('tbody').getByRole('row').count(), 11, 'a row per public update');
    await assert.doesNotReject(
      updates.getByRole('cell', { name: '2 h 42 min (over target)' }).waitFor(),
      'the longest silence is marked as over the target',
    );

    // The whole timeline.
    const all = await shownCount(page);
    assert.equal(all.shown, all.total, `unfiltered: ${all.line}`);
    assert.equal(await entries(page).count(), all.total, 'a list item per entry');
    await visitCheck(page, 'incident');

    // Filter by kind: only alerts are left, and the filter remembers its choice.
    const filters = formWithButton(page, 'Filter');
    await filters.getByLabel('Kind').selectOption('alert');
    await filters.getByRole('button', { name: 'Filter' }).click();
    await page.waitForURL((url) => url.searchParams.get('kind') === 'alert');
    assert.equal(currentUrl(page).hash, '#timeline', 'the filtered page opens at the timeline');
    const filtered = await shownCount(page);
    assert.ok(filtered.shown > 0 && filtered.shown < all.total, `filtered: ${filtered.line}`);
    assert.equal(filtered.total, all.total);
    assert.equal(await entries(page).count(), filtered.shown);
    const kinds = await entries(page).locator('.kind').allInnerTexts();
    assert.deepEqual(
      kinds.map((k) => k.trim()),
      Array(filtered.shown).fill('alert'),
      'only alert entries are listed',
    );
    assert.equal(await formWithButton(page, 'Filter').getByLabel('Kind').inputValue(), 'alert');
    await visitCheck(page, 'incident-filtered-alert');

    // Back to everything; the first alert is the entry edited below.
    await formWithButton(page, 'Filter').getByLabel('Kind').selectOption('');
    await formWithButton(page, 'Filter').getByRole('button', { name: 'Filter' }).click();
    await page.waitForURL((url) => url.searchParams.get('kind') === '');
    assert.equal((await shownCount(page)).shown, all.total, 'all entries again');

    // Edit an entry's text.
    const alertEntry = entries(page).filter({ hasText: 'Query latency and error alerts fire' });
    assert.equal(await alertEntry.count(), 1);
    const editForm = formWithButton(alertEntry, 'Save entry');
    assert.equal(await editForm.isVisible(), false, 'the edit form starts folded');
    // The <summary>: "Edit", and for screen readers which entry (Playwright gives it no role).
    await alertEntry.getByText(/^Edit entry at \d\d:\d\d UTC \(alert, NOC monitoring\)$/).click();
    await editForm.waitFor({ state: 'visible' });
    assert.equal(await editForm.getByLabel('Kind').inputValue(), 'alert');
    assert.equal(await editForm.getByLabel('Visibility').inputValue(), 'internal');
    await screenshot(page, 'incident-edit-open');
    await checkA11y(page, 'incident page with an edit form open');

    const newText = 'Query latency and SERVFAIL alerts fire across US East PoPs (edited in the browser test).';
    await editForm.getByLabel('Text').fill(newText);
    await editForm.getByRole('button', { name: 'Save entry' }).click();
    await expectFlash(page, 'Entry saved.');
    assert.match(currentUrl(page).hash, /^#entry-\d+$/, 'back at the edited entry');
    const edited = entries(page).filter({ hasText: newText });
    assert.equal(await edited.count(), 1, 'the new text is shown');
    assert.equal(
      (await edited.locator('.entry-text').innerText()).trim(),
      newText,
      'the entry text is replaced',
    );
    assert.equal(await entries(page).filter({ hasText: 'Query latency and error alerts fire' }).count(), 0);
    assert.equal(`#${await edited.getAttribute('id')}`, currentUrl(page).hash, 'the URL points at it');
    await visitCheck(page, 'incident-after-edit');

    // Mark the escalation as a key moment.
    const escalation = entries(page).filter({ hasText: 'Paged the network engineering on-call' });
    assert.equal(await escalation.count(), 1);
    assert.equal(await escalation.getByText('key moment', { exact: true }).count(), 0);
    await escalation.getByRole('button', { name: /^Mark as key moment entry at/ }).click();
    await expectFlash(page, 'Marked as a key moment.');
    const marked = entries(page).filter({ hasText: 'Paged the network engineering on-call' });
    await assert.doesNotReject(
      marked.getByText('key moment', { exact: true }).waitFor(),
      'the entry carries a "key moment" badge',
    );
    await assert.doesNotReject(marked.getByRole('button', { name: /^Unmark key moment entry at/ }).waitFor());
    assert.equal(`#${await marked.getAttribute('id')}`, currentUrl(page).hash, 'back at the marked entry');
    await visitCheck(page, 'incident-key-moment');

    // Add a missing entry; it takes its place in time order.
    const addForm = formWithButton(page, 'Add entry');
    await assert.doesNotReject(page.getByRole('heading', { level: 2, name: 'Add a missing entry' }).waitFor());
    await addForm.getByLabel('When (UTC)').fill('2016-10-21T12:05:30');
    await addForm.getByLabel('Kind').selectOption('decision');
    await addForm.getByLabel('Who or what').fill('Incident commander');
    await addForm.getByLabel('What happened').fill('Decided to move US East traffic to the backup PoPs.');
    await addForm.getByLabel('Visibility').selectOption('internal');
    await addForm.getByRole('button', { name: 'Add entry' }).click();
    await expectFlash(page, 'Entry added to the timeline.');
    const added = entries(page).filter({ hasText: 'Decided to move US East traffic to the backup PoPs.' });
    assert.equal(await added.count(), 1, 'the new entry is listed');
    assert.equal(`#${await added.getAttribute('id')}`, currentUrl(page).hash, 'back at the new entry');
    assert.equal((await added.locator('.kind').innerText()).trim(), 'decision');
    assert.equal((await added.locator('.actor').innerText()).trim(), 'Incident commander');
    assert.equal(await added.locator('time').getAttribute('datetime'), '2016-10-21T12:05:30Z');
    assert.equal((await added.locator('time').innerText()).trim(), '2016-10-21 12:05 UTC');
    const afterAdd = await shownCount(page);
    assert.equal(afterAdd.total, all.total + 1, `one more entry: ${afterAdd.line}`);
    const times = await entries(page).locator('.entry-meta time').evaluateAll((nodes) =>
      nodes.map((n) => n.getAttribute('datetime')),
    );
    assert.deepEqual(times, [...times].sort(), 'the timeline stays in time order');
    // An internal entry leaves what customers saw unchanged.
    assert.equal(await statistic(page, 'Public updates'), '11');
    assert.equal(await statistic(page, 'Longest silence'), '2 h 42 min');
    await visitCheck(page, 'incident-entry-added');

    // The same page in the dark colour scheme.
    await page.emulateMedia({ colorScheme: 'dark' });
    const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    assert.equal(background, 'rgb(21, 23, 27)', 'body uses the dark background (#15171b)');
    await screenshot(page, 'incident-dark');
    await checkA11y(page, 'incident page (dark colour scheme)');
    await page.emulateMedia({ colorScheme: 'light' });
  });
});

test('the customer update target changes which silences are over it', async () => {
  await withDemoPage(async (page) => {
    await page.goto(`${server.baseUrl}/teams/${TEAM.slug}`);
    const settings = formWithButton(page, 'Save settings');
    await settings.getByLabel('Customer update target (minutes)').fill('150');
    await settings.getByRole('button', { name: 'Save settings' }).click();
    await expectFlash(page, 'Customers should now hear from us at least every 150 minutes.');
    assert.equal(pathOf(page), '/teams/demo');
    assert.equal(await page.getByLabel('Customer update target (minutes)').inputValue(), '150');
    await visitCheck(page, 'team-page-settings-saved');

    await openDemoIncident(page);
    // Only the 2 h 42 min silence is longer than 2 h 30 min.
    assert.equal(await statistic(page, 'Gaps over the 2 h 30 min target'), '1');
    const updates = page.getByRole('table', { name: 'Public updates in order' });
    assert.equal(await updates.getByRole('cell', { name: /\(over target\)$/ }).count(), 1);
    await visitCheck(page, 'incident-target-150');

    // Back to the demo's hour, for the tests after this one.
    await page.goto(`${server.baseUrl}/teams/${TEAM.slug}`);
    await page.getByLabel('Customer update target (minutes)').fill('60');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await expectFlash(page, 'Customers should now hear from us at least every 60 minutes.');
  });
});

test('a pasted CSV timeline is previewed, imported, and not imported twice', async () => {
  await withDemoPage(async (page) => {
    await page.goto(`${server.baseUrl}/teams/${TEAM.slug}`);
    await page.getByRole('link', { name: 'Import a timeline' }).click();
    await page.waitForURL((u) => u.pathname === '/teams/demo/import');
    await assertHeading(page, 'Import a timeline');
    assert.equal(await page.getByLabel('Format').inputValue(), 'auto');
    assert.equal(await page.getByLabel('File').getAttribute('type'), 'file');
    assert.equal(await page.getByLabel('Time zone for times written without one').inputValue(), '');
    await visitCheck(page, 'import-form');

    await page.getByLabel('Or paste the timeline').fill(CSV_TIMELINE);
    await page.getByRole('button', { name: 'Preview import' }).click();
    await assertHeading(page, `Preview: ${CSV_TITLE}`);
    const summary = page.getByText(/^Read as /);
    assert.match(
      (await summary.innerText()).trim(),
      /^Read as CSV \(time, actor, kind, text\)\. A new incident with 2 entries would be created\.$/,
    );
    const previewEntries = entries(page);
    assert.equal(await previewEntries.count(), 2, 'both entries are previewed');
    assert.match(await previewEntries.nth(0).innerText(), /Checkout errors rising/);
    assert.match(await previewEntries.nth(1).innerText(), /We are investigating/);
    assert.equal(await page.getByRole('link', { name: 'Start over' }).getAttribute('href'), '/teams/demo/import');
    await visitCheck(page, 'import-preview');

    // Nothing is saved before "Import" (looked at in a second tab, to keep the preview).
    const teamTab = await page.context().newPage();
    await teamTab.goto(`${server.baseUrl}/teams/${TEAM.slug}`);
    await assertHeading(teamTab, TEAM.name);
    assert.equal(await teamTab.getByRole('link', { name: CSV_TITLE }).count(), 0, 'not imported by the preview');
    await teamTab.close();

    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await page.waitForURL((u) => /^\/teams\/demo\/incidents\/\d+$/.test(u.pathname));
    await expectFlash(page, 'Imported 2 entries.');
    await assertHeading(page, CSV_TITLE);
    const incidentPath = pathOf(page);
    assert.equal(await entries(page).count(), 2);
    assert.deepEqual(
      (await entries(page).locator('.kind').allInnerTexts()).map((k) => k.trim()),
      ['alert', 'communication'],
    );
    assert.equal((await entries(page).first().locator('.actor').innerText()).trim(), 'Ana');
    await assert.doesNotReject(
      page.getByText('No public updates are in this timeline.', { exact: false }).waitFor(),
      'an internal-only timeline says it has no public updates',
    );
    await visitCheck(page, 'imported-incident');

    // The team page links to it.
    await page.getByRole('link', { name: TEAM.name }).first().click();
    await page.waitForURL((u) => u.pathname === '/teams/demo');
    assert.equal(await page.getByRole('link', { name: CSV_TITLE }).getAttribute('href'), incidentPath);

    // The same text again: recognised, nothing new.
    await page.getByRole('link', { name: 'Import a timeline' }).click();
    await page.waitForURL((u) => u.pathname === '/teams/demo/import');
    await page.getByLabel('Or paste the timeline').fill(CSV_TIMELINE);
    await page.getByRole('button', { name: 'Preview import' }).click();
    await assertHeading(page, `Preview: ${CSV_TITLE}`);
    assert.match(
      (await page.getByText(/^Read as /).innerText()).trim(),
      /This incident was imported before: 0 new entries would be added to the 2 already there\.$/,
    );
    await visitCheck(page, 'import-preview-again');

    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await page.waitForURL((u) => u.pathname === incidentPath);
    await expectFlash(page, 'Nothing new: this export was imported before.');
    assert.equal(await entries(page).count(), 2, 'still two entries');
    await visitCheck(page, 'imported-incident-unchanged');
  });
});

test('an import with a time lacking its zone says where, and the time zone field fixes it', async () => {
  await withDemoPage(async (page) => {
    // As an uploaded file, byte for byte.
    await page.goto(`${server.baseUrl}/teams/${TEAM.slug}/import`);
    await page.getByLabel('File').setInputFiles({
      name: 'timeline.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(CSV_WITHOUT_ZONE),
    });
    await page.getByRole('button', { name: 'Preview import' }).click();
    const error = page.getByRole('alert');
    await assert.doesNotReject(error.waitFor(), 'an error is shown');
    await assertHeading(page, 'Import a timeline');
    const message = (await error.innerText()).trim();
    assert.match(message, /"2024-03-01 10:00" has no time zone/);
    assert.match(message, /line 2, column time/);
    await assert.doesNotReject(
      page.getByRole('button', { name: 'Preview import' }).waitFor(),
      'the form is offered again',
    );
    await visitCheck(page, 'import-error-file');

    // Pasted into the form.
    await page.getByLabel('Or paste the timeline').fill(CSV_WITHOUT_ZONE);
    await page.getByRole('button', { name: 'Preview import' }).click();
    await page.getByRole('alert').waitFor();
    const pastedMessage = (await page.getByRole('alert').innerText()).trim();
    assert.match(pastedMessage, /"2024-03-01 10:00" has no time zone/);
    assert.match(pastedMessage, /pasted text: line \d+, column time/);
    await visitCheck(page, 'import-error-pasted');

    // With the time zone given, the same text previews (10:00 in Berlin is 09:00 UTC).
    await page.getByLabel('Or paste the timeline').fill(CSV_WITHOUT_ZONE);
    await page.getByLabel('Format').selectOption('csv');
    await page.getByLabel('Time zone for times written without one').fill('Europe/Berlin');
    await page.getByRole('button', { name: 'Preview import' }).click();
    await assertHeading(page, /^Preview: /);
    const first = entries(page).first().locator('time');
    assert.equal(await first.getAttribute('datetime'), '2024-03-01T09:00:00Z');
    await visitCheck(page, 'import-preview-with-zone');
  });
});

test(
  'a pasted CSV error names the line as written (line 2), like an uploaded file',
  async () => {
    await withDemoPage(async (page) => {
      await page.goto(`${server.baseUrl}/teams/${TEAM.slug}/import`);
      await page.getByLabel('Or paste the timeline').fill(CSV_WITHOUT_ZONE);
      await page.getByRole('button', { name: 'Preview import' }).click();
      await page.getByRole('alert').waitFor();
      assert.match(await page.getByRole('alert').innerText(), /pasted text: line 2, column time/);
    }, { failureShot: false });
  },
);

test('account: times in Asia/Seoul, and an API token created and revoked', async () => {
  await withDemoPage(async (page) => {
    await page.getByRole('link', { name: 'Account' }).click();
    await page.waitForURL((u) => u.pathname === '/account');
    await assertHeading(page, 'Your account');
    const zone = page.getByLabel('Show times in');
    assert.equal(await zone.inputValue(), 'UTC', 'times start in UTC');
    assert.equal(await zone.getAttribute('name'), 'time_zone');
    await visitCheck(page, 'account');

    await zone.selectOption('Asia/Seoul');
    await page.getByRole('button', { name: 'Save preferences' }).click();
    await expectFlash(page, 'Your preferences are saved.');
    assert.equal(await page.getByLabel('Show times in').inputValue(), 'Asia/Seoul');
    await visitCheck(page, 'account-time-zone-saved');

    // The incident page now shows Korean time, with UTC on hover.
    await openDemoIncident(page);
    const start = page.locator('time[datetime="2016-10-21T11:10:00Z"]').first();
    assert.equal((await start.innerText()).trim(), '2016-10-21 20:10 KST');
    assert.equal(await start.getAttribute('title'), '2016-10-21 11:10:00 UTC');
    const updates = page.getByRole('table', { name: 'Public updates in order' });
    assert.equal((await updates.locator('time').first().innerText()).trim(), '2016-10-21 20:12 KST');
    const lastEntryTime = entries(page).last().locator('.entry-meta time');
    assert.equal((await lastEntryTime.innerText()).trim(), '2016-10-22 07:17 KST', 'the date rolls over');
    assert.match((await shownCount(page)).line, /Times in Asia\/Seoul; hover for UTC\.$/);
    const shownTimes = await entries(page).locator('.entry-meta time').allInnerTexts();
    assert.ok(shownTimes.length > 0 && shownTimes.every((t) => / KST$/.test(t.trim())), 'every entry in KST');
    await visitCheck(page, 'incident-kst');

    // A token: created, shown once, listed, working, then revoked.
    await page.getByRole('link', { name: 'Account' }).click();
    await page.waitForURL((u) => u.pathname === '/account');
    await assert.doesNotReject(page.getByRole('heading', { level: 2, name: 'API tokens' }).waitFor());
    await page.getByLabel('New token for').fill('CI importer');
    await page.getByRole('button', { name: 'Create token' }).click();
    await assertHeading(page, 'New API token: CI importer');
    const token = (await page.locator('#new-token').innerText()).trim();
    assert.match(token, /^hs_[A-Za-z0-9_-]{20,}$/, `token ${token}`);
    await visitCheck(page, 'token-created');

    const api = (bearer) =>
      fetch(`${server.baseUrl}/api/v1/incidents`, { headers: { Authorization: `Bearer ${bearer}` } });
    assert.equal((await api(token)).status, 200, 'the new token reads the API');

    await page.getByRole('link', { name: 'Back to your account' }).click();
    await page.waitForURL((u) => u.pathname === '/account');
    const tokens = page.getByRole('table', { name: 'Your API tokens' });
    const row = tokens.getByRole('row').filter({ hasText: 'CI importer' });
    assert.equal(await row.count(), 1, 'the token is listed');
    assert.match(await row.innerText(), /KST/, 'its creation time is in the chosen zone');
    await visitCheck(page, 'account-with-token');

    // Revoking asks first (window.confirm); saying no keeps the token.
    const revoke = row.getByRole('button', { name: 'Revoke CI importer' });
    const answerNextDialog = (accept) =>
      new Promise((resolve) => {
        page.once('dialog', async (dialog) => {
          const asked = `${dialog.type()}: ${dialog.message()}`;
          if (accept) await dialog.accept();
          else await dialog.dismiss();
          resolve(asked);
        });
      });
    let asked = answerNextDialog(false);
    await revoke.click();
    assert.equal(await asked, 'confirm: Revoke the token CI importer?');
    await page.waitForLoadState();
    assert.equal(pathOf(page), '/account', 'still on the account page');
    assert.equal(await tokens.getByRole('row').filter({ hasText: 'CI importer' }).count(), 1, 'not revoked');
    assert.equal((await api(token)).status, 200, 'the token still works');

    asked = answerNextDialog(true);
    await revoke.click();
    assert.equal(await asked, 'confirm: Revoke the token CI importer?', 'asked again');
    await expectFlash(page, 'Token revoked. Programs using it can no longer sign in.');
    assert.equal(await page.getByRole('row').filter({ hasText: 'CI importer' }).count(), 0, 'no longer listed');
    assert.equal((await api(token)).status, 401, 'the revoked token is refused');
    await visitCheck(page, 'account-token-revoked');

    // Back to UTC.
    await page.getByLabel('Show times in').selectOption('UTC');
    await page.getByRole('button', { name: 'Save preferences' }).click();
    await expectFlash(page, 'Your preferences are saved.');
  });
});

test('the new pages run under the real Content-Security-Policy without errors', async () => {
  // Like csp.test.mjs, for the incident, import and token pages: no axe here, so the
  // context keeps the app's CSP. The edit <details>, the filter and the confirm dialog
  // must work without inline script.
  const context = await browser.newContext();
  const problems = [];
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || '(inline)'}`);
    });
  });
  const page = await context.newPage();
  page.on('console', (message) => {
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) {
      problems.push(`${page.url()}: console error: ${message.text()}`);
    }
  });
  page.on('pageerror', (error) => problems.push(`${page.url()}: script error: ${error.message}`));
  page.on('response', (response) => {
    if (response.status() >= 400 && new URL(response.url()).pathname !== '/favicon.ico') {
      problems.push(`${page.url()}: ${response.url()}: HTTP ${response.status()}`);
    }
  });
  const scriptsLoaded = async () => {
    await page.waitForLoadState('load');
    assert.equal(await page.evaluate(() => typeof window.htmx), 'object', `htmx on ${page.url()}`);
  };
  try {
    await signInAt(page, server.baseUrl, server.demo);
    await openDemoIncident(page);
    await scriptsLoaded();
    await formWithButton(page, 'Filter').getByLabel('Visibility').selectOption('public');
    await formWithButton(page, 'Filter').getByRole('button', { name: 'Filter' }).click();
    await page.waitForURL((u) => u.searchParams.get('visibility') === 'public');
    await scriptsLoaded();
    const publicEntries = await shownCount(page);
    assert.ok(publicEntries.shown > 0 && publicEntries.shown < publicEntries.total, publicEntries.line);
    assert.equal(
      await entries(page).filter({ has: page.getByText('public', { exact: true }) }).count(),
      publicEntries.shown,
      'every entry shown carries the "public" badge',
    );
    const first = entries(page).first();
    await first.getByText(/^Edit entry at /).click();
    await formWithButton(first, 'Save entry').waitFor({ state: 'visible' });
    await screenshot(page, 'csp-incident');

    await page.goto(`${server.baseUrl}/teams/${TEAM.slug}/import`);
    await scriptsLoaded();
    await page.getByLabel('Or paste the timeline').fill(
      'time,actor,kind,text\n2024-04-02T08:00:00Z,Bo,detection,Queue depth alarm\n',
    );
    await page.getByRole('button', { name: 'Preview import' }).click();
    await assertHeading(page, /^Preview: /);
    await scriptsLoaded();
    await screenshot(page, 'csp-import-preview');

    await page.goto(`${server.baseUrl}/account`);
    await page.getByLabel('New token for').fill('CSP check');
    await page.getByRole('button', { name: 'Create token' }).click();
    await assertHeading(page, 'New API token: CSP check');
    await page.getByRole('link', { name: 'Back to your account' }).click();
    await page.waitForURL((u) => u.pathname === '/account');
    await scriptsLoaded();
    const confirmed = new Promise((resolve) => {
      page.once('dialog', async (dialog) => {
        await dialog.accept();
        resolve(dialog.message());
      });
    });
    await page.getByRole('button', { name: 'Revoke CSP check' }).click();
    assert.equal(await confirmed, 'Revoke the token CSP check?', 'app.js asks under the real CSP');
    await expectFlash(page, 'Token revoked. Programs using it can no longer sign in.');
    await screenshot(page, 'csp-account-token-revoked');
  } catch (error) {
    await screenshot(page, 'failure').catch(() => {});
    throw error;
  } finally {
    await context.close();
  }
  assert.deepEqual(problems, [], `problems under the real CSP:\n${problems.join('\n')}`);
});

function currentUrl(page) {
  return new URL(page.url());
}
