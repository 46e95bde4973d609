import type { ArticleText } from './article.js';
import type { DefaultArticleSlug } from './default-articles.js';

/** The default articles in Spanish. Markup: article-markup.ts. */
export const DEFAULT_ARTICLES_ES: Record<DefaultArticleSlug, ArticleText> = {
  'where-is-my-package': {
    title: '¿Dónde está mi paquete? El seguimiento no se actualiza',
    summary: 'Qué significan los estados del seguimiento, por qué un paquete puede pasar uno o dos días sin escaneo y cuándo pedirnos que lo busquemos.',
    body: `Introduzca su número de seguimiento en [USPS Tracking](https://tools.usps.com/go/TrackConfirmAction_input). Lo encontrará en su recibo, en la etiqueta de envío o en el correo electrónico de envío del remitente.

## Por qué el seguimiento no ha cambiado
- **Label Created, not yet in system** (etiqueta creada): el remitente imprimió una etiqueta, pero todavía no nos ha entregado el paquete. Pregunte al remitente cuándo lo enviará.
- **In Transit, Arriving Late** (en tránsito, con retraso): el paquete avanza, pero va con retraso. La mayoría de los paquetes retrasados llegan en pocos días.
- Es normal que no haya un escaneo nuevo durante uno o dos días: los paquetes se escanean en los centros de procesamiento, no en cada camión.

## Cuándo contactarnos
Si el seguimiento no ha cambiado en 7 días, o la fecha de entrega prevista pasó hace más de una semana, [envíenos un mensaje sobre un paquete perdido](/contact/missing-package) con el número de seguimiento y la dirección de entrega, y comenzaremos una búsqueda.`,
  },
  'delivered-but-not-received': {
    title: 'Paquete marcado como entregado pero no recibido',
    summary: 'El seguimiento dice entregado, pero usted no tiene el paquete: dónde buscar primero y cómo pedirnos que lo encontremos.',
    body: `A veces un paquete se escanea como entregado un poco antes de llegar de verdad, o se deja en un lugar seguro que usted aún no ha revisado.

## Revise primero
1. Espere hasta el final del día siguiente: un paquete escaneado antes de tiempo suele aparecer para entonces.
2. Busque alrededor de su vivienda: el porche, las puertas laterales y traseras, el garaje, detrás de las plantas, su buzón y cualquier casillero de paquetes.
3. Pregunte a sus vecinos y a todas las personas de su dirección, y revise la sala de correo o la recepción de su edificio.
4. Abra los detalles del seguimiento: el escaneo de entrega puede indicar dónde se dejó, por ejemplo "Front Door/Porch" (puerta principal o porche) o "Parcel Locker" (casillero).

## ¿Todavía no lo ha recibido?
[Envíenos un mensaje sobre un paquete perdido](/contact/missing-package) con el número de seguimiento. Su oficina de correos lo consultará con el cartero que hizo la entrega. Si el paquete estaba asegurado, también puede [presentar una reclamación al seguro](/help/insurance-claim).`,
  },
  'missing-mail-search': {
    title: 'Correo o paquete que nunca llegó: solicite una búsqueda',
    summary: 'Cuando una carta o un paquete lleva 7 días o más de retraso, podemos buscarlo en nuestras instalaciones. Esto es lo que debe indicarnos.',
    body: `Si una carta o un paquete no ha llegado y lleva al menos 7 días de retraso, podemos buscarlo en nuestros centros de procesamiento y en el Mail Recovery Center, donde termina el correo extraviado.

Para ayudarnos a encontrarlo, indíquenos:
- el número de seguimiento, si lo tiene;
- las direcciones del remitente y del destinatario;
- la fecha de envío;
- su aspecto: tamaño, color y tipo de caja o sobre;
- qué contenía, con el mayor detalle posible (por ejemplo, "suéter de lana azul, talla M").

[Envíenos un mensaje sobre un paquete perdido](/contact/missing-package) con estos datos. Le responderemos con un número de caso y le diremos lo que encontremos. Una búsqueda no paga ninguna indemnización: si el envío estaba asegurado, [presente también una reclamación](/help/insurance-claim).`,
  },
  'priority-mail-express-refund': {
    title: 'Priority Mail Express llegó tarde: recupere el franqueo',
    summary: 'Priority Mail Express tiene garantía de devolución del dinero. Si llegó después de la hora garantizada, puede pedir el reembolso del franqueo.',
    body: `Priority Mail Express incluye una garantía de devolución del dinero: si el envío no se entrega, o no se intenta la entrega, en la fecha y hora garantizadas, el remitente puede pedir que se le devuelva el franqueo.

## Cómo pedir el reembolso
- Pídalo entre 2 y 30 días después de la fecha de envío.
- Tenga a mano el recibo de Priority Mail Express o el número de seguimiento de la etiqueta.
- Solicite el reembolso en [USPS refunds](https://www.usps.com/help/refunds.htm), en una oficina de correos o [envíenos una solicitud de reembolso](/contact/refund-claim).

La garantía no cubre algunos destinos ni los retrasos causados por el clima u otros hechos ajenos a nuestro control. El reembolso se hace a quien pagó el franqueo.

**¿Un envío urgente que todavía está en camino?** No espere una respuesta por correo electrónico: llame al 1-800-275-8777.`,
  },
  'insurance-claim': {
    title: 'Cómo presentar una reclamación al seguro por un envío perdido o dañado',
    summary: 'El correo asegurado, incluido el seguro que trae Priority Mail, se reclama en línea. Qué necesita y cuándo presentar la reclamación.',
    body: `Priority Mail y Priority Mail Express incluyen un seguro para la mayoría de los envíos (normalmente hasta 100 $), y puede contratar más en la ventanilla o en línea. La reclamación paga el valor del artículo, hasta el importe asegurado.

## Cuándo reclamar
- Artículo dañado o contenido faltante: lo antes posible y dentro de los 60 días siguientes a la fecha de envío.
- Artículo perdido: no antes de 15 días después del envío (7 días para Priority Mail Express) y dentro de los 60 días.

## Qué necesita
- el número de seguimiento o de seguro del recibo o de la etiqueta;
- un comprobante del valor, como un recibo de compra, una factura o un extracto bancario;
- si hay daños: fotos del artículo y de la caja. Guarde la caja y el embalaje hasta que se resuelva la reclamación.

Preséntela en línea en [USPS claims](https://www.usps.com/help/claims.htm); puede hacerlo el remitente o el destinatario. ¿Tiene una pregunta sobre una reclamación ya presentada? [Envíenos un mensaje](/contact/refund-claim) con el número de reclamación.`,
  },
  'damaged-item': {
    title: 'Mi envío llegó dañado',
    summary: 'Un paquete llegó roto o abierto: guárdelo todo, tome fotos y luego presente una reclamación o avísenos.',
    body: `Lamentamos que su envío haya llegado dañado. Antes de tirar nada:
1. Guarde el artículo, la caja y todo el material de embalaje: podríamos pedirle verlos.
2. Tome fotos claras del daño, de la caja por dentro y por fuera, y de la etiqueta.
3. Anote qué contenía y cuánto valía.

Si el envío estaba asegurado (Priority Mail y Priority Mail Express incluyen cierto seguro), [presente una reclamación al seguro](/help/insurance-claim) dentro de los 60 días siguientes a la fecha de envío.

Si no estaba asegurado, o cree que se manipuló mal, [infórmenos del problema con la entrega](/contact/delivery-problem) y adjunte sus fotos. Si el paquete llegó abierto y falta algo, díganos qué falta.`,
  },
  'change-of-address': {
    title: 'Cambio de dirección: reenvíe su correo cuando se mude',
    summary: 'Comuníquenos su nueva dirección en línea o en una oficina de correos. El correo se reenvía durante 12 meses; el reenvío puede tardar hasta 2 semanas en empezar.',
    body: `Cambie su dirección en línea en [USPS Change of Address](https://moversguide.usps.com) (se cobra un pequeño importe de verificación de identidad a una tarjeta registrada en su dirección anterior o nueva), o gratis con el formulario en una oficina de correos.

## Conviene saber
- Hágalo al menos 2 semanas antes de mudarse: el reenvío puede tardar de 7 a 10 días hábiles en empezar.
- El correo First-Class y los paquetes se reenvían durante 12 meses; las revistas y los periódicos, durante 60 días.
- ¿Solo se muda por un tiempo? Elija un cambio de dirección temporal, de 15 días hasta un año.
- Cada persona que se muda necesita su propio cambio de dirección, salvo que elija "familia" y compartan el apellido.
- Comunique usted mismo la nueva dirección a su banco, a su empleador y a los organismos públicos: el reenvío termina al cabo de un año.

¿Sigue llegando correo a su dirección anterior, o el reenvío no ha empezado después de 2 semanas? [Envíenos un mensaje sobre un cambio de dirección](/contact/address-change-hold) con el código de confirmación de su solicitud.`,
  },
  'hold-mail': {
    title: 'Retención de correo: guardamos su correo en la oficina de 3 a 30 días',
    summary: 'Pídanos que retengamos todo su correo y sus paquetes mientras está fuera; lo entregamos todo a su regreso. Es gratis.',
    body: `Con Hold Mail (retención de correo), su oficina de correos guarda todo su correo, paquetes incluidos, de 3 a 30 días. Es gratis.

- Solicítelo en [USPS Hold Mail](https://holdmail.usps.com), por teléfono al 1-800-275-8777 o en su oficina de correos. Puede pedirlo con hasta 30 días de antelación; hágalo al menos un día hábil antes de que empiece, para asegurarse de que comience a tiempo.
- Una sola solicitud sirve para todas las personas de la dirección.
- Cuando termina la retención, entregamos todo en la fecha final, o lo recoge usted en la oficina si eligió esa opción.
- Cambie o cancele las fechas en línea con su número de confirmación.

¿Estará fuera más de 30 días? Lea [si se va de viaje](/help/vacation-mail). ¿Le entregaron correo aunque tenía una retención? [Avísenos](/contact/address-change-hold) con su número de confirmación.`,
  },
  'vacation-mail': {
    title: '¿Se va de viaje? Qué hacer con su correo mientras está fuera',
    summary: 'Retenga su correo hasta 30 días, reenvíelo en viajes más largos y evite que los paquetes se acumulen en una casa vacía.',
    body: `## Fuera de 3 a 30 días
Use la [retención de correo](/help/hold-mail): su oficina de correos lo guarda todo y se lo entrega a su regreso.

## Fuera más tiempo
Use un [cambio de dirección](/help/change-of-address) temporal para que le reenviemos el correo a donde se aloje, de 15 días hasta un año. Indique una fecha final y el reenvío se detiene solo.

## Paquetes en camino
- Pida a los remitentes que envíen después de su regreso, o a una oficina de correos cercana a donde esté.
- Un paquete ya enviado a veces puede desviarse con [Package Intercept](/help/package-intercept).
- Con [Informed Delivery](/help/informed-delivery) ve lo que va a llegar, incluso mientras está fuera.

No deje que el correo se acumule en su buzón mientras viaja: indica que no hay nadie en casa.`,
  },
  'informed-delivery': {
    title: 'Informed Delivery: cómo inscribirse y qué hacer si faltan vistas previas',
    summary: 'Un correo electrónico diario y gratuito con imágenes de las cartas que llegan hoy. Cómo inscribirse y por qué algunos envíos no tienen imagen.',
    body: `Informed Delivery le muestra, por correo electrónico o en la aplicación, una imagen del frente de las cartas que entregaremos hoy, y le permite seguir sus paquetes en un solo lugar. Es gratis.

## Inscríbase
1. Vaya a [informeddelivery.usps.com](https://informeddelivery.usps.com) y compruebe que su dirección puede participar.
2. Cree una cuenta de USPS.com o inicie sesión.
3. Confirme su identidad en línea o con un código que le enviamos por correo postal a su dirección.

## Vistas previas que faltan o son incorrectas
- Solo el correo de tamaño carta que escanean nuestras máquinas tiene imagen. Los sobres grandes, los catálogos y las revistas a menudo no la tienen.
- Una vista previa muestra el correo previsto para hoy; puede llegar un día después.
- ¿Aparece correo de otra persona, o un envío que nunca llegó? Use "Report a problem" (informar de un problema) en el panel, o [envíenos un mensaje sobre Informed Delivery](/contact/informed-delivery).
- ¿No recibe ningún correo electrónico? Revise su carpeta de correo no deseado y la configuración de notificaciones de su cuenta.`,
  },
  redelivery: {
    title: '¿No estaba en casa? Programe una nueva entrega',
    summary: '¿Encontró un aviso? Pida una nueva entrega en línea o recoja el envío en la oficina de correos en un plazo de 15 días.',
    body: `Si nadie pudo firmar ni recibir su envío, el cartero deja un aviso (formulario PS 3849) y lleva el envío de vuelta a su oficina de correos.

## Sus opciones
- **Nueva entrega:** solicítela en [USPS Redelivery](https://tools.usps.com/redelivery.htm) o por teléfono al 1-800-275-8777, con el aviso o el número de seguimiento, y elija una fecha.
- **Recogerlo:** lleve el aviso y un documento de identidad con foto a la oficina indicada en él. Otra persona puede recogerlo por usted si firma el reverso del aviso.

Los envíos se guardan 15 días y luego se devuelven al remitente, así que no espere. ¿El seguimiento dice "Notice Left" (aviso dejado), pero no encontró ningún aviso? [Infórmenos del problema con la entrega](/contact/delivery-problem).`,
  },
  'package-intercept': {
    title: 'Package Intercept: detenga o desvíe un paquete antes de la entrega',
    summary: 'El remitente o el destinatario puede pedirnos que retengamos un paquete, que lo devolvamos o que lo enviemos a otra dirección, con un cargo.',
    body: `USPS Package Intercept desvía un paquete nacional que todavía no se ha entregado: lo retenemos en una oficina de correos, lo devolvemos al remitente o lo enviamos a otra dirección.

- Solicítelo en línea en [USPS Package Intercept](https://www.usps.com/manage/package-intercept.htm) con una cuenta de USPS.com, o en una oficina de correos.
- El paquete debe tener número de seguimiento y no puede estar en reparto ni entregado.
- Tiene un cargo, más el franqueo si el paquete debe viajar más. Si no podemos interceptarlo, se reembolsa el cargo.
- La intercepción no está garantizada: el paquete puede entregarse antes de que lo alcancemos.

¿Un paquete va a una dirección equivocada y no se pudo interceptar? [Envíenos un mensaje](/contact/delivery-problem) con el número de seguimiento.`,
  },
  'po-box': {
    title: 'Alquilar un apartado postal (PO Box)',
    summary: 'Tamaños de apartado, alquiler en línea o en una oficina de correos, la identificación que necesita y qué hacer si pierde la llave.',
    body: `Un apartado postal en su oficina de correos mantiene su correo privado y seguro, y usted lo recoge cuando le conviene.

## Alquile un apartado
1. Busque una oficina con apartados libres y compare tamaños y precios en [USPS PO Boxes](https://www.usps.com/manage/po-boxes.htm). Los precios dependen del tamaño y del lugar.
2. Resérvelo y páguelo en línea por 3, 6 o 12 meses, o pregunte en la ventanilla.
3. Lleve dos documentos de identificación, uno con foto, a la oficina de correos para recoger sus llaves.

## Conviene saber
- Los paquetes que no caben en el apartado esperan en la ventanilla; encontrará un aviso en su apartado.
- Renueve antes de que termine el periodo de alquiler, o se cerrará el apartado y se devolverá el correo.
- ¿Perdió la llave o se rompió la cerradura? Pregunte en la ventanilla: la llave o la cerradura nueva tienen un costo.

¿Una pregunta sobre un apartado que ya alquila? [Envíenos una pregunta general](/contact/general-question).`,
  },
  'passport-appointments-urgent-travel': {
    title: 'Pasaportes: citas en la oficina de correos y viajes urgentes',
    summary: 'Solicite su pasaporte en una oficina de correos con cita previa. ¿Viaja en los próximos 14 días? Llame al Centro Nacional de Información de Pasaportes.',
    body: `Muchas oficinas de correos aceptan solicitudes de pasaporte para el Departamento de Estado de EE. UU.: revisamos sus formularios y su identidad, le tomamos el juramento y enviamos la solicitud. El pasaporte lo expide el Departamento de Estado.

## Solicítelo en una oficina de correos
- Pida cita en [USPS passport services](https://www.usps.com/international/passports.htm) o en la ventanilla.
- Traiga el formulario DS-11 completo (no lo firme hasta que se lo pidan), una prueba de ciudadanía estadounidense, un documento de identidad con foto y una fotocopia, una foto de pasaporte y las tarifas. Los menores de 16 años necesitan a ambos padres o tutores.

## ¿Viaja pronto?
**¿Viaja en los próximos 14 días o tiene una emergencia de vida o muerte?** No nos envíe un correo electrónico: llame al Centro Nacional de Información de Pasaportes al **[1-877-487-2778](tel:+18774872778)** para obtener una cita en una agencia de pasaportes, y lleve una prueba de su viaje.

Los plazos y las tarifas los fija el Departamento de Estado: consulte [travel.state.gov](https://travel.state.gov/passport).`,
  },
  'lost-passport-application': {
    title: 'Mi solicitud de pasaporte parece perdida',
    summary: 'Consulte primero el estado de su solicitud con el Departamento de Estado; el recibo de la oficina de correos nos ayuda a rastrear el sobre.',
    body: `Después de presentar la solicitud en una oficina de correos, esta viaja al Departamento de Estado de EE. UU. por correo con seguimiento. La oficina de correos no la conserva y no puede ver su estado.

## Qué hacer
1. Espere unas 2 semanas y consulte [passportstatus.state.gov](https://passportstatus.state.gov) con su apellido, su fecha de nacimiento y los 4 últimos dígitos de su número de Seguro Social.
2. ¿Sigue apareciendo "Not Available" (no disponible) después de varias semanas? Llame al Centro Nacional de Información de Pasaportes al **[1-877-487-2778](tel:+18774872778)**.
3. Guarde su recibo de aceptación: muestra dónde y cuándo presentó la solicitud, y puede indicar el número de seguimiento del sobre en el que se envió.

Si el Departamento de Estado le dice que la solicitud nunca llegó, [envíenos un mensaje sobre pasaportes](/contact/passport) con los datos de su recibo y, si lo tiene, el número de seguimiento, y rastrearemos el sobre.

**¿Viaja en los próximos 14 días?** Llame ahora al 1-877-487-2778 en lugar de escribirnos.`,
  },
  'customs-delays': {
    title: 'Paquete internacional retenido en aduanas',
    summary: 'Por qué un paquete internacional puede quedarse "en aduanas" días o semanas, y qué pueden hacer el remitente y el destinatario.',
    body: `Todo paquete internacional lo revisa la aduana del país al que entra: la Oficina de Aduanas y Protección Fronteriza de EE. UU. para los paquetes que llegan y la aduana del otro país para los que salen. No podemos acelerar la aduana ni ver lo que ocurre dentro.

## Por qué tarda
- Épocas de mucho volumen e inspecciones al azar.
- Un formulario de aduanas que falta, está incompleto o es vago ("regalo", "piezas"), o un valor que parece incorrecto.
- Aranceles o impuestos por pagar: es posible que se pida al destinatario que pague antes de liberar el paquete.
- Artículos que necesitan licencia o están restringidos en ese país (vea [lo que no puede enviar al extranjero](/help/international-prohibited-items)).

## Qué puede hacer
- Siga el seguimiento: "Held in Customs" (retenido en aduanas) suele resolverse en pocos días, a veces en varias semanas.
- El remitente puede comprobar que el formulario de aduanas (PS 2976 o 2976-A) incluye cada artículo y su valor.
- El destinatario puede contactar con la aduana de su país con el número de seguimiento.

¿Más de 4 semanas sin novedades en el seguimiento? [Envíenos un mensaje sobre un paquete perdido](/contact/missing-package).`,
  },
  'international-prohibited-items': {
    title: 'Lo que no puede enviar al extranjero',
    summary: 'Artículos prohibidos o restringidos en el correo internacional, como perfumes con alcohol, aerosoles y baterías de litio sueltas, y cómo consultar un país.',
    body: `Algunos artículos no pueden enviarse nunca al extranjero, otros solo con condiciones, y cada país añade su propia lista.

## Nunca en el correo internacional
- Perfumes y colonias con alcohol, esmalte de uñas y otros líquidos inflamables.
- Aerosoles, gases, fósforos, encendedores, fuegos artificiales y munición.
- Baterías de litio sueltas (las instaladas en un aparato se permiten en algunos casos, con límites).
- Dinero en efectivo y monedas a la mayoría de los países, y drogas ilegales.

## Consulte antes de enviar
- Busque el destino en las [fichas de países del International Mail Manual](https://pe.usps.com/text/imm/immctry.htm): cada una indica lo que ese país prohíbe o restringe.
- Consulte las [restricciones de envío de USPS](https://www.usps.com/ship/shipping-restrictions.htm) sobre materiales peligrosos.
- Describa cada artículo con exactitud en el formulario de aduanas: una descripción vaga causa retrasos.

Los artículos prohibidos que se encuentran en el correo se devuelven, se decomisan o se destruyen, y el franqueo no se reembolsa.`,
  },
  'stamps-and-postage-prices': {
    title: 'Sellos y tarifas de franqueo',
    summary: 'Un sello Forever siempre paga una carta de una onza, cueste lo que cueste hoy. Dónde comprar sellos y cómo consultar las tarifas.',
    body: `## Sellos Forever
Un sello Forever siempre paga una carta First-Class de una onza dentro de Estados Unidos, aunque suban las tarifas. Los sellos Forever que compró hace años siguen siendo válidos.

## Cuánto cuesta
Las tarifas cambian, normalmente una o dos veces al año. Consulte el precio actual de una carta, un sobre grande, un paquete o un envío al extranjero con la [calculadora de franqueo](https://postcalc.usps.com), que también calcula servicios adicionales como el correo certificado.

- Una carta de más de una onza, un sobre cuadrado, o uno rígido o con bultos necesita franqueo adicional.
- El correo sin franqueo suficiente se devuelve al remitente o se entrega con franqueo pendiente de pago.

## Dónde comprar
En cualquier oficina de correos, en [the Postal Store](https://store.usps.com), en máquinas expendedoras de sellos y en muchos supermercados, farmacias y bancos. Compre a vendedores conocidos: los "sellos con descuento" que se venden en línea muy por debajo de su valor suelen ser falsos.`,
  },
  'certified-mail-return-receipt': {
    title: 'Correo certificado y acuse de recibo: prueba de envío y de entrega',
    summary: 'Certified Mail le da un recibo de envío y un registro de entrega; añada Return Receipt para obtener la firma del destinatario.',
    body: `Use el correo certificado (Certified Mail) cuando necesite demostrar que envió algo y que se entregó, por ejemplo avisos legales o documentos de impuestos.

## Qué obtiene
- **Certified Mail:** un recibo de envío con la fecha y un registro de entrega que puede seguir con el número de seguimiento.
- **Return Receipt** (acuse de recibo): la firma del destinatario, por correo electrónico (un PDF) o en la tarjeta verde (formulario PS 3811) que se le devuelve por correo.
- **Restricted Delivery** (entrega restringida), con un cargo adicional: solo puede firmar la persona indicada o su representante autorizado.

## Cómo enviarlo
Pídalo en la ventanilla de la oficina de correos, o rellene la etiqueta de Certified Mail (formulario PS 3800) y la tarjeta verde antes de ir. Guarde su recibo: es su prueba. El correo certificado es para envíos dentro de Estados Unidos; para el extranjero, pregunte por Registered Mail (correo registrado).

¿No ha vuelto la tarjeta verde, o no hay firma después de 2 semanas? [Envíenos un mensaje](/contact/tracking) con el número de Certified Mail.`,
  },
  'delivery-fee-scam-texts': {
    title: 'Los mensajes de texto sobre una tarifa de entrega o una entrega fallida son estafas',
    summary: 'Nunca le enviamos un mensaje de texto o un correo electrónico con un enlace para pedirle una tarifa, su tarjeta o sus datos personales para entregar un paquete. No haga clic; denúncielo.',
    body: `Los estafadores envían mensajes de texto y correos electrónicos que parecen del Servicio Postal: "su paquete no puede entregarse", "pague una tarifa de nueva entrega", "confirme su dirección". Llevan a sitios web falsos que roban números de tarjeta y datos personales.

## Cómo reconocerlos
- Solo enviamos mensajes de texto sobre un paquete si usted pidió avisos con su número de seguimiento, y esos mensajes nunca contienen un enlace.
- Nunca pedimos una tarifa para entregar un paquete que usted esperaba.
- Mire la dirección web: la nuestra termina en **usps.com**.

## Qué hacer
- No haga clic en el enlace ni responda.
- Reenvíe el mensaje al **7726** (SPAM) y envíe una captura de pantalla a [spam@uspis.gov](mailto:spam@uspis.gov).
- Después, bórrelo.

## ¿Ya introdujo sus datos?
Llame de inmediato a su banco o a la compañía de su tarjeta para bloquearla, y denuncie el robo de identidad en [IdentityTheft.gov](https://www.identitytheft.gov). También puede [contárnoslo](/contact/feedback-complaint).`,
  },
};
