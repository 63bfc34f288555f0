import { JobStoreError, MovieNotFoundError } from '@cinema/core';
import { describe, expect, it } from 'vitest';
import { isTransient, toStoreError } from './postgres-errors.js';

function withCode(code: string, message = 'x'): Error {
  return Object.assign(new Error(message), { code });
}

describe('isTransient: what a call may retry once the server is back', () => {
  it.each([
    ['a refused connection (server down or restarting)', withCode('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432')],
    ['a terminated backend (57P01)', withCode('57P01', 'terminating connection due to administrator command')],
    ['a server starting up (57P03)', withCode('57P03', 'the database system is starting up')],
    ['a connection exception (class 08)', withCode('08006')],
    ['a deadlock the server broke (40P01)', withCode('40P01', 'deadlock detected')],
    ['a connection dropped under a query', new Error('Connection terminated unexpectedly')],
    ['a client that broke earlier', new Error('Client has encountered a connection error and is not queryable')],
    ['a connection kysely gave up on when its rollback failed', new Error('Postgres connection has been discarded')],
    ['every address refused', new AggregateError([withCode('ECONNREFUSED'), withCode('ECONNREFUSED')])],
  ])('%s', (_, error) => {
    expect(isTransient(error)).toBe(true);
  });

  it.each([
    ['a wrong password (28P01)', withCode('28P01')],
    ['a missing table (42P01)', withCode('42P01')],
    ['an unknown host', withCode('ENOTFOUND')],
    ['a store error of its own', new JobStoreError({ message: 'not ours' })],
  ])('not %s', (_, error) => {
    expect(isTransient(error)).toBe(false);
  });
});

describe('toStoreError', () => {
  it('keeps Cinema errors as they are', () => {
    const error = new MovieNotFoundError({ movieId: 'm', where: 'here' });
    expect(toStoreError(error, 'postgres://db/films (schema cinema)', 'claim jobs')).toBe(error);
  });

  it('names the store and the action of anything else', () => {
    const error = toStoreError(withCode('42P01', 'relation "jobs" does not exist'), 'postgres://db/films (schema cinema)', 'claim jobs');
    expect(JobStoreError.isInstance(error)).toBe(true);
    expect((error as Error).message).toBe('The job store postgres://db/films (schema cinema) failed to claim jobs: relation "jobs" does not exist');
  });
});
