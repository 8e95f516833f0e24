import { ApiError } from '../../common/errors/api-error';

export const topicNotFound = () => new ApiError('not_found', 'There is no topic by this id.');

/** `problems`: the sentences that say what is wrong with the topic, each a whole sentence. */
export const invalidTopic = (problems: string[]) =>
  new ApiError('validation_failed', problems.join(' '));

export const topicNameTaken = (name: string) =>
  new ApiError(
    'conflict',
    `There is already a topic called “${name}”: give this one another name.`,
  );
