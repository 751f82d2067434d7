/**
 * Top-level folders whose code shows how to use a project rather than being it: examples,
 * samples, demos, benchmarks, docs code. Their modules still get pages; the Overview and the
 * code outline put the project's own modules first. Only the top level: a package deeper
 * down that is called `demo` is the project's own.
 */
const AUXILIARY = /^(examples?|samples?|demos?|benchmarks?|bench(es)?|docs?)(\/|$)/;

export const isAuxiliary = (path: string): boolean => AUXILIARY.test(path);
