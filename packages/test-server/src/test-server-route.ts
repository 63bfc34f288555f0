import type { ScriptedReply, TestServerHandler } from './test-server-reply.js';
import type { TestServerRequest } from './test-server-request.js';

/** One route of the server. Routes are tried in order; the first whose method and path match wins. */
export interface TestServerRoute {
  /** Names the route in the log and in `enqueue`, e.g. `status`. */
  name: string;
  /** Methods it answers, e.g. `'GET'` or `['GET', 'HEAD']`. Default: any. */
  method?: string | readonly string[];
  /**
   * The path: a string matched whole, in which `:name` captures one segment and a trailing `*`
   * captures the rest (as `params['*']`), or a RegExp whose named groups become params.
   */
  path: string | RegExp;
  /**
   * The scope of a request (e.g. the model it is for), so a reply can be scripted for one model only.
   * Default: none.
   */
  scope?: (request: TestServerRequest) => string | undefined;
  /** Replies played first, once each, before `handle` answers (e.g. `[pending, pending]`). Default: none. */
  replies?: readonly ScriptedReply[];
  /** The route's own answer once its scripted replies are used up. Default: the server's not-found answer. */
  handle?: TestServerHandler;
}

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** The params `pattern` captures from `path`, or undefined when it does not match. */
export function matchPath(pattern: string | RegExp, path: string): Record<string, string> | undefined {
  if (pattern instanceof RegExp) {
    const match = pattern.exec(path);
    if (!match) return undefined;
    return Object.fromEntries(Object.entries(match.groups ?? {}).flatMap(([name, value]) => (value === undefined ? [] : [[name, decode(value)]])));
  }
  const wanted = pattern.split('/').filter(Boolean);
  const actual = path.split('/').filter(Boolean);
  const params: Record<string, string> = {};
  for (let index = 0; index < wanted.length; index++) {
    const part = wanted[index]!;
    if (part === '*' && index === wanted.length - 1) {
      if (actual.length <= index) return undefined;
      params['*'] = actual.slice(index).map(decode).join('/');
      return params;
    }
    const segment = actual[index];
    if (segment === undefined) return undefined;
    if (part.startsWith(':')) params[part.slice(1)] = decode(segment);
    else if (part !== segment) return undefined;
  }
  return actual.length === wanted.length ? params : undefined;
}

export function methodMatches(route: Pick<TestServerRoute, 'method'>, method: string): boolean {
  if (route.method === undefined) return true;
  const methods = typeof route.method === 'string' ? [route.method] : route.method;
  return methods.some((candidate) => candidate.toUpperCase() === method);
}
