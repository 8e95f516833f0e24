import { ApiError } from '../../common/errors/api-error';

declare module '../../common/errors/error-codes' {
  /** This module's error codes; ERROR_STATUS gives each its status. */
  interface ErrorCodes {
    case_not_found: true;
    stale_version: true;
    case_erased: true;
    customer_unreachable: true;
    illegal_transition: true;
    root_cause_exists: true;
    root_cause_not_found: true;
  }
}

export const caseNotFound = () =>
  new ApiError('case_not_found', 'No case you can see has this id.');

export const caseErased = () =>
  new ApiError(
    'case_erased',
    "This case's customer was erased: the case is kept for the record and can no longer change.",
  );

export const staleCase = (version: number) =>
  new ApiError(
    'stale_version',
    `Someone changed this case meanwhile (it is now version ${version}): reload it and try again.`,
  );

export const customerUnreachable = () =>
  new ApiError(
    'customer_unreachable',
    "This customer's address takes no more email (unsubscribed, bounced or complained): log a call or meeting instead.",
  );

/** `done` is what the action would have done to the case: "resolved", "assigned"… */
export const illegalTransition = (status: string, done: string) =>
  new ApiError('illegal_transition', `A case that is ${status} cannot be ${done}.`);

export const notACaseOwner = () =>
  new ApiError(
    'forbidden',
    'Only agents and managers work cases: an admin can assign one to them instead.',
  );

/** A CRM's ticket names one case (`follow_up_cases_external_ref_key`). */
export const externalRefTaken = (externalRef: string, otherCaseId: string | undefined) =>
  new ApiError(
    'conflict',
    otherCaseId
      ? `Case ${otherCaseId} already carries the external reference "${externalRef}": a ticket names one case, so clear it there first.`
      : `Another case already carries the external reference "${externalRef}": a ticket names one case.`,
  );

export const rootCauseExists = (key: string) =>
  new ApiError('root_cause_exists', `The taxonomy already has a root cause "${key}".`);

export const rootCauseNotFound = (key: string) =>
  new ApiError('root_cause_not_found', `No root cause "${key}".`);

/** `POST /api/v1/inbound-mail` while INBOUND_MAIL_SECRET is not set. */
export const inboundMailOff = () =>
  new ApiError('not_found', 'Inbound mail is not configured (INBOUND_MAIL_SECRET).');

export const inboundMailSecretRequired = () =>
  new ApiError('authentication_required', 'Send the inbound-mail secret as a Bearer token.');

export const inboundMailNotAnEmail = () =>
  new ApiError(
    'unsupported_media_type',
    'Send the whole email as the body, with Content-Type: message/rfc822.',
  );
