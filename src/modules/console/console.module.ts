import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { CasesModule } from '../cases/cases.module';
import { ReportsModule } from '../reports/reports.module';
import { UsersModule } from '../users/users.module';
import { CasePagesController } from './case-pages.controller';
import { ConsoleController } from './console.controller';
import { DashboardPageController } from './dashboard-page.controller';

@Module({
  imports: [AuthModule, UsersModule, CasesModule, ReportsModule],
  controllers: [ConsoleController, CasePagesController, DashboardPageController],
})
export class ConsoleModule {}
