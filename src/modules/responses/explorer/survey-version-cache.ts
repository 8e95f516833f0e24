import type { DataSource } from 'typeorm';
import { In } from 'typeorm';
import { SurveyVersion } from '../../surveys/survey-version.entity';

/**
 * Survey versions by id, each read once: a version never changes (an edit makes a new one), so
 * the explorer words the questions of a page's answers without reading them again.
 */
export class SurveyVersionCache {
  private readonly versions = new Map<string, SurveyVersion>();

  constructor(private readonly dataSource: DataSource) {}

  async of(ids: string[]): Promise<Map<string, SurveyVersion>> {
    const missing = [...new Set(ids)].filter((id) => !this.versions.has(id));
    if (missing.length > 0) {
      const found = await this.dataSource.getRepository(SurveyVersion).findBy({ id: In(missing) });
      for (const version of found) this.versions.set(version.id, version);
    }
    return this.versions;
  }
}
