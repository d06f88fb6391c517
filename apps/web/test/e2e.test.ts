// The demo as a teacher uses it: Vite serves the page (as `pnpm web` does), a
// real Chromium opens it, the network trains on real MNIST in the page's
// worker, and the page reads a digit drawn with the mouse.
import { fileURLToPath } from 'node:url';
import { theme } from '@downhill/viz';
import { type Browser, chromium, type Page } from 'playwright-core';
import { createServer, type ViteDevServer } from 'vite';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

const appDir = fileURLToPath(new URL('..', import.meta.url));
/** Generous: the machine may be a busy two-core box, and the first visit loads 55 MB of MNIST. */
const RUN_MS = 120_000;

let server: ViteDevServer;
let browser: Browser;
let page: Page;
const problems: string[] = [];

beforeAll(async () => {
  server = await createServer({
    root: appDir,
    configFile: `${appDir}vite.config.ts`,
    logLevel: 'error',
    server: { host: '127.0.0.1', port: 0, strictPort: false },
  });
  await server.listen();
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu'],
  });
  page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
  page.setDefaultTimeout(30_000);
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
  });
  page.on('worker', (worker) => worker.on('console', (message) => {
    if (message.type() === 'error') problems.push(`worker console error: ${message.text()}`);
  }));
  await page.goto(server.resolvedUrls!.local[0]!);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

afterEach(() => {
  expect(problems, 'errors in the page or its console').toEqual([]);
});

/** Type into the form (selects by value). */
async function set(fields: Record<string, string>): Promise<void> {
  for (const [id, value] of Object.entries(fields)) {
    const field = page.locator(`#${id}`);
    if ((await field.evaluate((e) => e.tagName)) === 'SELECT') await field.selectOption(value);
    else await field.fill(value);
  }
}

/** Press Start and wait for the run to end one way or another; returns how it ended and what the status says. */
async function run(): Promise<{ state: string; text: string }> {
  await page.click('#start');
  await page.waitForSelector('#status:is([data-state="done"], [data-state="error"], [data-state="stopped"])', { timeout: RUN_MS });
  return page.locator('#status').evaluate((e: HTMLElement) => ({ state: e.dataset.state!, text: e.textContent! }));
}

/** The fill of each output bar of digitWithOutputs: 10 bars, the answer in the accent colour. */
function outputBars(): Promise<string[]> {
  return page.$$eval('#outputs svg rect[rx="2"]', (rects) => rects.map((r) => r.getAttribute('fill') ?? ''));
}

describe('the web demo', () => {
  it('offers every registered optimizer, with the lesson as the default run', async () => {
    const options = await page.$$eval('#optimizer option', (os) => os.map((o) => (o as HTMLOptionElement).value));
    expect(options).toEqual(expect.arrayContaining(['sgd', 'gd', 'momentum', 'adam', 'lion']));
    expect(await page.inputValue('#layers')).toBe('784,16,16,10');
    expect(await page.inputValue('#learningRate')).toBe('3');
    await page.selectOption('#optimizer', 'adam');
    expect(await page.inputValue('#learningRate')).toBe('0.001');
    await page.selectOption('#optimizer', 'sgd');
    expect(await page.inputValue('#learningRate')).toBe('3');
  });

  it("trains the lesson's network on 5,000 MNIST digits in the worker to over 80 % test accuracy, drawing the cost and the weights", async () => {
    await set({ layers: '784,16,16,10', optimizer: 'sgd', learningRate: '3', batchSize: '10', epochs: '2', trainExamples: '5000', testExamples: '500', seed: '1' });
    const end = await run();
    expect(end, end.text).toMatchObject({ state: 'done' });
    const accuracy = Number(await page.getAttribute('#accuracy', 'data-value'));
    expect(accuracy).toBeGreaterThan(0.8);
    expect(await page.textContent('#accuracy')).toBe(`${(100 * accuracy).toFixed(1)} %`);
    expect(await page.textContent('#epoch')).toBe('2 of 2');

    // The pictures are redrawn at the next frame after the last message.
    await page.waitForFunction(() => document.querySelector('#accuracy-chart svg path[fill="none"][stroke-linejoin]')?.getAttribute('d')?.includes('L'));
    const cost = await page.$$eval('#cost-chart svg path[fill="none"][stroke-linejoin]', (paths) => paths.map((p) => p.getAttribute('d') ?? ''));
    expect(cost).toHaveLength(2);
    // Each series a real line: at least two points (one per epoch at the least).
    for (const d of cost) expect(d).toMatch(/^M[\d.-]+ [\d.-]+(L[\d.-]+ [\d.-]+)+$/);
    const tiles = await page.$$eval('#weights svg image', (images) => images.map((i) => i.getAttribute('href') ?? ''));
    expect(tiles).toHaveLength(16);
    for (const href of tiles) expect(href).toMatch(/^data:image\/png;base64,[A-Za-z0-9+/=]{200,}$/);
    // Sixteen neurons, sixteen different pictures.
    expect(new Set(tiles).size).toBe(16);
    expect(await page.textContent('#summary')).toContain('784-16-16-10: 13,002 weights and biases; η = 3');
  });

  it('trains on the WebAssembly SIMD kernels: the page is cross-origin isolated and the worker says which kernels ran', async () => {
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
    expect(await page.getAttribute('#summary', 'data-kernels')).toBe('wasm');
    expect(await page.textContent('#summary')).toMatch(/per epoch; wasm kernels\.$/);
  });

  it('reads a digit drawn with the mouse and a random test digit: 10 output bars, the answer highlighted', async () => {
    await page.locator('#pad').scrollIntoViewIfNeeded();
    const box = (await page.locator('#pad').boundingBox())!;
    // A "1": one stroke down the middle.
    await page.mouse.move(box.x + box.width * 0.52, box.y + box.height * 0.15);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.48, box.y + box.height * 0.85, { steps: 12 });
    await page.mouse.up();
    await page.waitForSelector('#outputs svg');
    let bars = await outputBars();
    expect(bars).toHaveLength(10);
    expect(bars.filter((fill) => fill === theme.accent)).toHaveLength(1);
    expect(await page.textContent('#outputs svg title')).toMatch(/^Network says \d$/);

    await page.click('#random');
    await page.waitForFunction(() => document.querySelector('#outputs svg title')?.textContent?.includes('true label'));
    bars = await outputBars();
    expect(bars).toHaveLength(10);
    expect(bars.filter((fill) => fill === theme.accent)).toHaveLength(1);
    expect(await page.textContent('#outputs svg title')).toMatch(/^Network says \d · true label \d$/);

    await page.click('#clear');
    await page.waitForSelector('#outputs p');
    expect(await page.locator('#outputs svg').count()).toBe(0);
  });

  it('stops a run when Stop is pressed', async () => {
    await set({ epochs: '200', trainExamples: '60000', testExamples: '500' });
    await page.click('#start');
    await page.waitForSelector('#status[data-state="training"]', { timeout: RUN_MS });
    expect(await page.isDisabled('#start')).toBe(true);
    await page.click('#stop');
    await page.waitForSelector('#status[data-state="stopped"]', { timeout: RUN_MS });
    expect(await page.textContent('#status')).toMatch(/^Stopped during epoch \d+\.$/);
    expect(await page.isDisabled('#start')).toBe(false);
    expect(await page.isDisabled('#stop')).toBe(true);
  });

  it('says a learning rate of 1e6 made the run diverge, naming the learning rate', async () => {
    await set({ optimizer: 'sgd', learningRate: '1e6', epochs: '1', trainExamples: '2000', testExamples: '500' });
    const end = await run();
    expect(end.state).toBe('error');
    expect(end.text).toMatch(/^The run diverged: training diverged at epoch 1, batch 1: .*the learning rate 1000000 is likely too large \(try 100000\)$/);
    expect(await page.isDisabled('#start')).toBe(false);
  });

  it('names the setting that is wrong without starting a run', async () => {
    await set({ layers: '100,10', learningRate: '3' });
    await page.click('#start');
    expect(await page.getAttribute('#status', 'data-state')).toBe('error');
    expect(await page.textContent('#status')).toMatch(/^layer sizes: expected sizes like 784,16,16,10 .*found '100,10'$/);
    await set({ layers: '784,16,16,10' });
  });
});

/** The results table's rows: optimizer, how it went (data-outcome), and its lines: name, rate, says, point, value. */
function raceRows(): Promise<{ optimizer: string; outcome: string; cells: string[] }[]> {
  return page.$$eval('#race-results tbody tr', (rows) =>
    rows.map((r) => ({
      optimizer: (r as HTMLElement).dataset.optimizer!,
      outcome: (r as HTMLElement).dataset.outcome!,
      cells: ['name', 'rate', 'says', 'point', 'value'].map((field) => r.querySelector(`.${field}`)?.textContent ?? ''),
    })),
  );
}

/** Press Roll and wait for the status line to say `expected` (a race runs on the page's thread, in a moment). */
async function roll(expected: string | RegExp): Promise<string> {
  await page.click('#roll');
  await expect.poll(() => page.textContent('#roll-status')).toMatch(expected);
  return (await page.getAttribute('#roll-status', 'data-state'))!;
}

describe('roll a ball downhill', () => {
  it('opens on its tab with the lesson’s ball already rolled down (w - 2)^2', async () => {
    await page.click('#tab-downhill');
    expect(await page.isVisible('#downhill-panel')).toBe(true);
    expect(await page.isHidden('#digits-panel')).toBe(true);
    expect(page.url()).toMatch(/#downhill$/);
    // The part loads when first shown, and rolls the ball at once.
    await page.waitForSelector('#roll-status[data-state="done"]');
    expect(await page.textContent('#roll-status')).toBe('parabola: f(w) = (w - 2)^2, from w = 4, 10 steps');
    expect(await page.$$eval('#racers input[type="checkbox"]:checked', (ticks) => ticks.map((t) => (t as HTMLInputElement).value))).toEqual(['sgd']);
    // Every registered optimizer can race, a newly registered one too.
    const offered = await page.$$eval('#racers input[type="checkbox"]', (ticks) => ticks.map((t) => (t as HTMLInputElement).value));
    expect(offered).toEqual(expect.arrayContaining(['sgd', 'momentum', 'adam', 'nesterov', 'rmsprop', 'lion']));
  });

  it('races sgd, momentum and adam down Rosenbrock’s valley: three paths, three rows, adam and momentum reach (1, 1)', async () => {
    await page.selectOption('#surface', 'rosenbrock');
    expect(await page.inputValue('#formula')).toBe('(1 - x)^2 + 100 (y - x^2)^2');
    expect(await page.inputValue('#start-point')).toBe('-1.2, 1');
    await page.fill('#steps', '2000');
    expect(await roll('rosenbrock: f(x, y) = (1 - x)^2 + 100 (y - x^2)^2, from (-1.2, 1), 2000 steps')).toBe('done');
    const paths = await page.$$eval('#race-chart svg path[fill="none"][stroke-width="2.5"]', (ps) => ps.filter((p) => p.getAttribute('stroke') !== '#ffffff').length);
    expect(paths).toBe(3);
    // As `downhill viz landscape rosenbrock --steps 2000` finds: each at the best rate of its sweep.
    expect(await raceRows()).toEqual([
      { optimizer: 'adam', outcome: 'reached', cells: ['adam', 'η = 0.1, best of a sweep', 'reached the minimum (1, 1) at step 1220', '(1.0000, 1.0000)', expect.stringMatching(/^f = [\d.]+e-1\d$/)] },
      { optimizer: 'momentum', outcome: 'reached', cells: ['momentum', 'η = 0.001, best of a sweep', 'reached the minimum (1, 1) at step 1580', '(0.9999, 0.9998)', expect.stringMatching(/^f = [\d.]+e-9$/)] },
      { optimizer: 'sgd', outcome: 'moving', cells: ['sgd', 'η = 0.001, best of a sweep', 'still moving after 2000 steps, 0.557076 from the minimum (1, 1)', '(0.7207, 0.5180)', 'f = 0.0782076'] },
    ]);
  });

  it('starts the race where the map is clicked', async () => {
    // Aim at (1.5, −0.5) through the map's own rectangle in the SVG (its clip path), scaled as the page shows it.
    const target = await page.evaluate(() => {
      const svg = document.querySelector('#race-chart svg') as SVGSVGElement;
      const rect = svg.querySelector('clipPath rect')!;
      const [x, y, w, h] = ['x', 'y', 'width', 'height'].map((a) => Number(rect.getAttribute(a)));
      const box = svg.getBoundingClientRect();
      const scale = box.width / svg.viewBox.baseVal.width;
      // x from −2 to 2 and y from 3 down to −1 across the map.
      return { x: box.left + (x! + w! * ((1.5 + 2) / 4)) * scale, y: box.top + (y! + h! * ((3 - -0.5) / 4)) * scale };
    });
    await page.mouse.click(target.x, target.y);
    await expect.poll(() => page.textContent('#roll-status')).toMatch(/from \(1\.\d+, -0\.\d+\), 2000 steps$/);
    const [x, y] = (await page.inputValue('#start-point')).split(',').map(Number);
    expect(x).toBeCloseTo(1.5, 1);
    expect(y).toBeCloseTo(-0.5, 1);
    const rows = await raceRows();
    expect(rows).toHaveLength(3);
    expect(await page.textContent('#roll-status')).toContain(`from (${x}, ${y})`);
  });

  it("rolls the lesson's (w - 2)^2 from 4 with η = 0.3 to 2.0002 in 10 steps, and η = 5 diverges", async () => {
    await page.fill('#formula', '(w-2)^2');
    expect(await page.inputValue('#surface')).toBe('typed');
    await page.fill('#start-point', '4');
    await page.fill('#rate-sgd', '0.3');
    await page.fill('#steps', '10');
    expect(await roll('f(w) = (w-2)^2, from w = 4, 10 steps')).toBe('done');
    // A curve shows one ball: only sgd is ticked now.
    let rows = await raceRows();
    // The same verdict as the built-in parabola gets: one rule for typed and built-in surfaces.
    expect(rows.map((r) => r.cells.slice(0, 4))).toEqual([['sgd', 'η = 0.3', 'reached the minimum w = 2 at step 9', '2.0002']]);
    expect(await page.$$eval('#race-chart svg circle', (cs) => cs.length)).toBe(11);

    // Each step overshoots 2 by 9 times more than the last: f = 4 · 81^k passes 1e12 at step 6.
    await page.fill('#rate-sgd', '5');
    await roll('f(w) = (w-2)^2, from w = 4, 10 steps');
    rows = await raceRows();
    expect(rows.map((r) => [r.outcome, r.cells[2]])).toEqual([['diverged', 'diverged at step 6: the learning rate is too large here']]);
  });

  it('animates the steps when asked: the ball rolls one step after another, then the table appears', async () => {
    await page.fill('#rate-sgd', '0.3');
    await page.check('#animate');
    await page.click('#roll');
    await page.waitForSelector('#roll-status[data-state="rolling"]');
    const balls = () => page.$$eval('#race-chart svg circle', (cs) => cs.length);
    await expect.poll(balls).toBeGreaterThan(1);
    expect(await balls()).toBeLessThan(11);
    expect(await raceRows()).toEqual([]);
    await page.waitForSelector('#roll-status[data-state="done"]');
    expect(await balls()).toBe(11);
    expect((await raceRows()).map((r) => r.cells[3])).toEqual(['2.0002']);
    await page.uncheck('#animate');
    await page.fill('#rate-sgd', '');
  });

  it('says in one line when the typed function does not parse, or has no minimum', async () => {
    await page.fill('#formula', 'sin(x');
    expect(await roll('"sin(x" does not parse: Parenthesis ) expected (char 6)')).toBe('error');
    // No picture or table of the race before to mistake for this one.
    expect(await page.locator('#race-chart svg').count()).toBe(0);
    expect(await raceRows()).toEqual([]);

    await page.fill('#formula', 'x^2 + y');
    expect(await roll(/^f\(x, y\) = x\^2 \+ y has no minimum: it decreases without bound/)).toBe('warning');
    // The form fits the surface: a start x, y and three racers again.
    expect(await page.inputValue('#start-point')).toBe('-3, 3');
    expect(await raceRows()).toHaveLength(3);
  });
});
