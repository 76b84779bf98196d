import { createServiceFactory } from '@backstage/backend-plugin-api';
import { signalsServiceRef } from '@backstage/plugin-signals-node';

/** A signals service that records what is published (no signals backend in tests). */
export function signalsRecorder() {
  const published: Array<{
    channel: string;
    message: unknown;
    recipients: unknown;
  }> = [];
  const factory = createServiceFactory({
    service: signalsServiceRef,
    deps: {},
    factory: () => ({
      async publish(signal: any) {
        published.push(signal);
      },
    }),
  });
  return { published, factory };
}
