import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { returningRows } from '../../common/database/returning-rows';
import { LOCALES, type Locale } from '../../common/i18n/locale';
import { DEFAULT_MESSAGE_TEMPLATES } from './default-message-templates';
import type { MessageTemplateText } from './message-template.entity';
import { LANGUAGE_NAMES, placeholderProblem } from './message-placeholders';
import { invalidMessageTemplate, messageTemplateNotFound } from './message-templates.errors';

export interface MessageTemplateDto {
  key: string;
  label: string;
  texts: Record<Locale, MessageTemplateText>;
  retired: boolean;
}

/** A template as an admin writes it: the label, and a subject and body in every language. */
export interface MessageTemplateInput {
  label: string;
  texts: Record<Locale, MessageTemplateText>;
}

const LIMITS = { label: 100, subject: 200, body: 20_000 };
/** Keys the admin pages' own routes use. */
const RESERVED_KEYS = new Set(['new', 'preview']);

const COLUMNS = 'key, label, texts, retired_at IS NOT NULL AS retired';

/** The message templates agents start an email from, as admins manage them. */
@Injectable()
export class MessageTemplatesService implements OnApplicationBootstrap {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The templates agents had before admins managed them, into a table that has none. */
  async onApplicationBootstrap(): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO message_templates (key, label, texts)
       SELECT * FROM jsonb_to_recordset($1::jsonb) AS t(key text, label text, texts jsonb)
       WHERE NOT EXISTS (SELECT 1 FROM message_templates)
       ON CONFLICT DO NOTHING`,
      [JSON.stringify(DEFAULT_MESSAGE_TEMPLATES)],
    );
  }

  /** By label; the retired ones only when asked (the admin page), never in the composer. */
  async list(options: { includeRetired: boolean }): Promise<MessageTemplateDto[]> {
    return this.dataSource.query<MessageTemplateDto[]>(
      `SELECT ${COLUMNS} FROM message_templates
       WHERE $1 OR retired_at IS NULL ORDER BY label, key`,
      [options.includeRetired],
    );
  }

  /** The template of this key, retired or not; 404 when there is none. */
  async get(key: string): Promise<MessageTemplateDto> {
    const [row] = await this.dataSource.query<MessageTemplateDto[]>(
      `SELECT ${COLUMNS} FROM message_templates WHERE key = $1`,
      [key],
    );
    if (!row) throw messageTemplateNotFound();
    return row;
  }

  /** A new template, keyed after its label (`offer_a_call`, `offer_a_call_2`, …). */
  async create(input: MessageTemplateInput): Promise<MessageTemplateDto> {
    const template = checkedTemplate(input);
    const base = keyFor(template.label);
    for (let n = 1; ; n += 1) {
      const key = n === 1 && !RESERVED_KEYS.has(base) ? base : `${base.slice(0, 55)}_${n}`;
      const [row] = await this.dataSource.query<MessageTemplateDto[]>(
        `INSERT INTO message_templates (key, label, texts) VALUES ($1, $2, $3)
         ON CONFLICT (key) DO NOTHING RETURNING ${COLUMNS}`,
        [key, template.label, JSON.stringify(template.texts)],
      );
      if (row) return row;
    }
  }

  async update(key: string, input: MessageTemplateInput): Promise<MessageTemplateDto> {
    const template = checkedTemplate(input);
    return this.changed(
      `UPDATE message_templates SET label = $2, texts = $3, updated_at = now()
       WHERE key = $1 RETURNING ${COLUMNS}`,
      [key, template.label, JSON.stringify(template.texts)],
    );
  }

  /** Retires (no longer offered to agents) or brings back a template. */
  async setRetired(key: string, retired: boolean): Promise<MessageTemplateDto> {
    return this.changed(
      `UPDATE message_templates SET updated_at = now(),
         retired_at = CASE WHEN $2 THEN COALESCE(retired_at, now()) ELSE NULL END
       WHERE key = $1 RETURNING ${COLUMNS}`,
      [key, retired],
    );
  }

  private async changed(sql: string, values: unknown[]): Promise<MessageTemplateDto> {
    const [row] = await returningRows<MessageTemplateDto>(this.dataSource.manager, sql, values);
    if (!row) throw messageTemplateNotFound();
    return row;
  }
}

/**
 * The template trimmed and with Unix line ends, or a 400 whose sentence names the first fault: a
 * missing or long text, an unknown placeholder, broken braces.
 */
export function checkedTemplate(input: MessageTemplateInput): MessageTemplateInput {
  const label = input.label.trim();
  const problems: string[] = [];
  if (label.length === 0 || label.length > LIMITS.label) {
    problems.push(`Give the template a name of 1 to ${LIMITS.label} characters.`);
  }
  const texts = {} as Record<Locale, MessageTemplateText>;
  for (const locale of LOCALES) {
    const language = LANGUAGE_NAMES[locale];
    const subject = input.texts[locale].subject.trim();
    const body = input.texts[locale].body.replace(/\r\n?/g, '\n').trim();
    texts[locale] = { subject, body };
    for (const [part, text, limit] of [
      ['subject', subject, LIMITS.subject],
      ['message', body, LIMITS.body],
    ] as const) {
      if (text.length === 0 || text.length > limit) {
        problems.push(`Write the ${language} ${part}, up to ${limit} characters.`);
      }
      const problem = placeholderProblem(text, `the ${language} ${part}`);
      if (problem) problems.push(problem);
    }
  }
  if (problems.length > 0) throw invalidMessageTemplate(problems.join(' '));
  return { label, texts };
}

/** `Offer a call` → `offer_a_call`; `Ääni` → `aani`; a label without letters → `template`. */
function keyFor(label: string): string {
  const key = label
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^[^a-z]+|_+$/g, '')
    .slice(0, 40)
    .replace(/_+$/, '');
  return key || 'template';
}
