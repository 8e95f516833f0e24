import type { LeaderboardDto } from '../reports/dto/breakdown-result.dto';
import { LEADERBOARD_WORDS } from './leaderboard-words';
import { leaderboardTables } from './leaderboard.views';

const PERIOD = { from: '2026-03-01T00:00:00.000Z', to: '2026-04-01T00:00:00.000Z' };

const locations: LeaderboardDto = {
  by: 'location',
  period: PERIOD,
  minAnswers: 10,
  rows: [
    {
      rank: 1,
      key: 'Turku Harbour',
      label: 'Turku Harbour',
      csatAnswers: 94,
      csatSatisfiedPct: 78.7,
      csatMean: 4.15,
      responses: 120,
    },
  ],
};
const staff: LeaderboardDto = { by: 'staff', period: PERIOD, minAnswers: 10, rows: [] };

describe('the leaderboard page in words', () => {
  it('writes the figures as English does', () => {
    const [places, people] = leaderboardTables('en', locations, staff);
    expect(places).toMatchObject({ title: 'Locations', who: 'Location' });
    expect(places.rows).toEqual([
      { rank: 1, label: 'Turku Harbour', satisfied: '78.7 %', mean: '4.15', answers: 94 },
    ]);
    expect(people).toMatchObject({
      title: 'Staff',
      rows: [],
      empty: 'No member of staff has 10 CSAT answers in this period.',
    });
  });

  it('and as Finnish does', () => {
    const [places, people] = leaderboardTables('fi', locations, staff);
    expect(places).toMatchObject({ title: 'Toimipaikat', who: 'Toimipaikka' });
    expect(places.rows[0]).toMatchObject({ satisfied: '78,7 %', mean: '4,15' });
    expect(people.empty).toBe('Yhdelläkään työntekijällä ei ole tällä jaksolla 10 CSAT-vastausta.');
    expect(LEADERBOARD_WORDS.fi.intro(1)).toContain('vähintään 1 CSAT-vastaus.');
    expect(LEADERBOARD_WORDS.en.intro(1)).toContain('at least 1 CSAT answer in');
  });
});
