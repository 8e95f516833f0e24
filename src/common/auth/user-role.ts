/** What a console user may do: an admin everything, a manager their teams', an agent their queue. */
export const USER_ROLES = ['admin', 'manager', 'agent'] as const;
export type UserRole = (typeof USER_ROLES)[number];
