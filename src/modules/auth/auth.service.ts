import { Inject, Injectable } from '@nestjs/common';
import { RateLimiter, rateLimitKey } from '../../common/rate-limit/rate-limiter';
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
    const accountKey = rateLimitKey('login-account', normaliseEmail(email));
    for (const [key, limit] of [
      [rateLimitKey('login-ip', ip), perIp],
      [accountKey, perAccount],
    ] as const) {
      const verdict = await this.rateLimiter.hit(key, limit, windowMinutes * 60);
      if (!verdict.allowed) throw tooManyLoginAttempts(verdict.retryAfterSeconds);
    }

    const user = await this.users.findActiveByEmail(email);
    if (!(await verifyPassword(user?.passwordHash, password)) || !user) throw invalidCredentials();

    await this.rateLimiter.reset(accountKey);
    if (previousToken) await this.sessions.endSession(previousToken);
    // Sign-ins are rare and indexed deletes cheap: this keeps both tables bounded without a timer.
    await this.sessions.deleteExpiredSessions();
    for (const purpose of ['login-account', 'login-ip']) {
      await this.rateLimiter.deleteStale(purpose, windowMinutes * 60);
    }
    const { token, session } = await this.sessions.startSession(user.id);
    return { user, session, token };
  }
}
