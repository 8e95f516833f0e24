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
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async labeller(locale: Locale): Promise<PreferenceLabeller> {
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
    return (kind, value) => words.get(`${kind}:${value}`) ?? spaced(value);
  }
}

function spaced(key: string): string {
  const words = key.replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}
