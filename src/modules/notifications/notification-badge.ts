import {
  type CallHandler,
  type ExecutionContext,
  Injectable,
  type NestInterceptor,
} from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { from, type Observable, switchMap } from 'rxjs';
import type { UserPrincipal } from '../../common/auth/principal';
import { NotificationInbox } from './notification-inbox';

/** Console routes answering a part of a page, without its top bar: nothing to count for. */
const WITHOUT_TOP_BAR = new Set(['/console/cases/live']);

/** The unseen count of the signed-in person of each console request, for its top bar. */
const UNSEEN = new WeakMap<UserPrincipal, number>();

/** How many notifications `user` has not seen, as counted for this request (0 when not counted). */
export function unseenNotifications(user: UserPrincipal): number {
  return UNSEEN.get(user) ?? 0;
}

/**
 * Counts the person's unseen notifications before a console page is built, so that the top bar
 * (`withNav`, synchronous) shows the badge: one indexed count per console request, none for the
 * API or public pages.
 */
@Injectable()
export class NotificationBadgeInterceptor implements NestInterceptor {
  constructor(private readonly inbox: NotificationInbox) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const principal = request.principal;
    if (principal?.kind !== 'user' || !request.url.startsWith('/console')) return next.handle();
    if (WITHOUT_TOP_BAR.has(request.routeOptions.url ?? '')) return next.handle();
    return from(this.inbox.unseenCount(principal.userId)).pipe(
      switchMap((count) => {
        UNSEEN.set(principal, count);
        return next.handle();
      }),
    );
  }
}

/** After a page marked `seen` of them seen: its top bar counts them no more. */
export function noteSeen(user: UserPrincipal, seen: number): void {
  UNSEEN.set(user, Math.max(0, unseenNotifications(user) - seen));
}
