/** Names and sentences shared by the benches' generated web forms and emails. */
export const FIRST_NAMES = ['Ana', 'James', 'Maria', 'Wei', 'Olu', 'Priya', 'Carlos', 'Fatima', 'John', 'Elena', 'Kenji', 'Amara', 'Luca', 'Sofia'];
export const LAST_NAMES = ['Popescu', 'Smith', 'Garcia', 'Chen', 'Adeyemi', 'Patel', 'Lopez', 'Haddad', 'Miller', 'Ivanova', 'Sato', 'Okafor', 'Rossi'];
export const EMAIL_DOMAINS = ['example.com', 'example.org', 'mail.example.net', 'post.example'];
export const SENTENCES = [
  'I ordered a parcel two weeks ago and it still has not arrived.',
  'The tracking page has shown the same status since Monday.',
  'The carrier left a notice but nobody knocked on the door.',
  'The box arrived crushed and the contents were broken.',
  'Could you tell me how long a mail hold can last?',
  'I am travelling next month and need my passport application status.',
  'My neighbour received my mail again this week.',
  'Please let me know what documents you need from me.',
  'The item was sent by Priority Mail Express and was guaranteed for yesterday.',
  'I already called the local office but they could not help.',
  'Thank you for looking into this <b>as soon as possible</b> & for your patience.',
  'Here are some more details: it was a small brown box, about 2 kg, sent from Ohio.',
];
