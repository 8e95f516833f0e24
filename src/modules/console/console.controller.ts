import { Body, Controller, Get, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Allow, STAFF } from '../../common/auth/allow.decorator';
import { CurrentPrincipal } from '../../common/auth/current-principal.decorator';
import type { Principal, UserPrincipal } from '../../common/auth/principal';
import { ApiError } from '../../common/errors/api-error';
import { assertNotCrossSite } from '../../common/http/same-origin';
import { PageRenderer } from '../../common/templates/page-renderer';
import { AuthService } from '../auth/auth.service';
import { SessionsService } from '../auth/sessions.service';
import { UsersService } from '../users/users.service';
import { withNav } from './console-nav';

interface LoginForm {
  email?: unknown;
  password?: unknown;
}

/** The console's HTML pages. This issue brings sign-in and the signed-in home; more follows. */
@ApiExcludeController()
@Controller('console')
export class ConsoleController {
  constructor(
    private readonly pages: PageRenderer,
    private readonly auth: AuthService,
    private readonly sessions: SessionsService,
    private readonly users: UsersService,
  ) {}

  @Get()
  @Allow('public')
  async home(
    @CurrentPrincipal() principal: Principal | undefined,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    if (principal?.kind !== 'user') return void reply.redirect('/console/login', 303);
    const user = await this.users.findActiveById(principal.userId);
    if (!user) return void reply.redirect('/console/login', 303);
    return void html(
      reply,
      200,
      this.pages.render(
        'console-home',
        withNav(
          {
            user,
            csrfToken: principal.csrfToken,
            dashboard: user.role === 'manager' || user.role === 'admin',
            admin: user.role === 'admin',
          },
          principal,
          'home',
        ),
      ),
    );
  }

  @Get('login')
  @Allow('public')
  loginPage(
    @CurrentPrincipal() principal: Principal | undefined,
    @Res() reply: FastifyReply,
  ): void {
    if (principal?.kind === 'user') return void reply.redirect('/console', 303);
    html(reply, 200, this.pages.render('console-login', { email: '', error: '' }));
  }

  @Post('login')
  @Allow('public')
  async login(
    @Body() form: LoginForm,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const email = typeof form?.email === 'string' ? form.email.slice(0, 320) : '';
    const password = typeof form?.password === 'string' ? form.password.slice(0, 1024) : '';
    try {
      assertNotCrossSite(request);
      const previous = request.cookies?.[this.sessions.cookieName];
      const { token } = await this.auth.login(email, password, request.ip, previous);
      void reply.setCookie(this.sessions.cookieName, token, this.sessions.cookieOptions);
      void reply.redirect('/console', 303);
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      if (error.headers) void reply.headers(error.headers);
      html(
        reply,
        error.status,
        this.pages.render('console-login', { email, error: error.message }),
      );
    }
  }

  @Post('logout')
  @Allow(...STAFF)
  async logout(
    @CurrentPrincipal() principal: UserPrincipal,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await this.sessions.endSessionById(principal.sessionId);
    void reply.clearCookie(this.sessions.cookieName, this.sessions.clearCookieOptions);
    void reply.redirect('/console/login', 303);
  }
}

function html(reply: FastifyReply, status: number, body: string): void {
  void reply.status(status).type('text/html; charset=utf-8').send(body);
}
