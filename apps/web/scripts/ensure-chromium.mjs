// The web demo's end-to-end test drives a real Chromium. Make sure there is
// one before the tests run: CHROMIUM_PATH, else /usr/bin/chromium; when it is
// missing and we are root on a machine with apt-get (a fresh CI box), install
// Debian's `chromium`; otherwise say what is missing and how to install it.
import { execFileSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';

const path = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const install = 'apt-get update && apt-get install -y --no-install-recommends chromium';

function executable(file) {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function hasAptGet() {
  try {
    execFileSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Root, or a sudo that needs no password (a CI runner): the prefix that runs apt-get as root; undefined if neither. */
function asRoot() {
  if (process.getuid?.() === 0) return [];
  try {
    execFileSync('sudo', ['-n', 'true'], { stdio: 'ignore' });
    return ['sudo', '-n'];
  } catch {
    return undefined;
  }
}

function fail(message) {
  console.error(`ensure-chromium: ${message}`);
  process.exit(1);
}

if (!executable(path)) {
  if (process.env.CHROMIUM_PATH) fail(`CHROMIUM_PATH is ${path}, which is not an executable file; point it at Chromium, or unset it to use /usr/bin/chromium`);
  const prefix = asRoot();
  if (prefix === undefined || !hasAptGet()) {
    fail(
      `the web tests need Chromium at ${path} (or set CHROMIUM_PATH); install it with: sudo apt-get update && sudo apt-get install -y --no-install-recommends chromium`,
    );
  }
  console.log(`ensure-chromium: ${path} is missing; installing Debian's chromium: ${install}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const aptGet = (...args) => {
    const [command, ...rest] = [...prefix, 'env', 'DEBIAN_FRONTEND=noninteractive', 'apt-get', ...args];
    execFileSync(command, rest, { stdio: 'inherit', env });
  };
  try {
    aptGet('update');
    aptGet('install', '-y', '--no-install-recommends', 'chromium');
  } catch (error) {
    fail(`installing chromium failed (${error.message.split('\n')[0]}); install it by hand: ${install}`);
  }
  if (!executable(path)) fail(`apt-get installed chromium, but ${path} is still missing`);
  console.log(`ensure-chromium: installed ${path}`);
}
