import type { ExploredAnswerDto } from '../responses/explorer/explorer-dtos';
import { anonymousListView, identifiedListView } from './responses-page.views';

const answer = (comment: string | null): ExploredAnswerDto => ({
  id: '6f1c6a43-8e0e-4c3c-9c55-0d7b0e2f6b1a',
  survey: 'stay',
  surveyName: 'Your stay with us',
  scale: 'nps',
  score: 7,
  band: 'mid',
  comment,
  customer: { externalId: 'crm-1', name: null },
  touchpoint: {
    type: 'hotel_stay',
    reference: 'R-1',
    occurredAt: null,
    location: 'Helsinki Airport',
    channel: null,
    staff: null,
  },
  submittedAt: '2026-12-07T10:00:00.000Z',
});

describe('the responses explorer’s views', () => {
  const now = new Date('2026-12-07T13:00:00Z');

  it('words an identified answer and cuts a long comment at a word', () => {
    const long = `${'word '.repeat(60)}end`;
    const [row, short] = identifiedListView(
      { items: [answer(long), answer('Fine.')], nextCursor: null },
      null,
      now,
    ).rows;
    expect(row).toMatchObject({
      href: '/console/responses/6f1c6a43-8e0e-4c3c-9c55-0d7b0e2f6b1a',
      customer: 'crm-1',
      score: '7 of 10',
      band: 'In between',
      touchpoint: 'Hotel stay · Helsinki Airport',
      when: { relative: '3 hours ago', absolute: '2026-12-07 10:00 UTC' },
    });
    expect(row.comment).toMatch(/^word( word)+…$/);
    expect(row.comment!.length).toBeLessThanOrEqual(241);
    expect(short.comment).toBe('Fine.');
  });

  it('says why no anonymous answer is listed, or how many match', () => {
    const none = { listed: false, count: null, items: [], nextCursor: null };
    expect(anonymousListView(none, null, null).summary).toMatch(/^Fewer than 5 anonymous/);
    expect(anonymousListView(none, null, 'touchpointType').summary).toMatch(/no touchpoint type/);
    expect(anonymousListView(none, null, 'staff').summary).toMatch(/no member of staff/);
    const some = { ...none, listed: true, count: 12 };
    expect(anonymousListView(some, null, null).summary).toBe('12 anonymous answers match.');
  });
});
