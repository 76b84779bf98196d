import { EntityKindFilter } from '@backstage/plugin-catalog-react';
import { catalogColumns } from './catalogColumns';

const contextFor = (kind: string) =>
  ({
    filters: { kind: new EntityKindFilter(kind, kind) },
    entities: [],
  } as any);

describe('catalogColumns', () => {
  it('puts the workload status right after the name for components', () => {
    const columns = catalogColumns(contextFor('component'));
    const name = columns.findIndex(c => c.field === 'resolved.entityRef');
    expect(name).toBeGreaterThanOrEqual(0);
    expect(columns[name + 1].field).toBe('workloadStatus');
    expect(columns.filter(c => c.field === 'workloadStatus')).toHaveLength(1);
    expect(columns[name].cellStyle).toMatchObject({ whiteSpace: 'nowrap' });
  });

  it('leaves kinds that do not run on Kubernetes alone', () => {
    const columns = catalogColumns(contextFor('user'));
    expect(columns.some(c => c.field === 'workloadStatus')).toBe(false);
  });

  it('shows the rollup of Systems and Groups', () => {
    for (const kind of ['system', 'group']) {
      const columns = catalogColumns(contextFor(kind));
      expect(columns.filter(c => c.field === 'workloadStatus')).toHaveLength(1);
    }
  });
});
