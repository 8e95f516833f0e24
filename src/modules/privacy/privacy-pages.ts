import type { Locale } from '../../common/i18n/locale';
import type { ConsentPurpose } from '../consent/consent-text.entity';
import type { PrivacyTexts } from './privacy-texts';
import type { FeedbackItemView } from './your-feedback';

/** `privacy-center.hbs`: the customer's consents, their data to download, erasure. */
export interface PrivacyCenterView {
  lang: Locale;
  t: PrivacyTexts;
  company: string;
  /** What was just done (a withdrawal, a message sent), or null. */
  notice: string | null;
  /** What they told us and what became of it, newest first. */
  feedback: FeedbackItemView[];
  consents: {
    purpose: ConsentPurpose;
    label: string;
    status: string;
    /** Where the one-click withdrawal posts; null once withdrawn. */
    withdrawAction: string | null;
  }[];
  downloadUrl: string;
  eraseAction: string;
  /** Why an erasure was refused (the confirmation was not ticked), or null. */
  eraseError: string | null;
}

/** `privacy-erased.hbs`: after the erasure, the link no longer works. */
export interface PrivacyErasedView {
  lang: Locale;
  t: PrivacyTexts;
  company: string;
}

declare module '../../common/templates/page-contexts' {
  interface PageContexts {
    'privacy-center': PrivacyCenterView;
    'privacy-erased': PrivacyErasedView;
  }
}
