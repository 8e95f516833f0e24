import type { CreateSurveyDto } from '../surveys/dto/survey.dto';

const option = (value: string, en: string, fi: string) => ({ value, label: { en, fi } });

/**
 * The survey a newcomer can send to themselves: a hotel stay, on the CSAT scale. Its one
 * free-text box is the page's own comment (a question of that kind beside it would ask twice).
 */
export const DEMO_SURVEY = {
  key: 'stay',
  name: 'Your stay with us',
  scale: 'csat5',
  questions: [
    {
      id: 'what_went_wrong',
      type: 'multiple_choice',
      label: { en: 'What could have gone better?', fi: 'Mikä olisi voinut mennä paremmin?' },
      options: [
        option('check_in', 'Check-in', 'Sisäänkirjautuminen'),
        option('room', 'The room', 'Huone'),
        option('cleanliness', 'Cleanliness', 'Siisteys'),
        option('staff', 'Staff', 'Henkilökunta'),
        option('billing', 'Billing', 'Laskutus'),
      ],
    },
  ],
  preferences: {
    contexts: [
      option('family_travel', 'Travelling with family', 'Perhematkat'),
      option('business_travel', 'Travelling for work', 'Työmatkat'),
      option('with_friends', 'With friends', 'Ystävien kanssa'),
    ],
    channels: [
      option('email', 'Email', 'Sähköposti'),
      option('phone', 'Phone', 'Puhelin'),
      option('sms', 'Text message', 'Tekstiviesti'),
    ],
    contactTimes: [
      option('morning', 'Mornings', 'Aamuisin'),
      option('daytime', 'Daytime', 'Päivisin'),
      option('evening', 'Evenings', 'Iltaisin'),
    ],
    interests: [
      option('spa', 'Spa and wellbeing', 'Kylpylä ja hyvinvointi'),
      option('dining', 'Dining', 'Ravintolat'),
      option('meetings', 'Meeting rooms', 'Kokoustilat'),
      option('kids', 'Activities for children', 'Lasten aktiviteetit'),
    ],
  },
  locales: {
    en: { emailSubject: 'How was your stay?' },
    fi: { emailSubject: 'Millainen oli vierailusi?' },
  },
} as unknown as CreateSurveyDto;
