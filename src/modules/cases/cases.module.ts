import { Module } from '@nestjs/common';
import { CasesController } from './cases.controller';
import { CasesService } from './cases.service';

/** Follow-up cases: opened from unhappy identified answers and contact requests, worked by agents. */
@Module({ controllers: [CasesController], providers: [CasesService], exports: [CasesService] })
export class CasesModule {}
