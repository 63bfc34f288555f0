/** One run of ffmpeg: its inputs (each with the options before its `-i`), output options and output file. */
export interface FfmpegStep {
  /** Shown in progress events, e.g. `title card`, `render part 3`. */
  name: string;
  /**
   * `card` draws a title or end card; `part` renders a stretch of the film from at most
   * `segmentsPerPart + 1` segments (the clips as they are, normalised in its graph); `music` decodes the music bed once; `audio` mixes and encodes a
   * stretch of the soundtrack (at most `linesPerChunk` lines, each at its measured gain, and the music)
   * to AAC; `final` joins the parts and the soundtrack's frames by stream copy. `measure` reads the
   * loudness, peak and length of a few audio files and writes nothing.
   */
  kind: 'card' | 'part' | 'music' | 'audio' | 'final' | 'measure';
  inputs: { path: string; options: string[] }[];
  outputOptions: string[];
  /** The file ffmpeg writes (a temporary name; renamed to `target` once it is complete). */
  output: string;
  /** Where the finished file goes. */
  target: string;
  /** More files the same ffmpeg run writes, each with the options before it (also renamed to `target`). */
  extraOutputs?: { output: string; target: string; options: string[] }[];
  /** Targets of the steps that must be finished before this one starts (the files it reads). Default: none. */
  after?: string[];
  /**
   * Whether a `target` already there is used instead of running the step: it only gets its name once
   * complete, and the name is a key of everything it is made from (cards, parts, audio chunks, the
   * decoded music). Default: false, the step always runs.
   */
  reusable?: boolean;
  /** Length of what this step writes, for progress percentages. */
  durationSeconds: number;
  /** The clips a part reads, with their shots: when it fails, each is probed and a broken one is named with the job that makes it. */
  clips?: { path: string; sceneId: string; shotId: string }[];
}
