import { Global, Module } from '@nestjs/common';
import { PageRenderer } from './page-renderer';

/** One precompiled set of page templates for the whole app. */
@Global()
@Module({
  providers: [{ provide: PageRenderer, useFactory: () => new PageRenderer() }],
  exports: [PageRenderer],
})
export class TemplatesModule {}
