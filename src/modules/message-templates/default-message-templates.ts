import type { Locale } from '../../common/i18n/locale';
import type { MessageTemplateText } from './message-template.entity';

/**
 * The templates agents had before admins managed them (they were in code), written into an empty
 * table at start: `{name}` became `{{customer.firstName}}`. They end with the closing words only:
 * the email signs itself with the agent's and the company's names.
 */
export const DEFAULT_MESSAGE_TEMPLATES: {
  key: string;
  label: string;
  texts: Record<Locale, MessageTemplateText>;
}[] = [
  {
    key: 'apology',
    label: 'Apologise and ask what happened',
    texts: {
      en: {
        subject: 'About your feedback',
        body: 'Hello {{customer.firstName}},\n\nThank you for telling us what went wrong, and I am sorry we let you down. I would like to put it right. Could you tell me a little more about what happened?\n\nBest regards,',
      },
      fi: {
        subject: 'Palautteestasi',
        body: 'Hei {{customer.firstName}},\n\nKiitos, että kerroit, mikä meni pieleen, ja pahoittelen, että petimme odotuksesi. Haluan korjata asian. Voisitko kertoa hieman tarkemmin, mitä tapahtui?\n\nYstävällisin terveisin',
      },
    },
  },
  {
    key: 'call',
    label: 'Offer a call',
    texts: {
      en: {
        subject: 'Could we talk?',
        body: 'Hello {{customer.firstName}},\n\nThank you for your feedback. It would help to talk it through: when would suit you for a short call, and on which number?\n\nBest regards,',
      },
      fi: {
        subject: 'Voisimmeko soittaa?',
        body: 'Hei {{customer.firstName}},\n\nKiitos palautteestasi. Asia olisi helpointa käydä läpi puhelimessa: milloin sinulle sopisi lyhyt puhelu, ja mihin numeroon?\n\nYstävällisin terveisin',
      },
    },
  },
  {
    key: 'resolved',
    label: 'Say how it was put right',
    texts: {
      en: {
        subject: 'What we have done',
        body: 'Hello {{customer.firstName}},\n\nHere is what we have done about the problem you told us about:\n\n- \n\nThank you for helping us get better. How would you like us to serve you next time?\n\nBest regards,',
      },
      fi: {
        subject: 'Mitä olemme tehneet',
        body: 'Hei {{customer.firstName}},\n\nNäin olemme korjanneet kertomasi ongelman:\n\n- \n\nKiitos, että autoit meitä parantamaan. Miten haluaisit, että palvelemme sinua ensi kerralla?\n\nYstävällisin terveisin',
      },
    },
  },
];
