import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The responses explorer (issue 16): full-text search over the comments of every answer,
 * identified and anonymous, stemmed as English and as Finnish, and a page order for anonymous
 * answers.
 *
 * A comment's language is not recorded: an anonymous answer must not carry one (the few who
 * answer in a language narrow the crowd), and a customer does not always write in the language
 * of their page. So each comment is indexed in both languages Candor speaks, as one vector (the
 * English and the Finnish stems), and a search reads the words typed as English or as Finnish
 * (`websearch_to_tsquery` in each configuration, either to match): "huoneessa" finds "Huone oli
 * kylmä", "cleaning" finds "not cleaned". A word of another language is stemmed alike on both
 * sides, so it still finds itself. Only rows with a comment are indexed. The expression is
 * repeated in `response-search-sql.ts`: a query must use the very expression to use the index.
 *
 * Anonymous answers are paged by month and then by their id, a random uuid (so the order says
 * nothing of when in the month they came).
 */
export class CommentSearch1796600000000 implements MigrationInterface {
  name = 'CommentSearch1796600000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['responses', 'anonymous_responses']) {
      await queryRunner.query(
        `CREATE INDEX "${table}_comment_words_idx" ON "${table}" USING gin
         ((to_tsvector('english', comment) || to_tsvector('finnish', comment)))
         WHERE comment IS NOT NULL`,
      );
    }
    await queryRunner.query(
      `CREATE INDEX "anonymous_responses_month_idx" ON "anonymous_responses" ("submitted_month", "id")`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "anonymous_responses_month_idx"`);
    await queryRunner.query(`DROP INDEX "anonymous_responses_comment_words_idx"`);
    await queryRunner.query(`DROP INDEX "responses_comment_words_idx"`);
  }
}
