import type { ApiPropertyOptions, SchemaObject } from '@nestjs/swagger';
import { KPI_NAMES } from '../kpis';

/** A KPI's figure: null when there is nothing to count (a rate of no answers). */
export const KPI_FIGURE: SchemaObject = { type: 'number', nullable: true };

/** An object with every KPI's name as a field, each holding `value`. */
export function everyKpi(value: SchemaObject, description: string): ApiPropertyOptions {
  return {
    type: 'object',
    description,
    properties: Object.fromEntries(KPI_NAMES.map((name) => [name, value])),
    required: [...KPI_NAMES],
    selfRequired: true,
  } as ApiPropertyOptions;
}
