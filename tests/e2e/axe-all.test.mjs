// axe-core on every page type, in the light and the dark colour scheme: zero serious or
// critical violations allowed. One visit per page type (the first-run setup on a fresh
// database, everything else against the --demo data): the sign-in and password pages,
// teams, the incident page, every phase of a live retrospective, action items, boards and
// dashboards, the account, the admin pages, the review editor and its Korean translation,
// the public review site (index, page, thank-you, 410; in English and in Korean) and the
// error pages (404, 403).
//
// Every page is checked in both schemes and every failure is collected, so one run lists
// them all; the last test fails if there were any and prints the page types checked.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer,
  launchBrowser,
  newAxeContext,
  checkA11y,
  screenshot,
  pathOf,
  formWithButton,
  signInAt,
  createFirstAdmin,
  trackLiveStreams,
  markDocument,
  waitForLive,
} from './helpers.mjs';

const TEAM = { slug: 'demo', name: 'Demo team' };
const DEMO_INCIDENT = 'DDoS attack against Managed DNS';
const OTHER = { name: 'Axe Member', email: 'axe@example.com', password: 'a long member password here' };
const SCHEMES = ['light', 'dark'];

let server;
let browser;
/** The demo administrator's context and page. */
let adminContext;
let admin;

/** { type, path, status } of every page type checked, in order. */
const checked = [];
/** Failures (axe or reaching the page), in order. */
const failures = [];

before(async () => {
  // Email on (towards a port nothing listens on), so the subscription pages exist.
  server = await startServer({
    demo: true,
    extraArgs: [
      '--public-url', 'http://reviews.example',
      '--smtp-url', 'smtp://127.0.0.1:9',
      '--mail-from', 'Hindsight <reviews@example.com>',
    ],
  });
  assert.ok(server.demo, `no demo sign-in line on stdout:\n${server.stdout()}`);
  browser = await launchBrowser();
  adminContext = await newAxeContext(browser);
  await trackLiveStreams(adminContext);
  admin = await adminContext.newPage();
  admin.on('dialog', (dialog) => dialog.accept().catch(() => {}));
});

after(async () => {
  await adminContext?.close();
  await browser?.close();
  await server?.stop();
});

/**
 * Runs axe on the page as it is, in both colour schemes, and records the page type. A
 * violation is recorded, not thrown, so every page still gets its check.
 */
async function checkType(page, type, { status = null } = {}) {
  const path = pathOf(page);
  checked.push({ type, path, status });
  for (const scheme of SCHEMES) {
    await page.emulateMedia({ colorScheme: scheme });
    await screenshot(page, `${type}-${scheme}`);
    try {
      await checkA11y(page, `${type} in ${scheme} (${path})`);
    } catch (error) {
      failures.push(error.message);
      console.log(error.message);
    }
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

/** Opens `path` and checks it; `expectStatus` is the HTTP status the page must answer. */
async function visitType(page, type, path, { expectStatus = 200 } = {}) {
  const response = await page.goto(`${server.baseUrl}${path}`);
  assert.equal(response.status(), expectStatus, `GET ${path}`);
  await checkType(page, type, { status: response.status() });
}

/** A group of page types: a failure to reach a page is recorded and the group goes on. */
function group(name, body) {
  test(name, async () => {
    try {
      await body();
    } catch (error) {
      failures.push(`${name}: ${error.message}`);
      await screenshot(admin, 'failure').catch(() => {});
      throw error;
    }
  });
}

const state = {};

group('first-run setup (a fresh database)', async () => {
  const fresh = await startServer();
  const context = await newAxeContext(browser);
  try {
    assert.ok(fresh.setupUrl, 'a fresh database prints a setup link');
    const page = await context.newPage();
    await page.goto(fresh.setupUrl);
    await checkType(page, 'setup');
    // The setup form with its errors: passwords that do not match.
    await page.getByLabel('Your name').fill('First Admin');
    await page.getByLabel('Email').fill('first@example.com');
    await page.getByLabel(/^Password(?! again)/).fill('a long first password');
    await page.getByLabel('Password again').fill('not the same password');
    await page.getByRole('button', { name: 'Create administrator' }).click();
    await page.waitForLoadState();
    await checkType(page, 'setup with field errors');
    await createFirstAdmin(page, { name: 'First Admin', email: 'first@example.com', password: 'a long first password' });
    await page.waitForURL((url) => url.pathname !== '/setup');
    await checkType(page, 'team list, empty (first admin)');
  } finally {
    await context.close();
    await fresh.stop();
  }
});

group('signing in and the pages anyone can see', async () => {
  const context = await newAxeContext(browser);
  try {
    const page = await context.newPage();
    await visitType(page, 'sign in', '/login');
    await page.getByLabel('Email').fill(server.demo.email);
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForLoadState();
    await checkType(page, 'sign in with an error');
    await visitType(page, 'public review index, empty', '/reviews');
    await visitType(page, 'not found (404), signed out', '/no-such-page', { expectStatus: 404 });
  } finally {
    await context.close();
  }
  await signInAt(admin, server.baseUrl, server.demo);
});

group('teams, the incident page, import and templates', async () => {
  await visitType(admin, 'team list', '/teams');
  await visitType(admin, 'team page', `/teams/${TEAM.slug}`);
  await admin.getByRole('link', { name: DEMO_INCIDENT }).first().click();
  await admin.waitForURL((url) => /^\/teams\/demo\/incidents\/\d+$/.test(url.pathname));
  state.incidentPath = pathOf(admin);
  // Open every <details> so the forms inside are checked too.
  await admin.evaluate(() => document.querySelectorAll('details').forEach((d) => { d.open = true; }));
  await checkType(admin, 'incident page (details open)');
  await visitType(admin, 'timeline import', `/teams/${TEAM.slug}/import`);
  await visitType(admin, 'retro templates', `/teams/${TEAM.slug}/templates`);
});

group('people: a new account, its password link, team membership', async () => {
  await visitType(admin, 'admin: people', '/admin/users');
  const add = formWithButton(admin, 'Create account');
  await add.getByLabel('Name', { exact: true }).fill(OTHER.name);
  await add.getByLabel('Email', { exact: true }).fill(OTHER.email);
  await add.getByRole('button', { name: 'Create account' }).click();
  await admin.locator('.secret-link a').waitFor();
  await checkType(admin, 'admin: account created (password link)');
  const href = await admin.locator('.secret-link a').getAttribute('href');

  const context = await newAxeContext(browser);
  try {
    const page = await context.newPage();
    await page.goto(new URL(href, server.baseUrl).href);
    await checkType(page, 'set a password (reset link)');
    await page.getByLabel(/^New password(?! again)/).fill(OTHER.password);
    await page.getByLabel('New password again').fill(OTHER.password);
    await page.getByRole('button', { name: 'Save password' }).click();
    await page.waitForURL((url) => url.pathname === '/login');
  } finally {
    await context.close();
  }

  await admin.goto(`${server.baseUrl}/teams/${TEAM.slug}`);
  await admin.getByLabel('Email of their account').fill(OTHER.email);
  await admin.getByRole('button', { name: 'Add member' }).click();
  await admin.waitForLoadState();
  await admin.getByRole('table', { name: `Members of ${TEAM.name}` }).getByRole('cell', { name: OTHER.email }).waitFor();
});

/** The facilitator moves the meeting to `phase` and waits for the new page's stream. */
async function toPhase(phase) {
  await markDocument(admin);
  await admin.getByRole('button', { name: `Next: ${phase}`, exact: true }).click();
  await waitForLive(admin, { what: `the meeting in ${phase}` });
  assert.equal((await admin.locator('#phase-title').innerText()).trim(), phase);
}

/** Submits the form of `button` on the meeting page and waits until it is live again. */
async function submitLive(button) {
  await markDocument(admin);
  await button.click();
  await waitForLive(admin);
}

group('the live retrospective, in every phase', async () => {
  await admin.goto(`${server.baseUrl}${state.incidentPath}`);
  await admin.getByText('Start a retrospective', { exact: true }).click();
  await markDocument(admin);
  await formWithButton(admin, 'Start retrospective').getByRole('button', { name: 'Start retrospective' }).click();
  await waitForLive(admin);
  state.retroPath = pathOf(admin);
  await checkType(admin, 'retro: Prepare');

  await toPhase('Timeline');
  await admin.evaluate(() => document.querySelectorAll('#board details').forEach((d) => { d.open = true; }));
  await checkType(admin, 'retro: Timeline (question forms open)');

  await toPhase('Reflect');
  const column = admin.locator('section.prompt').first();
  await column.getByRole('textbox').fill('Paging reached the on-call engineer within a minute.');
  await submitLive(column.getByRole('button', { name: 'Add card' }));
  await admin.evaluate(() => document.querySelectorAll('#board details').forEach((d) => { d.open = true; }));
  await checkType(admin, 'retro: Reflect (anonymous, own card, editor open)');
  await submitLive(admin.getByRole('button', { name: 'Reveal cards', exact: true }));
  await checkType(admin, 'retro: Reflect (revealed)');

  await toPhase('Group');
  await admin.getByLabel('New theme', { exact: true }).fill('Fast first response');
  await submitLive(admin.getByRole('button', { name: 'Create theme' }));
  const card = admin.locator('#ungrouped li.retro-card').first();
  await card.getByLabel('Theme of this card').selectOption({ label: 'Fast first response' });
  await submitLive(card.getByRole('button', { name: 'Move' }));
  await checkType(admin, 'retro: Group');

  await toPhase('Vote');
  await submitLive(admin.getByRole('button', { name: 'Vote for Fast first response', exact: true }));
  await checkType(admin, 'retro: Vote');

  await toPhase('Discuss');
  await admin.getByLabel('Add a note on Fast first response', { exact: true }).fill('Keep the paging drill.');
  await submitLive(admin.getByRole('button', { name: 'Add note' }));
  await submitLive(admin.getByRole('button', { name: /^Start timer/ }));
  await checkType(admin, 'retro: Discuss (note, timer)');

  await toPhase('Actions');
  const form = formWithButton(admin, 'Add action');
  await form.getByLabel('What will we do?').fill('Add the status page template to the runbook');
  await form.getByLabel('From theme').selectOption({ label: 'Fast first response' });
  await form.getByLabel('Due date').fill('2030-01-31');
  await submitLive(form.getByRole('button', { name: 'Add action' }));
  await checkType(admin, 'retro: Actions');

  await toPhase('Closed');
  await checkType(admin, 'retro: Closed (summary)');
});

group('action items, boards, dashboards, the account', async () => {
  await visitType(admin, 'action items list', '/actions?owner=&status=');
  await visitType(admin, 'team action board', `/teams/${TEAM.slug}/actions`);
  const link = admin.locator('main a[href^="/teams/demo/actions/"]').first();
  state.actionPath = await link.getAttribute('href', { timeout: 5_000 });
  assert.match(state.actionPath, /^\/teams\/demo\/actions\/\d+$/);
  await visitType(admin, 'action item page', state.actionPath);
  await visitType(admin, 'dashboard', '/dashboard');
  await visitType(admin, 'team dashboard', `/teams/${TEAM.slug}/dashboard`);
  await visitType(admin, 'account', '/account');
  await admin.getByLabel('New token for').fill('axe');
  await admin.getByRole('button', { name: 'Create token' }).click();
  await admin.waitForLoadState();
  await checkType(admin, 'new API token (shown once)');
  await visitType(admin, 'admin: public site', '/admin/site');
  await visitType(admin, 'admin: audit log', '/admin/audit');
});

group('the review editor and the public review site', async () => {
  // Approval off, so the administrator may publish straight away.
  await admin.goto(`${server.baseUrl}/teams/${TEAM.slug}`);
  const settings = formWithButton(admin, 'Save review settings');
  await settings.getByLabel('Ask a second team member to approve a review before it is published').uncheck();
  await settings.getByRole('button', { name: 'Save review settings' }).click();
  await admin.waitForLoadState();

  await admin.goto(`${server.baseUrl}${state.incidentPath}`);
  await admin.getByRole('button', { name: 'Write the public review' }).click();
  await admin.waitForURL((url) => /^\/teams\/demo\/reviews\/\d+$/.test(url.pathname));
  state.editorPath = pathOf(admin);
  await checkType(admin, 'review editor (draft)');
  await admin.getByRole('button', { name: 'Publish', exact: true }).click();
  await admin.waitForLoadState();
  const flash = (await admin.locator('#flash').innerText()).trim();
  const slug = /\/reviews\/([a-z0-9-]+)\./.exec(flash)?.[1];
  assert.ok(slug, `published: ${flash}`);
  await admin.evaluate(() => document.querySelectorAll('main details').forEach((d) => { d.open = true; }));
  await checkType(admin, 'review editor (published, forms open)');
  await visitType(admin, 'team reviews list', `/teams/${TEAM.slug}/reviews`);

  // Its Korean translation, written and published beside it.
  await admin.goto(`${server.baseUrl}${state.editorPath}`);
  await admin.getByRole('link', { name: 'Start the Korean translation' }).click();
  await admin.waitForURL((url) => url.pathname.endsWith('/translations/ko'));
  await checkType(admin, 'review translation editor (empty)');
  await admin.getByLabel('Title in Korean').fill('관리형 DNS 장애 보고서');
  await admin.locator('#body_markdown').fill('## 요약\n\n10월 21일 11:10부터 13:20 UTC까지 이름 조회가 되지 않았습니다.\n');
  await admin.getByRole('button', { name: 'Save', exact: true }).click();
  await admin.waitForLoadState();
  await admin.getByRole('button', { name: 'Publish the Korean translation' }).click();
  await admin.waitForLoadState();
  await admin.evaluate(() => document.querySelectorAll('main details').forEach((d) => { d.open = true; }));
  await checkType(admin, 'review translation editor (published, English text open)');

  const context = await newAxeContext(browser);
  try {
    const page = await context.newPage();
    await visitType(page, 'public review index', '/reviews');
    await visitType(page, 'public review page', `/reviews/${slug}`);
    const feedback = page.locator('#feedback');
    await feedback.getByLabel('Yes').check();
    await feedback.getByRole('button', { name: 'Send feedback' }).click();
    await page.waitForLoadState();
    await checkType(page, 'public feedback: thank you');
    await visitType(page, 'public review page in Korean (?lang=ko)', `/reviews/${slug}?lang=ko`);
    await visitType(page, 'email subscription form', '/reviews/subscribe');
    await page.getByLabel('Your email address').fill('reader@example.com');
    await page.getByRole('button', { name: 'Subscribe' }).click();
    await page.waitForLoadState();
    await checkType(page, 'email subscription: check your inbox');
    await visitType(page, 'email confirmation link, not valid (404)', '/reviews/subscribe/confirm?token=made-up', { expectStatus: 404 });
    await visitType(page, 'email unsubscribe link, not valid (404)', '/reviews/unsubscribe?token=made-up', { expectStatus: 404 });
    await visitType(page, 'public review, a language the site lacks (404)', `/reviews/${slug}?lang=xx`, { expectStatus: 404 });
    const korean = await newAxeContext(browser, { locale: 'ko-KR' });
    try {
      const visitor = await korean.newPage();
      await visitType(visitor, 'public review index, Korean visitor', '/reviews');
      await visitType(visitor, 'public review page, Korean visitor (the English original)', `/reviews/${slug}`);
    } finally {
      await korean.close();
    }

    // Retracted: the public page answers 410 Gone.
    await admin.goto(`${server.baseUrl}${state.editorPath}`);
    await admin.getByText('Retract the public review', { exact: true }).click();
    await admin.getByLabel('Why (shown on the page that replaces it)').fill('Published by an accessibility test.');
    await admin.getByRole('button', { name: 'Retract', exact: true }).click();
    await admin.waitForLoadState();
    await checkType(admin, 'review editor (retracted)');
  } finally {
    await context.close();
  }
  // A new visitor: the first one's browser may keep the page it read (max-age=60).
  const later = await newAxeContext(browser);
  try {
    const page = await later.newPage();
    await visitType(page, 'public review retracted (410)', `/reviews/${slug}`, { expectStatus: 410 });
    await visitType(page, 'public review retracted, in Korean (410)', `/reviews/${slug}?lang=ko`, { expectStatus: 410 });
    await visitType(page, 'public review not found (404)', '/reviews/no-such-review', { expectStatus: 404 });
  } finally {
    await later.close();
  }
});

group('error pages: 404 and 403 for a signed-in person', async () => {
  await visitType(admin, 'not found (404), signed in', '/teams/no-such-team', { expectStatus: 404 });
  const context = await newAxeContext(browser);
  try {
    const page = await context.newPage();
    await signInAt(page, server.baseUrl, OTHER);
    await visitType(page, 'forbidden (403): a member on an admin page', '/admin/users', { expectStatus: 403 });
    // A member's view of the meeting they did not facilitate.
    await visitType(page, 'retro: Closed, as a member', state.retroPath);
  } finally {
    await context.close();
  }
});

group('a phone-sized screen: wide tables scroll inside a focusable region', async () => {
  const page = await adminContext.newPage();
  try {
    await page.setViewportSize({ width: 360, height: 800 });
    for (const [type, path] of [
      ['phone: audit log', '/admin/audit'],
      ['phone: action items list', '/actions?owner=&status='],
      ['phone: team page', `/teams/${TEAM.slug}`],
      ['phone: incident page', state.incidentPath],
      ['phone: retro summary', state.retroPath],
    ]) {
      await visitType(page, type, path);
      const wraps = await page.evaluate(() =>
        [...document.querySelectorAll('.table-wrap')].map((w) => ({
          scrolls: w.scrollWidth > w.clientWidth + 1,
          focusable: w.tabIndex >= 0 || Boolean(w.querySelector('a[href], button, input, select, textarea, [tabindex]')),
          name: w.getAttribute('aria-label'),
        })),
      );
      const scrolling = wraps.filter((w) => w.scrolls);
      console.log(`axe-all: ${type}: ${scrolling.length} of ${wraps.length} tables scroll sideways`);
      assert.deepEqual(scrolling.filter((w) => !w.focusable), [], `every sideways-scrolling table on ${path} can take focus`);
    }
  } finally {
    await page.close();
  }
});

test('zero serious or critical axe violations on every page type, light and dark', () => {
  console.log(`axe-all: ${checked.length} page types checked in ${SCHEMES.join(' and ')} (${checked.length * SCHEMES.length} checks):`);
  for (const { type, path, status } of checked) console.log(`  - ${type}: ${path}${status ? ` (${status})` : ''}`);
  assert.deepEqual(failures, [], `${failures.length} failure(s):\n${failures.join('\n\n')}`);
});
