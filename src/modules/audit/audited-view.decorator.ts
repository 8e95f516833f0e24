import { SetMetadata } from '@nestjs/common';

export const AUDITED_VIEW_KEY = 'candor:audited-view';

/**
 * A GET that shows identified data (a customer, their export): the audit interceptor records who
 * read it, from where, before the response leaves. Changes need no mark: every one is recorded.
 */
export const AuditedView = (action: string) => SetMetadata(AUDITED_VIEW_KEY, action);
