import 'reflect-metadata';
import { DynamicModule, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { parseArgs } from 'node:util';
import { AppConfig, loadConfig } from './config/app-config';
import { ConfigModule } from './config/config.module';
import { dataSourceOptions } from './database/data-source-options';
import { resolveDatabase } from './database/database-url';
import { EventsModule } from './common/events/events.module';
import { JobsModule } from './common/jobs/jobs.module';
import { runPendingMigrations } from './database/migrations';
import { CaseSettingsService } from './modules/cases/rules/case-settings.service';
import { RootCausesService } from './modules/cases/rules/root-causes.service';
import { ConsentModule } from './modules/consent/consent.module';
import { type ScaleSeedResult, seedScale } from './modules/demo/scale-seed';
import { SurveysModule } from './modules/surveys/surveys.module';
import { UsersModule } from './modules/users/users.module';
import { PersonalDataModule } from './common/privacy/personal-data.module';

/**
 * What the seed needs: surveys, users, the consent texts. No HTTP, workers or mail. The modules
 * it loads publish domain events (consent declares its own), so it has the event bus and a job
 * queue that only enqueues, as the API role's does; it runs no workers.
 */
@Module({})
class SeedModule {
  static forRoot(config: AppConfig, databaseUrl: string): DynamicModule {
    return {
      module: SeedModule,
      imports: [
        ConfigModule.forRoot(config),
        TypeOrmModule.forRoot(dataSourceOptions(databaseUrl, 2)),
        JobsModule.forRoot({ connectionString: databaseUrl, runWorkers: false }),
        EventsModule,
        ConsentModule,
        SurveysModule,
        UsersModule,
        // Modules register what they hold about customers here, wherever they run.
        PersonalDataModule,
      ],
      // Seeds the root-cause taxonomy at start, as the app does; the business calendar counts
      // the cases' deadlines.
      providers: [RootCausesService, CaseSettingsService],
    };
  }
}

export interface SeedScaleOptions {
  responses: number;
  cases: number;
  days: number;
  /** Progress lines go here (a redrawn bar on a terminal). */
  out?: NodeJS.WriteStream;
}

/** Seeds the configured database (DATABASE_URL, or the embedded one) at scale. */
export async function runSeedScale(
  options: SeedScaleOptions,
  env: NodeJS.ProcessEnv = process.env,
): Promise<ScaleSeedResult> {
  const config = loadConfig(env);
  if (config.isProduction) throw new Error('seed:scale never runs with NODE_ENV=production.');
  const database = await resolveDatabase(config);
  try {
    await runPendingMigrations(database.url);
    const app = await NestFactory.createApplicationContext(
      SeedModule.forRoot(config, database.url),
      { logger: ['error'], abortOnError: false },
    );
    try {
      return await seedScale(app, {
        ...options,
        onProgress: progressBar(options.out ?? process.stdout),
      });
    } finally {
      await app.close();
    }
  } finally {
    await database.stop?.();
  }
}

/** `[#########-----------]  45%  invitations, answers and cases  562,500 / 1,250,000  41 s` */
export function progressBar(out: NodeJS.WriteStream) {
  const started = Date.now();
  let lastLine = '';
  let lastTenth = -1;
  return (step: string, done: number, total: number): void => {
    const share = total === 0 ? 1 : done / total;
    const width = 24;
    const filled = Math.round(share * width);
    const line =
      `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${String(Math.floor(share * 100)).padStart(3)}%` +
      `  ${step}  ${done.toLocaleString('en')} / ${total.toLocaleString('en')}` +
      `  ${Math.round((Date.now() - started) / 1000)} s`;
    if (out.isTTY) {
      out.write(`\r${line.padEnd(lastLine.length)}${done === total ? '\n' : ''}`);
      lastLine = line;
      return;
    }
    // Not a terminal (CI, a log file): a line per tenth and per finished step.
    const tenth = Math.floor(share * 10);
    if (tenth !== lastTenth || done === total) out.write(`${line}\n`);
    lastTenth = done === total ? -1 : tenth;
  };
}

const USAGE = `Usage: npm run seed:scale -- [--responses 1000000] [--cases 100000] [--days 365]

Loads answers, invitations, follow-up cases, recovery answers and preference profiles into the
configured database (DATABASE_URL, or the embedded one) for the reporting benchmark.`;

if (require.main === module) {
  const { values } = parseArgs({
    options: {
      responses: { type: 'string', default: '1000000' },
      cases: { type: 'string', default: '100000' },
      days: { type: 'string', default: '365' },
      help: { type: 'boolean', default: false },
    },
  });
  const numbers = [values.responses, values.cases, values.days].map(Number);
  if (values.help || numbers.some((n) => !Number.isInteger(n) || n < 1)) {
    console.error(values.help ? USAGE : `Each option must be a whole number above 0.\n\n${USAGE}`);
    process.exit(values.help ? 0 : 1);
  }
  const [responses, cases, days] = numbers;
  runSeedScale({ responses, cases, days }).then(
    (result) => {
      console.log(
        `Seeded ${result.invitations.toLocaleString('en')} invitations, ${result.responses.toLocaleString('en')} answers ` +
          `(${result.anonymous.toLocaleString('en')} anonymous) and ${result.cases.toLocaleString('en')} cases over ${days} days.`,
      );
    },
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    },
  );
}
