import type { ScriptedReply } from './test-server-reply.js';

/**
 * Which requests scripted replies are for. Every field given must match; `{}` matches any request.
 * A string alone names a route.
 */
export type ReplyTarget =
  | string
  | {
      /** The route's name. */
      route?: string;
      /** The route's scope for the request (e.g. a model id). */
      scope?: string;
      method?: string;
      /** The path without the query: equal to a string, or matching a RegExp. */
      path?: string | RegExp;
    };

/** What a request offers for matching. */
export interface ReplyCandidate {
  route: string | undefined;
  scope: string | undefined;
  method: string;
  path: string;
}

interface ReplyGroup {
  target: Exclude<ReplyTarget, string>;
  replies: ScriptedReply[];
}

function matches(target: Exclude<ReplyTarget, string>, candidate: ReplyCandidate): boolean {
  if (target.route !== undefined && target.route !== candidate.route) return false;
  if (target.scope !== undefined && target.scope !== candidate.scope) return false;
  if (target.method !== undefined && target.method.toUpperCase() !== candidate.method) return false;
  if (target.path !== undefined) {
    if (typeof target.path === 'string' ? target.path !== candidate.path : !target.path.test(candidate.path)) return false;
  }
  return true;
}

/**
 * Replies waiting to be played, each once. A request takes the first reply of the first group that
 * matches it, in the order they were added, except that groups naming a scope go before those that
 * do not: a reply scripted for one model wins over one for any model.
 */
export class ScriptedReplies {
  private groups: ReplyGroup[] = [];

  add(target: ReplyTarget, replies: readonly ScriptedReply[]): void {
    if (replies.length === 0) return;
    this.groups.push({ target: typeof target === 'string' ? { route: target } : target, replies: [...replies] });
  }

  take(candidate: ReplyCandidate): ScriptedReply | undefined {
    const open = this.groups.filter((group) => group.replies.length > 0 && matches(group.target, candidate));
    const group = open.find((item) => item.target.scope !== undefined) ?? open[0];
    const reply = group?.replies.shift();
    this.groups = this.groups.filter((item) => item.replies.length > 0);
    return reply;
  }

  /** How many replies are still waiting. */
  get size(): number {
    return this.groups.reduce((sum, group) => sum + group.replies.length, 0);
  }

  clear(): void {
    this.groups = [];
  }
}
