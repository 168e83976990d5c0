import * as z from 'zod';

/** The longest period a report covers: two years (731 days, one leap day included). */
export const MAX_PERIOD_DAYS = 731;
const DAY_MS = 86_400_000;

export const daysFrom = (from: string, to: string): number => (Date.parse(to) - Date.parse(from)) / DAY_MS;

/** `[from, to)` in whole UTC days (docs/kpis.md): `from` inclusive, `to` exclusive. */
export const periodQuery = z
  .strictObject({
    from: z.iso.date(),
    to: z.iso.date(),
  })
  .superRefine((period, context) => {
    const days = daysFrom(period.from, period.to);
    if (days <= 0)
      context.issues.push({
        code: 'custom',
        message: 'from must lie before to.',
        path: ['to'],
        input: period.to,
      });
    if (days > MAX_PERIOD_DAYS) {
      context.issues.push({
        code: 'custom',
        message: `A period spans at most ${MAX_PERIOD_DAYS} days (two years).`,
        path: ['to'],
        input: period.to,
      });
    }
  });
export type Period = z.infer<typeof periodQuery>;

export const KPI_GROUPS = ['sales', 'marketing', 'service', 'customers'] as const;
export type KpiGroup = (typeof KPI_GROUPS)[number];

/** A cell: counts and rates are numbers (rates null over zero cases), money is decimal text. */
const cell = z.union([z.string(), z.number(), z.null()]);

/** Where a figure comes from: the list query of the records behind it (docs/reports.md, Drill-down). */
export const linkSchema = z.strictObject({
  /** The column (or `row` for the whole row) the link explains. */
  figure: z.string(),
  /** Index of the row in `rows`, or null when the link belongs to the KPI as a whole. */
  row: z.number().int().nonnegative().nullable(),
  href: z.string(),
  /** What the list cannot narrow down (e.g. it has no date filter). */
  note: z.string().nullable(),
});
export type Link = z.infer<typeof linkSchema>;

export const kpiSchema = z.strictObject({
  name: z.string(),
  group: z.enum(KPI_GROUPS),
  columns: z.array(z.string()),
  rows: z.array(z.record(z.string(), cell)),
  links: z.array(linkSchema),
});
export type Kpi = z.infer<typeof kpiSchema>;
export type KpiRow = Kpi['rows'][number];

export const kpiReportSchema = z.strictObject({
  from: z.string(),
  to: z.string(),
  /** Counters are fed by events: eventually consistent, usually seconds behind. */
  kpis: z.array(kpiSchema),
});

export const dashboardSchema = z.strictObject({
  group: z.enum(KPI_GROUPS),
  from: z.string(),
  to: z.string(),
  kpis: z.array(kpiSchema),
  /** Live operational figures from the assignment load counters: now, not of the period. */
  live: z.array(kpiSchema),
});
