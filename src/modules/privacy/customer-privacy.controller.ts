import { Controller, Delete, Get, HttpCode, HttpStatus, Param, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { ApiTags } from '@nestjs/swagger';
import { AuditedView } from '../audit/audited-view.decorator';
import { Documented } from '../../common/api-docs/documented.decorator';
import { Allow } from '../../common/auth/allow.decorator';
import { CurrentPrincipal } from '../../common/auth/current-principal.decorator';
import type { Principal } from '../../common/auth/principal';
import { ExternalIdPipe } from '../../common/validation/external-id.pipe';
import { CustomersService } from '../customers/customers.service';
import { CustomerDataService, type CustomerExport } from './customer-data.service';
import { CustomerExportDto, ErasedDto } from './dto/customer-export.dto';

/** The privacy center's operations for a CRM or a manager acting on a customer's request. */
@ApiTags('Customers')
@Controller('api/v1/customers')
export class CustomerPrivacyController {
  constructor(
    private readonly customers: CustomersService,
    private readonly data: CustomerDataService,
  ) {}

  /** All data held about the person (the same file the privacy center offers them). */
  @Get(':externalId/export')
  @AuditedView('customer.exported')
  @Allow('integration', 'admin', 'manager')
  @Documented(
    'Export everything held about a customer (an audited view)',
    { 200: CustomerExportDto },
    'validation_failed',
    'customer_not_found',
  )
  async export(
    @Param('externalId', ExternalIdPipe) externalId: string,
    @CurrentPrincipal() principal: Principal,
    @Req() request: FastifyRequest,
  ): Promise<CustomerExport> {
    const customer = await this.customers.findByExternalId(externalId, principal);
    request.auditSubject = customer.id;
    return this.data.exportData(customer.id);
  }

  /** Erasure of the person's data everywhere it lives; aggregates stay correct. */
  @Delete(':externalId')
  @HttpCode(HttpStatus.ACCEPTED)
  @Allow('integration', 'admin')
  @Documented(
    {
      summary: "Erase a customer's data everywhere it lives",
      description:
        'Done before the answer: consents, preferences, emails and the customer go; answers and ' +
        'cases stay without them, so every figure stays right.',
    },
    { 202: ErasedDto },
    'validation_failed',
    'customer_not_found',
  )
  async erase(
    @Param('externalId', ExternalIdPipe) externalId: string,
    @CurrentPrincipal() principal: Principal,
    @Req() request: FastifyRequest,
  ): Promise<ErasedDto> {
    const customer = await this.customers.findByExternalId(externalId, principal);
    request.auditSubject = customer.id;
    await this.data.erase(customer.id);
    return { status: 'erased' };
  }
}
