import { Controller, Get, Inject } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import {
  HealthCheck,
  HealthCheckService,
  HealthIndicatorResult,
  HealthIndicatorService,
} from '@nestjs/terminus';
import { Documented } from '../../common/api-docs/documented.decorator';
import { Allow } from '../../common/auth/allow.decorator';
import { JobQueue } from '../../common/jobs/job-queue';
import { PROCESS_ROLE_CONFIG, type ProcessRoleConfig } from '../../config/config-sections';
import { DatabaseAvailability } from '../../database/database-availability';
import { EmailSender } from '../email/email-sender';
import { MailTransport } from '../mail-transport/mail-transport';
import { LivenessDto, ReadinessDto } from './dto/health.dto';

/** Liveness says the process answers; readiness says it can do its work (database, queue, SMTP). */
@ApiTags('Operations')
@Allow('public')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly database: DatabaseAvailability,
    private readonly jobs: JobQueue,
    private readonly mail: MailTransport,
    private readonly sender: EmailSender,
    @Inject(PROCESS_ROLE_CONFIG) private readonly role: ProcessRoleConfig,
  ) {}

  @Get('live')
  @Documented('Liveness: the process answers', { 200: LivenessDto })
  live(): LivenessDto {
    return { status: 'ok' };
  }

  @Get('ready')
  // Documented here: a failed check reaches clients as the error shape, not terminus's result.
  @HealthCheck({ noCache: true, swaggerDocumentation: false })
  @Documented(
    {
      summary: 'Readiness: the database, the queue and the mail relay',
      description: 'A 503 in the error shape, its details saying what is down, when not ready.',
    },
    { 200: ReadinessDto },
    'unavailable',
  )
  ready() {
    return this.health.check([
      // A fresh connection, not a pooled one: open connections outlive a server that stopped
      // accepting new ones; and any connection failure the process met in the last second counts.
      () =>
        this.indicators
          .check('database')
          .attempt(() => this.database.check())
          .withTimeout(2000),
      () =>
        this.indicators
          .check('queue')
          .attempt(() => this.jobs.health())
          .withTimeout(2000),
      () => this.smtp(),
    ]);
  }

  /**
   * Mail matters for readiness only where emails are sent (workers); an API replica stays in the
   * load balancer while the relay is down, reported as degraded. Paused sending (the relay
   * refused Candor) is down at once; a recent handshake is reused: one on every probe would be
   * rude to a real mail server.
   */
  private async smtp(): Promise<HealthIndicatorResult> {
    // A pause is known here and now; only the handshake is worth caching.
    const paused = this.sender.pauseReason;
    const check = this.indicators.check('smtp');
    const result = await (paused
      ? check.attempt(() => Promise.reject(new Error(paused)))
      : check
          .attempt(() => this.mail.verify())
          .withTimeout(5000)
          .cacheFor(30_000));
    if (result.smtp.status !== 'down' || this.role.runsWorkers) return result;
    return { smtp: { ...result.smtp, status: 'degraded' } };
  }
}
