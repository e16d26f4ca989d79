ALTER TABLE "results" ALTER COLUMN "result_all" SET DATA TYPE json;--> statement-breakpoint
ALTER TABLE "results" ALTER COLUMN "result_no_stop_words" SET DATA TYPE json;--> statement-breakpoint
ALTER TABLE "results" ALTER COLUMN "top_all" SET DATA TYPE json;--> statement-breakpoint
ALTER TABLE "results" ALTER COLUMN "top_no_stop_words" SET DATA TYPE json;--> statement-breakpoint
-- The counts are written once and read back whole, never queried inside: json keeps the text as sent,
-- which Postgres takes in about a third of jsonb's time, and lz4 compresses it several times faster
-- than the default pglz (bench/README.md). A server built without lz4 (PGlite, for one) keeps pglz.
DO $$
BEGIN
  ALTER TABLE "results" ALTER COLUMN "result_all" SET COMPRESSION lz4;
  ALTER TABLE "results" ALTER COLUMN "result_no_stop_words" SET COMPRESSION lz4;
  ALTER TABLE "results" ALTER COLUMN "top_all" SET COMPRESSION lz4;
  ALTER TABLE "results" ALTER COLUMN "top_no_stop_words" SET COMPRESSION lz4;
EXCEPTION WHEN feature_not_supported THEN
  RAISE NOTICE 'lz4 is not available on this server; the counts stay compressed with pglz';
END
$$;
