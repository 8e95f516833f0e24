/** The administration's pages, each reachable by a GET. */
export const ADMIN_PAGES = [
  '/console/admin',
  '/console/admin/users',
  '/console/admin/api-keys',
  '/console/admin/surveys',
  '/console/admin/surveys/stay',
  '/console/admin/new-survey',
  '/console/admin/surveys/stay/edit',
  '/console/admin/case-settings',
  '/console/admin/root-causes',
  '/console/admin/audit',
  '/console/admin/inbound-mail',
  '/console/admin/message-templates',
  '/console/admin/message-templates/new',
  '/console/admin/message-templates/apology',
  '/console/admin/topics',
  '/console/admin/topics/new',
];

/**
 * Every console page an admin reaches by a GET, around one case, its customer and the answer it
 * follows up (`responseId`, when given: its reading view in the responses explorer).
 */
export function consolePages(caseId: string, externalId: string, responseId?: string): string[] {
  return [
    '/console',
    '/console/cases',
    `/console/cases/${caseId}`,
    `/console/cases/${caseId}?template=apology`,
    `/console/customers/${externalId}`,
    `/console/customers?q=${externalId}`,
    '/console/notifications',
    '/console/settings',
    '/console/cases/list?overdue=false',
    '/console/cases?view=recently_closed',
    '/console/cases?q=room',
    '/console/dashboard',
    '/console/dashboard/targets',
    '/console/reports/questions',
    '/console/reports/questions?survey=stay&touchpointType=stay',
    '/console/topics',
    '/console/leaderboard',
    '/console/responses',
    '/console/responses?q=room&band=low&hasComment=true',
    ...(responseId ? [`/console/responses/${responseId}`] : []),
    ...ADMIN_PAGES,
  ];
}
