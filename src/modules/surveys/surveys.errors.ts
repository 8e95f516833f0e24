import { ApiError, ErrorDetail } from '../../common/errors/api-error';
import { validationError } from '../../common/validation/validation-error';

declare module '../../common/errors/error-codes' {
  /** This module's error codes; ERROR_STATUS gives each its status. */
  interface ErrorCodes {
    survey_not_found: true;
    survey_exists: true;
  }
}

export const surveyNotFound = () => new ApiError('survey_not_found', 'No survey has this key.');

export const surveyKeyTaken = () =>
  new ApiError(
    'survey_exists',
    'A survey with this key exists; PUT to its key makes a new version.',
  );

export const invalidSurvey = (details: ErrorDetail[]) => validationError(details);
