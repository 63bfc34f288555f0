import type { PostgresPool, PostgresPoolClient } from 'kysely';
import pg from 'pg';

/**
 * A pool whose connections can be made to lose one reply: the statement runs and commits on the
 * server, then the caller hears `Connection terminated unexpectedly`, as when the network or the
 * server goes away at exactly that moment. The window a restart can hit; here it is hit on purpose.
 */
export class ReplyLosingPool implements PostgresPool {
  private readonly pool: pg.Pool;
  private trap: ((sql: string) => boolean) | undefined;
  /** The statements whose replies were lost, in order. */
  readonly lost: string[] = [];

  constructor(connectionString: string) {
    this.pool = new pg.Pool({ connectionString, max: 4 });
    this.pool.on('error', () => undefined);
  }

  /** The next statement `matches` accepts runs, and its reply is lost. */
  loseNextReplyTo(matches: (sql: string) => boolean): void {
    this.trap = matches;
  }

  async connect(): Promise<PostgresPoolClient> {
    const client = await this.pool.connect();
    let broken = false;
    return {
      query: (async (sql: string, parameters: readonly unknown[]) => {
        const result = await client.query(sql, parameters as unknown[]);
        if (this.trap?.(sql)) {
          this.trap = undefined;
          this.lost.push(sql);
          broken = true;
          throw new Error('Connection terminated unexpectedly');
        }
        return result;
      }) as unknown as PostgresPoolClient['query'],
      release: () => client.release(broken),
    };
  }

  end(): Promise<void> {
    return this.pool.end();
  }
}
