import { ApiProperty } from '@nestjs/swagger';

export class RejectedLineDto {
  @ApiProperty({ example: 7, description: 'Line of the file (the header is line 1)' })
  line: number;

  @ApiProperty({ example: 'invalid email address' })
  reason: string;
}

export class CustomerImportResultDto {
  @ApiProperty({ example: 1200 })
  created: number;

  @ApiProperty({ example: 300, description: 'Lines that updated a customer already known' })
  updated: number;

  @ApiProperty({ type: [RejectedLineDto], description: 'The first 1000 rejected lines' })
  rejected: RejectedLineDto[];

  @ApiProperty({ example: 2, description: 'All rejected lines, also those beyond the list' })
  rejectedCount: number;
}
