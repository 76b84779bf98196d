import type { LoggerService } from '@backstage/backend-plugin-api';
import type { KindRegistry } from '@workload-status/backstage-plugin-workload-status-common';
import { Worker } from 'node:worker_threads';
import type {
  FromListWorker,
  KindRowData,
  ProjectedPage,
  SharedTexts,
  ToListWorker,
} from './listWorkerMessages';
import {
  LIST_PAGE_WORKER_DATA,
  LIST_PAGE_WORKER_MODULE,
} from './listPageWorker';
import type { ListedType } from './projectListPage';

interface Pending {
  resolve: (page: ProjectedPage | undefined) => void;
  reject: (e: Error) => void;
  texts: SharedTexts;
}

/**
 * The thread LIST pages are parsed, projected and redacted in, off the
 * event loop's thread (listPageWorker). The main thread reads back only
 * each object's projection (~1-2 KB of JSON, not its ~10 KB), so the
 * garbage a large sync makes, and the GC pauses it sets, are mostly the
 * worker's: at 100k pods the longest stall of the loop was one scavenge
 * of a young generation filled by those parses (docs/benchmarks.md).
 *
 * Started at the first page, stopped by `close`. If the thread cannot
 * start or dies, `project` answers undefined from then on and the caller
 * parses pages itself, as before there was a thread: slower, never wrong.
 */
export class ListPageThread {
  private worker?: Worker;
  private broken = false;
  /** whether the thread has answered a page yet: said once in the log */
  private answered = false;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  /** the kind tables sent to the thread, by the id they were sent under */
  private readonly tables = new Map<KindRegistry, number>();

  constructor(private readonly logger: LoggerService) {}

  /**
   * A LIST page projected in the thread, by `kinds`; undefined when the
   * thread is not there (the caller projects the page itself). `page`
   * must stay as it is until this settles.
   */
  async project(
    page: Buffer,
    listed: ListedType,
    kinds: KindRegistry,
    texts: SharedTexts,
  ): Promise<ProjectedPage | undefined> {
    const worker = this.start();
    if (!worker) return undefined;
    let kindsId = this.tables.get(kinds);
    if (kindsId === undefined) {
      kindsId = this.nextId++;
      this.tables.set(kinds, kindsId);
      this.send({ type: 'kinds', id: kindsId, rows: rowData(kinds) });
    }
    // a page read into a PageBuffer is shared already; any other is copied
    let shared = page.buffer;
    let offset = page.byteOffset;
    if (!(shared instanceof SharedArrayBuffer)) {
      shared = new SharedArrayBuffer(page.length);
      Buffer.from(shared).set(page);
      offset = 0;
    }
    const id = this.nextId++;
    const answer = new Promise<ProjectedPage | undefined>((resolve, reject) =>
      this.pending.set(id, { resolve, reject, texts }),
    );
    // a pending page keeps the process alive; an idle thread does not
    worker.ref();
    this.send({
      type: 'page',
      id,
      kindsId,
      page: shared as SharedArrayBuffer,
      offset,
      length: page.length,
      texts: texts.buffer,
      listed,
    });
    return answer;
  }

  /** The thread's heap in use, in bytes; undefined without a thread. */
  async heapUsed(): Promise<number | undefined> {
    const stats = await this.worker?.getHeapStatistics();
    return stats?.used_heap_size;
  }

  /** Stops the thread; pages still pending are answered undefined. */
  async close() {
    const worker = this.worker;
    this.broken = true;
    this.worker = undefined;
    this.settleAll();
    await worker?.terminate();
  }

  private start(): Worker | undefined {
    if (this.worker || this.broken) return this.worker;
    try {
      const worker = new Worker(
        `require(${JSON.stringify(LIST_PAGE_WORKER_MODULE)});`,
        {
          eval: true,
          execArgv: workerExecArgv(),
          workerData: LIST_PAGE_WORKER_DATA,
        },
      );
      worker.on('message', (message: FromListWorker) => this.settle(message));
      worker.on('error', e => this.fail(worker, e as Error));
      worker.on('exit', code =>
        this.fail(worker, new Error(`exited with code ${code}`)),
      );
      worker.unref();
      this.worker = worker;
    } catch (e) {
      this.fail(undefined, e as Error);
    }
    return this.worker;
  }

  private send(message: ToListWorker) {
    this.worker?.postMessage(message);
  }

  private settle(message: FromListWorker) {
    const pending = this.pending.get(message.id);
    if (!pending) return;
    this.pending.delete(message.id);
    if (this.pending.size === 0) this.worker?.unref();
    if (message.type === 'failed') {
      pending.reject(new Error(message.message));
      return;
    }
    if (!this.answered) {
      this.answered = true;
      this.logger.info(
        'LIST pages are parsed in the list worker thread (workloadStatus.listWorker)',
      );
    }
    if (message.grown) pending.texts.buffer = message.grown;
    const count = message.ends.length;
    pending.resolve({
      uids: message.uids,
      versions: message.versions,
      ends: message.ends,
      texts: Buffer.from(
        pending.texts.buffer,
        0,
        count ? message.ends[count - 1] : 0,
      ),
      metadata: message.metadata,
      error: message.error,
    });
  }

  /** The thread is gone: what it had is done here, and all that follows. */
  private fail(worker: Worker | undefined, e: Error) {
    if (worker !== this.worker || this.broken) return;
    this.broken = true;
    this.worker = undefined;
    this.logger.warn(
      `The list worker thread stopped (${e.message}); LIST pages are parsed on the main thread from now on, with longer pauses of its event loop at large syncs`,
    );
    this.settleAll();
  }

  private settleAll() {
    for (const pending of this.pending.values()) pending.resolve(undefined);
    this.pending.clear();
  }
}

/** A kind table as data: its rows without their rules. */
function rowData(kinds: KindRegistry): KindRowData[] {
  return kinds.rows().map(({ rule: _rule, ...row }) => row);
}

/**
 * The thread's Node options. Built, the module is JavaScript and the
 * thread takes the process's options. Run from TypeScript, it needs the
 * process's TypeScript loader: `backstage-cli package start` passes one
 * (inherited), jest transforms in its own module system only, so the
 * thread is given the CLI's loader.
 */
function workerExecArgv(): string[] | undefined {
  if (!LIST_PAGE_WORKER_MODULE.endsWith('.ts')) return undefined;
  if (process.execArgv.some(arg => arg.includes('nodeTransform'))) {
    return undefined;
  }
  return [
    ...process.execArgv,
    '--require',
    require.resolve('@backstage/cli/config/nodeTransform.cjs'),
  ];
}
