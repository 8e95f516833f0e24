import { DynamicModule, Global, Module } from '@nestjs/common';
import type { AppConfig } from './app-config';
import {
  COMPANY_CONFIG,
  companyConfig,
  INBOUND_MAIL_CONFIG,
  inboundMailConfig,
  LINKS_CONFIG,
  linksConfig,
  MAIL_CONFIG,
  mailConfig,
  PUBLIC_URL_CONFIG,
  publicUrlConfig,
  RECOVERY_CONFIG,
  recoveryConfig,
  REPLY_MAIL_CONFIG,
  replyMailConfig,
  UNMATCHED_MAIL_CONFIG,
  unmatchedMailConfig,
} from './config-sections';

/** Injection token for the validated configuration: `@Inject(APP_CONFIG) config: AppConfig`. */
export const APP_CONFIG = Symbol('APP_CONFIG');

@Global()
@Module({})
export class ConfigModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: ConfigModule,
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: MAIL_CONFIG, useValue: mailConfig(config) },
        { provide: LINKS_CONFIG, useValue: linksConfig(config) },
        { provide: COMPANY_CONFIG, useValue: companyConfig(config) },
        { provide: PUBLIC_URL_CONFIG, useValue: publicUrlConfig(config) },
        { provide: REPLY_MAIL_CONFIG, useValue: replyMailConfig(config) },
        { provide: INBOUND_MAIL_CONFIG, useValue: inboundMailConfig(config) },
        { provide: UNMATCHED_MAIL_CONFIG, useValue: unmatchedMailConfig(config) },
        { provide: RECOVERY_CONFIG, useValue: recoveryConfig(config) },
      ],
      exports: [
        APP_CONFIG,
        MAIL_CONFIG,
        LINKS_CONFIG,
        COMPANY_CONFIG,
        PUBLIC_URL_CONFIG,
        REPLY_MAIL_CONFIG,
        INBOUND_MAIL_CONFIG,
        UNMATCHED_MAIL_CONFIG,
        RECOVERY_CONFIG,
      ],
    };
  }
}
