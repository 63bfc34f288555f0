import { InvalidArgumentError } from 'commander';
import type { RegisterCommand, SharedFlags } from '../command-context.js';
import { configOption, outOption } from '../command-options.js';
import { startWebhooks } from '../webhook-delivery.js';

interface ServeFlags extends Omit<SharedFlags, 'json'> {
  port: number;
  host: string;
}

const loopbackHosts = new Set(['127.0.0.1', 'localhost', '::1']);

function port(value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 0 || number > 65_535) throw new InvalidArgumentError('give a port from 0 to 65535 (0: any free one)');
  return number;
}

/**
 * `cinema serve`: the dashboard and the HTTP API over the base folder's store, on 127.0.0.1 with a
 * fresh token in the URL it prints (or `CINEMA_SERVE_TOKEN`), until Ctrl-C. It also sends the
 * config's webhooks.
 */
export const registerServe: RegisterCommand = (program, context) => {
  program
    .command('serve')
    .description('watch and steer movies in the browser, or through the HTTP API, while they are made')
    .option('-p, --port <port>', 'port to listen on (0: any free one)', port, 8787)
    .option('--host <host>', 'address to listen on; anything but localhost lets other machines in (with the token)', '127.0.0.1')
    .addOption(outOption())
    .addOption(configOption())
    .action(async (flags: ServeFlags) => {
      const { newAccessToken, startCinemaServer } = await import('@cinema/server');
      const { io, style } = context;
      if (!loopbackHosts.has(flags.host)) {
        io.stderr.write(`${style.yellow('warning')} listening on ${flags.host}: anyone who can reach this machine and has the token can start, retry and cancel films, and spend your budget. Use --host 127.0.0.1 (the default) unless you mean it.\n`);
      }
      await context.withSetup('serve', flags, { baseDirAccess: 'write' }, async (setup) => {
        const token = io.env.CINEMA_SERVE_TOKEN || newAccessToken();
        const server = await startCinemaServer({
          maker: setup.maker,
          baseDir: setup.baseDir,
          token,
          port: flags.port,
          host: flags.host,
          onRunError: (movieId, error) => void io.stderr.write(`${style.red('error')} ${movieId}: ${(error as Error).message}\n`),
        });
        const stopWebhooks = await startWebhooks(setup, (line) => void io.stderr.write(line));
        context.print(
          `Cinema is serving ${setup.baseDir}\n` +
            `  Open: ${server.url}/?token=${token}\n` +
            `  API:  ${server.url}/api (send Authorization: Bearer ${token}; see ${server.url}/openapi.json)\n` +
            'Ctrl-C stops it.\n',
        );
        await new Promise<void>((resolve) => {
          if (!io.abortSignal || io.abortSignal.aborted) return resolve();
          io.abortSignal.addEventListener('abort', () => resolve(), { once: true });
        });
        await stopWebhooks();
        await server.close();
      });
    });
};
