import { Body, Controller, Delete, Get, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiCookieAuth, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Allow, STAFF } from '../../common/auth/allow.decorator';
import { assertNotCrossSite } from '../../common/http/same-origin';
import { CurrentPrincipal } from '../../common/auth/current-principal.decorator';
import type { UserPrincipal } from '../../common/auth/principal';
import { toUserDto, UserDto, UsersService } from '../users/users.service';
import { authenticationRequired } from './auth.errors';
import { AuthService } from './auth.service';
import { LoginDto } from './dto/login.dto';
import { SessionsService } from './sessions.service';

interface SessionDto {
  user: UserDto;
  csrfToken: string;
}

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
  @ApiCookieAuth()
  @Allow(...STAFF)
  async current(@CurrentPrincipal() principal: UserPrincipal): Promise<SessionDto> {
    const user = await this.users.findActiveById(principal.userId);
    if (!user) throw authenticationRequired();
    return { user: toUserDto(user), csrfToken: principal.csrfToken };
  }

  @Delete()
  @HttpCode(204)
  @ApiCookieAuth()
  @Allow(...STAFF)
  async signOut(
    @CurrentPrincipal() principal: UserPrincipal,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<void> {
    await this.sessions.endSessionById(principal.sessionId);
    void reply.clearCookie(this.sessions.cookieName, this.sessions.clearCookieOptions);
  }
}
