import type { BackstageCredentials } from '@backstage/backend-plugin-api';

/** Who asked for an action, as its record names them: a user's entity ref, or the service's subject. */
export function actionActor(credentials: BackstageCredentials): string {
  const principal = credentials.principal as {
    type?: unknown;
    userEntityRef?: unknown;
    subject?: unknown;
  };
  if (principal?.type === 'user' && typeof principal.userEntityRef === 'string')
    return principal.userEntityRef.slice(0, 400);
  if (principal?.type === 'service' && typeof principal.subject === 'string')
    return `service ${principal.subject}`.slice(0, 400);
  return 'unknown caller';
}
