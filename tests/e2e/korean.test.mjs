// The Korean UI in a real browser, against the --demo data. The demo administrator reads
// the app in English (the browser asks for en-US), picks 한국어 on the account page with
// the keyboard, and from then on reads Korean whatever the browser asks for: the header's
// navigation, the account page, an action item added from the demo incident's page (its
// labels and validation message), the action list and the dashboards with their SVG
// charts. axe-core checks every Korean page (zero serious or critical violations), and
// every page visited is screenshotted.
//
// Steps share one server and one signed-in page and run in order; after a failed step the
// later ones are skipped, naming it.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer,
  launchBrowser,
  newAxeContext,
  visitCheck,
  screenshot,
  pathOf,
  signInAt,
  tabTo,
  formWithButton,
  storySteps,
} from './helpers.mjs';

const TEAM = { slug: 'demo', name: 'Demo team' };
const DEMO_INCIDENT = 'DDoS attack against Managed DNS';
const ADMIN_NAME = 'Demo Admin';
const ITEM = {
  title: 'DNS 쿼리에 출발지 네트워크별 속도 제한 두기',
  due: '2020-01-15',
};

/** The header's links, in order, as an administrator sees them in Korean. */
const KOREAN_NAV = ['팀', '후속 조치', '대시보드', '사용자', '공개 사이트', '감사 로그', '계정'];

let server;
let browser;
let context;
let page;

before(async () => {
  server = await startServer({ demo: true });
  assert.ok(server.demo, `no demo sign-in line on stdout:\n${server.stdout()}`);
  browser = await launchBrowser();
  // The browser asks for English: the Korean the app shows later comes from the setting.
  context = await newAxeContext(browser, { locale: 'en-US' });
  page = await context.newPage();
});

after(async () => {
  await context?.close();
  await browser?.close();
  await server?.stop();
});

const step = storySteps({ onFailure: () => screenshot(page, 'failure') });

async function navLinks() {
  const nav = page.getByRole('navigation', { name: '주 메뉴' });
  return (await nav.locator('ul.nav-links a').allInnerTexts()).map((t) => t.trim());
}

async function heading() {
  return (await page.getByRole('heading', { level: 1 }).first().innerText()).trim();
}

async function rowsOf(table) {
  return table.locator('tbody tr').evaluateAll((rows) =>
    rows.map((row) => [...row.cells].map((cell) => cell.textContent.trim())),
  );
}

step('the account page switches the app to Korean with the keyboard', async () => {
  await signInAt(page, server.baseUrl, server.demo);
  await page.goto(`${server.baseUrl}/account`);
  assert.equal(await page.locator('html').getAttribute('lang'), 'en');
  assert.equal(
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Teams' }).count(),
    1,
    'English before the change',
  );

  const language = page.getByLabel('Language');
  await tabTo(page, language, { what: 'the Language select' });
  // A closed select changes its value with the arrow keys, without opening.
  for (let i = 0; i < 5 && (await language.inputValue()) !== 'ko'; i += 1) {
    await page.keyboard.press('ArrowDown');
  }
  assert.equal(await language.inputValue(), 'ko', 'the arrow keys chose 한국어');
  assert.equal(
    await language.evaluate((el) => el.selectedOptions[0].getAttribute('lang')),
    'ko',
    'the option names its own language, so screen readers pronounce it',
  );
  await tabTo(page, page.getByRole('button', { name: 'Save preferences' }), { what: 'Save preferences' });
  // The form posts and comes back to /account, where the page already is: wait for the
  // response to the post, then for the page it leads to.
  await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/account/preferences') && r.request().method() === 'POST'),
    page.keyboard.press('Enter'),
  ]);
  await page.locator('html[lang="ko"]').waitFor({ state: 'attached' });
  await page.waitForLoadState();

  assert.equal(await page.locator('html').getAttribute('lang'), 'ko');
  assert.deepEqual(await navLinks(), KOREAN_NAV);
  assert.equal(await page.getByRole('button', { name: '로그아웃' }).count(), 1);
  assert.equal((await page.getByRole('status').innerText()).trim(), '환경 설정을 저장했습니다.');
  assert.equal(await heading(), '내 계정');
  assert.equal(await page.getByLabel('언어').inputValue(), 'ko', 'the page shows the saved choice');
  await visitCheck(page, 'account-ko');
});

step('an action item is added in Korean, and an untitled one is refused in Korean', async () => {
  await page.getByRole('navigation', { name: '주 메뉴' }).getByRole('link', { name: '팀' }).click();
  await page.waitForURL((url) => url.pathname === '/teams');
  await page.getByRole('link', { name: TEAM.name, exact: true }).click();
  await page.waitForURL((url) => url.pathname === `/teams/${TEAM.slug}`);
  assert.match(await page.locator('main p.muted').first().innerText(), /^내 역할: /);
  await page.getByRole('link', { name: DEMO_INCIDENT }).click();
  await page.waitForURL((url) => /^\/teams\/demo\/incidents\/\d+$/.test(url.pathname));
  assert.equal(
    (await page.getByRole('heading', { level: 2, name: '타임라인' }).count()),
    1,
    'the incident page speaks Korean',
  );
  await visitCheck(page, 'incident-ko');
  const incidentUrl = page.url();

  const section = page.locator('details').filter({ hasText: '후속 조치 추가' });
  const form = formWithButton(section, '후속 조치 추가');
  await section.locator('summary').click();
  await form.waitFor({ state: 'visible' });
  // Spaces pass the browser's `required` check; the server says what is missing, in Korean.
  await form.getByLabel('무엇을 할까요?').fill('   ');
  await form.getByLabel('유형').selectOption({ label: '예방' });
  await Promise.all([
    page.waitForURL((url) => /^\/teams\/demo\/incidents\/\d+\/actions$/.test(url.pathname)),
    form.getByRole('button', { name: '후속 조치 추가' }).click(),
  ]);
  assert.equal(await heading(), '입력한 내용을 확인해 주세요');
  assert.match(await page.locator('main').innerText(), /제목을 입력해 주세요\./);
  await visitCheck(page, 'refused-ko');

  await page.goto(incidentUrl);
  await section.locator('summary').click();
  await form.waitFor({ state: 'visible' });
  await form.getByLabel('무엇을 할까요?').fill(ITEM.title);
  const types = (await form.getByLabel('유형').locator('option').allInnerTexts()).map((t) => t.trim());
  assert.deepEqual(types, ['예방', '완화', '탐지', '프로세스', '소통']);
  await form.getByLabel('유형').selectOption({ label: '예방' });
  assert.equal(await form.getByLabel('유형').inputValue(), 'prevent', 'the stored value stays as it is');
  await form.getByLabel('담당자').selectOption({ label: ADMIN_NAME });
  await form.getByLabel('우선순위').selectOption('P1');
  await form.getByLabel('기한').fill(ITEM.due);
  await form.getByRole('button', { name: '후속 조치 추가' }).click();
  await page.waitForURL((url) => /^\/teams\/demo\/actions\/\d+$/.test(url.pathname));
  assert.equal((await page.getByRole('status').innerText()).trim(), '후속 조치를 추가했습니다.');
  assert.equal(await heading(), ITEM.title);
  await visitCheck(page, 'action-item-ko');
});

step('the action list is in Korean and passes axe', async () => {
  await page.getByRole('navigation', { name: '주 메뉴' }).getByRole('link', { name: '후속 조치' }).click();
  await page.waitForURL((url) => url.pathname === '/actions');
  assert.equal(await heading(), '내가 맡은 미완료 후속 조치');
  const table = page.getByRole('table', { name: '내가 맡은 미완료 후속 조치' });
  const columns = (await table.locator('thead th').allInnerTexts()).map((t) => t.trim());
  assert.deepEqual(columns, ['조치', '장애', '담당자', '상태', '우선순위', '기한', '유형']);
  assert.deepEqual(await rowsOf(table), [
    [ITEM.title, DEMO_INCIDENT, ADMIN_NAME, '열림', 'P1', '2020년 1월 15일 (기한 지남)', '예방'],
  ]);
  assert.equal(await page.getByLabel('기한 지난 항목만').count(), 1);
  assert.equal(await page.getByRole('link', { name: '이 목록을 CSV로 내려받기' }).count(), 1);
  await visitCheck(page, 'action-list-ko');
});

step('the dashboards and their SVG charts are in Korean and pass axe', async () => {
  await page.getByRole('navigation', { name: '주 메뉴' }).getByRole('link', { name: '대시보드' }).click();
  await page.waitForURL((url) => url.pathname === '/dashboard');
  assert.equal(await heading(), '내 팀 전체의 후속 조치 현황');
  const terms = (await page.locator('dl.stats dt').allInnerTexts()).map((t) => t.trim());
  assert.deepEqual(terms, ['미완료', '기한 지남', '최근 30일 완료', '최근 90일 완료', '최근 장애 10건의 후속 조치 완료율']);
  const captions = (await page.locator('figure.chart figcaption').allInnerTexts()).map((t) => t.trim());
  assert.deepEqual(captions, [
    '우선순위별 미완료 항목',
    '유형별 완료까지 걸린 일수 (중앙값)',
    '우선순위별 완료까지 걸린 일수 (중앙값)',
  ]);
  const chart = page.getByRole('img', { name: '우선순위별 미완료 항목: P1: 1.0건' });
  assert.equal(await chart.count(), 1, 'the chart is named in Korean');
  assert.deepEqual(
    (await chart.locator('text').allTextContents()).map((t) => t.trim()),
    ['P1', '1.0'],
  );
  await visitCheck(page, 'dashboard-ko');

  await page.goto(`${server.baseUrl}/teams/${TEAM.slug}/dashboard`);
  assert.equal(await heading(), `${TEAM.name}의 후속 조치 현황`);
  assert.equal(pathOf(page), `/teams/${TEAM.slug}/dashboard`);
  await visitCheck(page, 'team-dashboard-ko');
});
