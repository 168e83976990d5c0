import { createHttpHandler } from '#shared/platform/http/http-handler.ts';
import { reportsApi } from '#shared/reports/report.api.ts';
import { allKpis, dashboard } from '#shared/reports/report.service.ts';

/** Lambda entry for /v1/reports: reads counters only (no Scan, no Athena). */
export const { handle, handler } = createHttpHandler(reportsApi, {
  getKpis: async ({ query }) => ({ body: await allKpis(query) }),
  getSalesDashboard: async ({ query }) => ({ body: await dashboard('sales', query) }),
  getMarketingDashboard: async ({ query }) => ({ body: await dashboard('marketing', query) }),
  getServiceDashboard: async ({ query }) => ({ body: await dashboard('service', query) }),
  getCustomersDashboard: async ({ query }) => ({ body: await dashboard('customers', query) }),
});
