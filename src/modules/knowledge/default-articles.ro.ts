import type { ArticleText } from './article.js';
import type { DefaultArticleSlug } from './default-articles.js';

/** The default articles in Romanian (with ș and ț, comma below). Markup: article-markup.ts. */
export const DEFAULT_ARTICLES_RO: Record<DefaultArticleSlug, ArticleText> = {
  'where-is-my-package': {
    title: 'Unde este coletul meu? Urmărirea nu s-a actualizat',
    summary: 'Ce înseamnă stările din urmărire, de ce un colet poate sta o zi sau două fără scanare și când să ne cereți să-l căutăm.',
    body: `Introduceți numărul de urmărire pe [USPS Tracking](https://tools.usps.com/go/TrackConfirmAction_input). Îl găsiți pe chitanță, pe eticheta de expediere sau în e-mailul de expediere primit de la expeditor.

## De ce nu s-a schimbat urmărirea
- **Label Created, not yet in system** (etichetă creată): expeditorul a tipărit o etichetă, dar nu ne-a predat încă coletul. Întrebați expeditorul când îl trimite.
- **In Transit, Arriving Late** (în tranzit, cu întârziere): coletul se deplasează, dar este în urmă cu programul. Cele mai multe colete întârziate ajung în câteva zile.
- Este normal să nu apară o scanare nouă o zi sau două: coletele sunt scanate în centrele de procesare, nu în fiecare camion.

## Când să ne contactați
Dacă urmărirea nu s-a schimbat de 7 zile sau data de livrare estimată a trecut de mai bine de o săptămână, [trimiteți-ne un mesaj despre un colet pierdut](/contact/missing-package) cu numărul de urmărire și adresa de livrare, iar noi vom începe o căutare.`,
  },
  'delivered-but-not-received': {
    title: 'Colet marcat ca livrat, dar nu l-am primit',
    summary: 'Urmărirea arată „livrat”, dar nu aveți coletul: unde să căutați mai întâi și cum ne cereți să-l găsim.',
    body: `Uneori un colet este scanat ca livrat puțin înainte de a ajunge cu adevărat sau este lăsat într-un loc sigur pe care nu l-ați verificat încă.

## Verificați mai întâi
1. Așteptați până la sfârșitul zilei următoare: un colet scanat mai devreme apare de obicei până atunci.
2. Căutați în jurul locuinței: verandă, ușile laterale și din spate, garaj, după plante, cutia poștală și orice dulap pentru colete.
3. Întrebați vecinii și pe toți cei de la adresa dumneavoastră și verificați camera de corespondență sau recepția clădirii.
4. Deschideți detaliile urmăririi: scanarea de livrare poate spune unde a fost lăsat coletul, de exemplu „Front Door/Porch” (ușa din față sau veranda) sau „Parcel Locker” (dulap pentru colete).

## Tot nu l-ați primit?
[Trimiteți-ne un mesaj despre un colet pierdut](/contact/missing-package) cu numărul de urmărire. Oficiul poștal va verifica împreună cu poștașul care a făcut livrarea. Dacă trimiterea era asigurată, puteți și [depune o cerere de despăgubire](/help/insurance-claim).`,
  },
  'missing-mail-search': {
    title: 'Corespondență sau colet care nu a mai ajuns: cereți o căutare',
    summary: 'Când o scrisoare sau un colet întârzie 7 zile sau mai mult, îl putem căuta în centrele noastre. Iată ce trebuie să ne spuneți.',
    body: `Dacă o scrisoare sau un colet nu a ajuns și întârzie de cel puțin 7 zile, îl putem căuta în centrele noastre de procesare și la Mail Recovery Center, unde ajunge corespondența rătăcită.

Ca să ne ajutați să-l găsim, spuneți-ne:
- numărul de urmărire, dacă există;
- adresele expeditorului și destinatarului;
- data expedierii;
- cum arată: mărimea, culoarea și tipul cutiei sau plicului;
- ce conținea, cât mai exact (de exemplu „pulover albastru din lână, mărimea M”).

[Trimiteți-ne un mesaj despre un colet pierdut](/contact/missing-package) cu aceste detalii. Vă răspundem cu un număr de caz și vă spunem ce găsim. Căutarea nu aduce o despăgubire: dacă trimiterea era asigurată, [depuneți și o cerere de despăgubire](/help/insurance-claim).`,
  },
  'priority-mail-express-refund': {
    title: 'Priority Mail Express a ajuns cu întârziere: recuperați taxa poștală',
    summary: 'Priority Mail Express are garanția banilor înapoi. Dacă a ajuns după ora garantată, puteți cere rambursarea taxei poștale.',
    body: `Priority Mail Express are garanția banilor înapoi: dacă trimiterea nu este livrată sau nu se încearcă livrarea până la data și ora garantate, expeditorul poate cere înapoi taxa poștală.

## Cum cereți rambursarea
- Cereți-o între 2 și 30 de zile de la data expedierii.
- Pregătiți chitanța Priority Mail Express sau numărul de urmărire de pe etichetă.
- Cereți rambursarea pe [USPS refunds](https://www.usps.com/help/refunds.htm), la un oficiu poștal sau [trimiteți-ne o cerere de rambursare](/contact/refund-claim).

Garanția nu acoperă unele destinații și nici întârzierile cauzate de vreme sau de alte evenimente în afara controlului nostru. Rambursarea se face celui care a plătit taxa poștală.

**O trimitere urgentă care este încă pe drum?** Nu așteptați un răspuns prin e-mail: sunați la 1-800-275-8777.`,
  },
  'insurance-claim': {
    title: 'Cum depuneți o cerere de despăgubire pentru o trimitere pierdută sau deteriorată',
    summary: 'Pentru trimiterile asigurate, inclusiv asigurarea inclusă în Priority Mail, despăgubirea se cere online. Ce vă trebuie și când depuneți cererea.',
    body: `Priority Mail și Priority Mail Express includ o asigurare pentru majoritatea trimiterilor (de obicei până la 100 $), iar la ghișeu sau online puteți cumpăra o asigurare mai mare. Despăgubirea acoperă valoarea obiectului, până la suma asigurată.

## Când depuneți cererea
- Obiect deteriorat sau conținut lipsă: cât mai repede, în cel mult 60 de zile de la data expedierii.
- Obiect pierdut: nu mai devreme de 15 zile de la expediere (7 zile pentru Priority Mail Express) și în cel mult 60 de zile.

## Ce vă trebuie
- numărul de urmărire sau de asigurare de pe chitanță sau etichetă;
- o dovadă a valorii, de exemplu bonul de cumpărare, o factură sau un extras bancar;
- pentru deteriorare: fotografii ale obiectului și ale cutiei. Păstrați cutia și ambalajul până la soluționarea cererii.

Depuneți cererea online pe [USPS claims](https://www.usps.com/help/claims.htm); o poate face expeditorul sau destinatarul. Aveți o întrebare despre o cerere deja depusă? [Trimiteți-ne un mesaj](/contact/refund-claim) cu numărul cererii.`,
  },
  'damaged-item': {
    title: 'Trimiterea mea a ajuns deteriorată',
    summary: 'Un colet a ajuns spart sau deschis: păstrați totul, faceți fotografii, apoi cereți despăgubire sau anunțați-ne.',
    body: `Ne pare rău că trimiterea a ajuns deteriorată. Înainte să aruncați ceva:
1. Păstrați obiectul, cutia și tot ambalajul: s-ar putea să vă cerem să le vedem.
2. Faceți fotografii clare ale deteriorării, ale cutiei pe dinăuntru și pe dinafară și ale etichetei.
3. Notați ce conținea și cât valora.

Dacă trimiterea era asigurată (Priority Mail și Priority Mail Express includ o asigurare), [depuneți o cerere de despăgubire](/help/insurance-claim) în cel mult 60 de zile de la data expedierii.

Dacă nu era asigurată sau credeți că a fost manipulată greșit, [spuneți-ne despre problema de livrare](/contact/delivery-problem) și atașați fotografiile. Dacă coletul a ajuns deschis și lipsește ceva, spuneți-ne ce lipsește.`,
  },
  'change-of-address': {
    title: 'Schimbarea adresei: redirecționați corespondența când vă mutați',
    summary: 'Anunțați-ne noua adresă online sau la un oficiu poștal. Corespondența este redirecționată 12 luni; redirecționarea poate începe abia după 2 săptămâni.',
    body: `Schimbați adresa online pe [USPS Change of Address](https://moversguide.usps.com) (se percepe o mică taxă de verificare a identității de pe un card înregistrat la adresa veche sau nouă) sau gratuit, cu formularul de la un oficiu poștal.

## Bine de știut
- Cereți schimbarea cu cel puțin 2 săptămâni înainte de mutare: redirecționarea poate începe după 7–10 zile lucrătoare.
- Corespondența First-Class și coletele sunt redirecționate 12 luni; revistele și ziarele, 60 de zile.
- Vă mutați doar pentru o vreme? Alegeți o schimbare temporară de adresă, de la 15 zile până la un an.
- Fiecare persoană care se mută are nevoie de propria schimbare de adresă, cu excepția cazului în care alegeți „familie” și aveți același nume de familie.
- Anunțați singuri banca, angajatorul și instituțiile publice: redirecționarea se încheie după un an.

Corespondența ajunge în continuare la adresa veche sau redirecționarea nu a început după 2 săptămâni? [Trimiteți-ne un mesaj despre schimbarea adresei](/contact/address-change-hold) cu codul de confirmare al cererii.`,
  },
  'hold-mail': {
    title: 'Reținerea corespondenței: o păstrăm la oficiul poștal 3–30 de zile',
    summary: 'Cereți-ne să vă reținem toată corespondența și coletele cât sunteți plecat; vă livrăm totul la întoarcere. Este gratuit.',
    body: `Cu Hold Mail (reținerea corespondenței), oficiul poștal vă păstrează toată corespondența, inclusiv coletele, între 3 și 30 de zile. Este gratuit.

- Cereți reținerea pe [USPS Hold Mail](https://holdmail.usps.com), la telefon 1-800-275-8777 sau la oficiul poștal. O puteți cere cu până la 30 de zile înainte; cereți-o cu cel puțin o zi lucrătoare înainte de început, ca să fiți sigur că pornește la timp.
- O singură cerere acoperă toate persoanele de la adresă.
- La sfârșitul reținerii livrăm totul în ziua de final sau o ridicați de la oficiu, dacă ați ales asta.
- Schimbați sau anulați datele online, cu numărul de confirmare.

Lipsiți mai mult de 30 de zile? Citiți [dacă plecați pentru o vreme](/help/vacation-mail). Vi s-a livrat corespondență deși aveați reținere? [Anunțați-ne](/contact/address-change-hold) cu numărul de confirmare.`,
  },
  'vacation-mail': {
    title: 'Plecați în concediu? Ce puteți face cu corespondența',
    summary: 'Rețineți corespondența până la 30 de zile, redirecționați-o pentru călătorii mai lungi și nu lăsați coletele să se adune la o casă goală.',
    body: `## Plecat între 3 și 30 de zile
Folosiți [reținerea corespondenței](/help/hold-mail): oficiul poștal păstrează totul și vă livrează la întoarcere.

## Plecat mai mult timp
Folosiți o [schimbare de adresă](/help/change-of-address) temporară, ca să vă redirecționăm corespondența acolo unde stați, de la 15 zile până la un an. Indicați o dată de final și redirecționarea se oprește singură.

## Colete pe drum
- Rugați expeditorii să trimită după întoarcerea dumneavoastră sau la un oficiu poștal aproape de locul unde vă aflați.
- Un colet deja trimis poate fi uneori redirecționat cu [Package Intercept](/help/package-intercept).
- Cu [Informed Delivery](/help/informed-delivery) vedeți ce urmează să sosească, chiar și cât sunteți plecat.

Nu lăsați corespondența să se adune în cutia poștală cât călătoriți: arată că nu este nimeni acasă.`,
  },
  'informed-delivery': {
    title: 'Informed Delivery: înscrierea și ce faceți când lipsesc previzualizările',
    summary: 'Un e-mail zilnic gratuit cu imagini ale scrisorilor care sosesc azi. Cum vă înscrieți și de ce unele trimiteri nu au imagine.',
    body: `Informed Delivery vă arată, prin e-mail sau în aplicație, o imagine a feței scrisorilor pe care le livrăm astăzi și vă permite să urmăriți coletele într-un singur loc. Este gratuit.

## Înscrierea
1. Intrați pe [informeddelivery.usps.com](https://informeddelivery.usps.com) și verificați dacă adresa dumneavoastră poate participa.
2. Creați un cont USPS.com sau conectați-vă.
3. Confirmați-vă identitatea online sau cu un cod pe care vi-l trimitem prin poștă la adresă.

## Previzualizări lipsă sau greșite
- Doar scrisorile de format obișnuit scanate de mașinile noastre primesc imagine. Plicurile mari, cataloagele și revistele adesea nu au.
- O previzualizare arată corespondența așteptată azi; poate sosi o zi mai târziu.
- Apare corespondența altcuiva sau o trimitere care nu a mai venit? Folosiți „Report a problem” (raportați o problemă) din panou sau [trimiteți-ne un mesaj despre Informed Delivery](/contact/informed-delivery).
- Nu primiți niciun e-mail? Verificați dosarul de spam și setările de notificare din cont.`,
  },
  redelivery: {
    title: 'Nu erați acasă la livrare? Programați o nouă livrare',
    summary: 'Ați găsit un aviz? Cereți online o nouă livrare sau ridicați trimiterea de la oficiul poștal în 15 zile.',
    body: `Dacă nimeni nu a putut semna sau primi trimiterea, poștașul lasă un aviz (formularul PS 3849) și duce trimiterea înapoi la oficiul poștal.

## Ce puteți face
- **O nouă livrare:** cereți-o pe [USPS Redelivery](https://tools.usps.com/redelivery.htm) sau la telefon 1-800-275-8777, cu avizul sau numărul de urmărire, și alegeți o dată.
- **Ridicarea:** veniți cu avizul și un act de identitate cu fotografie la oficiul poștal scris pe aviz. Altcineva o poate ridica în locul dumneavoastră dacă semnați pe spatele avizului.

Trimiterile sunt păstrate 15 zile, apoi sunt returnate expeditorului, așa că nu așteptați. Urmărirea arată „Notice Left” (aviz lăsat), dar nu ați găsit niciun aviz? [Spuneți-ne despre problema de livrare](/contact/delivery-problem).`,
  },
  'package-intercept': {
    title: 'Package Intercept: opriți sau redirecționați un colet înainte de livrare',
    summary: 'Expeditorul sau destinatarul ne poate cere, contra cost, să reținem un colet, să-l trimitem înapoi sau la altă adresă.',
    body: `USPS Package Intercept redirecționează un colet intern care nu a fost încă livrat: îl reținem la un oficiu poștal, îl returnăm expeditorului sau îl trimitem la altă adresă.

- Cereți interceptarea online pe [USPS Package Intercept](https://www.usps.com/manage/package-intercept.htm), cu un cont USPS.com, sau la un oficiu poștal.
- Coletul trebuie să aibă număr de urmărire și să nu fie deja în curs de livrare sau livrat.
- Se percepe o taxă, plus taxa poștală dacă coletul trebuie să meargă mai departe. Dacă nu putem intercepta coletul, taxa se rambursează.
- Interceptarea nu este garantată: coletul poate fi livrat înainte să-l putem opri.

Un colet merge la o adresă greșită și nu a putut fi interceptat? [Trimiteți-ne un mesaj](/contact/delivery-problem) cu numărul de urmărire.`,
  },
  'po-box': {
    title: 'Închirierea unei căsuțe poștale (PO Box)',
    summary: 'Mărimile căsuțelor, închirierea online sau la un oficiu poștal, actele necesare și ce faceți dacă pierdeți cheia.',
    body: `O căsuță poștală la oficiul poștal vă păstrează corespondența privată și în siguranță, iar dumneavoastră o ridicați când vă convine.

## Închiriați o căsuță
1. Găsiți un oficiu cu căsuțe libere și comparați mărimile și prețurile pe [USPS PO Boxes](https://www.usps.com/manage/po-boxes.htm). Prețurile depind de mărime și de localitate.
2. Rezervați și plătiți online pentru 3, 6 sau 12 luni sau întrebați la ghișeu.
3. Veniți la oficiul poștal cu două acte de identitate, unul cu fotografie, ca să primiți cheile.

## Bine de știut
- Coletele prea mari pentru căsuță vă așteaptă la ghișeu; găsiți un aviz în căsuță.
- Reînnoiți înainte de sfârșitul perioadei de închiriere, altfel căsuța se închide și corespondența se returnează.
- Ați pierdut cheia sau s-a stricat încuietoarea? Întrebați la ghișeu: cheia sau încuietoarea nouă se plătește.

O întrebare despre o căsuță pe care o închiriați deja? [Trimiteți-ne o întrebare generală](/contact/general-question).`,
  },
  'passport-appointments-urgent-travel': {
    title: 'Pașapoarte: programări la oficiul poștal și călătorii urgente',
    summary: 'Depuneți cererea de pașaport la un oficiu poștal, cu programare. Călătoriți în următoarele 14 zile? Sunați la National Passport Information Center.',
    body: `Multe oficii poștale primesc cereri de pașaport pentru Departamentul de Stat al SUA: vă verificăm formularele și identitatea, vă luăm jurământul și trimitem cererea mai departe. Pașaportul este emis de Departamentul de Stat.

## Depunerea la un oficiu poștal
- Faceți o programare pe [USPS passport services](https://www.usps.com/international/passports.htm) sau la ghișeu.
- Aduceți formularul DS-11 completat (nu-l semnați până nu vi se cere), dovada cetățeniei americane, un act de identitate cu fotografie și o fotocopie a lui, o fotografie de pașaport și taxele. Copiii sub 16 ani au nevoie de ambii părinți sau tutori.

## Călătoriți curând?
**Călătoriți în următoarele 14 zile sau aveți o urgență de viață și de moarte?** Nu ne trimiteți un e-mail: sunați la National Passport Information Center, **[1-877-487-2778](tel:+18774872778)**, pentru o programare la o agenție de pașapoarte, și aduceți dovada călătoriei.

Termenele și taxele sunt stabilite de Departamentul de Stat: vedeți [travel.state.gov](https://travel.state.gov/passport).`,
  },
  'lost-passport-application': {
    title: 'Cererea mea de pașaport pare pierdută',
    summary: 'Verificați mai întâi starea cererii la Departamentul de Stat; chitanța de la oficiul poștal ne ajută să urmărim plicul.',
    body: `După ce depuneți cererea la un oficiu poștal, aceasta ajunge la Departamentul de Stat al SUA printr-o trimitere cu urmărire. Oficiul poștal nu o păstrează și nu îi poate vedea starea.

## Ce faceți
1. Așteptați aproximativ 2 săptămâni, apoi verificați pe [passportstatus.state.gov](https://passportstatus.state.gov) cu numele de familie, data nașterii și ultimele 4 cifre ale numărului de asigurare socială (Social Security).
2. Tot „Not Available” (indisponibil) după câteva săptămâni? Sunați la National Passport Information Center, **[1-877-487-2778](tel:+18774872778)**.
3. Păstrați chitanța de depunere: arată unde și când ați depus cererea și poate conține numărul de urmărire al plicului în care a fost trimisă.

Dacă Departamentul de Stat vă spune că cererea nu a ajuns, [trimiteți-ne un mesaj despre pașaport](/contact/passport) cu datele de pe chitanță și, dacă îl aveți, numărul de urmărire, iar noi vom urmări plicul.

**Călătoriți în următoarele 14 zile?** Sunați acum la 1-877-487-2778, în loc să ne scrieți.`,
  },
  'customs-delays': {
    title: 'Colet internațional reținut în vamă',
    summary: 'De ce un colet internațional poate sta „în vamă” zile sau săptămâni și ce pot face expeditorul și destinatarul.',
    body: `Orice colet internațional este verificat de vama țării în care intră: U.S. Customs and Border Protection pentru coletele care sosesc, vama celeilalte țări pentru coletele care pleacă. Nu putem grăbi vama și nici nu vedem ce se întâmplă acolo.

## De ce durează
- Perioade aglomerate și controale întâmplătoare.
- O declarație vamală lipsă, incompletă sau vagă („cadou”, „piese”) sau o valoare care pare greșită.
- Taxe vamale sau impozite de plătit: destinatarului i se poate cere să plătească înainte de eliberarea coletului.
- Obiecte care au nevoie de licență sau sunt restricționate în acea țară (vedeți [ce nu puteți trimite în străinătate](/help/international-prohibited-items)).

## Ce puteți face
- Urmăriți în continuare coletul: „Held in Customs” (reținut în vamă) se rezolvă de obicei în câteva zile, uneori în câteva săptămâni.
- Expeditorul poate verifica dacă declarația vamală (formularul PS 2976 sau 2976-A) cuprinde fiecare obiect și valoarea lui.
- Destinatarul poate contacta vama din țara sa, cu numărul de urmărire.

Nicio actualizare a urmăririi de peste 4 săptămâni? [Trimiteți-ne un mesaj despre un colet pierdut](/contact/missing-package).`,
  },
  'international-prohibited-items': {
    title: 'Ce nu puteți trimite în străinătate',
    summary: 'Obiecte interzise sau restricționate în trimiterile internaționale, precum parfumul cu alcool, spray-urile și bateriile cu litiu separate, și cum verificați o țară.',
    body: `Unele obiecte nu pot fi trimise niciodată în străinătate, altele doar în anumite condiții, iar fiecare țară are propria listă.

## Niciodată în trimiterile internaționale
- Parfum și apă de colonie cu alcool, lac de unghii și alte lichide inflamabile.
- Spray-uri (aerosoli), gaze, chibrituri, brichete, artificii și muniție.
- Baterii cu litiu separate (bateriile montate într-un aparat sunt permise în unele cazuri, cu limite).
- Bani numerar și monede către majoritatea țărilor, precum și droguri ilegale.

## Verificați înainte să trimiteți
- Căutați destinația în [fișele de țară din International Mail Manual](https://pe.usps.com/text/imm/immctry.htm): fiecare arată ce interzice sau restricționează țara respectivă.
- Vedeți [restricțiile de expediere USPS](https://www.usps.com/ship/shipping-restrictions.htm) pentru materialele periculoase.
- Descrieți exact fiecare obiect în declarația vamală: o descriere vagă produce întârzieri.

Obiectele interzise găsite în trimiteri sunt returnate, confiscate sau distruse, iar taxa poștală nu se rambursează.`,
  },
  'stamps-and-postage-prices': {
    title: 'Timbre și tarife poștale',
    summary: 'Un timbru Forever plătește întotdeauna o scrisoare de o uncie, oricât ar costa azi. De unde cumpărați timbre și cum verificați tarifele.',
    body: `## Timbrele Forever
Un timbru Forever plătește întotdeauna o scrisoare First-Class de o uncie în interiorul Statelor Unite, chiar și după ce tarifele cresc. Timbrele Forever cumpărate acum câțiva ani sunt în continuare valabile.

## Cât costă
Tarifele se schimbă, de obicei o dată sau de două ori pe an. Verificați prețul de azi pentru o scrisoare, un plic mare, un colet sau o trimitere în străinătate cu [calculatorul de tarife poștale](https://postcalc.usps.com), care calculează și servicii suplimentare precum Certified Mail.

- O scrisoare de peste o uncie, un plic pătrat sau unul rigid ori cu denivelări are nevoie de timbre suplimentare.
- Trimiterile fără suficiente timbre sunt returnate expeditorului sau livrate cu plata diferenței de către destinatar.

## De unde cumpărați
De la orice oficiu poștal, din [the Postal Store](https://store.usps.com), de la automatele de timbre și din multe supermarketuri, farmacii și bănci. Cumpărați de la vânzători cunoscuți: „timbrele la reducere” vândute online mult sub valoarea nominală sunt adesea false.`,
  },
  'certified-mail-return-receipt': {
    title: 'Certified Mail și confirmarea de primire: dovada expedierii și a livrării',
    summary: 'Certified Mail vă dă o chitanță de expediere și o evidență a livrării; adăugați Return Receipt ca să aveți semnătura destinatarului.',
    body: `Folosiți Certified Mail (trimitere recomandată) când trebuie să dovediți că ați trimis ceva și că a fost livrat, de exemplu notificări juridice sau acte fiscale.

## Ce primiți
- **Certified Mail:** o chitanță de expediere cu data și o evidență a livrării, pe care o urmăriți cu numărul de urmărire.
- **Return Receipt** (confirmare de primire): semnătura destinatarului, prin e-mail (un PDF) sau pe cartonașul verde (formularul PS 3811) trimis înapoi prin poștă.
- **Restricted Delivery** (livrare restricționată), contra unei taxe suplimentare: poate semna doar persoana numită sau împuternicitul ei.

## Cum o trimiteți
Cereți-o la ghișeul oficiului poștal sau completați dinainte eticheta Certified Mail (formularul PS 3800) și cartonașul verde. Păstrați chitanța: este dovada dumneavoastră. Certified Mail este pentru trimiteri în interiorul Statelor Unite; pentru străinătate, întrebați de Registered Mail.

Cartonașul verde nu s-a întors sau nu există semnătură după 2 săptămâni? [Trimiteți-ne un mesaj](/contact/tracking) cu numărul Certified Mail.`,
  },
  'delivery-fee-scam-texts': {
    title: 'SMS-urile despre o taxă de livrare sau o livrare eșuată sunt înșelătorii',
    summary: 'Nu vă trimitem niciodată un SMS sau un e-mail cu un link prin care să vă cerem o taxă, cardul sau date personale ca să livrăm un colet. Nu dați clic; raportați mesajul.',
    body: `Escrocii trimit SMS-uri și e-mailuri care par să vină de la Serviciul Poștal: „coletul dumneavoastră nu poate fi livrat”, „plătiți o taxă de relivrare”, „confirmați-vă adresa”. Ele duc la site-uri false care fură numerele cardurilor și datele personale.

## Cum le recunoașteți
- Trimitem SMS-uri despre un colet doar dacă ați cerut actualizări cu numărul lui de urmărire, iar acele mesaje nu conțin niciodată un link.
- Nu cerem niciodată o taxă ca să livrăm un colet pe care îl așteptați.
- Uitați-vă la adresa web: a noastră se termină în **usps.com**.

## Ce faceți
- Nu dați clic pe link și nu răspundeți.
- Trimiteți mesajul mai departe la **7726** (SPAM) și trimiteți o captură de ecran la [spam@uspis.gov](mailto:spam@uspis.gov).
- Apoi ștergeți-l.

## Ați introdus deja datele?
Sunați imediat la bancă sau la emitentul cardului ca să-l blocați și raportați furtul de identitate pe [IdentityTheft.gov](https://www.identitytheft.gov). Ne puteți [spune și nouă](/contact/feedback-complaint).`,
  },
};
