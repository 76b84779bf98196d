import plugin from './alpha';

describe('new frontend system plugin', () => {
  it('offers the API client, the Status tab and the overview card', () => {
    expect(plugin.id).toBe('workload-status');
    expect(plugin.getExtension('api:workload-status')).toBeDefined();
    expect(
      plugin.getExtension('entity-content:workload-status/workload-status'),
    ).toBeDefined();
    expect(
      plugin.getExtension('entity-card:workload-status/workload-status'),
    ).toBeDefined();
    expect(plugin.getExtension('page:workload-status/clusters')).toBeDefined();
    expect(
      plugin.getExtension('page:workload-status/team-overview'),
    ).toBeDefined();
    expect(
      plugin.getExtension(
        'entity-content:workload-status/workload-status-rollup',
      ),
    ).toBeDefined();
  });
});
