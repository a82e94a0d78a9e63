import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches } from 'class-validator';

export class StartVerificationDto {
  @ApiPropertyOptional({ type: String, pattern: '^\\d{1,18}$', description: "verify up to this log position; by default, the log's head now", example: '1000' })
  @IsOptional()
  @IsString({ message: 'must be a log position, a whole number as a string' })
  @Matches(/^\d{1,18}$/, { message: 'must be a log position, a whole number as a string' })
  position?: string;
}
