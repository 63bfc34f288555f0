export { runCli } from './program.js';
export { setUpCli, type CliSetup, type CliSetupOptions } from './cli-setup.js';
export { exitCodes, exitCodeForError, exitCodeForStatus } from './exit-codes.js';
export type { CliIo } from './io.js';
