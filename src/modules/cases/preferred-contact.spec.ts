import { DEMO_SURVEY } from '../demo/demo-survey';
import type { PreferenceOptions } from '../surveys/survey-definition';
import { preferredContactOf } from './preferred-contact';

const OPTIONS = DEMO_SURVEY.preferences as unknown as PreferenceOptions;
const profile = (context: string, at: string, channel: string | null, time: string | null) => ({
  context,
  channel,
  contactTime: time,
  interests: [],
  updatedAt: at,
});

describe('preferredContactOf', () => {
  it('takes the latest profile that names a channel or a time, in the survey words', () => {
    expect(
      preferredContactOf(
        [
          profile('family_travel', '2026-11-01T10:00:00.000Z', 'email', 'morning'),
          profile('business_travel', '2026-12-01T10:00:00.000Z', 'phone', 'evening'),
          profile('with_friends', '2026-12-02T10:00:00.000Z', null, null),
        ],
        OPTIONS,
      ),
    ).toEqual({
      channel: 'phone',
      channelLabel: 'Phone',
      contactTime: 'evening',
      contactTimeLabel: 'Evenings',
      context: 'business_travel',
      contextLabel: 'Travelling for work',
      statedAt: '2026-12-01T10:00:00.000Z',
      candorCanSend: false,
    });
  });

  it('says when Candor can send on the channel, and falls back to the value without a label', () => {
    const only = (channel: string | null, time: string | null) =>
      preferredContactOf([profile('x', '2026-12-01T10:00:00.000Z', channel, time)], null);
    expect(only('email', null)).toMatchObject({ candorCanSend: true, contactTimeLabel: null });
    expect(only(null, 'late_night')).toMatchObject({
      candorCanSend: true,
      contactTimeLabel: 'late night',
    });
    expect(only('sms', null)).toMatchObject({ candorCanSend: false, channelLabel: 'sms' });
    expect(preferredContactOf([], OPTIONS)).toBeNull();
  });
});
