import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Allow } from '../../common/auth/allow.decorator';
import { PageRenderer } from '../../common/templates/page-renderer';
import { INSTALLATION_CONFIG, type InstallationConfig } from '../../config/config-sections';

/** `landing.hbs`. */
export interface LandingView {
  /** Emails go to the in-process catcher: link to `/dev/mail`. */
  devMail: boolean;
  /** Production: no pointers to the demo accounts. */
  production: boolean;
}

declare module '../../common/templates/page-contexts' {
  interface PageContexts {
    landing: LandingView;
  }
}

/** `/`: where a newcomer lands after `npm start`, linking to everything there is to try. */
@ApiExcludeController()
@Controller()
export class LandingController {
  constructor(
    private readonly pages: PageRenderer,
    @Inject(INSTALLATION_CONFIG) private readonly installation: InstallationConfig,
  ) {}

  @Get()
  @Allow('public')
  landing(@Res() reply: FastifyReply): void {
    void reply.type('text/html; charset=utf-8').send(
      this.pages.render('landing', {
        devMail: this.installation.catchesMail,
        production: this.installation.isProduction,
      }),
    );
  }
}
