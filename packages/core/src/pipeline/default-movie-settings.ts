import type { MovieSettings } from './v1/index.js';

/** What a film looks like when the config says nothing: 720p, 16:9, 24 fps, with title and end cards. */
export const defaultMovieSettings: MovieSettings = {
  aspectRatio: '16:9',
  width: 1280,
  height: 720,
  fps: 24,
  burnSubtitles: false,
  cards: true,
};
