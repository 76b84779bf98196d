import { ConfigReader } from '@backstage/config';
import { readWorkloadActionSettings } from './WorkloadActionSettings';

const read = (actions?: object) =>
  readWorkloadActionSettings(new ConfigReader({ workloadStatus: { actions } }));

describe('readWorkloadActionSettings', () => {
  it('defaults maxReplicas to 100', () => {
    expect(read()).toEqual({ maxReplicas: 100 });
    expect(readWorkloadActionSettings(new ConfigReader({}))).toEqual({
      maxReplicas: 100,
    });
  });

  it('reads maxReplicas', () => {
    expect(read({ maxReplicas: 500 })).toEqual({ maxReplicas: 500 });
  });

  it.each([0, -1, 2.5, 1_000_000])('refuses maxReplicas %j', value => {
    expect(() => read({ maxReplicas: value })).toThrow(
      /^Invalid config at workloadStatus\.actions\.maxReplicas: /,
    );
  });
});
