/**
 * `state.terminated.message` of an exited container, as the kubelet fills
 * it: what the container wrote to its termination-message file (here: the
 * pod's `simulator.workload-status.dev/termination-message` annotation, for
 * the main container), at most 4 KiB; else, when the container failed and
 * its `terminationMessagePolicy` is `FallbackToLogsOnError`, the tail of
 * its log: the last 80 lines, at most the last 2 KiB. That is how whatever
 * an app logs before it dies (secrets included) reaches the pod status.
 */
import { KubeObject } from '../types';
import { TERMINATION_MESSAGE_ANNOTATION } from '../controllers/context';
import { logSource } from './podLogs';
import { RunInfo, renderRunLog } from './profiles';
import { renderLogLines } from './logLines';

/** kubelet: MaxContainerTerminationMessageLength. */
const MAX_FILE_BYTES = 4 * 1024;
/** kubelet: MaxContainerTerminationMessageLogLines / ...LogLength. */
const MAX_LOG_LINES = 80;
const MAX_LOG_BYTES = 2 * 1024;

function lastBytes(text: string, max: number): string {
  const bytes = Buffer.from(text);
  return bytes.length <= max ? text : bytes.subarray(-max).toString();
}

export function terminationMessage(
  pod: KubeObject,
  containerIndex: number,
  isInit: boolean,
  run: RunInfo,
): string | undefined {
  if (run.end === undefined) return undefined;
  // the annotation stands for what the main container writes to the file
  const file =
    !isInit && containerIndex === 0
      ? pod.metadata.annotations?.[TERMINATION_MESSAGE_ANNOTATION]
      : undefined;
  if (file) return Buffer.from(file).subarray(0, MAX_FILE_BYTES).toString();
  const spec = (isInit ? pod.spec.initContainers : pod.spec.containers)?.[
    containerIndex
  ];
  if (
    !spec ||
    spec.terminationMessagePolicy !== 'FallbackToLogsOnError' ||
    run.exitCode === 0
  )
    return undefined;
  const source = logSource(pod, spec.name, containerIndex, isInit);
  const lines = source.lines
    ? renderLogLines(source.lines, run, run.end)
    : renderRunLog(source.profile, source.ctx, run, run.end);
  if (!lines.length) return undefined;
  // From the end, and only as much of a long line as can be kept.
  const parts: string[] = [];
  let chars = 0;
  for (
    let i = lines.length - 1;
    i >= 0 && parts.length < MAX_LOG_LINES && chars < MAX_LOG_BYTES;
    i--
  ) {
    const part = `${lines[i].text.slice(-MAX_LOG_BYTES)}\n`;
    parts.unshift(part);
    chars += part.length;
  }
  return lastBytes(parts.join(''), MAX_LOG_BYTES);
}
