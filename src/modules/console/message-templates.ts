import type { UserPrincipal } from '../../common/auth/principal';
import type { CaseDetailDto } from '../cases/cases.service';
import type { RootCauseDto } from '../cases/rules/root-causes.service';
import { firstName, type PlaceholderValues } from '../message-templates/message-placeholders';

/**
 * What a message template's placeholders read on a case page: the case's customer, its root cause
 * in words (the latest resolution's; none before one), the agent writing and the company.
 */
export function caseValues(
  detail: CaseDetailDto,
  agent: UserPrincipal,
  rootCauses: RootCauseDto[],
  companyName: string,
): PlaceholderValues {
  const resolved = detail.timeline.findLast((event) => event.type === 'resolved');
  const cause = rootCauses.find((candidate) => candidate.key === resolved?.detail);
  return {
    'customer.firstName': firstName(detail.customer?.name),
    'customer.name': detail.customer?.name ?? null,
    'case.rootCause': cause?.label ?? null,
    'agent.name': agent.name,
    'company.name': companyName,
  };
}

/** What the admin page's preview fills in: a made-up customer and case, and the admin. */
export function sampleValues(admin: UserPrincipal, companyName: string): PlaceholderValues {
  return {
    'customer.firstName': 'Maria',
    'customer.name': 'Maria Virtanen',
    'case.rootCause': 'Product quality',
    'agent.name': admin.name,
    'company.name': companyName,
  };
}
