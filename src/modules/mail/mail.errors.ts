import { ApiError } from '../../common/errors/api-error';

export type MailErrorCode = 'not_replyable';

export const capturedMailNotFound = () =>
  new ApiError('not_found', 'No captured message has this id.');

export const notReplyable = () =>
  new ApiError('not_replyable', 'This email has no Reply-To: replies to it reach nobody.');
