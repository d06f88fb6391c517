import { Interrupts } from './interrupt.js';
import { removeTemporaries } from './io.js';
import { main } from './main.js';

// Whatever ends the process (an error, process.exit, the end of the run), no
// temporary file stays behind and the terminal gets its cursor back (the
// progress bar hides it while it draws).
process.on('exit', () => {
  removeTemporaries();
  if (process.stdout.isTTY) process.stdout.write('\u001b[?25h');
});

// `downhill eval model | head` closes stdout early: end quietly, as Unix
// tools do, instead of with an EPIPE stack trace. (A training run still saves
// its model: it writes nothing more to the closed pipe, and finishes.)
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  process.stdout.write = (() => true) as typeof process.stdout.write;
  if (process.argv[2] !== 'train') process.exit(0);
});

Interrupts.installDefault();
process.exitCode = await main(process.argv);
