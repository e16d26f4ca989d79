import { waitFor } from './wait-for.js';

export interface Answer {
  status: number;
  headers: Headers;
  body: any;
}

export async function getJson(url: string): Promise<Answer> {
  const response = await fetch(url, { headers: { accept: 'application/json' } });
  return { status: response.status, headers: response.headers, body: await response.json() };
}

export async function postJson(url: string, body: unknown): Promise<Answer> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, headers: response.headers, body: await response.json() };
}

/** Submits a URL and returns its key, failing the test unless the service accepted it. */
export async function submit(baseUrl: string, url: string): Promise<string> {
  const answer = await postJson(`${baseUrl}/start`, { url });
  if (answer.status !== 202) throw new Error(`submit answered ${answer.status}: ${JSON.stringify(answer.body)}`);
  return answer.body.key as string;
}

/** Polls /results/:key until it stops answering 202, as a client script would. */
export function waitForResult(baseUrl: string, key: string, query = '', timeoutMs = 15_000): Promise<Answer> {
  return waitFor(
    async () => {
      const answer = await getJson(`${baseUrl}/results/${key}${query}`);
      return answer.status === 202 ? undefined : answer;
    },
    timeoutMs,
    `result ${key}`,
  );
}
