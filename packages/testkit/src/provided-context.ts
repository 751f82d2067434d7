/** Values the global setup provides to every test file (`inject('natsUrl')`). */
declare module 'vitest' {
  export interface ProvidedContext {
    natsUrl: string;
    adminDatabaseUrl: string;
    templateDatabase: string;
    runId: string;
  }
}

export {};
