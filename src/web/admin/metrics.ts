import type { RequestHandler } from 'express';
import { collectDefaultMetrics, Gauge, Histogram, Registry, type Metric } from 'prom-client';
import type { CrawlQueue } from '../../queue/crawl-queue.js';
import { readJobTally, type Histogram as JobHistogram, type JobTally } from '../../queue/job-tally.js';
import type { QueueStore } from '../../queue/queue-store.js';

interface MetricValue {
  value: number;
  labels?: Record<string, string | number>;
  metricName?: string;
}

/** A metric whose values are read from the workers' shared tally at scrape time. */
function sharedMetric(name: string, help: string, type: 'counter' | 'histogram', read: () => Promise<MetricValue[]>): Metric {
  return { name, help, type, get: async () => ({ name, help, type, values: await read(), aggregator: 'sum' }) } as unknown as Metric;
}

function histogramValues(name: string, histogram: JobHistogram): MetricValue[] {
  return [
    ...histogram.buckets.map(([le, value]) => ({ metricName: `${name}_bucket`, labels: { le }, value })),
    { metricName: `${name}_bucket`, labels: { le: '+Inf' }, value: histogram.count },
    { metricName: `${name}_sum`, value: histogram.sum },
    { metricName: `${name}_count`, value: histogram.count },
  ];
}

const labelled = (counts: Record<string, number>, label: string): MetricValue[] =>
  Object.entries(counts).map(([name, value]) => ({ labels: { [label]: name }, value }));

/** Prometheus metrics: this web process's HTTP timings and runtime, plus the queue's and the workers' figures. */
export function createMetrics(queue: CrawlQueue, store: QueueStore): { observeRequests: RequestHandler; serve: RequestHandler } {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'wordcrawler_web_' });
  const httpDuration = new Histogram({
    name: 'wordcrawler_http_request_duration_seconds',
    help: 'Time to answer HTTP requests, by route and status',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  new Gauge({
    name: 'wordcrawler_jobs',
    help: 'Jobs in the queue by state',
    labelNames: ['state'],
    registers: [registry],
    async collect() {
      for (const [state, count] of Object.entries(await queue.countJobs())) this.set({ state }, count);
    },
  });
  const jobs = (pick: (tally: JobTally) => MetricValue[]) => async () => pick(await readJobTally(store.tallies));
  registry.registerMetric(sharedMetric('wordcrawler_jobs_finished_total', 'Jobs finished by all workers, by outcome', 'counter',
    jobs((tally) => labelled(tally.finished, 'status'))));
  registry.registerMetric(sharedMetric('wordcrawler_job_failures_total', 'Failed jobs by error code', 'counter',
    jobs((tally) => labelled(tally.failures, 'code'))));
  registry.registerMetric(sharedMetric('wordcrawler_job_duration_seconds', 'Time from a job starting to its outcome', 'histogram',
    jobs((tally) => histogramValues('wordcrawler_job_duration_seconds', tally.duration))));
  registry.registerMetric(sharedMetric('wordcrawler_fetch_size_bytes', 'Size of fetched page bodies', 'histogram',
    jobs((tally) => histogramValues('wordcrawler_fetch_size_bytes', tally.fetchSize))));

  return {
    observeRequests: (req, res, next) => {
      const end = httpDuration.startTimer();
      res.on('finish', () => {
        // The route pattern, not the path: keys in paths would make a series per result.
        const route = req.route ? `${req.baseUrl}${String(req.route.path)}` : 'other';
        end({ method: req.method, route, status: res.statusCode });
      });
      next();
    },
    serve: async (_req, res) => {
      res.type(registry.contentType).send(await registry.metrics());
    },
  };
}
