// Browser end-to-end test of the React example (examples/react, built into the demo's static
// files) against a running cluster:
//
//   node src/test/e2e/react.e2e.mjs [--out=DIR] http://127.0.0.1:PORT
//
// Opens /examples/react/index.html on the node (which serves it in the demo profile), runs a report job,
// reloads the page while it runs and sees the hook pick the request up again and follow it to its
// end. Drives Debian's /usr/bin/chromium (or $CHROMIUM) with playwright-core; downloads nothing.

import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';

import { chromium } from 'playwright-core';

const args = process.argv.slice(2);
const out = resolve(
  args.find((a) => a.startsWith('--out='))?.slice(6) ?? join(dirname(fileURLToPath(import.meta.url)), '../../../target/e2e'),
);
const node = args.find((a) => !a.startsWith('--'));
if (!node) {
  console.error('usage: react.e2e.mjs [--out=DIR] <web node URL>');
  process.exit(2);
}
const executablePath = process.env.CHROMIUM ?? '/usr/bin/chromium';
if (!existsSync(executablePath)) {
  console.error(`${executablePath} is missing: install Debian's chromium (apt-get install chromium)`);
  process.exit(3);
}
const STEP = 30_000;

let browser;

before(async () => {
  mkdirSync(out, { recursive: true });
  browser = await chromium.launch({
    executablePath,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
});

after(async () => {
  await browser?.close();
});

test('the hook follows a job through a reload to its result', { timeout: 4 * STEP }, async () => {
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (error) => errors.push(String(error)));
  page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
  await page.goto(new URL('/examples/react/index.html', node).toString());
  await page.getByRole('heading', { name: 'Backchannel with React' }).waitFor({ timeout: STEP });

  await page.getByLabel('Steps').fill('6');
  await page.getByTestId('run').click();
  const request = page.getByTestId('request');
  await request.and(page.locator('[data-status="RUNNING"]')).waitFor({ timeout: STEP });
  const id = await page.locator('[data-testid="request"] code').textContent();

  // Mid-job: the page starts over, the client resumes its socket, the hook finds the request.
  await page.reload();
  await page.locator('[data-testid="request"] code', { hasText: id }).waitFor({ timeout: STEP });
  await request.and(page.locator('[data-status="SUCCEEDED"]')).waitFor({ timeout: STEP });
  assert.equal(await page.getByTestId('progress').getAttribute('value'), '100');
  const result = JSON.parse(await page.getByTestId('result').textContent());
  assert.equal(result.steps, 6);
  await page.screenshot({ path: join(out, 'react-example.png'), fullPage: true });
  assert.deepEqual(errors, []);
  await page.close();
});
