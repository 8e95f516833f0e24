import type { Customer360Dto } from '../customers/customer-360';
import type { ChoiceOption, PreferenceOptions } from '../surveys/survey-definition';

/** The one channel Candor itself sends on; any other is the agent's to use. */
const CANDOR_SENDS = 'email';

/** How the customer wants to be reached, as they last stated it, in the survey's words. */
export interface PreferredContactDto {
  channel: string | null;
  channelLabel: string | null;
  contactTime: string | null;
  contactTimeLabel: string | null;
  /** The context they stated it for (e.g. `business_travel`), in the survey's words, and when. */
  context: string;
  contextLabel: string;
  statedAt: string;
  /** False for a channel Candor cannot send (a phone call, a text message): the agent reaches out. */
  candorCanSend: boolean;
}

/**
 * The latest preference profile that names a channel or a contact time; null when none does.
 * Labels come from the survey's options (English, the console's language), else the raw value.
 */
export function preferredContactOf(
  profiles: Customer360Dto['preferences'],
  options: PreferenceOptions | null,
): PreferredContactDto | null {
  const stated = profiles
    .filter((profile) => profile.channel !== null || profile.contactTime !== null)
    .sort((a, b) => b.updatedAt.localeCompare(a.updatedAt))[0];
  if (!stated) return null;
  return {
    channel: stated.channel,
    channelLabel: labelOf(stated.channel, options?.channels),
    contactTime: stated.contactTime,
    contactTimeLabel: labelOf(stated.contactTime, options?.contactTimes),
    context: stated.context,
    contextLabel: labelOf(stated.context, options?.contexts) ?? stated.context,
    statedAt: stated.updatedAt,
    candorCanSend: stated.channel === null || stated.channel === CANDOR_SENDS,
  };
}

function labelOf(value: string | null, options: ChoiceOption[] | undefined): string | null {
  if (value === null) return null;
  const option = options?.find((candidate) => candidate.value === value);
  return option?.label.en ?? value.replace(/_/g, ' ');
}

/** A preference profile in the survey's words: "Business travel: Phone, Evenings; Lounge access". */
export function preferenceInWords(
  profile: {
    context: string;
    channel: string | null;
    contactTime: string | null;
    interests: string[];
  },
  options: PreferenceOptions | null,
): string {
  const ways = [
    labelOf(profile.channel, options?.channels) ?? 'any channel',
    labelOf(profile.contactTime, options?.contactTimes) ?? 'any time',
  ];
  const interests = profile.interests.map((interest) => labelOf(interest, options?.interests));
  const context = labelOf(profile.context, options?.contexts) ?? profile.context;
  return `${context}: ${ways.join(', ')}${interests.length ? `; interested in ${interests.join(', ')}` : ''}`;
}
