ALTER TABLE "crawl_pages" ADD COLUMN "distinctive_words" json;--> statement-breakpoint
ALTER TABLE "results" ADD COLUMN "sentence_count" integer;--> statement-breakpoint
ALTER TABLE "results" ADD COLUMN "two_word_phrases" json;--> statement-breakpoint
ALTER TABLE "results" ADD COLUMN "three_word_phrases" json;--> statement-breakpoint
ALTER TABLE "results" ADD COLUMN "counted_text" "bytea";--> statement-breakpoint
CREATE INDEX "results_counted_text_idx" ON "results" USING btree ("finished_at") WHERE "results"."counted_text" is not null;