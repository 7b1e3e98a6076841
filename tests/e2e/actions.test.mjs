// Action items in a real browser, against the --demo data: two items added from the demo
// incident's page (one owned by the demo administrator and overdue, one with neither owner
// nor due date), an item's page (status, tracker link, history, won't do without a reason),
// the filtered list with its pager and CSV download, the team board, the team and personal
// dashboards with their charts, and the account's calendar feed.
// Every page visited is screenshotted and checked with axe-core.
//
// The tests share one server and run in order, each on its own signed-in browser context;
// later ones work on the items the first one adds. Should a step fail, the steps that
// depend on it are skipped, naming it. `fixed` tests check things the app once got wrong.

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
  storySteps,
  assertHeading,
} from './helpers.mjs';

const TEAM = { slug: 'demo', name: 'Demo team' };
const DEMO_INCIDENT = 'DDoS attack against Managed DNS';
const ADMIN_NAME = 'Demo Admin';

/** Owned by the demo administrator and due long ago: overdue. */
const OVERDUE = {
  title: 'Rate-limit DNS queries per source network',
  type: 'prevent',
  owner: ADMIN_NAME,
  priority: 'P1',
  due: '2020-01-15',
};
/** No owner, no due date; marked done below. */
const UNOWNED = {
  title: 'Write a runbook for moving traffic to the backup PoPs',
  type: 'process',
  owner: '',
  priority: 'P3',
  due: '',
};
const TRACKER_LINK = 'https://tracker.example.com/browse/OPS-42';

const CSV_HEADER = 'id,team,incident,title,type,owner,priority,due_date,status';

let server;
let browser;

/** Ids of the items the first test adds: { overdue, unowned }. */
const ids = {};

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
 * A failure leaves a screenshot, except in `fixed` tests (`failureShot: false`).
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

const step = storySteps({ around: withDemoPage });

/** A check of something the app once got wrong (`why` says what), now an ordinary test. */
function fixed(name, why, body) {
  test(name, async (t) => {
    if (step.failed()) {
      t.skip(`an earlier step failed: ${step.failed()}`);
      return;
    }
    await withDemoPage(body, { failureShot: false });
  });
}

/** Waits for the flash notice with exactly this text. */
async function expectFlash(page, text) {
  const flash = page.getByRole('status').filter({ hasText: text });
  await assert.doesNotReject(flash.waitFor(), `flash "${text}" on ${page.url()}`);
  assert.equal((await flash.innerText()).trim(), text);
  await page.waitForLoadState();
}

function escapeRegExp(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The value (<dd>) next to a statistic's name (<dt>) in the page's dl.stats. */
async function statistic(page, name) {
  const term = page.getByRole('term').filter({ hasText: new RegExp(`^${escapeRegExp(name)}$`) });
  assert.equal(await term.count(), 1, `one statistic named "${name}" on ${page.url()}`);
  return (await term.locator('xpath=following-sibling::dd[1]').innerText()).trim();
}

/** Every statistic of the page's dl.stats, as { name: value }. */
async function statistics(page) {
  return page.locator('dl.stats').first().evaluate((dl) =>
    Object.fromEntries(
      [...dl.querySelectorAll('dt')].map((dt) => [
        dt.textContent.trim(),
        dt.nextElementSibling.textContent.trim(),
      ]),
    ),
  );
}

function itemPath(id) {
  return `/teams/${TEAM.slug}/actions/${id}`;
}

const ITEM_PATH_RE = new RegExp(`^/teams/${TEAM.slug}/actions/(\\d+)$`);

async function openDemoIncident(page) {
  await page.goto(`${server.baseUrl}/teams/${TEAM.slug}`);
  await page.getByRole('link', { name: DEMO_INCIDENT }).click();
  await page.waitForURL((url) => /^\/teams\/demo\/incidents\/\d+$/.test(url.pathname));
  await assertHeading(page, DEMO_INCIDENT);
}

/** The "History" list of an item's page, one trimmed text per entry. */
async function history(page) {
  const items = page.locator('ol.timeline').getByRole('listitem');
  return (await items.locator('p').allInnerTexts()).map((t) => t.trim().replace(/\s+/g, ' '));
}

/** Adds an item with the incident page's form; resolves to its id, on its page. */
async function addItem(page, item) {
  const section = page.locator('details').filter({ hasText: 'Add an action item' });
  const form = formWithButton(section, 'Add action item');
  if (!(await form.isVisible())) {
    await section.getByText('Add an action item', { exact: true }).click();
    await form.waitFor({ state: 'visible' });
  }
  await form.getByLabel('What will we do?').fill(item.title);
  await form.getByLabel('Type').selectOption(item.type);
  if (item.owner) await form.getByLabel('Owner').selectOption({ label: item.owner });
  else assert.equal(await form.getByLabel('Owner').inputValue(), '', 'the owner starts as "Nobody yet"');
  await form.getByLabel('Priority').selectOption(item.priority);
  if (item.due) await form.getByLabel('Due date').fill(item.due);
  await form.getByRole('button', { name: 'Add action item' }).click();
  await page.waitForURL((url) => ITEM_PATH_RE.test(url.pathname));
  await expectFlash(page, 'Action item added.');
  await assertHeading(page, item.title);
  return Number(ITEM_PATH_RE.exec(pathOf(page))[1]);
}

/** The rows of the list page's table body, one trimmed text per cell. */
async function listRows(page) {
  const table = page.getByRole('table');
  if ((await table.count()) === 0) return [];
  return table.locator('tbody tr').evaluateAll((rows) =>
    rows.map((row) => [...row.cells].map((cell) => cell.textContent.trim())),
  );
}

/** Submits the list page's filter form with these choices and waits for the new list. */
async function filterList(page, choices, { overdue = false } = {}) {
  const form = formWithButton(page, 'Show');
  for (const [label, value] of Object.entries(choices)) {
    const field = form.getByLabel(label, { exact: true });
    if ((await field.evaluate((el) => el.tagName)) === 'SELECT') {
      await field.selectOption(typeof value === 'string' ? { label: value } : value);
    } else {
      await field.fill(value);
    }
  }
  await form.getByLabel('Overdue only').setChecked(overdue);
  const before = page.url();
  await form.getByRole('button', { name: 'Show' }).click();
  await page.waitForURL((url) => url.href !== before && url.pathname === '/actions');
  await page.waitForLoadState();
}

/** RFC 5545 content lines, unfolded (a line break followed by a space continues a line). */
function unfold(ics) {
  return ics.replace(/\r\n[ \t]/g, '').split('\r\n').filter((line) => line !== '');
}

step('two action items are added from the incident page', async (page) => {
  await openDemoIncident(page);
  const heading = page.locator('h2#actions');
  assert.equal((await heading.innerText()).trim(), 'Action items');
  await assert.doesNotReject(page.getByText('No action items yet.').waitFor(), 'the demo has no items');

  const details = page.locator('details').filter({ hasText: 'Add an action item' });
  const form = formWithButton(details, 'Add action item');
  assert.equal(await form.isVisible(), false, 'the form starts folded');
  await details.getByText('Add an action item', { exact: true }).click();
  await form.waitFor({ state: 'visible' });
  assert.equal(await form.getByLabel('Priority').inputValue(), 'P2', 'P2 is the default priority');
  assert.deepEqual(
    await form.getByLabel('Type').locator('option').allInnerTexts(),
    ['prevent', 'mitigate', 'detect', 'process', 'communicate'],
  );
  assert.deepEqual(
    (await form.getByLabel('Owner').locator('option').allInnerTexts()).map((t) => t.trim()),
    ['Nobody yet', ADMIN_NAME],
  );
  assert.equal(await form.getByLabel('Due date').getAttribute('type'), 'date');
  await screenshot(page, 'incident-add-action-open');
  await checkA11y(page, 'incident page with the action item form open');

  ids.overdue = await addItem(page, OVERDUE);
  assert.deepEqual(await statistics(page), {
    Status: 'Open',
    Owner: ADMIN_NAME,
    Due: OVERDUE.due,
    Priority: OVERDUE.priority,
    Type: OVERDUE.type,
  });
  const breadcrumb = page.locator('p.muted').first();
  assert.equal(await breadcrumb.getByRole('link', { name: DEMO_INCIDENT }).getAttribute('href'), '/teams/demo/incidents/1');
  assert.deepEqual(await history(page), ['Created.']);
  await visitCheck(page, 'item-overdue-added');

  await page.getByRole('link', { name: DEMO_INCIDENT }).click();
  await page.waitForURL((url) => url.pathname === '/teams/demo/incidents/1');
  ids.unowned = await addItem(page, UNOWNED);
  assert.notEqual(ids.unowned, ids.overdue);
  assert.deepEqual(await statistics(page), {
    Status: 'Open',
    Owner: 'Nobody yet',
    Due: '—',
    Priority: UNOWNED.priority,
    Type: UNOWNED.type,
  });
  await visitCheck(page, 'item-unowned-added');

  // The incident lists both, oldest first, with what matters at a glance.
  await openDemoIncident(page);
  const list = page.locator('h2#actions + ul').getByRole('listitem');
  assert.deepEqual(
    (await list.allInnerTexts()).map((t) => t.trim()),
    [
      `${OVERDUE.title} — Open, P1, ${ADMIN_NAME}, due ${OVERDUE.due}`,
      `${UNOWNED.title} — Open, P3`,
    ],
  );
  assert.equal(
    await list.getByRole('link', { name: OVERDUE.title }).getAttribute('href'),
    itemPath(ids.overdue),
  );
  assert.equal(
    await list.getByRole('link', { name: UNOWNED.title }).getAttribute('href'),
    itemPath(ids.unowned),
  );
  await page.locator('h2#actions').scrollIntoViewIfNeeded();
  await visitCheck(page, 'incident-with-actions');
});

step("an item's page: done with a tracker link, its history, and won't do needs a reason", async (page) => {
  await page.goto(`${server.baseUrl}${itemPath(ids.unowned)}`);
  await assertHeading(page, UNOWNED.title);
  const change = formWithButton(page, 'Save changes');
  assert.equal(await change.getByLabel('Title').inputValue(), UNOWNED.title);
  assert.equal(await change.getByLabel('Status').inputValue(), 'open');
  assert.deepEqual(
    await change.getByLabel('Status').locator('option').allInnerTexts(),
    ['Open', 'In progress', 'Done', "Won't do"],
  );
  assert.equal(await change.getByLabel('Owner').inputValue(), '');
  assert.equal(await change.getByLabel('Priority').inputValue(), UNOWNED.priority);
  assert.equal(await change.getByLabel('Type').inputValue(), UNOWNED.type);
  assert.equal(await change.getByLabel('Link to the issue tracker').inputValue(), '');
  await visitCheck(page, 'item-page');

  // Done, with a link to the tracker and a description.
  await change.getByLabel('Description').fill('Step by step, with the commands and who to tell.');
  await change.getByLabel('Status').selectOption('done');
  await change.getByLabel('Link to the issue tracker').fill(TRACKER_LINK);
  await change.getByRole('button', { name: 'Save changes' }).click();
  await expectFlash(page, 'Saved.');
  assert.equal(pathOf(page), itemPath(ids.unowned));
  assert.equal(await statistic(page, 'Status'), 'Done');
  const tracked = page.getByRole('link', { name: TRACKER_LINK });
  assert.equal(await tracked.getAttribute('href'), TRACKER_LINK);
  assert.match(await tracked.getAttribute('rel'), /noopener/);
  assert.equal(
    (await page.locator('p.entry-text').innerText()).trim(),
    'Step by step, with the commands and who to tell.',
    'the description is shown',
  );
  assert.equal(await formWithButton(page, 'Save changes').getByLabel('Status').inputValue(), 'done');

  const changes = await history(page);
  assert.equal(changes[0], 'Created.');
  assert.ok(changes.includes('Changed status from Open to Done.'), `history: ${JSON.stringify(changes)}`);
  assert.ok(changes.includes(`Changed link from — to ${TRACKER_LINK}.`), `history: ${JSON.stringify(changes)}`);
  assert.ok(
    changes.some((c) => /^Changed description from (— )?to Step by step/.test(c)),
    `history: ${JSON.stringify(changes)}`,
  );
  assert.equal(changes.length, 4, `three changes after "Created.": ${JSON.stringify(changes)}`);
  const lastEntry = page.locator('ol.timeline > li').last();
  assert.match(await lastEntry.locator('.entry-meta').innerText(), new RegExp(`UTC\\s*${ADMIN_NAME}`));
  assert.match(await lastEntry.locator('time').getAttribute('datetime'), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  await visitCheck(page, 'item-done');

  // Won't do without a reason: the page comes back with the error beside the reason.
  const again = formWithButton(page, 'Save changes');
  await again.getByLabel('Status').selectOption('wont_do');
  assert.equal(await again.getByLabel("Reason (needed for won't do)").inputValue(), '');
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === itemPath(ids.unowned)),
    again.getByRole('button', { name: 'Save changes' }).click(),
  ]);
  assert.equal(response.status(), 422, 'the form is answered with 422');
  await page.waitForLoadState();
  const fieldError = page.locator('.field-error');
  await assert.doesNotReject(fieldError.waitFor(), 'a field error is shown');
  assert.match(await fieldError.innerText(), /Say why/);
  const reason = formWithButton(page, 'Save changes').getByLabel("Reason (needed for won't do)");
  assert.equal(await reason.getAttribute('aria-invalid'), 'true', 'the reason is marked invalid');
  assert.equal(await statistic(page, 'Status'), 'Done', 'nothing was changed');
  assert.equal((await history(page)).length, 4, 'no new history entry');
  await visitCheck(page, 'item-wont-do-without-reason');

  // The same page in the dark colour scheme.
  await page.emulateMedia({ colorScheme: 'dark' });
  const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  assert.equal(background, 'rgb(21, 23, 27)', 'body uses the dark background (#15171b)');
  await screenshot(page, 'item-wont-do-without-reason-dark');
  await checkA11y(page, "item page with the won't do error (dark colour scheme)");
  await page.emulateMedia({ colorScheme: 'light' });
});

fixed(
  "the won't do error is tied to the reason field (aria-describedby), as on the app's other forms",
  'src/actions/views.rs: #action-reason has no aria-describedby pointing at its p.field-error',
  async (page) => {
    await page.goto(`${server.baseUrl}${itemPath(ids.unowned)}`);
    const form = formWithButton(page, 'Save changes');
    await form.getByLabel('Status').selectOption('wont_do');
    await form.getByRole('button', { name: 'Save changes' }).click();
    await page.locator('.field-error').waitFor();
    const reason = formWithButton(page, 'Save changes').getByLabel("Reason (needed for won't do)");
    const describedBy = await reason.getAttribute('aria-describedby');
    assert.ok(describedBy, '#action-reason has an aria-describedby');
    const description = await page.evaluate(
      (list) => list.split(/\s+/).map((id) => document.getElementById(id)?.textContent ?? '').join(' '),
      describedBy,
    );
    assert.match(description, /Say why/, 'its description is the error');
  },
);

fixed(
  "after the won't do error the form still says Won't do, as it was sent",
  'src/actions/routes.rs update_action re-renders the form from the stored item, not from the form sent: the status goes back to the saved one (and other edits of the same post are lost)',
  async (page) => {
    await page.goto(`${server.baseUrl}${itemPath(ids.unowned)}`);
    const form = formWithButton(page, 'Save changes');
    await form.getByLabel('Status').selectOption('wont_do');
    await form.getByLabel('Priority').selectOption('P2');
    await form.getByRole('button', { name: 'Save changes' }).click();
    await page.locator('.field-error').waitFor();
    const again = formWithButton(page, 'Save changes');
    assert.equal(await again.getByLabel('Status').inputValue(), 'wont_do', 'the status chosen');
    assert.equal(await again.getByLabel('Priority').inputValue(), 'P2', 'the priority chosen');
  },
);

fixed(
  'the due date and tracker link fields are styled like the other fields',
  'assets/style.css:130 lists input types text, email, password, search, number, datetime-local and file, but not date or url: those fields keep the browser look (the link field is about 180 px wide in 13 px type and cuts the address)',
  async (page) => {
    await page.goto(`${server.baseUrl}${itemPath(ids.unowned)}`);
    const style = (selector) =>
      page.locator(selector).evaluate((el) => {
        const s = getComputedStyle(el);
        return {
          width: Math.round(el.getBoundingClientRect().width),
          padding: s.padding,
          border: `${s.borderTopWidth} ${s.borderTopStyle} ${s.borderTopColor}`,
          radius: s.borderTopLeftRadius,
          fontSize: s.fontSize,
        };
      });
    const title = await style('#action-title');
    assert.deepEqual(await style('#action-link'), title, 'the link field looks like the title field');
    const { width, ...due } = await style('#action-due');
    const { width: _titleWidth, ...titleLook } = title;
    assert.deepEqual(due, titleLook, 'the due date field looks like the title field');
  },
);

fixed(
  'an empty old description shows as "—" in the history, like an empty link',
  'src/actions/views.rs action_page: `shown` prints Some("") as an empty <strong>, so the entry reads "Changed description from to …"',
  async (page) => {
    await page.goto(`${server.baseUrl}${itemPath(ids.unowned)}`);
    const entry = (await history(page)).find((c) => c.startsWith('Changed description'));
    assert.ok(entry, 'the description change is listed');
    assert.match(entry, /^Changed description from — to Step by step/);
  },
);

fixed(
  'a tracker link the server refuses (ftp://) says why on the page',
  "src/actions/views.rs action_page shows a field error only for \"reason\"; FormError::summary skips errors with a field, so the external_url error is shown nowhere",
  async (page) => {
    await page.goto(`${server.baseUrl}${itemPath(ids.overdue)}`);
    const form = formWithButton(page, 'Save changes');
    // A valid URL for the browser's type=url check, refused by parse_external_url.
    await form.getByLabel('Link to the issue tracker').fill('ftp://tracker.example.com/OPS-43');
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST'),
      form.getByRole('button', { name: 'Save changes' }).click(),
    ]);
    assert.equal(response.status(), 422, 'the server refuses the link');
    await page.waitForLoadState();
    await assert.doesNotReject(
      page.getByText(/The link must be an http or https address/).waitFor({ timeout: 2_000 }),
      'the reason is shown',
    );
  },
);

step('/actions: my open items, filters, overdue only, the pager and the CSV download', async (page) => {
  await page.getByRole('link', { name: 'Action items', exact: true }).click();
  await page.waitForURL((url) => url.pathname === '/actions');
  await assertHeading(page, 'My open action items');
  // Only the overdue item is the administrator's and still open.
  let rows = await listRows(page);
  assert.deepEqual(rows, [
    [OVERDUE.title, DEMO_INCIDENT, ADMIN_NAME, 'Open', 'P1', `${OVERDUE.due} (overdue)`, OVERDUE.type],
  ]);
  const dueCell = page.getByRole('table').locator('tbody td.over-target');
  assert.equal(await dueCell.count(), 1, 'the overdue date is marked');
  assert.equal(
    await page.getByRole('table').getByRole('link', { name: OVERDUE.title }).getAttribute('href'),
    itemPath(ids.overdue),
  );
  const form = formWithButton(page, 'Show');
  assert.equal(await form.getAttribute('method'), 'get');
  assert.equal(await form.getByLabel('Owner').inputValue(), 'me');
  assert.equal(await form.getByLabel('Status').inputValue(), 'open');
  assert.equal(await form.getByLabel('Overdue only').isChecked(), false);
  await visitCheck(page, 'list-mine');

  // Anyone's, any status: both items, the done one too.
  await filterList(page, { Team: TEAM.name, Owner: 'Anyone', Status: 'Any', 'Sort by': 'Priority' });
  await assertHeading(page, 'Action items');
  let url = new URL(page.url());
  assert.equal(url.searchParams.get('team'), TEAM.slug);
  assert.equal(url.searchParams.get('sort'), 'priority');
  rows = await listRows(page);
  assert.deepEqual(
    rows.map((r) => [r[0], r[2], r[3], r[4], r[5]]),
    [
      [OVERDUE.title, ADMIN_NAME, 'Open', 'P1', `${OVERDUE.due} (overdue)`],
      [UNOWNED.title, '—', 'Done', 'P3', '—'],
    ],
  );
  await visitCheck(page, 'list-everything');

  // By type.
  await filterList(page, { Type: { value: 'process' } });
  assert.deepEqual((await listRows(page)).map((r) => r[0]), [UNOWNED.title]);

  // Overdue only: the done item, with no due date, is left out.
  await filterList(page, { Type: 'Any' }, { overdue: true });
  url = new URL(page.url());
  assert.equal(url.searchParams.get('overdue'), 'true');
  rows = await listRows(page);
  assert.deepEqual(rows.map((r) => r[0]), [OVERDUE.title], 'only the overdue item');
  assert.equal(await formWithButton(page, 'Show').getByLabel('Overdue only').isChecked(), true, 'the box stays ticked');
  await visitCheck(page, 'list-overdue-only');

  // Due dates: a range around the overdue item's date, then one without it.
  await filterList(page, { 'Due from': '2020-01-01', 'Due until': '2020-01-31' });
  assert.deepEqual((await listRows(page)).map((r) => r[0]), [OVERDUE.title]);
  assert.equal(await formWithButton(page, 'Show').getByLabel('Due from').inputValue(), '2020-01-01');
  await filterList(page, { 'Due from': '2020-02-01', 'Due until': '' });
  assert.deepEqual(await listRows(page), []);
  await assert.doesNotReject(page.getByText('No action items match.').waitFor());
  await visitCheck(page, 'list-nothing-matches');
  await filterList(page, { 'Due from': '', 'Due until': '' }, { overdue: true });

  // The CSV of this view: the same filters, the same item.
  const csvLink = page.getByRole('link', { name: 'Download this view as CSV' });
  const href = await csvLink.getAttribute('href');
  assert.match(href, /^\/actions\.csv\?/);
  const csvQuery = new URL(href, page.url()).searchParams;
  assert.equal(csvQuery.get('overdue'), 'true');
  assert.equal(csvQuery.get('team'), TEAM.slug);
  const csv = await page.request.get(new URL(href, page.url()).href);
  assert.equal(csv.status(), 200);
  assert.match(csv.headers()['content-type'], /^text\/csv/);
  assert.match(csv.headers()['content-disposition'] ?? '', /attachment/);
  const lines = (await csv.text()).split(/\r?\n/).filter((line) => line !== '');
  assert.equal(lines[0], CSV_HEADER, 'the header row');
  assert.equal(lines.length, 2, `one item: ${JSON.stringify(lines)}`);
  assert.equal(
    lines[1],
    `${ids.overdue},${TEAM.slug},${DEMO_INCIDENT},${OVERDUE.title},${OVERDUE.type},${ADMIN_NAME},P1,${OVERDUE.due},open`,
  );

  // The pager: one page of two items has no next page; page 2 leads back.
  const pager = page.getByRole('navigation', { name: 'Pages' });
  assert.equal(await pager.getByRole('link').count(), 0, 'no other page');
  await page.goto(`${server.baseUrl}/actions?team=${TEAM.slug}&page=2`);
  await assertHeading(page, 'Action items');
  assert.deepEqual(await listRows(page), []);
  const previous = page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: '← Previous' });
  assert.match(await previous.getAttribute('href'), /^\/actions\?team=demo&sort=due&page=1$/);
  assert.equal(await page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: 'Next →' }).count(), 0);
  await visitCheck(page, 'list-page-2');
  await previous.click();
  await page.waitForURL((u) => u.searchParams.get('page') === '1');
  assert.equal((await listRows(page)).length, 2);
});

step('the team board: columns by status, and an item moved to In progress', async (page) => {
  await page.goto(`${server.baseUrl}/teams/${TEAM.slug}/actions`);
  await assertHeading(page, `Action items of ${TEAM.name}`);
  const columns = page.getByRole('heading', { level: 2 });
  assert.deepEqual(
    (await columns.allInnerTexts()).map((t) => t.trim()),
    ['Open (1)', 'In progress (0)', 'Done (1)', "Won't do (0)"],
  );
  const column = (name) => page.getByRole('region', { name: new RegExp(`^${escapeRegExp(name)} \\(\\d+\\)$`) });
  assert.equal(await column('Open').getByRole('listitem').count(), 1);
  await assert.doesNotReject(column('Open').getByRole('link', { name: OVERDUE.title }).waitFor());
  await assert.doesNotReject(column('Done').getByRole('link', { name: UNOWNED.title }).waitFor());
  assert.match(
    await column('Open').getByRole('listitem').innerText(),
    new RegExp(`P1 · ${ADMIN_NAME} · due ${OVERDUE.due}`),
  );
  const links = page.locator('p').filter({ hasText: 'List with filters' });
  assert.equal(await links.getByRole('link', { name: 'Overdue' }).getAttribute('href'), '/actions?team=demo&overdue=true');
  await visitCheck(page, 'board');

  const select = page.getByLabel(`Status of ${OVERDUE.title}`);
  assert.equal(await select.inputValue(), 'open');
  assert.deepEqual(await select.locator('option').allInnerTexts(), ['Open', 'In progress', 'Done']);
  await select.selectOption({ label: 'In progress' });
  await page.getByRole('button', { name: `Save changes to ${OVERDUE.title}` }).click();
  await expectFlash(page, `${OVERDUE.title}: In progress.`);
  assert.equal(pathOf(page), `/teams/${TEAM.slug}/actions`);
  assert.deepEqual(
    (await columns.allInnerTexts()).map((t) => t.trim()),
    ['Open (0)', 'In progress (1)', 'Done (1)', "Won't do (0)"],
  );
  await assert.doesNotReject(column('In progress').getByRole('link', { name: OVERDUE.title }).waitFor());
  assert.equal(await page.getByLabel(`Status of ${OVERDUE.title}`).inputValue(), 'in_progress');
  await visitCheck(page, 'board-moved');

  // Owner and due date change in place too (htmx swaps the board; no page load).
  const marker = await page.evaluate(() => (window.__sameDocument = Math.random()));
  await page.getByLabel(`Owner of ${OVERDUE.title}`).selectOption({ label: 'Nobody yet' });
  await page.getByLabel(`Due date of ${OVERDUE.title}`).fill('2099-03-04');
  await page.getByRole('button', { name: `Save changes to ${OVERDUE.title}` }).click();
  await expectFlash(page, `${OVERDUE.title}: In progress.`);
  await page.waitForFunction(
    (title) => [...document.querySelectorAll('#board li')].some((li) => li.innerText.includes(title) && li.innerText.includes('no owner · due 2099-03-04')),
    OVERDUE.title,
  );
  assert.equal(await page.evaluate(() => window.__sameDocument), marker, 'changed without reloading the page');
  assert.equal(await page.getByLabel(`Due date of ${OVERDUE.title}`).inputValue(), '2099-03-04');
  // …and back, so the steps below see the item as it was.
  await page.getByLabel(`Owner of ${OVERDUE.title}`).selectOption({ label: ADMIN_NAME });
  await page.getByLabel(`Due date of ${OVERDUE.title}`).fill(OVERDUE.due);
  await page.getByRole('button', { name: `Save changes to ${OVERDUE.title}` }).click();
  await page.waitForFunction(
    ([title, text]) => [...document.querySelectorAll('#board li')].some((li) => li.innerText.includes(title) && li.innerText.includes(text)),
    [OVERDUE.title, `${ADMIN_NAME} · due ${OVERDUE.due}`],
  );

  // The item's own page and history agree.
  await column('In progress').getByRole('link', { name: OVERDUE.title }).click();
  await page.waitForURL((u) => u.pathname === itemPath(ids.overdue));
  assert.equal(await statistic(page, 'Status'), 'In progress');
  const changes = await history(page);
  assert.deepEqual(changes.slice(0, 2), ['Created.', 'Changed status from Open to In progress.']);
  assert.equal(changes.length, 6, `owner and due date changed twice each: ${changes}`);
  await visitCheck(page, 'item-in-progress');
});

fixed(
  'the list\'s Status offers "Still to do" (open and in progress) and no second, ambiguous "Open"',
  'the Status select once had "Still to do" and "Open" with the same value',
  async (page) => {
    await page.goto(`${server.baseUrl}/actions?team=${TEAM.slug}`);
    const status = formWithButton(page, 'Show').getByLabel('Status');
    const options = (await status.locator('option').allInnerTexts()).map((t) => t.trim());
    assert.deepEqual(options, ['Any', 'Still to do', 'In progress', 'Done', "Won't do"]);
    await filterList(page, { Status: 'Still to do' });
    assert.equal(await formWithButton(page, 'Show').getByLabel('Status').evaluate((s) => s.selectedOptions[0].textContent), 'Still to do');
  },
);

step('the team dashboard: counts, charts and the items waiting longest', async (page) => {
  await page.goto(`${server.baseUrl}/teams/${TEAM.slug}/dashboard`);
  await assertHeading(page, `Follow-through of ${TEAM.name}`);
  assert.deepEqual(await statistics(page), {
    Open: '1',
    Overdue: '1',
    'Done in 30 days': '1',
    'Done in 90 days': '1',
    "Done, of the last 10 incidents' items": '50% of 2',
  });
  const overdue = page.getByRole('term').filter({ hasText: /^Overdue$/ }).locator('xpath=following-sibling::dd[1]');
  assert.match(await overdue.getAttribute('class'), /over-target/, 'the overdue count is marked');
  assert.equal(await page.getByRole('link', { name: 'See the items' }).getAttribute('href'), '/teams/demo/actions');

  const charts = page.locator('figure.chart');
  assert.deepEqual(
    (await charts.locator('figcaption').allInnerTexts()).map((t) => t.trim()),
    ['Open items by priority', 'Median days to close, by type', 'Median days to close, by priority'],
  );
  assert.equal(await charts.locator('svg[role="img"]').count(), 3, 'three SVG charts');
  for (const [name, bars] of [
    [/^Open items by priority: P1: 1\.0 items$/, 1],
    [/^Median days to close, by type: process: \d+\.\d days$/, 1],
    [/^Median days to close, by priority: P3: \d+\.\d days$/, 1],
  ]) {
    const chart = charts.getByRole('img', { name });
    assert.equal(await chart.count(), 1, `a chart named ${name}`);
    assert.equal(await chart.locator('rect.chart-bar').count(), bars);
    const box = await chart.boundingBox();
    assert.ok(box && box.width > 100 && box.height > 20, `the chart is drawn (${JSON.stringify(box)})`);
  }

  await assert.doesNotReject(page.getByRole('heading', { level: 2, name: 'Waiting longest' }).waitFor());
  const waiting = page.locator('h2:text-is("Waiting longest") + ol').getByRole('listitem');
  assert.deepEqual(
    (await waiting.allInnerTexts()).map((t) => t.trim()),
    [`${OVERDUE.title} — ${DEMO_INCIDENT}, ${ADMIN_NAME}, due ${OVERDUE.due}`],
  );
  await visitCheck(page, 'team-dashboard');

  // Charts and the overdue mark in the dark colour scheme.
  await page.emulateMedia({ colorScheme: 'dark' });
  assert.equal(await page.evaluate(() => getComputedStyle(document.body).backgroundColor), 'rgb(21, 23, 27)');
  await screenshot(page, 'team-dashboard-dark');
  await checkA11y(page, 'team dashboard (dark colour scheme)');
  await page.emulateMedia({ colorScheme: 'light' });
});

step('the dashboard across my teams', async (page) => {
  await page.getByRole('link', { name: 'Dashboard', exact: true }).click();
  await page.waitForURL((u) => u.pathname === '/dashboard');
  await assertHeading(page, 'Follow-through across your teams');
  assert.equal(await statistic(page, 'Open'), '1');
  assert.equal(await statistic(page, 'Overdue'), '1');
  assert.equal(await statistic(page, 'Done in 30 days'), '1');
  assert.equal(await page.locator('figure.chart svg[role="img"]').count(), 3);
  await assert.doesNotReject(page.getByRole('img', { name: /^Open items by priority: P1: 1\.0 items$/ }).waitFor());
  assert.equal(await page.getByRole('link', { name: 'See the items' }).getAttribute('href'), '/actions?status=open');
  await assert.doesNotReject(page.getByRole('link', { name: OVERDUE.title }).waitFor());
  await visitCheck(page, 'dashboard');
});

step('the calendar feed: made, fetched as iCalendar, and stopped', async (page) => {
  await page.getByRole('link', { name: 'Account' }).click();
  await page.waitForURL((u) => u.pathname === '/account');
  await assert.doesNotReject(page.getByRole('heading', { level: 2, name: 'Calendar feed' }).waitFor());
  assert.equal(await page.getByRole('button', { name: 'Stop the feed' }).count(), 0, 'no feed yet');
  await visitCheck(page, 'account-calendar');

  await page.getByRole('button', { name: 'Make a calendar address' }).click();
  await assertHeading(page, 'Your calendar feed');
  const url = (await page.locator('#calendar-url').innerText()).trim();
  assert.match(url, new RegExp(`^${escapeRegExp(server.baseUrl)}/calendar/[^/]+\\.ics$`), `address ${url}`);
  await visitCheck(page, 'calendar-address');

  const feed = await page.request.get(url);
  assert.equal(feed.status(), 200);
  assert.match(feed.headers()['content-type'], /^text\/calendar/);
  const text = await feed.text();
  const lines = unfold(text);
  assert.equal(lines[0], 'BEGIN:VCALENDAR');
  assert.equal(lines.at(-1), 'END:VCALENDAR');
  const events = text.match(/BEGIN:VEVENT/g) ?? [];
  assert.equal(events.length, 1, 'one event: the owned item with a due date (the other has neither)');
  const event = lines.slice(lines.indexOf('BEGIN:VEVENT'), lines.indexOf('END:VEVENT') + 1);
  assert.ok(event.includes('DTSTART;VALUE=DATE:20200115'), event.join('\n'));
  assert.ok(event.includes('DTEND;VALUE=DATE:20200116'), event.join('\n'));
  assert.ok(event.includes(`SUMMARY:Due (P1): ${OVERDUE.title}`), event.join('\n'));
  assert.ok(event.includes(`URL:${server.baseUrl}${itemPath(ids.overdue)}`), event.join('\n'));
  assert.ok(event.some((line) => line.startsWith(`UID:action-${ids.overdue}@`)), event.join('\n'));

  await page.getByRole('link', { name: 'Back to your account' }).click();
  await page.waitForURL((u) => u.pathname === '/account');
  await assert.doesNotReject(
    page.getByRole('button', { name: 'Make a new address (the old one stops working)' }).waitFor(),
  );
  const stop = page.getByRole('button', { name: 'Stop the feed' });
  await visitCheck(page, 'account-calendar-on');

  const asked = new Promise((resolve) => {
    page.once('dialog', async (dialog) => {
      const question = `${dialog.type()}: ${dialog.message()}`;
      await dialog.accept();
      resolve(question);
    });
  });
  await stop.click();
  assert.equal(await asked, 'confirm: Stop the calendar feed?');
  await expectFlash(page, 'The calendar feed is stopped.');
  assert.equal(pathOf(page), '/account');
  assert.equal(await page.getByRole('button', { name: 'Stop the feed' }).count(), 0);
  await assert.doesNotReject(page.getByRole('button', { name: 'Make a calendar address' }).waitFor());
  assert.equal((await page.request.get(url)).status(), 404, 'the old address no longer answers');
  await visitCheck(page, 'account-calendar-stopped');
});
