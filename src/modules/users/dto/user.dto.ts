import { ApiProperty } from '@nestjs/swagger';
import { USER_ROLES, type UserRole } from '../../../common/auth/user-role';

export class TeamRefDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 'Customer Care' })
  name: string;
}

/** A person signed in to the console. */
export class UserDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 'anna@example.com' })
  email: string;

  @ApiProperty({ example: 'Anna Agent' })
  name: string;

  @ApiProperty({ enum: USER_ROLES })
  role: UserRole;

  @ApiProperty({ type: TeamRefDto, nullable: true })
  team: TeamRefDto | null;
}
