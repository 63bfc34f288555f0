#!/usr/bin/env node
import { endQuietlyOnClosedPipe } from './closed-pipe.js';
import { runCli } from './program.js';

const controller = new AbortController();
// Like SIGPIPE for other tools: once stdout's reader is gone, a running film stops cleanly.
endQuietlyOnClosedPipe(process.stdout, () => controller.abort());
endQuietlyOnClosedPipe(process.stderr);

let interrupts = 0;
process.on('SIGINT', () => {
  interrupts++;
  if (interrupts === 1) {
    process.stderr.write('\nStopping: finishing nothing new, giving running jobs back (Ctrl-C again to quit at once)...\n');
    controller.abort();
  } else {
    process.exit(130);
  }
});
process.on('SIGTERM', () => controller.abort());

process.exitCode = await runCli(process.argv.slice(2), {
  cwd: process.cwd(),
  env: process.env,
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  abortSignal: controller.signal,
});
