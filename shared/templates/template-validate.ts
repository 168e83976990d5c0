import Handlebars from 'handlebars';
import type { FieldError } from '#shared/platform/errors.ts';
import type { TemplateKind, TemplateVariants } from './template.schema.ts';
import { RAW_SAFE_FIELDS, TEMPLATE_BLOCK_HELPERS, TEMPLATE_FIELDS } from './template-fields.ts';

type Part = 'subject' | 'html' | 'text';

const KNOWN = new Set<string>(TEMPLATE_FIELDS);
const RAW_SAFE = new Set<string>(RAW_SAFE_FIELDS);
const BLOCK_HELPERS = new Set<string>(TEMPLATE_BLOCK_HELPERS);

const at = (node: hbs.AST.Node): string => (node.loc ? ` (line ${node.loc.start.line})` : '');

/** A plain field reference (`contact.firstName`), or undefined for `this`, `../`, `@data` and literals. */
const fieldOf = (expression: hbs.AST.Expression): string | undefined => {
  if (expression.type !== 'PathExpression') return undefined;
  const path = expression as hbs.AST.PathExpression;
  const name = path.parts.join('.');
  return !path.data && path.depth === 0 && path.original === name ? name : undefined;
};

/** The problems of one part, and whether it references `{{unsubscribeUrl}}`. */
const inspect = (program: hbs.AST.Program, part: Part): { problems: string[]; unsubscribe: boolean } => {
  const problems: string[] = [];
  let unsubscribe = false;
  const checkField = (expression: hbs.AST.Expression): string | undefined => {
    const field = fieldOf(expression);
    if (!field) {
      problems.push(`Only the fields ${TEMPLATE_FIELDS.join(', ')} may be used${at(expression)}.`);
      return undefined;
    }
    if (!KNOWN.has(field)) {
      problems.push(`Unknown field "${field}"${at(expression)}; known: ${TEMPLATE_FIELDS.join(', ')}.`);
      return undefined;
    }
    return field;
  };
  const walk = (body: readonly hbs.AST.Statement[]): void => {
    for (const statement of body) {
      if (statement.type === 'ContentStatement' || statement.type === 'CommentStatement') continue;
      if (statement.type === 'MustacheStatement') {
        const mustache = statement as hbs.AST.MustacheStatement;
        if (mustache.params.length > 0 || mustache.hash?.pairs.length) {
          problems.push(
            `Helpers are not allowed${at(statement)}; use a field such as {{contact.firstName}}.`,
          );
          continue;
        }
        const field = checkField(mustache.path);
        if (field === 'unsubscribeUrl') unsubscribe = true;
        if (field && !mustache.escaped && part === 'html' && !RAW_SAFE.has(field)) {
          problems.push(
            `"${field}" must not be printed unescaped with {{{…}}}${at(statement)}; use {{${field}}} (only ${RAW_SAFE_FIELDS.join(', ')} may be).`,
          );
        }
        continue;
      }
      if (statement.type === 'BlockStatement') {
        const block = statement as hbs.AST.BlockStatement;
        const helper = fieldOf(block.path);
        const [condition, ...rest] = block.params;
        if (
          !helper ||
          !BLOCK_HELPERS.has(helper) ||
          !condition ||
          rest.length > 0 ||
          block.hash?.pairs.length
        ) {
          problems.push(
            `Only {{#if field}} and {{#unless field}} blocks are allowed${at(statement)}; found "${block.path.original}".`,
          );
          continue;
        }
        checkField(condition);
        walk(block.program?.body ?? []);
        walk(block.inverse?.body ?? []);
        continue;
      }
      // Partials, decorators and anything newer: templates are self-contained.
      problems.push(`${statement.type} is not allowed${at(statement)}.`);
    }
  };
  walk(program.body);
  return { problems, unsubscribe };
};

/**
 * Checks every variant: each part compiles (Handlebars syntax), uses only the fixed fields, prints
 * nothing unescaped in HTML but the safe fields, and a marketing template's HTML contains
 * `{{unsubscribeUrl}}`. Errors name the part, e.g. `variants.de.html`.
 */
export const validateTemplateVariants = (kind: TemplateKind, variants: TemplateVariants): FieldError[] => {
  const errors: FieldError[] = [];
  for (const language of ['de', 'en'] as const) {
    const variant = variants[language];
    if (!variant) continue;
    for (const part of ['subject', 'html', 'text'] as const) {
      const path = `variants.${language}.${part}`;
      let program: hbs.AST.Program;
      try {
        program = Handlebars.parse(variant[part]);
      } catch (error) {
        const message = (error as Error).message.split('\n')[0] ?? 'Invalid Handlebars.';
        errors.push({ path, message: `Does not compile: ${message}` });
        continue;
      }
      const { problems, unsubscribe } = inspect(program, part);
      errors.push(...problems.map((message) => ({ path, message })));
      if (kind === 'marketing' && part === 'html' && !unsubscribe) {
        errors.push({ path, message: 'A marketing template must contain {{unsubscribeUrl}} in its HTML.' });
      }
    }
  }
  return errors;
};
