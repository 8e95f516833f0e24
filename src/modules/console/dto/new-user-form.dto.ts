import { IsEmail, IsIn, IsOptional, IsString, Length } from 'class-validator';
import { USER_ROLES, type UserRole } from '../../../common/auth/user-role';

/** The console's "add a person" form. */
export class NewUserForm {
  @IsString({ message: 'must be text' })
  @Length(1, 200, { message: 'must be 1 to 200 characters' })
  name: string;

  @IsEmail({}, { message: 'must be an email address' })
  email: string;

  @IsIn(USER_ROLES, { message: `must be one of ${USER_ROLES.join(', ')}` })
  role: UserRole;

  @IsOptional()
  @IsString({ message: 'must be text' })
  @Length(0, 100, { message: 'must be at most 100 characters' })
  team?: string;
}
