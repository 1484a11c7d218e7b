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

const compiledUrl = new URL('../../bin/compiled.js', import.meta.url).href;
/**
 * The thread runs worker.ts as bin/compiled.js builds it (esbuild, packages external), as bin/cfdb.js runs the
 * CLI: no TypeScript loader to register and no hooks on the thousand-odd files PostGraphile and codegen load.
 * With workerData.inputs (a MessagePort), it posts the build's inputs there before importing it.
 */
const bootstrap = [
  `const { workerData } = require('node:worker_threads');`,
  `import(${JSON.stringify(compiledUrl)})`,
  `.then((c) => c.importEntry('src/graphql/worker.ts', (inputs) => workerData?.inputs?.postMessage(inputs)));`,
].join('');

export interface GraphqlWorkerOptions {
  /** Called with the files of ours (repository-relative paths) in the build the thread runs: for tests. */
  onInputs?: (paths: string[]) => void;
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
    const reports = this.inputReports();
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

  /** The port the thread reports its build's inputs to, and the options that give it the other end, when options.onInputs asks for them. */
  private inputReports(): { port: MessagePort; options: Pick<WorkerOptions, 'workerData' | 'transferList'> } | undefined {
    const { onInputs } = this.options;
    if (!onInputs) return undefined;
    const { port1, port2 } = new MessageChannel();
    port1.on('message', onInputs);
    // The reports must not keep the process alive; the port is closed when the thread exits.
    port1.unref();
    return { port: port1, options: { workerData: { inputs: port2 }, transferList: [port2] } };
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
