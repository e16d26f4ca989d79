CREATE TYPE "public"."result_status" AS ENUM('queued', 'active', 'completed', 'failed');--> statement-breakpoint
CREATE TABLE "results" (
	"key" uuid PRIMARY KEY NOT NULL,
	"url" text NOT NULL,
	"final_url" text,
	"status" "result_status" DEFAULT 'queued' NOT NULL,
	"progress" smallint DEFAULT 0 NOT NULL,
	"error" text,
	"error_code" text,
	"result_all" jsonb,
	"result_no_stop_words" jsonb,
	"top_all" jsonb,
	"top_no_stop_words" jsonb,
	"total_words" integer,
	"unique_words" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE INDEX "results_created_at_idx" ON "results" USING btree ("created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "results_unfinished_idx" ON "results" USING btree ("created_at") WHERE "results"."status" in ('queued', 'active');