import { ConfigError } from '../errors/index.js';

interface NamedModel {
  provider: string;
  modelId: string;
  validate?(): void | Promise<void>;
}

/** Runs the model's own check (an API key set), naming the stage when it fails. */
export async function validateModel(stage: string, model: NamedModel): Promise<void> {
  try {
    await model.validate?.();
  } catch (error) {
    const message = (error as Error).message;
    throw new ConfigError({ message: `Stage ${stage}, model ${model.provider}/${model.modelId}: ${message}`, path: `models`, cause: error });
  }
}

/** A stage cannot be right if its model cannot make the film's aspect ratio. */
export function requireAspectRatio(stage: string, model: NamedModel, supported: readonly string[], wanted: string): void {
  if (supported.includes(wanted)) return;
  throw new ConfigError({
    message:
      `Stage ${stage}: model ${model.provider}/${model.modelId} makes ${supported.join(', ')} only, not the film's ${wanted}. ` +
      `Set output.aspectRatio to one of those, or choose another model for this stage.`,
    path: 'output.aspectRatio',
  });
}
