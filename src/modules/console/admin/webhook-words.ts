import type { Locale } from '../../../common/i18n/locale';
import type { WebhookDeliveryDto } from '../../webhooks/webhook-delivery-log';
import type { WebhookKind } from '../../webhooks/webhook-endpoint.entity';

type DeliveryStatus = WebhookDeliveryDto['status'];
/** Why an endpoint stopped (`disabledReason`), and what was just done (`?done=…`). */
export type DisabledReason = 'gone' | 'failing' | 'admin';
export type WebhookDone = 'saved' | 'enabled' | 'disabled' | 'deleted' | 'test' | 'redelivered';

/**
 * The webhooks pages' words in each language (the type check names a table that lacks one). The
 * console reads English today (`CONSOLE_LOCALE`); the Finnish is here so a Finnish console is a
 * setting, not a rewrite. The events' own words are the catalogue's (`WEBHOOK_EVENT_LABELS`).
 */
export interface WebhookWords {
  title: string;
  intro: string;
  endpoints: string;
  url: string;
  urlHint: string;
  kind: string;
  kinds: Record<WebhookKind, string>;
  description: string;
  descriptionHint: string;
  events: string;
  allEvents: string;
  allEventsLabel: string;
  /** Which events a chat endpoint takes, their names given. */
  chatEventsHint: (events: string) => string;
  includeAnonymous: string;
  ordered: string;
  headers: string;
  headersHint: string;
  headerName: string;
  headerValue: string;
  /** "Header 2", a row of the static headers. */
  headerRow: (n: number) => string;
  /** The subject of a refusal about a named header: "The header X-Token". */
  headerNamed: (name: string) => string;
  enabledLabel: string;
  status: string;
  /** An endpoint's state: enabled, enabled but failing now, or disabled and why. */
  statuses: Record<'enabled' | 'failingNow' | 'disabled' | DisabledReason, string>;
  failingSince: string;
  noEndpoints: string;
  add: string;
  addButton: string;
  save: string;
  settings: string;
  errorsOne: string;
  errorsMany: string;
  allEndpoints: string;
  endpoint: string;
  created: string;
  secret: string;
  secretOnce: string;
  secretRotated: string;
  oldSecretUntil: string;
  verify: string;
  chatUnsigned: string;
  previousSecret: string;
  rotate: string;
  rotateHint: string;
  test: string;
  testHint: string;
  disable: string;
  enable: string;
  delete: string;
  deleteQuestion: string;
  deleteConfirm: string;
  keep: string;
  log: string;
  deliveryStatus: string;
  anyStatus: string;
  show: string;
  deliveryStatuses: Record<DeliveryStatus, string>;
  testEvent: string;
  event: string;
  messageId: string;
  attempts: string;
  response: string;
  latency: string;
  queued: string;
  nextAttempt: string;
  error: string;
  answer: string;
  answerShow: string;
  actions: string;
  redeliver: string;
  noDeliveries: string;
  noDeliveriesOfStatus: string;
  older: string;
  newest: string;
  done: Record<WebhookDone, string>;
  /** Form-level refusals, before the endpoint is saved. */
  chooseEvents: string;
  chatOnly: (events: string) => string;
  valueWithoutName: string;
  namedTwice: string;
}

export const WEBHOOK_WORDS: Record<Locale, WebhookWords> = {
  en: {
    title: 'Webhooks',
    intro:
      'Candor tells other systems what happens (answers, cases, consents) by posting each event to their URL as it happens: signed JSON to a CRM or a script, or a short message to a Slack or Microsoft Teams channel.',
    endpoints: 'Endpoints',
    url: 'URL',
    urlHint:
      'Where the events are posted, starting with https:// (for Slack or Teams, the channel’s incoming-webhook URL).',
    kind: 'Kind',
    kinds: {
      standard: 'Signed JSON (Standard Webhooks)',
      slack: 'Slack channel',
      teams: 'Microsoft Teams channel',
    },
    description: 'Description',
    descriptionHint: 'What receives the events, for whoever reads this list.',
    events: 'Events',
    allEvents: 'All events',
    allEventsLabel: 'All events, including those added later',
    chatEventsHint: (events) => `Slack and Teams channels take only these: ${events}.`,
    includeAnonymous:
      'Also send anonymous answers (an answer received, with nothing that identifies the customer)',
    ordered: 'Deliver a case’s events in order: each one only once the one before it was received',
    headers: 'Static headers',
    headersHint:
      'Sent with every delivery, such as a token the receiver expects; at most 10. A saved header’s value is not shown: leave it empty to keep it, type a new one to replace it, and clear the name to remove the header.',
    headerName: 'Name',
    headerValue: 'Value',
    headerRow: (n) => `Header ${n}`,
    headerNamed: (name) => `The header ${name}`,
    enabledLabel: 'Enabled: send events to it',
    status: 'Status',
    statuses: {
      enabled: 'Enabled',
      failingNow: 'Enabled, but its deliveries are failing',
      disabled: 'Disabled',
      gone: 'Disabled: the receiver answered 410 Gone',
      failing: 'Disabled: every delivery failed for 24 hours',
      admin: 'Disabled by an admin',
    },
    failingSince: 'Failing since',
    noEndpoints: 'No webhook endpoints yet.',
    add: 'Add an endpoint',
    addButton: 'Add endpoint',
    save: 'Save changes',
    settings: 'Settings',
    errorsOne: 'The endpoint is not saved yet: this needs attention',
    errorsMany: 'The endpoint is not saved yet: these need attention',
    allEndpoints: 'All webhook endpoints',
    endpoint: 'Webhook endpoint',
    created: 'Created',
    secret: 'Signing secret',
    secretOnce:
      'The endpoint is added. Its signing secret is shown only here, and will not be shown again: copy it into the receiver now.',
    secretRotated:
      'The new signing secret is shown only here, and will not be shown again: copy it into the receiver now.',
    oldSecretUntil: 'The old secret keeps signing beside it until',
    verify:
      'Receivers verify each message as the Standard Webhooks specification says: the webhook-signature header holds an HMAC-SHA256 keyed with this secret of the webhook-id, the webhook-timestamp and the body, joined by dots. Its libraries (standardwebhooks for Node.js, Python, Go and others) check it in one call, and refuse a message older than five minutes.',
    chatUnsigned:
      'Slack and Microsoft Teams messages are not signed: the channel’s URL is what must stay secret.',
    previousSecret: 'Old secret signs until',
    rotate: 'Rotate secret',
    rotateHint:
      'A new secret replaces this one, shown once; the old one keeps signing beside it for 24 hours, while the receiver switches.',
    test: 'Send test event',
    testHint:
      'Sends a test event now, even to a disabled endpoint; the delivery log shows how it went.',
    disable: 'Disable',
    enable: 'Enable',
    delete: 'Delete endpoint',
    deleteQuestion:
      'Delete this endpoint? Its delivery log goes with it, and the events waiting for it are not sent.',
    deleteConfirm: 'Yes, delete the endpoint',
    keep: 'Keep it',
    log: 'Delivery log',
    deliveryStatus: 'Status',
    anyStatus: 'Any status',
    show: 'Show',
    deliveryStatuses: {
      pending: 'Waiting to be sent',
      delivered: 'Delivered',
      failed: 'Failed',
      dropped: 'Dropped',
    },
    testEvent: 'Test event',
    event: 'Event',
    messageId: 'Message id',
    attempts: 'Attempts',
    response: 'Response',
    latency: 'Latency',
    queued: 'Queued',
    nextAttempt: 'Next attempt',
    error: 'Error',
    answer: 'Receiver’s answer',
    answerShow: 'Its first KiB',
    actions: 'Actions',
    redeliver: 'Redeliver',
    noDeliveries: 'Nothing has been sent to this endpoint yet.',
    noDeliveriesOfStatus: 'No delivery has this status.',
    older: 'Older deliveries',
    newest: 'Newest deliveries',
    done: {
      saved: 'The endpoint is saved.',
      enabled: 'The endpoint is enabled: events are sent to it again.',
      disabled: 'The endpoint is disabled: no events are sent to it until it is enabled.',
      deleted: 'The endpoint is deleted, with its delivery log.',
      test: 'A test event is on its way: the delivery log shows how it went.',
      redelivered: 'The delivery is sent again, with the same message id.',
    },
    chooseEvents: 'Choose at least one event, or all events.',
    chatOnly: (events) => `A Slack or Teams channel takes only these events: ${events}.`,
    valueWithoutName: 'has a value but no name',
    namedTwice: 'has the name of another header',
  },
  fi: {
    title: 'Webhookit',
    intro:
      'Candor kertoo muille järjestelmille, mitä tapahtuu (vastaukset, tapaukset, suostumukset), lähettämällä jokaisen tapahtuman heti niiden osoitteeseen: allekirjoitettuna JSONina CRM:ään tai skriptille, tai lyhyenä viestinä Slack- tai Microsoft Teams -kanavalle.',
    endpoints: 'Vastaanottajat',
    url: 'Osoite',
    urlHint:
      'Mihin tapahtumat lähetetään, alkaen https:// (Slackille tai Teamsille kanavan incoming webhook -osoite).',
    kind: 'Tyyppi',
    kinds: {
      standard: 'Allekirjoitettu JSON (Standard Webhooks)',
      slack: 'Slack-kanava',
      teams: 'Microsoft Teams -kanava',
    },
    description: 'Kuvaus',
    descriptionHint: 'Mikä tapahtumat vastaanottaa, tämän luettelon lukijalle.',
    events: 'Tapahtumat',
    allEvents: 'Kaikki tapahtumat',
    allEventsLabel: 'Kaikki tapahtumat, myös myöhemmin lisättävät',
    chatEventsHint: (events) => `Slack- ja Teams-kanavat ottavat vain nämä: ${events}.`,
    includeAnonymous:
      'Lähetä myös nimettömät vastaukset (saapunut vastaus ilman mitään, mikä tunnistaisi asiakkaan)',
    ordered:
      'Toimita tapauksen tapahtumat järjestyksessä: kukin vasta, kun edellinen on vastaanotettu',
    headers: 'Kiinteät otsakkeet',
    headersHint:
      'Lähetetään jokaisen toimituksen mukana, esimerkiksi vastaanottajan odottama tunniste; enintään 10. Tallennetun otsakkeen arvoa ei näytetä: jätä se tyhjäksi säilyttääksesi sen, kirjoita uusi korvataksesi sen, ja tyhjennä nimi poistaaksesi otsakkeen.',
    headerName: 'Nimi',
    headerValue: 'Arvo',
    headerRow: (n) => `Otsake ${n}`,
    headerNamed: (name) => `Otsake ${name}`,
    enabledLabel: 'Käytössä: lähetä tapahtumat sille',
    status: 'Tila',
    statuses: {
      enabled: 'Käytössä',
      failingNow: 'Käytössä, mutta toimitukset epäonnistuvat',
      disabled: 'Pois käytöstä',
      gone: 'Pois käytöstä: vastaanottaja vastasi 410 Gone',
      failing: 'Pois käytöstä: kaikki toimitukset epäonnistuivat 24 tunnin ajan',
      admin: 'Ylläpitäjä poisti käytöstä',
    },
    failingSince: 'Epäonnistunut alkaen',
    noEndpoints: 'Webhook-vastaanottajia ei vielä ole.',
    add: 'Lisää vastaanottaja',
    addButton: 'Lisää vastaanottaja',
    save: 'Tallenna muutokset',
    settings: 'Asetukset',
    errorsOne: 'Vastaanottajaa ei ole vielä tallennettu: tämä vaatii huomiota',
    errorsMany: 'Vastaanottajaa ei ole vielä tallennettu: nämä vaativat huomiota',
    allEndpoints: 'Kaikki webhook-vastaanottajat',
    endpoint: 'Webhook-vastaanottaja',
    created: 'Luotu',
    secret: 'Allekirjoitusavain',
    secretOnce:
      'Vastaanottaja on lisätty. Sen allekirjoitusavain näytetään vain tässä, eikä sitä näytetä uudelleen: kopioi se vastaanottajalle nyt.',
    secretRotated:
      'Uusi allekirjoitusavain näytetään vain tässä, eikä sitä näytetä uudelleen: kopioi se vastaanottajalle nyt.',
    oldSecretUntil: 'Vanha avain allekirjoittaa sen rinnalla asti',
    verify:
      'Vastaanottaja tarkistaa jokaisen viestin Standard Webhooks -määrittelyn mukaan: webhook-signature-otsake sisältää tällä avaimella lasketun HMAC-SHA256:n webhook-id:stä, webhook-timestampista ja viestistä pisteillä yhdistettyinä. Määrittelyn kirjastot (standardwebhooks Node.js:lle, Pythonille, Golle ja muille) tarkistavat sen yhdellä kutsulla ja hylkäävät yli viisi minuuttia vanhan viestin.',
    chatUnsigned:
      'Slack- ja Microsoft Teams -viestejä ei allekirjoiteta: kanavan osoite on se, mikä pitää pitää salassa.',
    previousSecret: 'Vanha avain voimassa asti',
    rotate: 'Vaihda avain',
    rotateHint:
      'Uusi avain korvaa tämän ja näytetään kerran; vanha allekirjoittaa sen rinnalla 24 tuntia, kun vastaanottaja vaihtaa.',
    test: 'Lähetä testitapahtuma',
    testHint:
      'Lähettää testitapahtuman nyt, myös käytöstä poistetulle vastaanottajalle; toimitusloki kertoo, miten kävi.',
    disable: 'Poista käytöstä',
    enable: 'Ota käyttöön',
    delete: 'Poista vastaanottaja',
    deleteQuestion:
      'Poistetaanko tämä vastaanottaja? Sen toimitusloki poistuu sen mukana, eikä sitä odottavia tapahtumia lähetetä.',
    deleteConfirm: 'Kyllä, poista vastaanottaja',
    keep: 'Säilytä',
    log: 'Toimitusloki',
    deliveryStatus: 'Tila',
    anyStatus: 'Mikä tahansa tila',
    show: 'Näytä',
    deliveryStatuses: {
      pending: 'Odottaa lähetystä',
      delivered: 'Toimitettu',
      failed: 'Epäonnistui',
      dropped: 'Hylätty',
    },
    testEvent: 'Testitapahtuma',
    event: 'Tapahtuma',
    messageId: 'Viestin tunniste',
    attempts: 'Yritykset',
    response: 'Vastaus',
    latency: 'Viive',
    queued: 'Jonossa alkaen',
    nextAttempt: 'Seuraava yritys',
    error: 'Virhe',
    answer: 'Vastaanottajan vastaus',
    answerShow: 'Ensimmäinen KiB',
    actions: 'Toiminnot',
    redeliver: 'Lähetä uudelleen',
    noDeliveries: 'Tälle vastaanottajalle ei ole vielä lähetetty mitään.',
    noDeliveriesOfStatus: 'Millään toimituksella ei ole tätä tilaa.',
    older: 'Vanhemmat toimitukset',
    newest: 'Uusimmat toimitukset',
    done: {
      saved: 'Vastaanottaja on tallennettu.',
      enabled: 'Vastaanottaja on käytössä: tapahtumat lähetetään sille taas.',
      disabled:
        'Vastaanottaja on poistettu käytöstä: sille ei lähetetä tapahtumia, ennen kuin se otetaan käyttöön.',
      deleted: 'Vastaanottaja on poistettu toimituslokeineen.',
      test: 'Testitapahtuma on matkalla: toimitusloki kertoo, miten kävi.',
      redelivered: 'Toimitus lähetetään uudelleen samalla viestin tunnisteella.',
    },
    chooseEvents: 'Valitse vähintään yksi tapahtuma tai kaikki tapahtumat.',
    chatOnly: (events) => `Slack- tai Teams-kanava ottaa vain nämä tapahtumat: ${events}.`,
    valueWithoutName: 'on arvo mutta ei nimeä',
    namedTwice: 'on saman niminen kuin toinen otsake',
  },
};
