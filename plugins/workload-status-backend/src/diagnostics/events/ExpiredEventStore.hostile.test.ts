import { mockServices } from '@backstage/backend-test-utils';
import type { KubeObject } from '@workload-status/backstage-plugin-workload-status-common';
import { migratedDatabase } from '../../timeline/migratedDatabase';
import {
  cpuTimed,
  cpuTimedAsync,
  hasLoneSurrogate,
  hugeTexts,
  leaked,
  MiB,
  secretTexts,
  shortSecretLines,
} from '../../__testUtils__/hostileTexts';
import { ExpiredEventRecorder } from './ExpiredEventRecorder';
import { ExpiredEventStore, PersistedEvent } from './ExpiredEventStore';
import { MAX_EVENT_FIELD_CHARS } from './eventText';
import { DEFAULT_MAX_MESSAGE_BYTES, projectEvent } from './projectEvent';
import type { ProjectedEvent } from './projectEvent';
import { pluginTestDatabases } from '../../__testUtils__/pluginTestDatabases';

/**
 * Plays the attacker who creates Events about their own pod (anyone who
 * runs a pod can): the events kept in the database after the cluster
 * deletes them hold no secret, each message at most maxMessageBytes of
 * valid UTF-8 and each short field at most 256 characters, in the table
 * and as read back; no hostile event makes a batch fail (losing the other
 * events written with it); projecting one costs little.
 */
const databases = pluginTestDatabases();
const REF = 'component:default/checkout';
const TIME_BOUND_MS = 200;
/** the largest workloadStatus.events.maxMessageBytes */
const LARGEST_MESSAGE_BYTES = 64 * 1024;

interface Attack {
  message?: string;
  reason?: string;
  source?: string;
  count?: unknown;
  name?: string;
  fieldPath?: string;
}

/** A core/v1 Event (even index) or an events.k8s.io/v1 one (odd) about pod-1. */
function rawEvent(i: number, attack: Attack): KubeObject {
  const metadata = {
    uid: `e${i}`,
    namespace: 'shop',
    resourceVersion: `${i}`,
    creationTimestamp: '2026-12-07T10:00:00Z',
  };
  const subject = {
    kind: 'Pod',
    namespace: 'shop',
    name: attack.name ?? 'checkout-1',
    uid: 'pod-1',
    fieldPath: attack.fieldPath ?? 'spec.containers{app}',
  };
  return i % 2
    ? {
        apiVersion: 'events.k8s.io/v1',
        kind: 'Event',
        metadata,
        type: 'Warning',
        reason: attack.reason ?? 'BackOff',
        note: attack.message ?? 'Back-off restarting failed container',
        regarding: subject,
        reportingController: attack.source ?? 'kubelet',
        series: {
          count: attack.count ?? 1,
          lastObservedTime: '2026-12-07T10:05:00Z',
        },
        eventTime: '2026-12-07T10:00:00.000000Z',
      }
    : {
        apiVersion: 'v1',
        kind: 'Event',
        metadata,
        type: 'Warning',
        reason: attack.reason ?? 'BackOff',
        message: attack.message ?? 'Back-off restarting failed container',
        involvedObject: subject,
        source: { component: attack.source ?? 'kubelet' },
        count: attack.count ?? 1,
        firstTimestamp: '2026-12-07T10:00:00Z',
        lastTimestamp: '2026-12-07T10:05:00Z',
      };
}

function attacks(): Array<{ name: string; attack: Attack }> {
  const texts = [...secretTexts(), ...hugeTexts()];
  return [
    ...texts.map(t => ({
      name: `message: ${t.name}`,
      attack: { message: t.text },
    })),
    ...texts.map(t => ({
      name: `reason: ${t.name}`,
      attack: { reason: t.text },
    })),
    ...texts.map(t => ({
      name: `source: ${t.name}`,
      attack: { source: t.text },
    })),
    {
      // every short value becomes `[REDACTED]`: longer than what it replaced
      name: 'reason that grows when redacted',
      attack: { reason: 'password=x '.repeat(23), source: 'a=b; '.repeat(51) },
    },
    { name: 'count past a 32-bit integer', attack: { count: 1e12 } },
    { name: 'count of 1e308', attack: { count: 1e308 } },
    { name: 'huge object name', attack: { name: 'n'.repeat(MiB) } },
    {
      name: 'huge container in the field path',
      attack: { fieldPath: `spec.containers{${'c'.repeat(MiB)}}` },
    },
  ];
}

/** What is wrong with a kept event: empty when nothing. */
function problems(e: PersistedEvent, maxMessageBytes: number): string[] {
  const out: string[] = [];
  const ev = e.event;
  const texts: Array<[string, string | undefined]> = [
    ['message', ev.message],
    ['reason', ev.reason],
    ['source', ev.source],
    ['kind', ev.object.kind],
    ['name', ev.object.name],
    ['namespace', ev.object.namespace],
    ['container', ev.object.container],
    ['uid', e.uid],
  ];
  for (const [field, text] of texts) {
    if (text === undefined) continue;
    for (const s of leaked(text)) out.push(`${e.uid} ${field}: leaks ${s}`);
    if (hasLoneSurrogate(text)) out.push(`${e.uid} ${field}: broken UTF-16`);
    const bound = field === 'message' ? maxMessageBytes : MAX_EVENT_FIELD_CHARS;
    const size =
      field === 'message'
        ? Buffer.byteLength(text, 'utf8')
        : Array.from(text).length;
    if (size > bound) out.push(`${e.uid} ${field}: ${size} over ${bound}`);
  }
  if (!Number.isSafeInteger(ev.count)) out.push(`${e.uid}: count ${ev.count}`);
  return out;
}

describe('projecting hostile events', () => {
  it.each(attacks().map(a => [a.name, a.attack]))(
    '%s: within the time bound',
    (_name, attack) => {
      for (const i of [0, 1]) {
        const { ms, value } = cpuTimed(() => projectEvent(rawEvent(i, attack)));
        expect(ms).toBeLessThan(TIME_BOUND_MS);
        const e = value as ProjectedEvent;
        expect(Buffer.byteLength(e.message)).toBeLessThanOrEqual(
          DEFAULT_MAX_MESSAGE_BYTES,
        );
      }
    },
  );
});

describe.each(databases.eachSupportedId())(
  'ExpiredEventStore on %s with hostile events',
  id => {
    let store: ExpiredEventStore;
    let knex: Awaited<ReturnType<typeof databases.init>>;

    beforeEach(async () => {
      knex = await databases.init(id);
      store = new ExpiredEventStore(
        migratedDatabase(mockServices.database({ knex })),
      );
    });

    async function keep(events: ProjectedEvent[]) {
      const logger = mockServices.logger.mock();
      const recorder = new ExpiredEventRecorder({
        store,
        entitiesOf: () => [REF],
        logger,
        flushDelayMs: 60_000,
      });
      for (const e of events) recorder.eventSeen('prod', e);
      await recorder.stop();
      return logger;
    }

    it.each([DEFAULT_MAX_MESSAGE_BYTES, LARGEST_MESSAGE_BYTES])(
      'keeps every hostile event redacted and bounded (maxMessageBytes %d)',
      async maxMessageBytes => {
        const all = attacks();
        const events = all.map(
          ({ attack }, i) =>
            projectEvent(
              rawEvent(i, attack),
              maxMessageBytes,
            ) as ProjectedEvent,
        );
        const logger = await keep(events);
        // no hostile event failed the batch
        expect(logger.warn).not.toHaveBeenCalled();
        const kept = await store.list(REF);
        expect(kept).toHaveLength(all.length);
        expect(kept.flatMap(e => problems(e, maxMessageBytes))).toEqual([]);
      },
    );

    it('leaks no secret that straddles a cut, wherever it falls', async () => {
      const events: ProjectedEvent[] = [];
      let i = 0;
      for (const { text } of shortSecretLines()) {
        for (let pad = 140; pad <= 4200; pad += pad < 300 ? 1 : 97) {
          const filler = `${'word '.repeat(pad / 5)}${'a'.repeat(pad % 5)} `;
          events.push(
            projectEvent(
              rawEvent(i++, { message: filler + text, reason: filler + text }),
            ) as ProjectedEvent,
          );
        }
      }
      await keep(events);
      const kept = await store.list(REF);
      expect(kept.length).toBeGreaterThan(0);
      expect(kept.flatMap(e => problems(e, DEFAULT_MAX_MESSAGE_BYTES))).toEqual(
        [],
      );
    });

    it('reads back a row that holds what it should not, redacted and bounded', async () => {
      // a row written by hand, by an older version or another tool
      const secrets = secretTexts()
        .map(s => s.text)
        .join(' ');
      expect(await store.list(REF)).toEqual([]); // migrates the table
      await knex('workload_status_events').insert({
        entity_ref: REF,
        cluster: 'prod',
        uid: 'planted',
        type: 'Warning',
        reason: `BackOff ghp_Hostile0GitHub0Token000000000013abcd`,
        message: `${secrets} ${'x'.repeat(MiB)} ${secrets}`,
        message_truncated: false,
        object_kind: 'Pod',
        object_name: 'checkout-1',
        count: 1,
        last_seen: '2026-12-07T10:05:00.000Z',
        bytes: 100,
      });
      const { ms, value } = await cpuTimedAsync(() => store.list(REF));
      expect(value).toHaveLength(1);
      expect(value.flatMap(e => problems(e, LARGEST_MESSAGE_BYTES))).toEqual(
        [],
      );
      expect(ms).toBeLessThan(TIME_BOUND_MS + 100);
    });

    it('reads back 1000 full-size events in bounded time', async () => {
      const message =
        'Readiness probe failed: HTTP probe failed with statuscode: 503 '
          .repeat(70)
          .slice(0, DEFAULT_MAX_MESSAGE_BYTES);
      const events = Array.from(
        { length: 1000 },
        (_, i) => projectEvent(rawEvent(i, { message })) as ProjectedEvent,
      );
      await keep(events);
      const { ms, value } = await cpuTimedAsync(() => store.list(REF));
      expect(value).toHaveLength(1000);
      expect(ms).toBeLessThan(1000);
    });
  },
);
