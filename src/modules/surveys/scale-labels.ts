import type { Locale } from '../../common/i18n/locale';
import type { Scale } from './survey-definition';

/** What the ends of each scale mean, in each language Candor speaks (emails and survey pages). */
export const SCALE_END_LABELS: Record<Scale, Record<Locale, { low: string; high: string }>> = {
  csat5: {
    en: { low: 'Not at all satisfied', high: 'Very satisfied' },
    fi: { low: 'En lainkaan tyytyväinen', high: 'Erittäin tyytyväinen' },
  },
  nps: {
    en: { low: 'Not at all likely', high: 'Extremely likely' },
    fi: { low: 'En lainkaan todennäköisesti', high: 'Erittäin todennäköisesti' },
  },
  ces7: {
    en: { low: 'Very difficult', high: 'Very easy' },
    fi: { low: 'Erittäin vaikeaa', high: 'Erittäin helppoa' },
  },
};
