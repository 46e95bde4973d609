import type { ReactNode } from 'react';
import { US_STATES } from '../../cases/intake.js';
import type { Messages } from '../i18n.js';

/** Field values as typed, keyed like the intake's field errors (`address.street`). */
export type FormValues = Record<string, string>;
export type FormErrors = Record<string, string>;

/** `address.street` → `address-street`: the id that the error summary links to. */
export const fieldId = (key: string) => key.replace(/\./g, '-');
/** `address.street` → `address[street]`: the name the form posts. */
const fieldName = (key: string) => key.replace(/^(\w+)\.(\w+)$/, '$1[$2]');

type FieldProps = {
  t: Messages;
  field: string;
  label: string;
  hint?: string;
  optional?: boolean;
  values: FormValues;
  errors: FormErrors;
  /**
   * The instant check the enhancement script runs on this field (`email`, `zip`, `tracking`…).
   * The field then gets an empty live region the script writes its feedback into; without
   * the script nothing shows and the server's messages are the checks.
   */
  check?: string;
};

function describedBy(id: string, hint: string | undefined, error: string | undefined): string | undefined {
  return [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(' ') || undefined;
}

/** Where an enhancement writes what it found about a field; present from the start so screen readers announce changes. */
export function Feedback({ id }: { id: string }) {
  return <div id={`${id}-feedback`} className="field-feedback" aria-live="polite" />;
}

/** GOV.UK form group: label, hint, inline error, control, in that reading order. */
function Group({ t, field, label, hint, optional, errors, check, children }: Omit<FieldProps, 'values'> & { children: ReactNode }) {
  const id = fieldId(field);
  const error = errors[field];
  return (
    <div className={error ? 'form-group form-group-error' : 'form-group'}>
      <label className="label" htmlFor={id}>{label}{optional ? ` ${t.form.optional}` : ''}</label>
      {hint && <div id={`${id}-hint`} className="hint">{hint}</div>}
      {error && <p id={`${id}-error`} className="error-message"><span className="visually-hidden">{t.meta.errorPrefix} </span>{error}</p>}
      {children}
      {check && <Feedback id={id} />}
    </div>
  );
}

export function TextField(props: FieldProps & { type?: 'text' | 'email' | 'tel' | 'password'; autoComplete?: string; width?: 'full' | 'short' }) {
  const id = fieldId(props.field);
  const error = props.errors[props.field];
  return (
    <Group {...props}>
      <input
        id={id} name={fieldName(props.field)} type={props.type ?? 'text'} defaultValue={props.values[props.field] ?? ''}
        className={`input${props.width === 'short' ? ' input-short' : ''}${error ? ' input-error' : ''}`}
        autoComplete={props.autoComplete} spellCheck={props.type === 'email' ? false : undefined}
        aria-describedby={describedBy(id, props.hint, error)} aria-invalid={error ? true : undefined}
        required={!props.optional} aria-required={!props.optional} data-check={props.check}
      />
    </Group>
  );
}

export function TextArea(props: FieldProps) {
  const id = fieldId(props.field);
  const error = props.errors[props.field];
  return (
    <Group {...props}>
      <textarea
        id={id} name={fieldName(props.field)} rows={8} defaultValue={props.values[props.field] ?? ''}
        className={`textarea${error ? ' input-error' : ''}`} required={!props.optional}
        aria-describedby={describedBy(id, props.hint, error)} aria-invalid={error ? true : undefined}
      />
    </Group>
  );
}

export function StateSelect(props: FieldProps) {
  const id = fieldId(props.field);
  const error = props.errors[props.field];
  return (
    <Group {...props}>
      <select
        id={id} name={fieldName(props.field)} defaultValue={props.values[props.field] ?? ''} autoComplete="address-level1"
        className={`select${error ? ' input-error' : ''}`} required={!props.optional}
        aria-describedby={describedBy(id, props.hint, error)} aria-invalid={error ? true : undefined}
      >
        <option value="">{props.t.form.stateChoose}</option>
        {US_STATES.map((state) => <option key={state} value={state}>{state}</option>)}
      </select>
    </Group>
  );
}

/** The attachment limits the enhancement script checks before anything is uploaded (the server's, as data). */
export type FileLimits = { count: number; bytesEach: number; bytesTotal: number };

export function FileField(props: Omit<FieldProps, 'values' | 'check'> & { filesDropped: boolean; limits: FileLimits }) {
  const id = fieldId(props.field);
  const error = props.errors[props.field];
  const hint = props.filesDropped ? `${props.hint ?? ''} ${props.t.form.filesNotKept}` : props.hint;
  const aids = props.t.formAids;
  return (
    <Group {...props} hint={hint} check="attachments">
      <input
        id={id} name="attachments" type="file" multiple accept="image/png,image/jpeg,image/gif,image/webp,application/pdf"
        className={`file${error ? ' input-error' : ''}`}
        aria-describedby={describedBy(id, hint, error)} aria-invalid={error ? true : undefined}
        data-check="attachments" data-max-count={props.limits.count} data-max-each={props.limits.bytesEach} data-max-total={props.limits.bytesTotal}
        data-messages={JSON.stringify({
          tooLarge: aids.fileTooLarge, tooLargeTotal: aids.filesTooLarge, tooMany: aids.tooManyFiles, type: aids.fileType,
          remove: aids.fileRemove, summary: aids.filesSummary, listLabel: aids.fileListLabel, pdf: aids.pdfLabel,
        })}
      />
    </Group>
  );
}
