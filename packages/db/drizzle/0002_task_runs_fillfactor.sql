-- Room on each page for HOT updates: a task's PENDING → SUCCESS update then writes no
-- index entries (no indexed column changes), which is most of the ledger's write cost.
ALTER TABLE "task_runs" SET (fillfactor = 80);
