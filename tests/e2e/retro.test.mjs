// A live retrospective meeting in two browsers, against the --demo data: the demo
// administrator facilitates, a second person (made here: account, password link, team
// membership) takes part. Phase changes reload the other page through the live stream;
// cards, votes, notes and actions arrive live without a reload; anonymous cards stay
// hidden (not even in the DOM or the stream) until the facilitator reveals them.
// Every phase page is screenshotted and checked with axe-core.
//
// The steps share one server, one meeting and two browser contexts, and run in order;
// after a failed step the later ones are skipped rather than failing for the same reason.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
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
  trackLiveStreams,
  markDocument,
  waitForLive,
  storySteps,
  expectText,
  assertHeading,
} from './helpers.mjs';

const TEAM = { slug: 'demo', name: 'Demo team' };
const DEMO_INCIDENT = 'DDoS attack against Managed DNS';
const FACILITATOR_NAME = 'Demo Admin';
const PARTICIPANT = {
  name: 'Bo Participant',
  email: 'bo@example.com',
  password: 'a long participant password',
};

const PROMPT = 'What went well';
const CARD = 'The DNS failover runbook was easy to follow at 3 a.m.';
const THEME = 'Runbooks that work under pressure';
const NOTE = 'Keep the runbook next to the alert, not in the wiki.';
const ACTION = 'Link the failover runbook from every DNS alert';
const DUE = '2030-01-31';

let server;
let browser;
/** The facilitator's (demo administrator's) and the participant's contexts and pages. */
let fac;
let par;
let facContext;
let parContext;
let retroUrl;
let retroId;
let promptId;
let themeId;

before(async () => {
  server = await startServer({ demo: true });
  assert.ok(server.demo, `no demo sign-in line on stdout:\n${server.stdout()}`);
  browser = await launchBrowser();
  facContext = await newAxeContext(browser);
  parContext = await newAxeContext(browser);
  await trackLiveStreams(facContext);
  await trackLiveStreams(parContext);
  fac = await facContext.newPage();
  par = await parContext.newPage();
});

after(async () => {
  await facContext?.close();
  await parContext?.close();
  await browser?.close();
  await server?.stop();
});


const step = storySteps({
  onFailure: async () => {
    await screenshot(fac, 'failure-facilitator').catch(() => {});
    await screenshot(par, 'failure-participant').catch(() => {});
  },
});

/** What the meeting showed that `todo` tests look at after it. */
const observed = {};

function escapeRegExp(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Whether the page still shows the document markDocument marked (so: no reload). */
async function sameDocument(page) {
  return page.evaluate(() => Boolean(window.__e2eOldDocument));
}

/** What the page's live stream has received so far, as one string. */
async function streamText(page) {
  return page.evaluate(() => window.__e2eLive.events.map((e) => `${e.type}: ${e.data}`).join('\n'));
}

/**
 * Pages reloaded by hand because the live stream's "reload" did not reach them (see the
 * `todo` test at the end): what changed, and whose page.
 */
const reloadedByHand = [];

/** Marks the page's document and returns how many live events it has received so far. */
async function mark(page) {
  await markDocument(page);
  return page.evaluate(() => window.__e2eLive.events.length);
}

/**
 * Waits for `page`, which someone else's change should reload through the live stream,
 * to show a fresh, connected document. Should the old document get later live events
 * (the actor's page rejoining, say) and still stay put, the "reload" was lost: the page is
 * reloaded by hand, so that the rest of the meeting can still be tested, and noted.
 */
async function followReload(page, who, what, eventsBefore, { grace = 2_000, timeout = 10_000 } = {}) {
  const start = Date.now();
  let laterEventAt = null;
  for (;;) {
    let state = null;
    try {
      state = await page.evaluate(() => ({
        old: Boolean(window.__e2eOldDocument),
        synced: Boolean(window.__e2eLive.synced),
        events: window.__e2eLive.events.length,
        ready: document.readyState,
      }));
    } catch (error) {
      if (!/context was destroyed|navigat|Cannot find context/i.test(String(error.message))) throw error;
    }
    if (state && !state.old) {
      await waitForLive(page, { what: `the ${who}'s live stream` });
      return true;
    }
    if (state && state.events > eventsBefore && laterEventAt === null) laterEventAt = Date.now();
    const now = Date.now();
    if ((laterEventAt !== null && now - laterEventAt > grace) || now - start > timeout) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  reloadedByHand.push(`${what}: the ${who}'s page`);
  console.log(`retro: the ${who}'s page did not reload by itself after ${what}; reloading it by hand`);
  await page.reload();
  await waitForLive(page, { what: `the ${who}'s live stream` });
  return false;
}

/**
 * Runs `action`, taken on `actor` (whose form post redirects it to the meeting page again),
 * for a change that reloads everyone: waits until both pages show a fresh document whose
 * live stream is connected.
 */
async function bothReloadAfter(actor, what, action) {
  const other = actor === fac ? par : fac;
  const otherName = actor === fac ? 'participant' : 'facilitator';
  await mark(actor);
  const before = await mark(other);
  await action();
  await waitForLive(actor, { what: 'the live stream of the one acting' });
  await followReload(other, otherName, what, before);
}

/** The facilitator moves the meeting on; the participant's page follows. */
async function advanceTo(phase) {
  const next = fac.getByRole('button', { name: `Next: ${phase}`, exact: true });
  assert.equal(await next.count(), 1, `the facilitator has a "Next: ${phase}" button`);
  await bothReloadAfter(fac, `the move to ${phase}`, () => next.click());
  for (const [who, page] of [['facilitator', fac], ['participant', par]]) {
    await expectText(page.locator('#phase-title'), phase, `the ${who}'s phase heading`);
    const current = page
      .getByRole('navigation', { name: 'Meeting phases' })
      .locator('li[aria-current="step"]');
    await expectText(current, phase, `the ${who}'s current phase in the phase list`);
  }
}

/** One prompt's column, by its heading. */
function promptColumn(page, title) {
  return page
    .locator('section.prompt')
    .filter({ has: page.getByRole('heading', { level: 3, name: title, exact: true }) });
}

step('a second person gets an account, sets a password and joins the team', async () => {
  await signInAt(fac, server.baseUrl, server.demo);

  await fac.goto(`${server.baseUrl}/admin/users`);
  const add = formWithButton(fac, 'Create account');
  await add.getByLabel('Name', { exact: true }).fill(PARTICIPANT.name);
  await add.getByLabel('Email', { exact: true }).fill(PARTICIPANT.email);
  await add.getByRole('button', { name: 'Create account' }).click();
  await assertHeading(fac, `Account created for ${PARTICIPANT.name}`);
  const link = fac.locator('.secret-link a');
  await link.waitFor();
  const href = await link.getAttribute('href');
  assert.match(href, /\/reset-password\?token=\S+/, `password link ${href}`);

  // The new person sets a password in their own browser.
  await par.goto(new URL(href, server.baseUrl).href);
  await par.getByLabel(/^New password(?! again)/).fill(PARTICIPANT.password);
  await par.getByLabel('New password again').fill(PARTICIPANT.password);
  await par.getByRole('button', { name: 'Save password' }).click();
  await par.waitForURL((url) => url.pathname === '/login');

  // The administrator adds them to the demo team as a member.
  await fac.goto(`${server.baseUrl}/teams/${TEAM.slug}`);
  await fac.getByLabel('Email of their account').fill(PARTICIPANT.email);
  await fac.getByLabel(/^Role(?! of)/).selectOption('member');
  await fac.getByRole('button', { name: 'Add member' }).click();
  await fac.waitForLoadState();
  const members = fac.getByRole('table', { name: `Members of ${TEAM.name}` });
  await members.getByRole('cell', { name: PARTICIPANT.email }).waitFor();
  assert.equal(
    await members.getByRole('combobox', { name: `Role of ${PARTICIPANT.name}` }).inputValue(),
    'member',
  );

  await signInAt(par, server.baseUrl, PARTICIPANT);
  assert.equal(await par.getByRole('button', { name: 'Sign out' }).count(), 1, 'the participant is signed in');
});

step('the facilitator starts an anonymous retrospective from the incident page', async () => {
  await fac.goto(`${server.baseUrl}/teams/${TEAM.slug}`);
  await fac.getByRole('link', { name: DEMO_INCIDENT }).click();
  await fac.waitForURL((url) => /^\/teams\/demo\/incidents\/\d+$/.test(url.pathname));
  await fac.getByRole('heading', { level: 2, name: 'Retrospectives' }).waitFor();
  await fac.getByText('Start a retrospective', { exact: true }).click();
  const form = formWithButton(fac, 'Start retrospective');
  await form.waitFor({ state: 'visible' });
  const facilitator = form.getByLabel('Facilitator');
  assert.equal(
    (await facilitator.locator('option:checked').innerText()).trim(),
    FACILITATOR_NAME,
    'the one starting the retro facilitates by default',
  );
  assert.deepEqual(
    (await facilitator.locator('option').allInnerTexts()).map((t) => t.trim()).sort(),
    [PARTICIPANT.name, FACILITATOR_NAME].sort(),
    'every member may facilitate',
  );
  assert.equal(await form.getByLabel('Votes per person').inputValue(), '3');
  assert.equal(await form.getByLabel('Anonymous cards (recommended)').isChecked(), true, 'anonymous by default');
  await visitCheck(fac, 'incident-start-retro');

  await form.getByRole('button', { name: 'Start retrospective' }).click();
  await fac.waitForURL((url) => /^\/teams\/demo\/retros\/\d+$/.test(url.pathname));
  retroUrl = fac.url();
  retroId = Number(/\/retros\/(\d+)$/.exec(pathOf(fac))[1]);
  await assertHeading(fac, `Retrospective: ${DEMO_INCIDENT}`);
  await waitForLive(fac);
  await expectText(fac.locator('#phase-title'), 'Prepare', 'a retro starts in Prepare');
  assert.match(await fac.getByText(/facilitated by/).first().innerText(), /facilitated by Demo Admin · anonymous cards · 3 votes each/);
});

step('both people are on the meeting page and see each other there', async () => {
  await par.goto(retroUrl);
  await waitForLive(par);
  await assertHeading(par, `Retrospective: ${DEMO_INCIDENT}`);
  const both = `Here now: ${[FACILITATOR_NAME, PARTICIPANT.name].sort((a, b) => a.localeCompare(b)).join(', ')}`;
  await expectText(fac.locator('#presence'), both, "presence on the facilitator's page");
  await expectText(par.locator('#presence'), both, "presence on the participant's page");

  // Only the facilitator moves the meeting on.
  await fac.getByRole('button', { name: 'Next: Timeline', exact: true }).waitFor();
  assert.equal(await par.getByRole('button', { name: /^Next: / }).count(), 0, 'no phase buttons for the participant');
  assert.match(await fac.locator('#board').innerText(), /Facilitator: Welcome everyone/);
  assert.doesNotMatch(await par.locator('#board').innerText(), /Facilitator:/);
  await visitCheck(fac, 'prepare-facilitator');
  await visitCheck(par, 'prepare-participant');
});

step('Timeline, then Reflect: the participant\'s page follows each phase change by itself', async () => {
  await advanceTo('Timeline');
  assert.ok((await fac.locator('#retro-timeline > li').count()) > 0, 'the incident timeline is shown');
  await visitCheck(fac, 'timeline');

  await advanceTo('Reflect');
  await fac.getByRole('button', { name: 'Back to Timeline', exact: true }).waitFor();
  await fac.getByRole('button', { name: 'Reveal cards', exact: true }).waitFor();
  const column = promptColumn(fac, PROMPT);
  assert.equal(await column.count(), 1, `a "${PROMPT}" column`);
  promptId = Number(/^prompt-(\d+)-title$/.exec(await column.locator('h3').getAttribute('id'))[1]);
  await expectText(fac.locator(`#prompt-${promptId}-count`), '0 cards', 'an empty column');
  await expectText(par.locator(`#prompt-${promptId}-count`), '0 cards', 'an empty column');
  await visitCheck(fac, 'reflect-facilitator');
  await visitCheck(par, 'reflect-participant');
});

step('a card: the facilitator sees the count change live, but not the text (anonymous)', async () => {
  await markDocument(fac);
  await markDocument(par);
  const column = promptColumn(par, PROMPT);
  await column.getByLabel(`Add a card: ${PROMPT}`, { exact: true }).fill(CARD);
  await column.getByRole('button', { name: 'Add card' }).click();
  await waitForLive(par);

  // The author sees their card, marked as theirs only for them.
  const own = par.locator(`#prompt-${promptId}-cards > li`);
  await expectText(par.locator(`#prompt-${promptId}-count`), '1 card', "the participant's count");
  assert.equal(await own.count(), 1, 'the author sees their card');
  assert.match(await own.innerText(), new RegExp(escapeRegExp(CARD)));
  assert.match(await own.innerText(), /— you \(others do not see who wrote it\)/);
  await visitCheck(par, 'reflect-own-card');

  // The facilitator: the count, live, on the same document; no text anywhere.
  await expectText(fac.locator(`#prompt-${promptId}-count`), '1 card', "the facilitator's count, live");
  assert.equal(await sameDocument(fac), true, "the facilitator's page did not reload");
  assert.equal(await fac.locator(`#prompt-${promptId}-cards > li`).count(), 0, 'no card shown to others');
  assert.equal((await fac.content()).includes(CARD), false, "the card's text is not in the facilitator's DOM");
  const stream = await streamText(fac);
  assert.ok(stream.includes(`prompt-${promptId}-count`), 'the count came over the stream');
  assert.equal(stream.includes(CARD), false, "the card's text never reached the facilitator's stream");
  assert.equal(stream.includes(PARTICIPANT.email), false);
  await visitCheck(fac, 'reflect-count-only');
});

step('the facilitator reveals the cards: both see the text, nobody sees who wrote it', async () => {
  await bothReloadAfter(fac, 'the reveal', () =>
    fac.getByRole('button', { name: 'Reveal cards', exact: true }).click(),
  );
  assert.equal(await fac.getByRole('button', { name: 'Reveal cards' }).count(), 0, 'revealed once');

  const seen = fac.locator(`#prompt-${promptId}-cards > li`);
  await expectText(seen.locator('p').first(), CARD, "the card on the facilitator's page");
  const facCard = await seen.innerText();
  assert.equal(facCard.includes(PARTICIPANT.name), false, 'no author name after the reveal');
  assert.equal(facCard.includes('—'), false, 'no author line at all for others');
  assert.equal((await fac.locator('#board').innerText()).includes(PARTICIPANT.name), false);

  const own = par.locator(`#prompt-${promptId}-cards > li`);
  await expectText(own.locator('p').first(), CARD, "the card on the participant's page");
  assert.equal((await own.innerText()).includes(PARTICIPANT.name), false, 'not even the author sees a name');
  await visitCheck(fac, 'reflect-revealed');
});

step('Group: a theme is created and the card moved into it, on both pages', async () => {
  await advanceTo('Group');
  await visitCheck(fac, 'group-empty');

  await fac.getByLabel('New theme', { exact: true }).fill(THEME);
  await bothReloadAfter(fac, 'a new theme', () => fac.getByRole('button', { name: 'Create theme' }).click());
  const theme = par.locator('section.theme').filter({
    has: par.getByRole('heading', { level: 3, name: THEME, exact: true }),
  });
  assert.equal(await theme.count(), 1, 'the participant sees the new theme');
  themeId = Number(/^theme-(\d+)$/.exec(await theme.getAttribute('id'))[1]);

  // The participant moves the card into it, with the select (no drag and drop needed).
  const card = par.locator('#ungrouped li.retro-card').filter({ hasText: CARD });
  assert.equal(await card.count(), 1, 'the card starts outside any theme');
  await card.getByLabel('Theme of this card').selectOption({ label: THEME });
  await bothReloadAfter(par, 'a card moved into a theme', () => card.getByRole('button', { name: 'Move' }).click());

  for (const [who, page] of [['facilitator', fac], ['participant', par]]) {
    assert.equal(
      await page.locator(`#theme-${themeId} li.retro-card`).filter({ hasText: CARD }).count(),
      1,
      `the card is in the theme on the ${who}'s page`,
    );
    assert.equal(await page.locator('#ungrouped li.retro-card').count(), 0, `nothing ungrouped for the ${who}`);
  }
  await visitCheck(fac, 'group-facilitator');
  await visitCheck(par, 'group-participant');
});

step('Vote: both vote, and each sees the other\'s vote arrive live', async () => {
  await advanceTo('Vote');
  const votes = (page) => page.locator(`#theme-${themeId}-votes`);
  const left = (page) => page.getByText(/ of your 3 votes left\.$/);
  await expectText(votes(fac), '0 votes', 'no votes yet');
  await expectText(left(fac), '3 of your 3 votes left.', 'all votes left');
  await visitCheck(fac, 'vote-empty');

  // The facilitator votes; the participant's page updates without reloading.
  await markDocument(par);
  await markDocument(fac);
  await fac.getByRole('button', { name: `Vote for ${THEME}`, exact: true }).click();
  await waitForLive(fac);
  await expectText(votes(fac), '1 vote', "the facilitator's count");
  await expectText(left(fac), '2 of your 3 votes left.', "the facilitator's votes left");
  await expectText(votes(par), '1 vote', "the participant's count, live");
  assert.equal(await sameDocument(par), true, "the participant's page did not reload");

  // The participant votes, takes it back, and votes again; the facilitator follows live.
  await markDocument(fac);
  await markDocument(par);
  await par.getByRole('button', { name: `Vote for ${THEME}`, exact: true }).click();
  await waitForLive(par);
  await expectText(votes(fac), '2 votes', "the facilitator's count, live");
  await markDocument(par);
  await par.getByRole('button', { name: `Take a vote back from ${THEME}`, exact: true }).click();
  await waitForLive(par);
  await expectText(votes(par), '1 vote', 'a vote taken back');
  await expectText(left(par), '3 of your 3 votes left.', 'the vote is back');
  await expectText(votes(fac), '1 vote', "the facilitator's count, live");
  await markDocument(par);
  await par.getByRole('button', { name: `Vote for ${THEME}`, exact: true }).click();
  await waitForLive(par);
  await expectText(votes(par), '2 votes', "the participant's count");
  await expectText(left(par), '2 of your 3 votes left.', "the participant's votes left");
  await expectText(votes(fac), '2 votes', "the facilitator's count, live");
  assert.equal(await sameDocument(fac), true, "the facilitator's page did not reload for votes");
  await visitCheck(fac, 'vote-facilitator');
  await visitCheck(par, 'vote-participant');
});

step('Discuss: a note from the participant arrives live on the facilitator\'s page', async () => {
  await advanceTo('Discuss');
  const heading = fac.locator(`#theme-${themeId} h3`);
  await expectText(heading, `1. ${THEME} 2 votes`, 'themes in vote order, with their votes');
  await visitCheck(fac, 'discuss');
  await visitCheck(par, 'discuss-participant');

  await markDocument(fac);
  await markDocument(par);
  await par.getByLabel(`Add a note on ${THEME}`, { exact: true }).fill(NOTE);
  await par.getByRole('button', { name: 'Add note' }).click();
  await waitForLive(par);
  const noteLine = new RegExp(`^${escapeRegExp(NOTE)} — ${PARTICIPANT.name}$`);
  await expectText(par.locator(`#theme-${themeId}-notes > li`), noteLine, "the participant's note");
  await screenshot(par, 'discuss-note-participant');
  await checkA11y(par, 'discuss with a note (participant)');
  // Checked in `todo` tests below: the note's id (note-N) is also the id of the note
  // form's textarea for theme N, and the form's <label for> finds the note first.
  // (axe files duplicate-id-aria under "needs review", not as a violation.)
  Object.assign(observed, await par.evaluate(() => {
    const counts = new Map();
    for (const element of document.querySelectorAll('[id]')) counts.set(element.id, (counts.get(element.id) || 0) + 1);
    const textareas = [...document.querySelectorAll('form[action$="/notes"] textarea')];
    return {
      duplicateIds: [...counts].filter(([, n]) => n > 1).map(([id]) => id),
      unlabelledNoteFields: textareas.filter((t) => t.labels.length === 0).map((t) => `textarea#${t.id}`),
    };
  }));

  // The facilitator gets it live, without a reload.
  await fac.locator('#board').getByText(NOTE).waitFor({ timeout: 10_000 });
  assert.equal(await sameDocument(fac), true, "the facilitator's page did not reload");
  await screenshot(fac, 'discuss-note-facilitator-live');
  // Where it lands, and whether the note form survives, is checked in `todo` tests below.
  observed.liveNoteInList = await fac.locator(`#theme-${themeId}-notes > li`).filter({ hasText: NOTE }).count();
  observed.liveNoteFormFields = await formWithButton(fac, 'Add note').locator('textarea').count();

  // Loaded afresh, the facilitator's page lists the note under the theme.
  await fac.reload();
  await waitForLive(fac);
  await expectText(fac.locator(`#theme-${themeId}-notes > li`), noteLine, "the note in the theme's notes");
});

step('Actions: the facilitator adds an action, the participant sees it live', async () => {
  await advanceTo('Actions');
  await visitCheck(fac, 'actions-empty');

  const form = formWithButton(fac, 'Add action');
  await form.getByLabel('What will we do?').fill(ACTION);
  await form.getByLabel('From theme').selectOption({ label: THEME });
  await form.getByLabel('Type').selectOption('detect');
  await form.getByLabel('Owner').selectOption({ label: PARTICIPANT.name });
  await form.getByLabel('Priority').selectOption('P1');
  await form.getByLabel('Due date').fill(DUE);
  await markDocument(fac);
  await markDocument(par);
  await form.getByRole('button', { name: 'Add action' }).click();
  await waitForLive(fac);

  const expected = [ACTION, 'detect', PARTICIPANT.name, 'P1', DUE, 'open'];
  for (const [who, page] of [['facilitator', fac], ['participant', par]]) {
    const row = page.locator('#retro-actions > tr');
    await row.first().waitFor({ timeout: 10_000 });
    assert.equal(await row.count(), 1, `one action on the ${who}'s page`);
    assert.deepEqual(
      (await row.locator('td').allInnerTexts()).map((t) => t.trim()),
      expected,
      `the action's row on the ${who}'s page`,
    );
  }
  assert.equal(await sameDocument(par), true, "the participant's page did not reload");
  await visitCheck(fac, 'actions-facilitator');
  await visitCheck(par, 'actions-participant');
});

step('Closed: the summary has the attendees, the theme with its votes, the note and the action', async () => {
  await advanceTo('Closed');
  for (const [who, page] of [['facilitator', fac], ['participant', par]]) {
    assert.equal(await page.getByRole('button', { name: /^(Next: |Back to )/ }).count(), 0, `no phase buttons for the ${who}`);
    const board = page.locator('#board');
    const attendees = board.getByRole('heading', { level: 3, name: 'Attendees' }).locator('xpath=following-sibling::p[1]');
    assert.deepEqual(
      (await attendees.innerText()).split(',').map((n) => n.trim()).sort(),
      [FACILITATOR_NAME, PARTICIPANT.name].sort(),
      `attendees on the ${who}'s page`,
    );
    const theme = board.locator('section.theme').filter({ has: page.getByRole('heading', { level: 4 }) });
    assert.equal(await theme.count(), 1, `one theme in the ${who}'s summary`);
    assert.equal((await theme.getByRole('heading', { level: 4 }).innerText()).trim(), `${THEME} 2 votes`);
    const themeText = await theme.innerText();
    assert.ok(themeText.includes(CARD), `the card in the ${who}'s summary`);
    assert.ok(themeText.includes(NOTE), `the note in the ${who}'s summary`);
    assert.equal(themeText.includes(PARTICIPANT.name), false, 'still no author in the summary');
    const action = board.locator('#retro-actions > tr');
    assert.equal(await action.count(), 1);
    assert.equal((await action.locator('td').first().innerText()).trim(), ACTION);
  }
  await visitCheck(fac, 'closed-facilitator');
  await visitCheck(par, 'closed-participant');

  const link = fac.getByRole('link', { name: 'Download the summary as Markdown' });
  assert.equal(await link.getAttribute('href'), `/teams/${TEAM.slug}/retros/${retroId}/summary.md`);
  const [download] = await Promise.all([fac.waitForEvent('download'), link.click()]);
  assert.equal(download.suggestedFilename(), `retro-${retroId}.md`);
  const markdown = await readFile(await download.path(), 'utf8');
  assert.ok(markdown.startsWith(`# Retrospective: ${DEMO_INCIDENT}\n`), markdown);
  assert.ok(markdown.includes(`### ${THEME} (2 votes)\n`), `the theme and its votes in:\n${markdown}`);
  assert.ok(markdown.includes(`- ${CARD}\n`), 'the card');
  assert.ok(markdown.includes(`- Note: ${NOTE}\n`), 'the note');
  assert.ok(markdown.includes(`| ${ACTION} | detect | ${PARTICIPANT.name} | P1 | ${DUE} |`), 'the action');
  assert.match(markdown, /## Attendees\n\n(Bo Participant, Demo Admin|Demo Admin, Bo Participant)\n/);
  observed.closed = true;
});

step('presence: when the participant leaves, the facilitator sees only themself', async () => {
  await par.goto(`${server.baseUrl}/teams/${TEAM.slug}`);
  await expectText(fac.locator('#presence'), `Here now: ${FACILITATOR_NAME}`, 'presence after the participant left');
});

step('the meeting page runs under the real Content-Security-Policy, live stream and all', async () => {
  // No axe here, so the context keeps the app's CSP: app.js must connect the stream and
  // apply fragments without inline script.
  const context = await browser.newContext();
  await trackLiveStreams(context);
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || '(inline)'}`);
    });
  });
  const page = await context.newPage();
  const problems = [];
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
  try {
    await signInAt(page, server.baseUrl, PARTICIPANT);
    await page.goto(retroUrl);
    await waitForLive(page, { what: 'the live stream under the real CSP' });
    assert.equal(await page.evaluate(() => typeof window.htmx), 'object', 'htmx loaded');
    const both = `Here now: ${[FACILITATOR_NAME, PARTICIPANT.name].sort((a, b) => a.localeCompare(b)).join(', ')}`;
    await expectText(page.locator('#presence'), both, 'presence under the real CSP');
    await expectText(fac.locator('#presence'), both, "the facilitator's presence line, live");
    await screenshot(page, 'csp-closed');
  } finally {
    await context.close();
  }
  await expectText(fac.locator('#presence'), `Here now: ${FACILITATOR_NAME}`, 'presence after the CSP page closed');
  assert.deepEqual(problems, [], `problems under the real CSP:\n${problems.join('\n')}`);
});

/**
 * A check of something the meeting above once got wrong (the reason says what),
 * skipped when the meeting did not get far enough to tell.
 */
function regressionCheck(name, reason, seen, body) {
  // Fixed in the app: these now run as ordinary tests, `reason` says what they guard.
  test(name, async (t) => {
    if (!seen()) {
      t.skip(`the meeting did not get that far${step.failed() ? ` (failed: ${step.failed()})` : ''}`);
      return;
    }
    await body();
  });
}

regressionCheck(
  'the others\' pages reload by themselves after a phase change, the reveal and theme changes',
  'the live stream sends "event: reload" with no data line (Event::data("")), and browsers drop such events',
  () => observed.closed,
  () => {
    assert.deepEqual(reloadedByHand, [], 'pages that had to be reloaded by hand');
  },
);

regressionCheck(
  'a note that arrives live is listed under its theme, and the note form keeps its text box',
  'the note <li id="note-N"> replaces the element with the same id: the textarea id="note-N" of theme N\'s note form',
  () => observed.liveNoteInList !== undefined,
  () => {
    assert.equal(observed.liveNoteInList, 1, 'the live note in the theme\'s notes list');
    assert.equal(observed.liveNoteFormFields, 1, 'the note form still has its textarea');
  },
);

regressionCheck(
  'the Discuss page with a note has unique ids, and every note form field its label',
  'note <li id="note-N"> and the note form\'s <textarea id="note-N"> (theme N) share an id; <label for="note-N"> then names the <li>',
  () => observed.duplicateIds !== undefined,
  () => {
    const { duplicateIds, unlabelledNoteFields } = observed;
    assert.deepEqual({ duplicateIds, unlabelledNoteFields }, { duplicateIds: [], unlabelledNoteFields: [] });
  },
);
