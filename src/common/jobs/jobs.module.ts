import { DynamicModule, Global, Module } from '@nestjs/common';
import { JobQueue } from './job-queue';
import { JOBS_OPTIONS, type JobsModuleOptions } from './jobs-options';

/**
 * Background jobs on pg-boss in the application's own PostgreSQL. Global: any module injects
 * `JobQueue` to register its jobs and enqueue them.
 */
@Global()
@Module({})
export class JobsModule {
  static forRoot(options: JobsModuleOptions): DynamicModule {
    return {
      module: JobsModule,
      providers: [{ provide: JOBS_OPTIONS, useValue: options }, JobQueue],
      exports: [JobQueue],
    };
  }
}
