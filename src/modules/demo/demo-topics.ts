import type { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { TopicsService, type TopicInput } from '../topics/topics.service';

/**
 * What the demo's customers say, by how they scored (csat5): the scale seed writes placeholder
 * comments, and topics and phrases need words. English and Finnish, as customers write.
 */
const DEMO_COMMENTS = {
  low: [
    'The room was dirty and the bathroom had not been cleaned.',
    'Check-in took forever, only one person at the front desk.',
    'Breakfast ran out of eggs and the coffee was cold.',
    'Very noisy room next to the lift, could not sleep.',
    'Dirty carpet and the front desk did not care.',
    'Huone oli likainen eikä kylpyhuonetta ollut siivottu.',
    'Aamiaisella ei ollut kahvia ja jono oli pitkä.',
    'Vastaanotossa jonotettiin puoli tuntia.',
    'Melua koko yön käytävältä.',
  ],
  mid: [
    'The room was fine but the carpet was dirty.',
    'Breakfast was ok, a bit crowded.',
    'Check-in was slow but the front desk staff were friendly.',
    'Ihan ok, mutta huone oli meluisa.',
  ],
  high: [
    'Spotless room and a great breakfast.',
    'Quick check-in, friendly front desk staff.',
    'Quiet room, slept well.',
    'Siisti huone ja hyvä aamiainen.',
    'Nopea sisäänkirjautuminen ja ystävällinen vastaanotto.',
  ],
};

/** Four topics a hotel would watch, with rules in both languages. */
export const DEMO_TOPICS: TopicInput[] = [
  {
    names: { en: 'Room cleanliness', fi: 'Huoneen siisteys' },
    rules: { en: ['dirty', 'clean*', 'spotless', 'carpet'], fi: ['likai*', 'siivo*', 'siisti'] },
  },
  {
    names: { en: 'Breakfast', fi: 'Aamiainen' },
    rules: { en: ['breakfast', 'coffee', 'eggs'], fi: ['aamiai*', 'kahvi*'] },
  },
  {
    names: { en: 'Check-in', fi: 'Sisäänkirjautuminen' },
    rules: {
      en: ['check-in', 'front desk', 'reception'],
      fi: ['vastaanot*', 'sisäänkirjautu*', 'jono*'],
    },
  },
  {
    names: { en: 'Noise', fi: 'Melu' },
    rules: { en: ['noisy', 'noise', 'quiet', 'sleep'], fi: ['melu*'] },
  },
];

/**
 * The demo's comments in words (each answer's comment picked by its score, the same one every
 * time for a row), then its topics: saving them asks for a retag, which the workers run, so the
 * topics page has something to show at the first start.
 */
export async function seedDemoTopics(app: INestApplicationContext): Promise<void> {
  const dataSource = app.get(DataSource);
  for (const table of ['responses', 'anonymous_responses']) {
    await dataSource.query(
      `UPDATE ${table} SET comment = (CASE WHEN score <= 2 THEN $1::text[] WHEN score = 3 THEN $2::text[]
         ELSE $3::text[] END)[1 + abs(hashtext(id::text)) % CASE WHEN score <= 2 THEN $4::int
         WHEN score = 3 THEN $5::int ELSE $6::int END]
       WHERE comment IS NOT NULL`,
      [
        DEMO_COMMENTS.low,
        DEMO_COMMENTS.mid,
        DEMO_COMMENTS.high,
        DEMO_COMMENTS.low.length,
        DEMO_COMMENTS.mid.length,
        DEMO_COMMENTS.high.length,
      ],
    );
  }
  const topics = app.get(TopicsService);
  if ((await topics.list()).length > 0) return;
  for (const topic of DEMO_TOPICS) await topics.create(topic);
}
