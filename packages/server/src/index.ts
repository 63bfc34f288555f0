export { createCinemaServer, startCinemaServer } from './cinema-server.js';
export type { CinemaServer, CinemaServerOptions, ListeningCinemaServer } from './cinema-server.js';
export { newAccessToken } from './access-token.js';
export type { ApiErrorBody } from './api-error.js';
export { MovieRuns } from './movie-runs.js';
export type { MovieRunState } from './movie-runs.js';
