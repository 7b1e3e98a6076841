// Signing in against the demo data: a wrong password is refused with a message that
// is announced and accessible; the right one signs in. Also the dark colour scheme on
// the sign-in page.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer,
  launchBrowser,
  newAxeContext,
  visitCheck,
  screenshot,
  checkA11y,
  pathOf,
  signIn,
  signOut,
} from './helpers.mjs';

const WRONG_CREDENTIALS =
  'That email and password do not match an account. Check both and try again.';

let server;
let browser;

before(async () => {
  server = await startServer({ demo: true });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

test('the demo server prints its sign-in details and no setup link', () => {
  assert.ok(server.demo, `no demo line on stdout:\n${server.stdout()}`);
  assert.equal(server.demo.loginUrl, `${server.baseUrl}/login`);
  assert.equal(server.demo.email, 'demo@example.com');
  assert.equal(server.demo.password, 'hindsight-demo');
  assert.equal(server.setupUrl, null, 'a database with users offers no setup link');
});

test('a wrong password shows an error on the sign-in page', async () => {
  const context = await newAxeContext(browser);
  const page = await context.newPage();
  try {
    await page.goto(`${server.baseUrl}/login`);
    await visitCheck(page, 'login');

    await signIn(page, { email: server.demo.email, password: 'not the demo password' });
    await page.waitForLoadState();
    assert.equal(pathOf(page), '/login', 'stays on the sign-in page');
    const alert = page.getByRole('alert');
    await alert.waitFor();
    assert.equal((await alert.innerText()).trim(), WRONG_CREDENTIALS);
    // The email is kept; the password is not.
    assert.equal(await page.getByLabel('Email').inputValue(), server.demo.email);
    assert.equal(await page.getByLabel('Password').inputValue(), '');
    assert.equal(await page.getByRole('button', { name: 'Sign out' }).count(), 0, 'not signed in');
    await visitCheck(page, 'login-wrong-password');

    // The right password still works after one failure.
    await signIn(page, server.demo);
    await page.waitForURL((url) => url.pathname !== '/login');
    await assert.doesNotReject(
      page.getByRole('button', { name: 'Sign out' }).waitFor(),
      `signed in with the demo password (at ${page.url()})`,
    );
    await visitCheck(page, 'demo-signed-in');
    await signOut(page);
    await page.waitForURL((url) => url.pathname === '/login');
  } catch (error) {
    await screenshot(page, 'failure').catch(() => {});
    throw error;
  } finally {
    await context.close();
  }
});

test('the sign-in page in the dark colour scheme', async () => {
  const context = await newAxeContext(browser, { colorScheme: 'dark' });
  const page = await context.newPage();
  try {
    await page.goto(`${server.baseUrl}/login`);
    const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    assert.equal(background, 'rgb(21, 23, 27)', 'body uses the dark background (#15171b)');
    await signIn(page, { email: 'nobody@example.com', password: 'wrong password here' });
    await page.getByRole('alert').waitFor();
    await screenshot(page, 'login-dark-error');
    await checkA11y(page, 'sign-in page with an error (dark colour scheme)');
  } finally {
    await context.close();
  }
});
