import { MessageChannel, Worker, type MessagePort, type WorkerOptions } from 'node:worker_threads';
import type { StageTimings } from '../lib/timings.ts';
import type { GraphqlInput } from './schema.ts';
// Sets GRAPHILE_ENV in this thread's environment, which the worker's is copied from.
import './quiet-grafast.ts';

/**
 * PostGraphile's schema build and graphql-codegen run on a worker thread
 * (worker.ts), for two reasons:
 * - PostGraphile builds each table's GraphQL types recursively through its
 *   relations, and a long chain of foreign keys (the 1,000-table benchmark
 *   schema) overflows the main thread's stack of about 1 MB; the worker's
 *   stack is set here.
 * - Loading PostGraphile and codegen and building the schema take most of
 *   a generation's time; on their own thread they run beside the
 *   introspection, the other emitters and the diagrams instead of after them.
 * The thread starts loading its modules as soon as it is created, so create
 * it before introspecting.
 */

export interface GraphqlRequest {
  id: number;
  input: GraphqlInput;
}

export type GraphqlReply =
  | { id: number; sdl: string; types: string; timings: StageTimings }
  | { id: number; error: { message: string; stack?: string } };

export interface GraphqlOutput {
  /** schema.graphql, sorted. */
  sdl: string;
  /** graphql.ts. */
  types: string;
  timings: StageTimings;
}

/** Ample for the 1,000-table benchmark schema, which overflowed 1 MB; only the pages touched are ever committed. */
const STACK_SIZE_MB = 256;

/**
 * The packages worker.ts and its imports load, loaded first and natively:
 * the TypeScript loader's hooks would otherwise see each of their thousand-odd
 * files (half a second). worker.ts then finds them already loaded. A package
 * missing here still loads, only slower; test/graphql-worker.test.ts keeps
 * the list complete.
 */
export const PRELOADED_PACKAGES = [
  '@graphql-codegen/core',
  '@graphql-codegen/typescript',
  'graphql',
  'pg',
  'pluralize',
  'postgraphile',
  'postgraphile/@dataplan/pg',
  'postgraphile/adaptors/pg',
  'postgraphile/graphile-build',
  'postgraphile/graphile-build-pg/pg-introspection',
  'postgraphile/graphql',
  'postgraphile/presets/amber',
];

const workerUrl = new URL('./worker.ts', import.meta.url).href;
/**
 * A worker thread does not inherit the TypeScript loader: the bootstrap registers it, after the preloads and before worker.ts.
 * With workerData.modules (a MessagePort), the loader posts it the URL of every module it loads from then on.
 */
const bootstrap = [
  `const { workerData } = require('node:worker_threads');`,
  `Promise.all(${JSON.stringify(PRELOADED_PACKAGES.map((name) => import.meta.resolve(name)))}.map((url) => import(url)))`,
  `.then(() => import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}))`,
  `.then((tsx) => { tsx.register(workerData?.modules ? { onImport: (url) => workerData.modules.postMessage(url) } : {}); return import(${JSON.stringify(workerUrl)}); });`,
].join('');

export interface GraphqlWorkerOptions {
  /** Called with the URL of every module the thread loads through the TypeScript loader (what is not preloaded): for tests. */
  onModule?: (url: string) => void;
}

interface Waiting {
  resolve(output: GraphqlOutput): void;
  reject(error: Error): void;
}

export class GraphqlWorker {
  private worker?: Worker;
  private nextId = 0;
  private readonly waiting = new Map<number, Waiting>();

  constructor(private readonly options: GraphqlWorkerOptions = {}) {}

  /** Starts the thread, and with it the loading of PostGraphile and codegen, unless it is running. */
  start(): Worker {
    if (this.worker) return this.worker;
    const reports = this.moduleReports();
    const worker = new Worker(bootstrap, { eval: true, resourceLimits: { stackSizeMb: STACK_SIZE_MB }, ...reports?.options });
    worker.once('exit', () => reports?.port.close());
    // Only a request in flight keeps the process alive (see build).
    worker.unref();
    worker.on('message', (reply: GraphqlReply) => this.settle(reply));
    worker.on('error', (error) => this.fail(worker, error));
    worker.on('exit', (code) => this.fail(worker, new Error(`the GraphQL worker thread stopped (exit code ${code}) before it answered`)));
    this.worker = worker;
    return worker;
  }

  build(input: GraphqlInput): Promise<GraphqlOutput> {
    const worker = this.start();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      worker.ref();
      worker.postMessage({ id, input } satisfies GraphqlRequest);
    });
  }

  /** The port the thread reports its modules to, and the options that give it the other end, when options.onModule asks for them. */
  private moduleReports(): { port: MessagePort; options: Pick<WorkerOptions, 'workerData' | 'transferList'> } | undefined {
    const { onModule } = this.options;
    if (!onModule) return undefined;
    const { port1, port2 } = new MessageChannel();
    port1.on('message', onModule);
    // The reports must not keep the process alive; the port is closed when the thread exits.
    port1.unref();
    return { port: port1, options: { workerData: { modules: port2 }, transferList: [port2] } };
  }

  /** Stops the thread; a later build starts a new one. */
  async close(): Promise<void> {
    const worker = this.worker;
    if (!worker) return;
    this.fail(worker, new Error('the GraphQL worker thread was closed before it answered'));
    await worker.terminate();
  }

  private settle(reply: GraphqlReply): void {
    const waiting = this.waiting.get(reply.id);
    this.waiting.delete(reply.id);
    if (this.waiting.size === 0) this.worker?.unref();
    if (!waiting) return;
    if ('error' in reply) {
      const error = new Error(reply.error.message);
      if (reply.error.stack) error.stack = reply.error.stack;
      waiting.reject(error);
    } else {
      waiting.resolve({ sdl: reply.sdl, types: reply.types, timings: reply.timings });
    }
  }

  /** The thread died (out of memory, a failed import): every request in flight fails, and the next build starts afresh. */
  private fail(worker: Worker, error: Error): void {
    if (this.worker !== worker) return;
    this.worker = undefined;
    for (const waiting of this.waiting.values()) waiting.reject(error);
    this.waiting.clear();
  }
}
