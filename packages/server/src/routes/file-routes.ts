import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { movieLayout } from '@cinema/core';
import { Hono } from 'hono';
import { ApiError } from '../api-error.js';
import { fileResponse, resolveMovieFile } from '../movie-files.js';
import { movieDir, requireMovie } from '../server-context.js';
import type { ServerContext } from '../server-context.js';

const notFound = (movieId: string) => new ApiError(404, `No such file in movie ${movieId}: ask for a path inside the movie's folder, as its jobs' outputs name them.`, 'path');

/** SubRip to WebVTT, which the browser's <track> plays: a header, and `.` before the milliseconds. */
export function srtToVtt(srt: string): string {
  const cues = srt.replace(/\r\n?/g, '\n').replace(/(\d\d:\d\d:\d\d),(\d\d\d)/g, '$1.$2');
  return `WEBVTT\n\n${cues.trim()}\n`;
}

/** A movie's files (pictures, clips, lines, the film), never anything outside its folder, and its subtitles as WebVTT. */
export function fileRoutes(context: ServerContext): Hono {
  const routes = new Hono();

  routes.get('/:movieId/files/*', async (c) => {
    const movie = await requireMovie(context, c.req.param('movieId'));
    // The path as sent, still encoded: an encoded separator is refused, not decoded into one.
    const prefix = `/api/movies/${encodeURIComponent(movie.id)}/files/`;
    const pathname = new URL(c.req.url).pathname;
    if (!pathname.startsWith(prefix)) throw notFound(movie.id);
    const file = await resolveMovieFile(movieDir(context, movie.id), pathname.slice(prefix.length));
    if (!file) throw notFound(movie.id);
    return fileResponse(file, c.req.header('range'));
  });

  routes.get('/:movieId/subtitles.vtt', async (c) => {
    const movie = await requireMovie(context, c.req.param('movieId'));
    const srt = await readFile(join(movieDir(context, movie.id), movieLayout.subtitles(movie.id)), 'utf8').catch(() => undefined);
    if (srt === undefined) throw new ApiError(404, `Movie ${movie.id} has no subtitles yet: they are written with the film.`, 'movieId');
    return c.body(srtToVtt(srt), 200, { 'content-type': 'text/vtt; charset=utf-8', 'cache-control': 'no-cache' });
  });

  return routes;
}
