import { mockServices } from '@backstage/backend-test-utils';
import {
  ENTITY_CHANGED_CHANNEL,
  EntityChangePublisher,
} from './EntityChangePublisher';

describe('EntityChangePublisher', () => {
  it('publishes one broadcast per changed entity per window, carrying only the ref', async () => {
    const published: any[] = [];
    const publisher = new EntityChangePublisher({
      signals: { publish: async s => void published.push(s) },
      debounceMs: 30,
      logger: mockServices.logger.mock(),
    });
    for (let i = 0; i < 50; i++) {
      publisher.entityChanged('component:default/web');
      publisher.entityChanged('component:default/api');
    }
    expect(published).toEqual([]);
    await new Promise(r => setTimeout(r, 80));
    expect(published).toEqual([
      {
        recipients: { type: 'broadcast' },
        channel: ENTITY_CHANGED_CHANNEL,
        message: { entityRef: 'component:default/web' },
      },
      {
        recipients: { type: 'broadcast' },
        channel: ENTITY_CHANGED_CHANNEL,
        message: { entityRef: 'component:default/api' },
      },
    ]);
    publisher.entityChanged('component:default/web');
    publisher.stop();
    await new Promise(r => setTimeout(r, 50));
    expect(published).toHaveLength(2);
  });
});
