import type { UserDto, UsersService } from '../users/users.service';

/**
 * Who is told about the numbers (the weekly digest, KPI and topic alerts): the active managers
 * and admins; with `teamId`, that team's managers only (a team's target is theirs).
 */
export async function numberReaders(
  users: UsersService,
  teamId?: string | null,
): Promise<UserDto[]> {
  return (await users.listUsers()).filter(
    (user) =>
      !user.disabled &&
      (teamId
        ? user.role === 'manager' && user.team?.id === teamId
        : user.role === 'manager' || user.role === 'admin'),
  );
}
