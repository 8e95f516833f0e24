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
   * Attempts are limited per account and per IP before the password is even looked at.
   */
  async login(
    email: string,
    password: string,
    ip: string,
    previousToken?: string,
  ): Promise<LoginResult> {
    const { perAccount, perIp, windowMinutes } = this.config.loginLimits;
    const window = windowMinutes * 60;
    // Counters of ended windows would restart anyway; dropping them keeps the table small.
    for (const purpose of ['login-ip', 'login-account']) {
      await this.rateLimiter.deleteStale(purpose, window);
    }
    const ipKey = this.rateLimiter.key('login-ip', ip);
    const accountKey = this.rateLimiter.key('login-account', normaliseEmail(email));
    for (const [key, limit] of [
      [ipKey, perIp],
      [accountKey, perAccount],
    ] as const) {
      const verdict = await this.rateLimiter.hit(key, limit, window);
      if (!verdict.allowed) throw tooManyLoginAttempts(verdict.retryAfterSeconds);
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
}
