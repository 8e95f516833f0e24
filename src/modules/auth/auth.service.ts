import { Inject, Injectable } from '@nestjs/common';
import { AuditLog } from '../audit/audit-log';
import { RateLimiter } from '../../common/rate-limit/rate-limiter';
import type { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';
import { verifyPassword } from '../users/password-hasher';
import { User } from '../users/user.entity';
import { normaliseEmail } from '../../common/validation/email';
import { UsersService } from '../users/users.service';
import { invalidCredentials, tooManyLoginAttempts } from './auth.errors';
import { Session } from './session.entity';
import { SessionsService } from './sessions.service';

export interface LoginResult {
  user: User;
  session: Session;
  token: string;
}

@Injectable()
export class AuthService {
  constructor(
    private readonly users: UsersService,
    private readonly sessions: SessionsService,
    private readonly rateLimiter: RateLimiter,
    private readonly audit: AuditLog,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Checks the password and starts a fresh session, ending the one the browser had (rotation).
   * Attempts are limited before the password is even looked at: per client address (failures of
   * any account, a fixed window) and per account and address (an exponential slowdown). Nothing
   * is counted per account alone, so a stranger who knows an address slows only themselves and
   * the owner signs in from their own address. A throttled attempt is answered 429 and audited.
   * A refused attempt counts against its address like a failure, so hammering one slowed account
   * soon meets the address's ceiling; past it, only the first refusal of the window is audited:
   * the trail, which nobody may prune, grows by at most `perIp` + 1 rows per address and window.
   */
  async login(
    email: string,
    password: string,
    ip: string,
    previousToken?: string,
  ): Promise<LoginResult> {
    const { perIp, windowMinutes, freeAttempts, maxDelaySeconds } = this.config.loginLimits;
    const windowSeconds = windowMinutes * 60;
    // Counters of ended windows would restart anyway; dropping them keeps the table small.
    for (const purpose of ['login-ip', 'login-account-ip']) {
      await this.rateLimiter.deleteStale(purpose, windowSeconds);
    }
    const ipKey = this.rateLimiter.key('login-ip', ip);
    const fromIp = await this.rateLimiter.hit(ipKey, perIp, windowSeconds);
    if (!fromIp.allowed) {
      const first = fromIp.hits === perIp + 1;
      return this.throttled(email, ip, fromIp.retryAfterSeconds, { audited: first });
    }
    const accountKey = this.rateLimiter.key('login-account-ip', `${normaliseEmail(email)} ${ip}`);
    const slowed = await this.rateLimiter.attempt(accountKey, {
      freeAttempts,
      maxDelaySeconds,
      windowSeconds,
    });
    if (!slowed.allowed) {
      return this.throttled(email, ip, slowed.retryAfterSeconds, { audited: true });
    }

    const user = await this.users.findActiveByEmail(email);
    if (!(await verifyPassword(user?.passwordHash, password)) || !user) throw invalidCredentials();

    // Only failures count: many people signing in from one office network must not lock it out.
    await this.rateLimiter.reset(accountKey);
    await this.rateLimiter.release(ipKey);
    if (previousToken) await this.sessions.endSession(previousToken);
    await this.sessions.deleteExpiredSessions();
    const { token, session } = await this.sessions.startSession(user.id);
    await this.audit.record({
      actorUserId: user.id,
      action: 'session.started',
      subjectType: 'session',
      subjectId: session.id,
      origin: { ip },
    });
    return { user, session, token };
  }

  /** Records a refused attempt in the audit trail (whose account, from where), then refuses it. */
  private async throttled(
    email: string,
    ip: string,
    retryAfterSeconds: number,
    { audited }: { audited: boolean },
  ): Promise<never> {
    if (!audited) throw tooManyLoginAttempts(retryAfterSeconds);
    const user = await this.users.findActiveByEmail(email);
    await this.audit.record({
      actorUserId: null,
      action: 'session.throttled',
      // An unknown address is kept only as a keyed hash, enough to tell one target from another.
      subjectType: user ? 'user' : 'sign-in',
      subjectId: user?.id ?? this.rateLimiter.key('sign-in', normaliseEmail(email)),
      origin: { ip },
    });
    throw tooManyLoginAttempts(retryAfterSeconds);
  }
}
