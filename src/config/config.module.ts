import { DynamicModule, Global, Module } from '@nestjs/common';
import type { AppConfig } from './app-config';
import {
  COMPANY_CONFIG,
  companyConfig,
  LINKS_CONFIG,
  linksConfig,
  MAIL_CONFIG,
  mailConfig,
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
      ],
      exports: [APP_CONFIG, MAIL_CONFIG, LINKS_CONFIG, COMPANY_CONFIG],
    };
  }
}
