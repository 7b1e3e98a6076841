// Shared helpers for the browser tests: start a Hindsight server on a fresh SQLite
// database, launch Debian's Chromium through playwright-core, run axe-core on a page
// and keep a full-page screenshot of every page a test visits.
//
// The binary is never built here: run.sh builds it, or point HINDSIGHT_BIN at one.

import { spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, readdirSync, rmSync, existsSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));

/** The server binary: HINDSIGHT_BIN, else the debug build of the repo this folder is in. */
export const HINDSIGHT_BIN = path.resolve(
  here,
  process.env.HINDSIGHT_BIN || '../../target/debug/hindsight',
);

export const CHROMIUM_PATH = process.env.E2E_CHROMIUM || '/usr/bin/chromium';

export const SCREENSHOT_DIR =
  process.env.E2E_SCREENSHOT_DIR || path.join(os.tmpdir(), 'hindsight-e2e-screenshots');

const AXE_PATH = path.join(here, 'node_modules', 'axe-core', 'axe.min.js');

/** How long the server may take to print its address before we give up. */
const SERVER_START_TIMEOUT_MS = 30_000;

const LISTENING_RE = /Hindsight listening on (http:\/\/\S+)/;
const SETUP_RE = /Create the first administrator at (http:\/\/\S+\/setup\?token=\S+)/;
const DEMO_RE = /Demo data ready\. Sign in at (http:\/\/\S+) as (\S+) with password (.+)$/m;

/**
 * Starts `hindsight serve` on a new temporary SQLite file and port 127.0.0.1:0, and
 * resolves once it has printed its listening address.
 *
 * Resolves to { baseUrl, setupUrl, demo, stdout(), stderr(), stop() }: setupUrl is set on
 * a fresh database, demo ({ loginUrl, email, password }) with `{ demo: true }`.
 */
export async function startServer({ demo = false, extraArgs = [] } = {}) {
  if (!existsSync(HINDSIGHT_BIN)) {
    throw new Error(
      `Hindsight binary not found at ${HINDSIGHT_BIN}. ` +
        'Build it with `cargo build` in the repo root, or set HINDSIGHT_BIN.',
    );
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), 'hindsight-e2e-db-'));
  const dbPath = path.join(dir, 'hindsight.db');
  const args = [
    'serve',
    '--bind',
    '127.0.0.1:0',
    '--database-url',
    `sqlite://${dbPath}`,
  ];
  if (demo) args.push('--demo');
  args.push(...extraArgs);

  // Settings from the caller's environment (HINDSIGHT_SECURE_COOKIES and the like) would
  // change what the server does; the tests choose every setting themselves.
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.startsWith('HINDSIGHT_')),
  );
  const child = spawn(HINDSIGHT_BIN, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });

  let out = '';
  let err = '';
  child.stdout.setEncoding('utf8');
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk) => {
    err += chunk;
  });

  const exited = new Promise((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });

  // Should a test file end without calling stop(), the server still goes with it.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const cleanUp = () => {
    process.off('exit', killOnExit);
    rmSync(dir, { recursive: true, force: true });
  };

  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    }
    cleanUp();
  };

  let earlyExit = null;
  try {
    const { baseUrl } = await new Promise((resolve, reject) => {
      const fail = (why) => {
        clearTimeout(timer);
        reject(
          new Error(
            `${why}\n` +
              `command: ${HINDSIGHT_BIN} ${args.join(' ')}\n` +
              `--- stdout ---\n${out || '(nothing)'}\n--- stderr ---\n${err || '(nothing)'}`,
          ),
        );
      };
      const timer = setTimeout(
        () => fail(`Hindsight did not print its listening address within ${SERVER_START_TIMEOUT_MS / 1000} s.`),
        SERVER_START_TIMEOUT_MS,
      );
      child.once('error', (e) => fail(`Could not start Hindsight: ${e.message}`));
      earlyExit = (code, signal) =>
        fail(`Hindsight exited before listening (code ${code}, signal ${signal}).`);
      child.once('exit', earlyExit);
      child.stdout.on('data', (chunk) => {
        out += chunk;
        const match = LISTENING_RE.exec(out);
        if (match) {
          clearTimeout(timer);
          resolve({ baseUrl: match[1] });
        }
      });
    });
    child.off('exit', earlyExit);

    const setup = SETUP_RE.exec(out);
    const demoMatch = DEMO_RE.exec(out);
    return {
      baseUrl,
      setupUrl: setup ? setup[1] : null,
      demo: demoMatch
        ? { loginUrl: demoMatch[1], email: demoMatch[2], password: demoMatch[3].trim() }
        : null,
      stdout: () => out,
      stderr: () => err,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Launches Debian's Chromium, headless, with nothing that reaches out to the network. */
export async function launchBrowser() {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/**
 * A browser context for pages that axe checks. The app's Content-Security-Policy allows
 * no inline script, and injecting axe-core is an inline script, so only these contexts
 * bypass CSP; `cspViolationsTest` checks the app under its real policy.
 */
export async function newAxeContext(browser, options = {}) {
  return browser.newContext({ bypassCSP: true, ...options });
}

/** Severities that fail a test. */
const FAILING_IMPACTS = new Set(['serious', 'critical']);

/**
 * Runs axe-core on the page as it is and throws, listing every serious or critical
 * violation (rule id, help, impact and each element's selector), if there are any.
 * Moderate and minor findings are returned for the caller to log.
 */
export async function checkA11y(page, label = page.url()) {
  const present = await page.evaluate(() => typeof window.axe !== 'undefined');
  if (!present) await page.addScriptTag({ path: AXE_PATH });
  const results = await page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      helpUrl: v.helpUrl,
      nodes: v.nodes.map((n) => ({
        target: n.target.map(String).join(' '),
        summary: n.failureSummary,
      })),
    }));
  });
  const failing = results.filter((v) => FAILING_IMPACTS.has(v.impact));
  const others = results.filter((v) => !FAILING_IMPACTS.has(v.impact));
  for (const v of others) {
    console.log(
      `axe (${v.impact}, not failing) on ${label}: ${v.id}: ${v.help} -> ` +
        v.nodes.map((n) => n.target).join(', '),
    );
  }
  if (failing.length > 0) {
    const lines = failing.map(
      (v) =>
        `- [${v.impact}] ${v.id}: ${v.help} (${v.helpUrl})\n` +
        v.nodes.map((n) => `    at ${n.target}\n      ${String(n.summary).replace(/\n/g, '\n      ')}`).join('\n'),
    );
    throw new Error(
      `axe found ${failing.length} serious or critical accessibility violation(s) on ${label}:\n${lines.join('\n')}`,
    );
  }
  return others;
}

let shotCount = 0;
let announced = false;
/** Screenshots are named after the test file that takes them: flow-03-team-page.png. */
const SHOT_PREFIX = `${path.basename(process.argv[1] || 'e2e', '.test.mjs').replace(/[^a-z0-9-]+/gi, '-')}-`;

/** Saves a full-page screenshot as FILE-NN-name.png in SCREENSHOT_DIR and returns its path. */
export async function screenshot(page, name) {
  if (!announced) {
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    // This file's screenshots from an earlier run would mislead next to this run's.
    for (const old of readdirSync(SCREENSHOT_DIR)) {
      if (old.startsWith(SHOT_PREFIX) && old.endsWith('.png')) {
        rmSync(path.join(SCREENSHOT_DIR, old), { force: true });
      }
    }
    console.log(`Screenshots: ${SCREENSHOT_DIR}`);
    announced = true;
  }
  shotCount += 1;
  const safe = name.replace(/[^a-z0-9-]+/gi, '-').toLowerCase();
  const file = path.join(SCREENSHOT_DIR, `${SHOT_PREFIX}${String(shotCount).padStart(2, '0')}-${safe}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** Screenshot, then axe: what every visited page gets. */
export async function visitCheck(page, name) {
  await screenshot(page, name);
  await checkA11y(page, `${name} (${new URL(page.url()).pathname})`);
}

/** The path of the page's current URL, for assertions. */
export function pathOf(page) {
  return new URL(page.url()).pathname;
}

/** Fills the first-run setup form and submits it. */
export async function createFirstAdmin(page, { name, email, password }) {
  await page.getByLabel('Your name').fill(name);
  await page.getByLabel('Email').fill(email);
  // The label also holds the hint ("At least 10 characters…"), so match its start.
  await page.getByLabel(/^Password(?! again)/).fill(password);
  await page.getByLabel('Password again').fill(password);
  await page.getByRole('button', { name: 'Create administrator' }).click();
}

/** Fills the sign-in form and submits it. */
export async function signIn(page, { email, password }) {
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** Presses the header's "Sign out" button. */
export async function signOut(page) {
  await page.getByRole('button', { name: 'Sign out' }).click();
}

/**
 * The form that holds the button named `buttonName`. Many of the app's forms have no
 * accessible name, and some share field labels ("Kind", "Visibility"), so a form is
 * told apart by its submit button.
 */
export function formWithButton(scope, buttonName) {
  // `has` is matched inside each form, so it must be a locator from the page, not one
  // already scoped below `scope`.
  const page = typeof scope.page === 'function' ? scope.page() : scope;
  return scope
    .locator('form')
    .filter({ has: page.getByRole('button', { name: buttonName, exact: true }) });
}

/** Signs in on /login and waits to leave the sign-in page. */
export async function signInAt(page, baseUrl, credentials) {
  await page.goto(`${baseUrl}/login`);
  await signIn(page, credentials);
  await page.waitForURL((url) => url.pathname !== '/login');
}

/**
 * Live pages (a retro's meeting page) open an EventSource. This records, for every
 * document of the context's pages, whether its stream has connected and what it received
 * (window.__e2eLive: { synced, events: [{ type, data }] }), so a test can wait until a
 * page is really listening before another person acts, and can look at what a stream
 * carried. Call once per context, before opening pages.
 */
export async function trackLiveStreams(context) {
  await context.addInitScript(() => {
    const Native = window.EventSource;
    if (!Native) return;
    const live = { synced: false, events: [] };
    window.__e2eLive = live;
    window.EventSource = class extends Native {
      constructor(url, init) {
        super(url, init);
        for (const type of ['sync', 'fragment', 'reload']) {
          this.addEventListener(type, (event) => {
            live.events.push({ type, data: event.data });
            // This listener runs before the page's own: mark the board synced after it.
            if (type === 'sync') setTimeout(() => { live.synced = true; }, 0);
          });
        }
      }
    };
  });
}

/** Marks the page's current document, so waitForLive can tell when it has been replaced. */
export async function markDocument(page) {
  await page.evaluate(() => { window.__e2eOldDocument = true; });
}

/**
 * Waits until the page shows a document not marked by markDocument whose live stream has
 * connected and applied its first "sync". (The server subscribes a stream before it
 * answers, so from then on the page receives every change.) Survives reloads on the way.
 */
export async function waitForLive(page, { timeout = 15_000, what = 'the live stream' } = {}) {
  const deadline = Date.now() + timeout;
  let last = 'no answer';
  for (;;) {
    try {
      const state = await page.evaluate(() => ({
        old: Boolean(window.__e2eOldDocument),
        tracked: typeof window.__e2eLive === 'object',
        synced: Boolean(window.__e2eLive && window.__e2eLive.synced),
        ready: document.readyState,
      }));
      if (!state.tracked) throw new Error('trackLiveStreams(context) was not called for this page');
      if (!state.old && state.synced && state.ready === 'complete') return;
      last = JSON.stringify(state);
    } catch (error) {
      if (!/context was destroyed|navigat|Cannot find context/i.test(String(error.message))) throw error;
      last = error.message;
    }
    if (Date.now() > deadline) {
      throw new Error(`${what} on ${page.url()} did not connect within ${timeout / 1000} s (last: ${last})`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The Nu HTML Checker's jar, from the `vnu-jar` npm package (needs `java` on PATH). */
export function vnuJarPath() {
  const jar = path.join(here, 'node_modules', 'vnu-jar', 'build', 'dist', 'vnu.jar');
  if (!existsSync(jar)) {
    throw new Error(`vnu.jar not found at ${jar}: run \`npm ci\` in tests/e2e (vnu-jar is a devDependency).`);
  }
  return jar;
}

/**
 * Checks documents with the Nu HTML Checker (`java -jar vnu.jar --format json`).
 * `documents` maps a name to its HTML. Resolves to the checker's messages, each with the
 * name of its document as `doc`; `type` is "error", "info" (warnings have subType
 * "warning") or "non-document-error".
 */
export async function nuHtmlCheck(documents) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'hindsight-e2e-vnu-'));
  const files = new Map();
  try {
    for (const [name, html] of Object.entries(documents)) {
      const file = path.join(dir, `${name.replace(/[^a-z0-9-]+/gi, '-')}.html`);
      writeFileSync(file, html);
      files.set(file, name);
    }
    const { stdout, stderr, code } = await new Promise((resolve, reject) => {
      const java = process.env.E2E_JAVA || 'java';
      const child = spawn(java, ['-jar', vnuJarPath(), '--format', 'json', '--stdout', ...files.keys()], {
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      let err = '';
      child.stdout.setEncoding('utf8').on('data', (c) => { out += c; });
      child.stderr.setEncoding('utf8').on('data', (c) => { err += c; });
      child.once('error', (e) => reject(new Error(`could not run ${java} (install default-jre-headless): ${e.message}`)));
      child.once('exit', (exitCode) => resolve({ stdout: out, stderr: err, code: exitCode }));
    });
    let report;
    try {
      report = JSON.parse(stdout);
    } catch {
      throw new Error(`vnu printed no JSON (exit ${code}):\n${stdout}\n${stderr}`);
    }
    // vnu names a file `file:/tmp/…`: match it by its path.
    const docOf = (url) => {
      for (const [file, name] of files) if (String(url).endsWith(file)) return name;
      return url;
    };
    return report.messages.map((m) => ({ ...m, doc: docOf(m.url) }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------
// Keyboard-only helpers: tests that prove a flow works without a mouse act only through
// page.keyboard; locators only say where focus should end up.
// ---------------------------------------------------------------------------------------

/** A short description of the focused element, for messages: `button "Add card"`. */
export async function describeFocus(page) {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return '(the page itself)';
    const name = (el.getAttribute('aria-label') || (el.labels && el.labels[0] && el.labels[0].innerText) || el.innerText || el.value || '')
      .trim()
      .replace(/\s+/g, ' ')
      .slice(0, 60);
    return `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''} "${name}"`;
  });
}

/**
 * Presses Tab (or Shift+Tab with `{ backwards: true }`) until the element `locator` names
 * has focus, and returns how many presses that took. Fails after `max` presses: the
 * element cannot be reached with the keyboard. `locator` must name exactly one element.
 */
export async function tabTo(page, locator, { max = 300, backwards = false, what = String(locator) } = {}) {
  await locator.waitFor({ state: 'attached' });
  const count = await locator.count();
  if (count !== 1) throw new Error(`tabTo: ${what} names ${count} elements, not one`);
  const handle = await locator.elementHandle();
  const focused = () => handle.evaluate((el) => el === document.activeElement);
  if (await focused()) return 0;
  for (let presses = 1; presses <= max; presses += 1) {
    await page.keyboard.press(backwards ? 'Shift+Tab' : 'Tab');
    if (await focused()) return presses;
  }
  throw new Error(
    `tabTo: ${what} did not get focus within ${max} ${backwards ? 'Shift+Tab' : 'Tab'} presses ` +
      `(focus is on ${await describeFocus(page)})`,
  );
}

/**
 * How the focused element shows its focus: { outline, boxShadow, visible }. `visible` is
 * true when it has an outline of some width or a box shadow.
 */
export async function focusIndicator(page) {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return { outline: 'none', boxShadow: 'none', visible: false, matchesFocusVisible: false };
    const style = getComputedStyle(el);
    const outline = `${style.outlineStyle} ${style.outlineWidth} ${style.outlineColor}`;
    const hasOutline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
    const hasShadow = style.boxShadow && style.boxShadow !== 'none';
    return { outline, boxShadow: style.boxShadow, visible: Boolean(hasOutline || hasShadow), matchesFocusVisible: el.matches(':focus-visible') };
  });
}

/**
 * Tabs through the whole page from where focus is and checks that focus is never trapped:
 * every element in the tab order is visited once and focus comes back round to where it
 * started (or to the page). Returns the number of stops.
 */
export async function assertNoFocusTrap(page, { max = 600 } = {}) {
  const key = () =>
    page.evaluate(() => {
      const el = document.activeElement;
      if (!el || el === document.body) return 'BODY';
      if (!el.dataset.e2eStop) el.dataset.e2eStop = String(Math.random()).slice(2);
      return el.dataset.e2eStop;
    });
  const start = await key();
  const seen = new Map();
  for (let presses = 1; presses <= max; presses += 1) {
    await page.keyboard.press('Tab');
    const now = await key();
    if (now === start || (now === 'BODY' && presses > 1)) return seen.size;
    const visits = (seen.get(now) || 0) + 1;
    if (visits > 1) {
      throw new Error(`focus is trapped: ${await describeFocus(page)} got focus again before the page's end (after ${presses} Tabs)`);
    }
    seen.set(now, visits);
  }
  throw new Error(`focus did not come back round within ${max} Tabs (on ${await describeFocus(page)})`);
}

/**
 * The steps of one story, as tests run in order: once a step fails, the later ones are
 * skipped (they would fail for the same reason and hide the first). `around` runs each
 * step's body (to give it a page, or check something after it); `onFailure` runs after a
 * failure (screenshots). The returned `step(name, body)` has `failed()`: the first step
 * that failed, or null.
 */
export function storySteps({ around = (body) => body(), onFailure = async () => {} } = {}) {
  let failedStep = null;
  function step(name, body) {
    test(name, async (t) => {
      if (failedStep) {
        t.skip(`an earlier step failed: ${failedStep}`);
        return;
      }
      try {
        await around(body);
      } catch (error) {
        failedStep = name;
        await onFailure().catch(() => {});
        throw error;
      }
    });
  }
  step.failed = () => failedStep;
  return step;
}

/** Waits until `locator` has exactly this (trimmed) text, and returns it. */
export async function expectText(locator, expected, message, { timeout = 10_000 } = {}) {
  const deadline = Date.now() + timeout;
  let text = '(no element)';
  for (;;) {
    try {
      if ((await locator.count()) === 1) {
        text = (await locator.innerText({ timeout: 1_000 })).trim();
        const ok = expected instanceof RegExp ? expected.test(text) : text === expected;
        if (ok) return text;
      }
    } catch (error) {
      // The page may be between documents (a live reload); look again.
      if (!/context was destroyed|navigat|Timeout/i.test(String(error.message))) throw error;
    }
    if (Date.now() > deadline) {
      assert.fail(`${message}: expected ${expected}, got "${text}" (after ${timeout / 1000} s)`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Waits for the page's h1 and checks its (trimmed) text: equal to a string, or matching a RegExp. */
export async function assertHeading(page, expected) {
  const heading = page.getByRole('heading', { level: 1 });
  await heading.first().waitFor();
  const text = (await heading.first().innerText()).trim();
  if (expected instanceof RegExp) assert.match(text, expected, `h1 on ${page.url()}`);
  else assert.equal(text, expected, `h1 on ${page.url()}`);
}
