import type { ArticleText } from './article.js';
import type { DefaultArticleSlug } from './default-articles.js';

/** The default articles in English (the fallback of every other language). Markup: article-markup.ts. */
export const DEFAULT_ARTICLES_EN: Record<DefaultArticleSlug, ArticleText> = {
  'where-is-my-package': {
    title: 'Where is my package? Tracking has not updated',
    summary: 'What tracking statuses mean, why a package can go a day or two without a scan, and when to ask us to search.',
    body: `Enter your tracking number at [USPS Tracking](https://tools.usps.com/go/TrackConfirmAction_input). You find it on your receipt, on the shipping label, or in the sender's shipping email.

## Why tracking has not changed
- **Label Created, not yet in system**: the sender printed a label but has not handed the package to us yet. Ask the sender when they will ship it.
- **In Transit, Arriving Late**: the package is moving but behind schedule. Most late packages arrive within a few days.
- No new scan for a day or two is normal: packages are scanned at facilities, not on every truck.

## When to contact us
If tracking has not changed for 7 days, or the expected delivery date passed more than a week ago, [send us a message about a missing package](/contact/missing-package) with the tracking number and the delivery address, and we will start a search.`,
  },
  'delivered-but-not-received': {
    title: 'Package marked delivered but not received',
    summary: 'Tracking says delivered but you do not have the package: where to look first, and how to ask us to find it.',
    body: `Packages are sometimes scanned as delivered a little before they really arrive, or left in a safe place you have not checked yet.

## Check first
1. Wait until the end of the next day: a package scanned early usually turns up by then.
2. Look around your property: porch, side and back doors, garage, behind plants, your mailbox and any parcel locker.
3. Ask your neighbours and everyone at your address, and check the mail room or front desk of your building.
4. Open the tracking details: the delivery scan may say where it was left, such as "Front Door/Porch" or "Parcel Locker".

## Still not received?
[Send us a message about a missing package](/contact/missing-package) with the tracking number. Your Post Office will check with the carrier who delivered it. If the package was insured, you can also [file an insurance claim](/help/insurance-claim).`,
  },
  'missing-mail-search': {
    title: 'Mail or a package never arrived: start a missing mail search',
    summary: 'When a letter or package is 7 or more days late, we can search our facilities for it. Here is what to tell us.',
    body: `If a letter or package has not arrived and it is at least 7 days late, we can search for it in our processing facilities and at the Mail Recovery Center, where lost mail ends up.

To help us find it, tell us:
- the tracking number, if there is one;
- the sender's and the recipient's addresses;
- the mailing date;
- what it looks like: size, colour, and the kind of box or envelope;
- what was inside, as exactly as you can (for example "blue wool sweater, size M").

[Send us a message about a missing package](/contact/missing-package) with these details. We reply with a case number and tell you what we find. A search pays no compensation: if the item was insured, [file a claim](/help/insurance-claim) as well.`,
  },
  'priority-mail-express-refund': {
    title: 'Priority Mail Express arrived late: get your postage back',
    summary: 'Priority Mail Express has a money-back guarantee. If it arrived after the guaranteed time, you can ask for a refund of the postage.',
    body: `Priority Mail Express comes with a money-back guarantee: if the item is not delivered, or a delivery is not attempted, by the guaranteed date and time, the sender can ask for the postage back.

## How to ask for a refund
- Ask between 2 and 30 days after the mailing date.
- Have the Priority Mail Express receipt, or the tracking number from the label, at hand.
- Request the refund at [USPS refunds](https://www.usps.com/help/refunds.htm), at a Post Office, or [send us a refund request](/contact/refund-claim).

The guarantee does not cover some destinations, nor delays caused by weather or other events outside our control. The refund goes to whoever paid the postage.

**A time-critical item still on its way?** Do not wait for an email reply: call 1-800-275-8777.`,
  },
  'insurance-claim': {
    title: 'How to file an insurance claim for a lost or damaged item',
    summary: 'Insured mail, including the insurance that comes with Priority Mail, can be claimed online. What you need and when to file.',
    body: `Priority Mail and Priority Mail Express include insurance for most items (usually up to $100), and you can buy more at the counter or online. A claim pays the value of the item, up to the insured amount.

## When to file
- Damaged item or missing contents: as soon as possible, and within 60 days of the mailing date.
- Lost item: no sooner than 15 days after mailing (7 days for Priority Mail Express), and within 60 days.

## What you need
- the tracking or insurance number from the receipt or label;
- proof of value, such as a sales receipt, an invoice or a bank statement;
- for damage: photos of the item and of the box. Keep the box and the packing until the claim is settled.

File online at [USPS claims](https://www.usps.com/help/claims.htm); the sender or the recipient can file. A question about a claim you already filed? [Send us a message](/contact/refund-claim) with the claim number.`,
  },
  'damaged-item': {
    title: 'My item arrived damaged',
    summary: 'A package arrived broken or opened: keep everything, take photos, then file a claim or tell us.',
    body: `Sorry that your item arrived damaged. Before you throw anything away:
1. Keep the item, the box and all the packing material: we may ask to see them.
2. Take clear photos of the damage, of the box inside and outside, and of the label.
3. Write down what was inside and what it was worth.

If the item was insured (Priority Mail and Priority Mail Express include some insurance), [file an insurance claim](/help/insurance-claim) within 60 days of the mailing date.

If it was not insured, or you think it was mishandled, [tell us about the delivery problem](/contact/delivery-problem) and attach your photos. If the package arrived open and something is missing, tell us what is missing.`,
  },
  'change-of-address': {
    title: 'Change of address: forward your mail when you move',
    summary: 'Tell us your new address online or at a Post Office. Mail is forwarded for 12 months; allow up to 2 weeks for it to start.',
    body: `Change your address online at [USPS Change of Address](https://moversguide.usps.com) (a small identity-verification charge is made to a card registered at your old or new address), or free of charge with the form at a Post Office.

## Good to know
- Ask at least 2 weeks before you move: forwarding can take 7 to 10 business days to start.
- First-Class Mail and packages are forwarded for 12 months; magazines and newspapers for 60 days.
- Moving for a while only? Choose a temporary change of address, from 15 days up to one year.
- Everyone who moves needs a change of address, unless you choose "family" and share a last name.
- Tell your bank, your employer and government agencies yourself: forwarding ends after a year.

Mail still arriving at your old address, or forwarding not started after 2 weeks? [Send us a message about an address change](/contact/address-change-hold) with the confirmation code of your request.`,
  },
  'hold-mail': {
    title: 'Hold Mail: we keep your mail at the Post Office for 3 to 30 days',
    summary: 'Ask us to hold all your mail and packages while you are away; we deliver everything when you are back. It is free.',
    body: `With Hold Mail your Post Office keeps all your mail, packages included, for 3 to 30 days. It is free.

- Request it at [USPS Hold Mail](https://holdmail.usps.com), by phone at 1-800-275-8777, or at your Post Office. You can ask up to 30 days ahead; ask at least one business day before it starts, to be sure it begins on time.
- One request covers everyone at the address.
- When the hold ends, we deliver everything on the end date, or you collect it at the Post Office if you chose that.
- Change or cancel the dates online with your confirmation number.

Away for more than 30 days? Read [going away for a while](/help/vacation-mail). Mail delivered although a hold was in place? [Tell us](/contact/address-change-hold) with your confirmation number.`,
  },
  'vacation-mail': {
    title: 'Going away? Your choices for mail while you travel',
    summary: 'Hold your mail for up to 30 days, forward it for longer trips, and keep packages from piling up at an empty home.',
    body: `## Away for 3 to 30 days
Use [Hold Mail](/help/hold-mail): your Post Office keeps everything and delivers it when you are back.

## Away for longer
Use a temporary [change of address](/help/change-of-address) to have mail forwarded to where you are staying, for 15 days up to one year. Give an end date and forwarding stops by itself.

## Packages on the way
- Ask senders to ship after your return, or to a Post Office near where you are.
- A package already sent can sometimes be redirected with [Package Intercept](/help/package-intercept).
- With [Informed Delivery](/help/informed-delivery) you see what is coming, even while you are away.

Do not let mail pile up in your mailbox while you travel: it shows that nobody is home.`,
  },
  'informed-delivery': {
    title: 'Informed Delivery: sign up, and what to do when previews are missing',
    summary: 'A free daily email with pictures of the letters arriving today. How to sign up, and why some mail has no picture.',
    body: `Informed Delivery shows you, by email or in the app, a picture of the front of the letter-sized mail we will deliver today, and lets you follow your packages in one place. It is free.

## Sign up
1. Go to [informeddelivery.usps.com](https://informeddelivery.usps.com) and check that your address can take part.
2. Create a USPS.com account, or sign in.
3. Confirm your identity online, or with a code we send by mail to your address.

## Previews missing or wrong
- Only letter-sized mail that our machines scan gets a picture. Large envelopes, catalogues and magazines often do not.
- A preview shows mail expected today; it may arrive a day later.
- Someone else's mail in the preview, or a piece that never came? Use "Report a problem" in the dashboard, or [send us a message about Informed Delivery](/contact/informed-delivery).
- No emails at all? Check your spam folder and the notification settings of your account.`,
  },
  redelivery: {
    title: 'Missed a delivery? Schedule a redelivery',
    summary: 'Found a notice? Ask for a redelivery online or collect the item at the Post Office within 15 days.',
    body: `If nobody could sign for or receive your item, the carrier leaves a notice (PS Form 3849) and takes the item back to your Post Office.

## Your choices
- **Redelivery:** request it at [USPS Redelivery](https://tools.usps.com/redelivery.htm) or by phone at 1-800-275-8777, with the notice or the tracking number, and choose a date.
- **Collect it:** bring the notice and a photo ID to the Post Office named on it. Someone else can collect it for you if you sign the back of the notice.

Items are kept for 15 days and then returned to the sender, so do not wait. Tracking says "Notice Left" but there was no notice? [Tell us about the delivery problem](/contact/delivery-problem).`,
  },
  'package-intercept': {
    title: 'Package Intercept: stop or redirect a package before delivery',
    summary: 'The sender or the recipient can ask us to hold a package, send it back or send it to another address, for a fee.',
    body: `USPS Package Intercept redirects a domestic package that has not been delivered yet: we hold it at a Post Office, return it to the sender, or forward it to another address.

- Request it online at [USPS Package Intercept](https://www.usps.com/manage/package-intercept.htm) with a USPS.com account, or at a Post Office.
- The package needs a tracking number and must not be out for delivery or delivered yet.
- There is a fee, plus postage if it travels further. The fee is refunded if we cannot intercept the package.
- Interception is not guaranteed: a package can be delivered before we reach it.

A package on its way to a wrong address that could not be intercepted? [Send us a message](/contact/delivery-problem) with the tracking number.`,
  },
  'po-box': {
    title: 'Renting a PO Box',
    summary: 'Box sizes, renting online or at a Post Office, the identification you need, and what to do about a lost key.',
    body: `A PO Box at your Post Office keeps your mail private and safe, and you collect it when it suits you.

## Rent a box
1. Find a Post Office with free boxes and compare sizes and prices at [USPS PO Boxes](https://www.usps.com/manage/po-boxes.htm). Prices depend on the size and the location.
2. Reserve and pay online for 3, 6 or 12 months, or ask at the counter.
3. Bring two forms of identification, one with a photo, to the Post Office to collect your keys.

## Good to know
- Packages too big for the box wait at the counter; you find a notice in your box.
- Renew before the rental period ends, or the box is closed and the mail returned.
- Lost key or broken lock? Ask at the counter: a new key or lock is charged.

A question about a box you already rent? [Send us a general question](/contact/general-question).`,
  },
  'passport-appointments-urgent-travel': {
    title: 'Passports: appointments at the Post Office, and urgent travel',
    summary: 'Apply for a passport at a Post Office by appointment. Travelling within 14 days? Call the National Passport Information Center.',
    body: `Many Post Offices accept passport applications for the U.S. Department of State: we check your forms and identity, take your oath and send the application on. The Department of State issues the passport.

## Apply at a Post Office
- Book an appointment at [USPS passport services](https://www.usps.com/international/passports.htm) or at the counter.
- Bring the completed form DS-11 (do not sign it until you are asked to), proof of U.S. citizenship, a photo ID with a photocopy, a passport photo, and the fees. Children under 16 need both parents or guardians.

## Travelling soon?
**Travelling within 14 days, or a life-or-death emergency?** Do not send us an email: call the National Passport Information Center at **[1-877-487-2778](tel:+18774872778)** for an appointment at a passport agency, and bring proof of your travel.

Processing times and fees are set by the Department of State: see [travel.state.gov](https://travel.state.gov/passport).`,
  },
  'lost-passport-application': {
    title: 'My passport application seems lost',
    summary: 'Check the status of your application with the Department of State first; your Post Office receipt helps us trace the envelope.',
    body: `After you apply at a Post Office, your application travels to the U.S. Department of State by tracked mail. The Post Office does not keep it and cannot see its status.

## What to do
1. Wait about 2 weeks, then check [passportstatus.state.gov](https://passportstatus.state.gov) with your last name, date of birth and the last 4 digits of your Social Security number.
2. Still "Not Available" after several weeks? Call the National Passport Information Center at **[1-877-487-2778](tel:+18774872778)**.
3. Keep your acceptance receipt: it shows where and when you applied, and may show the tracking number of the envelope your application went in.

If the Department of State tells you the application never arrived, [send us a passport message](/contact/passport) with the details of your receipt and, if you have it, the tracking number, and we will trace the envelope.

**Travelling within 14 days?** Call 1-877-487-2778 now rather than writing to us.`,
  },
  'customs-delays': {
    title: 'International package held in customs',
    summary: 'Why an international package can stay "in customs" for days or weeks, and what the sender and the recipient can do.',
    body: `Every international package is checked by the customs of the country it enters: U.S. Customs and Border Protection for packages coming in, the other country's customs for packages going out. We cannot speed customs up or see inside it.

## Why it takes time
- Busy periods and random inspections.
- A customs form that is missing, incomplete or vague ("gift", "parts"), or a value that looks wrong.
- Duties or taxes to pay: the recipient may be asked to pay before the package is released.
- Items that need a licence or are restricted in that country (see [what you cannot send abroad](/help/international-prohibited-items)).

## What you can do
- Keep following the tracking: "Held in Customs" usually clears within a few days, sometimes several weeks.
- The sender can check that the customs form (PS Form 2976 or 2976-A) lists every item and its value.
- The recipient can contact the customs office of their country with the tracking number.

No tracking update for more than 4 weeks? [Send us a message about a missing package](/contact/missing-package).`,
  },
  'international-prohibited-items': {
    title: 'What you cannot send abroad',
    summary: 'Items prohibited or restricted in international mail, such as perfume with alcohol, aerosols and loose lithium batteries, and how to check a country.',
    body: `Some items may never be mailed abroad, others only under conditions, and every country adds its own list.

## Never in international mail
- Perfume and cologne containing alcohol, nail polish, and other flammable liquids.
- Aerosols, gases, matches, lighters, fireworks and ammunition.
- Loose lithium batteries (batteries installed in a device are allowed in some cases, within limits).
- Cash and coins to most countries, and illegal drugs.

## Check before you send
- Look up the destination in the [country listings of the International Mail Manual](https://pe.usps.com/text/imm/immctry.htm): each one lists what that country prohibits or restricts.
- See [USPS shipping restrictions](https://www.usps.com/ship/shipping-restrictions.htm) for hazardous materials.
- Describe every item exactly on the customs form: a vague description causes delays.

Prohibited items found in the mail are returned, seized or destroyed, and the postage is not refunded.`,
  },
  'stamps-and-postage-prices': {
    title: 'Stamps and postage prices',
    summary: 'A Forever stamp always pays for a one-ounce letter, whatever the price today. Where to buy stamps and how to check prices.',
    body: `## Forever stamps
A Forever stamp always pays for a one-ounce First-Class letter within the United States, even after prices go up. Forever stamps you bought years ago are still good.

## What it costs
Prices change, usually once or twice a year. Check today's price of a letter, a large envelope, a package or mail abroad with the [Postage Price Calculator](https://postcalc.usps.com), which also prices extra services such as Certified Mail.

- A letter over one ounce, a square envelope, or a rigid or lumpy one needs extra postage.
- Mail without enough postage is returned to the sender, or delivered with postage due.

## Where to buy
At any Post Office, at [the Postal Store](https://store.usps.com), from stamp machines, and at many supermarkets, pharmacies and banks. Buy from sellers you know: "discount stamps" sold online far below face value are often fake.`,
  },
  'certified-mail-return-receipt': {
    title: 'Certified Mail and Return Receipt: proof of mailing and delivery',
    summary: 'Certified Mail gives you a mailing receipt and a delivery record; add a Return Receipt to get the signature of the recipient.',
    body: `Use Certified Mail when you need to prove that you sent something and that it was delivered, for example legal notices or tax papers.

## What you get
- **Certified Mail:** a mailing receipt with the date, and a delivery record you can follow with the tracking number.
- **Return Receipt:** the recipient's signature, by email (a PDF) or on the green card (PS Form 3811) mailed back to you.
- **Restricted Delivery**, for an extra fee: only the named person, or their authorized agent, can sign.

## How to send it
Ask at the Post Office counter, or fill in the Certified Mail label (PS Form 3800) and the green card before you go. Keep your receipt: it is your proof. Certified Mail is for mail within the United States; for mail abroad, ask about Registered Mail.

Green card not back, or no signature after 2 weeks? [Send us a message](/contact/tracking) with the Certified Mail number.`,
  },
  'delivery-fee-scam-texts': {
    title: 'Texts about a delivery fee or a failed delivery are scams',
    summary: 'We never text or email you a link asking for a fee, your card or personal details to deliver a package. Do not click it; report it.',
    body: `Fraudsters send texts and emails that look like they come from the Postal Service: "your package cannot be delivered", "pay a redelivery fee", "confirm your address". They lead to fake websites that steal card numbers and personal details.

## How to tell
- We only send texts about a package when you asked for updates with its tracking number, and those texts never contain a link.
- We never ask for a fee to deliver a package you were expecting.
- Check the web address: ours ends in **usps.com**.

## What to do
- Do not click the link and do not reply.
- Forward the text to **7726** (SPAM), and email a screenshot to [spam@uspis.gov](mailto:spam@uspis.gov).
- Then delete it.

## Already entered your details?
Call your bank or card company at once to block the card, and report identity theft at [IdentityTheft.gov](https://www.identitytheft.gov). You can also [tell us about it](/contact/feedback-complaint).`,
  },
};
