import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { api, setCsrfToken, setSignedOutHandler, unwrap } from '../../api/client';
import type { Agent } from '../../api/types';

type SessionState =
  | { status: 'loading' }
  | { status: 'signed-out'; reason?: string }
  | { status: 'signed-in'; agent: Agent };

type SessionContextValue = {
  state: SessionState;
  signIn(email: string, password: string): Promise<void>;
  signOut(): Promise<void>;
  /** The server ended the session (expired, revoked): back to the sign-in page with a notice. */
  expire(): void;
};

const SessionContext = createContext<SessionContextValue | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ status: 'loading' });
  const queryClient = useQueryClient();

  const expire = useCallback(() => {
    queryClient.clear();
    // A request still in flight when the agent signed out comes back 401: the agent's own
    // "You have signed out." stays, rather than a notice that the session ended.
    setState((current) => current.status === 'signed-out' ? current : { status: 'signed-out', reason: 'Your session has ended. Please sign in again.' });
  }, [queryClient]);

  useEffect(() => {
    setSignedOutHandler(expire);
    api.GET('/api/v1/auth/me').then(({ data }) => {
      if (data) {
        setCsrfToken(data.csrfToken);
        setState({ status: 'signed-in', agent: data.agent });
      } else {
        setState({ status: 'signed-out' });
      }
    }, () => setState({ status: 'signed-out', reason: 'The server cannot be reached.' }));
  }, [expire]);

  const signIn = useCallback(async (email: string, password: string) => {
    const session = await unwrap(api.POST('/api/v1/auth/login', { body: { email, password } }));
    setCsrfToken(session.csrfToken);
    setState({ status: 'signed-in', agent: session.agent });
  }, []);

  const signOut = useCallback(async () => {
    await unwrap(api.POST('/api/v1/auth/logout'));
    setCsrfToken('');
    queryClient.clear();
    setState({ status: 'signed-out', reason: 'You have signed out.' });
  }, [queryClient]);

  const value = useMemo(() => ({ state, signIn, signOut, expire }), [state, signIn, signOut, expire]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionContextValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}

/** The signed-in agent; only for components rendered behind the sign-in gate. */
export function useAgent(): Agent {
  const { state } = useSession();
  if (state.status !== 'signed-in') throw new Error('useAgent while signed out');
  return state.agent;
}

export function hasRole(agent: Agent, role: Agent['role']): boolean {
  const rank = { agent: 0, supervisor: 1, admin: 2 } as const;
  return rank[agent.role] >= rank[role];
}
