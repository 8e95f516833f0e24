import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Allow } from '../../common/auth/allow.decorator';
import { PageRenderer } from '../../common/templates/page-renderer';
import type { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';

/** `/`: where a newcomer lands after `npm start`, linking to everything there is to try. */
@ApiExcludeController()
@Controller()
export class LandingController {
  constructor(
    private readonly pages: PageRenderer,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get()
  @Allow('public')
  landing(@Res() reply: FastifyReply): void {
    void reply.type('text/html; charset=utf-8').send(
      this.pages.render('landing', {
        devMail: !this.config.smtpUrl,
        production: this.config.isProduction,
      }),
    );
  }
}
