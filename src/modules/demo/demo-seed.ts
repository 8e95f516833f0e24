import { INestApplicationContext } from '@nestjs/common';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ApiKeysService } from '../api-keys/api-keys.service';
import { SurveysService } from '../surveys/surveys.service';
import { DEMO_SURVEY } from './demo-survey';
import { ReportRollups } from '../reports/report-rollups';
import { seedScale } from './scale-seed';
import { seedDemoTopics } from './demo-topics';
import { UserRole } from '../../common/auth/user-role';
import { UsersService } from '../users/users.service';

export interface DemoCredentials {
  users: { email: string; password: string; role: UserRole; team: string }[];
  apiKey: string;
}

/**
 * The demo's history: answers and cases over the last 60 days; enough answers that most of the
 * 20 members of staff have the leaderboard's 10 CSAT answers in the dashboard's 30 days.
 */
export const DEMO_FEEDBACK = { responses: 1500, cases: 60, days: 60 };

const DEMO_USERS: { email: string; name: string; role: UserRole; team: string }[] = [
  { email: 'admin@candor.localhost', name: 'Ada Admin', role: 'admin', team: 'Customer Care' },
  {
    email: 'manager@candor.localhost',
    name: 'Mika Manager',
    role: 'manager',
    team: 'Customer Care',
  },
  { email: 'agent@candor.localhost', name: 'Aino Agent', role: 'agent', team: 'Customer Care' },
  { email: 'billing.agent@candor.localhost', name: 'Bea Billing', role: 'agent', team: 'Billing' },
];

/** The demo survey, added to development databases that do not have it yet. */
async function seedDemoSurvey(app: INestApplicationContext): Promise<void> {
  const surveys = app.get(SurveysService);
  if (!(await surveys.surveyExists(DEMO_SURVEY.key))) {
    await surveys.createSurvey(DEMO_SURVEY);
  }
}

/**
 * First development start on embedded defaults: demo users in two teams, an API key, the demo
 * survey and two months of feedback with its cases. The secrets are kept in the data directory so
 * every later start can print them again. Never runs in production (main.ts checks).
 */
export async function seedDemoData(
  app: INestApplicationContext,
  dataDir: string,
): Promise<DemoCredentials | undefined> {
  await seedDemoSurvey(app);
  const file = join(dataDir, 'demo-credentials.json');
  const users = app.get(UsersService);
  if ((await users.countUsers()) > 0) {
    try {
      return JSON.parse(readFileSync(file, 'utf8')) as DemoCredentials;
    } catch {
      return undefined; // users were made another way; nothing of ours to show
    }
  }
  const credentials: DemoCredentials = { users: [], apiKey: '' };
  for (const demo of DEMO_USERS) {
    const { password } = await users.createUser(demo);
    credentials.users.push({ email: demo.email, password, role: demo.role, team: demo.team });
  }
  credentials.apiKey = (await app.get(ApiKeysService).createApiKey('Demo CRM')).secret;
  writeFileSync(file, JSON.stringify(credentials, null, 2), { mode: 0o600 });
  // Two months of feedback, so that the dashboard has something to show and the queue some
  // cases (a few of them overdue) before the newcomer's own answer arrives.
  await seedScale(app, { ...DEMO_FEEDBACK, agentsPerTeam: 0 });
  await app.get(ReportRollups).rebuild();
  // What the comments say and are about: the topics page and the phrases.
  await seedDemoTopics(app);
  return credentials;
}
