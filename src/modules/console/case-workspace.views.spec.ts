import { relativeTime } from '../../common/i18n/relative-time';
import type { CaseDetailDto } from '../cases/cases.service';
import { conversationOf, dueView } from './case-workspace.views';

const NOW = new Date('2026-12-07T12:00:00Z');

describe('the case workspace in words', () => {
  it('says a time relative to now, in each language', () => {
    expect(relativeTime(new Date('2026-12-07T09:00:00Z'), NOW, 'en')).toBe('3 hours ago');
    expect(relativeTime(new Date('2026-12-09T12:00:00Z'), NOW, 'en')).toBe('in 2 days');
    expect(relativeTime(new Date('2026-12-07T11:59:30Z'), NOW, 'en')).toBe('now');
    expect(relativeTime(new Date('2026-12-07T09:00:00Z'), NOW, 'fi')).toBe('3 tuntia sitten');
  });

  it('says a deadline as met, due in, or overdue', () => {
    const due = (at: string, met: string | null = null) => {
      const view = dueView(at, met, NOW);
      return `${view.state}: ${view.text} ${view.time.relative}`;
    };
    expect(due('2026-12-07T15:00:00Z')).toBe('due: Due in 3 hours');
    expect(due('2026-12-06T12:00:00Z')).toBe('overdue: Overdue: was due yesterday');
    expect(due('2026-12-06T12:00:00Z', '2026-12-06T10:00:00Z')).toBe('met: Met yesterday');
  });

  it('puts emails, logged calls, notes and what was done in one conversation, oldest first', () => {
    const detail = {
      messages: [
        {
          direction: 'inbound',
          subject: 'Re: About your stay',
          body: 'Still cold.',
          at: '2026-12-07T10:00:00Z',
          delivery: null,
        },
        {
          direction: 'outbound',
          subject: 'About your stay',
          body: 'Sorry.',
          at: '2026-12-07T08:00:00Z',
          delivery: 'sent',
        },
      ],
      timeline: [
        {
          type: 'note',
          at: '2026-12-07T09:00:00Z',
          actorName: 'Anna',
          detail: 'Asked housekeeping.',
        },
        {
          type: 'contact_logged',
          at: '2026-12-07T11:00:00Z',
          actorName: 'Anna',
          detail: 'sms: Texted.',
        },
        { type: 'claimed', at: '2026-12-07T07:00:00Z', actorName: 'Anna', detail: null },
      ],
      recovery: null,
      response: null,
      resolution: null,
    } as unknown as CaseDetailDto;
    expect(
      conversationOf(detail, NOW, new Map()).map((item) => `${item.heading}: ${item.body}`),
    ).toEqual([
      'Email to the customer: Sorry.',
      'Note by Anna: Asked housekeeping.',
      'Email from the customer: Still cold.',
      'Text message logged by Anna: Texted.',
    ]);
  });
});
