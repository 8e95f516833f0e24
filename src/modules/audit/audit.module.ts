import { Global, Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { AuditEventsController } from './audit-events.controller';
import { AuditInterceptor } from './audit.interceptor';
import { AuditLog } from './audit-log';

/**
 * The audit trail: every change by a user or an API key and every marked view of identified data
 * (the interceptor), explicit records where a service knows more (the customer a case is about),
 * and the admins' `GET /api/v1/audit-events`.
 */
@Global()
@Module({
  controllers: [AuditEventsController],
  providers: [AuditLog, { provide: APP_INTERCEPTOR, useClass: AuditInterceptor }],
  exports: [AuditLog],
})
export class AuditModule {}
