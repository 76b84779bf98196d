import { ReactElement } from 'react';
import { Box, Typography, makeStyles } from '@material-ui/core';
import ErrorIcon from '@material-ui/icons/Error';
import WarningIcon from '@material-ui/icons/Warning';
import InfoIcon from '@material-ui/icons/Info';
import BugReportIcon from '@material-ui/icons/BugReport';
import { legibleColour } from '../../theme/legibleColour';

/** The levels of events (`Warning`, `Normal`) and log lines. */
export type SeverityLevel =
  | 'Warning'
  | 'Normal'
  | 'error'
  | 'warning'
  | 'info'
  | 'debug';

// the theme's status colours, shaded where needed to read as text (AA)
const useStyles = makeStyles(theme => ({
  error: { color: legibleColour(theme, theme.palette.error.main) },
  warning: { color: legibleColour(theme, theme.palette.warning.dark) },
  info: { color: legibleColour(theme, theme.palette.info.main) },
  debug: { color: legibleColour(theme, theme.palette.text.secondary) },
}));

const looks: Record<
  SeverityLevel,
  { icon: ReactElement; tone: 'error' | 'warning' | 'info' | 'debug' }
> = {
  error: { icon: <ErrorIcon fontSize="small" />, tone: 'error' },
  Warning: { icon: <WarningIcon fontSize="small" />, tone: 'warning' },
  warning: { icon: <WarningIcon fontSize="small" />, tone: 'warning' },
  Normal: { icon: <InfoIcon fontSize="small" />, tone: 'info' },
  info: { icon: <InfoIcon fontSize="small" />, tone: 'info' },
  debug: { icon: <BugReportIcon fontSize="small" />, tone: 'debug' },
};

/** A level as icon and word, coloured: never colour alone. */
export function SeverityWord({ level }: { level: SeverityLevel }) {
  const classes = useStyles();
  const look = looks[level] ?? looks.info;
  return (
    <Box
      display="inline-flex"
      alignItems="center"
      className={classes[look.tone]}
    >
      {look.icon}
      <Typography variant="body2" component="span" style={{ marginLeft: 4 }}>
        {level}
      </Typography>
    </Box>
  );
}
