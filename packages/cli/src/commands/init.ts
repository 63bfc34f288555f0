import { access, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { InvalidInputError } from '@cinema/core';
import type { RegisterCommand } from '../command-context.js';
import { configTemplate } from '../init-template.js';

/** `cinema init`: writes a commented cinema.config.ts that runs as it is. */
export const registerInit: RegisterCommand = (program, context) => {
  program
    .command('init')
    .description('write a commented cinema.config.ts in this directory')
    .option('--force', 'overwrite an existing cinema.config.ts')
    .action(async (flags: { force?: boolean }) => {
      const path = resolve(context.io.cwd, 'cinema.config.ts');
      const exists = await access(path).then(
        () => true,
        () => false,
      );
      if (exists && !flags.force) throw new InvalidInputError({ message: `${path} already exists: edit it, or pass --force to replace it.` });
      await writeFile(path, configTemplate);
      context.print(`Wrote ${path}. Edit it, then run \`cinema generate <script>\`.\n`);
    });
};
