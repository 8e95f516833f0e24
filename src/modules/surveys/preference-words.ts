import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { Locale } from '../../common/i18n/locale';
import type { ChoiceOption, PreferenceOptions } from './survey-definition';

/** The four lists of preference options, each value in words. */
export type PreferenceKind = keyof PreferenceOptions;

/** Says a preference value (a context, channel, contact time or interest) in the surveys' words. */
export interface PreferenceLabeller {
  (kind: PreferenceKind, value: string): string;
}

/**
 * The words for preference values across every survey: where a page shows preferences without
 * one survey to take them from (a customer's profiles, the dashboard's tallies). A later version
 * of a survey wins; a value no survey names reads as its key with spaces, never with underscores.
 */
@Injectable()
export class PreferenceWords {
  /**
   * The words read, per locale, with the newest version they were read from: versions are never
   * changed, only added, so the words are read again only when a new version appears.
   */
  private readonly kept = new Map<Locale, { newest: string; words: Map<string, string> }>();

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async labeller(locale: Locale): Promise<PreferenceLabeller> {
    const words = await this.words(locale);
    return (kind, value) => words.get(`${kind}:${value}`) ?? spaced(value);
  }

  private async words(locale: Locale): Promise<Map<string, string>> {
    const [latest] = await this.dataSource.query<{ newest: string }[]>(
      `SELECT count(*) || ':' || coalesce(max(created_at)::text, '') AS newest FROM survey_versions`,
    );
    const kept = this.kept.get(locale);
    if (kept?.newest === latest.newest) return kept.words;
    const versions = await this.dataSource.query<{ preferences: PreferenceOptions | null }[]>(
      'SELECT preferences FROM survey_versions ORDER BY created_at, id',
    );
    const words = new Map<string, string>();
    for (const { preferences } of versions) {
      for (const kind of ['contexts', 'channels', 'contactTimes', 'interests'] as const) {
        for (const option of preferences?.[kind] ?? ([] as ChoiceOption[])) {
          words.set(`${kind}:${option.value}`, option.label[locale] ?? option.label.en);
        }
      }
    }
    this.kept.set(locale, { newest: latest.newest, words });
    return words;
  }
}

function spaced(key: string): string {
  const words = key.replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}
