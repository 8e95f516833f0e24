import { RateLimitCounter } from '../common/rate-limit/rate-limit-counter.entity';
import { ApiKey } from '../modules/api-keys/api-key.entity';
import { Session } from '../modules/auth/session.entity';
import { Customer } from '../modules/customers/customer.entity';
import { SurveyVersion } from '../modules/surveys/survey-version.entity';
import { Survey } from '../modules/surveys/survey.entity';
import { Team } from '../modules/users/team.entity';
import { User } from '../modules/users/user.entity';

/** Every entity, listed once for the runtime data source, the migration CLI and the tests. */
export const ENTITIES = [
  Team,
  User,
  Session,
  ApiKey,
  RateLimitCounter,
  Customer,
  Survey,
  SurveyVersion,
];
