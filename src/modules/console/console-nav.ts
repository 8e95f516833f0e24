import type { UserPrincipal } from '../../common/auth/principal';
import type { UserRole } from '../../common/auth/user-role';
import { unseenNotifications } from '../notifications/notification-badge';

/** Where a console page belongs, for the top bar's current link. */
export type ConsoleSection =
  | 'home'
  | 'queue'
  | 'customers'
  | 'responses'
  | 'dashboard'
  | 'questions'
  | 'topics'
  | 'admin'
  | 'notifications'
  | 'settings';

/**
 * The top bar of every console page: the links the role may use, the case search, the
 * notifications badge, My settings, who is signed in, sign-out, and the keyboard shortcuts.
 */
export interface ConsoleNavView {
  links: { href: string; label: string; current: boolean }[];
  notifications: {
    /** Unseen ones; the badge shows only when there are some. */
    count: number;
    /** The link's accessible name, e.g. "Notifications: 3 unread". */
    label: string;
    current: boolean;
  };
  settingsCurrent: boolean;
  name: string;
  /** The role in words. */
  role: string;
  csrfToken: string;
}

/** A console page's view with its top bar. */
export type WithNav<T> = T & { nav: ConsoleNavView };

const LINKS: { section: ConsoleSection; href: string; label: string; roles: UserRole[] }[] = [
  {
    section: 'queue',
    href: '/console/cases',
    label: 'Queue',
    roles: ['agent', 'manager', 'admin'],
  },
  {
    section: 'customers',
    href: '/console/customers',
    label: 'Customers',
    roles: ['agent', 'manager', 'admin'],
  },
  {
    section: 'responses',
    href: '/console/responses',
    label: 'Responses',
    roles: ['agent', 'manager', 'admin'],
  },
  {
    section: 'dashboard',
    href: '/console/dashboard',
    label: 'Dashboard',
    roles: ['manager', 'admin'],
  },
  {
    section: 'questions',
    href: '/console/reports/questions',
    label: 'Questions',
    roles: ['manager', 'admin'],
  },
  { section: 'topics', href: '/console/topics', label: 'Topics', roles: ['manager', 'admin'] },
  { section: 'admin', href: '/console/admin', label: 'Admin', roles: ['admin'] },
];

const ROLE_WORDS: Record<UserRole, string> = {
  agent: 'Agent',
  manager: 'Manager',
  admin: 'Admin',
};

/** Only the links the user's role may open: none leads to a 403. */
export function consoleNav(user: UserPrincipal, current: ConsoleSection): ConsoleNavView {
  const unseen = unseenNotifications(user);
  return {
    links: LINKS.filter((link) => link.roles.includes(user.role)).map((link) => ({
      href: link.href,
      label: link.label,
      current: link.section === current,
    })),
    notifications: {
      count: unseen,
      label: unseen === 0 ? 'Notifications: none unread' : `Notifications: ${unseen} unread`,
      current: current === 'notifications',
    },
    settingsCurrent: current === 'settings',
    name: user.name,
    role: ROLE_WORDS[user.role],
    csrfToken: user.csrfToken,
  };
}

/** The page's view with the top bar of `user` in `section`. */
export function withNav<T>(view: T, user: UserPrincipal, section: ConsoleSection): WithNav<T> {
  return { ...view, nav: consoleNav(user, section) };
}
