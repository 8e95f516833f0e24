import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { UsersModule } from '../users/users.module';
import { ConsoleController } from './console.controller';

@Module({ imports: [AuthModule, UsersModule], controllers: [ConsoleController] })
export class ConsoleModule {}
