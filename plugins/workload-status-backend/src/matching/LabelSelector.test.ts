import { LabelSelector } from './LabelSelector';

describe('LabelSelector', () => {
  it.each([
    ['app=web', { app: 'web' }, true],
    ['app==web', { app: 'web' }, true],
    ['app=web', { app: 'api' }, false],
    ['app!=web', { app: 'api' }, true],
    ['app!=web', {}, true],
    ['app in (web, api)', { app: 'api' }, true],
    ['app notin (web,api)', { app: 'api' }, false],
    ['app notin (web,api)', {}, true],
    ['tier', { tier: 'x' }, true],
    ['!tier', { tier: 'x' }, false],
    ['app=web,tier in (a,b),!canary', { app: 'web', tier: 'b' }, true],
    [
      'app=web,tier in (a,b),!canary',
      { app: 'web', tier: 'b', canary: '' },
      false,
    ],
    ['example.com/team=shop', { 'example.com/team': 'shop' }, true],
  ])('%s selects %j: %s', (text, labels, expected) => {
    expect(LabelSelector.parse(text).matches(labels)).toBe(expected);
  });

  it('gives equal keys to equal selectors', () => {
    expect(LabelSelector.parse('b=2, a in (y,x)').key).toBe(
      LabelSelector.parse('a in (x,y),b==2').key,
    );
  });

  it('picks the narrowest equality for index lookups', () => {
    const s = LabelSelector.parse('a in (1,2,3),b=2,c');
    expect(s.candidateLabels()).toEqual({ key: 'b', values: ['2'] });
    expect(LabelSelector.parse('!a,b notin (1)').candidateLabels()).toBe(
      undefined,
    );
  });

  it.each([
    ['app=web', true],
    ['app==web', true],
    ['app=', true],
    ['app in (web,api)', true],
    ['!canary,app in (web)', true],
    ['app=web,tier notin (a)', true],
    ['!nonexistent', false],
    ['app', false],
    ['app!=web', false],
    ['app notin (web)', false],
    ['!a,b,c!=d,e notin (f)', false],
  ])('%s pins a label value: %s', (text, pins) => {
    expect(LabelSelector.parse(text).pinsLabelValue()).toBe(pins);
  });

  it.each([
    ['app=web,', /empty term/],
    ['app in (web', /unbalanced/],
    ['app in ()', /empty value set/],
    ['-bad=1', /not a valid label key/],
    ['app=has space', /cannot parse|not a valid/],
    ['app=web!', /not a valid label value/],
    ['Bad_Prefix/app=1', /not a valid label key/],
  ])('rejects %s', (text, message) => {
    expect(() => LabelSelector.parse(text)).toThrow(message);
    expect(() => LabelSelector.parse(text)).toThrow(
      expect.objectContaining({ name: 'InputError' }),
    );
  });
});
