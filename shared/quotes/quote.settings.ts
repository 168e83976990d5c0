import * as z from 'zod';
import { percentSchema } from '#shared/platform/money.ts';
import { defineSetting } from '#shared/platform/settings.ts';

/** When a submitted quote needs a sales manager's approval. */
export const quoteApprovalSetting = defineSetting({
  name: 'quote-approval',
  description:
    'A submitted quote whose highest line discount (percent) exceeds maxDiscountWithoutApproval waits for approval by a sales manager or admin.',
  schema: z.strictObject({ maxDiscountWithoutApproval: percentSchema }),
  defaults: { maxDiscountWithoutApproval: '15' },
});
