import { parseWorkloadParams } from './parseWorkloadParams';

const params = (workloadKind: string) => ({
  cluster: 'production',
  objectNamespace: 'shop',
  objectName: 'storefront',
  workloadKind,
});

describe('parseWorkloadParams', () => {
  it.each([
    ['deployments', 'Deployment'],
    ['statefulsets', 'StatefulSet'],
    ['daemonsets', 'DaemonSet'],
  ])('reads %s as %s', (segment, kind) => {
    expect(parseWorkloadParams(params(segment))).toEqual({
      cluster: 'production',
      namespace: 'shop',
      name: 'storefront',
      kind,
    });
  });

  it.each(['replicasets', 'Deployments', '__proto__', 'constructor', ''])(
    'refuses the kind %j',
    segment => {
      expect(() => parseWorkloadParams(params(segment))).toThrow(
        /^Invalid workload kind '.*': expected deployments, statefulsets or daemonsets$/,
      );
    },
  );

  it('validates the object names as parseObjectParams does', () => {
    expect(() =>
      parseWorkloadParams({ ...params('deployments'), objectName: '../x' }),
    ).toThrow(/Invalid object name/);
  });
});
