import { Global, Module } from '@nestjs/common';
import { AuditLog } from './audit-log';

/** The audit trail, for every module that shows or changes identified data. */
@Global()
@Module({ providers: [AuditLog], exports: [AuditLog] })
export class AuditModule {}
