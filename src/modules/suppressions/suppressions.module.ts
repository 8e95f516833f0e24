import { Module } from '@nestjs/common';
import { SuppressionsService } from './suppressions.service';

@Module({ providers: [SuppressionsService], exports: [SuppressionsService] })
export class SuppressionsModule {}
