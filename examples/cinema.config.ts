// An example cinema.config.ts: the offline animatic for the screenplay, pictures and voices, with the
// swatch example plugin drawing character sheets, limits per provider and a budget. Copy it next to
// your script and run `npx cinema generate my-script.fountain`.
import { defineConfig } from '@cinema/core';
import { animatic } from '@cinema/provider-animatic';
import { swatch } from 'cinema-provider-swatch';
// With keys, swap in hosted models (each falls back to the next one in a list):
// import { fal } from '@cinema/provider-fal';
// import { openai } from '@cinema/provider-openai';

export default defineConfig((env) => ({
  baseDir: './output',
  models: {
    writer: animatic.textModel(), // openai.textModel('gpt-5')
    characters: swatch.imageModel('gradient'), // fal.imageModel('fal-ai/flux/dev')
    keyframes: animatic.imageModel(), // fal.imageModel('fal-ai/flux-pro/kontext')
    video: animatic.videoModel(), // [fal.videoModel('fal-ai/kling-video/v2.1/pro/image-to-video'), fal.videoModel('fal-ai/veo3.1')]
    speech: animatic.speechModel(), // openai.speechModel('gpt-4o-mini-tts')
  },
  limits: {
    animatic: { concurrency: 2 },
    // fal: { concurrency: 2, requestsPerMinute: 30 },
  },
  budget: { maxCostUsd: env.command === 'estimate' ? 1_000 : 25 },
  output: { aspectRatio: '16:9', width: 1280, height: 720, fps: 24, burnSubtitles: true },
}));
