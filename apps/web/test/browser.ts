// Debian's Chromium through playwright-core, as the web tests and scripts use
// it: one browser, a context per visitor (window size, colour scheme, cache),
// every page error and console error kept, and the main thread's long tasks
// recorded from the first moment (PerformanceObserver 'longtask').
import { type Browser, type BrowserContext, type BrowserContextOptions, chromium, type Page } from 'playwright-core';

/** Quiet, reproducible: no background requests, updates or first-run pages. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-default-apps',
  '--disable-sync',
  '--metrics-recording-only',
  '--no-first-run',
  '--no-default-browser-check',
];

export function launch(): Promise<Browser> {
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium', args: CHROMIUM_ARGS });
}

declare global {
  interface Window {
    /** Durations (ms) of the main thread's tasks over 50 ms since the page (or the last `takeStalls`) began. */
    __longTasks: number[];
  }
}

/** Record long tasks from the page's first script on. */
function recordStalls(): void {
  window.__longTasks = [];
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) window.__longTasks.push(entry.duration);
  }).observe({ type: 'longtask', buffered: true });
}

export interface Visitor {
  readonly context: BrowserContext;
  readonly page: Page;
  /** Page errors, console errors and failed requests seen so far. */
  readonly problems: string[];
}

/** A new visitor (own cache and storage) on a page recording stalls and problems. */
export async function visitor(browser: Browser, options: BrowserContextOptions = {}): Promise<Visitor> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, ...options });
  await context.addInitScript(recordStalls);
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
  });
  page.on('worker', (worker) =>
    worker.on('console', (message) => {
      if (message.type() === 'error') problems.push(`worker console error: ${message.text()}`);
    }),
  );
  page.on('requestfailed', (request) => {
    // A reload cancels what was under way: not a problem of the page.
    if (request.failure()?.errorText !== 'net::ERR_ABORTED') problems.push(`request failed: ${request.url()} (${request.failure()?.errorText})`);
  });
  return { context, page, problems };
}

/** The longest of the main thread's tasks over 50 ms since the last call (0: none), and how many there were; then start afresh. */
export function takeStalls(page: Page): Promise<{ longest: number; tasks: number }> {
  return page.evaluate(() => {
    const result = { longest: Math.max(0, ...window.__longTasks), tasks: window.__longTasks.length };
    window.__longTasks = [];
    return result;
  });
}

export const median = (xs: readonly number[]): number => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
};
