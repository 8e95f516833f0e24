import { Inject, Injectable } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import { AuditLog } from '../audit/audit-log';
import { clientAddressGroup } from '../../common/rate-limit/client-address';
import { RateLimiter } from '../../common/rate-limit/rate-limiter';
import { slowdownDelaySeconds } from '../../common/rate-limit/slowdown';
import { LOGIN_LIMITS_CONFIG, type LoginLimitsConfig } from '../../config/config-sections';
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
    @Inject(LOGIN_LIMITS_CONFIG) private readonly limits: LoginLimitsConfig,
  ) {}

  /**
   * Checks the password and starts a fresh session, ending the one the browser had (rotation).
   * Attempts are limited before the password is even looked at: per client address (failures of
   * any account, a fixed window) and per account and address (an exponential slowdown), both
   * refused with 429; an IPv6 address counts by its /64 (client-address.ts). Per account from any address, failures past a few hold every attempt for an
   * exponential delay of a few seconds at most, then check it: a stranger with many addresses
   * slows each guess, but the owner, from their own address, still gets in after the wait (a 429
   * would let the stranger, told when the wait ends, take every turn). A throttled attempt
   * (refused or held) is audited. A refused attempt counts against its address like a failure, so
   * hammering one slowed account soon meets the address's ceiling; past it, only the first refusal
   * of the window is audited: the trail, which nobody may prune, grows by at most `perIp` + 1
   * rows per address and window.
   */
  async login(
    email: string,
    password: string,
    ip: string,
    previousToken?: string,
  ): Promise<LoginResult> {
    const { perIp, windowMinutes, freeAttempts, maxDelaySeconds, perAccount } = this.limits;
    const windowSeconds = windowMinutes * 60;
    // Counters of ended windows would restart anyway; dropping them keeps the table small.
    for (const purpose of ['login-ip', 'login-account-ip', 'login-account']) {
      await this.rateLimiter.deleteStale(purpose, windowSeconds);
    }
    const address = clientAddressGroup(ip);
    const ipKey = this.rateLimiter.key('login-ip', address);
    const fromIp = await this.rateLimiter.hit(ipKey, perIp, windowSeconds);
    if (!fromIp.allowed) {
      const first = fromIp.hits === perIp + 1;
      return this.throttled(email, ip, fromIp.retryAfterSeconds, { audited: first });
    }
    const account = normaliseEmail(email);
    const accountIpKey = this.rateLimiter.key('login-account-ip', `${account} ${address}`);
    const slowed = await this.rateLimiter.attempt(accountIpKey, {
      freeAttempts,
      maxDelaySeconds,
      windowSeconds,
    });
    if (!slowed.allowed) {
      return this.throttled(email, ip, slowed.retryAfterSeconds, { audited: true });
    }
    // Failures from every address: a delay, served here and never a refusal, so the right
    // password always gets through once it has passed.
    const accountKey = this.rateLimiter.key('login-account', account);
    const failures = await this.rateLimiter.count(accountKey, windowSeconds);
    const holdSeconds = slowdownDelaySeconds(failures, { ...perAccount, windowSeconds });
    if (holdSeconds > 0) {
      await this.recordThrottled('session.slowed', email, ip);
      await sleep(holdSeconds * 1000);
    }

    const user = await this.users.findActiveByEmail(email);
    if (!(await verifyPassword(user?.passwordHash, password)) || !user) {
      await this.rateLimiter.increment(accountKey, windowSeconds);
      throw invalidCredentials();
    }

    // Only failures count: many people signing in from one office network must not lock it out.
    // The account's failures from elsewhere stay: this success says nothing about them.
    await this.rateLimiter.reset(accountIpKey);
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

  /** Records a refused attempt in the audit trail (when `audited`), then refuses it. */
  private async throttled(
    email: string,
    ip: string,
    retryAfterSeconds: number,
    { audited }: { audited: boolean },
  ): Promise<never> {
    if (audited) await this.recordThrottled('session.throttled', email, ip);
    throw tooManyLoginAttempts(retryAfterSeconds);
  }

  /** A refused (`session.throttled`) or held (`session.slowed`) attempt: whose account, from where. */
  private async recordThrottled(action: string, email: string, ip: string): Promise<void> {
    const user = await this.users.findActiveByEmail(email);
    await this.audit.record({
      actorUserId: null,
      action,
      // An unknown address is kept only as a keyed hash, enough to tell one target from another.
      subjectType: user ? 'user' : 'sign-in',
      subjectId: user?.id ?? this.rateLimiter.key('sign-in', normaliseEmail(email)),
      origin: { ip },
    });
  }
}
