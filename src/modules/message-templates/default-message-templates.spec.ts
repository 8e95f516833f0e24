import { LOCALES } from '../../common/i18n/locale';
import { DEFAULT_MESSAGE_TEMPLATES } from './default-message-templates';
import { checkedTemplate } from './message-templates.service';

describe('the default message templates', () => {
  it('pass the checks an admin save passes, in every language', () => {
    for (const template of DEFAULT_MESSAGE_TEMPLATES) {
      const { label, texts } = template;
      expect(checkedTemplate({ label, texts })).toEqual({ label, texts });
      expect(template.key).toMatch(/^[a-z][a-z0-9_]{0,59}$/);
    }
  });

  it('end with the closing words: the email adds the one signature', () => {
    for (const template of DEFAULT_MESSAGE_TEMPLATES) {
      for (const locale of LOCALES) {
        expect(template.texts[locale].body).toMatch(/(Best regards,|Ystävällisin terveisin)$/);
      }
    }
  });
});
