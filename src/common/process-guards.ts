import type { Logger } from 'pino';
import { isDatabaseUnavailable } from '../database/database-availability';
import { loggableError } from './logging/logger';

/**
 * What happens to an error nothing caught. A lost database connection is safe to outlive: the
 * pool drops the connection, the work it carried fails or is retried, and readiness says so; the
 * process stays up and recovers by itself. Anything else means state no one can vouch for: log it
 * and exit non-zero, for the supervisor (systemd, a container's restart policy) to start afresh.
 */
export function installProcessGuards(logger: Logger): void {
  const handle = (kind: string) => (error: unknown) => {
    if (isDatabaseUnavailable(error)) {
      logger.warn(
        { err: loggableError(error) },
        `${kind} from a lost database connection; staying up`,
      );
      return;
    }
    logger.fatal({ err: loggableError(error) }, `${kind}: exiting for a restart`);
    process.exitCode = 1;
    // Let the log line out before going.
    setImmediate(() => process.exit(1));
  };
  process.on('unhandledRejection', handle('unhandled rejection'));
  process.on('uncaughtException', handle('uncaught exception'));
}
