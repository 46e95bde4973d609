import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from './client';

/** Queries several features read; one definition each so their cache keys and freshness agree. */
export function useQueues() {
  return useQuery({ queryKey: ['queues'], queryFn: () => unwrap(api.GET('/api/v1/queues')) });
}

export function useTopics() {
  return useQuery({ queryKey: ['topics'], queryFn: () => unwrap(api.GET('/api/v1/topics')), staleTime: 5 * 60_000 });
}

export function useAgents() {
  return useQuery({ queryKey: ['agents'], queryFn: () => unwrap(api.GET('/api/v1/agents')), staleTime: 60_000 });
}

/** Departments as every agent may see them: the department queues (the admin list needs a supervisor). */
export function useDepartments(): { slug: string; name: string }[] {
  const queues = useQueues();
  return (queues.data?.queues ?? [])
    .filter((queue) => queue.id.startsWith('department:'))
    .map((queue) => ({ slug: queue.id.slice('department:'.length), name: queue.name }));
}
