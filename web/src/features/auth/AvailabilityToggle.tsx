import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import { useAgents } from '../../api/queries';
import { useAgent } from './session';

/** Automatic assignment only picks available agents: this is how an agent steps away. */
export function AvailabilityToggle() {
  const me = useAgent();
  const agents = useAgents();
  const queryClient = useQueryClient();
  const available = agents.data?.agents.find((a) => a.id === me.id)?.available;
  const toggle = useMutation({
    mutationFn: (next: boolean) => unwrap(api.PATCH('/api/v1/agents/me', { body: { available: next } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['agents'] }),
  });
  if (available === undefined) return null;
  return (
    <button type="button" className="secondary availability" aria-pressed={available} onClick={() => toggle.mutate(!available)} disabled={toggle.isPending}
      title="Automatic assignment gives new cases only to available agents">
      {available ? 'Available' : 'Away'}
    </button>
  );
}
