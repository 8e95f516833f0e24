import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { LOCALES, type Locale } from '../../common/i18n/locale';
import { RULES_LOCK } from './comment-tagging';
import { invalidTopic, topicNameTaken, topicNotFound } from './topics.errors';
import { TopicRetag } from './topic-retag';
import {
  configOfLocaleSql,
  LANGUAGE_NAMES,
  parseRules,
  type ParsedTerm,
  ruleQuerySql,
  rulesByLocale,
  type TopicRules,
} from './topic-terms';
import { TopicView } from './dto/topic-views.dto';

const NAME_LENGTH = 80;

export { TopicView };

/** A topic as an admin writes it. */
export interface TopicInput {
  names: Record<Locale, string>;
  rules: Partial<TopicRules>;
  active?: boolean;
}

/**
 * Topics and their rules, as admins manage them. Every change that could change what a comment
 * is about (rules, switched on or off) asks for a retag in its own transaction, under the rules'
 * lock, so that no comment is tagged by rules about to change and missed by the retag.
 */
@Injectable()
export class TopicsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly retag: TopicRetag,
  ) {}

  /** Every topic, by its English name. */
  async list(): Promise<TopicView[]> {
    const topics = await this.dataSource.query<TopicRow[]>(
      `SELECT id, names, active, created_at, updated_at FROM topics ORDER BY names->>'en', id`,
    );
    const rules = await this.dataSource.query<RuleRow[]>(
      `SELECT topic_id, locale, term FROM topic_rules ORDER BY topic_id, position`,
    );
    return topics.map((topic) => toView(topic, rules));
  }

  async get(id: string): Promise<TopicView> {
    const [topic] = await this.dataSource.query<TopicRow[]>(
      `SELECT id, names, active, created_at, updated_at FROM topics WHERE id = $1`,
      [id],
    );
    if (!topic) throw topicNotFound();
    const rules = await this.dataSource.query<RuleRow[]>(
      `SELECT topic_id, locale, term FROM topic_rules WHERE topic_id = $1 ORDER BY position`,
      [id],
    );
    return toView(topic, rules);
  }

  async create(input: TopicInput): Promise<TopicView> {
    const { names, terms } = checked(input);
    const id = await this.changing(async (manager) => {
      await this.nameFree(manager, names, null);
      const [row] = await manager.query<{ id: string }[]>(
        `INSERT INTO topics (names, active) VALUES ($1, $2) RETURNING id`,
        [JSON.stringify(names), input.active ?? true],
      );
      await this.writeRules(manager, row.id, terms);
      await this.retag.request(manager);
      return row.id;
    });
    return this.get(id);
  }

  async update(id: string, input: TopicInput): Promise<TopicView> {
    const { names, terms } = checked(input);
    const before = await this.get(id);
    await this.changing(async (manager) => {
      await this.nameFree(manager, names, id);
      const [, updated] = await manager.query<[unknown, number]>(
        `UPDATE topics SET names = $2, active = $3, updated_at = now() WHERE id = $1`,
        [id, JSON.stringify(names), input.active ?? before.active],
      );
      if (updated === 0) throw topicNotFound();
      await manager.query(`DELETE FROM topic_rules WHERE topic_id = $1`, [id]);
      await this.writeRules(manager, id, terms);
      const same =
        (input.active ?? before.active) === before.active &&
        JSON.stringify(rulesByLocale(terms)) === JSON.stringify(before.rules);
      // A new name alone changes what no comment is about.
      if (!same) await this.retag.request(manager);
    });
    return this.get(id);
  }

  /** Gone with what it tagged: no retag is needed. */
  async remove(id: string): Promise<void> {
    await this.changing(async (manager) => {
      const [, deleted] = await manager.query<[unknown, number]>(
        `DELETE FROM topics WHERE id = $1`,
        [id],
      );
      if (deleted === 0) throw topicNotFound();
    });
  }

  /** Asks for a retag of every comment (after data was loaded behind the app's back). */
  async retagAll(): Promise<void> {
    await this.changing((manager) => this.retag.request(manager));
  }

  /** Names of the topics, for filters' lists: `{id, name}` by name. */
  async choices(locale: Locale = 'en'): Promise<{ id: string; name: string }[]> {
    return this.dataSource.query(
      `SELECT id, names->>'${locale}' AS name FROM topics ORDER BY 2, id`,
    );
  }

  /** Whether `id` names a topic (a filter's check). */
  async exists(id: string): Promise<boolean> {
    const rows = await this.dataSource.query<unknown[]>(`SELECT 1 FROM topics WHERE id = $1`, [id]);
    return rows.length > 0;
  }

  private changing<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query(`SELECT pg_advisory_xact_lock(${RULES_LOCK})`);
      return work(manager);
    });
  }

  private async nameFree(
    manager: EntityManager,
    names: Record<Locale, string>,
    except: string | null,
  ): Promise<void> {
    for (const locale of LOCALES) {
      const taken = await manager.query<unknown[]>(
        `SELECT 1 FROM topics WHERE lower(names->>$1) = lower($2) AND id IS DISTINCT FROM $3::uuid`,
        [locale, names[locale], except],
      );
      if (taken.length > 0) throw topicNameTaken(names[locale]);
    }
  }

  /**
   * The rules, each compiled in its language's configuration. A rule PostgreSQL finds no word to
   * search for in ("the", "and": stop words) is refused with its own sentence.
   */
  private async writeRules(manager: EntityManager, topicId: string, terms: ParsedTerm[]) {
    const rows = await manager.query<{ locale: Locale; term: string }[]>(
      `WITH written AS (
         INSERT INTO topic_rules (topic_id, locale, term, query, position)
         SELECT $1, t.locale, t.term, ${ruleQuerySql(configOfLocaleSql('t.locale'), 't.term', 't.prefix')}, t.position
         FROM unnest($2::text[], $3::text[], $4::boolean[]) WITH ORDINALITY AS t(locale, term, prefix, position)
         RETURNING locale, term, query
       )
       SELECT locale, term FROM written WHERE numnode(query) = 0`,
      [topicId, terms.map((t) => t.locale), terms.map((t) => t.term), terms.map((t) => t.prefix)],
    );
    if (rows.length > 0) throw invalidTopic(rows.map(emptyTermSentence));
  }
}

export function emptyTermSentence({ locale, term }: { locale: Locale; term: string }): string {
  return `The ${LANGUAGE_NAMES[locale]} rule “${term}” has no word to search for: such common words (“the”, “and”) are left out of every search. Use a more telling word.`;
}

/** The topic's names and rules, checked: a 400 with every sentence that applies. */
function checked(input: TopicInput): { names: Record<Locale, string>; terms: ParsedTerm[] } {
  const problems: string[] = [];
  const names = {} as Record<Locale, string>;
  for (const locale of LOCALES) {
    names[locale] = (input.names[locale] ?? '').trim().replace(/\s+/g, ' ');
    if (names[locale].length === 0 || names[locale].length > NAME_LENGTH) {
      problems.push(
        `Give the topic a name in ${LANGUAGE_NAMES[locale]} of 1 to ${NAME_LENGTH} characters.`,
      );
    }
  }
  const { terms, problems: ruleProblems } = parseRules(input.rules);
  problems.push(...ruleProblems);
  if (terms.length === 0 && ruleProblems.length === 0) {
    problems.push('Give the topic at least one word or phrase to match, in English or in Finnish.');
  }
  if (problems.length > 0) throw invalidTopic(problems);
  return { names, terms };
}

interface TopicRow {
  id: string;
  names: Record<Locale, string>;
  active: boolean;
  created_at: Date;
  updated_at: Date;
}

interface RuleRow {
  topic_id: string;
  locale: Locale;
  term: string;
}

function toView(topic: TopicRow, rules: RuleRow[]): TopicView {
  return {
    id: topic.id,
    names: topic.names,
    active: topic.active,
    rules: rulesByLocale(rules.filter((rule) => rule.topic_id === topic.id)),
    createdAt: topic.created_at,
    updatedAt: topic.updated_at,
  };
}
