import type { TableAction } from '../constructs/app-function.ts';
import { defineFeature } from './feature.ts';
import { bindConfiguredSes } from './mail-identity.ts';

/** Reads the ticket; records the breach in one transaction; claims the mail marker once. */
const SLA_BREACH_TABLE: readonly TableAction[] = [
  'dynamodb:GetItem',
  'dynamodb:Query',
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:ConditionCheckItem',
];

/** The SLA breach check, invoked by its one-time schedule; mails the team lead as the SES identity. */
export const slaBreachFeature = defineFeature({
  functionName: 'sla-breach',
  description: 'Front Office SLA breach: a due time passed → escalate once, mail the team lead',
  memorySize: 256,
  wire: (fn, { table }) => {
    fn.bindTable(table, SLA_BREACH_TABLE);
    bindConfiguredSes(fn);
  },
});
