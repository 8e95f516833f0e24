import { Body, Controller, Delete, Get, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Documented } from '../../common/api-docs/documented.decorator';
import { Allow, STAFF } from '../../common/auth/allow.decorator';
import { assertNotCrossSite } from '../../common/http/same-origin';
import { CurrentPrincipal } from '../../common/auth/current-principal.decorator';
import type { UserPrincipal } from '../../common/auth/principal';
import { toUserDto, UsersService } from '../users/users.service';
import { authenticationRequired } from './auth.errors';
import { AuthService } from './auth.service';
import { LoginDto } from './dto/login.dto';
import { SessionDto } from './dto/session.dto';
import { SessionsService } from './sessions.service';

/** `/api/v1/session`: console sign-in for browsers and scripts acting as a person. */
@ApiTags('Session')
@Controller('api/v1/session')
export class SessionController {
  constructor(
    private readonly auth: AuthService,
    private readonly sessions: SessionsService,
    private readonly users: UsersService,
  ) {}

  @Post()
  @HttpCode(200)
  @Allow('public')
  @Documented(
    {
      summary: 'Sign in to the console: the session cookie and its CSRF token',
      description:
        'Sets the session cookie (HttpOnly; 30 minutes idle, 12 hours at most). Changes made in ' +
        "the session send the answer's csrfToken as `X-CSRF-Token`.",
    },
    { 200: SessionDto },
    'invalid_credentials',
    'cross_site_request',
    'rate_limited',
  )
  async signIn(
    @Body() body: LoginDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<SessionDto> {
    assertNotCrossSite(request);
    const previous = request.cookies?.[this.sessions.cookieName];
    const { user, session, token } = await this.auth.login(
      body.email,
      body.password,
      request.ip,
      previous,
    );
    void reply.setCookie(this.sessions.cookieName, token, this.sessions.cookieOptions);
    return { user: toUserDto(user), csrfToken: session.csrfToken };
  }

  @Get()
  @Allow(...STAFF)
  @Documented('Who is signed in, and their CSRF token', { 200: SessionDto })
  async current(@CurrentPrincipal() principal: UserPrincipal): Promise<SessionDto> {
    const user = await this.users.findActiveById(principal.userId);
    if (!user) throw authenticationRequired();
    return { user: toUserDto(user), csrfToken: principal.csrfToken };
  }

  @Delete()
  @HttpCode(204)
  @Allow(...STAFF)
  @Documented('Sign out: the session ends', { 204: null })
  async signOut(
    @CurrentPrincipal() principal: UserPrincipal,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<void> {
    await this.sessions.endSessionById(principal.sessionId);
    void reply.clearCookie(this.sessions.cookieName, this.sessions.clearCookieOptions);
  }
}
