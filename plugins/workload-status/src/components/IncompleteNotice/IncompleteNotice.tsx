import { Alert } from '@material-ui/lab';

/**
 * Says that an answer is missing something, and why: the backend cuts
 * answers at its bounds (time, bytes, reads) rather than failing them.
 */
export function IncompleteNotice(props: {
  /** what is incomplete: "This build log", "The operator log" */
  subject: string;
  reasons?: string[];
}) {
  const { subject, reasons = [] } = props;
  return (
    <Alert severity="info" data-testid="incomplete-notice">
      {subject} is incomplete
      {reasons.length > 0 ? `: ${reasons.join('; ')}` : '.'}
    </Alert>
  );
}
