// A whole retrospective run with the keyboard alone, against the --demo data: no click(),
// no mouse, no fill(). Every action is page.keyboard.press (Tab, Shift+Tab, Enter, Space,
// arrows) or page.keyboard.type; locators only say which element should have focus, and
// tabTo() presses Tab until it has (so reaching a control is part of the test).
//
// The demo administrator signs in, makes a second person and adds them to the team, opens
// the demo incident, starts a retrospective and facilitates it through every phase; the
// second person (another browser context) follows live and takes part with the keyboard
// too. On the way: focus is visibly marked, and tabbing through a meeting page comes back
// round (nothing traps focus). Pages are checked with axe-core as they are visited.
//
// Steps share one server and run in order; after a failed step the later ones are skipped.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer,
  launchBrowser,
  newAxeContext,
  visitCheck,
  screenshot,
  pathOf,
  trackLiveStreams,
  markDocument,
  waitForLive,
  tabTo,
  focusIndicator,
  describeFocus,
  assertNoFocusTrap,
  storySteps,
} from './helpers.mjs';

const TEAM = { slug: 'demo', name: 'Demo team' };
const DEMO_INCIDENT = 'DDoS attack against Managed DNS';
const FACILITATOR_NAME = 'Demo Admin';
const PARTICIPANT = {
  name: 'Kim Keyboard',
  email: 'kim@example.com',
  password: 'a long keyboard-only password',
};
const PROMPT = 'What went well';
const FAC_CARD = 'Paging reached the on-call engineer within a minute.';
const PAR_CARD = 'The status page update went out before customers asked.';
const THEME = 'Fast first response';
const NOTE = 'Keep the paging drill every quarter.';
const ACTION = 'Add the status page template to the DNS runbook';

let server;
let browser;
let facContext;
let parContext;
let fac;
let par;
let retroUrl;
let themeId;

before(async () => {
  server = await startServer({ demo: true });
  assert.ok(server.demo, `no demo sign-in line on stdout:\n${server.stdout()}`);
  browser = await launchBrowser();
  facContext = await newAxeContext(browser, { locale: 'en-US' });
  parContext = await newAxeContext(browser, { locale: 'en-US' });
  await trackLiveStreams(facContext);
  await trackLiveStreams(parContext);
  fac = await facContext.newPage();
  par = await parContext.newPage();
  // A keyboard-only test must not be rescued by a mouse: fail loudly if anything clicks.
  for (const page of [fac, par]) {
    await page.addInitScript(() => {
      document.addEventListener(
        'mousedown',
        (event) => {
          if (event.isTrusted) window.__e2eMouse = (window.__e2eMouse || 0) + 1;
        },
        true,
      );
    });
  }
});

after(async () => {
  await facContext?.close();
  await parContext?.close();
  await browser?.close();
  await server?.stop();
});


const step = storySteps({
  around: async (body) => {
    await body();
    for (const [who, page] of [['facilitator', fac], ['participant', par]]) {
      const mouse = await page.evaluate(() => window.__e2eMouse || 0).catch(() => 0);
      assert.equal(mouse, 0, `no mouse events on the ${who}'s page`);
    }
  },
  onFailure: async () => {
    await screenshot(fac, 'failure-facilitator').catch(() => {});
    await screenshot(par, 'failure-participant').catch(() => {});
  },
});

/** Waits until `check()` is true (it may throw while a page is between documents). */
async function until(check, message, { timeout = 10_000 } = {}) {
  const deadline = Date.now() + timeout;
  let last = '';
  for (;;) {
    try {
      if (await check()) return;
    } catch (error) {
      if (!/context was destroyed|navigat|Cannot find context/i.test(String(error.message))) throw error;
      last = error.message;
    }
    if (Date.now() > deadline) assert.fail(`${message} (after ${timeout / 1000} s) ${last}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Presses `key` on the focused element and waits for the new document it leads to. */
async function pressAndLoad(page, key = 'Enter') {
  await markDocument(page);
  await page.keyboard.press(key);
  await until(
    () => page.evaluate(() => !window.__e2eOldDocument && document.readyState === 'complete'),
    `pressing ${key} on ${page.url()} did not load a new page`,
  );
}

/** The same, on a live meeting page: waits for the new document's stream too. */
async function pressAndLive(page, key = 'Enter') {
  await markDocument(page);
  await page.keyboard.press(key);
  await waitForLive(page, { what: `the meeting after pressing ${key}` });
}

/** Asserts the focused element shows a visible focus indicator. */
async function assertFocusVisible(page, where) {
  const indicator = await focusIndicator(page);
  assert.ok(
    indicator.visible,
    `focus is visible on ${await describeFocus(page)} (${where}): outline ${indicator.outline}, shadow ${indicator.boxShadow}`,
  );
}

/** Tabs to a form control and types into it. */
async function typeInto(page, locator, text, what) {
  await tabTo(page, locator, { what });
  await page.keyboard.type(text);
}

/**
 * Picks an option of the focused <select> with the arrow keys (a closed select changes
 * its value on ArrowDown/ArrowUp without opening), until its selected text is `label`.
 */
async function chooseWithArrows(page, select, label) {
  await tabTo(page, select, { what: `the select for "${label}"` });
  const state = () =>
    select.evaluate((el) => ({ text: el.selectedOptions[0]?.text.trim(), index: el.selectedIndex, count: el.options.length }));
  let now = await state();
  const texts = await select.evaluate((el) => [...el.options].map((o) => o.text.trim()));
  const target = texts.indexOf(label);
  assert.ok(target >= 0, `"${label}" is one of ${JSON.stringify(texts)}`);
  const key = target > now.index ? 'ArrowDown' : 'ArrowUp';
  for (let i = 0; i < now.count && now.text !== label; i += 1) {
    await page.keyboard.press(key);
    now = await state();
  }
  assert.equal(now.text, label, 'the arrow keys chose the option');
}

/** The facilitator moves the meeting on with the keyboard; the participant's page follows. */
async function advanceTo(phase) {
  const next = fac.getByRole('button', { name: `Next: ${phase}`, exact: true });
  await tabTo(fac, next, { what: `"Next: ${phase}"` });
  await assertFocusVisible(fac, `the Next: ${phase} button`);
  await markDocument(par);
  await pressAndLive(fac);
  await waitForLive(par, { what: `the participant's meeting after the move to ${phase}` });
  for (const page of [fac, par]) {
    await until(
      async () => (await page.locator('#phase-title').innerText()).trim() === phase,
      `both pages show ${phase}`,
    );
  }
}

function promptColumn(page, title) {
  return page
    .locator('section.prompt')
    .filter({ has: page.getByRole('heading', { level: 3, name: title, exact: true }) });
}

step('sign in with the keyboard, and the skip link is the first stop', async () => {
  await fac.goto(`${server.baseUrl}/login`);
  await fac.keyboard.press('Tab');
  assert.equal(
    (await fac.evaluate(() => document.activeElement.textContent)).trim(),
    'Skip to main content',
    'the first Tab reaches the skip link',
  );
  await assertFocusVisible(fac, 'the skip link');
  assert.ok(
    await fac.evaluate(() => document.activeElement.getBoundingClientRect().left >= 0),
    'the skip link is on screen when focused',
  );
  await typeInto(fac, fac.getByLabel('Email'), server.demo.email, 'Email');
  await assertFocusVisible(fac, 'the email field');
  await fac.keyboard.press('Tab');
  assert.equal(await fac.evaluate(() => document.activeElement.getAttribute('type')), 'password', 'Tab goes on to the password');
  await fac.keyboard.type(server.demo.password);
  await pressAndLoad(fac, 'Enter');
  assert.notEqual(pathOf(fac), '/login', 'signed in');
  assert.equal(await fac.getByRole('button', { name: 'Sign out' }).count(), 1);
});

step('the administrator makes an account for a second person and adds them to the team', async () => {
  // Through the header's navigation: Tab to "People", Enter.
  await tabTo(fac, fac.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'People' }), { what: 'People' });
  await pressAndLoad(fac);
  assert.equal(pathOf(fac), '/admin/users');
  await typeInto(fac, fac.getByLabel('Name', { exact: true }), PARTICIPANT.name, 'Name');
  await typeInto(fac, fac.getByLabel('Email', { exact: true }), PARTICIPANT.email, 'Email');
  await tabTo(fac, fac.getByRole('button', { name: 'Create account' }), { what: 'Create account' });
  await pressAndLoad(fac);
  const href = await fac.locator('.secret-link a').getAttribute('href');
  assert.match(href, /\/reset-password\?token=\S+/);

  // The new person opens the link they were given and sets a password.
  await par.goto(new URL(href, server.baseUrl).href);
  await typeInto(par, par.getByLabel(/^New password(?! again)/), PARTICIPANT.password, 'New password');
  await typeInto(par, par.getByLabel('New password again'), PARTICIPANT.password, 'New password again');
  await pressAndLoad(par);
  assert.equal(pathOf(par), '/login');

  // The administrator adds them to the team: Teams → Demo team → Add a member.
  await tabTo(fac, fac.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Teams' }), { what: 'Teams' });
  await pressAndLoad(fac);
  await tabTo(fac, fac.getByRole('link', { name: TEAM.name, exact: true }), { what: TEAM.name });
  await pressAndLoad(fac);
  assert.equal(pathOf(fac), `/teams/${TEAM.slug}`);
  await typeInto(fac, fac.getByLabel('Email of their account'), PARTICIPANT.email, 'Email of their account');
  assert.equal(await fac.getByLabel(/^Role(?! of)/).inputValue(), 'member', 'Member is the default role');
  await tabTo(fac, fac.getByRole('button', { name: 'Add member' }), { what: 'Add member' });
  await pressAndLoad(fac);
  const members = fac.getByRole('table', { name: `Members of ${TEAM.name}` });
  await members.getByRole('cell', { name: PARTICIPANT.email }).waitFor();

  // The second person signs in, with the keyboard too.
  await typeInto(par, par.getByLabel('Email'), PARTICIPANT.email, 'Email');
  await par.keyboard.press('Tab');
  await par.keyboard.type(PARTICIPANT.password);
  await pressAndLoad(par);
  assert.equal(await par.getByRole('button', { name: 'Sign out' }).count(), 1, 'the participant is signed in');
});

step('open the incident and start a retrospective, all from the keyboard', async () => {
  await tabTo(fac, fac.getByRole('link', { name: DEMO_INCIDENT }).first(), { what: DEMO_INCIDENT, max: 400 });
  await assertFocusVisible(fac, 'the incident link');
  await pressAndLoad(fac);
  assert.match(pathOf(fac), /^\/teams\/demo\/incidents\/\d+$/);

  // "Start a retrospective" is a <details>: Enter on its summary opens it.
  const summary = fac.locator('summary', { hasText: 'Start a retrospective' });
  await tabTo(fac, summary, { what: 'Start a retrospective', max: 600 });
  await assertFocusVisible(fac, 'the Start a retrospective summary');
  await fac.keyboard.press('Enter');
  await until(() => summary.evaluate((el) => el.parentElement.open), 'Enter opens the details');
  // Move through the form's fields with Tab: the template, facilitator and votes fields.
  await tabTo(fac, fac.locator('#retro-template'), { what: 'Template', max: 5 });
  await tabTo(fac, fac.locator('#retro-facilitator'), { what: 'Facilitator', max: 5 });
  assert.equal(
    await fac.locator('#retro-facilitator').evaluate((el) => el.selectedOptions[0].text.trim()),
    FACILITATOR_NAME,
  );
  await tabTo(fac, fac.locator('#retro-anonymous'), { what: 'Anonymous cards', max: 5 });
  assert.equal(await fac.locator('#retro-anonymous').isChecked(), true, 'anonymous by default');
  // Space toggles a checkbox: off and on again.
  await fac.keyboard.press('Space');
  assert.equal(await fac.locator('#retro-anonymous').isChecked(), false, 'Space unchecks');
  await fac.keyboard.press('Space');
  assert.equal(await fac.locator('#retro-anonymous').isChecked(), true, 'Space checks');
  await tabTo(fac, fac.getByRole('button', { name: 'Start retrospective' }), { what: 'Start retrospective', max: 10 });
  await pressAndLive(fac);
  assert.match(pathOf(fac), /^\/teams\/demo\/retros\/\d+$/);
  retroUrl = fac.url();
  assert.equal((await fac.locator('#phase-title').innerText()).trim(), 'Prepare');
  await visitCheck(fac, 'prepare-facilitator');
});

step('the participant joins; tabbing through the meeting page comes back round (no trap)', async () => {
  await par.goto(retroUrl);
  await waitForLive(par);
  await until(
    async () => /Kim Keyboard/.test(await fac.locator('#presence').innerText()),
    'the facilitator sees the participant arrive',
  );
  for (const [who, page] of [['facilitator', fac], ['participant', par]]) {
    const stops = await assertNoFocusTrap(page);
    console.log(`keyboard: the ${who}'s Prepare page has ${stops} tab stops, and Tab comes back round`);
  }
  // Shift+Tab walks back too: from the facilitator's "Next" button back to the skip link.
  await tabTo(fac, fac.getByRole('button', { name: 'Next: Timeline', exact: true }), { what: 'Next: Timeline' });
  await tabTo(fac, fac.locator('a.skip-link'), { backwards: true, what: 'the skip link, backwards', max: 50 });
  // The skip link moves focus to the main content.
  await fac.keyboard.press('Enter');
  await until(
    async () => fac.evaluate(() => location.hash === '#main'),
    'the skip link leads to #main',
  );
});

step('Timeline: the participant asks a question about an entry', async () => {
  await advanceTo('Timeline');
  const ask = par.locator('#retro-timeline summary').first();
  await tabTo(par, ask, { what: 'Ask a question', max: 100 });
  await assertFocusVisible(par, 'the Ask a question summary');
  await par.keyboard.press('Enter');
  await par.keyboard.press('Tab');
  assert.equal(await par.evaluate(() => document.activeElement.tagName), 'TEXTAREA', 'Tab goes into the question box');
  await par.keyboard.type('Which alert fired first?');
  await par.keyboard.press('Tab');
  assert.match(await describeFocus(par), /button "Attach question"/);
  await pressAndLive(par);
  await until(
    async () => (await par.locator('#retro-timeline .questions li').allInnerTexts()).some((t) => t.includes('Which alert fired first?')),
    'the question is attached',
  );
  await visitCheck(par, 'timeline-participant');
});

step('Reflect: both type cards with the keyboard; the facilitator sees the count live', async () => {
  await advanceTo('Reflect');
  const promptId = Number(
    /^prompt-(\d+)-title$/.exec(await promptColumn(fac, PROMPT).locator('h3').getAttribute('id'))[1],
  );
  // The participant: Tab to the card box, type, Tab to "Add card", Enter.
  await markDocument(fac);
  const parBox = promptColumn(par, PROMPT).getByLabel(`Add a card: ${PROMPT}`, { exact: true });
  await typeInto(par, parBox, PAR_CARD, 'the card box');
  await assertFocusVisible(par, 'the card text box');
  await par.keyboard.press('Tab');
  assert.match(await describeFocus(par), /button "Add card"/);
  await assertFocusVisible(par, 'the Add card button');
  await pressAndLive(par);
  await until(
    async () => (await par.locator(`#prompt-${promptId}-cards`).innerText()).includes(PAR_CARD),
    'the participant sees their card',
  );
  await until(
    async () => (await fac.locator(`#prompt-${promptId}-count`).innerText()).trim() === '1 card',
    "the facilitator's count changes live",
  );
  assert.equal(await fac.evaluate(() => Boolean(window.__e2eOldDocument)), true, "the facilitator's page did not reload");

  // The facilitator adds one too; Space on the button submits as well as Enter.
  const facBox = promptColumn(fac, PROMPT).getByLabel(`Add a card: ${PROMPT}`, { exact: true });
  await typeInto(fac, facBox, FAC_CARD, 'the card box');
  await fac.keyboard.press('Tab');
  await pressAndLive(fac, 'Space');
  await until(
    async () => (await fac.locator(`#prompt-${promptId}-count`).innerText()).trim() === '2 cards',
    'two cards',
  );
  await visitCheck(par, 'reflect-participant-card');

  // Reveal: everyone's page reloads with the cards shown.
  await tabTo(fac, fac.getByRole('button', { name: 'Reveal cards', exact: true }), { what: 'Reveal cards' });
  await markDocument(par);
  await pressAndLive(fac);
  await waitForLive(par, { what: "the participant's page after the reveal" });
  for (const page of [fac, par]) {
    await until(async () => {
      const text = await page.locator(`#prompt-${promptId}-cards`).innerText();
      return text.includes(PAR_CARD) && text.includes(FAC_CARD);
    }, 'both cards are shown after the reveal');
  }
  await visitCheck(fac, 'reflect-revealed');
});

step('Group: a theme made from both cards, with the keyboard (no drag and drop)', async () => {
  await advanceTo('Group');
  // Enter in a one-line text field submits its form.
  await typeInto(fac, fac.getByLabel('New theme', { exact: true }), THEME, 'New theme');
  await markDocument(par);
  await pressAndLive(fac);
  await waitForLive(par, { what: "the participant's page after the new theme" });
  const theme = fac.locator('section.theme').filter({ has: fac.getByRole('heading', { level: 3, name: THEME, exact: true }) });
  themeId = Number(/^theme-(\d+)$/.exec(await theme.getAttribute('id'))[1]);

  // Each card: Tab to its theme select, arrow to the theme, Tab to "Move", Enter. One card
  // moved by the facilitator, the other by the participant.
  for (const [page, other, text] of [[fac, par, FAC_CARD], [par, fac, PAR_CARD]]) {
    const card = page.locator('#ungrouped li.retro-card').filter({ hasText: text });
    await chooseWithArrows(page, card.getByLabel('Theme of this card'), THEME);
    await assertFocusVisible(page, 'a card\'s theme select');
    await page.keyboard.press('Tab');
    assert.match(await describeFocus(page), /button "Move"/);
    await markDocument(other);
    await pressAndLive(page);
    await waitForLive(other, { what: 'the other page after a card moved' });
  }
  for (const page of [fac, par]) {
    const inTheme = await page.locator(`#theme-${themeId} li.retro-card`).allInnerTexts();
    assert.equal(inTheme.length, 2, 'both cards are in the theme');
    assert.equal(await page.locator('#ungrouped li.retro-card').count(), 0, 'no card left outside a theme');
  }
  await visitCheck(fac, 'group-facilitator');
});

step('Vote: both vote with the keyboard', async () => {
  await advanceTo('Vote');
  const votes = (page) => page.locator(`#theme-${themeId}-votes`);
  for (const page of [fac, par]) {
    await tabTo(page, page.getByRole('button', { name: `Vote for ${THEME}`, exact: true }), { what: 'Vote' });
    await assertFocusVisible(page, 'the Vote button');
    await pressAndLive(page);
  }
  await until(async () => (await votes(fac).innerText()).trim() === '2 votes', 'two votes, live');
  await until(async () => (await votes(par).innerText()).trim() === '2 votes', 'two votes on the participant\'s page');
  // And a vote taken back and cast again.
  await tabTo(par, par.getByRole('button', { name: `Take a vote back from ${THEME}`, exact: true }), { what: 'Take a vote back' });
  await pressAndLive(par);
  await until(async () => (await votes(fac).innerText()).trim() === '1 vote', 'a vote taken back, live');
  await tabTo(par, par.getByRole('button', { name: `Vote for ${THEME}`, exact: true }), { what: 'Vote' });
  await pressAndLive(par);
  await until(async () => (await votes(fac).innerText()).trim() === '2 votes', 'the vote cast again');
  await visitCheck(par, 'vote-participant');
});

step('Discuss: the participant adds a note, the facilitator starts a timer', async () => {
  await advanceTo('Discuss');
  await markDocument(fac);
  await typeInto(par, par.getByLabel(`Add a note on ${THEME}`, { exact: true }), NOTE, 'the note box');
  await par.keyboard.press('Tab');
  assert.match(await describeFocus(par), /button "Add note"/);
  await pressAndLive(par);
  await until(
    async () => (await fac.locator('#board').innerText()).includes(NOTE),
    'the note arrives on the facilitator\'s page',
  );
  // The timer: Tab to the minutes, change them with the arrow keys, Tab, Enter.
  const minutes = fac.getByLabel('Minutes');
  await tabTo(fac, minutes, { what: 'Minutes' });
  await fac.keyboard.press('ArrowUp');
  assert.equal(await minutes.inputValue(), '6', 'ArrowUp adds a minute');
  await fac.keyboard.press('Tab');
  assert.match(await describeFocus(fac), /button "Start timer/);
  await markDocument(par);
  await pressAndLive(fac);
  await until(async () => /Timer: ends at/.test(await fac.locator(`#theme-${themeId}`).innerText()), 'the timer runs');
  await visitCheck(fac, 'discuss-facilitator');
});

step('Actions: the facilitator adds an action item with the keyboard', async () => {
  await advanceTo('Actions');
  const form = fac.locator('form').filter({ has: fac.getByRole('button', { name: 'Add action', exact: true }) });
  await typeInto(fac, form.getByLabel('What will we do?'), ACTION, 'What will we do?');
  await chooseWithArrows(fac, form.getByLabel('From theme'), THEME);
  await chooseWithArrows(fac, form.getByLabel('Owner'), PARTICIPANT.name);
  await chooseWithArrows(fac, form.getByLabel('Priority'), 'P1');
  // The date field takes typed digits, month first in en-US.
  await tabTo(fac, form.getByLabel('Due date'), { what: 'Due date' });
  await fac.keyboard.type('01312030');
  assert.equal(await form.getByLabel('Due date').inputValue(), '2030-01-31', 'the typed date');
  await tabTo(fac, form.getByRole('button', { name: 'Add action' }), { what: 'Add action', max: 10 });
  await markDocument(par);
  await pressAndLive(fac);
  for (const page of [fac, par]) {
    await until(
      async () => (await page.locator('#retro-actions > tr').allInnerTexts()).some((t) => t.includes(ACTION)),
      'the action is listed on both pages',
    );
  }
  const cells = (await fac.locator('#retro-actions > tr').first().locator('td').allInnerTexts()).map((t) => t.trim());
  assert.deepEqual(cells.slice(2, 5), [PARTICIPANT.name, 'P1', '2030-01-31'], 'owner, priority and due date as chosen');
  await visitCheck(fac, 'actions-facilitator');
});

step('Closed: the facilitator closes the meeting; both see the summary', async () => {
  await advanceTo('Closed');
  for (const page of [fac, par]) {
    const board = await page.locator('#board').innerText();
    for (const text of [THEME, FAC_CARD, PAR_CARD, NOTE, ACTION]) {
      assert.ok(board.includes(text), `the summary has "${text}"`);
    }
  }
  // The summary download link is reachable too.
  await tabTo(par, par.getByRole('link', { name: 'Download the summary as Markdown' }), { what: 'the download link' });
  await assertFocusVisible(par, 'the download link');
  const stops = await assertNoFocusTrap(par);
  console.log(`keyboard: the closed meeting has ${stops} tab stops, and Tab comes back round`);
  await visitCheck(fac, 'closed-facilitator');
});
