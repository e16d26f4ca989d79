ALTER TABLE "results" ADD COLUMN "content" text DEFAULT 'page' NOT NULL;--> statement-breakpoint
ALTER TABLE "results" ADD COLUMN "requested_language" text;--> statement-breakpoint
ALTER TABLE "results" ADD COLUMN "language" text;--> statement-breakpoint
ALTER TABLE "results" ADD COLUMN "stop_words" text;--> statement-breakpoint
ALTER TABLE "results" ADD COLUMN "content_used" text;--> statement-breakpoint
-- Pages counted before this migration were counted whole, with the English stop-word list.
UPDATE "results" SET "stop_words" = 'en', "content_used" = 'page' WHERE "status" = 'completed';
