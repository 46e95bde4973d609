import { describe, expect, it } from 'vitest';
import { chooseAssignee, type AssignmentCandidate, type AssignmentMode } from './assignment.js';

const at = (minute: number) => new Date(Date.UTC(2025, 0, 6, 9, minute));
const ann: AssignmentCandidate = { agentId: 'a-ann', lastAssignedAt: at(10), openCases: 3 };
const bob: AssignmentCandidate = { agentId: 'b-bob', lastAssignedAt: at(5), openCases: 7 };
const cat: AssignmentCandidate = { agentId: 'c-cat', lastAssignedAt: null, openCases: 3 };
const dan: AssignmentCandidate = { agentId: 'd-dan', lastAssignedAt: at(5), openCases: 1 };

describe('chooseAssignee', () => {
  it.each<[string, AssignmentMode, AssignmentCandidate[], string | null]>([
    ['manual never assigns', 'manual', [ann, bob], null],
    ['nobody available: stays unassigned', 'round_robin', [], null],
    ['nobody available (least open)', 'least_open', [], null],
    ['round robin: least recently assigned', 'round_robin', [ann, bob], 'b-bob'],
    ['round robin: never assigned goes first', 'round_robin', [ann, bob, cat], 'c-cat'],
    ['round robin: a tie goes to the lower id', 'round_robin', [dan, bob], 'b-bob'],
    ['round robin ignores load', 'round_robin', [ann, dan], 'd-dan'],
    ['least open: fewest open cases', 'least_open', [ann, bob, dan], 'd-dan'],
    ['least open: a tie goes round robin (never first)', 'least_open', [ann, cat], 'c-cat'],
    ['least open: a tie goes round robin (older first)', 'least_open', [ann, { ...bob, openCases: 3 }], 'b-bob'],
    ['a single member always gets it', 'least_open', [bob], 'b-bob'],
  ])('%s', (_name, mode, candidates, expected) => {
    expect(chooseAssignee(mode, candidates)).toBe(expected);
  });

  it('does not reorder its input', () => {
    const input = [ann, bob, cat];
    chooseAssignee('round_robin', input);
    expect(input).toEqual([ann, bob, cat]);
  });
});
