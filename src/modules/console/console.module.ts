import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { ApiKeysModule } from '../api-keys/api-keys.module';
import { CasesModule } from '../cases/cases.module';
import { CustomersModule } from '../customers/customers.module';
import { SurveysModule } from '../surveys/surveys.module';
import { ReportsModule } from '../reports/reports.module';
import { UsersModule } from '../users/users.module';
import { AdminPagesController } from './admin-pages.controller';
import { CasePagesController } from './case-pages.controller';
import { ConsoleController } from './console.controller';
import { CustomerPageController } from './customer-page.controller';
import { DashboardPageController } from './dashboard-page.controller';
import { UnmatchedMailPageController } from './unmatched-mail-page.controller';

@Module({
  imports: [
    AuthModule,
    UsersModule,
    CasesModule,
    ReportsModule,
    ApiKeysModule,
    SurveysModule,
    CustomersModule,
  ],
  controllers: [
    ConsoleController,
    CasePagesController,
    DashboardPageController,
    AdminPagesController,
    CustomerPageController,
    UnmatchedMailPageController,
  ],
})
export class ConsoleModule {}
