/** Values the global setup provides to every test file (`inject('natsUrl')`). */
declare module 'vitest' {
  export interface ProvidedContext {
    natsUrl: string;
    adminDatabaseUrl: string;
    templateDatabase: string;
    runId: string;
    /**
     * 4 hex digits that start every `uniqueName()` of this run, so the run deletes its own test
     * streams on a shared server and never another concurrent run's.
     */
    runTag: string;
  }
}

export {};
