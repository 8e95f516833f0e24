import type { UserPrincipal } from '../../common/auth/principal';
import type { UserRole } from '../../common/auth/user-role';

/** Where a console page belongs, for the top bar's current link. */
export type ConsoleSection = 'home' | 'queue' | 'dashboard' | 'admin';

/** The top bar of every console page: the links the role may use, who is signed in, sign-out. */
export interface ConsoleNavView {
  links: { href: string; label: string; current: boolean }[];
  name: string;
  role: UserRole;
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
    section: 'dashboard',
    href: '/console/dashboard',
    label: 'Dashboard',
    roles: ['manager', 'admin'],
  },
  { section: 'admin', href: '/console/admin', label: 'Admin', roles: ['admin'] },
];

/** Only the links the user's role may open: none leads to a 403. */
export function consoleNav(user: UserPrincipal, current: ConsoleSection): ConsoleNavView {
  return {
    links: LINKS.filter((link) => link.roles.includes(user.role)).map((link) => ({
      href: link.href,
      label: link.label,
      current: link.section === current,
    })),
    name: user.name,
    role: user.role,
    csrfToken: user.csrfToken,
  };
}

/** The page's view with the top bar of `user` in `section`. */
export function withNav<T>(view: T, user: UserPrincipal, section: ConsoleSection): WithNav<T> {
  return { ...view, nav: consoleNav(user, section) };
}
