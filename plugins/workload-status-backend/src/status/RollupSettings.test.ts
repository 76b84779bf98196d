import { ConfigReader } from '@backstage/config';
import { readRollupSettings } from './RollupSettings';

describe('readRollupSettings', () => {
  it("takes child groups' entities into a Group's rollup unless told not to", () => {
    expect(readRollupSettings(new ConfigReader({}))).toEqual({
      groupDescendants: true,
    });
    expect(
      readRollupSettings(
        new ConfigReader({
          workloadStatus: { rollups: { groupDescendants: false } },
        }),
      ),
    ).toEqual({ groupDescendants: false });
  });

  it('names the key of a value that is not a boolean', () => {
    expect(() =>
      readRollupSettings(
        new ConfigReader({
          workloadStatus: { rollups: { groupDescendants: 'no' } },
        }),
      ),
    ).toThrow(
      'Invalid config at workloadStatus.rollups.groupDescendants: must be true or false',
    );
  });
});
