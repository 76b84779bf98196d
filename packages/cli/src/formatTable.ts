/*
 * The table a person reads: one line per object, its reasons indented below,
 * then one block per workload with its status components.
 */
import type {
  ObjectStatus,
  Reason,
  StatusCore,
  WorkloadStatus,
} from '@workload-status/backstage-plugin-workload-status-common';

function pad(s: string, n: number): string {
  return s.length >= n ? `${s} ` : s + ' '.repeat(n - s.length);
}

function objectName(o: {
  kind: string;
  namespace?: string;
  name: string;
}): string {
  return `${o.kind}/${o.namespace ? `${o.namespace}/` : ''}${o.name}`;
}

function reasonLines(reasons: Reason[], indent: string): string[] {
  const lines: string[] = [];
  for (const r of reasons) {
    lines.push(`${indent}${r.severity.toUpperCase()} ${r.code}: ${r.message}`);
    if (r.hint) lines.push(`${indent}  -> ${r.hint}`);
  }
  return lines;
}

export function formatTable(
  objects: ObjectStatus[],
  workloads: WorkloadStatus[],
): string {
  const lines: string[] = [];
  const width = Math.max(20, ...objects.map(o => objectName(o).length + 2));
  const lifeWidth = Math.max(
    10,
    ...objects.map(o => String(o.lifecycle).length + 2),
  );
  lines.push(`${pad('OBJECT', width)}${pad('LIFECYCLE', lifeWidth)}HEALTH`);
  for (const o of objects) {
    lines.push(
      `${pad(objectName(o), width)}${pad(String(o.lifecycle), lifeWidth)}${
        o.health
      }`,
    );
    lines.push(...reasonLines(o.reasons, '    '));
  }
  if (workloads.length) {
    lines.push('', 'WORKLOADS');
    for (const w of workloads) {
      lines.push(`${objectName(w)}  ${w.lifecycle}  ${w.health}`);
      for (const [name, c] of Object.entries(w.components) as Array<
        [string, StatusCore]
      >) {
        lines.push(
          `    ${pad(name, 12)}${pad(String(c.lifecycle), lifeWidth)}${
            c.health
          }`,
        );
      }
      if (w.jobHistory.length) {
        lines.push(
          `    job history: ${w.jobHistory
            .map(r => `${r.name} ${r.lifecycle}`)
            .join(', ')}`,
        );
      }
    }
  }
  return `${lines.join('\n')}\n`;
}
