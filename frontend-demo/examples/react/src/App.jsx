import { useState } from 'react';

import { useBackchannelRequest } from './useBackchannelRequest.js';

/** One job type, one button, the latest request's life as it happens. */
export function App() {
  const { request, submit, cancel } = useBackchannelRequest('report');
  const [steps, setSteps] = useState(4);
  const running = request !== null && !['SUCCEEDED', 'FAILED', 'CANCELLED', 'REJECTED', 'LOST'].includes(request.status);

  return (
    <main>
      <h1>Backchannel with React</h1>
      <p>
        <label>
          Steps{' '}
          <input type="number" min="1" max="20" value={steps} onChange={(e) => setSteps(Number(e.target.value))} />
        </label>{' '}
        <button type="button" data-testid="run" onClick={() => submit({ steps, stepMillis: 300 })}>
          Run a report
        </button>{' '}
        <button type="button" data-testid="cancel" disabled={!running} onClick={() => cancel()}>
          Cancel
        </button>
      </p>
      {request && (
        <section data-testid="request" data-status={request.status}>
          <p>
            <code>{request.correlationId}</code>: <strong data-testid="status">{request.status}</strong>
            {request.stage ? ` (${request.stage})` : ''}
          </p>
          <progress max="100" value={request.progress ?? 0} data-testid="progress" />
          {request.result && <pre data-testid="result">{JSON.stringify(request.result)}</pre>}
          {request.error && <p data-testid="error">{request.error.code}: {request.error.message}</p>}
        </section>
      )}
    </main>
  );
}
