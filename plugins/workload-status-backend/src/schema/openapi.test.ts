import { mockServices } from '@backstage/backend-test-utils';
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { createRouter } from '../service/router';

/** Every route of the router is in the document, and nothing else. */
describe('openapi.yaml', () => {
  it('documents exactly the routes the router serves', async () => {
    const doc = parse(
      fs.readFileSync(path.join(__dirname, 'openapi.yaml'), 'utf8'),
    );
    const documented = Object.entries(doc.paths as Record<string, object>)
      .flatMap(([p, ops]) =>
        Object.keys(ops).map(method => `${method.toUpperCase()} ${p}`),
      )
      .sort();

    const router = await createRouter({
      httpAuth: mockServices.httpAuth(),
      permissions: mockServices.permissions(),
      reader: {} as any,
      objects: {} as any,
      maxBatchSize: 1000,
    });
    const served = (router.stack as any[])
      .filter(layer => layer.route)
      .flatMap(layer =>
        Object.keys(layer.route.methods).map(
          method =>
            `${method.toUpperCase()} ${String(layer.route.path).replace(
              /:(\w+)/g,
              '{$1}',
            )}`,
        ),
      )
      .sort();

    expect(served).toEqual(documented);
    expect(served.length).toBeGreaterThanOrEqual(3);
  });
});
