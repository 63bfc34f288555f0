import type { RegisterCommand, SharedFlags } from '../command-context.js';
import { configOption, jsonOption, outOption, storageOption, storeOption } from '../command-options.js';
import { formatChangePlan } from '../format/format-change-plan.js';
import { readScript } from '../read-script.js';

interface PlanFlags extends SharedFlags {
  id: string;
}

/** `cinema plan <script> --id <movie>`: what an edited script would make and cost, before anything is spent. */
export const registerPlan: RegisterCommand = (program, context) => {
  program
    .command('plan')
    .description("what an edited script would make again for an existing movie, per scene and stage, and its price; spends nothing")
    .argument('<script>', 'the edited script file')
    .requiredOption('--id <movie_id>', 'the movie the script is an edit of')
    .addOption(outOption())
    .addOption(configOption())
    .addOption(storeOption())
    .addOption(storageOption())
    .addOption(jsonOption('the plan as JSON'))
    .action(async (scriptPath: string, flags: PlanFlags) => {
      const script = await readScript(scriptPath, context.io.cwd);
      await context.withSetup('plan', flags, { baseDirAccess: 'read' }, async (setup) => {
        const plan = await setup.maker.plan(flags.id, script.text, { baseDir: setup.baseDir });
        context.print(flags.json ? `${JSON.stringify(plan, null, 2)}\n` : formatChangePlan(plan, script.name, context.style));
      });
    });
};
