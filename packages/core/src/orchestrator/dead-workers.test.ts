import { hostname } from 'node:os';
import { describe, expect, it } from 'vitest';
import { deadWorkersOf, processIsAlive } from './dead-workers.js';

describe('deadWorkersOf', () => {
  it('names only lease holders of this host whose process is gone', () => {
    const here = hostname();
    const jobs = [
      { status: 'in_progress' as const, leaseOwner: `${here}:111:aa` },
      { status: 'waiting' as const, leaseOwner: `${here}:222:bb` },
      { status: 'in_progress' as const, leaseOwner: `elsewhere:111:cc` },
      { status: 'completed' as const, leaseOwner: `${here}:333:dd` },
      { status: 'in_progress' as const, leaseOwner: `${here}:${process.pid}:ee` },
    ];
    expect(deadWorkersOf(jobs, (pid) => pid === 222)).toEqual([`${here}:111:aa`]);
  });

  it('tells a live process from a gone one', () => {
    expect(processIsAlive(process.pid)).toBe(true);
    expect(processIsAlive(2 ** 22 + 12345)).toBe(false);
  });
});
