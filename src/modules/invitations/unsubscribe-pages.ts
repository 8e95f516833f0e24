/** `unsubscribe.hbs`: the confirmation a GET shows; its form posts back to `/u/{token}`. */
export interface UnsubscribeView {
  token: string;
  company: string;
}

/** `unsubscribed.hbs`: done, and no more email. */
export interface UnsubscribedView {
  company: string;
}

declare module '../../common/templates/page-contexts' {
  interface PageContexts {
    unsubscribe: UnsubscribeView;
    unsubscribed: UnsubscribedView;
  }
}
