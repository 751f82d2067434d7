DROP INDEX "task_runs_running_user_idx";--> statement-breakpoint
DROP INDEX "task_runs_active_idx";--> statement-breakpoint
CREATE INDEX "task_runs_user_lease_idx" ON "task_runs" USING btree ("user_id","lease_until") WHERE "task_runs"."lease_until" is not null;--> statement-breakpoint
CREATE INDEX "task_runs_running_idx" ON "task_runs" USING btree ("started_at") WHERE "task_runs"."lease_until" is not null;--> statement-breakpoint
CREATE INDEX "task_runs_delayed_idx" ON "task_runs" USING btree ("not_before") WHERE "task_runs"."not_before" is not null;