CREATE TYPE "public"."crawl_page_status" AS ENUM('queued', 'active', 'completed', 'failed', 'skipped');--> statement-breakpoint
CREATE TABLE "crawl_hosts" (
	"crawl_key" uuid NOT NULL,
	"origin" text NOT NULL,
	"robots" text,
	"robots_txt" text,
	"reading_since" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "crawl_hosts_crawl_key_origin_pk" PRIMARY KEY("crawl_key","origin")
);
--> statement-breakpoint
CREATE TABLE "crawl_pages" (
	"id" bigserial NOT NULL,
	"crawl_key" uuid NOT NULL,
	"url" text NOT NULL,
	"canonical_url" text NOT NULL,
	"depth" smallint NOT NULL,
	"status" "crawl_page_status" DEFAULT 'queued' NOT NULL,
	"code" text,
	"error" text,
	"page_key" uuid,
	"final_url" text,
	"final_canonical_url" text,
	"total_words" integer,
	"text_hash" text,
	CONSTRAINT "crawl_pages_crawl_key_canonical_url_pk" PRIMARY KEY("crawl_key","canonical_url")
);
--> statement-breakpoint
CREATE TABLE "crawls" (
	"key" uuid PRIMARY KEY NOT NULL,
	"options" json NOT NULL,
	"stopped" text,
	"sitemap_queue" json DEFAULT '[]'::json NOT NULL,
	"sitemaps_listed" boolean DEFAULT false NOT NULL,
	"sitemaps_read" integer DEFAULT 0 NOT NULL,
	"seeded" boolean DEFAULT false NOT NULL,
	"scope_url" text
);
--> statement-breakpoint
ALTER TABLE "results" ADD COLUMN "kind" text DEFAULT 'page' NOT NULL;--> statement-breakpoint
ALTER TABLE "results" ADD COLUMN "crawl_key" uuid;--> statement-breakpoint
ALTER TABLE "crawl_hosts" ADD CONSTRAINT "crawl_hosts_crawl_key_results_key_fk" FOREIGN KEY ("crawl_key") REFERENCES "public"."results"("key") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "crawl_pages" ADD CONSTRAINT "crawl_pages_crawl_key_results_key_fk" FOREIGN KEY ("crawl_key") REFERENCES "public"."results"("key") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "crawls" ADD CONSTRAINT "crawls_key_results_key_fk" FOREIGN KEY ("key") REFERENCES "public"."results"("key") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "crawl_pages_order_idx" ON "crawl_pages" USING btree ("crawl_key","id");--> statement-breakpoint
CREATE UNIQUE INDEX "crawl_pages_page_key_idx" ON "crawl_pages" USING btree ("page_key");--> statement-breakpoint
CREATE INDEX "crawl_pages_final_idx" ON "crawl_pages" USING btree ("crawl_key","final_canonical_url");--> statement-breakpoint
CREATE INDEX "crawl_pages_text_hash_idx" ON "crawl_pages" USING btree ("crawl_key","text_hash");