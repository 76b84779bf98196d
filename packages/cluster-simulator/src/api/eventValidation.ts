/**
 * The apiserver's validation of an Event on create
 * (pkg/apis/core/validation/events.go, ValidateEventCreate), on the core/v1
 * shape the event is stored in. Through core/v1 an event without
 * `eventTime` is an "old" event: its involvedObject's namespace must be the
 * event's (so a namespaced event names what it is about), and its message
 * has no length limit of its own (only the request size). Through
 * events.k8s.io/v1 the strict rules apply as well: eventTime,
 * reportingController, reportingInstance, action and reason are required,
 * the note is at most 1 KiB, and the deprecated fields must be unset.
 */
import { KubeObject } from '../types';
import { ApiError } from './status';

export type EventApi = 'v1' | 'events.k8s.io/v1';

interface FieldError {
  field: string;
  reason: 'FieldValueRequired' | 'FieldValueInvalid' | 'FieldValueTooLong';
  message: string;
}

const REPORTING_INSTANCE_MAX = 128;
const ACTION_MAX = 128;
const REASON_MAX = 128;
const NOTE_MAX = 1024;
// Both patterns backtrack on long input: lengths are checked first.
const DNS1123_SUBDOMAIN_MAX = 253;
const QUALIFIED_NAME_MAX = 253 + 1 + 63;
const DNS1123_SUBDOMAIN =
  /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const QUALIFIED_NAME =
  /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;

const required = (field: string, detail?: string): FieldError => ({
  field,
  reason: 'FieldValueRequired',
  message: `Required value${detail ? `: ${detail}` : ''}`,
});
const invalid = (
  field: string,
  value: unknown,
  detail: string,
): FieldError => ({
  field,
  reason: 'FieldValueInvalid',
  message: `Invalid value: ${JSON.stringify(value ?? '')}: ${detail}`,
});

function isSet(value: unknown): boolean {
  return value !== undefined && value !== null && value !== '';
}

function metadataErrors(e: KubeObject): FieldError[] {
  const { name, generateName } = e.metadata;
  if (!name && !generateName)
    return [required('metadata.name', 'name or generateName is required')];
  const out: FieldError[] = [];
  for (const [field, value] of [
    ['metadata.name', name],
    ['metadata.generateName', generateName],
  ] as const) {
    if (!value) continue;
    if (typeof value !== 'string' || ['.', '..'].includes(value))
      out.push(invalid(field, value, 'may not be "." or ".."'));
    else if (/[/%]/.test(value))
      out.push(invalid(field, value, "may not contain '/' or '%'"));
  }
  return out;
}

function legacyErrors(e: KubeObject, api: EventApi): FieldError[] {
  const out: FieldError[] = [];
  const namespace = e.metadata.namespace ?? '';
  const involvedNamespace = e.involvedObject?.namespace ?? '';
  const reportingField =
    api === 'v1' ? 'reportingComponent' : 'reportingController';
  if (!isSet(e.eventTime)) {
    const matches = involvedNamespace
      ? involvedNamespace === namespace
      : namespace === '' || namespace === 'default';
    if (!matches)
      out.push(
        invalid(
          'involvedObject.namespace',
          involvedNamespace,
          'does not match event.namespace',
        ),
      );
  } else {
    if (
      !involvedNamespace &&
      namespace !== 'default' &&
      namespace !== 'kube-system'
    )
      out.push(
        invalid(
          'involvedObject.namespace',
          involvedNamespace,
          'does not match event.namespace',
        ),
      );
    const controller = e.reportingComponent ?? '';
    if (!controller) out.push(required(reportingField));
    else if (
      controller.length > QUALIFIED_NAME_MAX ||
      !QUALIFIED_NAME.test(controller)
    )
      out.push(
        invalid(
          reportingField,
          controller,
          "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character",
        ),
      );
    const instance = e.reportingInstance ?? '';
    if (!instance) out.push(required('reportingInstance'));
    if (instance.length > REPORTING_INSTANCE_MAX)
      out.push(
        invalid(
          'reportingInstance',
          '',
          `can have at most ${REPORTING_INSTANCE_MAX} characters`,
        ),
      );
    if ((e.action ?? '').length > ACTION_MAX)
      out.push(
        invalid('action', '', `can have at most ${ACTION_MAX} characters`),
      );
    if ((e.reason ?? '').length > REASON_MAX)
      out.push(
        invalid('reason', '', `can have at most ${REASON_MAX} characters`),
      );
    if ((e.message ?? '').length > NOTE_MAX)
      out.push(
        invalid('message', '', `can have at most ${NOTE_MAX} characters`),
      );
  }
  if (
    namespace &&
    (namespace.length > DNS1123_SUBDOMAIN_MAX ||
      !DNS1123_SUBDOMAIN.test(namespace))
  )
    out.push(
      invalid(
        'namespace',
        namespace,
        "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character",
      ),
    );
  return out;
}

function strictErrors(e: KubeObject): FieldError[] {
  const out: FieldError[] = [];
  if (!isSet(e.eventTime)) out.push(required('eventTime'));
  if (e.type !== 'Normal' && e.type !== 'Warning')
    out.push(invalid('type', '', `has invalid value: ${e.type ?? ''}`));
  for (const [stored, served] of [
    ['firstTimestamp', 'deprecatedFirstTimestamp'],
    ['lastTimestamp', 'deprecatedLastTimestamp'],
    ['count', 'deprecatedCount'],
  ] as const)
    if (isSet(e[stored]) && e[stored] !== 0)
      out.push(invalid(served, '', 'needs to be unset'));
  if (e.source && Object.keys(e.source).length)
    out.push(invalid('deprecatedSource', '', 'needs to be unset'));
  if (!e.action) out.push(required('action'));
  if (!e.reason) out.push(required('reason'));
  if ((e.message ?? '').length > NOTE_MAX)
    out.push(invalid('note', '', `can have at most ${NOTE_MAX} characters`));
  return out;
}

/** Throws the apiserver's 422 Invalid when the (core-shaped) event may not be created. */
export function validateEventCreate(e: KubeObject, api: EventApi) {
  const metadata = metadataErrors(e);
  const errs = [
    ...metadata,
    ...legacyErrors(e, api),
    ...(api === 'v1' ? [] : strictErrors(e)),
  ];
  if (!errs.length) return;
  const group = api === 'v1' ? '' : 'events.k8s.io';
  const name = e.metadata.name ?? '';
  const texts = errs.map(f => `${f.field}: ${f.message}`);
  throw new ApiError(
    422,
    'Invalid',
    `Event${group ? `.${group}` : ''} "${name}" is invalid: ${
      texts.length === 1 ? texts[0] : `[${texts.join(', ')}]`
    }`,
    {
      name,
      ...(group ? { group } : {}),
      kind: 'Event',
      causes: errs.map(f => ({
        reason: f.reason,
        message: f.message,
        field: f.field,
      })),
    },
  );
}
