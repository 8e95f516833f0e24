import { ApiError, ErrorDetail } from '../../common/errors/api-error';
import { validationError } from '../../common/validation/validation-error';

export type SurveysErrorCode = 'survey_not_found' | 'survey_exists';

export const surveyNotFound = () => new ApiError('survey_not_found', 'No survey has this key.');

export const surveyKeyTaken = () =>
  new ApiError(
    'survey_exists',
    'A survey with this key exists; PUT to its key makes a new version.',
  );

export const invalidSurvey = (details: ErrorDetail[]) => validationError(details);
