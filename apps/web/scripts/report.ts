// The web demo's figures and screenshots, as the e2e tests measure them: the
// site built and served under a sub-path, Debian's Chromium through
// playwright-core.
//
//   pnpm --filter @downhill/web report                 figures only
//   pnpm --filter @downhill/web report --screenshots   and docs/web/*.png at 1280×800, 1920×1080 and 390×844, every tab
//
// Prints: bytes transferred before the first paint and until the lesson's
// network reads; bytes Start fetches with the default settings; the longest
// main-thread task (PerformanceObserver 'longtask') during a 10-epoch default
// run and while drawing, each the median of 3; each tab's height at each size.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { Page } from 'playwright-core';
import { build } from 'vite';
import { launch, median, takeStalls, visitor } from '../test/browser.js';
import { serveStatic } from '../test/static-server.js';

const { values } = parseArgs({ options: { screenshots: { type: 'boolean', default: false } } });
const appDir = fileURLToPath(new URL('..', import.meta.url));
const docs = fileURLToPath(new URL('../../../docs/web/', import.meta.url));
const sizes = [
  { width: 1280, height: 800 },
  { width: 1920, height: 1080 },
  { width: 390, height: 844 },
];

await build({ root: appDir, configFile: join(appDir, 'vite.config.ts'), logLevel: 'error' });
const site = await serveStatic(join(appDir, 'dist'), '/downhill/');
const browser = await launch();
const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;

async function ready(page: Page): Promise<void> {
  await page.waitForFunction(
    () => document.querySelectorAll('#weights canvas').length > 0 && document.querySelector('#status')?.textContent?.includes("lesson's network"),
  );
}

async function start(page: Page): Promise<void> {
  await page.click('#start');
  await page.waitForSelector('#status:is([data-state="done"], [data-state="error"])', { timeout: 300_000 });
  await page.waitForSelector('#mistakes canvas');
}

/** A "3", as a hand writes it: two bows, the pen never lifted. */
async function drawThree(page: Page, steps: number): Promise<void> {
  const box = (await page.locator('#pad').boundingBox())!;
  const at = (u: number, v: number) => [box.x + box.width * u, box.y + box.height * v] as const;
  const path: (readonly [number, number])[] = [];
  for (let k = 0; k <= 24; k++) {
    const t = (k / 24) * Math.PI * 1.25 - Math.PI * 0.75;
    path.push([0.48 + 0.2 * Math.cos(t), 0.32 + 0.15 * Math.sin(t)]);
  }
  for (let k = 0; k <= 28; k++) {
    const t = (k / 28) * Math.PI * 1.4 - Math.PI * 0.5;
    path.push([0.47 + 0.22 * Math.cos(t), 0.65 + 0.18 * Math.sin(t)]);
  }
  await page.mouse.move(...at(...path[0]!));
  await page.mouse.down();
  const per = Math.max(1, Math.round(steps / path.length));
  for (const point of path.slice(1)) await page.mouse.move(...at(...point), { steps: per });
  await page.mouse.up();
}

try {
  // Bytes: before the first paint and until the lesson's network reads, for three new visitors.
  const firstPaint: number[] = [],
    untilReady: number[] = [];
  for (let i = 0; i < 3; i++) {
    const v = await visitor(browser);
    await v.page.goto(site.url);
    await ready(v.page);
    const bytes = await v.page.evaluate(() => {
      const paint = performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? Number.POSITIVE_INFINITY;
      const navigation = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
      const resources = performance.getEntriesByType('resource') as PerformanceResourceTiming[];
      return {
        before: resources.filter((r) => r.responseEnd <= paint).reduce((n, r) => n + r.transferSize, navigation.transferSize),
        all: resources.reduce((n, r) => n + r.transferSize, navigation.transferSize),
      };
    });
    firstPaint.push(bytes.before);
    untilReady.push(bytes.all);
    await v.context.close();
  }
  console.log(
    `bytes before the first paint: ${kib(median(firstPaint))}; until the lesson's network reads: ${kib(median(untilReady))} (gzip as served, medians of 3)`,
  );

  // Start with the default settings, then the stalls of three default runs and three drawings.
  const v = await visitor(browser);
  const { page } = v;
  const mnist: number[] = [];
  page.on('requestfinished', async (request) => {
    if (!request.url().includes('/mnist/')) return;
    const sizes = await request.sizes();
    mnist.push(sizes.responseBodySize + sizes.responseHeadersSize);
  });
  await page.goto(site.url);
  await ready(page);
  const said = await page.textContent('#status');
  const runs: number[] = [],
    drawing: number[] = [];
  for (let i = 0; i < 3; i++) {
    await takeStalls(page);
    await start(page);
    await page.waitForTimeout(300);
    runs.push((await takeStalls(page)).longest);
    if (i === 0) {
      console.log(
        `Start with the default settings: ${(Number(await page.getAttribute('#summary', 'data-downloaded')) / 1e6).toFixed(2)} MB of MNIST in ${mnist.length} files (${(mnist.reduce((a, b) => a + b, 0) / 1e6).toFixed(2)} MB with headers); the page said before Start: "${said}"`,
      );
    }
    await page.click('#clear');
    await drawThree(page, 90);
    await page.waitForTimeout(300);
    drawing.push((await takeStalls(page)).longest);
  }
  const ms = (xs: number[]) => `${xs.map((x) => x.toFixed(0)).join(', ')} ms, median ${median(xs).toFixed(0)} ms`;
  console.log(`the longest main-thread task (0: none over 50 ms), a 10-epoch default run: ${ms(runs)}; drawing: ${ms(drawing)}`);
  console.log(`after those runs: ${await page.textContent('#status')}`);
  await v.context.close();

  // Each tab at each size: its height, and a screenshot as a visitor sees it.
  if (values.screenshots) mkdirSync(docs, { recursive: true });
  for (const viewport of sizes) {
    const name = `${viewport.width}x${viewport.height}`;
    const phone = viewport.width < 500;
    const w = await visitor(browser, { viewport, ...(phone ? { isMobile: true, hasTouch: true, deviceScaleFactor: 1 } : {}) });
    await w.page.goto(site.url);
    await ready(w.page);
    await start(w.page);
    await w.page.locator('#pad').scrollIntoViewIfNeeded();
    await drawThree(w.page, 30);
    await w.page.waitForSelector('#diagram svg');
    await w.page.evaluate(() => scrollTo(0, 0));
    await w.page.waitForTimeout(600);
    const digits = await w.page.evaluate(() => document.documentElement.scrollHeight);
    if (values.screenshots) await w.page.screenshot({ path: join(docs, `digits-${name}.png`) });
    await w.page.goto(`${site.url}?tab=downhill&surface=rosenbrock&start=-1.2,1&steps=2000&race=sgd,momentum,adam`);
    await w.page.waitForSelector('#race-results tbody tr');
    await w.page.waitForTimeout(300);
    const downhill = await w.page.evaluate(() => document.documentElement.scrollHeight);
    if (values.screenshots) await w.page.screenshot({ path: join(docs, `downhill-${name}.png`) });
    await w.page.goto(`${site.url}?tab=claims`);
    await w.page.waitForFunction(
      () => document.querySelector('#gradient-top-share')?.textContent?.includes('%') && document.querySelector('#saddle-chart svg'),
    );
    await w.page.click('#backprop-run');
    await w.page.waitForSelector('#backprop-chart svg');
    await w.page.evaluate(() => scrollTo(0, 0));
    await w.page.waitForTimeout(300);
    const claims = await w.page.evaluate(() => document.documentElement.scrollHeight);
    if (values.screenshots) await w.page.screenshot({ path: join(docs, `claims-${name}.png`) });
    const timed = `backprop ${await w.page.textContent('#backprop-ms')}, finite differences ${await w.page.textContent('#numeric-ms')}`;
    console.log(`${name}: Learn digits ${digits} px tall, Roll downhill ${downhill} px, The lesson's claims ${claims} px (${timed})`);
    await w.context.close();
  }
  if (values.screenshots) console.log(`screenshots in ${docs}`);
} finally {
  await browser.close();
  await site.close();
}
