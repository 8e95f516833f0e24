import { ApiError } from '../../common/errors/api-error';

/** A console form posted to an action the case page does not have. */
export const noSuchCaseAction = () => new ApiError('not_found', 'No such action.');

/** Only `enable` and `disable` change a person. */
export const noSuchPersonChange = () => new ApiError('not_found', 'No such change.');

export const noSuchPerson = () => new ApiError('not_found', 'No such person.');

export const cannotDisableYourself = () =>
  new ApiError('conflict', 'You cannot disable yourself: ask another admin.');

export const noSuchApiKey = () => new ApiError('not_found', 'No such API key.');

/** The resolve form sent without a root cause: a person reads it, so no field names. */
export const rootCauseNotChosen = () =>
  new ApiError(
    'validation_failed',
    'Choose the root cause, what caused the problem for this customer, before resolving.',
  );
