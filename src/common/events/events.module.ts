import { Global, Module } from '@nestjs/common';
import { DomainEventPruning } from './domain-event-pruning';
import { DomainEvents } from './domain-events';

@Global()
@Module({ providers: [DomainEvents, DomainEventPruning], exports: [DomainEvents] })
export class EventsModule {}
