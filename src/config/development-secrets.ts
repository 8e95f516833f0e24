import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigurationError } from './configuration-error';

export interface DevelopmentSecrets {
  tokenSecret: string;
  sessionSecret: string;
  databasePassword: string;
}

/**
 * Development keeps its generated secrets under the data directory so links in captured mail and
 * sessions survive a restart. Production never reaches this: it requires real secrets.
 */
export function loadOrCreateDevelopmentSecrets(dataDir: string): DevelopmentSecrets {
  const file = join(dataDir, 'secrets.json');
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as DevelopmentSecrets;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw new ConfigurationError(
        `${file} cannot be read (${(error as Error).name}); delete it to generate new development secrets`,
      );
    }
    const secrets: DevelopmentSecrets = {
      tokenSecret: randomBytes(32).toString('base64url'),
      sessionSecret: randomBytes(32).toString('base64url'),
      databasePassword: randomBytes(18).toString('base64url'),
    };
    mkdirSync(dataDir, { recursive: true, mode: 0o755 });
    writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600, flag: 'wx' });
    return secrets;
  }
}
