import { ApiError } from '../../common/errors/api-error';

export type CasesErrorCode =
  | 'case_not_found'
  | 'stale_version'
  | 'customer_unreachable'
  | 'illegal_transition'
  | 'root_cause_exists'
  | 'root_cause_not_found';

export const caseNotFound = () =>
  new ApiError('case_not_found', 'No case you can see has this id.');

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
