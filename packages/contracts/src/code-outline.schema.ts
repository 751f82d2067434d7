import { z } from 'zod';

/**
 * The code outline of a repository: its modules (packages as the language defines them),
 * each with its key public symbols, most important first, and their key public members,
 * each at its lines. warehouse-svc writes it (table `code_outlines`, one row per warehouse,
 * rewritten by every `process` and `update` that changes the wiki); minimap-svc reads it to
 * draw the mind map. Every name and path is repository text: escape it where it is shown.
 */

const LineSchema = z.int().min(1);

/** A member of a type (method, field, property, enum constant, nested type…). */
export const OutlineMemberSchema = z.object({
  name: z.string().min(1),
  /** `method`, `field`, `property`, `constructor`, `enum-member`, `class`… */
  kind: z.string().min(1),
  /** Repository-relative file (a Go method may sit in another file than its type). */
  path: z.string().min(1),
  /** First and last line of the declaration, 1-based. */
  line: LineSchema,
  endLine: LineSchema,
});
export type OutlineMember = z.infer<typeof OutlineMemberSchema>;

/** A public top-level symbol: a type (class, interface, struct…) or a function, constant… */
export const OutlineSymbolSchema = OutlineMemberSchema.extend({
  /** Most important first. */
  members: z.array(OutlineMemberSchema),
});
export type OutlineSymbol = z.infer<typeof OutlineSymbolSchema>;

export const OutlineModuleSchema = z.object({
  /** The module's folder, '' for code at the repository root. */
  key: z.string(),
  /** Its name in its language (`acme.core`, `github.com/x/y`, `com.acme`); the repository's for an unnamed root. */
  name: z.string().min(1),
  /** `Python package`, `Go package`, `Maven module`… */
  kind: z.string().min(1),
  /** A file of the module that stands for it (its entry point, else its first file). */
  anchor: z.string().min(1),
  /** Types first, most important first; then functions and values. */
  symbols: z.array(OutlineSymbolSchema),
});
export type OutlineModule = z.infer<typeof OutlineModuleSchema>;

export const CodeOutlineSchema = z.object({
  /** The commit (or `dir-…` content version) the lines refer to. */
  commit: z.string().min(1),
  /** Modules with source files, the main ones first (most public symbols; examples and benchmarks last). */
  modules: z.array(OutlineModuleSchema),
});
export type CodeOutline = z.infer<typeof CodeOutlineSchema>;
