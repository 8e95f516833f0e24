import { DynamicModule, Global, Module } from '@nestjs/common';
import type { AppConfig } from './app-config';
import {
  COMPANY_CONFIG,
  companyConfig,
  INBOUND_MAIL_CONFIG,
  inboundMailConfig,
  INSTALLATION_CONFIG,
  installationConfig,
  LINKS_CONFIG,
  linksConfig,
  LOGIN_LIMITS_CONFIG,
  loginLimitsConfig,
  MAIL_CONFIG,
  mailConfig,
  METRICS_CONFIG,
  metricsConfig,
  WEBHOOKS_CONFIG,
  webhooksConfig,
  PROCESS_ROLE_CONFIG,
  processRoleConfig,
  PUBLIC_URL_CONFIG,
  publicUrlConfig,
  RATE_LIMIT_CONFIG,
  rateLimitConfig,
  RECOVERY_CONFIG,
  recoveryConfig,
  REPLY_MAIL_CONFIG,
  replyMailConfig,
  REPORTS_CONFIG,
  reportsConfig,
  SESSION_CONFIG,
  sessionConfig,
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
        { provide: REPORTS_CONFIG, useValue: reportsConfig(config) },
        { provide: SESSION_CONFIG, useValue: sessionConfig(config) },
        { provide: LOGIN_LIMITS_CONFIG, useValue: loginLimitsConfig(config) },
        { provide: RATE_LIMIT_CONFIG, useValue: rateLimitConfig(config) },
        { provide: METRICS_CONFIG, useValue: metricsConfig(config) },
        { provide: PROCESS_ROLE_CONFIG, useValue: processRoleConfig(config) },
        { provide: INSTALLATION_CONFIG, useValue: installationConfig(config) },
        { provide: WEBHOOKS_CONFIG, useValue: webhooksConfig(config) },
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
        REPORTS_CONFIG,
        SESSION_CONFIG,
        LOGIN_LIMITS_CONFIG,
        RATE_LIMIT_CONFIG,
        METRICS_CONFIG,
        PROCESS_ROLE_CONFIG,
        INSTALLATION_CONFIG,
        WEBHOOKS_CONFIG,
      ],
    };
  }
}
