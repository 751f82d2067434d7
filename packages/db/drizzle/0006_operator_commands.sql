-- Operator commands (issue 16): paused queues (runtime) and schedule entries (scheduler-svc);
-- retries linked to the run they re-run (unique: one retry per run), earlier attempts, expiry;
-- `tasks list --user`. No new index references a column the ledger updates (HOT updates stay).
CREATE TABLE "queue_pauses" (
	"namespace" text DEFAULT '' NOT NULL,
	"queue" text NOT NULL,
	"paused_at" timestamp with time zone DEFAULT now() NOT NULL,
	"paused_by" text,
	CONSTRAINT "queue_pauses_namespace_queue_pk" PRIMARY KEY("namespace","queue")
);
--> statement-breakpoint
CREATE TABLE "schedule_pauses" (
	"entry" text PRIMARY KEY NOT NULL,
	"paused_at" timestamp with time zone DEFAULT now() NOT NULL,
	"paused_by" text
);
--> statement-breakpoint
ALTER TABLE "task_runs" ADD COLUMN "retry_of" text;--> statement-breakpoint
ALTER TABLE "task_runs" ADD COLUMN "attempt_log" jsonb;--> statement-breakpoint
ALTER TABLE "task_runs" ADD COLUMN "expires_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "task_runs_user_submitted_idx" ON "task_runs" USING btree ("user_id","submitted_at") WHERE "task_runs"."user_id" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "task_runs_retry_of_idx" ON "task_runs" USING btree ("retry_of") WHERE "task_runs"."retry_of" is not null;