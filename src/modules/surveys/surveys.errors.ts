import { HttpStatus } from '@nestjs/common';
import { ApiError, ErrorDetail } from '../../common/errors/api-error';
import { validationError } from '../../common/validation/validation-error';

export const surveyNotFound = () =>
  new ApiError(HttpStatus.NOT_FOUND, 'survey_not_found', 'No survey has this key.');

export const surveyKeyTaken = () =>
  new ApiError(
    HttpStatus.CONFLICT,
    'survey_exists',
    'A survey with this key exists; PUT to its key makes a new version.',
  );

export const invalidSurvey = (details: ErrorDetail[]) => validationError(details);
