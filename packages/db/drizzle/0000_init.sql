CREATE TYPE "public"."classification" AS ENUM('Applications', 'Frameworks', 'Libraries', 'DevelopmentTools', 'CLITools', 'DevOpsConfiguration', 'Documentation');--> statement-breakpoint
CREATE TYPE "public"."task_state" AS ENUM('PENDING', 'STARTED', 'PROGRESS', 'RETRY', 'SUCCESS', 'FAILURE', 'REVOKED');--> statement-breakpoint
CREATE TYPE "public"."warehouse_status" AS ENUM('pending', 'processing', 'completed', 'canceled', 'unauthorized', 'failed');--> statement-breakpoint
CREATE TYPE "public"."warehouse_type" AS ENUM('git', 'file');--> statement-breakpoint
CREATE TABLE "document_catalogs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"warehouse_id" uuid NOT NULL,
	"document_id" uuid NOT NULL,
	"parent_id" uuid,
	"name" text NOT NULL,
	"url" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"order" integer DEFAULT 0 NOT NULL,
	"prompt" text DEFAULT '' NOT NULL,
	"is_completed" boolean DEFAULT false NOT NULL,
	"is_deleted" boolean DEFAULT false NOT NULL,
	"deleted_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "document_commit_records" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"warehouse_id" uuid NOT NULL,
	"commit_id" text NOT NULL,
	"commit_message" text NOT NULL,
	"title" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"author" text DEFAULT '' NOT NULL,
	"last_update" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "document_file_item_sources" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"document_file_item_id" uuid NOT NULL,
	"address" text NOT NULL,
	"name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "document_file_items" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"document_catalog_id" uuid NOT NULL,
	"title" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"content" text DEFAULT '' NOT NULL,
	"size" integer DEFAULT 0 NOT NULL,
	"comment_count" integer DEFAULT 0 NOT NULL,
	"request_token" integer DEFAULT 0 NOT NULL,
	"response_token" integer DEFAULT 0 NOT NULL,
	"metadata" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "document_overviews" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"document_id" uuid NOT NULL,
	"title" text NOT NULL,
	"content" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "documents" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"warehouse_id" uuid NOT NULL,
	"git_path" text NOT NULL,
	"last_update" timestamp with time zone DEFAULT now() NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"like_count" integer DEFAULT 0 NOT NULL,
	"comment_count" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "minimaps" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"warehouse_id" uuid NOT NULL,
	"value" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "minimaps_warehouseId_unique" UNIQUE("warehouse_id")
);
--> statement-breakpoint
CREATE TABLE "access_records" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"message_id" text NOT NULL,
	"resource_type" text NOT NULL,
	"resource_id" text DEFAULT '' NOT NULL,
	"user_id" text,
	"ip_address" text NOT NULL,
	"user_agent" text DEFAULT '' NOT NULL,
	"path" text NOT NULL,
	"method" text NOT NULL,
	"status_code" integer NOT NULL,
	"response_time" real NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "daily_statistics" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"date" date NOT NULL,
	"new_users" integer DEFAULT 0 NOT NULL,
	"new_repositories" integer DEFAULT 0 NOT NULL,
	"new_documents" integer DEFAULT 0 NOT NULL,
	"page_views" integer DEFAULT 0 NOT NULL,
	"unique_visitors" integer DEFAULT 0 NOT NULL,
	"active_users" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "daily_statistics_date_unique" UNIQUE("date")
);
--> statement-breakpoint
CREATE TABLE "statistics_snapshots" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"subject_id" text DEFAULT '' NOT NULL,
	"date" date NOT NULL,
	"data" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "schedule_fires" (
	"entry" text NOT NULL,
	"slot" timestamp with time zone NOT NULL,
	"task_id" text NOT NULL,
	"subject" text NOT NULL,
	"fired_by" text NOT NULL,
	"fired_at" timestamp with time zone DEFAULT now() NOT NULL,
	"published_at" timestamp with time zone,
	"kind" text DEFAULT 'on-time' NOT NULL,
	CONSTRAINT "schedule_fires_entry_slot_pk" PRIMARY KEY("entry","slot")
);
--> statement-breakpoint
CREATE TABLE "task_runs" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"queue" text NOT NULL,
	"state" "task_state" DEFAULT 'PENDING' NOT NULL,
	"payload" jsonb,
	"result" jsonb,
	"error" jsonb,
	"progress" jsonb,
	"attempts" integer DEFAULT 0 NOT NULL,
	"user_id" text,
	"correlation_id" text,
	"parent_id" text,
	"worker_id" text,
	"submitted_at" timestamp with time zone DEFAULT now() NOT NULL,
	"not_before" timestamp with time zone,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"lease_until" timestamp with time zone,
	"revoke_requested_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "roles" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"is_active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "roles_name_unique" UNIQUE("name")
);
--> statement-breakpoint
CREATE TABLE "user_in_roles" (
	"user_id" uuid NOT NULL,
	"role_id" uuid NOT NULL,
	CONSTRAINT "user_in_roles_user_id_role_id_pk" PRIMARY KEY("user_id","role_id")
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"email" text NOT NULL,
	"password" text NOT NULL,
	"avatar" text,
	"is_deleted" boolean DEFAULT false NOT NULL,
	"last_login_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "users_email_unique" UNIQUE("email")
);
--> statement-breakpoint
CREATE TABLE "warehouses" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_name" text DEFAULT '' NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"address" text NOT NULL,
	"type" "warehouse_type" DEFAULT 'git' NOT NULL,
	"branch" text DEFAULT '' NOT NULL,
	"status" "warehouse_status" DEFAULT 'pending' NOT NULL,
	"error" text,
	"version" text,
	"readme" text,
	"optimized_directory_structure" text,
	"classify" "classification",
	"creator_id" uuid,
	"legacy_status" integer,
	"is_deleted" boolean DEFAULT false NOT NULL,
	"deleted_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "document_catalogs" ADD CONSTRAINT "document_catalogs_warehouse_id_warehouses_id_fk" FOREIGN KEY ("warehouse_id") REFERENCES "public"."warehouses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "document_catalogs" ADD CONSTRAINT "document_catalogs_document_id_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."documents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "document_catalogs" ADD CONSTRAINT "document_catalogs_parent_id_document_catalogs_id_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."document_catalogs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "document_commit_records" ADD CONSTRAINT "document_commit_records_warehouse_id_warehouses_id_fk" FOREIGN KEY ("warehouse_id") REFERENCES "public"."warehouses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "document_file_item_sources" ADD CONSTRAINT "document_file_item_sources_document_file_item_id_document_file_items_id_fk" FOREIGN KEY ("document_file_item_id") REFERENCES "public"."document_file_items"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "document_file_items" ADD CONSTRAINT "document_file_items_document_catalog_id_document_catalogs_id_fk" FOREIGN KEY ("document_catalog_id") REFERENCES "public"."document_catalogs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "document_overviews" ADD CONSTRAINT "document_overviews_document_id_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."documents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "documents" ADD CONSTRAINT "documents_warehouse_id_warehouses_id_fk" FOREIGN KEY ("warehouse_id") REFERENCES "public"."warehouses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "minimaps" ADD CONSTRAINT "minimaps_warehouse_id_warehouses_id_fk" FOREIGN KEY ("warehouse_id") REFERENCES "public"."warehouses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "user_in_roles" ADD CONSTRAINT "user_in_roles_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "user_in_roles" ADD CONSTRAINT "user_in_roles_role_id_roles_id_fk" FOREIGN KEY ("role_id") REFERENCES "public"."roles"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "warehouses" ADD CONSTRAINT "warehouses_creator_id_users_id_fk" FOREIGN KEY ("creator_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "document_catalogs_document_id_parent_id_index" ON "document_catalogs" USING btree ("document_id","parent_id");--> statement-breakpoint
CREATE UNIQUE INDEX "document_catalogs_warehouse_url_live_idx" ON "document_catalogs" USING btree ("warehouse_id","url") WHERE not "document_catalogs"."is_deleted";--> statement-breakpoint
CREATE UNIQUE INDEX "document_commit_records_warehouse_id_commit_id_index" ON "document_commit_records" USING btree ("warehouse_id","commit_id");--> statement-breakpoint
CREATE INDEX "document_commit_records_warehouse_id_last_update_index" ON "document_commit_records" USING btree ("warehouse_id","last_update");--> statement-breakpoint
CREATE INDEX "document_file_item_sources_document_file_item_id_index" ON "document_file_item_sources" USING btree ("document_file_item_id");--> statement-breakpoint
CREATE INDEX "document_file_item_sources_address_index" ON "document_file_item_sources" USING btree ("address");--> statement-breakpoint
CREATE UNIQUE INDEX "document_file_items_document_catalog_id_index" ON "document_file_items" USING btree ("document_catalog_id");--> statement-breakpoint
CREATE UNIQUE INDEX "document_overviews_document_id_index" ON "document_overviews" USING btree ("document_id");--> statement-breakpoint
CREATE UNIQUE INDEX "documents_warehouse_id_index" ON "documents" USING btree ("warehouse_id");--> statement-breakpoint
CREATE INDEX "documents_created_at_index" ON "documents" USING btree ("created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "access_records_message_id_index" ON "access_records" USING btree ("message_id");--> statement-breakpoint
CREATE INDEX "access_records_occurred_at_index" ON "access_records" USING btree ("occurred_at");--> statement-breakpoint
CREATE INDEX "access_records_resource_type_resource_id_occurred_at_index" ON "access_records" USING btree ("resource_type","resource_id","occurred_at");--> statement-breakpoint
CREATE UNIQUE INDEX "statistics_snapshots_kind_subject_id_date_index" ON "statistics_snapshots" USING btree ("kind","subject_id","date");--> statement-breakpoint
CREATE INDEX "schedule_fires_fired_at_index" ON "schedule_fires" USING btree ("fired_at");--> statement-breakpoint
CREATE INDEX "task_runs_running_user_idx" ON "task_runs" USING btree ("user_id","lease_until") WHERE "task_runs"."state" in ('STARTED','PROGRESS');--> statement-breakpoint
CREATE INDEX "task_runs_active_idx" ON "task_runs" USING btree ("state","started_at") WHERE "task_runs"."state" in ('STARTED','PROGRESS','RETRY','PENDING');--> statement-breakpoint
CREATE INDEX "task_runs_name_submitted_at_index" ON "task_runs" USING btree ("name","submitted_at");--> statement-breakpoint
CREATE INDEX "users_created_at_index" ON "users" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "warehouses_status_updated_idx" ON "warehouses" USING btree ("status","updated_at") WHERE not "warehouses"."is_deleted";--> statement-breakpoint
CREATE INDEX "warehouses_created_at_index" ON "warehouses" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "warehouses_creator_id_index" ON "warehouses" USING btree ("creator_id");