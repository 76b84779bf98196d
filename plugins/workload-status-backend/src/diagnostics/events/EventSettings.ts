import type { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { boundedInteger } from '../../settings/settingValues';
import { DEFAULT_MAX_MESSAGE_BYTES } from './projectEvent';

/** `workloadStatus.events`, with defaults applied. */
export interface EventSettings {
  /** events kept per cluster; the least recently seen go first */
  maxPerCluster: number;
  /** estimated heap bytes of a cluster's events; the least recently seen go first */
  maxBytesPerCluster: number;
  /** bytes of UTF-8 kept of each event's message; the rest is cut */
  maxMessageBytes: number;
  /** bytes of one events answer; past it the least important events are left out */
  maxResponseBytes: number;
}

const MiB = 1024 * 1024;

/**
 * Defaults. 32 MiB per cluster holds the 10,000 events of the count bound
 * at about 1 KB each (an ordinary event with its ~100-character message)
 * three times over, so in a real cluster the count bound governs; only
 * events with outsized messages meet the byte bound. 4 KiB of message is
 * four times what events.k8s.io/v1 accepts (`note` is at most 1 KiB) and
 * more than any kubelet or controller writes. 1 MiB of answer is some
 * 3,000 ordinary events or 200 with full-size messages.
 */
const DEFAULTS: EventSettings = {
  maxPerCluster: 10_000,
  maxBytesPerCluster: 32 * MiB,
  maxMessageBytes: DEFAULT_MAX_MESSAGE_BYTES,
  maxResponseBytes: MiB,
};

export function readEventSettings(config: Config): EventSettings {
  const read = (
    name: keyof EventSettings,
    min: number,
    max: number,
  ): number => {
    const key = `workloadStatus.events.${name}`;
    return boundedInteger(
      config.getOptionalNumber(key),
      key,
      DEFAULTS[name],
      max,
      min,
    );
  };
  const settings: EventSettings = {
    maxPerCluster: read('maxPerCluster', 1, 1_000_000),
    maxBytesPerCluster: read('maxBytesPerCluster', MiB, 4096 * MiB),
    maxMessageBytes: read('maxMessageBytes', 256, 64 * 1024),
    maxResponseBytes: read('maxResponseBytes', 64 * 1024, 64 * MiB),
  };
  // one full-size event must fit in an answer
  if (settings.maxResponseBytes < 4 * settings.maxMessageBytes) {
    throw new InputError(
      'Invalid config at workloadStatus.events.maxResponseBytes: less than 4 times maxMessageBytes',
    );
  }
  return settings;
}
