import {
  ConfigurationOptions,
  Observable,
  RequestContext,
} from '@kubernetes/client-node';

/**
 * Options of a client-node call: a timeout (client-node calls have none of
 * their own: a cluster that accepts the connection and never answers would
 * hold the request forever) and, for a patch, its content type.
 */
export function clusterRequestOptions(
  timeoutMs: number,
  contentType?: string,
): ConfigurationOptions {
  return {
    middleware: [
      {
        pre: (context: RequestContext) => {
          context.setSignal(AbortSignal.timeout(timeoutMs));
          if (contentType) context.setHeaderParam('Content-Type', contentType);
          return new Observable(Promise.resolve(context));
        },
        post: response => new Observable(Promise.resolve(response)),
      },
    ],
    middlewareMergeStrategy: 'append',
  };
}
