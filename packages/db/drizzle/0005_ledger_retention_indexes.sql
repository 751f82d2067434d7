-- Result expiry and the pending sweep scan by submission time; the in-flight check of
-- warehouse-svc looks up one warehouse. No index references a column the ledger updates.
CREATE INDEX "task_runs_submitted_idx" ON "task_runs" USING btree ("submitted_at","id");--> statement-breakpoint
CREATE INDEX "task_runs_warehouse_idx" ON "task_runs" USING btree ("name",("payload"->>'warehouseId')) WHERE "task_runs"."name" in ('tasks.warehouse.process', 'tasks.warehouse.update');