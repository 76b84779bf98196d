import {
  evaluateObject,
  KubeObject,
  projectObject,
} from '@workload-status/backstage-plugin-workload-status-common';
import { redactText } from '../redaction';
import { redactProjectedTexts } from '../redaction/redactProjection';
import {
  cpuTimed,
  hugeTexts,
  leaked,
  SECRETS,
  secretTexts,
} from '../__testUtils__/hostileTexts';
import { kindTableWith } from './extensionKinds';

/**
 * Plays whoever writes a custom resource's status (its operator, or anyone
 * allowed to edit it): every planted secret, and every planted secret
 * value on its own (a token is a word: `ghp_…`, `AKIA…`), in each status
 * field the custom kinds' rules read (phase, printable status, message,
 * condition type, status, reason and message, pause reasons), and
 * megabyte texts. Each object goes the way the backend takes it (the kind
 * table's projection, redacted as StatusPipeline stores it, then judged):
 * no reason the backend serves holds a secret, and storing and judging an
 * object takes bounded time.
 */
const TIME_BOUND_MS = 200;
const NOW = { now: new Date('2026-12-07T10:00:00Z') };
const kinds = kindTableWith([]);

/** Failing conditions of every type the rules read, carrying `text`. */
function conditions(
  field: 'type' | 'status' | 'reason' | 'message',
  text: string,
) {
  return [
    'Ready',
    'Available',
    'Progressing',
    'InvalidSpec',
    'Paused',
    'ConfigurationsReady',
    'RoutesReady',
    'ResourcesAvailable',
    'ContainerHealthy',
    'Active',
  ].map(type => ({ type, status: 'False', [field]: text }));
}

function statuses(text: string): Array<[string, Record<string, unknown>]> {
  return [
    ['phase', { phase: text }],
    ['printableStatus', { printableStatus: text }],
    ['message', { abort: true, message: text }],
    ['condition type', { conditions: [{ type: text, status: 'False' }] }],
    ['condition status', { conditions: conditions('status', text) }],
    ['condition reason', { conditions: conditions('reason', text) }],
    ['condition message', { conditions: conditions('message', text) }],
    [
      'pause reason',
      { controllerPause: true, pauseConditions: [{ reason: text }] },
    ],
  ];
}

const KINDS: Array<[apiVersion: string, kind: string]> = [
  ['argoproj.io/v1alpha1', 'Rollout'],
  ['serving.knative.dev/v1', 'Service'],
  ['serving.knative.dev/v1', 'Configuration'],
  ['serving.knative.dev/v1', 'Revision'],
  ['apps.openshift.io/v1', 'DeploymentConfig'],
  ['kubevirt.io/v1', 'VirtualMachine'],
  ['kubevirt.io/v1', 'VirtualMachineInstance'],
];

function object(
  [apiVersion, kind]: [string, string],
  status: Record<string, unknown>,
): KubeObject {
  return {
    apiVersion,
    kind,
    metadata: {
      name: 'hostile',
      namespace: 'shop',
      uid: `uid-${kind}`,
      generation: 1,
    },
    spec: { replicas: 1, running: true },
    status: { observedGeneration: 1, ...status },
  };
}

/** What the backend serves of the object: the reasons of its verdict. */
function served(obj: KubeObject) {
  const stored = redactProjectedTexts(projectObject(obj, kinds), obj);
  return evaluateObject(stored, [], NOW, kinds).reasons;
}

const texts = [
  ...secretTexts(),
  // each secret value that is recognisable alone (a token, a key id): it
  // passes for an enum-like word
  ...SECRETS.filter(s => redactText(s) !== s).map(s => ({
    name: `the value ${s.slice(0, 24)}`,
    text: s,
  })),
];

describe('custom kinds with secrets in their status, as the backend serves them', () => {
  it.each(KINDS.map(k => [`${k[1]} (${k[0]})`, k]))(
    '%s: no reason holds a secret',
    (_name, kind) => {
      const found: string[] = [];
      for (const { name, text } of texts) {
        for (const [field, status] of statuses(text)) {
          for (const r of served(object(kind, status))) {
            for (const s of leaked(`${r.code} ${r.message} ${r.hint ?? ''}`)) {
              found.push(`${field} = ${name}: ${r.code} leaks ${s}`);
            }
          }
        }
      }
      expect(found).toEqual([]);
    },
  );

  it.each(KINDS.map(k => [`${k[1]} (${k[0]})`, k]))(
    '%s: megabyte statuses are stored and judged in bounded time',
    (_name, kind) => {
      const slow: string[] = [];
      for (const { name, text } of hugeTexts()) {
        for (const [field, status] of statuses(text)) {
          const { ms, value } = cpuTimed(() => served(object(kind, status)));
          if (ms > TIME_BOUND_MS)
            slow.push(`${field} = ${name}: ${ms.toFixed(0)} ms`);
          for (const r of value) {
            for (const s of leaked(r.message))
              slow.push(`${field} = ${name}: leaks ${s}`);
          }
        }
      }
      expect(slow).toEqual([]);
    },
  );
});
