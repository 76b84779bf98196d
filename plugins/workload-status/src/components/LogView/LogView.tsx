import { useState } from 'react';
import { Box, Typography } from '@material-ui/core';
import { LogViewer } from '@backstage/core-components';
import { useLogViewerLabels } from './useLogViewerLabels';

/**
 * Backstage's LogViewer (search, filter, ANSI colours, line links) in a box
 * of fixed height, which its windowing needs, labelled for screen readers.
 */
export function LogView(props: {
  text: string;
  label: string;
  testId: string;
  height?: number;
  emptyText?: string;
  onDownload?: () => void;
}) {
  const { text, label, testId, height = 420, emptyText, onDownload } = props;
  const [box, setBox] = useState<HTMLDivElement | null>(null);
  useLogViewerLabels(box);
  if (text.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary" data-testid={testId}>
        {emptyText ?? 'The log is empty.'}
      </Typography>
    );
  }
  return (
    <div ref={setBox}>
      <Box
        role="region"
        aria-label={label}
        data-testid={testId}
        height={height}
        width="100%"
      >
        <LogViewer text={text} onDownloadLog={onDownload} />
      </Box>
    </div>
  );
}
