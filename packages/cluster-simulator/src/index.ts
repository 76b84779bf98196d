/**
 * A Kubernetes API stand-in with simulated controllers, scenarios and fault
 * injection. See README.md.
 *
 * @packageDocumentation
 */
export { startSimulator } from './simulator';
export type {
  Simulator,
  SimulatorOptions,
  ClusterHandle,
  ClusterInfo,
} from './simulator';
export type { FaultSettings } from './faults/faults';
export { NO_FAULTS } from './faults/faults';
export type { ClockMode } from './clock';
export type {
  Scenario,
  ScenarioCluster,
  TimelineStep,
  TimelineAction,
} from './scenarios/scenario';
export { loadScenario, parseScenario } from './scenarios/scenario';
export { generateScaleScenario } from './scenarios/generator';
export type { ScaleScenarioOptions } from './scenarios/generator';
export type { KubeObject } from './types';
export { BEHAVIOURS } from './controllers/pod';
export type { Behaviour } from './controllers/pod';
export {
  HOSTILE_LAST_LINE,
  PLANTED_SECRETS,
  hostileEventMessage,
  hostileLogLines,
  pathologicalLines,
  plantedSecretValues,
} from './hostile/hostileContent';
export type { PlantedSecret } from './hostile/hostileContent';
