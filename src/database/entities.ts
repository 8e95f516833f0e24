import { RateLimitCounter } from '../common/rate-limit/rate-limit-counter.entity';
import { ApiKey } from '../modules/api-keys/api-key.entity';
import { AuditEvent } from '../modules/audit/audit-event.entity';
import { CaseEvent } from '../modules/cases/case-event.entity';
import { CaseMessage } from '../modules/cases/case-message.entity';
import { CaseEscalation } from '../modules/cases/escalation/case-escalation.entity';
import { CaseRecovery } from '../modules/cases/recovery/case-recovery.entity';
import { CaseSettingsRow } from '../modules/cases/rules/case-settings.entity';
import { FollowUpCase } from '../modules/cases/follow-up-case.entity';
import { RootCause } from '../modules/cases/root-cause.entity';
import { UnmatchedInboundMail } from '../modules/cases/unmatched-inbound-mail.entity';
import { ConsentEvent } from '../modules/consent/consent-event.entity';
import { ConsentText } from '../modules/consent/consent-text.entity';
import { Session } from '../modules/auth/session.entity';
import { Customer } from '../modules/customers/customer.entity';
import { EmailMessage } from '../modules/email/email-message.entity';
import { MessageTemplate } from '../modules/message-templates/message-template.entity';
import { Notification } from '../modules/notifications/notification.entity';
import { KpiAlertState } from '../modules/notifications/kpi-alert-state.entity';
import { NotificationSettingsRow } from '../modules/notifications/notification-settings.entity';
import { InvitationEvent } from '../modules/invitations/invitation-event.entity';
import { KpiTarget } from '../modules/reports/kpi-target.entity';
import { Invitation } from '../modules/invitations/invitation.entity';
import { AnonymousResponseInbox } from '../modules/responses/anonymous-response-inbox.entity';
import { AnonymousResponse } from '../modules/responses/anonymous-response.entity';
import { PreferenceProfile } from '../modules/responses/preference-profile.entity';
import { SurveyResponse } from '../modules/responses/response.entity';
import { Suppression } from '../modules/suppressions/suppression.entity';
import { SurveyVersion } from '../modules/surveys/survey-version.entity';
import { Survey } from '../modules/surveys/survey.entity';
import { Team } from '../modules/users/team.entity';
import { User } from '../modules/users/user.entity';
import { CommentTopic } from '../modules/topics/comment-topic.entity';
import { TopicRetagRun } from '../modules/topics/topic-retag.entity';
import { TopicRule } from '../modules/topics/topic-rule.entity';
import { Topic } from '../modules/topics/topic.entity';

/** Every entity, listed once for the runtime data source, the migration CLI and the tests. */
import { WebhookEndpoint } from '../modules/webhooks/webhook-endpoint.entity';
export const ENTITIES = [
  Team,
  User,
  Session,
  ApiKey,
  RateLimitCounter,
  Customer,
  Survey,
  SurveyVersion,
  Invitation,
  InvitationEvent,
  EmailMessage,
  Suppression,
  ConsentText,
  ConsentEvent,
  SurveyResponse,
  AnonymousResponse,
  AnonymousResponseInbox,
  PreferenceProfile,
  RootCause,
  FollowUpCase,
  CaseEvent,
  CaseMessage,
  CaseRecovery,
  CaseEscalation,
  CaseSettingsRow,
  UnmatchedInboundMail,
  MessageTemplate,
  AuditEvent,
  NotificationSettingsRow,
  Notification,
  KpiAlertState,
  KpiTarget,
  Topic,
  TopicRule,
  CommentTopic,
  TopicRetagRun,
  WebhookEndpoint,
];
