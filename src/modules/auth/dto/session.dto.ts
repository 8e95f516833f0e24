import { ApiProperty } from '@nestjs/swagger';
import { UserDto } from '../../users/dto/user.dto';

/** Who is signed in, and the token their session's changes send as `X-CSRF-Token`. */
export class SessionDto {
  @ApiProperty({ type: UserDto })
  user: UserDto;

  @ApiProperty({ description: 'Send it as `X-CSRF-Token` with every change made in this session' })
  csrfToken: string;
}
