import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { isDeliverableAddress, normaliseEmail } from '../../common/validation/email';
import { Customer } from './customer.entity';
import { customerNotFound, invalidCustomerEmail } from './customers.errors';
import { CustomerDto, CustomerInput } from './dto/customer.dto';

export const toCustomerDto = (customer: Customer): CustomerDto => ({
  externalId: customer.externalId,
  email: customer.email,
  name: customer.name,
  locale: customer.locale,
  attributes: customer.attributes,
  createdAt: customer.createdAt.toISOString(),
  updatedAt: customer.updatedAt.toISOString(),
});

@Injectable()
export class CustomersService {
  constructor(@InjectRepository(Customer) private readonly customers: Repository<Customer>) {}

  /**
   * Creates or updates a customer by the CRM's id in one statement, so concurrent upserts of the
   * same person cannot collide. Fields left out keep their stored values.
   */
  async upsertCustomer(
    externalId: string,
    input: CustomerInput,
    manager: EntityManager = this.customers.manager,
  ): Promise<{ customer: Customer; created: boolean }> {
    const email = normaliseEmail(input.email);
    if (!isDeliverableAddress(email)) throw invalidCustomerEmail();
    const rows = await manager.query<(Record<string, unknown> & { inserted: boolean })[]>(
      `INSERT INTO customers (external_id, email, name, locale, attributes)
       VALUES ($1, $2, $3, COALESCE($4, 'en'), COALESCE($5::jsonb, '{}'::jsonb))
       ON CONFLICT (external_id) DO UPDATE SET
         email = EXCLUDED.email,
         name = COALESCE($3, customers.name),
         locale = COALESCE($4, customers.locale),
         attributes = COALESCE($5::jsonb, customers.attributes),
         updated_at = now()
       RETURNING id, (xmax = 0) AS inserted`,
      [
        externalId,
        email,
        input.name?.trim() ?? null,
        input.locale ?? null,
        input.attributes ? JSON.stringify(input.attributes) : null,
      ],
    );
    const customer = await manager.findOneByOrFail(Customer, { id: rows[0].id as string });
    return { customer, created: rows[0].inserted };
  }

  async findByExternalId(externalId: string): Promise<Customer> {
    const customer = await this.customers.findOneBy({ externalId });
    if (!customer) throw customerNotFound();
    return customer;
  }
}
