// The other tests bypass the Content-Security-Policy so that axe-core can be injected.
// This one browses under the app's real policy and fails on any CSP violation, script
// error or console error, and checks that the app's own scripts did load.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, screenshot, signIn, signOut } from './helpers.mjs';

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

test('pages run under the strict Content-Security-Policy without violations or errors', async () => {
  const context = await browser.newContext(); // CSP enforced
  const problems = [];
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      console.error(
        `CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || '(inline)'} at ${e.sourceFile}:${e.lineNumber}`,
      );
    });
  });
  const page = await context.newPage();
  page.on('console', (message) => {
    // A failed load is reported below with its address; the console line has none.
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) {
      problems.push(`${page.url()}: console error: ${message.text()}`);
    }
  });
  page.on('pageerror', (error) => problems.push(`${page.url()}: script error: ${error.message}`));
  page.on('response', (response) => {
    const { pathname } = new URL(response.url());
    // Chromium asks for /favicon.ico on its own; the app has none (a 404 is harmless).
    if (response.status() >= 400 && pathname !== '/favicon.ico') {
      problems.push(`${page.url()}: ${response.request().resourceType()} ${response.url()}: HTTP ${response.status()}`);
    }
  });

  const visit = async (name) => {
    await page.waitForLoadState('load');
    const scripts = await page.evaluate(() => ({
      htmx: typeof window.htmx,
      stylesheet: getComputedStyle(document.body).display,
    }));
    assert.equal(scripts.htmx, 'object', `htmx did not load on ${page.url()}`);
    assert.equal(scripts.stylesheet, 'flex', `style.css did not apply on ${page.url()}`);
    await screenshot(page, name);
  };

  try {
    await page.goto(`${server.baseUrl}/login`);
    await visit('csp-login');
    await signIn(page, server.demo);
    await page.waitForURL((url) => url.pathname !== '/login');
    await visit('csp-signed-in');
    for (const path of ['/teams', '/teams/demo', '/account', '/admin/users']) {
      await page.goto(`${server.baseUrl}${path}`);
      assert.equal(new URL(page.url()).pathname, path, `${path} is reachable for the demo admin`);
      await visit(`csp${path.replace(/\//g, '-')}`);
    }
    await signOut(page);
    await page.waitForURL((url) => url.pathname === '/login');
    await visit('csp-signed-out');
  } finally {
    await context.close();
  }
  assert.deepEqual(problems, [], `problems under the real CSP:\n${problems.join('\n')}`);
});
