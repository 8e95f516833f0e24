import { DEFAULT_CONTACT_POLICY } from '../surveys/survey-definition';
import { budgetRefusal } from './contact-budget';

describe('contact-pressure budget', () => {
  it('allows the first invitation of the window', () => {
    expect(budgetRefusal(DEFAULT_CONTACT_POLICY, { invitations: 0, messages: 2 })).toBeNull();
  });

  it('refuses a second invitation within 30 days by default', () => {
    expect(budgetRefusal(DEFAULT_CONTACT_POLICY, { invitations: 1, messages: 0 })).toBe(
      'invitation_budget',
    );
  });

  it('refuses when three messages of any kind went out in 7 days', () => {
    expect(budgetRefusal(DEFAULT_CONTACT_POLICY, { invitations: 0, messages: 3 })).toBe(
      'message_budget',
    );
  });

  it('follows a survey’s own policy', () => {
    const relaxed = { ...DEFAULT_CONTACT_POLICY, maxInvitations: 3, maxMessages: 10 };
    expect(budgetRefusal(relaxed, { invitations: 2, messages: 9 })).toBeNull();
  });
});
