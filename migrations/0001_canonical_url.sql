ALTER TABLE "results" ADD COLUMN "canonical_url" text;--> statement-breakpoint
CREATE INDEX "results_canonical_url_idx" ON "results" USING btree ("canonical_url","created_at" DESC NULLS LAST);