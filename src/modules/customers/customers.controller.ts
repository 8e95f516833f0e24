import { Body, Controller, Get, HttpCode, Param, Post, Put, Req, Res } from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import { ApiBody, ApiConsumes, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AuditedView } from '../audit/audited-view.decorator';
import { Documented } from '../../common/api-docs/documented.decorator';
import { Allow } from '../../common/auth/allow.decorator';
import { CurrentPrincipal } from '../../common/auth/current-principal.decorator';
import type { Principal } from '../../common/auth/principal';
import { ExternalIdPipe } from '../../common/validation/external-id.pipe';
import { teamScope } from '../../common/auth/team-scope';
import { Customer360 } from './customer-360';
import { customerNotFound } from './customers.errors';
import { CustomersService, toCustomerDto } from './customers.service';
import { CustomerDetailDto } from './dto/customer-360.dto';
import { CustomerDto, CustomerInput } from './dto/customer.dto';
import { CSV_UPLOAD, csvBodyOf } from './import/csv-body';
import { CustomerImportResultDto } from './import/customer-import.dto';
import { CustomerImportService } from './import/customer-import.service';

@ApiTags('Customers')
@Controller('api/v1/customers')
export class CustomersController {
  constructor(
    private readonly customers: CustomersService,
    private readonly imports: CustomerImportService,
    private readonly customer360: Customer360,
  ) {}

  /** Streams a CSV file into upserts (`external_id,email,name,locale,…`); bad lines are listed. */
  @Post('import')
  @HttpCode(200)
  @Allow('integration', 'admin', 'manager')
  @RouteConfig(CSV_UPLOAD)
  @ApiConsumes('text/csv')
  @ApiBody({
    description: 'A header row naming external_id and email (name, locale and others optional)',
    schema: {
      type: 'string',
      example: 'external_id,email,name,locale,tier\ncrm-1,ann@example.com,Ann,fi,gold',
    },
  })
  @Documented(
    'Import customers from a CSV file: each line created or updated, bad lines listed',
    { 200: CustomerImportResultDto },
    'invalid_csv_header',
  )
  importCsv(@Req() request: FastifyRequest): Promise<CustomerImportResultDto> {
    return this.imports.importCsv(csvBodyOf(request));
  }

  /** 201 when the customer is new, 200 when an existing one was updated. */
  @Put(':externalId')
  @Allow('integration', 'admin', 'manager')
  @Documented(
    'Create or update a customer by their id in your systems',
    { 201: CustomerDto, 200: CustomerDto },
    'validation_failed',
  )
  async upsert(
    @Param('externalId', ExternalIdPipe) externalId: string,
    @Body() body: CustomerInput,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CustomerDto> {
    const { customer, created } = await this.customers.upsertCustomer(externalId, body);
    request.auditSubject = customer.id;
    void reply.status(created ? 201 : 200);
    return toCustomerDto(customer);
  }

  /**
   * The customer 360, as the console's customer page shows it: the profile, current consents,
   * preferences, invitations, answers, cases and contact history.
   */
  @Get(':externalId')
  @Allow('integration', 'admin', 'manager', 'agent')
  @AuditedView('customer.viewed')
  @Documented(
    {
      summary: 'Read a customer and their 360: consents, preferences, history',
      description:
        "An audited view. An agent reads only the customers of their team's cases (else 404).",
    },
    { 200: CustomerDetailDto },
    'validation_failed',
    'customer_not_found',
  )
  async get(
    @Param('externalId', ExternalIdPipe) externalId: string,
    @CurrentPrincipal() principal: Principal,
    @Req() request: FastifyRequest,
  ): Promise<CustomerDetailDto> {
    // An agent reads only customers of their team's cases (404 for the others, as for cases),
    // and of their history only the cases they may open.
    const customer = await this.customers.findByExternalId(externalId, principal);
    request.auditSubject = customer.id;
    const view = await this.customer360.of(customer.id, teamScope(principal));
    if (!view) throw customerNotFound();
    return { ...toCustomerDto(customer), ...view };
  }
}
