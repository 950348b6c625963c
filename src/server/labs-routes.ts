// The labs API: GET / lists the labs with their parameter tables, GET /:id/run runs one and returns
// its trace (the same JSON as `shirube lab`). Mounted at /api/labs. Knows no tensors: only the registry.
import { Hono } from 'hono';
import {
  LabParamError,
  listLabs,
  parseParamsJson,
  runLab,
  UnknownLabError,
} from '../labs/registry.ts';
import { traceToJson } from '../labs/trace.ts';

export function createLabRoutes(): Hono {
  const app = new Hono();
  app.get('/', (c) => c.json(listLabs()));
  app.get('/:id/run', (c) => {
    const seedText = c.req.query('seed') ?? '0';
    if (!/^\d+$/.test(seedText) || Number(seedText) > 0xffffffff)
      return c.json({ error: `seed: expected an integer 0–4294967295, got "${seedText}"` }, 400);
    try {
      const trace = runLab(
        c.req.param('id'),
        parseParamsJson(c.req.query('params')),
        Number(seedText),
      );
      // NOTE: −∞ (masked scores) is not JSON; traceToJson writes it as the string "-Infinity".
      return c.body(traceToJson(trace), 200, { 'content-type': 'application/json; charset=utf-8' });
    } catch (e) {
      if (e instanceof UnknownLabError) return c.json({ error: e.message }, 404);
      if (e instanceof LabParamError) return c.json({ error: e.message, key: e.key }, 400);
      throw e;
    }
  });
  return app;
}
