import { describe, expect, it } from 'vitest';
import { createLabRoutes } from './labs-routes.ts';

const app = createLabRoutes();
const run = (id: string, params: unknown, seed = 0) =>
  app.request(`/${id}/run?params=${encodeURIComponent(JSON.stringify(params))}&seed=${seed}`);

describe('labs API', () => {
  it('lists the labs with their parameter tables', async () => {
    const res = await app.request('/');
    expect(res.status).toBe(200);
    const list = (await res.json()) as Array<{
      id: string;
      concepts: string[];
      params: Array<{ key: string; expected: string }>;
    }>;
    const sa = list.find((l) => l.id === 'self-attention')!;
    expect(sa.concepts).toContain('self-attention');
    expect(sa.params.map((p) => p.key)).toContain('Wq');
  });

  it('runs a lab: the trace, −∞ written as "-Infinity"', async () => {
    const res = await run('self-attention', { causal: true }, 3);
    expect(res.status).toBe(200);
    const t = (await res.json()) as {
      lab: string;
      seed: number;
      steps: Array<{ id: string; tensors: Record<string, { data: unknown[] }> }>;
    };
    expect(t.lab).toBe('self-attention');
    expect(t.seed).toBe(3);
    expect(t.steps.map((s) => s.id)).toContain('masked');
    expect(t.steps.find((s) => s.id === 'masked')!.tensors.masked.data[1]).toBe('-Infinity');
  });

  it('400 naming the key on bad params, 404 on an unknown lab', async () => {
    let res = await run('self-attention', { Wq: 'x' });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: string; key: string };
    expect(body.key).toBe('Wq');
    expect(body.error).toContain('params.Wq');
    res = await app.request('/self-attention/run?params={bad');
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toContain('not valid JSON');
    res = await app.request('/self-attention/run?seed=-1');
    expect(res.status).toBe(400);
    res = await run('no-such-lab', {});
    expect(res.status).toBe(404);
  });
});
