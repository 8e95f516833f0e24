import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import type { Principal } from '../../common/auth/principal';
import { customerInScope, teamScope } from '../../common/auth/team-scope';
import { isDeliverableAddress, normaliseEmail } from '../../common/validation/email';
import { Customer } from './customer.entity';
import { type CustomerRow, upsertCustomerRows } from './customer-rows';
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

/** The row to upsert for an API input; null when its email cannot receive mail. */
export function customerRow(externalId: string, input: CustomerInput): CustomerRow | null {
  const email = normaliseEmail(input.email);
  if (!isDeliverableAddress(email)) return null;
  return {
    externalId,
    email,
    name: input.name?.trim() ?? null,
    locale: input.locale ?? null,
    attributes: input.attributes ?? null,
  };
}

@Injectable()
export class CustomersService {
  constructor(@InjectRepository(Customer) private readonly customers: Repository<Customer>) {}

  /** Creates or updates one customer by the CRM's id. Fields left out keep their stored values. */
  async upsertCustomer(
    externalId: string,
    input: CustomerInput,
  ): Promise<{ customer: Customer; created: boolean }> {
    const row = customerRow(externalId, input);
    if (!row) throw invalidCustomerEmail();
    return this.customers.manager.transaction(async (manager) => {
      const upserted = (await upsertCustomerRows(manager, [row])).get(externalId)!;
      const customer = await manager.findOneByOrFail(Customer, { id: upserted.id });
      return { customer, created: upserted.created };
    });
  }

  /**
   * The customer, when `viewer` may see them (see team-scope.ts: an agent, only a customer with a
   * case in their team or unrouted); 404 otherwise, the same as for nobody.
   */
  async findByExternalId(externalId: string, viewer: Principal): Promise<Customer> {
    const scope = teamScope(viewer);
    const customer = await this.customers
      .createQueryBuilder('cu')
      .where('cu.external_id = :externalId', { externalId })
      .andWhere(customerInScope(':scope', 'cu.id'), { scope })
      .getOne();
    if (!customer) throw customerNotFound();
    return customer;
  }
}
