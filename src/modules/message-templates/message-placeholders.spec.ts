import {
  fillPlaceholders,
  firstName,
  placeholderList,
  placeholderProblem,
} from './message-placeholders';

describe('message template placeholders', () => {
  it('fill in the known ones, spaces inside the braces allowed', () => {
    expect(
      fillPlaceholders('Hello {{customer.firstName}}, about {{ case.rootCause }}: {{agent.name}}', {
        'customer.firstName': 'Ann',
        'case.rootCause': 'Billing',
        'agent.name': 'Mia',
      }),
    ).toBe('Hello Ann, about Billing: Mia');
  });

  it('leave nothing for a missing value, taking the space before it along', () => {
    expect(fillPlaceholders('Hello {{customer.firstName}},\n\nBye', {})).toBe('Hello,\n\nBye');
    expect(fillPlaceholders('Hei {{customer.firstName}}!', { 'customer.firstName': '  ' })).toBe(
      'Hei!',
    );
    expect(fillPlaceholders('{{company.name}}\nHi', { 'company.name': null })).toBe('\nHi');
  });

  it('accept known and well-formed placeholders and plain text with single braces of prose', () => {
    expect(
      placeholderProblem('Hello {{customer.firstName}} from {{company.name}}', 'x'),
    ).toBeNull();
    expect(placeholderProblem('Set {a: 1} aside', 'x')).toBeNull();
  });

  it('refuse an unknown placeholder with a sentence naming it and the known ones', () => {
    expect(placeholderProblem('Hello {{customer.age}}', 'the Finnish message')).toBe(
      `The Finnish message uses “{{customer.age}}”, which is not a placeholder Candor can fill in: use ${placeholderList()}.`,
    );
    expect(placeholderProblem('Hello {{}}', 'the subject')).toMatch(/^The subject uses “\{\{\}\}”/);
  });

  it('refuse broken braces, naming where', () => {
    expect(placeholderProblem('Hello {{customer.firstName},\nthanks', 'the English message')).toBe(
      'The English message has broken braces at “{{customer.firstName},”: write a placeholder with two braces on each side, as {{customer.firstName}}.',
    );
    expect(placeholderProblem('Hello customer.firstName}}', 'x')).toMatch(/at “}}”/);
    expect(placeholderProblem('Hello {customer.firstName},', 'x')).toMatch(
      /at “\{customer\.firstName\},”/,
    );
  });

  it('take the first name from a full name', () => {
    expect(firstName(' Ann  Marie Smith')).toBe('Ann');
    expect(firstName(null)).toBeNull();
    expect(firstName('  ')).toBeNull();
  });
});
