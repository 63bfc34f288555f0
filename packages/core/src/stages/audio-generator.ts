import { extensionFor } from '../movie/assets.js';
import { validateModel } from './stage-checks.js';
import type { Job, JobSpec } from '../job-store/v1/index.js';
import { movieLayout } from '../movie/layout.js';
import type { SpeechModelV1 } from '../provider/v1/index.js';
import type { Screenplay } from '../screenplay/screenplay-schema.js';
import type { JobContext, JobOutcome, PlanContext, Stage } from '../pipeline/v1/index.js';
import { hashJson } from '../util/hash.js';
import { jobKeys } from './job-keys.js';
import { cancelOperation, costOf, generateSpeech, reportWarnings } from './model-calls.js';

export interface AudioGeneratorOptions {
  model: SpeechModelV1;
  maxAttempts?: number;
}

export interface DialogueLineRef {
  sceneId: string;
  shotId: string;
  /** 1-based, counted through the scene. */
  lineNumber: number;
  speaker: string;
  text: string;
  parenthetical?: string;
}

/** Every dialogue line of the film, numbered within its scene. */
export function dialogueLines(screenplay: Screenplay): DialogueLineRef[] {
  return screenplay.scenes.flatMap((scene) => {
    let lineNumber = 0;
    return scene.shots.flatMap((shot) =>
      shot.dialogue.map((line) => ({ sceneId: scene.id, shotId: shot.id, lineNumber: ++lineNumber, speaker: line.speaker, text: line.text, parenthetical: line.parenthetical })),
    );
  });
}

interface SpeechJobInput {
  sceneId: string;
  shotId: string;
  lineNumber: number;
  speaker: string;
  text: string;
  voice: string | null;
  instructions: string | null;
  [key: string]: string | number | null;
}

/** Speaks the dialogue, one job per line, in each character's voice. */
export class AudioGenerator implements Stage {
  readonly specificationVersion = 'v1' as const;
  readonly name = 'audio';
  constructor(private readonly options: AudioGeneratorOptions) {}

  async validate() {
    await validateModel(this.name, this.options.model);
  }

  plan({ screenplay, producerOf }: PlanContext): JobSpec[] {
    if (!screenplay) return [];
    const { model } = this.options;
    const screenplayKey = producerOf({ kind: 'screenplay' }) ?? jobKeys.screenplay;
    const sceneIndex = new Map(screenplay.scenes.map((scene, index) => [scene.id, index]));
    return dialogueLines(screenplay).map((line) => {
      const speaker = screenplay.characters.find((character) => character.id === line.speaker);
      const input: SpeechJobInput = {
        sceneId: line.sceneId,
        shotId: line.shotId,
        lineNumber: line.lineNumber,
        speaker: line.speaker,
        text: line.text,
        voice: speaker?.voice ?? null,
        instructions: line.parenthetical ?? null,
      };
      return {
        key: jobKeys.line(line.sceneId, line.lineNumber),
        stage: this.name,
        lane: model.provider,
        input,
        inputHash: hashJson(input),
        dependsOn: [screenplayKey],
        priority: sceneIndex.get(line.sceneId) ?? 0,
        maxAttempts: this.options.maxAttempts,
        sceneId: line.sceneId,
        characterId: line.speaker,
        produces: { kind: 'dialogue', sceneId: line.sceneId, shotId: line.shotId, lineNumber: line.lineNumber },
        estimatedCostUsd: model.estimateCost?.({ text: line.text }) ?? 0,
      };
    });
  }

  async run(job: Job, context: JobContext): Promise<JobOutcome> {
    const { model } = this.options;
    const input = job.input as SpeechJobInput;
    const speaker = context.screenplay?.characters.find((character) => character.id === input.speaker);
    const result = await generateSpeech(
      model,
      {
        text: input.text,
        voice: input.voice ?? undefined,
        instructions: context.override?.prompt ?? input.instructions ?? undefined,
        idempotencyKey: context.idempotencyKey,
        abortSignal: context.abortSignal,
        context: {
          purpose: 'speech',
          sceneId: input.sceneId,
          shotId: input.shotId,
          characters: speaker ? [{ id: speaker.id, name: speaker.name, traits: speaker.visualTraits }] : [],
          caption: speaker?.name,
        },
      },
      job,
      context,
    );
    reportWarnings(context, model, result.warnings);
    const output = await context.writeAsset(movieLayout.line(input.sceneId, input.lineNumber, extensionFor(result.audio.mediaType)), result.audio);
    return { outputs: [output], result: { durationSeconds: result.durationSeconds ?? null }, costUsd: costOf(result), expect: [{ kind: 'audio', path: output.path, text: input.text }] };
  }

  async cancel(job: Job) {
    await cancelOperation(this.options.model, job);
  }
}
