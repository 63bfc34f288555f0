import { createDefaultPipeline, defaultMovieSettings } from '@cinema/core';
import type { RegisterCommand, SharedFlags } from '../command-context.js';
import { configOption, jsonOption } from '../command-options.js';
import { formatEstimate } from '../format/format-estimate.js';
import { readScript } from '../read-script.js';

/** `cinema estimate <script>`: what the film would cost, refused on the same grounds `generate` refuses it. */
export const registerEstimate: RegisterCommand = (program, context) => {
  program
    .command('estimate')
    .description('what a script would cost with the configured models, per stage, before anything is spent')
    .argument('<script>', 'the script file')
    .addOption(configOption())
    .addOption(jsonOption('the estimate as JSON'))
    .action(async (scriptPath: string, flags: SharedFlags) => {
      const script = await readScript(scriptPath, context.io.cwd);
      await context.withSetup('estimate', flags, { baseDirAccess: 'none' }, async (setup) => {
        const pipeline = createDefaultPipeline(setup.config, setup.configFile);
        // A price for a film generate would refuse to make is no use: the checks generate runs before
        // its first job (pipeline.execute validates with the defaults under the config's output).
        await pipeline.validate({ ...defaultMovieSettings, ...setup.config.output });
        // The shot list is drafted offline by the animatic's parser, so estimating is free.
        const { scriptToScreenplay } = await import('@cinema/provider-animatic');
        const screenplay = scriptToScreenplay(script.text);
        const estimate = pipeline.estimate({ input: { script: script.text, scriptName: script.name }, screenplay, settings: setup.config.output });
        context.print(flags.json ? `${JSON.stringify(estimate, null, 2)}\n` : formatEstimate(script.name, screenplay, estimate, context.style));
      });
    });
};
