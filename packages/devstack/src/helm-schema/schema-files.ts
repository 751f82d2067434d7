import { join } from 'node:path';
import { REPO_ROOT } from '../services.js';
import { CHART_FEATURES, renderSchema, serviceValuesSchema, umbrellaValuesSchema } from './values-schema.js';

/** The umbrella chart installing all service charts. */
export const UMBRELLA_CHART = 'repowiki-tasks';

/** Each chart's values.schema.json: where it lives and what it must hold. */
export function helmSchemaFiles(): { chart: string; path: string; text: string }[] {
  const helm = join(REPO_ROOT, 'infra', 'helm');
  const services = Object.keys(CHART_FEATURES);
  return [
    ...Object.entries(CHART_FEATURES).map(([chart, features]) => ({
      chart,
      path: join(helm, chart, 'values.schema.json'),
      text: renderSchema(serviceValuesSchema(features)),
    })),
    {
      chart: UMBRELLA_CHART,
      path: join(helm, UMBRELLA_CHART, 'values.schema.json'),
      text: renderSchema(umbrellaValuesSchema(services)),
    },
  ];
}
