import { queryAll } from '#shared/platform/db/table.ts';
import { closeDateQuery, cursorAfter, opportunityFromItem, stageCardsQuery } from './opportunity.entity.ts';
import { FigureSum, forecastKey, forecastProbability, sortForecastKeys } from './opportunity.figures.ts';
import type { Forecast, ForecastQuery, Pipeline, PipelineQuery } from './opportunity.schema.ts';
import { configuredStages } from './opportunity.service.ts';

/** Items per Query request while adding up a whole stage or date range (DynamoDB stops at 1 MB anyway). */
const PAGE = 1000;

/**
 * The board: per configured stage, in board order, the count and per-currency sum and weighted sum
 * of all its opportunities and the first `limit` cards in Kanban order. One Query (or a few pages)
 * per stage, the stages in parallel; docs/data-model.md gives the cost.
 */
export const pipeline = async (query: PipelineQuery): Promise<Pipeline> => {
  const stages = await configuredStages();
  const columns = await Promise.all(
    stages.map(async (stage) => {
      const items = await queryAll((cursor) =>
        stageCardsQuery(stage.name, query.ownerId, { limit: PAGE, cursor }),
      );
      const figures = new FigureSum();
      const opportunities = items.map(opportunityFromItem);
      for (const opportunity of opportunities) figures.add(opportunity.amount, opportunity.probability);
      const last = items[query.limit - 1];
      return {
        stage: stage.name,
        probability: stage.probability,
        count: figures.count,
        sums: figures.sums(),
        items: opportunities.slice(0, query.limit),
        nextCursor:
          items.length > query.limit && last ? cursorAfter(last, query.ownerId ? 'gsi2' : 'gsi4') : null,
      };
    }),
  );
  return { ownerId: query.ownerId ?? null, stages: columns };
};

/**
 * The forecast: open and won opportunities expected to close in [from, to], grouped by owner, stage
 * or month, with count, sum and weighted sum per currency (won weighs 100 %, lost is left out).
 * One Query on the close-date listing (gsi5), paged.
 */
export const forecast = async (query: ForecastQuery): Promise<Forecast> => {
  const stages = await configuredStages();
  const items = await queryAll((cursor) => closeDateQuery(query.from, query.to, { limit: PAGE, cursor }));
  const groups = new Map<string | null, FigureSum>();
  for (const opportunity of items.map(opportunityFromItem)) {
    if (opportunity.stage === 'closed_lost') continue;
    const key = forecastKey(opportunity, query.groupBy);
    const figures = groups.get(key) ?? new FigureSum();
    figures.add(opportunity.amount, forecastProbability(opportunity));
    groups.set(key, figures);
  }
  const keys = sortForecastKeys(
    [...groups.keys()],
    query.groupBy,
    stages.map((stage) => stage.name),
  );
  return {
    from: query.from,
    to: query.to,
    groupBy: query.groupBy,
    groups: keys.map((key) => {
      const figures = groups.get(key) ?? new FigureSum();
      return { key, count: figures.count, sums: figures.sums() };
    }),
  };
};
