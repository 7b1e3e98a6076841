// The first-run journey of an administrator, in a real browser: setup, a team, the
// account and people pages, a new person's password link, signing out and in again.
// Every page visited is screenshotted and checked with axe-core.

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
  createFirstAdmin,
  signIn,
  signOut,
  assertHeading,
} from './helpers.mjs';

const ADMIN = {
  name: 'Ada Admin',
  email: 'ada@example.com',
  password: 'correct horse battery staple',
};

let server;
let browser;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

test('an administrator sets up Hindsight, creates a team and a person, signs out and in', async () => {
  assert.ok(server.setupUrl, `no setup URL on a fresh database; stdout was:\n${server.stdout()}`);
  assert.ok(
    server.setupUrl.startsWith(`${server.baseUrl}/setup?token=`),
    `setup URL ${server.setupUrl} is not on ${server.baseUrl}`,
  );

  const context = await newAxeContext(browser);
  const page = await context.newPage();
  try {
    // First-run setup.
    await page.goto(server.setupUrl);
    await assertHeading(page, 'Welcome to Hindsight');
    await visitCheck(page, 'setup');

    await createFirstAdmin(page, ADMIN);
    await page.waitForURL((url) => url.pathname === '/teams');
    await assertHeading(page, 'Teams');
    await assert.doesNotReject(
      page.getByRole('button', { name: 'Sign out' }).waitFor(),
      'signed in after setup',
    );
    await visitCheck(page, 'teams-empty');

    // A team.
    await page.getByLabel('Team name').fill('Payments SRE');
    await page.getByLabel(/^Short name/).fill('payments-sre');
    await page.getByRole('button', { name: 'Create team' }).click();
    await page.waitForURL((url) => url.pathname === '/teams/payments-sre');
    await assertHeading(page, 'Payments SRE');
    assert.equal(await page.title(), 'Payments SRE · Hindsight');
    // An administrator manages every team, but is not a member until added.
    await assert.doesNotReject(page.getByText('Your role: owner').waitFor());
    await assert.doesNotReject(page.getByText('No members yet.').waitFor());
    await visitCheck(page, 'team-page-empty');

    // Add the administrator as the team's first owner.
    await page.getByLabel('Email of their account').fill(ADMIN.email);
    await page.getByLabel(/^Role(?! of)/).selectOption('owner');
    await page.getByRole('button', { name: 'Add member' }).click();
    await page.waitForLoadState();
    assert.equal(pathOf(page), '/teams/payments-sre', 'back on the team page');
    // (The app currently says "a owner"; accept either article.)
    assert.match(
      (await page.getByRole('status').innerText()).trim(),
      new RegExp(`^${ADMIN.name} is now an? owner of Payments SRE\\.$`),
    );
    await assertHeading(page, 'Payments SRE');
    const members = page.getByRole('table', { name: 'Members of Payments SRE' });
    await assert.doesNotReject(
      members.getByRole('cell', { name: ADMIN.email }).waitFor(),
      'the new member is listed',
    );
    assert.equal(
      await members.getByRole('combobox', { name: `Role of ${ADMIN.name}` }).inputValue(),
      'owner',
      'with the role chosen',
    );
    await visitCheck(page, 'team-page');

    // The dark colour scheme renders, and is accessible too.
    await page.emulateMedia({ colorScheme: 'dark' });
    const darkBackground = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    assert.equal(darkBackground, 'rgb(21, 23, 27)', 'body uses the dark background (#15171b)');
    await screenshot(page, 'team-page-dark');
    await checkA11y(page, 'team page (dark colour scheme)');
    await page.emulateMedia({ colorScheme: 'light' });
    const lightBackground = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    assert.equal(lightBackground, 'rgb(251, 250, 248)', 'body uses the light background (#fbfaf8)');

    // The team list now shows it.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Teams' }).click();
    await page.waitForURL((url) => url.pathname === '/teams');
    await assert.doesNotReject(
      page.getByRole('link', { name: 'Payments SRE' }).waitFor(),
      'the team is listed on /teams',
    );
    await visitCheck(page, 'teams-with-team');

    // Account page.
    await page.getByRole('link', { name: 'Account' }).click();
    await page.waitForURL((url) => url.pathname === '/account');
    await assertHeading(page, 'Your account');
    await assert.doesNotReject(page.getByText(ADMIN.email).waitFor());
    await assert.doesNotReject(page.getByRole('button', { name: 'Change password' }).waitFor());
    await visitCheck(page, 'account');

    // People page, and a second person.
    await page.getByRole('link', { name: 'People' }).click();
    await page.waitForURL((url) => url.pathname === '/admin/users');
    await assertHeading(page, 'People');
    await visitCheck(page, 'admin-users');

    await page.getByLabel('Name', { exact: true }).fill('Bo Builder');
    await page.getByLabel('Email', { exact: true }).fill('bo@example.com');
    await page.getByRole('button', { name: 'Create account' }).click();
    await assertHeading(page, 'Account created for Bo Builder');
    const link = page.getByRole('link', { name: /\/reset-password/ });
    await assert.doesNotReject(link.waitFor(), 'the one-time password link is shown');
    const href = await link.getAttribute('href');
    assert.match(href, /\/reset-password\?token=\S+/, `password link ${href}`);
    assert.ok(href.startsWith(server.baseUrl), `password link ${href} is on ${server.baseUrl}`);
    await visitCheck(page, 'password-link');

    // The new person is in the list.
    await page.getByRole('link', { name: 'Back to people' }).click();
    await page.waitForURL((url) => url.pathname === '/admin/users');
    const people = page.getByRole('table', { name: 'Everyone with an account' });
    await assert.doesNotReject(people.getByRole('cell', { name: 'bo@example.com' }).waitFor());
    await visitCheck(page, 'admin-users-with-person');

    // Sign out: back on the sign-in page, told so.
    await signOut(page);
    await page.waitForURL((url) => url.pathname === '/login');
    await assertHeading(page, 'Sign in');
    assert.equal(
      (await page.getByRole('status').innerText()).trim(),
      'You are signed out.',
      'sign-out notice',
    );
    assert.equal(await page.getByRole('button', { name: 'Sign out' }).count(), 0, 'signed out');
    await visitCheck(page, 'login-after-sign-out');

    // Signed-out visitors to a signed-in page are sent to sign in.
    await page.goto(`${server.baseUrl}/teams`);
    assert.equal(pathOf(page), '/login', `signed-out /teams went to ${page.url()}`);
    await assertHeading(page, 'Sign in');
    await visitCheck(page, 'login');

    // Sign in again.
    await signIn(page, ADMIN);
    await page.waitForURL((url) => url.pathname !== '/login');
    await assert.doesNotReject(
      page.getByRole('button', { name: 'Sign out' }).waitFor(),
      `signed in again (at ${page.url()})`,
    );
    assert.equal(pathOf(page), '/teams', 'returned to the page asked for');
    await visitCheck(page, 'teams-after-sign-in');

    await signOut(page);
    await page.waitForURL((url) => url.pathname === '/login');
    assert.equal(await page.getByRole('button', { name: 'Sign out' }).count(), 0, 'signed out again');
    await page.goto(`${server.baseUrl}/admin/users`);
    assert.equal(pathOf(page), '/login', 'the people page needs signing in');
  } catch (error) {
    await screenshot(page, 'failure').catch(() => {});
    throw error;
  } finally {
    await context.close();
  }
});

test('the setup link works only once', async () => {
  const context = await newAxeContext(browser);
  const page = await context.newPage();
  try {
    const response = await page.goto(server.setupUrl);
    // Setup is done: the page must not offer to create another administrator.
    assert.equal(
      await page.getByRole('button', { name: 'Create administrator' }).count(),
      0,
      `setup form offered again (HTTP ${response.status()} at ${page.url()})`,
    );
    assert.equal(response.status(), 403);
    await assertHeading(page, 'Not allowed');
    await visitCheck(page, 'setup-used');
  } finally {
    await context.close();
  }
});

