export { REDACTED } from './redacted';
export { SecretRedactor } from './SecretRedactor';
export { redactText } from './redactText';
export { redactJsonLine } from './redactJsonLine';
