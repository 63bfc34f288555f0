import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CinemaError, InvalidInputError } from '../errors/index.js';
import { defaultImageCapabilities } from '../provider/resolve-capabilities.js';
import type { ImageModelV1, ImageModelV1CallOptions, ImageModelV1Capabilities, ProviderV1, ShotContext, SpeechModelV1, TextModelV1, VideoModelV1, VideoModelV1Capabilities } from '../provider/v1/index.js';
import { readSceneWriterPrompt } from '../screenplay/scene-draft.js';
import { sha256 } from '../util/hash.js';

export interface FakeCall {
  kind: 'text' | 'image' | 'video' | 'speech';
  /** `generate`, `start` (a new submission accepted), `dedupe` (a submission with a known idempotency key), `status` or `cancel`. */
  type: 'generate' | 'start' | 'dedupe' | 'status' | 'cancel';
  /** What the call was for, in the form of the job key that asked (`keyframe:scene_1:shot_1:first_frame`). */
  subject: string;
  idempotencyKey?: string;
  pid: number;
}

export interface FakeProviderOptions {
  /** Default: `fake`. */
  name?: string;
  /** Milliseconds each call takes; video is the time from start until status says completed. Default: 0. */
  latencyMs?: Partial<Record<FakeCall['kind'], number>>;
  /** Dollars per call. Default: 0. */
  costUsd?: Partial<Record<FakeCall['kind'], number>>;
  /** Makes the writer return this instead of a screenplay made from the script. */
  screenplay?: (script: string, attempt: number) => unknown;
  imageCapabilities?: Partial<ImageModelV1Capabilities>;
  videoCapabilities?: Partial<VideoModelV1Capabilities>;
  /**
   * Keep submitted video operations in files here so another process can poll them (crash tests).
   * Default: in memory.
   */
  operationsDir?: string;
  /** Append every call as a JSON line to this file (survives SIGKILL). */
  callLog?: string;
  /** Throws the error returned for a call, when one is returned (429s, outages). */
  failWith?: (call: FakeCall, count: number) => Error | undefined;
  now?: () => number;
}

/** A submitted fake video: when it is done, what it shows, and whether it was cancelled. */
interface SavedOperation {
  readyAt: number;
  subject: string;
  cancelled?: boolean;
}

/** A provider for tests and benchmarks: every model kind, fixed latencies, counted calls, no network. */
export interface FakeProvider extends ProviderV1 {
  readonly calls: FakeCall[];
  count(filter: Partial<FakeCall>): number;
  textModel(modelId?: string): TextModelV1;
  imageModel(modelId?: string): ImageModelV1;
  videoModel(modelId?: string): VideoModelV1;
  speechModel(modelId?: string): SpeechModelV1;
}

/** A screenplay from any text: one scene per paragraph (blank-line separated), two characters. */
export function fakeScreenplay(script: string, scenes?: number) {
  const paragraphs = script.split(/\n\s*\n/).map((paragraph) => paragraph.trim()).filter(Boolean);
  const count = scenes ?? Math.max(1, paragraphs.length);
  return {
    version: 1,
    title: paragraphs[0]?.slice(0, 40) || 'Untitled',
    logline: '',
    visualStyle: 'flat colours',
    characters: [
      { id: 'char_1', name: 'ADA', description: 'an engineer', visualTraits: ['red coat'], voice: 'alto' },
      { id: 'char_2', name: 'BO', description: 'a pilot', visualTraits: ['blue cap'], voice: 'tenor' },
    ],
    scenes: Array.from({ length: count }, (_, index) => ({
      id: `scene_${index + 1}`,
      heading: `INT. ROOM ${index + 1} - DAY`,
      location: `Room ${index + 1}`,
      timeOfDay: 'DAY',
      characters: ['char_1', 'char_2'],
      shots: [
        {
          id: 'shot_1',
          description: (paragraphs[index] ?? `Scene ${index + 1}`).slice(0, 200),
          camera: 'static medium shot',
          durationSeconds: 2,
          dialogue: [{ speaker: index % 2 === 0 ? 'char_1' : 'char_2', text: `Line of scene ${index + 1}.` }],
          transition: 'cut',
        },
      ],
    })),
  };
}

/** The film's title, logline and look, as a writer's overview answer. */
function overviewOf(film: ReturnType<typeof fakeScreenplay>) {
  return { title: film?.title, logline: film?.logline ?? '', visualStyle: film?.visualStyle ?? '' };
}

/**
 * One scene of a whole screenplay as a scene writer answers it (characters by name): the scene whose
 * heading opens the unit, else the first. Invalid screenplays give invalid drafts, as a model would.
 */
export function sceneDraftOf(film: ReturnType<typeof fakeScreenplay> | { scenes?: unknown[]; characters?: unknown[] }, unitText: string): unknown {
  const scenes = (film?.scenes ?? []) as ReturnType<typeof fakeScreenplay>['scenes'];
  const firstLine = unitText.trim().split('\n')[0]!.trim();
  const scene = scenes.find((candidate) => candidate.heading === firstLine) ?? scenes[0];
  if (!scene) return { heading: firstLine || 'UNTITLED', location: 'Nowhere', shots: [] };
  const characters = (film?.characters ?? []) as ReturnType<typeof fakeScreenplay>['characters'];
  const nameOf = (id: string) => characters.find((character) => character.id === id)?.name ?? id;
  return {
    heading: scene.heading,
    location: scene.location,
    timeOfDay: scene.timeOfDay,
    characters: (scene.characters ?? []).map((id) => {
      const character = characters.find((candidate) => candidate.id === id);
      return { name: nameOf(id), description: character?.description ?? '', visualTraits: character?.visualTraits ?? [], ...(character?.voice ? { voice: character.voice } : {}) };
    }),
    shots: scene.shots.map(({ id: _id, ...shot }) => ({
      ...shot,
      ...((shot as { characters?: string[] }).characters ? { characters: (shot as { characters?: string[] }).characters!.map(nameOf) } : {}),
      dialogue: (shot.dialogue ?? []).map((line) => ({ ...line, speaker: nameOf(line.speaker) })),
    })),
  };
}

export function subjectOf(kind: FakeCall['kind'], context: ShotContext | undefined, extra = ''): string {
  if (kind === 'text') return extra || 'screenplay';
  if (!context) return kind;
  if (context.purpose === 'character') return `character:${context.characters[0]?.id}:${context.view}`;
  if (context.purpose === 'keyframe') return `keyframe:${context.sceneId}:${context.shotId}:${context.frame}`;
  if (context.purpose === 'video') return `video:${context.sceneId}:${context.shotId}`;
  return `speech:${context.sceneId}:${context.shotId}:${sha256(extra).slice(0, 8)}`;
}

const tinyPng = Uint8Array.from(
  Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64'),
);

export function createFakeProvider(options: FakeProviderOptions = {}): FakeProvider {
  const name = options.name ?? 'fake';
  const calls: FakeCall[] = [];
  const counts = new Map<string, number>();
  const memoryOperations = new Map<string, SavedOperation>();
  const now = options.now ?? Date.now;
  if (options.operationsDir) mkdirSync(options.operationsDir, { recursive: true });

  const record = (call: Omit<FakeCall, 'pid'>) => {
    const full = { ...call, pid: process.pid };
    calls.push(full);
    const count = (counts.get(`${call.kind}:${call.type}:${call.subject}`) ?? 0) + 1;
    counts.set(`${call.kind}:${call.type}:${call.subject}`, count);
    if (options.callLog) appendFileSync(options.callLog, `${JSON.stringify(full)}\n`);
    const error = options.failWith?.(full, count);
    if (error) throw error;
  };
  const wait = (kind: FakeCall['kind'], signal?: AbortSignal) => {
    const ms = options.latencyMs?.[kind] ?? 0;
    if (ms <= 0) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(resolve, ms);
      signal?.addEventListener('abort', () => {
        clearTimeout(timer);
        reject(signal.reason);
      }, { once: true });
    });
  };
  const cost = (kind: FakeCall['kind']) => options.costUsd?.[kind] ?? 0;
  const bytes = (label: string) => {
    const data = new Uint8Array(tinyPng.length + label.length);
    data.set(tinyPng);
    data.set(new TextEncoder().encode(label), tinyPng.length);
    return data;
  };
  const saveOperation = (id: string, operation: SavedOperation) => {
    if (options.operationsDir) writeFileSync(join(options.operationsDir, `${id}.json`), JSON.stringify(operation));
    else memoryOperations.set(id, operation);
  };
  const loadOperation = (id: string) => {
    if (!options.operationsDir) return memoryOperations.get(id);
    try {
      return JSON.parse(readFileSync(join(options.operationsDir, `${id}.json`), 'utf8')) as SavedOperation;
    } catch {
      return undefined;
    }
  };

  const imageAspectRatios = options.imageCapabilities?.aspectRatios ?? defaultImageCapabilities.aspectRatios;
  const imageGenerate = async (modelId: string, call: ImageModelV1CallOptions) => {
    call.abortSignal?.throwIfAborted();
    if (!imageAspectRatios.includes(call.aspectRatio)) {
      throw new InvalidInputError({ message: `fake image model draws ${imageAspectRatios.join(', ')}, not "${call.aspectRatio}"` });
    }
    const subject = subjectOf('image', call.context);
    record({ kind: 'image', type: 'generate', subject, idempotencyKey: call.idempotencyKey });
    await wait('image', call.abortSignal);
    return { images: [{ mediaType: 'image/png', data: bytes(`${modelId}:${subject}:${call.referenceImages.length}`) }], costUsd: cost('image') };
  };

  return {
    specificationVersion: 'v1',
    name,
    calls,
    count: (filter) => calls.filter((call) => Object.entries(filter).every(([key, value]) => call[key as keyof FakeCall] === value)).length,
    textModel: (modelId = 'fake-writer') => {
      let attempt = 0;
      return {
        specificationVersion: 'v1',
        provider: name,
        modelId,
        estimateCost: () => cost('text'),
        async doGenerate(call) {
          const request = call.schemaName === 'screenplay-scene' ? readSceneWriterPrompt(call.prompt) : undefined;
          record({ kind: 'text', type: 'generate', subject: request ? `scene:${request.text.split('\n')[0]!.slice(0, 60)}` : call.schemaName, idempotencyKey: call.idempotencyKey });
          await wait('text', call.abortSignal);
          attempt++;
          const film = (text: string) => (options.screenplay?.(text, attempt) ?? fakeScreenplay(text)) as ReturnType<typeof fakeScreenplay>;
          let object: unknown;
          if (request) object = sceneDraftOf(film(request.text), request.text);
          else if (call.schemaName === 'screenplay-overview') object = overviewOf(film(call.prompt));
          else if (call.schemaName === 'screenplay') object = film(call.prompt);
          else object = JSON.parse(call.prompt);
          return { object, costUsd: cost('text') };
        },
      };
    },
    imageModel: (modelId = 'fake-image') => ({
      specificationVersion: 'v1',
      provider: name,
      modelId,
      capabilities: { maxReferenceImages: 4, ...options.imageCapabilities },
      estimateCost: () => cost('image'),
      doGenerate: (call) => imageGenerate(modelId, call),
    }),
    videoModel: (modelId = 'fake-video') => ({
      specificationVersion: 'v1',
      provider: name,
      modelId,
      capabilities: { modes: ['text-to-video', 'image-to-video', 'first-last-frame'], durations: [2, 4, 6, 8], maxReferenceImages: 2, ...options.videoCapabilities },
      estimateCost: () => cost('video'),
      async doStart(call) {
        const subject = subjectOf('video', call.context);
        const id = sha256(`${call.idempotencyKey}`).slice(0, 16);
        if (loadOperation(id)) {
          record({ kind: 'video', type: 'dedupe', subject, idempotencyKey: call.idempotencyKey });
          return { operation: { id } };
        }
        record({ kind: 'video', type: 'start', subject, idempotencyKey: call.idempotencyKey });
        saveOperation(id, { readyAt: now() + (options.latencyMs?.video ?? 0), subject });
        return { operation: { id } };
      },
      async doStatus({ operation }) {
        const id = (operation as { id: string }).id;
        const saved = loadOperation(id);
        if (!saved) throw new CinemaError({ message: `fake provider: unknown operation ${id}`, category: 'not_found' });
        record({ kind: 'video', type: 'status', subject: saved.subject });
        if (saved.cancelled) return { status: 'failed', message: 'cancelled by the user' };
        const remaining = saved.readyAt - now();
        if (remaining > 0) return { status: 'pending', pollAfterMs: remaining };
        return { status: 'completed', result: { video: { mediaType: 'video/mp4', data: bytes(`video:${saved.subject}:${id}`) }, costUsd: cost('video') } };
      },
      async doCancel({ operation }) {
        const id = (operation as { id: string }).id;
        const saved = loadOperation(id);
        if (!saved) return;
        record({ kind: 'video', type: 'cancel', subject: saved.subject });
        saveOperation(id, { ...saved, cancelled: true });
      },
    }),
    speechModel: (modelId = 'fake-speech') => ({
      specificationVersion: 'v1',
      provider: name,
      modelId,
      estimateCost: () => cost('speech'),
      async doGenerate(call) {
        record({ kind: 'speech', type: 'generate', subject: subjectOf('speech', call.context, call.text), idempotencyKey: call.idempotencyKey });
        await wait('speech', call.abortSignal);
        return { audio: { mediaType: 'audio/wav', data: bytes(`speech:${call.text}`) }, durationSeconds: 1, costUsd: cost('speech') };
      },
    }),
  };
}
