import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { loadConfig } from '../config/app-config';
import { dataSourceOptions } from './data-source-options';
import { resolveDatabase } from './database-url';
import { runPendingMigrations } from './migrations';

/**
 * `npm run migration:run | migration:revert | migration:generate -- <Name>`. One data source
 * for the app and the CLI; the embedded PostgreSQL is started (or joined) when there is no
 * DATABASE_URL, so the commands work on a fresh machine too.
 */
async function main(): Promise<void> {
  const [command, name] = process.argv.slice(2);
  const config = loadConfig();
  const database = await resolveDatabase(config);
  const dataSource = new DataSource(dataSourceOptions(database.url, 2));
  await dataSource.initialize();
  try {
    switch (command) {
      case 'run': {
        const applied = await runPendingMigrations(database.url);
        console.log(applied.length ? `Applied ${applied.join(', ')}` : 'No pending migrations.');
        break;
      }
      case 'revert':
        await dataSource.undoLastMigration({ transaction: 'each' });
        console.log('Reverted the last migration.');
        break;
      case 'generate':
        await generate(dataSource, name);
        break;
      default:
        throw new Error('Usage: migration-cli run | revert | generate <Name>');
    }
  } finally {
    await dataSource.destroy();
    await database.stop?.();
  }
}

async function generate(dataSource: DataSource, name: string | undefined): Promise<void> {
  if (!name || !/^[A-Z][A-Za-z0-9]*$/.test(name)) {
    throw new Error(
      'migration:generate needs a PascalCase name: npm run migration:generate -- AddCustomers',
    );
  }
  const sql = await dataSource.driver.createSchemaBuilder().log();
  if (sql.upQueries.length === 0) {
    console.log('The entities match the database: nothing to generate.');
    return;
  }
  const timestamp = Date.now();
  const className = `${name}${timestamp}`;
  const statement = (q: { query: string; parameters?: unknown[] }) =>
    `    await queryRunner.query(\`${q.query.replace(/`/g, '\\`')}\`${q.parameters?.length ? `, ${JSON.stringify(q.parameters)}` : ''});`;
  const file = join(process.cwd(), 'migrations', `${timestamp}-${name}.ts`);
  writeFileSync(
    file,
    `import { MigrationInterface, QueryRunner } from 'typeorm';

export class ${className} implements MigrationInterface {
  name = '${className}';

  public async up(queryRunner: QueryRunner): Promise<void> {
${sql.upQueries.map(statement).join('\n')}
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
${sql.downQueries.reverse().map(statement).join('\n')}
  }
}
`,
  );
  console.log(`Wrote ${file}; review it before committing.`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
