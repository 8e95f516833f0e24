import { SetMetadata } from '@nestjs/common';

export const CHANGES_NOTHING_KEY = 'candor:changes-nothing';

/**
 * A POST that changes nothing and shows no identified data (a form shown again with a row added,
 * a preview drawn as someone types): the audit trail leaves it out, where it would otherwise
 * record every keystroke's preview as a change.
 */
export const ChangesNothing = () => SetMetadata(CHANGES_NOTHING_KEY, true);
