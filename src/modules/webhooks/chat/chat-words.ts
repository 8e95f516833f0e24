/**
 * What the chat messages say, in one place so that a language can be added beside English (the
 * console's language, and the staff who read the channel are the console's users).
 */
export interface ChatWords {
  newCase: string;
  contactRequested: string;
  overdue: { first_contact_overdue: string; resolution_overdue: string; other: string };
  unassignedReply: string;
  test: string;
  score: string;
  scoreOf: (score: number, scaleMax: number | null) => string;
  comment: string;
  noComment: string;
  where: string;
  priority: string;
  /** "1 (the most urgent)". */
  priorityOf: (priority: number) => string;
  team: string;
  noTeam: string;
  assignee: string;
  nobody: string;
  firstContactDue: string;
  resolutionDue: string;
  openCase: string;
  openDashboard: string;
  /** The week's figures: "this week's value (the week before: …)". */
  weekBefore: (before: string) => string;
}

export const CHAT_WORDS: Record<'en', ChatWords> = {
  en: {
    newCase: 'A customer is dissatisfied: a new follow-up case',
    contactRequested: 'A customer asked to be contacted: a new follow-up case',
    overdue: {
      first_contact_overdue: 'A follow-up case is overdue: nobody has contacted the customer yet',
      resolution_overdue: 'A follow-up case is overdue: it is not resolved yet',
      other: 'A follow-up case is overdue',
    },
    unassignedReply: 'A customer replied on a case nobody has taken',
    test: 'A test message from Candor: this channel gets its alerts.',
    score: 'Score',
    scoreOf: (score, scaleMax) => (scaleMax === null ? String(score) : `${score} of ${scaleMax}`),
    comment: 'Comment',
    noComment: 'None',
    where: 'Where',
    priority: 'Priority',
    priorityOf: (priority) => (priority === 1 ? '1 (the most urgent)' : String(priority)),
    team: 'Team',
    noTeam: 'No team',
    assignee: 'Assigned to',
    nobody: 'Nobody yet',
    firstContactDue: 'First contact due',
    resolutionDue: 'Resolution due',
    openCase: 'Open the case',
    openDashboard: 'Open the dashboard',
    weekBefore: (before) => `(the week before: ${before})`,
  },
};
