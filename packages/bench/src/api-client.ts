import { type ChildProcess, fork } from 'node:child_process';
import type { ApiCommand, Mark, StreamRecord } from './fake-api-protocol.ts';

type Distribute<T> = T extends unknown ? Omit<T, 'id'> : never;
type Command = Distribute<ApiCommand>;

interface Reply {
  id?: number;
  ev?: string;
  [key: string]: unknown;
}

/** The suite's handle on the fake Runtime API child process. */
export class FakeApiClient {
  readonly #child: ChildProcess;
  readonly address: string;
  #nextId = 1;
  readonly #waiting = new Map<number, (reply: Reply) => void>();
  #onResponse: ((count: number, at: bigint) => void) | undefined;

  private constructor(child: ChildProcess, port: number) {
    this.#child = child;
    this.address = `127.0.0.1:${port}`;
    child.on('message', (reply: Reply) => {
      if (reply.ev === 'response') {
        this.#onResponse?.(reply.count as number, BigInt(reply.at as string));
        return;
      }
      if (reply.id === undefined) return;
      const resolve = this.#waiting.get(reply.id);
      this.#waiting.delete(reply.id);
      resolve?.(reply);
    });
  }

  static async start(script: string): Promise<FakeApiClient> {
    const child = fork(script, [], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
    const port = await new Promise<number>((resolve, reject) => {
      child.once('error', reject);
      child.once('exit', (code) => reject(new Error(`the fake Runtime API exited (${code})`)));
      child.once('message', (m: Reply) => resolve(m.port as number));
    });
    return new FakeApiClient(child, port);
  }

  #call(command: Command): Promise<Reply> {
    const id = this.#nextId++;
    return new Promise((resolve) => {
      this.#waiting.set(id, resolve);
      this.#child.send({ ...command, id });
    });
  }

  async reset(event: string | object): Promise<void> {
    this.#onResponse = undefined;
    await this.#call({ op: 'reset' });
    await this.setEvent(event);
  }

  async setEvent(event: string | object): Promise<void> {
    await this.#call({ op: 'event', json: typeof event === 'string' ? event : JSON.stringify(event) });
  }

  async slow(bytesPerSecond: number): Promise<void> {
    await this.#call({ op: 'slow', bytesPerSecond });
  }

  /** Allows `n` more events (-1: unlimited). */
  async serve(n: number): Promise<void> {
    await this.#call({ op: 'serve', n });
  }

  /**
   * Allows `n` more events and resolves with the fake API's clock when the response count reaches
   * `count` (rejects after `timeoutMs`, naming what was seen).
   */
  serveUntil(n: number, count: number, timeoutMs: number): Promise<bigint> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#onResponse = undefined;
        reject(new Error(`timed out waiting for response #${count}`));
      }, timeoutMs).unref();
      this.#onResponse = (seen, at) => {
        if (seen < count) return;
        clearTimeout(timer);
        this.#onResponse = undefined;
        resolve(at);
      };
      void this.#call({ op: 'serve', n, notify: count });
    });
  }

  /**
   * Allows one event and arms a watch for the first response; `at` resolves with the fake API's clock
   * then (`undefined` after `timeoutMs`). Resolves once the fake API has the budget.
   */
  async armFirstResponse(timeoutMs: number): Promise<{ at: Promise<bigint | undefined> }> {
    let timer: NodeJS.Timeout | undefined;
    const at = new Promise<bigint | undefined>((resolve) => {
      timer = setTimeout(() => {
        this.#onResponse = undefined;
        resolve(undefined);
      }, timeoutMs).unref();
      this.#onResponse = (_count, when) => {
        clearTimeout(timer);
        this.#onResponse = undefined;
        resolve(when);
      };
    });
    await this.#call({ op: 'serve', n: 1, notify: 'each' });
    return { at };
  }

  async mark(): Promise<Mark> {
    const r = await this.#call({ op: 'mark' });
    return {
      responses: r.responses as number,
      errors: r.errors as number,
      nextServed: r.nextServed as number,
      bodyBytes: r.bodyBytes as number,
      at: BigInt(r.at as string),
      cpuMicros: r.cpuMicros as number,
    };
  }

  async streams(): Promise<StreamRecord[]> {
    const r = await this.#call({ op: 'streams' });
    return (r.streams as Array<Record<string, string | number | null>>).map((s) => ({
      bytes: s.bytes as number,
      headAt: BigInt(s.headAt as string),
      firstByteAt: BigInt(s.firstByteAt as string),
      eventAt: BigInt(s.eventAt as string),
      endAt: BigInt(s.endAt as string),
    }));
  }

  async close(): Promise<void> {
    const exited = new Promise((resolve) => this.#child.once('exit', resolve));
    this.#child.send({ op: 'exit', id: 0 });
    await exited;
  }
}
