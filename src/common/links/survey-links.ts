import { Inject, Injectable } from '@nestjs/common';
import { LINKS_CONFIG, type LinksConfig } from '../../config/config-sections';
import { linkToken } from './link-tokens';

/** The pages a personal link opens, by the first segment of their path. */
const PAGES = { survey: 's', recovery: 'r', privacy: 'p', unsubscribe: 'u' } as const;
export type LinkPage = keyof typeof PAGES;

/** A page's path for a token: `linkPath('privacy', token, 'withdraw')` is `/p/{token}/withdraw`. */
export function linkPath(page: LinkPage, token: string, ...rest: string[]): string {
  return ['', PAGES[page], token, ...rest].join('/');
}

/** The two links every email to a customer carries. */
export interface CustomerEmailLinks {
  privacyUrl: string;
  unsubscribeUrl: string;
}

/**
 * Every personal link Candor sends: it holds the token secret and the public base URL, so no other
 * module derives a token or writes a link by hand.
 */
@Injectable()
export class SurveyLinks {
  private readonly secret: string;
  private readonly base: string;

  constructor(@Inject(LINKS_CONFIG) config: LinksConfig) {
    this.secret = config.tokenSecret;
    this.base = config.publicBaseUrl;
  }

  /** The token of an invitation's survey, privacy center and unsubscribe links. */
  invitationToken(invitationId: string): string {
    return linkToken(this.secret, 'invitation', invitationId);
  }

  /** The token of a recovery survey's link. */
  recoveryToken(recoveryId: string): string {
    return linkToken(this.secret, 'recovery', recoveryId);
  }

  /** A page's absolute URL, for an email. */
  url(page: LinkPage, token: string): string {
    return `${this.base}${linkPath(page, token)}`;
  }

  /** One-click answers: the survey page with each score of the scale already chosen. */
  scoreLinks(
    page: 'survey' | 'recovery',
    token: string,
    scale: { min: number; max: number },
  ): { score: number; url: string }[] {
    const url = this.url(page, token);
    return Array.from({ length: scale.max - scale.min + 1 }, (_, i) => scale.min + i).map(
      (score) => ({ score, url: `${url}?score=${score}` }),
    );
  }

  /** The privacy center and unsubscribe links of the invitation an email is about. */
  customerEmailLinks(invitationId: string): CustomerEmailLinks {
    const token = this.invitationToken(invitationId);
    return {
      privacyUrl: this.url('privacy', token),
      unsubscribeUrl: this.url('unsubscribe', token),
    };
  }
}
