import type { CaseStatus } from './case-states';
import type { CaseSource } from './follow-up-case.entity';

/** A case as the API shows it. */
export interface CaseDto {
  id: string;
  status: CaseStatus;
  source: CaseSource;
  priority: number;
  teamId: string | null;
  assigneeId: string | null;
  invitationId: string;
  /** Both null once the customer is erased (`erasedAt`). */
  customer: { externalId: string | null; name: string | null };
  /** The CRM's ticket id for this case, when a CRM set one (`PATCH /api/v1/cases/{id}`). */
  externalRef: string | null;
  firstContactDueAt: string;
  resolutionDueAt: string;
  /** When a deadline first passed with the case still open; null while none has. */
  overdueAt: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
  /** When its customer was erased: the case is kept, de-identified, and can no longer change. */
  erasedAt: string | null;
}

/** The columns of a case row: the case `c` joined (left, for an erased one) to its customer `cu`. */
export const CASE_COLUMNS = `c.id, c.status, c.source, c.priority, c.team_id, c.assignee_id, c.invitation_id,
  c.first_contact_due_at, c.resolution_due_at, c.overdue_at, c.version, c.created_at, c.updated_at,
  c.erased_at, c.external_ref, cu.external_id, cu.name`;

/** A row selected with CASE_COLUMNS. */
export interface CaseRow {
  id: string;
  status: CaseStatus;
  source: CaseSource;
  priority: number;
  team_id: string | null;
  assignee_id: string | null;
  invitation_id: string;
  first_contact_due_at: Date;
  resolution_due_at: Date;
  overdue_at: Date | null;
  version: number;
  created_at: Date;
  updated_at: Date;
  erased_at: Date | null;
  external_ref: string | null;
  /** Null once the customer is erased. */
  external_id: string | null;
  name: string | null;
}

export function toCaseDto(row: CaseRow): CaseDto {
  return {
    id: row.id,
    status: row.status,
    source: row.source,
    priority: row.priority,
    teamId: row.team_id,
    assigneeId: row.assignee_id,
    invitationId: row.invitation_id,
    customer: { externalId: row.external_id, name: row.name },
    externalRef: row.external_ref,
    firstContactDueAt: row.first_contact_due_at.toISOString(),
    resolutionDueAt: row.resolution_due_at.toISOString(),
    overdueAt: row.overdue_at?.toISOString() ?? null,
    version: row.version,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    erasedAt: row.erased_at?.toISOString() ?? null,
  };
}
