import { CustomerPersonalData } from './customer-personal-data';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Customer360 } from './customer-360';
import { Customer } from './customer.entity';
import { CustomersController } from './customers.controller';
import { CustomersService } from './customers.service';
import { CustomerImportService } from './import/customer-import.service';

@Module({
  imports: [TypeOrmModule.forFeature([Customer])],
  controllers: [CustomersController],
  providers: [CustomersService, CustomerImportService, Customer360, CustomerPersonalData],
  exports: [CustomersService, Customer360],
})
export class CustomersModule {}
