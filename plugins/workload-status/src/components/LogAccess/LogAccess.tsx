import { ReactNode } from 'react';
import { Typography } from '@material-ui/core';
import { usePermission } from '@backstage/plugin-permission-react';
import { workloadStatusLogsReadPermission } from '@workload-status/backstage-plugin-workload-status-common';

/**
 * Whether the user may read this entity's logs. Logs have their own
 * permission because they can hold secrets; the backend checks it again.
 */
export function useCanReadLogs(entityRef: string): {
  loading: boolean;
  allowed: boolean;
} {
  const { loading, allowed } = usePermission({
    permission: workloadStatusLogsReadPermission,
    resourceRef: entityRef,
  });
  return { loading, allowed };
}

/** The note shown in place of log UI the user may not use. */
export function LogsNotAllowed() {
  return (
    <Typography
      variant="body2"
      color="textSecondary"
      data-testid="logs-not-allowed"
    >
      You are not allowed to read logs of this entity.
    </Typography>
  );
}

/** Its children when the user may read the entity's logs, else the note. */
export function LogAccess(props: { entityRef: string; children: ReactNode }) {
  const { loading, allowed } = useCanReadLogs(props.entityRef);
  if (loading) return null;
  if (!allowed) return <LogsNotAllowed />;
  return <>{props.children}</>;
}
