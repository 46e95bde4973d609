import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, unwrap } from '../../api/client';
import type { paths } from '../../api/schema.gen';
import { FormError, useDocumentTitle } from '../../app/page';

type Contact = paths['/api/v1/admin/settings/contact']['put']['requestBody']['content']['application/json'];
type Calendar = paths['/api/v1/admin/settings/calendar']['put']['requestBody']['content']['application/json'];
type Day = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';
const DAYS: [Day, string][] = [['mon', 'Monday'], ['tue', 'Tuesday'], ['wed', 'Wednesday'], ['thu', 'Thursday'], ['fri', 'Friday'], ['sat', 'Saturday'], ['sun', 'Sunday']];

/** Help-hub phone numbers and opening hours, and the business calendar (working days, hours, closures). */
export function SettingsPage() {
  useDocumentTitle('Help hub and calendar');
  return (
    <>
      <h1>Help hub and calendar</h1>
      <ContactForm />
      <CalendarForm />
    </>
  );
}

function ContactForm() {
  const queryClient = useQueryClient();
  const contact = useQuery({ queryKey: ['admin', 'settings', 'contact'], queryFn: () => unwrap(api.GET('/api/v1/admin/settings/contact')) });
  const [rows, setRows] = useState<number | null>(null);
  const [saved, setSaved] = useState(false);
  const save = useMutation({
    mutationFn: (body: Contact) => unwrap(api.PUT('/api/v1/admin/settings/contact', { body })),
    onSuccess: (data) => { setSaved(true); queryClient.setQueryData(['admin', 'settings', 'contact'], data); },
  });
  if (!contact.data) return contact.isError ? <p className="field-error" role="alert">{contact.error.message}</p> : null;
  const phones = contact.data.phones;
  const count = rows ?? Math.max(phones.length, 1);
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setSaved(false);
    const form = new FormData(event.currentTarget);
    const text = (name: string) => String(form.get(name) ?? '').trim();
    const openingHours: Contact['openingHours'] = {};
    for (const [day] of DAYS) {
      if (text(`${day}-open`) && text(`${day}-close`)) openingHours[day] = [{ open: text(`${day}-open`), close: text(`${day}-close`) }];
    }
    save.mutate({
      phones: Array.from({ length: count }, (_, i) => ({ label: text(`phone-label-${i}`), number: text(`phone-number-${i}`) })).filter((p) => p.label || p.number),
      openingHours,
    });
  }
  return (
    <form className="card" aria-labelledby="contact-heading" onSubmit={submit}>
      <h2 id="contact-heading">Help-hub phone numbers and opening hours</h2>
      <FormError error={save.error} />
      {saved && <p className="success" role="status">Saved.</p>}
      <fieldset><legend>Phone numbers</legend>
        {Array.from({ length: count }, (_, i) => (
          <div className="row" key={i}>
            <div className="field"><label htmlFor={`phone-label-${i}`}>Label {i + 1}</label><input id={`phone-label-${i}`} name={`phone-label-${i}`} defaultValue={phones[i]?.label ?? ''} /></div>
            <div className="field"><label htmlFor={`phone-number-${i}`}>Number {i + 1}</label><input id={`phone-number-${i}`} name={`phone-number-${i}`} type="tel" defaultValue={phones[i]?.number ?? ''} /></div>
          </div>
        ))}
        <button type="button" className="secondary" onClick={() => setRows(count + 1)}>Add a number</button>
      </fieldset>
      <fieldset><legend>Opening hours (leave empty when closed)</legend>
        {DAYS.map(([day, name]) => {
          const range = contact.data.openingHours[day]?.[0];
          return (
            <div className="row" key={day}>
              <span className="day">{name}</span>
              <div className="field"><label htmlFor={`${day}-open`}>{name} opens</label><input id={`${day}-open`} name={`${day}-open`} type="time" defaultValue={range?.open ?? ''} /></div>
              <div className="field"><label htmlFor={`${day}-close`}>{name} closes</label><input id={`${day}-close`} name={`${day}-close`} type="time" defaultValue={range?.close ?? ''} /></div>
            </div>
          );
        })}
      </fieldset>
      <button type="submit" disabled={save.isPending}>Save contact settings</button>
    </form>
  );
}

function CalendarForm() {
  const queryClient = useQueryClient();
  const calendar = useQuery({ queryKey: ['admin', 'settings', 'calendar'], queryFn: () => unwrap(api.GET('/api/v1/admin/settings/calendar')) });
  const [extra, setExtra] = useState(0);
  const [saved, setSaved] = useState(false);
  const save = useMutation({
    mutationFn: (body: Calendar) => unwrap(api.PUT('/api/v1/admin/settings/calendar', { body })),
    onSuccess: (data) => { setSaved(true); setExtra(0); queryClient.setQueryData(['admin', 'settings', 'calendar'], data); },
  });
  if (!calendar.data) return calendar.isError ? <p className="field-error" role="alert">{calendar.error.message}</p> : null;
  const closures = calendar.data.closureDays;
  const count = closures.length + extra + 1;
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setSaved(false);
    const form = new FormData(event.currentTarget);
    const text = (name: string) => String(form.get(name) ?? '').trim();
    save.mutate({
      workingDays: form.getAll('workingDays').map(String) as Day[],
      businessHours: { start: text('hours-start'), end: text('hours-end') },
      closureDays: Array.from({ length: count }, (_, i) => ({ date: text(`closure-date-${i}`), name: text(`closure-name-${i}`) })).filter((c) => c.date || c.name),
    });
  }
  return (
    <form className="card" aria-labelledby="calendar-heading" onSubmit={submit} key={JSON.stringify(calendar.data)}>
      <h2 id="calendar-heading">Business calendar</h2>
      <FormError error={save.error} />
      {saved && <p className="success" role="status">Saved.</p>}
      <fieldset><legend>Working days</legend>
        {DAYS.map(([day, name]) => (
          <label key={day} className="checkbox"><input type="checkbox" name="workingDays" value={day} defaultChecked={calendar.data.workingDays.includes(day)} /> {name}</label>
        ))}
      </fieldset>
      <div className="row">
        <div className="field"><label htmlFor="hours-start">Business hours start</label><input id="hours-start" name="hours-start" type="time" required defaultValue={calendar.data.businessHours.start} /></div>
        <div className="field"><label htmlFor="hours-end">Business hours end</label><input id="hours-end" name="hours-end" type="time" required defaultValue={calendar.data.businessHours.end} /></div>
      </div>
      <fieldset><legend>Closure days</legend>
        {Array.from({ length: count }, (_, i) => (
          <div className="row" key={i}>
            <div className="field"><label htmlFor={`closure-date-${i}`}>Date {i + 1}</label><input id={`closure-date-${i}`} name={`closure-date-${i}`} type="date" defaultValue={closures[i]?.date ?? ''} /></div>
            <div className="field"><label htmlFor={`closure-name-${i}`}>Occasion {i + 1}</label><input id={`closure-name-${i}`} name={`closure-name-${i}`} defaultValue={closures[i]?.name ?? ''} /></div>
          </div>
        ))}
        <button type="button" className="secondary" onClick={() => setExtra(extra + 1)}>Add a closure day</button>
      </fieldset>
      <button type="submit" disabled={save.isPending}>Save calendar</button>
    </form>
  );
}
