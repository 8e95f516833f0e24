import { Injectable } from '@nestjs/common';

@Injectable()
export class ReportRollups {
  async refresh(): Promise<void> {}
}
