import { Body, Controller, Get, Param, Put, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCookieAuth, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Allow } from '../../common/auth/allow.decorator';
import { ExternalIdPipe } from '../../common/validation/external-id.pipe';
import { CustomersService, toCustomerDto } from './customers.service';
import { CustomerDto, CustomerInput } from './dto/customer.dto';

@ApiTags('Customers')
@ApiBearerAuth()
@ApiCookieAuth()
@Controller('api/v1/customers')
export class CustomersController {
  constructor(private readonly customers: CustomersService) {}

  /** 201 when the customer is new, 200 when an existing one was updated. */
  @Put(':externalId')
  @Allow('integration', 'admin', 'manager')
  async upsert(
    @Param('externalId', ExternalIdPipe) externalId: string,
    @Body() body: CustomerInput,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CustomerDto> {
    const { customer, created } = await this.customers.upsertCustomer(externalId, body);
    void reply.status(created ? 201 : 200);
    return toCustomerDto(customer);
  }

  @Get(':externalId')
  @Allow('integration', 'admin', 'manager', 'agent')
  async get(@Param('externalId', ExternalIdPipe) externalId: string): Promise<CustomerDto> {
    return toCustomerDto(await this.customers.findByExternalId(externalId));
  }
}
