import {
  DynamicModule,
  Inject,
  Module,
  OnApplicationShutdown,
  Optional,
  Provider,
} from '@nestjs/common';
import { MAIL_CONFIG, type MailConfig } from '../../config/config-sections';
import { DevMailController } from './dev-mail.controller';
import { MailCatcher } from './mail-catcher';
import { MailTransport, sendingJobLimitMs, smtpTimeoutsWithin } from './mail-transport';

const catcherProvider: Provider = {
  provide: MailCatcher,
  useFactory: async () => {
    const catcher = new MailCatcher();
    await catcher.start();
    return catcher;
  },
};

const transportProvider: Provider = {
  provide: MailTransport,
  inject: [MAIL_CONFIG, { token: MailCatcher, optional: true }],
  useFactory: (config: MailConfig, catcher?: MailCatcher) => {
    const smtpUrl = config.smtpUrl ?? catcher?.url;
    if (!smtpUrl) throw new Error('MailTransportModule needs SMTP_URL or the mail catcher');
    const timeouts = smtpTimeoutsWithin(sendingJobLimitMs(config.maxRunSeconds));
    return new MailTransport(smtpUrl, config.mailFrom, timeouts, config.smtpConnections);
  },
};

/**
 * Sending email over SMTP. Without SMTP_URL (development, tests) an in-process catcher receives
 * everything and `/dev/mail` shows it; with SMTP_URL there is no catcher and no such route.
 */
@Module({})
export class MailTransportModule implements OnApplicationShutdown {
  static forRoot(config: MailConfig): DynamicModule {
    if (config.smtpUrl) {
      return {
        module: MailTransportModule,
        global: true,
        providers: [transportProvider],
        exports: [MailTransport],
      };
    }
    return {
      module: MailTransportModule,
      // One transport (and one catcher) for the whole app: every sender shares the pool.
      global: true,
      controllers: [DevMailController],
      providers: [catcherProvider, transportProvider],
      exports: [MailTransport, MailCatcher],
    };
  }

  constructor(
    private readonly transport: MailTransport,
    @Optional() @Inject(MailCatcher) private readonly catcher?: MailCatcher,
  ) {}

  // At shutdown rather than module destroy: other modules may still send while they wind down.
  async onApplicationShutdown(): Promise<void> {
    this.transport.close();
    await this.catcher?.stop();
  }
}
