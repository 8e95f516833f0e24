import type { TouchpointView } from './dto/create-invitation.dto';
import type { Invitation } from './invitation.entity';

/**
 * An invitation's touchpoint as every read of the API shows it (the invitation, the customer 360,
 * the answers): the columns a query selects, and the object made of them.
 */

/** The touchpoint columns of the invitation `alias`, for a SELECT list. */
export function touchpointColumnsSql(alias: string): string {
  return ['type', 'reference', 'occurred_at', 'location', 'channel', 'staff_id', 'staff_name']
    .map((column) => `${alias}.touchpoint_${column}`)
    .join(', ');
}

/** A row holding those columns. */
export interface TouchpointColumns {
  touchpoint_type: string | null;
  touchpoint_reference: string | null;
  touchpoint_occurred_at: Date | null;
  touchpoint_location: string | null;
  touchpoint_channel: string | null;
  touchpoint_staff_id: string | null;
  touchpoint_staff_name: string | null;
}

/** Every field, the type null when the invitation named no touchpoint. */
export function touchpointFields(
  row: TouchpointColumns,
): Omit<TouchpointView, 'type'> & { type: string | null } {
  return {
    type: row.touchpoint_type,
    reference: row.touchpoint_reference,
    occurredAt: row.touchpoint_occurred_at?.toISOString() ?? null,
    location: row.touchpoint_location,
    channel: row.touchpoint_channel,
    staff:
      row.touchpoint_staff_id === null
        ? null
        : { externalId: row.touchpoint_staff_id, name: row.touchpoint_staff_name ?? '' },
  };
}

/** The touchpoint, or null when the invitation named none (a touchpoint always has a type). */
export function touchpointOf(row: TouchpointColumns): TouchpointView | null {
  const fields = touchpointFields(row);
  return fields.type === null ? null : { ...fields, type: fields.type };
}

/** The same, from the entity. */
export function touchpointOfInvitation(invitation: Invitation): TouchpointView | null {
  return touchpointOf({
    touchpoint_type: invitation.touchpointType,
    touchpoint_reference: invitation.touchpointReference,
    touchpoint_occurred_at: invitation.touchpointOccurredAt,
    touchpoint_location: invitation.touchpointLocation,
    touchpoint_channel: invitation.touchpointChannel,
    touchpoint_staff_id: invitation.touchpointStaffId,
    touchpoint_staff_name: invitation.touchpointStaffName,
  });
}
