import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { LOCALES, type Locale } from '../../common/i18n/locale';
import {
  anonymousCommentsSql,
  anonymousCountedWithinSql,
  identifiedCommentsSql,
} from '../responses/comment-sql';
import { joinSurveyVersionOf, versionsOfSurveySql } from '../surveys/survey-sql';
import { frequentPhrases, type PhraseComment, STOP_WORDS } from './phrases';
import type { TopicPeriod } from './topic-period';
import { PhrasesView } from './dto/topic-views.dto';

/** The most recent comments of a period read for phrases: the work stays bounded. */
export const PHRASE_COMMENT_CAP = 20_000;
/** A phrase said in fewer comments is not shown: no one comment's words come out. */
export const PHRASE_MIN_COMMENTS = 3;
/** Anonymous comments are read only when the period has at least this many. */
export const ANONYMOUS_AT_LEAST = 10;
export const TOP_PHRASES = 20;

export { PhrasesView };

/**
 * The period's frequent phrases: one to three words in a row, stop words of the language (or of
 * both) left out at their ends, counted by the comments they appear in, with those answers'
 * mean score. Computed on request from the comments themselves (no model, no service): the most
 * recent `PHRASE_COMMENT_CAP` of the period, identified ones and, when there are at least ten in
 * the period, anonymous ones.
 */
@Injectable()
export class CommentPhrases {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async of(period: TopicPeriod, locale: Locale | null): Promise<PhrasesView> {
    const window = [period.from, period.to, period.survey];
    const survey = `($3::text IS NULL OR survey_version_id IN ${versionsOfSurveySql('$3')})`;
    const [{ anonymous }] = await this.dataSource.query<{ anonymous: number }[]>(
      `SELECT count(*)::int AS anonymous
       FROM ${anonymousCommentsSql(`${anonymousCountedWithinSql('$1', '$2')} AND ${survey}`)} a`,
      window,
    );
    const anonymousIncluded = anonymous >= ANONYMOUS_AT_LEAST;
    const rows = await this.dataSource.query<PhraseComment[]>(
      `SELECT c.comment, c.score, v.scale FROM (
         SELECT comment, score, survey_version_id, counted_at FROM ${identifiedCommentsSql(
           `submitted_at >= $1 AND submitted_at < $2 AND ${survey}`,
         )} i
         UNION ALL
         SELECT comment, score, survey_version_id, counted_at FROM ${anonymousCommentsSql(
           `$4::boolean AND ${anonymousCountedWithinSql('$1', '$2')} AND ${survey}`,
         )} a
         ORDER BY counted_at DESC LIMIT ${PHRASE_COMMENT_CAP + 1}
       ) c ${joinSurveyVersionOf('c.survey_version_id', { version: 'v', survey: 's' })}`,
      [...window, anonymousIncluded],
    );
    const capped = rows.length > PHRASE_COMMENT_CAP;
    const read = rows.slice(0, PHRASE_COMMENT_CAP);
    const stopWords = locale ? [locale] : [...LOCALES];
    return {
      period: { from: period.from, to: period.to },
      stopWords,
      minComments: PHRASE_MIN_COMMENTS,
      commentsRead: read.length,
      cap: PHRASE_COMMENT_CAP,
      capped,
      anonymousIncluded,
      items: frequentPhrases(read, {
        stopWords: new Set(stopWords.flatMap((l) => STOP_WORDS[l])),
        minComments: PHRASE_MIN_COMMENTS,
        top: TOP_PHRASES,
      }),
    };
  }
}
