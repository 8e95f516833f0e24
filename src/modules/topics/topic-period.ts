import { Injectable } from '@nestjs/common';
import type { ErrorDetail } from '../../common/errors/api-error';
import { instantOf } from '../../common/validation/instant';
import { validationError } from '../../common/validation/validation-error';
import { SurveysService } from '../surveys/surveys.service';
import type { TopicReportQueryDto } from './dto/topic.dto';

const DAY_MS = 86_400_000;
/** As the reports: today and the 30 days before it, whole UTC days. */
const DEFAULT_DAYS = 30;

/** The period (and the one of equal length before it) and the survey a topic report covers. */
export interface TopicPeriod {
  from: Date;
  to: Date;
  previousFrom: Date;
  /** A survey key, or null for every survey. */
  survey: string | null;
}

/** Reads a report's `from`, `to` and `survey` as the reports do (API.md "Reports"). */
@Injectable()
export class TopicPeriods {
  constructor(private readonly surveys: SurveysService) {}

  async of(query: TopicReportQueryDto): Promise<TopicPeriod> {
    const details: ErrorDetail[] = [];
    const tomorrow = (Math.floor(Date.now() / DAY_MS) + 1) * DAY_MS;
    const to = instantOf('to', query.to) ?? new Date(tomorrow);
    const from =
      instantOf('from', query.from) ?? new Date(to.getTime() - (DEFAULT_DAYS + 1) * DAY_MS);
    if (from.getTime() >= to.getTime())
      details.push({ field: 'from', message: 'must be before to' });
    if (query.survey && !(await this.surveys.surveyExists(query.survey))) {
      details.push({ field: 'survey', message: 'is no survey key here' });
    }
    if (details.length > 0) throw validationError(details);
    return {
      from,
      to,
      previousFrom: new Date(from.getTime() - (to.getTime() - from.getTime())),
      survey: query.survey ?? null,
    };
  }
}
