// The Cinema dashboard: plain DOM over the JSON API (see /openapi.json), live through server-sent
// events. Every list is paged and every change arrives as an event, so a movie of thousands of
// jobs loads one page of each list, not the whole movie.

const view = document.getElementById('view');
const connection = document.getElementById('connection');
const pageSize = { gallery: 48, errors: 20, held: 24 };
let leave = () => {};

/** Builds an element: `el('div', { class: 'x', onclick }, child, 'text')`; text is never parsed as HTML. */
function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
    else if (name in node && typeof value !== 'string') node[name] = value;
    else node.setAttribute(name, value === true ? '' : value);
  }
  for (const child of children.flat()) if (child !== null && child !== undefined && child !== false) node.append(child);
  return node;
}

async function api(path, options = {}) {
  const response = await fetch(path, {
    ...options,
    headers: options.body ? { 'content-type': 'application/json' } : {},
    body: options.body ? JSON.stringify(options.body) : undefined,
  });
  const body = response.status === 204 ? {} : await response.json();
  if (!response.ok) throw new Error(body.error?.field ? `${body.error.message}` : (body.error?.message ?? `HTTP ${response.status}`));
  return body;
}

const usd = (value) => `$${(value ?? 0).toFixed(!value || value >= 1 ? 2 : 4)}`;
const movieUrl = (id) => `/api/movies/${encodeURIComponent(id)}`;
/** The built-in stages in the order a film is made; other stages follow, by name. */
const stageOrder = ['screenplay', 'characters', 'keyframes', 'audio', 'videos', 'edit'];
const byStageOrder = ([a], [b]) => (stageOrder.indexOf(a) + 1 || 99) - (stageOrder.indexOf(b) + 1 || 99) || (a < b ? -1 : 1);

/** A call that runs at most once per `ms`, and once more after a call made meanwhile: a burst of events is one refresh. */
function throttle(ms, work) {
  let timer = null;
  let again = false;
  const run = () => {
    timer = setTimeout(async () => {
      try {
        await work();
      } finally {
        timer = null;
        if (again) {
          again = false;
          run();
        }
      }
    }, ms);
  };
  return () => {
    if (timer) again = true;
    else run();
  };
}

/** Follows the store's events from `after`; EventSource reconnects by itself, from the last id it saw. */
function follow(query, onEvent) {
  const source = new EventSource(`/api/events/stream?${new URLSearchParams(query)}`);
  source.onopen = () => {
    connection.textContent = '● live';
    connection.classList.add('live');
  };
  source.onerror = () => {
    connection.textContent = '○ reconnecting';
    connection.classList.remove('live');
  };
  source.onmessage = (message) => onEvent(JSON.parse(message.data));
  return () => source.close();
}

function progressBar(parts, total) {
  const bar = el('div', { class: 'bar', role: 'progressbar', 'aria-valuemax': String(total), 'aria-valuenow': String(parts.done) });
  for (const kind of ['done', 'running', 'failed']) {
    if (parts[kind] > 0 && total > 0) bar.append(el('span', { class: kind, style: `width:${(parts[kind] / total) * 100}%` }));
  }
  return bar;
}

function statusBadge(status) {
  return el('span', { class: `status ${status}`, 'data-status': status }, status.replace('_', ' '));
}

// ---------------------------------------------------------------------------------------------
// The movies

async function showMovies() {
  const list = el('div', { class: 'movies' });
  const problem = el('p', { class: 'problem' });
  const script = el('textarea', { name: 'script', placeholder: 'Title: My film\n\nINT. LIGHTHOUSE - NIGHT\n\nA keeper climbs the stairs...', required: true });
  const name = el('input', { name: 'movieId', placeholder: 'movie id (optional)' });
  const form = el(
    'form',
    {
      class: 'panel',
      onsubmit: async (event) => {
        event.preventDefault();
        problem.textContent = '';
        try {
          const { movie } = await api('/api/movies', { method: 'POST', body: { script: script.value, scriptName: 'script.fountain', ...(name.value ? { movieId: name.value } : {}) } });
          location.hash = `#/movies/${encodeURIComponent(movie.id)}`;
        } catch (error) {
          problem.textContent = error.message;
        }
      },
    },
    el('h2', {}, 'New film'),
    script,
    el('div', { style: 'display:flex;gap:0.6rem;margin-top:0.6rem' }, name, el('button', { class: 'primary', type: 'submit' }, 'Make the film')),
    problem,
  );
  view.replaceChildren(el('h2', {}, 'Movies'), list, form);

  const refresh = async () => {
    const { movies } = await api('/api/movies');
    list.replaceChildren(
      ...(movies.length === 0
        ? [el('p', { class: 'muted' }, 'No movies yet: paste a script below, or run `cinema generate`.')]
        : movies.map((movie) =>
            el(
              'a',
              { class: 'panel movie-row', href: `#/movies/${encodeURIComponent(movie.id)}`, 'data-movie': movie.id, style: 'text-decoration:none;color:inherit' },
              el('b', {}, movie.id),
              progressBar({ done: movie.completed, running: 0, failed: movie.failed }, movie.total),
              el('span', { class: 'muted' }, `${movie.completed}/${movie.total} · ${usd(movie.costUsd)}`),
              statusBadge(movie.status),
            ),
          )),
    );
  };
  await refresh();
  const later = throttle(500, refresh);
  leave = follow({}, later);
}

// ---------------------------------------------------------------------------------------------
// One movie

function mediaOf(job) {
  const output = job.outputs[0];
  if (!output) return null;
  if (/\.(png|jpe?g|webp)$/i.test(output.path)) return el('img', { src: output.url, alt: job.key, loading: 'lazy' });
  if (/\.(mp4|webm|mov)$/i.test(output.path)) return el('video', { src: output.url, controls: true, preload: 'metadata', muted: true });
  if (/\.(mp3|wav|m4a)$/i.test(output.path)) return el('audio', { src: output.url, controls: true, preload: 'none' });
  return null;
}

async function showMovie(movieId) {
  const parts = {
    title: el('h1', {}, movieId),
    facts: el('div', { class: 'facts' }),
    stages: el('div', { class: 'stages panel' }),
    film: el('section', { class: 'film' }, el('h2', {}, 'The film'), el('p', { class: 'muted panel' }, 'The film plays here once it is made.')),
    errors: el('div', { class: 'errors panel' }),
    held: el('div', { class: 'gallery' }),
    gallery: el('div', { class: 'gallery', 'data-gallery': '' }),
    events: el('div', { class: 'events panel' }),
    problem: el('p', { class: 'problem', role: 'alert' }),
  };
  const moreGallery = el('button', { class: 'more', hidden: true }, 'Show more');
  const heldSection = el('section', { hidden: true }, el('h2', {}, 'Waiting for approval'), el('button', { onclick: () => act('approve', { all: true }) }, 'Approve all'), parts.held);
  view.replaceChildren(
    el('p', {}, el('a', { href: '#/' }, '← Movies')),
    parts.title,
    parts.facts,
    parts.problem,
    el('div', { class: 'overview' }, parts.film, el('section', {}, el('h2', {}, 'Stages'), parts.stages)),
    el('section', {}, el('h2', {}, 'Errors'), parts.errors),
    heldSection,
    el('h2', {}, 'Made so far'),
    parts.gallery,
    moreGallery,
    el('h2', {}, 'Events'),
    parts.events,
  );

  const shown = new Map();
  let galleryNext = null;
  let filmUrl = null;

  async function act(action, body) {
    parts.problem.textContent = '';
    try {
      await api(`${movieUrl(movieId)}/${action}`, { method: 'POST', body });
      await refreshMovie();
      await refreshErrors();
    } catch (error) {
      parts.problem.textContent = error.message;
    }
  }

  function card(job) {
    const actions = el('div', { class: 'actions' });
    if (job.sceneId && ['keyframes', 'videos', 'audio'].includes(job.stage)) {
      const what = { keyframes: 'keyframes', videos: 'video', audio: 'speech' }[job.stage];
      actions.append(el('button', { title: 'make a new take', onclick: () => act('redo', { target: job.sceneId, what }) }, 'Redo'));
    }
    for (const take of job.takes) actions.append(el('button', { title: `use take ${take.take}`, onclick: () => act('pick', { key: job.key, take: take.take }) }, `Pick take ${take.take}`));
    return el(
      'figure',
      { class: 'card', 'data-job': job.key, 'data-stage': job.stage, style: 'margin:0' },
      mediaOf(job),
      el('figcaption', { class: 'caption' }, el('span', {}, job.key), el('span', {}, `take ${job.take}${job.takes.length ? ` of ${job.takes.length + 1}` : ''} · ${usd(job.costUsd)}`), actions),
    );
  }

  function showJob(job, { first = false } = {}) {
    if (job.status !== 'completed' || !mediaOf(job)) return;
    const node = card(job);
    const existing = shown.get(job.key);
    if (existing) existing.replaceWith(node);
    else if (first) parts.gallery.prepend(node);
    else parts.gallery.append(node);
    shown.set(job.key, node);
  }

  async function loadGallery() {
    const query = new URLSearchParams({ status: 'completed', limit: String(pageSize.gallery), ...(galleryNext ? { after: galleryNext } : {}) });
    const page = await api(`${movieUrl(movieId)}/jobs?${query}`);
    for (const job of page.jobs) showJob(job);
    galleryNext = page.next;
    moreGallery.hidden = !page.next;
  }
  moreGallery.onclick = loadGallery;

  async function refreshErrors() {
    const page = await api(`${movieUrl(movieId)}/jobs?status=failed&limit=${pageSize.errors}`);
    parts.errors.replaceChildren(
      ...(page.jobs.length === 0
        ? [el('p', { class: 'muted' }, 'No failed jobs.')]
        : [
            ...page.jobs.map((job) =>
              el(
                'div',
                { class: 'error', 'data-failed': job.key },
                el('div', {}, el('b', {}, job.key), el('div', { class: 'message' }, job.error ? `attempt ${job.error.attempt}: ${job.error.message}` : 'failed')),
                el('button', { onclick: () => act('retry', { keys: [job.key] }) }, 'Retry'),
              ),
            ),
            el('p', {}, page.total > page.jobs.length ? `${page.total - page.jobs.length} more failed. ` : '', el('button', { onclick: () => act('retry', {}) }, `Retry all ${page.total} failed`)),
          ]),
    );
  }

  async function refreshHeld() {
    const page = await api(`${movieUrl(movieId)}/jobs?status=pending&held=true&limit=${pageSize.held}`);
    heldSection.hidden = page.jobs.length === 0;
    parts.held.replaceChildren(
      ...page.jobs.map((job) =>
        el('div', { class: 'card', 'data-held': job.key }, el('div', { class: 'caption' }, el('span', {}, job.key), el('div', { class: 'actions' }, el('button', { onclick: () => act('approve', { keys: [job.key] }) }, 'Approve')))),
      ),
    );
  }

  async function refreshMovie() {
    const { movie } = await api(movieUrl(movieId));
    parts.title.replaceChildren(movie.id, ' ', statusBadge(movie.status));
    parts.facts.replaceChildren(
      ...[
      el('span', {}, 'Progress ', el('b', { 'data-progress': '' }, `${movie.progress}%`), ` (${movie.completed} of ${movie.total} jobs)`),
      el('span', {}, 'Spent ', el('b', { 'data-cost': '' }, usd(movie.costUsd)), ' of ', el('b', {}, usd(movie.estimatedCostUsd)), ' estimated'),
      movie.run.last?.error ? el('span', { class: 'problem' }, `last run: ${movie.run.last.error}`) : null,
      ].filter(Boolean),
    );
    parts.stages.replaceChildren(
      ...Object.entries(movie.stages).sort(byStageOrder).flatMap(([name, stage]) => [
        el('span', {}, name),
        progressBar({ done: stage.completed, running: stage.running, failed: stage.failed }, stage.total),
        el('span', { class: 'counts', 'data-stage-counts': name }, `${stage.completed}/${stage.total}${stage.running ? ` · ${stage.running} running` : ''}${stage.failed ? ` · ${stage.failed} failed` : ''}`),
      ]),
    );
    if (movie.film && movie.film.url !== filmUrl) {
      filmUrl = movie.film.url;
      // A new URL each time the film is made again, so the player does not show the old one.
      const video = el('video', { src: `${movie.film.url}?v=${movie.updatedAt}`, controls: true, preload: 'metadata', 'data-film': '' });
      video.append(el('track', { kind: 'subtitles', src: movie.film.subtitlesUrl, srclang: 'en', label: 'Subtitles', default: true }));
      parts.film.replaceChildren(el('h2', {}, 'The film'), video);
    }
    return movie;
  }

  const movie = await refreshMovie();
  await Promise.all([loadGallery(), refreshErrors(), refreshHeld()]);
  const movieLater = throttle(300, refreshMovie);
  const errorsLater = throttle(500, refreshErrors);
  const heldLater = throttle(500, refreshHeld);
  leave = follow({ movieId, after: String(movie.eventSeq) }, async (event) => {
    parts.events.prepend(el('div', {}, `#${event.seq} ${event.type}${event.jobKey ? ` ${event.jobKey}` : ''}${event.error ? `: ${event.error}` : ''}`));
    while (parts.events.childElementCount > 50) parts.events.lastChild.remove();
    movieLater();
    if (event.type === 'job.completed' && event.jobKey) {
      const { job } = await api(`${movieUrl(movieId)}/jobs/${event.jobKey.split('/').map(encodeURIComponent).join('/')}`);
      showJob(job, { first: true });
    }
    if (['job.failed', 'job.retried', 'job.cancelled'].includes(event.type)) errorsLater();
    if (['job.held', 'job.approved', 'job.created', 'job.retried'].includes(event.type)) heldLater();
  });
}

async function route() {
  leave();
  leave = () => {};
  const match = /^#\/movies\/(.+)$/.exec(location.hash);
  try {
    if (match) await showMovie(decodeURIComponent(match[1]));
    else await showMovies();
  } catch (error) {
    view.replaceChildren(el('p', { class: 'problem' }, error.message));
  }
}

addEventListener('hashchange', route);
route();
