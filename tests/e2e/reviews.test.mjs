// Customer-facing post-incident reviews in a real browser, against the --demo data:
// - the whole flow as a person does it: approval switched off on the team page, "Write
//   the public review" on the demo incident, the editor's live (htmx) preview and its
//   Preview button without JavaScript, Save, Publish; then the public page as an
//   anonymous visitor, who answers "Was this review clear?", and the team sees the answer;
//   a correction with a change note;
// - the public review page, the public index and the editor checked by axe-core (no
//   serious or critical violations) and the public pages by the Nu HTML Checker (vnu-jar,
//   no errors);
// - the Atom feed parsed by Python's feedparser (feed_check.py; Debian's python3-feedparser):
//   not bozo, stable entry ids, updated times, and the correction updating its entry;
// - a Korean translation written in its editor (live preview, Save, Publish), read by a
//   Korean-speaking visitor, checked by axe and the Nu HTML Checker; the Korean feed
//   through feedparser (xml:lang, its own entry id);
// - the XSS corpus (tests/fixtures/xss/vectors.txt, plus htmx-specific vectors because the
//   editor's preview is swapped in by htmx) published through the API and opened in
//   Chromium on the public page and in the editor's preview, with the CSP bypassed so that
//   only the sanitizer stands between the corpus and the browser: no dialog, no sentinel
//   call, no page error, no dangerous element or attribute in `.review-body`, after
//   hovering, focusing and clicking every element in it; then once under the real CSP.
//
// The tests share one server and run in order. Each step names the steps it needs; if one
// of those failed, it is skipped, naming it.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
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
  nuHtmlCheck,
} from './helpers.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const TEAM = 'demo';
const DEMO_INCIDENT = 'DDoS attack against Managed DNS';

/** Debian's python, where python3-feedparser installs; E2E_PYTHON overrides it. */
const PYTHON = process.env.E2E_PYTHON || '/usr/bin/python3';

const FLOW_TITLE = 'Names did not resolve for two hours on 21 October';
const LIVE_MARKER = 'Live preview marker: the resolvers answered again at 13:20 UTC.';
const NOJS_MARKER = 'Preview without JavaScript: this sentence came back from the server.';
const CORRECTION_NOTE = 'Corrected the end of the impact window.';
const FEEDBACK_COMMENT = 'Clear, thank you. <b>Escaped?</b>';

let server;
let browser;

/** What earlier steps found, for later ones. */
const state = {
  incidentId: null,
  incidentPath: null,
  reviewId: null,
  slug: null,
  token: null,
  xss: null, // { id, slug }
  feed: null, // the first feedparser result
};

/** Steps that failed, by name. */
const failed = new Set();

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
 * A test that needs the steps named in `needs`: skipped, naming the first that failed.
 * Its failure is remembered for the steps after it.
 */
function step(name, needs, body) {
  test(name, async (t) => {
    const missing = needs.find((n) => failed.has(n));
    if (missing) {
      t.skip(`needs "${missing}", which failed`);
      return;
    }
    try {
      await body(t);
    } catch (error) {
      failed.add(name);
      throw error;
    }
  });
}

/** A signed-in demo page on a fresh context (CSP bypassed for axe); closed after. */
async function withDemoPage(body, contextOptions = {}) {
  const context = await newAxeContext(browser, contextOptions);
  const page = await context.newPage();
  try {
    await signInAt(page, server.baseUrl, server.demo);
    return await body(page, context);
  } catch (error) {
    await screenshot(page, 'failure').catch(() => {});
    throw error;
  } finally {
    await context.close();
  }
}

/** An anonymous visitor's page; closed after. */
async function withAnonymousPage(body, contextOptions = {}) {
  const context = await newAxeContext(browser, contextOptions);
  const page = await context.newPage();
  try {
    return await body(page, context);
  } catch (error) {
    await screenshot(page, 'failure').catch(() => {});
    throw error;
  } finally {
    await context.close();
  }
}

async function assertHeading(page, expected) {
  const heading = page.getByRole('heading', { level: 1 }).first();
  await heading.waitFor();
  const text = (await heading.innerText()).trim().replace(/\s+/g, ' ');
  if (expected instanceof RegExp) assert.match(text, expected, `h1 on ${page.url()}`);
  else assert.equal(text, expected, `h1 on ${page.url()}`);
}

/** Waits for the flash notice with exactly this text (or matching this pattern). */
async function expectFlash(page, expected) {
  const flash = page.getByRole('status').filter({ hasText: expected });
  await assert.doesNotReject(flash.first().waitFor(), `flash "${expected}" on ${page.url()}`);
  const text = (await flash.first().innerText()).trim();
  if (expected instanceof RegExp) assert.match(text, expected);
  else assert.equal(text, expected);
  await page.waitForLoadState();
  return text;
}

function editorPath(id) {
  return `/teams/${TEAM}/reviews/${id}`;
}

/** A JSON API call with the token from the account page. */
async function api(method, pathname, body) {
  const response = await fetch(`${server.baseUrl}${pathname}`, {
    method,
    headers: {
      Authorization: `Bearer ${state.token}`,
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  let json = null;
  try {
    json = JSON.parse(text);
  } catch {
    // not JSON; the assertion below shows the text
  }
  return { status: response.status, json, text };
}

/** The page's HTML over plain HTTP (no browser), asserting its status. */
async function fetchHtml(pathname, expectedStatus = 200) {
  const response = await fetch(`${server.baseUrl}${pathname}`);
  const text = await response.text();
  assert.equal(response.status, expectedStatus, `GET ${pathname}: ${text.slice(0, 300)}`);
  return { text, headers: response.headers };
}

/** Runs feed_check.py on the current feed at `pathname` and resolves to its JSON report. */
async function parseFeed(pathname = '/reviews/feed.atom') {
  const { text } = await fetchHtml(pathname);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'hindsight-e2e-feed-'));
  const file = path.join(dir, 'feed.atom');
  writeFileSync(file, text);
  try {
    const { code, stdout, stderr } = await new Promise((resolve, reject) => {
      const child = spawn(PYTHON, [path.join(here, 'feed_check.py'), file], { stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      let err = '';
      child.stdout.setEncoding('utf8').on('data', (c) => { out += c; });
      child.stderr.setEncoding('utf8').on('data', (c) => { err += c; });
      child.once('error', (e) => reject(new Error(`could not run ${PYTHON}: ${e.message}`)));
      child.once('exit', (exitCode) => resolve({ code: exitCode, stdout: out, stderr: err }));
    });
    assert.notEqual(code, 2, `feedparser is missing for ${PYTHON}: apt-get install python3-feedparser`);
    assert.equal(code, 0, `feed_check.py failed:\n${stderr}`);
    return { report: JSON.parse(stdout), xml: text };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Fails with every error the Nu HTML Checker reports for `documents` ({ name: html }). */
async function assertValidHtml(documents) {
  const messages = await nuHtmlCheck(documents);
  for (const m of messages.filter((x) => x.type !== 'error')) {
    console.log(`vnu (${m.subType || m.type}, not failing) ${m.doc}:${m.lastLine}: ${m.message}`);
  }
  const errors = messages.filter((m) => m.type === 'error' || m.type === 'non-document-error');
  assert.deepEqual(
    errors.map((m) => `${m.doc}:${m.lastLine}:${m.firstColumn ?? ''} ${m.message} [${(m.extract || '').trim()}]`),
    [],
    'the Nu HTML Checker found errors',
  );
  console.log(`vnu: no errors in ${Object.keys(documents).join(', ')}`);
}

// ---------------------------------------------------------------------------------------
// The flow in the browser
// ---------------------------------------------------------------------------------------

const SETUP = 'team page: the owner switches approval off';
step(SETUP, [], async () => {
  await withDemoPage(async (page) => {
    await page.goto(`${server.baseUrl}/teams/${TEAM}`);
    const settings = formWithButton(page, 'Save review settings');
    const approval = settings.getByLabel('Ask a second team member to approve a review before it is published');
    assert.equal(await approval.isChecked(), true, 'approval is on by default');
    await approval.uncheck();
    await settings.getByRole('button', { name: 'Save review settings' }).click();
    await expectFlash(page, 'Review settings saved.');
    assert.equal(
      await formWithButton(page, 'Save review settings')
        .getByLabel('Ask a second team member to approve a review before it is published')
        .isChecked(),
      false,
      'approval stays off after saving',
    );
    await visitCheck(page, 'team-approval-off');
  });
});

const WRITE = 'incident page: write the public review, edit it with the live preview, publish';
step(WRITE, [SETUP], async () => {
  await withDemoPage(async (page) => {
    await page.goto(`${server.baseUrl}/teams/${TEAM}`);
    await page.getByRole('link', { name: DEMO_INCIDENT }).first().click();
    await page.waitForURL((url) => /^\/teams\/demo\/incidents\/\d+$/.test(url.pathname));
    state.incidentPath = pathOf(page);
    state.incidentId = Number(/(\d+)$/.exec(state.incidentPath)[1]);
    await assert.doesNotReject(page.getByRole('heading', { level: 2, name: 'Public review' }).waitFor());

    await page.getByRole('button', { name: 'Write the public review' }).click();
    await page.waitForURL((url) => /^\/teams\/demo\/reviews\/\d+$/.test(url.pathname));
    state.reviewId = Number(/(\d+)$/.exec(pathOf(page))[1]);
    await expectFlash(page, 'A first draft is ready, written from the incident. Make it yours.');

    // The draft is written from the incident: its sections and times in UTC are there.
    const textarea = page.locator('#body_markdown');
    const draft = await textarea.inputValue();
    assert.ok(draft.length > 200, `a real draft, not a blank page:\n${draft}`);
    assert.match(draft, /UTC/, 'the draft states the time zone');
    const previewBody = page.locator('#preview-pane .review-body');
    assert.ok((await previewBody.innerText()).trim().length > 100, 'the preview shows the draft');
    assert.match(await page.locator('#workflow-heading + p').innerText(), /Draft: only the team sees it\./);
    await visitCheck(page, 'editor-first-draft');

    // Typing refreshes the preview through htmx, without saving.
    await page.getByLabel('Title').fill(FLOW_TITLE);
    const edited = `${draft.trimEnd()}\n\n## Live preview check\n\n${LIVE_MARKER}\n`;
    const previewRequest = page.waitForRequest(
      (r) => r.method() === 'POST' && r.url().endsWith(`${editorPath(state.reviewId)}/preview`) && r.headers()['hx-request'] === 'true',
    );
    await textarea.fill(edited);
    await previewRequest;
    await assert.doesNotReject(
      previewBody.getByText(LIVE_MARKER).waitFor({ timeout: 10_000 }),
      'the live preview shows the typed sentence',
    );
    await assert.doesNotReject(
      page.locator('#preview-pane').getByRole('heading', { name: 'Live preview check' }).waitFor(),
      'the Markdown heading is rendered as a heading',
    );
    assert.equal(pathOf(page), editorPath(state.reviewId), 'still on the editor, nothing submitted');
    assert.equal(await textarea.inputValue(), edited, 'the textarea keeps what was typed while the preview swaps');
    await screenshot(page, 'editor-live-preview');

    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expectFlash(page, 'Saved.');
    await assertHeading(page, new RegExp(`^${FLOW_TITLE}`));
    assert.equal(await page.locator('#body_markdown').inputValue(), edited.replace(/\r\n/g, '\n'));
    await visitCheck(page, 'editor-saved');

    // No "Send for review" with approval off; Publish is offered straight from the draft.
    assert.equal(await page.getByRole('button', { name: 'Send for review' }).count(), 0);
    await page.getByRole('button', { name: 'Publish', exact: true }).click();
    const flash = await expectFlash(page, /^Published at \/reviews\/[a-z0-9-]+\.$/);
    state.slug = /\/reviews\/([a-z0-9-]+)\./.exec(flash)[1];
    assert.match(await page.locator('#workflow-heading + p').innerText(), /Published\./);
    const publicLink = page.getByRole('link', { name: `/reviews/${state.slug}` });
    assert.equal(await publicLink.getAttribute('href'), `/reviews/${state.slug}`);
    await visitCheck(page, 'editor-published');
  });
});

const NOJS = 'editor without JavaScript: the Preview button renders the unsaved text';
step(NOJS, [WRITE], async () => {
  await withDemoPage(
    async (page) => {
      await page.goto(`${server.baseUrl}${editorPath(state.reviewId)}`);
      const textarea = page.locator('#body_markdown');
      const before = await textarea.inputValue();
      await textarea.fill(`${before.trimEnd()}\n\n${NOJS_MARKER}\n`);
      await page.getByRole('button', { name: 'Preview', exact: true }).click();
      await page.waitForLoadState();
      await assert.doesNotReject(
        page.locator('#preview-pane .review-body').getByText(NOJS_MARKER).waitFor({ timeout: 10_000 }),
        'the server-rendered preview shows the unsaved sentence',
      );
      assert.match(await textarea.inputValue(), new RegExp(NOJS_MARKER.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')), 'the text is kept in the form');
      await screenshot(page, 'editor-preview-no-js');
    },
    { javaScriptEnabled: false },
  );
  // Previewing saved nothing: the published page and the saved draft do not have it.
  const { text } = await fetchHtml(`/reviews/${state.slug}`);
  assert.ok(!text.includes(NOJS_MARKER), 'the preview did not publish anything');
});

const PUBLIC = 'public page as an anonymous visitor: read it and answer "Was this review clear?"';
step(PUBLIC, [WRITE], async () => {
  await withAnonymousPage(async (page) => {
    const response = await page.goto(`${server.baseUrl}/reviews/${state.slug}`);
    assert.equal(response.status(), 200);
    assert.match(response.headers()['content-type'], /^text\/html/);
    assert.equal(response.headers()['cache-control'], 'public, max-age=60');
    assert.match(response.headers().etag || '', /^"[0-9a-f]+"$/, 'a strong ETag');
    await assertHeading(page, FLOW_TITLE);
    assert.ok(await page.locator('.review-body').getByText(LIVE_MARKER).isVisible(), 'the saved text is public');
    // The impact window in UTC, as <time> elements.
    const times = page.locator('dl.impact time');
    assert.ok((await times.count()) >= 1, 'the impact window has <time> elements');
    for (const datetime of await times.evaluateAll((els) => els.map((e) => e.getAttribute('datetime')))) {
      assert.match(datetime, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/, 'datetime in UTC');
    }
    assert.match(await times.first().innerText(), / UTC$/);
    // Link previews and the feed link.
    assert.equal(await page.locator('meta[property="og:title"]').getAttribute('content'), FLOW_TITLE);
    assert.equal(await page.locator('link[rel="alternate"][type="application/atom+xml"]').getAttribute('href'), '/reviews/feed.atom');
    // The public page has no script at all.
    assert.equal(await page.locator('script').count(), 0, 'no script on the public page');
    await visitCheck(page, 'public-review');

    // Was this review clear?
    const feedback = page.locator('#feedback');
    await assert.doesNotReject(feedback.getByRole('heading', { name: 'Was this review clear?' }).waitFor());
    // The honeypot is moved off-screen (Playwright still calls that "visible").
    const trap = await feedback.getByLabel('Leave this empty').boundingBox();
    assert.ok(trap && trap.x + trap.width <= 0, `the honeypot is off-screen: ${JSON.stringify(trap)}`);
    assert.equal(await feedback.getByLabel('Leave this empty').getAttribute('tabindex'), '-1');
    await feedback.getByLabel('Yes').check();
    await feedback.getByLabel('What could be clearer? (optional)').fill(FEEDBACK_COMMENT);
    await feedback.getByRole('button', { name: 'Send feedback' }).click();
    await assertHeading(page, 'Thank you');
    await visitCheck(page, 'public-feedback-thanks');
    await page.getByRole('link', { name: 'Back to the review' }).click();
    await assertHeading(page, FLOW_TITLE);
  });

  // The team sees the answer, escaped.
  await withDemoPage(async (page) => {
    await page.goto(`${server.baseUrl}${editorPath(state.reviewId)}`);
    const section = page.locator('section').filter({ has: page.getByRole('heading', { name: 'Reader feedback' }) });
    assert.match(await section.innerText(), /1 found it clear, 0 did not\./);
    assert.ok(await section.getByText(FEEDBACK_COMMENT, { exact: true }).isVisible(), 'the comment is shown as text');
    assert.equal(await section.locator('b').count(), 0, 'the comment is not rendered as HTML');
    await visitCheck(page, 'editor-with-feedback');
  });
});

const INDEX = 'public index: listed, filters, axe';
step(INDEX, [WRITE], async () => {
  await withAnonymousPage(async (page) => {
    await page.goto(`${server.baseUrl}/reviews`);
    const link = page.getByRole('link', { name: FLOW_TITLE });
    assert.equal(await link.count(), 1, 'the review is on the index');
    assert.equal(await link.getAttribute('href'), `/reviews/${state.slug}`);
    await visitCheck(page, 'public-index');

    // Filter by this month: still listed. By a month long ago: "No reviews match."
    const month = await page.getByLabel('Month').locator('option').nth(1).getAttribute('value');
    assert.match(month, /^\d{4}-\d\d$/, 'the month filter offers the publication month');
    await page.getByLabel('Month').selectOption(month);
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.waitForURL((url) => url.searchParams.get('month') === month);
    assert.equal(await page.getByRole('link', { name: FLOW_TITLE }).count(), 1, `listed in ${month}`);
    await page.goto(`${server.baseUrl}/reviews?month=2001-01`);
    assert.ok(await page.getByText('No reviews match.').isVisible());
    await visitCheck(page, 'public-index-empty');
  });
});

const VNU = 'Nu HTML Checker: the public review page, the index and the thank-you page';
step(VNU, [WRITE], async () => {
  const documents = {
    'public-review': (await fetchHtml(`/reviews/${state.slug}`)).text,
    'public-index': (await fetchHtml('/reviews')).text,
    'public-index-filtered': (await fetchHtml('/reviews?month=2001-01')).text,
  };
  // A bot's feedback (the honeypot filled) answers the same thank-you page and stores nothing.
  const thanks = await fetch(`${server.baseUrl}/reviews/${state.slug}/feedback`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ clear: 'yes', comment: 'buy now', website: 'https://spam.example' }),
  });
  assert.equal(thanks.status, 200);
  documents['public-feedback-thanks'] = await thanks.text();
  await assertValidHtml(documents);
});

const CACHE = 'public page: strong ETag answers 304, compression on request';
step(CACHE, [WRITE], async () => {
  const first = await fetch(`${server.baseUrl}/reviews/${state.slug}`);
  const etag = first.headers.get('etag');
  assert.ok(etag, 'an ETag');
  assert.ok(!etag.startsWith('W/'), `a strong ETag, not ${etag}`);
  const again = await fetch(`${server.baseUrl}/reviews/${state.slug}`, { headers: { 'If-None-Match': etag } });
  assert.equal(again.status, 304);
  for (const encoding of ['gzip', 'br']) {
    const compressed = await fetch(`${server.baseUrl}/reviews/${state.slug}`, {
      headers: { 'Accept-Encoding': encoding },
    });
    assert.equal(compressed.headers.get('content-encoding'), encoding, `${encoding} on request`);
  }
});

const TOKEN = 'account page: an API token for the API steps';
step(TOKEN, [], async () => {
  await withDemoPage(async (page) => {
    await page.goto(`${server.baseUrl}/account`);
    await page.getByLabel('New token for').fill('Review e2e');
    await page.getByRole('button', { name: 'Create token' }).click();
    await assertHeading(page, 'New API token: Review e2e');
    state.token = (await page.locator('#new-token').innerText()).trim();
    assert.match(state.token, /^hs_[A-Za-z0-9_-]{20,}$/);
  });
});

const FEED = 'Atom feed: feedparser reads it without errors, stable ids, updated times';
step(FEED, [WRITE], async () => {
  const { report, xml } = await parseFeed();
  console.log(`feedparser ${report.feedparser}: version ${report.version}, bozo ${report.bozo}, ${report.entries.length} entries`);
  assert.equal(report.bozo, 0, `feedparser: ${report.bozo_exception}\n${xml.slice(0, 2000)}`);
  assert.equal(report.version, 'atom10');
  assert.ok(report.feed.id, 'the feed has an id');
  assert.ok(report.feed.updated, 'the feed has an updated time');
  assert.equal(report.feed.self, `${server.baseUrl}/reviews/feed.atom`);
  const entry = report.entries.find((e) => e.title === FLOW_TITLE);
  assert.ok(entry, `an entry for the review in ${JSON.stringify(report.entries)}`);
  assert.ok(entry.id, 'the entry has an id');
  assert.ok(!entry.id.includes(state.slug) || entry.id.startsWith('tag:'), 'a stable id');
  assert.match(entry.updated, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  assert.equal(entry.link, `${server.baseUrl}/reviews/${state.slug}`);
  assert.equal(entry.content_type, 'text/html');
  assert.ok(entry.content_length > 100, 'full content');
  // The same id on a second fetch.
  const again = (await parseFeed()).report.entries.find((e) => e.title === FLOW_TITLE);
  assert.equal(again.id, entry.id);
  state.feed = { id: entry.id, updated: entry.updated, published: entry.published };
});

const CORRECTION = 'a correction: edited in the editor, published with a change note, same feed id, newer updated';
step(CORRECTION, [WRITE, FEED], async () => {
  // The feed's times have whole seconds: let one pass so "newer" can show.
  await new Promise((resolve) => setTimeout(resolve, 1_100));
  const etagBefore = (await fetch(`${server.baseUrl}/reviews/${state.slug}`)).headers.get('etag');
  await withDemoPage(async (page) => {
    await page.goto(`${server.baseUrl}${editorPath(state.reviewId)}`);
    assert.match(await page.locator('#workflow-heading + p').innerText(), /Edit it to draft a correction/);
    const textarea = page.locator('#body_markdown');
    await textarea.fill(`${(await textarea.inputValue()).trimEnd()}\n\nCorrection: the impact ended at 13:25 UTC, not 13:20 UTC.\n`);
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expectFlash(page, 'Saved.');
    assert.match(await page.locator('#workflow-heading + p').innerText(), /A correction is being drafted/);
    // The published version stays up meanwhile.
    const { text } = await fetchHtml(`/reviews/${state.slug}`);
    assert.ok(!text.includes('not 13:20 UTC'), 'the unpublished correction is not public yet');
    await page.getByLabel('What this correction changes (shown on the public page)').fill(CORRECTION_NOTE);
    await page.getByRole('button', { name: 'Publish', exact: true }).click();
    await expectFlash(page, `Published at /reviews/${state.slug}.`);
  });
  await withAnonymousPage(async (page) => {
    const response = await page.goto(`${server.baseUrl}/reviews/${state.slug}`);
    assert.notEqual(response.headers().etag, etagBefore, 'a new ETag after the correction');
    assert.ok(await page.locator('.review-body').getByText('not 13:20 UTC').isVisible());
    const revisions = page.locator('section.revisions');
    assert.match(await revisions.innerText(), new RegExp(`Updated \\d{4}-\\d\\d-\\d\\d: ${CORRECTION_NOTE.replace('.', '\\.')}`));
    await visitCheck(page, 'public-review-corrected');
  });
  await assertValidHtml({ 'public-review-corrected': (await fetchHtml(`/reviews/${state.slug}`)).text });

  const { report } = await parseFeed();
  assert.equal(report.bozo, 0, `feedparser: ${report.bozo_exception}`);
  const entries = report.entries.filter((e) => e.title === FLOW_TITLE);
  assert.equal(entries.length, 1, 'still one entry for the review');
  const [entry] = entries;
  assert.equal(entry.id, state.feed.id, 'the same entry id after the correction');
  assert.equal(entry.published, state.feed.published, 'the same published time');
  assert.ok(Date.parse(entry.updated) > Date.parse(state.feed.updated), `updated moved on: ${state.feed.updated} -> ${entry.updated}`);
  assert.ok(Date.parse(report.feed.updated) >= Date.parse(entry.updated), 'the feed is as new as its newest entry');
});

const KO_TITLE = '10월 21일 두 시간 동안 이름 조회가 되지 않았습니다';
const KO_MARKER = '실시간 미리 보기 확인: 13:20 UTC에 리졸버가 다시 응답했습니다.';

const TRANSLATION = 'a Korean translation: its editor with the live preview, published, read in Korean, its own feed';
step(TRANSLATION, [WRITE, FEED, CORRECTION], async () => {
  await withDemoPage(async (page) => {
    await page.goto(`${server.baseUrl}${editorPath(state.reviewId)}`);
    await page.getByRole('link', { name: 'Start the Korean translation' }).click();
    await page.waitForURL((url) => url.pathname === `${editorPath(state.reviewId)}/translations/ko`);
    await assertHeading(page, 'Korean translation');
    await visitCheck(page, 'translation-empty');
    await page.getByLabel('Title in Korean').fill(KO_TITLE);
    const previewRequest = page.waitForRequest(
      (r) => r.method() === 'POST' && r.url().endsWith('/translations/ko/preview') && r.headers()['hx-request'] === 'true',
    );
    await page.locator('#body_markdown').fill(`## 요약\n\n${KO_MARKER}\n\n## 개선할 내용\n\n- 두 번째 DNS 제공업체\n`);
    await previewRequest;
    await assert.doesNotReject(
      page.locator('#preview-pane .review-body').getByText(KO_MARKER).waitFor({ timeout: 10_000 }),
      'the live preview shows the Korean text',
    );
    assert.equal(await page.locator('#preview-pane .review-body').getAttribute('lang'), 'ko');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expectFlash(page, 'Translation saved.');
    await page.getByRole('button', { name: 'Publish the Korean translation' }).click();
    await expectFlash(page, `Translation published at /reviews/${state.slug}?lang=ko.`);
    await visitCheck(page, 'translation-published');
  });
  await withAnonymousPage(async (page) => {
    // A Korean-speaking visitor on the English page finds the Korean one.
    await page.goto(`${server.baseUrl}/reviews/${state.slug}`);
    assert.equal(await page.locator('html').getAttribute('lang'), 'ko');
    await page.getByRole('link', { name: '한국어로 읽기' }).click();
    await page.waitForURL((url) => url.search === '?lang=ko');
    await assertHeading(page, KO_TITLE);
    assert.ok(await page.locator('.review-body').getByText(KO_MARKER).isVisible());
    await visitCheck(page, 'public-review-korean');
    await page.getByRole('link', { name: 'Read in English' }).click();
    await page.waitForURL((url) => url.search === '?lang=en');
    assert.equal(await page.locator('html').getAttribute('lang'), 'en');
    await assertHeading(page, FLOW_TITLE);
  }, { locale: 'ko-KR' });
  await assertValidHtml({
    'public-review-korean': (await fetchHtml(`/reviews/${state.slug}?lang=ko`)).text,
    'public-index-korean': (await fetchHtml('/reviews?lang=ko')).text,
  });

  const { report, xml } = await parseFeed('/reviews/feed.atom?lang=ko');
  assert.equal(report.bozo, 0, `feedparser: ${report.bozo_exception}\n${xml.slice(0, 2000)}`);
  assert.equal(report.version, 'atom10');
  assert.equal(report.feed.language, 'ko');
  assert.equal(report.feed.self, `${server.baseUrl}/reviews/feed.atom?lang=ko`);
  assert.deepEqual(report.entries.map((e) => e.title), [KO_TITLE]);
  const [entry] = report.entries;
  assert.equal(entry.link, `${server.baseUrl}/reviews/${state.slug}?lang=ko`);
  assert.notEqual(entry.id, state.feed.id, 'the translation is its own entry');
  const english = (await parseFeed()).report;
  assert.equal(english.bozo, 0);
  assert.ok(english.entries.every((e) => e.title !== KO_TITLE), 'the English feed stays English');
});

// ---------------------------------------------------------------------------------------
// XSS in real Chromium
// ---------------------------------------------------------------------------------------

/** The corpus, split as tests/app/reviews.rs splits it. */
const CORPUS = readFileSync(path.join(here, '..', 'fixtures', 'xss', 'vectors.txt'), 'utf8')
  .split('\n---\n')
  .map((v) => v.trim())
  .filter((v) => v.length > 0);

/**
 * The editor's preview is swapped in by htmx, which acts on hx-* attributes (and, with its
 * defaults, on inline scripts) in what it swaps: these must not survive the sanitizer.
 */
const HTMX_VECTORS = [
  '<div hx-on:click="alert(\'htmx-on\')" hx-on::load="alert(\'htmx-load\')">htmx on click</div>',
  '<div data-hx-on-click="alert(\'data-hx-on\')">data-hx-on click</div>',
  '<a hx-get="/logout" hx-trigger="load" hx-target="body">htmx load get</a>',
  '<span hx-post="/account" hx-trigger="mouseover">htmx mouseover post</span>',
  '<img src="x" hx-on:htmx:load="alert(\'htmx-img\')">',
];

/**
 * Set before any page script: every dialog function and a `window.__xss(tag)` sentinel
 * record into `window.__xssCalls`. The vectors call alert/confirm/prompt; anything they
 * call is recorded even if the dialog itself is swallowed.
 */
function installSentinel() {
  const calls = [];
  Object.defineProperty(window, '__xssCalls', { value: calls });
  window.__xss = (tag) => calls.push(`__xss(${tag})`);
  for (const name of ['alert', 'confirm', 'prompt', 'print']) {
    const original = window[name];
    window[name] = function (...args) {
      calls.push(`${name}(${args.map(String).join(', ')})`);
      return original.apply(this, args);
    };
  }
  // Clicks may run javascript: links (which we want to see) but never leave the page.
  document.addEventListener(
    'click',
    (event) => {
      const link = event.target instanceof Element ? event.target.closest('a[href], area[href]') : null;
      if (link && !/^\s*(javascript|vbscript|data):/i.test(link.getAttribute('href').replace(/[\u0000-\u0020]/g, ''))) {
        event.preventDefault();
      }
    },
    true,
  );
  document.addEventListener('submit', (event) => event.preventDefault(), true);
}

const DANGEROUS_ELEMENTS = [
  'script', 'iframe', 'frame', 'frameset', 'object', 'embed', 'applet', 'form', 'input', 'button',
  'textarea', 'select', 'style', 'link', 'meta', 'base', 'svg', 'math', 'template', 'noscript',
  'video', 'audio', 'source', 'marquee', 'bgsound', 'layer', 'ilayer', 'xml', 'xss',
];
const URL_ATTRIBUTES = ['href', 'src', 'action', 'formaction', 'xlink:href', 'background', 'poster', 'lowsrc', 'dynsrc', 'data', 'srcset', 'cite', 'longdesc', 'usemap'];

/** What in `selector` could run script, as a list of sentences (empty when clean). */
async function dangerousMarkup(page, selector) {
  return page.evaluate(
    ({ selector, elements, urlAttributes }) => {
      const problems = [];
      const roots = [...document.querySelectorAll(selector)];
      if (roots.length === 0) return [`no ${selector} on the page`];
      for (const root of roots) {
        for (const el of root.querySelectorAll('*')) {
          const tag = el.localName;
          if (elements.includes(tag)) problems.push(`<${tag}> element: ${el.outerHTML.slice(0, 160)}`);
          for (const attr of el.attributes) {
            const name = attr.name.toLowerCase();
            const value = attr.value.replace(/[\u0000-\u0020]/g, '').toLowerCase();
            if (name.startsWith('on')) problems.push(`${name} handler on <${tag}>: ${attr.value.slice(0, 120)}`);
            if (name === 'style') problems.push(`style attribute on <${tag}>: ${attr.value.slice(0, 120)}`);
            if (/^(data-)?hx-|^hx:/.test(name)) problems.push(`htmx attribute ${name} on <${tag}>`);
            if (urlAttributes.includes(name) && /(^|,)(javascript|vbscript|data|livescript):/.test(value)) {
              problems.push(`${name}="${attr.value.slice(0, 120)}" on <${tag}>`);
            }
          }
          if (tag === 'a' && el.hasAttribute('href')) {
            const rel = (el.getAttribute('rel') || '').split(/\s+/);
            if (!rel.includes('nofollow') || !rel.includes('noopener')) {
              problems.push(`link without rel="nofollow noopener": ${el.outerHTML.slice(0, 160)}`);
            }
          }
        }
      }
      return problems;
    },
    { selector, elements: DANGEROUS_ELEMENTS, urlAttributes: URL_ATTRIBUTES },
  );
}

/**
 * Hovers, focuses and clicks every element in `selector` with the real mouse and keyboard
 * where it is visible, and dispatches the usual events to every element besides, so any
 * handler that survived would run. Resolves to how many elements it went through.
 */
async function poke(page, selector) {
  const elements = page.locator(`${selector} *`);
  const count = await elements.count();
  for (let i = 0; i < count; i += 1) {
    const el = elements.nth(i);
    await el.scrollIntoViewIfNeeded({ timeout: 1_000 }).catch(() => {});
    const box = await el.boundingBox().catch(() => null);
    if (box && box.width > 0 && box.height > 0) {
      const x = box.x + Math.min(box.width / 2, 5);
      const y = box.y + Math.min(box.height / 2, 5);
      await page.mouse.move(x, y);
      await page.mouse.click(x, y);
      await page.mouse.dblclick(x, y);
    }
    await el.focus({ timeout: 1_000 }).catch(() => {});
    await page.keyboard.press('Enter').catch(() => {});
  }
  await page.evaluate((sel) => {
    const types = [
      'mouseover', 'mouseenter', 'mousemove', 'mousedown', 'mouseup', 'click', 'dblclick',
      'contextmenu', 'focus', 'focusin', 'blur', 'keydown', 'keyup', 'keypress', 'input',
      'change', 'wheel', 'scroll', 'copy', 'paste', 'drag', 'dragstart', 'drop', 'pointerover',
      'pointerdown', 'pointerup', 'animationstart', 'transitionend', 'toggle', 'load', 'error',
    ];
    for (const el of document.querySelectorAll(`${sel} *`)) {
      for (const type of types) el.dispatchEvent(new Event(type, { bubbles: true, cancelable: true }));
    }
  }, selector);
  // onerror/onload of images and any timers get a moment.
  await page.waitForTimeout(1_000);
  return count;
}

/**
 * Opens `url` on a page with the sentinel, every non-local request aborted (and listed),
 * dialogs and page errors recorded, then checks `selector` and pokes everything in it.
 */
async function assertNoScriptRuns(context, url, selector, label, beforeChecks = async () => {}) {
  await context.addInitScript(installSentinel);
  const local = new URL(server.baseUrl).host;
  const external = [];
  await context.route('**/*', (route) => {
    const target = new URL(route.request().url());
    if (target.host === local) return route.continue();
    external.push(route.request().url());
    return route.abort();
  });
  const page = await context.newPage();
  const dialogs = [];
  const pageErrors = [];
  const consoleErrors = [];
  page.on('dialog', (dialog) => {
    dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    dialog.dismiss().catch(() => {});
  });
  page.on('pageerror', (error) => pageErrors.push(String(error.message || error)));
  page.on('console', (msg) => {
    if (msg.type() === 'error') consoleErrors.push(msg.text());
  });
  page.on('popup', (popup) => dialogs.push(`popup: ${popup.url()}`));

  const response = await page.goto(url);
  assert.equal(response.status(), 200, `GET ${url}`);
  await page.waitForLoadState('load');
  await beforeChecks(page);
  const problems = await dangerousMarkup(page, selector);
  const poked = await poke(page, selector);
  assert.equal(new URL(page.url()).pathname, new URL(url).pathname, 'still on the page after clicking everything');
  const calls = await page.evaluate(() => [...window.__xssCalls]);
  await screenshot(page, `xss-${label}`);

  console.log(
    `xss ${label}: ${poked} elements poked; ${external.length} outside request(s) aborted` +
      `${external.length ? ` (${[...new Set(external)].slice(0, 5).join(', ')}…)` : ''}; ` +
      `${consoleErrors.length} console error(s)`,
  );
  for (const e of consoleErrors.slice(0, 10)) console.log(`  console: ${e.slice(0, 200)}`);
  assert.deepEqual(dialogs, [], `${label}: dialogs opened`);
  assert.deepEqual(calls, [], `${label}: script ran`);
  assert.deepEqual(pageErrors, [], `${label}: page errors (script ran and failed)`);
  assert.deepEqual(problems, [], `${label}: dangerous markup in ${selector}`);
  return { page, consoleErrors };
}

const XSS_PUBLISH = 'XSS: the corpus is published through the API';
step(XSS_PUBLISH, [SETUP, WRITE, TOKEN], async () => {
  assert.ok(CORPUS.length >= 50, `the corpus has ${CORPUS.length} vectors`);
  const body = [...CORPUS, ...HTMX_VECTORS, '<p onclick="__xss(\'control\')">control paragraph</p>'].join('\n\n');
  const created = await api('POST', `/api/v1/incidents/${state.incidentId}/reviews`, {
    title: 'Hostile markup review',
    body_markdown: body,
  });
  assert.equal(created.status, 201, created.text);
  const published = await api('POST', `/api/v1/reviews/${created.json.id}/publish`, {});
  assert.equal(published.status, 200, published.text);
  assert.match(published.json.slug, /^[a-z0-9-]+$/);
  state.xss = { id: created.json.id, slug: published.json.slug };
  console.log(`xss: ${CORPUS.length} corpus vectors and ${HTMX_VECTORS.length} htmx vectors published at /reviews/${state.xss.slug}`);
});

const XSS_PUBLIC = 'XSS: nothing runs on the public page (sanitizer alone, CSP bypassed)';
step(XSS_PUBLIC, [XSS_PUBLISH], async () => {
  const context = await newAxeContext(browser); // bypassCSP: only the sanitizer protects
  try {
    await assertNoScriptRuns(context, `${server.baseUrl}/reviews/${state.xss.slug}`, '.review-body', 'public');
  } finally {
    await context.close();
  }
});

const XSS_EDITOR = 'XSS: nothing runs in the editor preview, loaded and swapped in by htmx (CSP bypassed)';
step(XSS_EDITOR, [XSS_PUBLISH], async () => {
  const context = await newAxeContext(browser);
  try {
    const signIn = await context.newPage();
    await signInAt(signIn, server.baseUrl, server.demo);
    await signIn.close();
    const { page } = await assertNoScriptRuns(
      context,
      `${server.baseUrl}${editorPath(state.xss.id)}`,
      '#preview-pane .review-body',
      'editor-loaded',
    );
    // Type, so htmx fetches the preview of the corpus and swaps it in; then check again.
    const swapped = page.waitForResponse((r) => r.url().endsWith(`${editorPath(state.xss.id)}/preview`));
    await page.locator('#body_markdown').press('End');
    await page.locator('#body_markdown').type(' ');
    assert.equal((await swapped).status(), 200);
    await page.waitForTimeout(500); // htmx settles the swap
    const problems = await dangerousMarkup(page, '#preview-pane .review-body');
    const poked = await poke(page, '#preview-pane .review-body');
    const calls = await page.evaluate(() => [...window.__xssCalls]);
    await screenshot(page, 'xss-editor-swapped');
    console.log(`xss editor-swapped: ${poked} elements poked`);
    assert.equal(pathOf(page), editorPath(state.xss.id), 'still on the editor');
    assert.deepEqual(calls, [], 'editor after the htmx swap: script ran');
    assert.deepEqual(problems, [], 'editor after the htmx swap: dangerous markup');
  } finally {
    await context.close();
  }
});

const XSS_CSP = 'XSS: the public page under the real CSP (violations are blocked attempts, logged)';
step(XSS_CSP, [XSS_PUBLISH], async () => {
  const context = await browser.newContext(); // CSP enforced
  try {
    await context.addInitScript(() => {
      window.__cspViolations = [];
      document.addEventListener('securitypolicyviolation', (e) =>
        window.__cspViolations.push(`${e.violatedDirective} blocked ${e.blockedURI || '(inline)'}`),
      );
    });
    const { page } = await assertNoScriptRuns(
      context,
      `${server.baseUrl}/reviews/${state.xss.slug}`,
      '.review-body',
      'public-csp',
    );
    const violations = await page.evaluate(() => window.__cspViolations);
    console.log(`xss public-csp: ${violations.length} CSP violation(s) (blocked, not failing)`);
    for (const v of [...new Set(violations)].slice(0, 10)) console.log(`  csp: ${v}`);
  } finally {
    await context.close();
  }
});

const RETRACT = 'retraction: 410 Gone with the reason, out of the index and the feed';
step(RETRACT, [XSS_PUBLISH], async () => {
  const retracted = await api('POST', `/api/v1/reviews/${state.xss.id}/retract`, {
    reason: 'Published by mistake: this was a sanitizer test.',
  });
  assert.equal(retracted.status, 200, retracted.text);
  const { text } = await fetchHtml(`/reviews/${state.xss.slug}`, 410);
  assert.match(text, /Published by mistake: this was a sanitizer test\./);
  await withAnonymousPage(async (page) => {
    const response = await page.goto(`${server.baseUrl}/reviews/${state.xss.slug}`);
    assert.equal(response.status(), 410);
    await assertHeading(page, 'This review was retracted');
    await visitCheck(page, 'public-retracted');
  });
  const index = (await fetchHtml('/reviews')).text;
  assert.ok(!index.includes(`/reviews/${state.xss.slug}"`), 'not on the index');
  const { report } = await parseFeed();
  assert.equal(report.bozo, 0);
  assert.ok(!report.entries.some((e) => e.title === 'Hostile markup review'), 'not in the feed');
  await assertValidHtml({ 'public-retracted': text });
});

// The editor axe check is in WRITE (visitCheck on every editor state); checkA11y is used
// directly here only for the editor with a correction's change-note field showing.
const EDITOR_A11Y = 'editor: axe with the correction form open';
step(EDITOR_A11Y, [WRITE], async () => {
  await withDemoPage(async (page) => {
    await page.goto(`${server.baseUrl}${editorPath(state.reviewId)}`);
    const textarea = page.locator('#body_markdown');
    await textarea.fill(`${(await textarea.inputValue()).trimEnd()}\n\nOne more sentence.\n`);
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expectFlash(page, 'Saved.');
    await assert.doesNotReject(page.getByLabel('What this correction changes (shown on the public page)').waitFor());
    await checkA11y(page, 'editor with a correction drafted');
  });
});
