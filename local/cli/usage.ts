/** `frontoffice help`: every command the CLI has today. */
export const USAGE = `Usage: frontoffice <command> [options]

Commands
  start [--memory] [--seed] [--quiet]
                          Start the local stack: HTTP API, DynamoDB Local, SES inbox, event bus.
                          --memory keeps DynamoDB in memory, --seed loads demo data once ready,
                          --quiet drops the per-request log lines.
  token --role <role> [--sub <userId>]
                          Print a dev JWT (12 h) the local API accepts.
                          Roles: admin, sales, sales_manager, marketing, service, analyst.
  seed                    Load demo accounts, contacts, consents and activities into the running stack.
  import leads <file.csv> [--concurrency <n>] [--dry-run]
                          Import leads from CSV (\`,\` or \`;\`, English or German column names) into the
                          running stack; rejected rows go to <file.csv>.rejected.csv. Exit 2 if any.
  export <resource> [--format csv|xlsx] [--out <file>] [--filter key=value]... [--delimiter ';']
                          Stream a list (contacts, accounts, leads, opportunities, tickets, orders, …)
                          with the list endpoint's filters into CSV (UTF-8 BOM) or XLSX; --api/--token
                          export from AWS. See docs/exports.md.
  redrive <queue> [--aws --stage <stage> [--region <region>]]
                          Move a queue's DLQ messages back to the queue (e.g. \`redrive erp\`):
                          locally through the running instance, on AWS with an SQS move task.
  ses-event <messageId> <delivery|open|click|bounce|complaint> [--transient] [--link <url>]
                          Make the local SES emulation report an engagement event for a sent mail
                          (message ids are in the SES inbox); campaign stats and suppressions follow.
  query "SQL" [--format table|csv|json]
                          Run SQL with DuckDB on the local lake (views \`events\`, \`dim_*\`); needs no
                          running stack. See docs/analytics.md.
  snapshot                Snapshot the changed dimension records (opportunities, campaigns, tickets,
                          contacts: ids and codes) of the running stack into the lake now.
  kpi <name> --from YYYY-MM-DD --to YYYY-MM-DD [--format table|csv|json]
                          One KPI of docs/kpis.md for [from, to) with the SQL of analytics/ on the
                          local lake; \`kpi list\` names them all.
  help                    Show this help.

Environment
  PORT (3000)  SES_PORT (8005)  DYNAMODB_PORT (8000)  SMTP_PORT (2525)
  FRONTOFFICE_DATA_DIR (.frontoffice/)  ERP_URL  HOST (127.0.0.1)

See docs/local-runtime.md.`;
