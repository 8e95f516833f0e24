import type { ContactPolicy } from '../surveys/survey-definition';

export interface RecentContact {
  /** Invitations to this customer (any survey) that were not themselves refused, in the invitation window. */
  invitations: number;
  /** Invitations and reminders queued or sent to this customer in the message window. */
  messages: number;
}

/** Null when one more invitation fits the customer's budget; otherwise why it does not. */
export function budgetRefusal(
  policy: ContactPolicy,
  recent: RecentContact,
): 'invitation_budget' | 'message_budget' | null {
  if (recent.invitations >= policy.maxInvitations) return 'invitation_budget';
  if (recent.messages >= policy.maxMessages) return 'message_budget';
  return null;
}
