import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { StoreEvent } from '@cinema/core';
import { createSqliteJobStore } from '@cinema/tracker-sqlite';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cinema, examplesDir } from './test-helpers.js';

const secret = `whsec_${randomBytes(32).toString('base64')}`;

/** A receiver as a user's would be: it checks every signature with the standardwebhooks library. */
interface Receiver {
  server: Server;
  url: string;
  /** Every verified delivery, by webhook-id, with how many times it came. */
  received: Map<string, { count: number; seq: number; type: string; signedFor: string }>;
  /** Answers 500 until this time (ms since the epoch). */
  failUntil: number;
  answered500: number;
  refused: string[];
}

async function startReceiver(): Promise<Receiver> {
  const verifier = new Webhook(secret);
  const receiver = { received: new Map(), failUntil: 0, answered500: 0, refused: [] as string[] } as unknown as Receiver;
  receiver.server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      if (Date.now() < receiver.failUntil) {
        receiver.answered500++;
        response.writeHead(500).end('down for a while');
        return;
      }
      try {
        const headers = request.headers as Record<string, string>;
        const message = verifier.verify(body, headers) as { type: string; data: StoreEvent };
        const id = headers['webhook-id']!;
        const seen = receiver.received.get(id);
        receiver.received.set(id, { count: (seen?.count ?? 0) + 1, seq: message.data.seq, type: message.type, signedFor: message.data.movieId });
        response.writeHead(204).end();
      } catch (error) {
        receiver.refused.push((error as Error).message);
        response.writeHead(400).end();
      }
    });
  });
  await new Promise<void>((resolve) => receiver.server.listen(0, '127.0.0.1', resolve));
  receiver.url = `http://127.0.0.1:${(receiver.server.address() as AddressInfo).port}/cinema`;
  return receiver;
}

let project: string;
let receiver: Receiver;
beforeAll(async () => {
  receiver = await startReceiver();
  project = mkdtempSync(join(tmpdir(), 'cinema-cli-webhooks-'));
  symlinkSync(fileURLToPath(new URL('../../../node_modules', import.meta.url)), join(project, 'node_modules'));
  copyFileSync(join(examplesDir, 'the-lighthouse.fountain'), join(project, 'the-lighthouse.fountain'));
  writeFileSync(
    join(project, 'cinema.config.mjs'),
    `export default {\n  output: { width: 320, height: 180, fps: 12 },\n  webhooks: [{ url: ${JSON.stringify(receiver.url)}, secret: process.env.CINEMA_WEBHOOK_SECRET }],\n};\n`,
  );
});
afterAll(async () => {
  await new Promise((resolve) => receiver.server.close(resolve));
  rmSync(project, { recursive: true, force: true });
});

describe('webhooks of a film', () => {
  it('deliver every event of the film once after de-duplication, across a SIGKILL of the sender and a receiver answering 500 for a while', async () => {
    const env = { CINEMA_WEBHOOK_SECRET: secret };
    const killed = await cinema(['generate', 'the-lighthouse.fountain', '--id', 'lighthouse'], { cwd: project, env, killWhen: /\[3\d\/\d+\] done/ });
    expect(killed.signal).toBe('SIGKILL');
    const deliveredBeforeTheKill = receiver.received.size;
    expect(deliveredBeforeTheKill).toBeGreaterThan(0);

    receiver.failUntil = Date.now() + 4_000;
    const resumed = await cinema(['resume', 'lighthouse'], { cwd: project, env });
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stderr).toMatch(/webhook http:\/\/127\.0\.0\.1:\d+\/cinema: could not deliver .*HTTP 500; next attempt in \d+ ms/);
    expect(receiver.answered500).toBeGreaterThan(0);
    expect(receiver.refused).toEqual([]);

    const store = await createSqliteJobStore({ path: join(project, 'output', 'cinema.db') });
    try {
      const log = await store.listEvents({ after: 0, limit: 100_000 });
      expect(log.at(-1)).toMatchObject({ type: 'movie.run_ended', status: 'completed' });
      expect(log.filter((event) => event.type === 'movie.run_ended')).toHaveLength(1);
      const expected = log.map((event) => `evt_lighthouse_${event.seq}`);
      // Every event of the film, and nothing else; each one counted once by its id.
      expect([...receiver.received.keys()].sort()).toEqual([...expected].sort());
      for (const event of log) expect(receiver.received.get(`evt_lighthouse_${event.seq}`)).toMatchObject({ seq: event.seq, type: event.type, signedFor: 'lighthouse' });
      const jobs = await store.listJobs('lighthouse');
      expect(log.filter((event) => event.type === 'job.completed')).toHaveLength(jobs.length);
      const repeats = [...receiver.received.values()].filter((delivery) => delivery.count > 1);
      // At least once: only an event sent just before the kill, or whose answer was lost, may come twice.
      expect(repeats.length).toBeLessThanOrEqual(2);
    } finally {
      await store.close();
    }
  }, 180_000);
});
