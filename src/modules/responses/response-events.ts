import type { DomainEventPayloads } from '../../common/events/domain-event-types';

/** An identified answer: it points to its invitation and customer. */
export interface IdentifiedResponseReceived {
  responseId: string;
  surveyVersionId: string;
  identified: true;
  invitationId: string;
  customerId: string;
}

/** An anonymous answer: nothing in it points to an invitation or a customer. */
export interface AnonymousResponseReceived {
  responseId: string;
  surveyVersionId: string;
  identified: false;
}

declare module '../../common/events/domain-event-types' {
  interface DomainEventPayloads {
    /**
     * An answer was recorded: an identified one with its invitation's claim, an anonymous one when
     * the inbox releases it (in a batch, at least ten together or a day late).
     */
    'response.received': IdentifiedResponseReceived | AnonymousResponseReceived;
    /** An identified answer at or below the survey's threshold: someone should follow up. */
    'response.dissatisfied': { responseId: string };
    /** After an anonymous answer, the customer asked to be contacted about it after all. */
    'contact.requested': { invitationId: string };
  }
}

declare module '../../common/jobs/job-types' {
  interface JobPayloads {
    /** Delivered to the cases (one opens) and the thank-you email. */
    'response.dissatisfied': DomainEventPayloads['response.dissatisfied'];
    /** Delivered to the cases (one opens). */
    'contact.requested': DomainEventPayloads['contact.requested'];
  }
}
