import type { CaseEvent, CaseSatisfaction } from '../../api/types';
import { ratingLabel, statusLabel } from '../../app/format';

const text = (value: unknown): string => (typeof value === 'string' ? value : value == null ? '' : JSON.stringify(value));

/** One line an agent reads on the timeline for a case event. */
export function describeEvent(event: CaseEvent): string {
  const d = event.data;
  const reason = d.reason ? ` — “${text(d.reason)}”` : '';
  switch (event.type) {
    case 'case.created': return `Case created from the ${text(d.channel)} channel${d.linkedTo ? ' (linked to an earlier case)' : ''}`;
    case 'case.routed': return `Routed to ${text(d.department)} as ${text(d.topic)}, priority ${text(d.priority)}`;
    case 'case.rerouted': return `Re-routed from ${text(d.fromDepartment)}/${text(d.fromTopic)} to ${text(d.toDepartment)}/${text(d.toTopic)}${reason}`;
    case 'case.status_changed': return `Status ${statusLabel(text(d.from))} → ${statusLabel(text(d.to))}${reason}`;
    case 'case.priority_changed': return `Priority ${text(d.from)} → ${text(d.to)}${reason}`;
    case 'case.assigned': return d.to ? `Assigned${d.reason ? reason : ''}` : 'Unassigned';
    case 'case.replied': return `Reply emailed to ${text(d.to)}`;
    case 'note.added': return 'Internal note added';
    case 'case.merged': return d.into ? `Merged into ${text(d.into)}` : `Case ${text(d.from)} merged into this one`;
    case 'case.linked': return `Linked with ${text(d.caseNumber)} (${text(d.kind)})`;
    case 'case.unlinked': return `Unlinked from ${text(d.caseNumber)}`;
    case 'task.created': return `Phone follow-up scheduled for ${d.dueAt ? new Date(text(d.dueAt)).toLocaleString('en-US') : 'later'}`;
    case 'task.completed': return 'Phone follow-up done';
    case 'task.reopened': return 'Phone follow-up reopened';
    case 'satisfaction.survey_sent': return 'Satisfaction survey emailed to the customer';
    case 'satisfaction.rated': return `Customer rated ${text(d.rating)}/5 (${ratingLabel(Number(d.rating))})${d.comment ? `: “${text(d.comment)}”` : ''}`;
    default: return event.type.replace(/[._]/g, ' ');
  }
}

/** The routing explanation triage left on the case (newest routing first). */
export function triageReasons(events: CaseEvent[]): string[] {
  const routed = [...events].reverse().find((e) => e.type === 'case.routed');
  const reasons = routed?.data.reasons;
  return Array.isArray(reasons) ? reasons.map(text) : [];
}

const SKIP_REASONS: Record<string, string> = {
  reopened: 'case reopened before it went out', spam: 'marked spam', merged: 'merged', no_email: 'no email address', email_bounced: 'address bounced',
};

/** The case's satisfaction survey in a few words, for the case facts. */
export function describeSatisfaction(survey: CaseSatisfaction): string {
  switch (survey.status) {
    case 'answered': return `${survey.rating ?? '?'}/5 – ${ratingLabel(survey.rating ?? 0)}`;
    case 'sent': return 'Survey sent, not answered yet';
    case 'scheduled': return 'Survey to be sent';
    default: return `No survey (${SKIP_REASONS[survey.skipReason ?? ''] ?? survey.skipReason ?? 'skipped'})`;
  }
}
