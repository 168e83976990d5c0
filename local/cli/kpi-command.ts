import { parseArgs } from 'node:util';
import { isKpiName, KPI_NAMES } from '#shared/analytics/kpi-names.ts';
import { formatResult } from '#shared/analytics/result-format.ts';
import { UserFacingError } from '../config.ts';
import { parseFormatOption } from './format-option.ts';
import { withLocalLake } from './local-lake.ts';

const USAGE = 'Usage: frontoffice kpi <name> --from YYYY-MM-DD --to YYYY-MM-DD [--format table|csv|json]';

/**
 * `frontoffice kpi <name> --from --to [--format]`: one KPI of docs/kpis.md for the period
 * `[from, to)`, computed by the SQL in `analytics/` with DuckDB over the local lake
 * (`<FRONTOFFICE_DATA_DIR>/lake`). Needs no running stack. Without a name it lists the KPIs.
 */
export const kpiCommand = async (
  args: string[],
  out: (text: string) => void = (text) => process.stdout.write(text),
): Promise<number> => {
  const { values, positionals } = parseArgs({
    args,
    options: { from: { type: 'string' }, to: { type: 'string' }, format: { type: 'string' } },
    strict: true,
    allowPositionals: true,
  });
  const [name, ...extra] = positionals;
  if (!name || name === 'list') {
    out(`${USAGE}\n\nKPIs (docs/kpis.md):\n${KPI_NAMES.map((kpi) => `  ${kpi}`).join('\n')}\n`);
    return name ? 0 : 1;
  }
  if (extra.length > 0) throw new UserFacingError(USAGE);
  if (!isKpiName(name)) {
    throw new UserFacingError(`Unknown KPI "${name}": one of ${KPI_NAMES.join(', ')}.`);
  }
  if (!values.from || !values.to) throw new UserFacingError(USAGE);
  const format = parseFormatOption(values.format);
  const period = { from: values.from, to: values.to };
  // The runner and DuckDB (a native module) load only when this command runs.
  const { KpiInputError, periodLiterals, prepareKpiViews, runKpi } = await import('#shared/analytics/kpi.ts');
  try {
    periodLiterals(period);
  } catch (error) {
    if (error instanceof KpiInputError) throw new UserFacingError(error.message);
    throw error;
  }
  return withLocalLake(async (lake) => {
    await prepareKpiViews(lake);
    out(formatResult(await runKpi(lake, name, period), format));
    return 0;
  });
};
