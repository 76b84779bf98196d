import { toOwnerRef } from './ownerRef';

describe('toOwnerRef', () => {
  it.each([
    ['team-shop', 'group:default/team-shop'],
    ['group:team-shop', 'group:default/team-shop'],
    ['Group:Default/Team-Shop', 'group:default/team-shop'],
    ['user:default/alice', 'user:default/alice'],
    [' group:platform/ops ', 'group:platform/ops'],
  ])('reads %j as %s', (value, ref) => {
    expect(toOwnerRef(value)).toBe(ref);
  });

  it('puts a bare name in the namespace given', () => {
    expect(toOwnerRef('ops', 'platform')).toBe('group:platform/ops');
  });

  it.each<[unknown, string]>([
    ['', 'empty'],
    ['group:', 'no name'],
    [':default/x', 'no kind'],
    ['group:default/', 'no name after the namespace'],
    ['team shop', 'a space'],
    ['team-shop\nuser:default/alice', 'a newline'],
    ['x'.repeat(64), 'a name past 63 characters'],
    [`group:default/${'a'.repeat(100_000)}`, 'a huge annotation'],
    [42, 'not a string'],
    [undefined, 'absent'],
  ])('refuses %j (%s)', value => {
    expect(toOwnerRef(value)).toBeUndefined();
  });

  it('reads a hostile 1 MB value in linear time', () => {
    const start = performance.now();
    expect(toOwnerRef(`${'a-'.repeat(500_000)}!`)).toBeUndefined();
    expect(performance.now() - start).toBeLessThan(100);
  });
});
