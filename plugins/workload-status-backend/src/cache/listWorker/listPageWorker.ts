import {
  KindRegistry,
  KindRow,
} from '@workload-status/backstage-plugin-workload-status-common';
import os from 'node:os';
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { compileRedactionRules } from '../../redaction/SecretRedactor';
import type {
  FromListWorker,
  PageRequest,
  ToListWorker,
} from './listWorkerMessages';
import { projectListPage } from './projectListPage';

/** This module's file: the list worker's thread loads it (ListPageThread). */
export const LIST_PAGE_WORKER_MODULE = __filename;

/** What ListPageThread gives the thread as `workerData`: its role. */
export const LIST_PAGE_WORKER_DATA = { role: 'workload-status-list-worker' };

/** Rows sent here have no rules: only their projections are read. */
const NO_RULE: KindRow['rule'] = () => undefined;

/**
 * The list worker's loop: parses, projects and redacts the LIST pages the
 * main thread sends, so that the garbage of parsing ~10 KB per object
 * (which set the main thread's longest GC pauses at a large sync) is this
 * thread's. Kind tables are sent once each and named by id.
 */
function runListPageWorker() {
  const port = parentPort;
  if (!port) throw new Error('The list worker runs in a worker thread');
  compileRedactionRules();
  yieldToTheEventLoop();
  const tables = new Map<number, KindRegistry>();
  port.on('message', (message: ToListWorker) => {
    if (message.type === 'kinds') {
      tables.set(
        message.id,
        KindRegistry.of(message.rows.map(row => ({ ...row, rule: NO_RULE }))),
      );
    } else {
      port.postMessage(answer(message, tables));
    }
  });
}

function answer(
  request: PageRequest,
  tables: ReadonlyMap<number, KindRegistry>,
): FromListWorker {
  try {
    const kinds = tables.get(request.kindsId);
    if (!kinds) throw new Error(`No kind table ${request.kindsId}`);
    const page = Buffer.from(request.page, request.offset, request.length);
    const projected = projectListPage(page, request.listed, kinds);
    const items = projected.items;
    let bytes = 0;
    for (const item of items) bytes += Buffer.byteLength(item.text);
    let shared = request.texts;
    let grown: SharedArrayBuffer | undefined;
    if (bytes > shared.byteLength) {
      // room for larger pages to come, as a PageBuffer grows
      grown = new SharedArrayBuffer(Math.max(bytes, 2 * shared.byteLength));
      shared = grown;
    }
    const texts = Buffer.from(shared);
    const uids: unknown[] = [];
    const versions: unknown[] = [];
    const ends: number[] = [];
    let at = 0;
    for (const item of items) {
      at += texts.write(item.text, at);
      uids.push(item.uid);
      versions.push(item.resourceVersion);
      ends.push(at);
    }
    return {
      type: 'page',
      id: request.id,
      uids,
      versions,
      ends,
      metadata: projected.metadata,
      error: projected.error,
      grown,
    };
  } catch (e) {
    return {
      type: 'failed',
      id: request.id,
      message: e instanceof Error ? e.message : String(e),
    };
  }
}

/**
 * Lowers this thread's scheduling priority: the pages can wait, the event
 * loop's thread (requests, watches) should not, and on a machine with few
 * cores the two compete. On Linux a nice value is a thread's own (the
 * process keeps its own); elsewhere it would be the whole process's, so
 * it is left alone there.
 */
function yieldToTheEventLoop() {
  if (process.platform !== 'linux') return;
  try {
    os.setPriority(os.constants.priority.PRIORITY_BELOW_NORMAL);
  } catch {
    // not allowed here (a sandbox): the thread runs at the process's priority
  }
}

// Loaded as the list worker's thread, the module runs the loop itself: a
// function the thread would call by name is one the build drops as unused.
if (!isMainThread && workerData?.role === LIST_PAGE_WORKER_DATA.role) {
  runListPageWorker();
}
