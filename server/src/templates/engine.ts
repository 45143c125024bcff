import { MessageChannel, Worker } from 'node:worker_threads';
import type { Logger } from '../logger.ts';
import type { TemplateFilter } from '../plugins/definition.ts';
import type { Contribution } from '../plugins/registry.ts';
import type { TemplateLimits } from '../config/template-limits.ts';


export type RenderErrorCode = 'SYNTAX' | 'RENDER' | 'FUEL' | 'TIMEOUT' | 'OUTPUT_LIMIT' | 'SOURCE_LIMIT';
export type RenderResult = { output: string } | { error: string; code: RenderErrorCode };

type Filter = TemplateFilter;

type Op = 'render' | 'check' | 'renderMany';
type Reply = RenderResult | { results: RenderResult[] };

interface Pending {
  message: { id: number; op: Op; source: string; context: unknown; fuel: number; maxOutput: number };
  resolve: (result: Reply) => void;
}

/**
 * The sandboxed Jinja2-compatible engine used by export templates (and every later templated feature).
 *
 * Templates are written by users, so the engine runs MiniJinja compiled to WebAssembly in a worker thread: a
 * template sees copies of plain data and nothing else, its work is bounded by fuel, its output by size, and a
 * render that outlives its time budget has its thread terminated while the server keeps answering. Plugin
 * filters are the one door back to JavaScript; they run here, on the main thread, with the values a template
 * passes them.
 */
export class TemplateEngine {
  private worker: Worker | null = null;
  /** The worker has compiled the engine and waits for work; time budgets start only then. */
  private ready = false;
  private readonly queue: Pending[] = [];
  private current: (Pending & { timer: NodeJS.Timeout }) | null = null;
  private nextId = 1;
  private closed = false;

  constructor(
    private readonly filters: ReadonlyMap<string, { plugin: string; filter: Filter }>,
    readonly limits: TemplateLimits,
    private readonly log: Logger,
  ) {}

  /** Render `source` over `context` (plain data: see `toTemplateData`). Errors come back as values, never thrown. */
  render(source: string, context: Record<string, unknown>): Promise<RenderResult> {
    return this.run('render', source, context) as Promise<RenderResult>;
  }

  /**
   * Render one template over many contexts in one trip to the sandbox (a computed field over a page of objects):
   * one result per context, in order, each render with its own fuel. The time budget covers the whole batch; when
   * it runs out, or the template does not compile, every result carries that error.
   */
  async renderMany(source: string, contexts: ReadonlyArray<Record<string, unknown>>): Promise<RenderResult[]> {
    if (contexts.length === 0) return [];
    const reply = await this.run('renderMany', source, contexts);
    return 'results' in reply ? reply.results.map((r) => ('output' in r ? r : { error: r.error, code: r.code })) : contexts.map(() => reply);
  }

  /** Parse a template without rendering it: null when it compiles, else the syntax error. */
  async check(source: string): Promise<string | null> {
    const result = await this.run('check', source, {});
    return 'error' in result ? result.error : null;
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const pending of this.queue.splice(0)) pending.resolve({ error: 'the template engine is shutting down', code: 'RENDER' });
    await this.stopWorker();
  }

  private run(op: Op, source: string, context: unknown): Promise<Reply> {
    if (source.length > this.limits.maxSourceChars) {
      return Promise.resolve({ error: `the template is longer than the limit of ${this.limits.maxSourceChars} characters`, code: 'SOURCE_LIMIT' });
    }
    if (this.closed) return Promise.resolve({ error: 'the template engine is shut down', code: 'RENDER' });
    return new Promise((resolve) => {
      this.queue.push({ message: { id: this.nextId++, op, source, context, fuel: this.limits.fuel, maxOutput: this.limits.maxOutputChars }, resolve });
      this.pump();
    });
  }

  private pump(): void {
    if (this.current || this.queue.length === 0) return;
    const worker = this.ensureWorker();
    // Keep the process alive while work waits (an idle worker does not).
    worker.ref();
    if (!this.ready) return;
    const next = this.queue.shift() as Pending;
    const timer = setTimeout(() => {
      this.log.warn({ timeoutMs: this.limits.timeoutMs }, 'a template render ran out of time; its thread was stopped');
      this.finish({ error: `the template took longer than ${this.limits.timeoutMs} ms`, code: 'TIMEOUT' });
      void this.stopWorker();
    }, this.limits.timeoutMs);
    this.current = { ...next, timer };
    worker.postMessage(next.message);
  }

  private finish(result: Reply): void {
    const current = this.current;
    if (!current) return;
    clearTimeout(current.timer);
    this.current = null;
    if (this.queue.length === 0) this.worker?.unref();
    current.resolve(result);
    queueMicrotask(() => this.pump());
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const bridge = new MessageChannel();
    const flag = new SharedArrayBuffer(4);
    const signal = new Int32Array(flag);
    const worker = new Worker(new URL('./render-worker.mjs', import.meta.url), {
      workerData: { filterNames: [...this.filters.keys()], bridge: bridge.port2, flag, maxMemoryPages: Math.ceil((this.limits.maxMemoryMb * 1024 * 1024) / 65_536) },
      transferList: [bridge.port2],
      resourceLimits: { maxOldGenerationSizeMb: 256 },
    });
    bridge.port1.on('message', ({ name, args }: { name: string; args: unknown[] }) => {
      const entry = this.filters.get(name);
      try {
        const value = entry ? entry.filter(...(args as [unknown, ...unknown[]])) : undefined;
        bridge.port1.postMessage({ ok: true, value: toTemplateData(value) });
      } catch (error) {
        this.log.warn({ plugin: entry?.plugin, filter: name, err: error }, 'a plugin template filter failed');
        bridge.port1.postMessage({ ok: false, error: `the filter "${name}" of plugin "${entry?.plugin}" failed: ${(error as Error).message}` });
      }
      Atomics.store(signal, 0, 1);
      Atomics.notify(signal, 0);
    });
    bridge.port1.unref();
    worker.on('message', (reply: { ready?: boolean; id: number; ok: boolean; output?: string; results?: Array<{ ok: boolean; output?: string; error?: string; code?: RenderErrorCode }>; error?: string; code?: RenderErrorCode; fatal?: boolean }) => {
      if (reply.ready) {
        if (this.worker === worker) this.ready = true;
        this.pump();
        return;
      }
      if (!this.current || reply.id !== this.current.message.id) return;
      // The thread is ending itself: nothing more may be sent to it.
      if (reply.fatal && this.worker === worker) {
        this.worker = null;
        this.ready = false;
      }
      if (reply.ok && reply.results) {
        this.finish({ results: reply.results.map((r) => (r.ok ? { output: r.output ?? '' } : { error: r.error ?? 'the template failed', code: r.code ?? 'RENDER' })) });
        return;
      }
      this.finish(reply.ok ? { output: reply.output ?? '' } : { error: reply.error ?? 'the template failed', code: reply.code ?? 'RENDER' });
    });
    const lost = (why: string) => {
      if (this.worker !== worker) return;
      this.worker = null;
      this.ready = false;
      bridge.port1.close();
      this.finish({ error: `the template engine stopped (${why})`, code: 'RENDER' });
    };
    worker.on('error', (error) => {
      this.log.warn({ err: error }, 'the template render thread failed; a new one will be started');
      lost(error.message);
    });
    worker.on('exit', () => lost('exited'));
    worker.unref();
    this.worker = worker;
    return worker;
  }

  private async stopWorker(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    this.ready = false;
    if (worker) await worker.terminate();
  }
}

/**
 * Copy a value into what a template may see: plain objects, arrays, strings, numbers, booleans and null. Dates
 * become ISO strings, big integers numbers (or strings past 2^53); functions and other objects are dropped.
 */
export function toTemplateData(value: unknown): unknown {
  if (value === null || value === undefined) return value ?? null;
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'bigint') return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(toTemplateData);
  if (typeof value === 'object' && (Object.getPrototypeOf(value) === Object.prototype || Object.getPrototypeOf(value) === null)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toTemplateData(v)]));
  }
  return null;
}

/** The engine with every plugin's filters (the registry has checked that each name has one owner). */
export function createTemplateEngine(contributed: ReadonlyMap<string, Contribution<TemplateFilter>>, limits: TemplateLimits, log: Logger): TemplateEngine {
  const filters = new Map([...contributed].map(([name, c]) => [name, { plugin: c.plugin.name, filter: c.value }]));
  return new TemplateEngine(filters, limits, log);
}
