import PgBoss from 'pg-boss';

/** Installs pg-boss's schema in the template so worker databases start with it. */
export async function startJobBoss(url: string): Promise<void> {
  const boss = new PgBoss({ connectionString: url, max: 1, supervise: false, schedule: false });
  await boss.start();
  await boss.stop({ graceful: false, wait: true });
}
