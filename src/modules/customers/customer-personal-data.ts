import { Injectable, OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import {
  forgetCustomerEvents,
  forgetCustomerJobs,
  logDomainEvents,
} from '../../common/events/domain-event-log';
import { PersonalData, PersonalDataRegistry } from '../../common/privacy/personal-data';
import { Customer } from './customer.entity';
import { toCustomerDto } from './customers.service';
import type { CustomerDto } from './dto/customer.dto';

/** The customer row: shown in their export, deleted last (every other row refers to it). */
@Injectable()
export class CustomerPersonalData implements PersonalData, OnModuleInit {
  readonly tables = ['customers'];
  readonly erasureStep = 'customer';

  constructor(private readonly registry: PersonalDataRegistry) {}

  onModuleInit(): void {
    this.registry.register(this);
  }

  async export(manager: EntityManager, customerId: string): Promise<{ customer: CustomerDto }> {
    return { customer: toCustomerDto(await manager.findOneByOrFail(Customer, { id: customerId })) };
  }

  async erase(manager: EntityManager, customerId: string): Promise<void> {
    await manager.query('DELETE FROM customers WHERE id = $1', [customerId]);
    // Only the erasure itself names them afterwards, so that subscribers can forget them too.
    // Customer events are logged, not delivered; an answer's event delivered to the topics names
    // the customer too, in its job.
    await forgetCustomerEvents(manager, customerId);
    await forgetCustomerJobs(manager, customerId);
    await logDomainEvents(manager, [{ type: 'customer.erased', payload: { customerId } }]);
  }
}

/**
 * Locks the customer's row for the caller's transaction, as every writer about a customer does
 * first (an answer, a withdrawal, an erasure), and answers their address; undefined when gone.
 */
export async function lockCustomer(
  manager: EntityManager,
  customerId: string,
): Promise<{ email: string } | undefined> {
  const [customer] = await manager.query<{ email: string }[]>(
    'SELECT email FROM customers WHERE id = $1 FOR UPDATE',
    [customerId],
  );
  return customer;
}
