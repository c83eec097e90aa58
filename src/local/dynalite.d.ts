declare module 'dynalite' {
  import type { Server } from 'node:http';
  interface DynaliteOptions {
    /** Store on disk at this path; in memory when absent. */
    path?: string;
    createTableMs?: number;
    deleteTableMs?: number;
    updateTableMs?: number;
    maxItemSizeKb?: number;
    ssl?: boolean;
  }
  function dynalite(options?: DynaliteOptions): Server;
  export = dynalite;
}
