import type { WithNav } from './console-nav';
/**
 * The console's pages and the context each is rendered with (`templates/pages/console-*.hbs`).
 * The admin area's own pages are in `admin/admin-pages.ts`; the queue's and the case's views are
 * built in `case-pages.views.ts`, the dashboard's in `dashboard.views.ts`.
 */
import type { UserRole } from '../../common/auth/user-role';
import type { UnmatchedMailDto } from '../cases/unmatched-mail';
import type { Customer360Dto } from '../customers/customer-360';
import type { CasePageView } from './case-pages.views';
import type { CaseListView, QueuePageView } from './queue-pages.views';
import type { DashboardPageView } from './dashboard.views';

/** `console-login.hbs`: the sign-in form, with the address typed and why it was refused. */
export interface ConsoleLoginView {
  email: string;
  /** Empty when nothing was refused. */
  error: string;
}

/** `console-home.hbs`: the signed-in person and the areas their role opens. */
export interface ConsoleHomeView {
  /** The team, when loaded and set. */
  user: { name: string; email: string; role: UserRole; team?: { name: string } | null };
  csrfToken: string;
  dashboard: boolean;
  admin: boolean;
}

/** `console-customer.hbs`: the customer 360, dates as the console writes them. */
export interface ConsoleCustomerView {
  /** Null when the customer is gone between the lookup and the read. */
  customer: Customer360Dto | null;
  title: string;
  attributes: { name: string; value: string }[];
  consents: Customer360Dto['consents'];
  preferences: (Omit<Customer360Dto['preferences'][number], 'interests'> & {
    /** Comma-separated. */
    interests: string;
  })[];
  invitations: (Omit<Customer360Dto['invitations'][number], 'touchpoint'> & {
    /**
     * Its type and reference, then where, how and who, e.g. "stay R-1 · Helsinki Airport hotel ·
     * front desk · Aino Virtanen"; empty when it named none.
     */
    touchpoint: string;
  })[];
  responses: Customer360Dto['responses'];
  cases: Customer360Dto['cases'];
  /** The contact history in words. */
  contacts: { what: string; outcome: string; queuedAt: string; unsolicited: boolean }[];
}

/** `console-admin-inbound-mail.hbs`: unmatched inbound mail, newest first. */
export interface ConsoleAdminInboundMailView {
  mails: (Omit<UnmatchedMailDto, 'reason'> & {
    /** Why it joined no case, in words. */
    reason: string;
  })[];
  /** The `?sender=` filter as typed. */
  sender: string;
  next: string | null;
}

declare module '../../common/templates/page-contexts' {
  interface PageContexts {
    'console-login': ConsoleLoginView;
    'console-home': WithNav<ConsoleHomeView>;
    'console-queue': WithNav<QueuePageView>;
    'console-case-list': WithNav<CaseListView>;
    'console-case': WithNav<CasePageView>;
    'console-customer': WithNav<ConsoleCustomerView>;
    'console-dashboard': WithNav<DashboardPageView>;
    'console-admin-inbound-mail': WithNav<ConsoleAdminInboundMailView>;
  }
}
