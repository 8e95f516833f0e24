import { DynamicModule, Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DatabaseAvailability } from './database-availability';
import { dataSourceOptions } from './data-source-options';

/**
 * The application's PostgreSQL: the TypeORM data source, and what the process knows about
 * reaching it (`DatabaseAvailability`, global: readiness, the error filter and the job workers
 * read it; every pool reports its connection failures to it).
 */
@Global()
@Module({})
export class DatabaseModule {
  static forRoot(availability: DatabaseAvailability, url: string): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRoot(
          dataSourceOptions(url, 10, (error) => void availability.noteFailure(error)),
        ),
      ],
      providers: [{ provide: DatabaseAvailability, useValue: availability }],
      exports: [DatabaseAvailability],
    };
  }
}
