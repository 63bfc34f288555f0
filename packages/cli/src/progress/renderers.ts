import type { CinemaEvent, MovieStatus } from '@cinema/core';
import { listKeys } from '../format/list-keys.js';
import { sortStages } from '../format/stage-order.js';
import { formatUsd, type Style } from './style.js';

export interface ProgressRenderer {
  onEvent(event: CinemaEvent): void;
  /** Stops redrawing and leaves the final picture on screen. */
  close(): Promise<void>;
}

export interface RendererOptions {
  write(text: string): void;
  style: Style;
  /** Fresh status for the live view. */
  status?: () => Promise<MovieStatus>;
}

/** `--json`: every event as one JSON line, for machines. */
export function createJsonRenderer({ write }: RendererOptions): ProgressRenderer {
  return {
    onEvent: (event) => write(`${JSON.stringify(event)}\n`),
    close: async () => {},
  };
}

/** Piped output: one plain line per thing that happened. */
export function createLineRenderer({ write, style }: RendererOptions): ProgressRenderer {
  let total = 0;
  let done = 0;
  return {
    onEvent(event) {
      switch (event.type) {
        case 'run:started':
          write(`${event.resumed ? 'Resuming' : 'Starting'} ${event.movieId}\n`);
          break;
        case 'plan:updated':
          total = event.total;
          write(`Planned ${event.total} jobs\n`);
          break;
        case 'job:completed':
          done++;
          write(`[${done}/${total}] ${style.green('done')} ${event.key}${event.costUsd > 0 ? ` (${formatUsd(event.costUsd)})` : ''}\n`);
          break;
        case 'job:reattached':
          write(`re-attached to submitted work: ${event.key}\n`);
          break;
        case 'job:found':
          write(`found work the provider already had: ${event.key} (not paid for again)\n`);
          break;
        case 'job:cancelled':
          write(`${style.yellow('cancelled')} ${event.key}${event.providerCancelled ? ' (the provider was asked to stop)' : ''}\n`);
          break;
        case 'plan:retired':
          write(`retired ${event.keys.length} job(s) of cut scenes, files kept: ${listKeys(event.keys)}\n`);
          break;
        case 'review:waiting':
          write(`${style.yellow('waiting for review')}: ${event.keys.length} job(s) held until \`cinema approve ${event.movieId}\`: ${listKeys(event.keys)}\n`);
          break;
        case 'job:retrying':
          write(`${style.yellow('retry')} ${event.key} in ${(event.delayMs / 1000).toFixed(1)} s: ${event.error.message}\n`);
          break;
        case 'job:failed':
          write(`${style.red('failed')} ${event.key}: ${event.error.message}\n`);
          break;
        case 'job:warning':
          write(`${style.yellow('warning')} ${event.key}: ${event.message}\n`);
          break;
        case 'budget:blocked':
          write(`${style.yellow('budget')} stopped before passing ${formatUsd(event.maxCostUsd)} (spent ${formatUsd(event.spentUsd)})\n`);
          break;
        default:
          break;
      }
    },
    close: async () => {},
  };
}

function bar(done: number, total: number, width: number): string {
  const filled = total === 0 ? 0 : Math.round((done / total) * width);
  return '█'.repeat(filled) + '░'.repeat(width - filled);
}

/** A terminal: a bar per stage, redrawn in place, with problems printed above it. */
export function createTtyRenderer({ write, style, status }: RendererOptions): ProgressRenderer {
  let lines = 0;
  let latest: MovieStatus | undefined;
  let activity = '';
  const messages: string[] = [];
  let closed = false;

  const draw = () => {
    const output: string[] = [];
    if (lines > 0) output.push(`\u001b[${lines}A\u001b[0J`);
    for (const message of messages.splice(0)) output.push(`${message}\n`);
    const view: string[] = [];
    if (latest) {
      view.push(`${style.bold(latest.movieId)}  ${latest.progress.toFixed(0)}%  ${latest.completed}/${latest.total} jobs  ${formatUsd(latest.costUsd)} spent`);
      for (const name of sortStages(Object.keys(latest.stages))) {
        const stage = latest.stages[name]!;
        const failed = stage.failed > 0 ? style.red(` ${stage.failed} failed`) : '';
        view.push(`  ${name.padEnd(11)} ${style.cyan(bar(stage.completed, stage.total, 24))} ${String(stage.completed).padStart(4)}/${stage.total}${failed}`);
      }
    }
    if (activity) view.push(style.dim(`  ${activity}`.slice(0, (process.stdout.columns ?? 100) - 1)));
    output.push(view.map((line) => `${line}\n`).join(''));
    lines = view.length;
    write(output.join(''));
  };

  let refreshing = false;
  const refresh = async () => {
    if (refreshing || !status) return;
    refreshing = true;
    try {
      latest = await status();
    } catch {
      // The movie may not exist yet.
    } finally {
      refreshing = false;
    }
    if (!closed) draw();
  };
  // Drawing starts with the run's first event: a question asked before it (an edit's "Make these
  // changes?") keeps the screen to itself.
  let timer: NodeJS.Timeout | undefined;

  return {
    onEvent(event) {
      timer ??= setInterval(refresh, 200);
      switch (event.type) {
        case 'job:started':
          activity = `working on ${event.key}`;
          break;
        case 'job:progress':
          activity = `${event.key} ${Math.round(event.fraction * 100)}%${event.message ? `: ${event.message}` : ''}`;
          break;
        case 'job:retrying':
          messages.push(`${style.yellow('retry')} ${event.key} in ${(event.delayMs / 1000).toFixed(1)} s: ${event.error.message}`);
          break;
        case 'job:failed':
          messages.push(`${style.red('failed')} ${event.key}: ${event.error.message}`);
          break;
        case 'job:warning':
          messages.push(`${style.yellow('warning')} ${event.key}: ${event.message}`);
          break;
        case 'job:reattached':
          messages.push(`re-attached to submitted work: ${event.key}`);
          break;
        case 'job:found':
          messages.push(`found work the provider already had: ${event.key} (not paid for again)`);
          break;
        case 'job:cancelled':
          messages.push(`${style.yellow('cancelled')} ${event.key}`);
          break;
        case 'plan:retired':
          messages.push(`retired ${event.keys.length} job(s) of cut scenes, files kept: ${listKeys(event.keys)}`);
          break;
        case 'review:waiting':
          activity = `waiting for review: ${event.keys.length} job(s) held`;
          break;
        case 'run:finished':
          activity = '';
          break;
        default:
          break;
      }
    },
    async close() {
      if (timer === undefined) return;
      clearInterval(timer);
      await refresh();
      closed = true;
    },
  };
}
