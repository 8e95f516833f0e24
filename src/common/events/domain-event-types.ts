/**
 * The event catalogue, as types: each publishing module adds its events by declaration merging,
 * beside the code that publishes them, with a comment saying when:
 *
 * ```ts
 * declare module '../../common/events/domain-event-types' {
 *   interface DomainEventPayloads {
 *     // When it happens (as a doc comment).
 *     'thing.happened': { thingId: string };
 *   }
 * }
 * ```
 *
 * Payloads carry ids only, never personal data: the log keeps an event for days after the rows it
 * names may be gone, and a subscriber reads what it needs by id. docs/architecture.md lists the
 * catalogue (domain-event-catalogue.spec holds the two equal).
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled by declaration merging
export interface DomainEventPayloads {}

export type DomainEventType = Extract<keyof DomainEventPayloads, string>;

/** One event to publish. */
export type DomainEvent = {
  [E in DomainEventType]: { type: E; payload: DomainEventPayloads[E] };
}[DomainEventType];
