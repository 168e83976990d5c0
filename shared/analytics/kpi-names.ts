/**
 * The KPIs of PRODUCT.md section 7 as docs/kpis.md defines them, in its order. Each has a view
 * (`analytics/views/<name>.sql`, `kpi_<name_with_underscores>`) and a period query
 * (`analytics/kpis/<name>.sql`); no imports, so tests and the CLI can list them cheaply.
 */
export const KPI_NAMES = [
  'leads-per-source',
  'lead-conversion',
  'win-rate',
  'sales-cycle',
  'revenue-per-rep',
  'lost-reasons',
  'cost-per-lead',
  'campaign-roi',
  'email-engagement',
  'unsubscribe-rate',
  'first-contact-resolution',
  'handling-time',
  'sla-attainment',
  'csat',
  'nps',
  'new-customers',
  'churn-rate',
  'customer-value',
] as const;

export type KpiName = (typeof KPI_NAMES)[number];

export const isKpiName = (value: string): value is KpiName =>
  (KPI_NAMES as readonly string[]).includes(value);

/** The view a KPI's period query reads: `kpi_` + the name with underscores. */
export const kpiViewName = (name: KpiName): string => `kpi_${name.replaceAll('-', '_')}`;
