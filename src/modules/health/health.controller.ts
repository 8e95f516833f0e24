import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import {
  HealthCheck,
  HealthCheckService,
  HealthIndicatorService,
  TypeOrmHealthIndicator,
} from '@nestjs/terminus';
import { Allow } from '../../common/auth/allow.decorator';
import { JobQueue } from '../../common/jobs/job-queue';
import { MailTransport } from '../mail/mail-transport';

/** Liveness says the process answers; readiness says it can do its work (database, queue, SMTP). */
@ApiTags('Operations')
@Allow('public')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly database: TypeOrmHealthIndicator,
    private readonly jobs: JobQueue,
    private readonly mail: MailTransport,
  ) {}

  @Get('live')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  @HealthCheck()
  ready() {
    return this.health.check([
      () => this.database.pingCheck('database', { timeout: 2000 }),
      () =>
        this.indicators
          .check('queue')
          .attempt(() => this.jobs.health())
          .withTimeout(2000),
      // An SMTP handshake on every probe would be rude to a real mail server: reuse a recent answer.
      () =>
        this.indicators
          .check('smtp')
          .attempt(() => this.mail.verify())
          .withTimeout(5000)
          .cacheFor(30_000),
    ]);
  }
}
