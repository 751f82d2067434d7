CREATE TABLE "task_timers" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "task_timers_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"stream" text NOT NULL,
	"source_seq" bigint NOT NULL,
	"subject" text NOT NULL,
	"task_id" text NOT NULL,
	"user_id" text,
	"kind" text NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"headers" "bytea" NOT NULL,
	"body" "bytea" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "task_timers_source_idx" ON "task_timers" USING btree ("stream","source_seq","task_id");--> statement-breakpoint
CREATE INDEX "task_timers_due_idx" ON "task_timers" USING btree ("stream","due_at") WHERE "task_timers"."kind" = 'due';--> statement-breakpoint
CREATE INDEX "task_timers_throttled_idx" ON "task_timers" USING btree ("stream","user_id","due_at","id") WHERE "task_timers"."kind" = 'throttled';--> statement-breakpoint
CREATE INDEX "task_timers_task_idx" ON "task_timers" USING btree ("task_id");