/*
 * ReplicationController (core v1), the DeploymentConfig's equivalent of a
 * ReplicaSet: the same counters and ReplicaFailure condition, so the
 * ReplicaSet rule judges it (its messages name the object's own kind).
 */
import { evaluateReplicaSet } from './replicaset';

export const evaluateReplicationController = evaluateReplicaSet;
