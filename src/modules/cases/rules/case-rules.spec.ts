import { DEFAULT_CALENDAR } from '../business-hours';
import { decide, type CaseFacts, type CaseSettings } from './case-rules';

const SURVEY = 'stay';
const facts = (overrides: Partial<CaseFacts> = {}): CaseFacts => ({
  survey: SURVEY,
  touchpointType: 'stay',
  locale: 'fi-FI',
  attributes: { tier: 'gold', visits: 3 },
  scorePriority: 2,
  ...overrides,
});
const settings = (overrides: Partial<CaseSettings> = {}): CaseSettings => ({
  calendar: DEFAULT_CALENDAR,
  routing: [],
  priorityRules: [],
  ...overrides,
});

describe('case rules', () => {
  it('leave a case unrouted at its score priority when there are none', () => {
    expect(decide(settings(), facts())).toEqual({ teamId: null, priority: 2 });
  });

  it('route by the first rule whose every condition matches', () => {
    const routing = [
      { touchpointType: 'delivery', teamId: 'logistics' },
      { survey: SURVEY, locale: 'en', teamId: 'english' },
      { survey: SURVEY, locale: 'fi', teamId: 'finnish' },
      { teamId: 'everyone-else' },
    ];
    expect(decide(settings({ routing }), facts()).teamId).toBe('finnish');
    expect(decide(settings({ routing }), facts({ locale: 'en' })).teamId).toBe('english');
    expect(decide(settings({ routing }), facts({ touchpointType: 'Delivery' })).teamId).toBe(
      'logistics',
    );
    expect(decide(settings({ routing }), facts({ locale: 'sv', survey: 'other' })).teamId).toBe(
      'everyone-else',
    );
    // "fi" is a language: it does not match "fil" (Filipino).
    expect(
      decide(settings({ routing: routing.slice(0, 3) }), facts({ locale: 'fil' })).teamId,
    ).toBeNull();
  });

  it('raise the priority on a matching attribute, never lower it', () => {
    const priorityRules = [
      { attribute: 'tier', equals: 'gold', priority: 1 },
      { attribute: 'visits', equals: '3', priority: 1 },
      { attribute: 'tier', equals: 'bronze', priority: 2 },
    ];
    expect(decide(settings({ priorityRules }), facts()).priority).toBe(1);
    expect(
      decide(settings({ priorityRules }), facts({ attributes: { tier: 'silver' } })).priority,
    ).toBe(2);
    expect(
      decide(settings({ priorityRules }), facts({ attributes: { tier: 'bronze' } })).priority,
    ).toBe(2);
    expect(
      decide(settings({ priorityRules }), facts({ attributes: { tier: { name: 'gold' } } }))
        .priority,
    ).toBe(2);
  });
});
