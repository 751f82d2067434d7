-- One queue's runs newest first (the console, `tasks list --queue`) without walking the other
-- queues' rows. Neither column changes after insert: the ledger's updates stay HOT.
CREATE INDEX "task_runs_queue_submitted_idx" ON "task_runs" USING btree ("queue","submitted_at");