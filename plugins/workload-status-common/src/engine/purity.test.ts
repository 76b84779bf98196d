/*
 * The engine has no clock of its own: time is ctx.now. Replacing the global
 * Date with one that refuses to tell the current time proves it.
 */
import { evaluateObject } from './evaluate';
import { projectObject } from './projection';
import { evaluateWorkloads } from './workloads';
import {
  cronJob,
  cronRun,
  ctx,
  deployment,
  jobConditions,
  jobPod,
  pod,
  podWith,
  replicaSet,
  rsPod,
  run,
  running,
} from './__fixtures__/objects';

describe('purity', () => {
  const RealDate = Date;
  beforeAll(() => {
    class ClocklessDate extends RealDate {
      constructor(...args: unknown[]) {
        if (args.length === 0)
          throw new Error('the engine read the clock (new Date())');
        super(...(args as [number]));
      }
      static now(): number {
        throw new Error('the engine read the clock (Date.now())');
      }
    }
    globalThis.Date = ClocklessDate as DateConstructor;
  });
  afterAll(() => {
    globalThis.Date = RealDate;
  });

  it('never reads the clock', () => {
    const objects = [
      deployment('web'),
      replicaSet('web-a', '2', 'web'),
      rsPod('web-a-1', 'web-a'),
      podWith('p', running(false), {
        spec: { containers: [{ name: 'app', readinessProbe: {} }] },
      }),
      pod('u', {
        status: {
          phase: 'Pending',
          containerStatuses: [],
          conditions: [
            { type: 'PodScheduled', status: 'False', reason: 'Unschedulable' },
          ],
        },
      }),
      cronJob('c', {
        spec: { timeZone: 'Europe/Berlin', schedule: '7 * * * *' },
      }),
      cronRun('c-1', 'c', 600, jobConditions(['Failed', 'True'])),
      jobPod('c-1-p', 'c-1'),
      run('PipelineRun', 'b', ['True', 'Succeeded']),
    ];
    for (const o of objects) {
      expect(() => evaluateObject(o, objects, ctx)).not.toThrow();
      expect(
        evaluateObject(o, objects, ctx).reasons.map(r => r.code),
      ).not.toContain('EvaluationFailed');
      expect(() => projectObject(o)).not.toThrow();
    }
    expect(
      evaluateWorkloads(objects, ctx).every(
        w => !w.reasons.some(r => r.code === 'EvaluationFailed'),
      ),
    ).toBe(true);
  });
});
