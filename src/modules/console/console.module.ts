import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { CasesModule } from '../cases/cases.module';
import { UsersModule } from '../users/users.module';
import { CasePagesController } from './case-pages.controller';
import { ConsoleController } from './console.controller';

@Module({
  imports: [AuthModule, UsersModule, CasesModule],
  controllers: [ConsoleController, CasePagesController],
})
export class ConsoleModule {}
