/** What `cinema init` writes: a config that runs as it is, with the choices a user makes commented. */
export const configTemplate = `// cinema.config.ts: how Cinema makes your films. Every field is optional; what you leave out
// falls back to the offline animatic (no keys, no network), SQLite at {baseDir}/cinema.db and ffmpeg.
import { defineConfig } from '@cinema/core';
import { animatic } from '@cinema/provider-animatic';
// Hosted models, once installed (npm install @cinema/provider-fal):
// import { fal } from '@cinema/provider-fal';

export default defineConfig({
  // Where movies go: {baseDir}/{movie_id}/... Overridden by --out.
  baseDir: './output',

  models: {
    writer: animatic.textModel(), // turns the script into scenes, shots and dialogue
    image: animatic.imageModel(), // character sheets and keyframes
    video: animatic.videoModel(), // e.g. fal.videoModel('fal-ai/kling-video/v2.1/pro/image-to-video')
    speech: animatic.speechModel(), // dialogue
  },

  // Per provider: how many jobs at once across every process, and how many starts per minute.
  limits: {
    // fal: { concurrency: 2, requestsPerMinute: 30 },
  },

  // Stop starting paid jobs before the film would cost more than this many dollars.
  // budget: { maxCostUsd: 20 },

  // retry: { maxAttempts: 3, initialDelayMs: 1000, maxDelayMs: 60000 },

  output: {
    aspectRatio: '16:9',
    width: 1280,
    height: 720,
    fps: 24,
    burnSubtitles: false, // the .srt is always written beside the film
  },
});
`;
