import { useState } from 'react';
import {
  Accordion,
  AccordionDetails,
  AccordionSummary,
  Box,
  LinearProgress,
  Typography,
} from '@material-ui/core';
import ExpandMoreIcon from '@material-ui/icons/ExpandMore';
import { Alert } from '@material-ui/lab';
import { BuildLogStep } from '@workload-status/backstage-plugin-workload-status-common';
import { BuildRef } from '../../api/types';
import { errorMessage } from '../../api/errorMessage';
import { useBuildLog } from '../../hooks/useBuildLog';
import { IncompleteNotice } from '../IncompleteNotice';
import { LogDialog } from '../LogDialog';
import { LogView } from '../LogView';

/** `terminated, exit code 1`: how a step ended, in words. */
function stepState(step: BuildLogStep): string {
  const exit =
    step.state === 'terminated' && step.exitCode !== undefined
      ? `, exit code ${step.exitCode}`
      : '';
  return `${step.state}${exit}`;
}

function failed(step: BuildLogStep): boolean {
  return step.state === 'terminated' && !!step.exitCode;
}

/** The step to open first: the first failed one, else the last. */
function firstOpen(steps: BuildLogStep[]): number {
  const index = steps.findIndex(failed);
  return index >= 0 ? index : steps.length - 1;
}

function BuildSteps(props: { steps: BuildLogStep[]; buildName: string }) {
  const { steps, buildName } = props;
  const [open, setOpen] = useState<Set<number>>(
    () => new Set([firstOpen(steps)]),
  );
  if (steps.length === 0) {
    return (
      <Typography variant="body2">
        No steps: the build has not started, or its pods are gone.
      </Typography>
    );
  }
  return (
    <ol
      aria-label={`Steps of ${buildName}`}
      style={{ padding: 0, listStyle: 'none' }}
    >
      {steps.map((step, i) => (
        <Box component="li" key={`${step.pod}/${step.container}`} mb={1}>
          <Accordion
            expanded={open.has(i)}
            onChange={(_e, expanded) =>
              setOpen(prev => {
                const next = new Set(prev);
                if (expanded) next.add(i);
                else next.delete(i);
                return next;
              })
            }
            TransitionProps={{ unmountOnExit: true }}
          >
            <AccordionSummary
              expandIcon={<ExpandMoreIcon />}
              aria-controls={`build-step-${i}`}
              id={`build-step-${i}-header`}
            >
              <Typography>
                {i + 1}. {step.name}
                {step.taskRun ? ` (${step.taskRun})` : ''}: {stepState(step)}
                {failed(step) ? ' - failed' : ''}
              </Typography>
            </AccordionSummary>
            <AccordionDetails id={`build-step-${i}`}>
              <Box width="100%">
                {step.unread && (
                  <Alert severity="info">
                    The log of this step was not read: the answer reached its
                    bound of step reads or its time.
                  </Alert>
                )}
                {step.truncated && (
                  <Alert severity="info">
                    The log of this step is cut at the size or time limit; only
                    part of it is shown.
                  </Alert>
                )}
                <LogView
                  text={step.log}
                  label={`Log of step ${step.name}`}
                  testId="build-log-step"
                  height={320}
                  emptyText="No log: the step has not run, or its pod is gone."
                />
              </Box>
            </AccordionDetails>
          </Accordion>
        </Box>
      ))}
    </ol>
  );
}

function BuildLogContent(props: { entityRef: string; build: BuildRef }) {
  const { entityRef, build } = props;
  const { value, loading, error } = useBuildLog(entityRef, build);
  if (loading) return <LinearProgress aria-label="Loading build log" />;
  if (error) {
    return (
      <Alert severity="error" role="alert">
        Could not read the build log: {errorMessage(error)}
      </Alert>
    );
  }
  return (
    <>
      {value?.incomplete && (
        <IncompleteNotice
          subject="This build log"
          reasons={value.incompleteReasons}
        />
      )}
      <BuildSteps steps={value?.steps ?? []} buildName={build.name} />
    </>
  );
}

/** The log of one build run, step by step in the order they ran. */
export function BuildLogDialog(props: {
  entityRef: string;
  build?: BuildRef;
  onClose: () => void;
}) {
  const { entityRef, build, onClose } = props;
  return (
    <LogDialog
      open={!!build}
      titleId="build-log-dialog-title"
      title={build ? `Build log of ${build.kind} ${build.name}` : ''}
      onClose={onClose}
      contentTestId="build-log"
    >
      {() => build && <BuildLogContent entityRef={entityRef} build={build} />}
    </LogDialog>
  );
}
