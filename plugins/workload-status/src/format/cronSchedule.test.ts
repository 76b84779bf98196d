import { describeSchedule } from './cronSchedule';

describe('describeSchedule', () => {
  it('puts expressions and macros in words', () => {
    expect(describeSchedule('0 2 * * *').text).toBe('At 02:00');
    expect(describeSchedule('@hourly').text).toBe('Every hour');
  });

  it('splits off a CRON_TZ prefix and gives no text for nonsense', () => {
    expect(describeSchedule('CRON_TZ=Europe/Berlin 30 1 * * 1')).toEqual({
      text: 'At 01:30, only on Monday',
      timeZone: 'Europe/Berlin',
    });
    expect(describeSchedule('every tuesday').text).toBeUndefined();
  });
});
