export * from './ffmpeg-error.js';
export * from './find-ffmpeg.js';
export * from './timeline.js';
export * from './srt.js';
export { escapeFilterValue } from './filter-escape.js';
export {
  audioGraph,
  videoJoinGraph,
  videoParts,
  videoPartGraph,
  dialogueChunks,
  dialogueChunkGraph,
  drawTextFilter,
  type AudioInput,
  type TextOverlay,
  type VideoPart,
  type DialogueChunk,
} from './filter-graph.js';
export { prepareEditPlan, defaultFontPath, wrapText, fileChecksum, type EditPlan, type EditPlanOptions, type FfmpegStep } from './edit-plan.js';
export { stepArgs, runStep } from './run-ffmpeg.js';
export { probeMedia, type MediaInfo } from './probe.js';
export { createFfmpegPostProduction, type FfmpegPostProductionSettings } from './ffmpeg-post-production.js';
export { createFfmpegAssetChecker, type FfmpegAssetCheckerSettings } from './asset-checker.js';
