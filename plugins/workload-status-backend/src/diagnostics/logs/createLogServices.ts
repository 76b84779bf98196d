import type { WorkloadStatusSettings } from '../../cluster/types';
import type { LogRouteServices } from '../../service/logRoutes';
import { BuildLogService } from '../builds/BuildLogService';
import type { EntityObjects } from '../EntityObjects';
import { OperatorLogService } from '../operator/OperatorLogService';
import { LogStreamLimit } from './LogStreamLimit';
import { PodLogReader } from './PodLogReader';
import { PodLogService } from './PodLogService';

/** The services of the log routes, sharing one PodLogReader (and its redaction). */
export function createLogServices(options: {
  objects: EntityObjects;
  settings: WorkloadStatusSettings;
  /** epoch milliseconds: klog lines carry no year */
  now: () => number;
}): LogRouteServices {
  const { objects, settings } = options;
  const reader = new PodLogReader({
    connection: cluster => objects.connection(cluster),
    requestTimeoutMs: settings.requestTimeoutMs,
    readTimeoutMs: settings.logs.readTimeoutMs,
  });
  return {
    settings: settings.logs,
    streams: new LogStreamLimit(settings.logs),
    podLogs: new PodLogService(objects, reader),
    buildLogs: new BuildLogService(objects, reader, settings.logs),
    operatorLogs: new OperatorLogService({
      objects,
      reader,
      limits: settings.logs,
      operators: cluster => settings.clusterSettings[cluster]?.operators ?? [],
      now: options.now,
    }),
  };
}
