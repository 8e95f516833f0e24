/**
 * Every page template (`templates/pages/<name>.hbs`) and the context it is rendered with. Empty
 * here: the module that renders a page declares it, next to its view type, by declaration merging
 * (as error codes and job payloads are declared), so this file imports no module:
 *
 * ```ts
 * declare module '../../common/templates/page-contexts' {
 *   interface PageContexts {
 *     'survey-thanks': ThanksPageView;
 *   }
 * }
 * ```
 *
 * `PageRenderer.render` then takes only a declared page, with its own context type.
 * `page-contexts.spec.ts` fails when a template has no entry here or an entry has no template.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled by declaration merging
export interface PageContexts {}

export type PageName = keyof PageContexts;
