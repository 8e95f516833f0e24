import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';

export class CalendarDto {
  @ApiProperty({ example: 'Europe/Helsinki' })
  @IsString({ message: 'must be an IANA time zone such as Europe/Helsinki' })
  @Length(1, 64, { message: 'must be an IANA time zone such as Europe/Helsinki' })
  timeZone: string;

  @ApiProperty({
    type: [Number],
    example: [1, 2, 3, 4, 5],
    description: 'ISO weekdays: 1 = Monday … 7 = Sunday',
  })
  @IsArray({ message: 'must be a list of weekdays, 1 (Monday) to 7 (Sunday)' })
  @ArrayUnique({ message: 'must not repeat a weekday' })
  @IsInt({ each: true, message: 'must be a list of weekdays, 1 (Monday) to 7 (Sunday)' })
  @Min(1, { each: true, message: 'must be a list of weekdays, 1 (Monday) to 7 (Sunday)' })
  @Max(7, { each: true, message: 'must be a list of weekdays, 1 (Monday) to 7 (Sunday)' })
  weekdays: number[];

  @ApiProperty({ example: '08:00' })
  @Matches(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'must be a time such as 08:00' })
  opensAt: string;

  @ApiProperty({ example: '16:00', description: '24:00 for the end of the day' })
  @Matches(/^(([01]\d|2[0-3]):[0-5]\d|24:00)$/, { message: 'must be a time such as 16:00' })
  closesAt: string;

  @ApiProperty({ type: [String], example: ['2026-12-24', '2026-12-25'] })
  @IsArray({ message: 'must be a list of dates such as 2026-12-24' })
  @ArrayMaxSize(400, { message: 'must have at most 400 dates' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { each: true, message: 'must be dates such as 2026-12-24' })
  holidays: string[];
}

export class RoutingRuleDto {
  @ApiPropertyOptional({ example: 'stay', description: "A survey's key" })
  @IsOptional()
  @IsString({ message: "must be a survey's key" })
  @Length(1, 64, { message: "must be a survey's key" })
  survey?: string;

  @ApiPropertyOptional({ example: 'stay' })
  @IsOptional()
  @IsString({ message: 'must be text' })
  @Length(1, 64, { message: 'must be 1 to 64 characters' })
  touchpointType?: string;

  @ApiPropertyOptional({ example: 'fi' })
  @IsOptional()
  @Matches(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$/, {
    message: 'must be a language such as fi or fi-FI',
  })
  locale?: string;

  @ApiProperty()
  @IsUUID('all', { message: 'must be a team id' })
  teamId: string;
}

export class PriorityRuleDto {
  @ApiProperty({ example: 'tier' })
  @IsString({ message: 'must be text' })
  @Length(1, 64, { message: 'must be 1 to 64 characters' })
  attribute: string;

  @ApiProperty({ example: 'gold' })
  @IsString({ message: 'must be text' })
  @Length(1, 200, { message: 'must be 1 to 200 characters' })
  equals: string;

  @ApiProperty({ example: 1, description: '1 (the most urgent) or 2: a rule only raises urgency' })
  @IsIn([1, 2], { message: 'must be 1 or 2' })
  priority: number;
}

export class CaseSettingsDto {
  @ApiProperty({ type: CalendarDto })
  @ValidateNested()
  @Type(() => CalendarDto)
  calendar: CalendarDto;

  @ApiProperty({ type: [RoutingRuleDto], description: 'The first matching rule wins' })
  @IsArray({ message: 'must be a list' })
  @ArrayMaxSize(100, { message: 'must have at most 100 rules' })
  @ValidateNested({ each: true })
  @Type(() => RoutingRuleDto)
  routing: RoutingRuleDto[];

  @ApiProperty({ type: [PriorityRuleDto] })
  @IsArray({ message: 'must be a list' })
  @ArrayMaxSize(100, { message: 'must have at most 100 rules' })
  @ValidateNested({ each: true })
  @Type(() => PriorityRuleDto)
  priorityRules: PriorityRuleDto[];
}
