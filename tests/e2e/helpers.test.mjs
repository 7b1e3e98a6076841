// Checks on the checkers: axe must fail a page with a serious violation, so that a
// passing suite means something.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, newAxeContext, checkA11y } from './helpers.mjs';

let browser;

before(async () => {
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
});

test('checkA11y fails on serious violations and names the rule and element', async () => {
  const context = await newAxeContext(browser);
  const page = await context.newPage();
  try {
    await page.setContent(`<!doctype html><html lang="en"><head><title>Bad page</title></head>
      <body><main><h1>Bad page</h1>
      <img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" id="no-alt">
      <input id="unlabelled" type="text">
      </main></body></html>`);
    await assert.rejects(checkA11y(page, 'bad page'), (error) => {
      assert.match(error.message, /image-alt/);
      assert.match(error.message, /#no-alt/);
      assert.match(error.message, /label/);
      assert.match(error.message, /#unlabelled/);
      return true;
    });
  } finally {
    await context.close();
  }
});

test('checkA11y passes a clean page', async () => {
  const context = await newAxeContext(browser);
  const page = await context.newPage();
  try {
    await page.setContent(`<!doctype html><html lang="en"><head><title>Good page</title></head>
      <body><main><h1>Good page</h1><label for="f">Name</label><input id="f" type="text"></main></body></html>`);
    await checkA11y(page, 'good page');
  } finally {
    await context.close();
  }
});
