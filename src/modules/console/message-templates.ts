import { localeFor, type Locale } from '../../common/i18n/locale';

/**
 * Starting points for an agent's email to a customer, in the customer's language. `{name}` is
 * the customer's name (or nothing); the agent edits the result before sending. They end with the
 * closing words only: the email signs itself with the agent's and the company's names.
 */
interface MessageTemplate {
  label: string;
  subject: Record<Locale, string>;
  body: Record<Locale, string>;
}

export const MESSAGE_TEMPLATES: Record<string, MessageTemplate> = {
  apology: {
    label: 'Apologise and ask what happened',
    subject: { en: 'About your feedback', fi: 'Palautteestasi' },
    body: {
      en: 'Hello{name},\n\nThank you for telling us what went wrong, and I am sorry we let you down. I would like to put it right. Could you tell me a little more about what happened?\n\nBest regards,',
      fi: 'Hei{name},\n\nKiitos, että kerroit, mikä meni pieleen, ja pahoittelen, että petimme odotuksesi. Haluan korjata asian. Voisitko kertoa hieman tarkemmin, mitä tapahtui?\n\nYstävällisin terveisin',
    },
  },
  call: {
    label: 'Offer a call',
    subject: { en: 'Could we talk?', fi: 'Voisimmeko soittaa?' },
    body: {
      en: 'Hello{name},\n\nThank you for your feedback. It would help to talk it through: when would suit you for a short call, and on which number?\n\nBest regards,',
      fi: 'Hei{name},\n\nKiitos palautteestasi. Asia olisi helpointa käydä läpi puhelimessa: milloin sinulle sopisi lyhyt puhelu, ja mihin numeroon?\n\nYstävällisin terveisin',
    },
  },
  resolved: {
    label: 'Say how it was put right',
    subject: { en: 'What we have done', fi: 'Mitä olemme tehneet' },
    body: {
      en: 'Hello{name},\n\nHere is what we have done about the problem you told us about:\n\n- \n\nThank you for helping us get better. How would you like us to serve you next time?\n\nBest regards,',
      fi: 'Hei{name},\n\nNäin olemme korjanneet kertomasi ongelman:\n\n- \n\nKiitos, että autoit meitä parantamaan. Miten haluaisit, että palvelemme sinua ensi kerralla?\n\nYstävällisin terveisin',
    },
  },
};

/** The template filled in, or null for an unknown key. */
export function composeFromTemplate(
  key: unknown,
  fill: { locale: string; customerName: string | null },
): { subject: string; body: string } | null {
  if (typeof key !== 'string' || !Object.hasOwn(MESSAGE_TEMPLATES, key)) return null;
  const template = MESSAGE_TEMPLATES[key];
  // The language of the email around it: "fi-FI" reads Finnish in both.
  const locale = localeFor(fill.locale);
  const body = template.body[locale].replace(
    '{name}',
    fill.customerName ? ` ${fill.customerName}` : '',
  );
  return { subject: template.subject[locale], body };
}
