import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { createHmac, randomBytes } from 'node:crypto';
import { LessThan, Repository } from 'typeorm';
import { SESSION_CONFIG, type SessionConfig } from '../../config/config-sections';
import { Session } from './session.entity';

/** Server-side console sessions with idle and absolute timeouts. */
@Injectable()
export class SessionsService {
  constructor(
    @InjectRepository(Session) private readonly sessions: Repository<Session>,
    @Inject(SESSION_CONFIG) private readonly config: SessionConfig,
  ) {}

  get cookieName(): string {
    // `__Host-` pins the cookie to this exact origin; browsers accept it only with Secure.
    return this.config.secureCookies ? '__Host-candor_session' : 'candor_session';
  }

  get cookieOptions() {
    return { ...this.clearCookieOptions, maxAge: this.config.absoluteHours * 3600 };
  }

  /** Browsers ignore a `__Host-` cookie without Secure, so clearing repeats every attribute. */
  get clearCookieOptions() {
    return {
      httpOnly: true,
      sameSite: 'lax' as const,
      secure: this.config.secureCookies,
      path: '/',
    };
  }

  /** Starts a session; the returned token goes in the cookie and is never stored. */
  async startSession(userId: string): Promise<{ token: string; session: Session }> {
    const token = randomBytes(32).toString('base64url');
    const now = new Date();
    const session = await this.sessions.save(
      this.sessions.create({
        id: this.sessionId(token),
        userId,
        csrfToken: randomBytes(24).toString('base64url'),
        createdAt: now,
        lastSeenAt: now,
        expiresAt: new Date(now.getTime() + this.config.absoluteHours * 3_600_000),
      }),
    );
    return { token, session };
  }

  /**
   * The live session for a cookie value, refreshing its idle timer unless `background` (a page
   * refreshing itself is not the person at the screen); expired ones are deleted.
   */
  async findLiveSession(token: string, { background = false } = {}): Promise<Session | null> {
    if (!token || token.length > 100) return null;
    const session = await this.sessions.findOneBy({ id: this.sessionId(token) });
    if (!session) return null;
    const now = Date.now();
    const idleLimit = this.config.idleMinutes * 60_000;
    if (session.expiresAt.getTime() <= now || session.lastSeenAt.getTime() + idleLimit <= now) {
      await this.sessions.delete({ id: session.id });
      return null;
    }
    if (!background && now - session.lastSeenAt.getTime() > 60_000) {
      await this.sessions.update({ id: session.id }, { lastSeenAt: new Date(now) });
    }
    return session;
  }

  async endSession(token: string): Promise<void> {
    await this.sessions.delete({ id: this.sessionId(token) });
  }

  async endSessionById(id: string): Promise<void> {
    await this.sessions.delete({ id });
  }

  async deleteExpiredSessions(): Promise<void> {
    await this.sessions.delete({ expiresAt: LessThan(new Date()) });
  }

  /** Keyed with SESSION_SECRET, so a copy of the table cannot be turned into cookies. */
  private sessionId(token: string): string {
    return createHmac('sha256', this.config.secret).update(token).digest('base64url');
  }
}
