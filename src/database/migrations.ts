import { DataSource } from 'typeorm';
import { dataSourceOptions } from './data-source-options';

/** Applies pending migrations (development start) or lists them (production refuses to start). */
export async function applyMigrations(url: string, mode: 'apply' | 'check'): Promise<string[]> {
  const dataSource = new DataSource(dataSourceOptions(url, 1));
  await dataSource.initialize();
  try {
    if (mode === 'apply') {
      return (await dataSource.runMigrations({ transaction: 'each' })).map((m) => m.name);
    }
    return (await dataSource.showMigrations()) ? ['pending'] : [];
  } finally {
    await dataSource.destroy();
  }
}
