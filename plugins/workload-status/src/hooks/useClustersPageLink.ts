import { useRouteRef } from '@backstage/core-plugin-api';
import { clustersRouteRef } from '../routes';

/**
 * The path of the clusters page, or undefined when the app has not mounted
 * it (an app may leave it out; component tests render without it): hints
 * then stay text. useRouteRef throws for an unmounted route only after its
 * own hooks have run, so catching keeps the hook order stable.
 */
export function useClustersPageLink(): string | undefined {
  try {
    return useRouteRef(clustersRouteRef)();
  } catch {
    return undefined;
  }
}
