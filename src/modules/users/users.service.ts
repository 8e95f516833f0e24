import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomBytes } from 'node:crypto';
import { Repository } from 'typeorm';
import { isUniqueViolation } from '../../common/database/postgres-errors';
import { returningRows } from '../../common/database/returning-rows';
import { normaliseEmail } from '../../common/validation/email';
import { hashPassword } from './password-hasher';
import { Team } from './team.entity';
import { User } from './user.entity';
import { UserRole } from '../../common/auth/user-role';
import { emailTaken } from './users.errors';
import { endSessionsOf } from '../auth/session-ends';
import { UserDto } from './dto/user.dto';

export interface NewUser {
  email: string;
  name: string;
  role: UserRole;
  /** Team name; created when it does not exist yet. */
  team?: string;
  /** Generated (and returned) when absent. */
  password?: string;
}

export { UserDto };

export const toUserDto = (user: User): UserDto => ({
  id: user.id,
  email: user.email,
  name: user.name,
  role: user.role,
  team: user.team ? { id: user.team.id, name: user.team.name } : null,
});

@Injectable()
export class UsersService {
  constructor(
    @InjectRepository(User) private readonly users: Repository<User>,
    @InjectRepository(Team) private readonly teams: Repository<Team>,
  ) {}

  /** Creates a user and returns it with the password it can sign in with. */
  async createUser(input: NewUser): Promise<{ user: User; password: string }> {
    const password = input.password ?? randomBytes(12).toString('base64url');
    const team = input.team ? await this.findOrCreateTeam(input.team) : null;
    try {
      const user = await this.users.save(
        this.users.create({
          email: normaliseEmail(input.email),
          name: input.name.trim(),
          role: input.role,
          teamId: team?.id ?? null,
          passwordHash: await hashPassword(password),
        }),
      );
      user.team = team;
      return { user, password };
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw emailTaken();
      }
      throw error;
    }
  }

  findActiveByEmail(email: string): Promise<User | null> {
    return this.users
      .findOne({ where: { email: normaliseEmail(email) }, relations: { team: true } })
      .then((user) => (user && !user.disabledAt ? user : null));
  }

  findActiveById(id: string): Promise<User | null> {
    return this.users
      .findOne({ where: { id }, relations: { team: true } })
      .then((user) => (user && !user.disabledAt ? user : null));
  }

  /**
   * Who a session signs in, while active: what a request's principal holds, in one indexed read
   * (findActiveById joins the team too, two statements; this runs on every signed-in request).
   */
  async findActiveSignIn(
    id: string,
  ): Promise<Pick<User, 'id' | 'name' | 'role' | 'teamId'> | null> {
    const [row] = await this.users.query<Pick<User, 'id' | 'name' | 'role' | 'teamId'>[]>(
      `SELECT id, name, role, team_id AS "teamId" FROM users WHERE id = $1 AND disabled_at IS NULL`,
      [id],
    );
    return row ?? null;
  }

  countUsers(): Promise<number> {
    return this.users.count();
  }

  /**
   * Disables a person (they can no longer sign in, and the sessions they have end) or enables
   * them again. False when there is no such person.
   */
  async setDisabled(id: string, disabled: boolean): Promise<boolean> {
    return this.users.manager.transaction(async (manager) => {
      const changed = await returningRows(
        manager,
        `UPDATE users SET disabled_at = CASE WHEN $2 THEN coalesce(disabled_at, now()) END
         WHERE id = $1 RETURNING id`,
        [id, disabled],
      );
      if (disabled) await endSessionsOf(manager, id);
      return changed.length === 1;
    });
  }

  /** Everyone with a console account, by name (a small list: staff, not customers). */
  async listUsers(): Promise<(UserDto & { disabled: boolean })[]> {
    const users = await this.users.find({ relations: { team: true }, order: { name: 'ASC' } });
    return users.map((user) => ({ ...toUserDto(user), disabled: user.disabledAt !== null }));
  }

  /**
   * Who may own a case of `teamId`, by name: its team's active agents and managers, or everyone's
   * for a case not routed to a team (the colleagues a case can be assigned to).
   */
  caseOwners(teamId: string | null): Promise<{ id: string; name: string }[]> {
    return this.users.query(
      `SELECT id, name FROM users WHERE role IN ('agent', 'manager') AND disabled_at IS NULL
         AND ($1::uuid IS NULL OR team_id = $1) ORDER BY name, id`,
      [teamId],
    );
  }

  /** Teams by name, with how many active people each has. */
  listTeams(): Promise<{ id: string; name: string; members: number }[]> {
    return this.teams.query(
      `SELECT t.id, t.name, count(u.id) FILTER (WHERE u.disabled_at IS NULL)::int AS members
       FROM teams t LEFT JOIN users u ON u.team_id = t.id GROUP BY t.id ORDER BY t.name`,
    );
  }

  private async findOrCreateTeam(name: string): Promise<Team> {
    await this.teams
      .createQueryBuilder()
      .insert()
      .values({ name: name.trim() })
      .orIgnore()
      .execute();
    return this.teams.findOneByOrFail({ name: name.trim() });
  }
}
