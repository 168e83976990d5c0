import { defineFeatureApi, defineOperation } from '#shared/platform/http/operation.ts';
import type { Role } from '#shared/platform/roles.ts';
import { dashboardSchema, kpiReportSchema, periodQuery } from './report.schema.ts';

/**
 * Reports are management views: not for the `sales` role (reps see their own records and the
 * pipeline); each dashboard also for the role whose work it measures; analysts read everything.
 */
export const REPORT_READERS: readonly Role[] = ['admin', 'sales_manager', 'marketing', 'service', 'analyst'];
const SALES_REPORT_READERS: readonly Role[] = ['admin', 'sales_manager', 'analyst'];
const MARKETING_REPORT_READERS: readonly Role[] = ['admin', 'marketing', 'analyst'];
const SERVICE_REPORT_READERS: readonly Role[] = ['admin', 'service', 'analyst'];
const CUSTOMER_REPORT_READERS: readonly Role[] = ['admin', 'sales_manager', 'marketing', 'analyst'];

const dashboardOperation = (group: string, roles: readonly Role[]) =>
  defineOperation({
    method: 'GET',
    path: `/v1/reports/dashboards/${group}`,
    summary: `The ${group} KPIs of docs/kpis.md for [from, to), from counters, each figure with its drill-down links.`,
    tag: 'reports',
    access: { roles },
    query: periodQuery,
    response: dashboardSchema,
    status: 200,
  });

/** Dashboards API (issue 6): KPIs answered from counters the report aggregator keeps (docs/reports.md). */
export const reportsApi = defineFeatureApi({
  functionName: 'reports',
  operations: {
    getKpis: defineOperation({
      method: 'GET',
      path: '/v1/reports/kpis',
      summary: 'Every KPI of docs/kpis.md for [from, to) (UTC dates, at most two years), from counters.',
      tag: 'reports',
      access: { roles: REPORT_READERS },
      query: periodQuery,
      response: kpiReportSchema,
      status: 200,
    }),
    getSalesDashboard: dashboardOperation('sales', SALES_REPORT_READERS),
    getMarketingDashboard: dashboardOperation('marketing', MARKETING_REPORT_READERS),
    getServiceDashboard: dashboardOperation('service', SERVICE_REPORT_READERS),
    getCustomersDashboard: dashboardOperation('customers', CUSTOMER_REPORT_READERS),
  },
});
