import { createContext, createElement, useCallback, useContext, useEffect, useState } from 'react';

import { BackchannelClient } from '@backchannel/client';

const ClientContext = createContext(/** @type {BackchannelClient | null} */ (null));

/**
 * Gives its children one started client (same origin unless `options` say otherwise), stopped
 * when the provider unmounts.
 *
 * @param {{options?: object, children?: import('react').ReactNode}} props
 */
export function BackchannelProvider({ options, children }) {
  const [client] = useState(() => new BackchannelClient(options));
  useEffect(() => {
    client.start();
    return () => client.stop();
  }, [client]);
  return createElement(ClientContext.Provider, { value: client }, children);
}

/** The provider's client. */
export function useBackchannelClient() {
  const client = useContext(ClientContext);
  if (client === null) {
    throw new Error('useBackchannelClient needs a <BackchannelProvider> above it');
  }
  return client;
}

/**
 * Submits requests of one job type and follows the latest: its status, progress, stage, result
 * and error as the client tracks them, re-rendering on every update (from the socket, or from
 * polls while the socket is down). After a reload it picks up the newest request of its type that
 * the client still holds, so a running job keeps showing its progress.
 *
 * @param {string} type the job type
 * @returns {{request: object | null, submit: (payload: unknown, options?: {timeoutMillis?: number}) => Promise<object>, cancel: () => Promise<unknown>}}
 */
export function useBackchannelRequest(type) {
  const client = useBackchannelClient();
  const [id, setId] = useState(() => newest(client, type)?.correlationId ?? null);
  const [request, setRequest] = useState(() => (id ? client.request(id) : null));

  useEffect(() => {
    if (id === null) {
      return undefined;
    }
    setRequest(copy(client.request(id)));
    return client.onRequest(id, (updated) => setRequest(copy(updated)));
  }, [client, id]);

  const submit = useCallback(
    async (payload, options) => {
      const submitted = await client.submit(type, payload, options);
      setId(submitted.correlationId);
      return submitted;
    },
    [client, type],
  );
  const cancel = useCallback(() => (id === null ? Promise.resolve(null) : client.cancel(id)), [client, id]);

  return { request, submit, cancel };
}

function newest(client, type) {
  return client
    .requests()
    .filter((r) => r.type === type)
    .reduce((latest, r) => (latest === null || r.submittedAt > latest.submittedAt ? r : latest), null);
}

/** A new object for every change, so that React sees one. */
function copy(request) {
  return request ? { ...request } : null;
}
