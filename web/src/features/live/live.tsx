import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import type { CaseDetail } from '../../api/types';

export type PresentAgent = { agentId: string; name: string; state: 'viewing' | 'typing' };
type ServerFrame =
  | { type: 'hello'; agentId: string }
  | { type: 'resync' }
  | { type: 'cases.changed'; caseIds: string[] }
  | { type: 'presence'; caseNumber: string; agents: PresentAgent[] }
  | { type: 'pong' }
  | { type: 'error'; code: string; message: string };
type ClientFrame = { type: 'presence'; caseNumber: string; state: 'viewing' | 'typing' } | { type: 'presence.leave' } | { type: 'ping' };

type LiveContextValue = {
  connected: boolean;
  presence: ReadonlyMap<string, PresentAgent[]>;
  send(frame: ClientFrame): void;
};

const LiveContext = createContext<LiveContextValue | null>(null);
/** Presence entries expire on the server after 45 s; refresh well within that. */
const PRESENCE_REFRESH_MS = 20_000;

/**
 * One WebSocket per console tab: changed cases invalidate the queries that show them (counts,
 * lists, the open case), and presence frames feed collision warnings. Reconnects with back-off.
 */
export function LiveProvider({ children, onSignedOut }: { children: ReactNode; onSignedOut(): void }) {
  const queryClient = useQueryClient();
  const [connected, setConnected] = useState(false);
  const [presence, setPresence] = useState<ReadonlyMap<string, PresentAgent[]>>(new Map());
  const socketRef = useRef<WebSocket | null>(null);
  const lastPresence = useRef<ClientFrame | null>(null);

  const send = useCallback((frame: ClientFrame) => {
    if (frame.type !== 'ping') lastPresence.current = frame;
    const socket = socketRef.current;
    if (socket?.readyState === WebSocket.OPEN) socket.send(JSON.stringify(frame));
  }, []);

  useEffect(() => {
    let stopped = false;
    let attempt = 0;
    let retryTimer: number | undefined;
    const onFrame = (frame: ServerFrame) => {
      if (frame.type === 'cases.changed') {
        const changed = new Set(frame.caseIds);
        void queryClient.invalidateQueries({ queryKey: ['queues'] });
        void queryClient.invalidateQueries({ queryKey: ['cases'] });
        void queryClient.invalidateQueries({
          queryKey: ['case'],
          predicate: (query) => changed.has((query.state.data as CaseDetail | undefined)?.id ?? ''),
        });
      } else if (frame.type === 'resync') {
        // The server may have missed changes made through other servers: refetch what is shown.
        void queryClient.invalidateQueries();
      } else if (frame.type === 'presence') {
        setPresence((current) => new Map(current).set(frame.caseNumber, frame.agents));
      }
    };
    const connect = () => {
      const url = `${window.location.protocol === 'https:' ? 'wss' : 'ws'}://${window.location.host}/api/v1/live`;
      const socket = new WebSocket(url);
      socketRef.current = socket;
      socket.onopen = () => {
        attempt = 0;
        setConnected(true);
        if (lastPresence.current) socket.send(JSON.stringify(lastPresence.current));
        // Anything may have changed while we were away.
        void queryClient.invalidateQueries();
      };
      socket.onmessage = (message) => onFrame(JSON.parse(String(message.data)) as ServerFrame);
      socket.onclose = (event) => {
        setConnected(false);
        if (stopped) return;
        if (event.code === 4401) return onSignedOut();
        attempt += 1;
        retryTimer = window.setTimeout(connect, Math.min(30_000, 500 * 2 ** attempt));
      };
    };
    connect();
    const refresh = window.setInterval(() => {
      if (lastPresence.current) send(lastPresence.current);
    }, PRESENCE_REFRESH_MS);
    return () => {
      stopped = true;
      window.clearTimeout(retryTimer);
      window.clearInterval(refresh);
      socketRef.current?.close();
    };
  }, [queryClient, onSignedOut, send]);

  const value = useMemo(() => ({ connected, presence, send }), [connected, presence, send]);
  return <LiveContext.Provider value={value}>{children}</LiveContext.Provider>;
}

export function useLive(): LiveContextValue {
  const value = useContext(LiveContext);
  if (!value) throw new Error('useLive outside LiveProvider');
  return value;
}

/** Tells the others this agent is on the case (and typing, when `typing`); leaves when unmounted. */
export function useCasePresence(caseNumber: string, typing: boolean): PresentAgent[] {
  const { presence, send } = useLive();
  useEffect(() => {
    send({ type: 'presence', caseNumber, state: typing ? 'typing' : 'viewing' });
  }, [caseNumber, typing, send]);
  useEffect(() => () => send({ type: 'presence.leave' }), [caseNumber, send]);
  return presence.get(caseNumber) ?? [];
}
