// A short live retrospective in Korean, against the --demo data: the demo administrator
// switches to Korean, starts a retro from the demo incident and runs it from Prepare to
// Closed, with a second page of theirs open to see a card's count arrive live in Korean.
// Every phase page is screenshotted and checked with axe-core (zero serious or critical
// violations), with the page's language set to Korean.
//
// The steps share one server and one browser context, and run in order; after a failed
// step the later ones are skipped rather than failing for the same reason.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer,
  launchBrowser,
  newAxeContext,
  visitCheck,
  screenshot,
  formWithButton,
  signInAt,
  trackLiveStreams,
  waitForLive,
  storySteps,
  expectText,
  assertHeading,
} from './helpers.mjs';

const TEAM = { slug: 'demo', name: 'Demo team' };
const DEMO_INCIDENT = 'DDoS attack against Managed DNS';
const PROMPT = '잘된 점';
const CARD = '장애 대응 런북이 새벽에도 따라 하기 쉬웠습니다.';
const THEME = '압박 속에서도 통하는 런북';

let server;
let browser;
let context;
/** The facilitator's meeting page, and a second page of theirs that only watches. */
let page;
let watcher;
let retroUrl;
let promptId;

before(async () => {
  server = await startServer({ demo: true });
  assert.ok(server.demo, `no demo sign-in line on stdout:\n${server.stdout()}`);
  browser = await launchBrowser();
  context = await newAxeContext(browser);
  await trackLiveStreams(context);
  page = await context.newPage();
});

after(async () => {
  await context?.close();
  await browser?.close();
  await server?.stop();
});


const step = storySteps({ onFailure: () => screenshot(page, 'failure') });

/** The facilitator moves the meeting on to `phase` (its Korean name). */
async function advanceTo(phase) {
  await page.getByRole('button', { name: `다음 단계: ${phase}`, exact: true }).click();
  await page.waitForLoadState();
  await waitForLive(page);
  await expectText(page.locator('#phase-title'), phase, 'the phase heading');
  const current = page.getByRole('navigation', { name: '회의 단계' }).locator('li[aria-current="step"]');
  await expectText(current, phase, 'the current phase in the phase list');
}

step('the demo administrator switches to Korean', async () => {
  await signInAt(page, server.baseUrl, server.demo);
  await page.goto(`${server.baseUrl}/account`);
  const form = page.locator('form[action="/account/preferences"]');
  await form.locator('#field-language').selectOption('ko');
  await form.locator('#field-time_zone').selectOption('Asia/Seoul');
  // The form comes back to /account, where the page already is: wait for the post's
  // answer, then for the page it leads to.
  await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/account/preferences') && r.request().method() === 'POST'),
    form.locator('button[type="submit"]').click(),
  ]);
  await page.locator('html[lang="ko"]').waitFor({ state: 'attached' });
  assert.equal(await page.locator('html').getAttribute('lang'), 'ko');
});

step('a retrospective starts from the incident page, in Korean', async () => {
  await page.goto(`${server.baseUrl}/teams/${TEAM.slug}`);
  await page.getByRole('link', { name: DEMO_INCIDENT }).click();
  await page.waitForURL((url) => /^\/teams\/demo\/incidents\/\d+$/.test(url.pathname));
  await page.getByRole('heading', { level: 2, name: '회고', exact: true }).waitFor();
  await page.getByText('회고 시작하기', { exact: true }).click();
  const form = formWithButton(page, '회고 시작');
  await form.waitFor({ state: 'visible' });
  assert.equal(
    (await form.getByLabel('템플릿').locator('option:checked').innerText()).trim(),
    '비난 없는 회고 (기본)',
  );
  assert.equal(await form.getByLabel('익명 카드 (권장)').isChecked(), true);
  await visitCheck(page, 'ko-incident-start-retro');

  await form.getByRole('button', { name: '회고 시작' }).click();
  await page.waitForURL((url) => /^\/teams\/demo\/retros\/\d+$/.test(url.pathname));
  retroUrl = page.url();
  await assertHeading(page, `회고: ${DEMO_INCIDENT}`);
  await waitForLive(page);
  await expectText(page.locator('#phase-title'), '준비', 'a retro starts in Prepare');
  assert.match(await page.locator('#board').innerText(), /진행자: 모두 환영합니다/);
  await visitCheck(page, 'ko-prepare');

  watcher = await context.newPage();
  await watcher.goto(retroUrl);
  await waitForLive(watcher, { what: "the watching page's live stream" });
  await expectText(page.locator('#presence'), '지금 참여 중: Demo Admin', 'presence in Korean');
});

step('Timeline and Reflect; a card\'s count reaches the other page live, in Korean', async () => {
  await advanceTo('타임라인');
  await visitCheck(page, 'ko-timeline');
  await advanceTo('돌아보기');
  const column = page
    .locator('section.prompt')
    .filter({ has: page.getByRole('heading', { level: 3, name: PROMPT, exact: true }) });
  assert.equal(await column.count(), 1, `a "${PROMPT}" column`);
  promptId = Number(/^prompt-(\d+)-title$/.exec(await column.locator('h3').getAttribute('id'))[1]);
  await expectText(page.locator(`#prompt-${promptId}-count`), '카드 0장', 'an empty column');
  await visitCheck(page, 'ko-reflect');

  // The watching page follows the phase change (by itself, or by hand if the reload is
  // lost: that is retro.test.mjs's concern, not this test's).
  await watcher.reload();
  await waitForLive(watcher, { what: "the watching page's live stream" });
  await column.getByLabel(`카드 추가: ${PROMPT}`).fill(CARD);
  await column.getByRole('button', { name: '카드 추가', exact: true }).click();
  await page.waitForLoadState();
  await expectText(watcher.locator(`#prompt-${promptId}-count`), '카드 1장', 'the count, live on the other page');
  await watcher
    .locator('.retro-card')
    .filter({ hasText: '— 내가 쓴 카드 (다른 사람에게는 작성자가 보이지 않습니다)' })
    .first()
    .waitFor();
  await visitCheck(watcher, 'ko-reflect-live-card');
  await watcher.close();
});

step('Reveal, Group, Vote, Discuss, Actions and Closed, each in Korean', async () => {
  await page.getByRole('button', { name: '카드 공개', exact: true }).click();
  await page.waitForLoadState();
  await waitForLive(page);
  await advanceTo('묶기');
  await page.getByLabel('새 주제', { exact: true }).fill(THEME);
  await page.getByRole('button', { name: '주제 만들기', exact: true }).click();
  await page.waitForLoadState();
  await page.getByRole('heading', { level: 3, name: THEME }).waitFor();
  await visitCheck(page, 'ko-group');

  await advanceTo('투표');
  await page.getByRole('button', { name: `투표 대상: ${THEME}`, exact: true }).click();
  await page.waitForLoadState();
  await page.getByText('이 주제에 한 내 투표: 1').waitFor();
  await visitCheck(page, 'ko-vote');

  await advanceTo('토론');
  await visitCheck(page, 'ko-discuss');
  await advanceTo('후속 조치');
  await page.getByRole('heading', { level: 3, name: '후속 조치 추가' }).waitFor();
  await visitCheck(page, 'ko-actions');
  await advanceTo('종료');
  await page.getByRole('link', { name: '요약을 Markdown으로 내려받기' }).waitFor();
  await page.getByRole('heading', { level: 3, name: '참석자' }).waitFor();
  await visitCheck(page, 'ko-closed');
});
