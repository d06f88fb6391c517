// How fast the web demo trains in a real browser, next to Node in the same run:
// one full MNIST epoch of a network in the demo's worker (Vite dev server,
// Debian's Chromium through playwright-core, as the e2e test), then the same
// epoch in Node (scripts/epochs.ts's workloads).
//
//   node scripts/web-speed.mjs [--network W1|W2] [--epochs 2] [--preview]
//
// --preview builds the site (vite build) and serves it with `vite preview`
// (minified, as deployed) instead of the dev server.
// Prints examples/s of each epoch in the browser (the worker's own figure) and
// in Node, and the kernels the worker reported. CHROMIUM_PATH overrides /usr/bin/chromium.
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: { network: { type: 'string', default: 'W1' }, epochs: { type: 'string', default: '2' }, preview: { type: 'boolean', default: false } },
});
const settings = {
  W1: { layers: '784,16,16,10', activation: 'sigmoid', cost: 'quadratic', optimizer: 'sgd', learningRate: '3', batchSize: '10' },
  W2: { layers: '784,100,10', activation: 'relu', cost: 'cross-entropy', optimizer: 'adam', learningRate: '0.001', batchSize: '128' },
}[values.network];
if (!settings) throw new RangeError(`--network: expected W1 or W2, found ${values.network}`);

const appDir = fileURLToPath(new URL('../apps/web/', import.meta.url));
const requireFromApp = createRequire(`${appDir}package.json`);
const vite = await import(requireFromApp.resolve('vite'));
const { chromium } = requireFromApp('playwright-core');

const config = { root: appDir, configFile: `${appDir}vite.config.ts`, logLevel: 'error' };
let server;
if (values.preview) {
  await vite.build(config);
  server = await vite.preview({ ...config, preview: { host: '127.0.0.1', port: 0 } });
} else {
  server = await vite.createServer({ ...config, server: { host: '127.0.0.1', port: 0 } });
  await server.listen();
}
// biome-ignore lint/suspicious/noUndeclaredEnvVars: run directly, not as a turbo task
const executablePath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const browser = await chromium.launch({ executablePath, args: ['--headless', '--no-sandbox', '--disable-gpu'] });
try {
  const page = await browser.newPage();
  // Keep every message the training worker sends (the page keeps only what it draws).
  await page.addInitScript(() => {
    const Native = window.Worker;
    window.__messages = [];
    window.Worker = class extends Native {
      constructor(...args) {
        super(...args);
        this.addEventListener('message', (event) => window.__messages.push(event.data));
      }
    };
  });
  await page.goto(server.resolvedUrls.local[0]);
  const fields = { ...settings, epochs: values.epochs, trainExamples: '60000', testExamples: '10000', seed: '1' };
  // The settings sit in a drawer.
  if (await page.isHidden('#settings-drawer')) await page.click('#open-settings');
  for (const [id, value] of Object.entries(fields)) {
    const field = page.locator(`#${id}`);
    if ((await field.evaluate((e) => e.tagName)) === 'SELECT') await field.selectOption(value);
    else await field.fill(value);
  }
  await page.click('#start');
  await page.waitForSelector('#status:is([data-state="done"], [data-state="error"])', { timeout: 600_000 });
  const messages = await page.evaluate(() => window.__messages);
  const started = messages.find((m) => m.type === 'started');
  console.log(
    `browser (${await browser.version()}): ${started.kernels} kernels, ${started.threads} thread(s), cross-origin isolated: ${await page.evaluate(() => crossOriginIsolated)}`,
  );
  for (const m of messages.filter((m) => m.type === 'epoch')) {
    console.log(
      `  epoch ${m.epoch}: ${Math.round(m.examplesPerSecond).toLocaleString('en-US')} examples/s (${m.seconds.toFixed(3)} s), test ${(100 * m.testAccuracy).toFixed(2)} %`,
    );
  }
} finally {
  await browser.close();
  await (server.close ? server.close() : new Promise((resolve) => server.httpServer.close(resolve)));
}

const epochs = fileURLToPath(new URL('epochs.ts', import.meta.url));
const node = execFileSync(
  process.execPath,
  ['--conditions=source', '--import', 'tsx', epochs, '--only', values.network, '--epochs', values.epochs, '--kernels', 'wasm'],
  {
    encoding: 'utf8',
  },
);
console.log(`node ${process.version}:`);
for (const line of node.trim().split('\n')) console.log(`  ${line}`);
