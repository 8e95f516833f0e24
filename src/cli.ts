import 'reflect-metadata';
import { DynamicModule, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { parseArgs } from 'node:util';
import { ApiError } from './common/errors/api-error';
import { loggableError } from './common/logging/logger';
import { AppConfig, ConfigurationError, loadConfig } from './config/app-config';
import { ConfigModule } from './config/config.module';
import { dataSourceOptions } from './database/data-source-options';
import { resolveDatabase } from './database/database-url';
import { runPendingMigrations } from './database/migrations';
import { ApiKeysModule } from './modules/api-keys/api-keys.module';
import { ApiKeysService } from './modules/api-keys/api-keys.service';
import { CustomersModule } from './modules/customers/customers.module';
import { importCustomersCommand } from './modules/customers/import/customer-import.command';
import { USER_ROLES, UserRole } from './common/auth/user-role';
import { UsersModule } from './modules/users/users.module';
import { UsersService } from './modules/users/users.service';
import { PersonalDataModule } from './common/privacy/personal-data.module';

/** Just what the commands need: no HTTP, no workers, no mail. */
@Module({})
class CliModule {
  static forRoot(config: AppConfig, databaseUrl: string): DynamicModule {
    return {
      module: CliModule,
      imports: [
        ConfigModule.forRoot(config),
        TypeOrmModule.forRoot(dataSourceOptions(databaseUrl, 2)),
        UsersModule,
        ApiKeysModule,
        CustomersModule,
        // Modules register what they hold about customers here, wherever they run.
        PersonalDataModule,
      ],
    };
  }
}

const USAGE = `Usage: npm run cli -- <command> [options]

  user:create --email <address> --name <name> --role <admin|manager|agent> [--team <team name>]
      Creates a console user and prints the generated password alone on the last line.
  api-key:create --name <name>
      Creates an API key for an integration and prints it alone on the last line (shown once).
  customers:import <file.csv>
      Creates or updates customers from a CSV file (header: external_id,email,name,locale,…),
      then prints a summary and the lines it rejected.`;

type Run = (
  app: Awaited<ReturnType<typeof NestFactory.createApplicationContext>>,
) => Promise<string[]>;

function parseCommand(argv: string[]): Run {
  const [command, ...rest] = argv;
  if (command === 'user:create') {
    const { values } = parseArgs({
      args: rest,
      options: {
        email: { type: 'string' },
        name: { type: 'string' },
        role: { type: 'string' },
        team: { type: 'string' },
      },
    });
    const { email, name, role, team } = values;
    if (!email || !/^[^\s@]+@[^\s@]+$/.test(email))
      throw new UsageError('--email must be an email address');
    if (!name?.trim()) throw new UsageError('--name is required');
    if (!USER_ROLES.includes(role as UserRole))
      throw new UsageError('--role must be one of admin, manager, agent');
    return async (app) => {
      const { user, password } = await app
        .get(UsersService)
        .createUser({ email, name, role: role as UserRole, team });
      return [
        `Created ${user.role} ${user.email} (id ${user.id})${team ? ` in team ${team}` : ''}. Password:`,
        password,
      ];
    };
  }
  if (command === 'api-key:create') {
    const { values } = parseArgs({ args: rest, options: { name: { type: 'string' } } });
    const name = values.name?.trim();
    if (!name) throw new UsageError('--name is required');
    return async (app) => {
      const { apiKey, secret } = await app.get(ApiKeysService).createApiKey(name);
      return [`Created API key "${apiKey.name}" (id ${apiKey.id}). It is shown only now:`, secret];
    };
  }
  if (command === 'customers:import') {
    const { positionals } = parseArgs({ args: rest, allowPositionals: true });
    if (positionals.length !== 1) throw new UsageError('customers:import takes one CSV file');
    return importCustomersCommand(positionals[0]);
  }
  throw new UsageError(command ? `unknown command ${command}` : 'no command given');
}

export class UsageError extends Error {}

/** Runs one command and returns its output lines; the secret, when there is one, comes last. */
export async function runCli(
  argv: string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<string[]> {
  const run = parseCommand(argv);
  const config = loadConfig(env);
  const database = await resolveDatabase(config);
  try {
    if (!config.isProduction) await runPendingMigrations(database.url);
    const app = await NestFactory.createApplicationContext(
      CliModule.forRoot(config, database.url),
      {
        logger: ['error'],
        abortOnError: false,
      },
    );
    try {
      return await run(app);
    } finally {
      await app.close();
    }
  } finally {
    await database.stop?.();
  }
}

if (require.main === module) {
  runCli(process.argv.slice(2)).then(
    (lines) => lines.forEach((line) => console.log(line)),
    (error: unknown) => {
      if (error instanceof UsageError) console.error(`${error.message}\n\n${USAGE}`);
      else if (error instanceof ApiError || error instanceof ConfigurationError)
        console.error(error.message);
      else {
        const { name, message, stack } = loggableError(error);
        console.error(`${name}: ${message}\n${stack ?? ''}`);
      }
      process.exit(1);
    },
  );
}
