import { composeFromTemplate, MESSAGE_TEMPLATES } from './message-templates';

describe('message templates', () => {
  const fill = { customerName: 'Ann' };
  const key = Object.keys(MESSAGE_TEMPLATES)[0];

  it("fill in the customer's language as the email around them picks it, region or case aside", () => {
    const finnish = composeFromTemplate(key, { ...fill, locale: 'fi' });
    expect(composeFromTemplate(key, { ...fill, locale: 'fi-FI' })).toEqual(finnish);
    expect(composeFromTemplate(key, { ...fill, locale: 'FI' })).toEqual(finnish);
    expect(composeFromTemplate(key, { ...fill, locale: 'sv' })).toEqual(
      composeFromTemplate(key, { ...fill, locale: 'en' }),
    );
    expect(finnish).not.toEqual(composeFromTemplate(key, { ...fill, locale: 'en' }));
  });

  it('answer null for a key that is no template', () => {
    expect(composeFromTemplate('toString', { ...fill, locale: 'en' })).toBeNull();
  });

  it('end with the closing words: the email adds the one signature', () => {
    for (const template of Object.keys(MESSAGE_TEMPLATES)) {
      for (const locale of ['en', 'fi']) {
        const { body } = composeFromTemplate(template, { ...fill, locale })!;
        expect(body).toMatch(/(Best regards,|Ystävällisin terveisin)$/);
        expect(body).not.toMatch(/[{}]/);
      }
    }
  });
});
