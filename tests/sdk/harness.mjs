#!/usr/bin/env node
// Official Wix JS SDK contract harness.
//
// Calls a Wix REST endpoint (the wixsync sandbox, or record-server.mjs) with the official
// packages - @wix/sdk (ApiKeyStrategy) + @wix/auto_sdk_* - and checks that what comes back is
// what the SDK's own typings declare *after* the SDK's transformations (id -> _id, timestamps
// -> Date, enums within the package's enum, money as decimal strings, errors parsed into
// `details.applicationError`). See README.md; how the SDK is pointed at loopback is explained in
// lib/loopback-client.mjs.
//
// Environment
//   WIX_BASE_URL      loopback URL of the server, e.g. http://127.0.0.1:8123 (required)
//   WIX_SITE_ID       sent as `wix-site-id` (required)
//   WIX_API_KEY       sent as `Authorization` (required)
//   WIX_FIXTURES      JSON with the ids the scenario needs (required; see README.md)
//   WIX_SDK_HOST_MODE fetch (default) | apiBaseUrl  - see lib/loopback-client.mjs
//   WIX_HARNESS_EXTRAS=1  also call SDK forms that are not part of the daemon's flow, to record
//                         them for WIRE.md: orders.chargeMemberships (SDK-internal
//                         payments-collector form) and a sorted managementListOrders (`.r` query)
//
// Output: ONE JSON document on stdout:
//   { harness, sdkVersions, baseUrl, hostMode, ok, summary, fixtures, ids, results: [
//       { name, ok, status?, errorCode?, checks: [failed assertion messages], sample, requests } ] }
// Exit status: 0 all steps ok, 1 some step failed, 2 the harness could not run (bad config).
//
// Typing citations in comments are relative to node_modules/@wix/; [pkg] tags:
//   [ct]  auto_sdk_crm_contacts/build/cjs/index.typings.d.ts
//   [mm]  auto_sdk_members_members/build/cjs/index.typings.d.ts
//   [svc] auto_sdk_bookings_services/build/cjs/bookings-services-v2-service-services.universal-x93KVD3o.d.ts
//   [ets] auto_sdk_bookings_event-time-slots/build/cjs/index.typings.d.ts
//   [bk]  auto_sdk_bookings_bookings/build/cjs/index.typings.d.ts
//   [xb]  auto_sdk_bookings_extended-bookings/build/cjs/index.typings.d.ts
//   [att] auto_sdk_bookings_attendance/build/cjs/index.typings.d.ts
//   [co]  auto_sdk_ecom_checkout/build/cjs/index.typings.d.ts
//   [cv2] auto_sdk_ecom_cart-v-2/build/cjs/index.typings.d.ts (Cart V2: the order path from 2027-02-01)
//   [or]  auto_sdk_ecom_orders/build/cjs/ecom-v1-order-orders.universal-DjY_97wS.d.ts (public methods)
//   [or-i] auto_sdk_ecom_orders/build/internal/cjs/ecom-v1-order-orders.universal-23Q8NeIh.d.ts
//          (SDK-internal methods: paymentCollection*, chargeMemberships)
//   [ot]  auto_sdk_ecom_order-transactions/build/cjs/index.typings.d.ts
//   [ob]  auto_sdk_ecom_order-billing/build/cjs/index.typings.d.ts
//   [ppo] auto_sdk_pricing-plans_orders/build/cjs/index.typings.d.ts
//   [bpp] auto_sdk_benefit-programs_pools/build/cjs/index.typings.d.ts
//   [bpb] auto_sdk_benefit-programs_balances/build/cjs/index.typings.d.ts
//   [rt]  sdk-runtime/build/transform-error.js (error shape), [sdk] sdk/build/rest-modules.js
// "(.d.ts sig)" means the method signature in the package's build/cjs/index.d.ts (for
// [or-i]: build/internal/cjs/index.d.ts), whose NonNullablePaths<...> lists the fields the
// typings promise to be present.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as contacts from '@wix/auto_sdk_crm_contacts';
import * as members from '@wix/auto_sdk_members_members';
import * as services from '@wix/auto_sdk_bookings_services';
import * as slots from '@wix/auto_sdk_bookings_event-time-slots';
import * as bookings from '@wix/auto_sdk_bookings_bookings';
import * as extended from '@wix/auto_sdk_bookings_extended-bookings';
import * as attendance from '@wix/auto_sdk_bookings_attendance';
import * as checkout from '@wix/auto_sdk_ecom_checkout';
import * as cart from '@wix/auto_sdk_ecom_cart-v-2';
import * as orders from '@wix/auto_sdk_ecom_orders';
import * as tx from '@wix/auto_sdk_ecom_order-transactions';
import * as billing from '@wix/auto_sdk_ecom_order-billing';
import * as ppo from '@wix/auto_sdk_pricing-plans_orders';
import * as pools from '@wix/auto_sdk_benefit-programs_pools';
import * as balances from '@wix/auto_sdk_benefit-programs_balances';
import { Checks, checkRestWire, toSample } from './lib/checks.mjs';
import { createLoopbackClient, parseLoopbackBaseUrl } from './lib/loopback-client.mjs';

const BOOKINGS_APP_ID = '13d21c63-b5ec-5912-8397-c3a5ddb27a97';
const PRICING_PLANS_APP_ID = '1522827f-c56c-a5c9-2ac9-00f9e6ae12d3';
const PRICING_PLANS_NAMESPACE = '@wix/pricing-plans';

const MODULES = { contacts, members, services, slots, bookings, extended, attendance, checkout, cart, orders, tx, billing, ppo, pools, balances };
const PACKAGES = {
  sdk: '@wix/sdk',
  contacts: '@wix/auto_sdk_crm_contacts',
  members: '@wix/auto_sdk_members_members',
  services: '@wix/auto_sdk_bookings_services',
  slots: '@wix/auto_sdk_bookings_event-time-slots',
  bookings: '@wix/auto_sdk_bookings_bookings',
  extended: '@wix/auto_sdk_bookings_extended-bookings',
  attendance: '@wix/auto_sdk_bookings_attendance',
  checkout: '@wix/auto_sdk_ecom_checkout',
  cart: '@wix/auto_sdk_ecom_cart-v-2',
  orders: '@wix/auto_sdk_ecom_orders',
  tx: '@wix/auto_sdk_ecom_order-transactions',
  billing: '@wix/auto_sdk_ecom_order-billing',
  ppo: '@wix/auto_sdk_pricing-plans_orders',
  pools: '@wix/auto_sdk_benefit-programs_pools',
  balances: '@wix/auto_sdk_benefit-programs_balances',
};

// ---------------------------------------------------------------------------------------------
// configuration

class ConfigError extends Error {}

function sdkVersions() {
  const require = createRequire(import.meta.url);
  const out = {};
  for (const pkg of Object.values(PACKAGES)) {
    try { out[pkg] = require(`${pkg}/package.json`).version; } catch { out[pkg] = null; }
  }
  // @wix/sdk-runtime does not export its package.json: read the files directly. @wix/sdk has its
  // own nested copy; the auto_sdk packages share the hoisted one.
  for (const [label, rel] of [['@wix/sdk-runtime', 'node_modules/@wix/sdk-runtime/package.json'],
    ['@wix/sdk > @wix/sdk-runtime', 'node_modules/@wix/sdk/node_modules/@wix/sdk-runtime/package.json']]) {
    try { out[label] = JSON.parse(readFileSync(new URL(rel, import.meta.url), 'utf8')).version; } catch { /* absent */ }
  }
  return out;
}

function loadConfig(env) {
  const baseUrl = parseLoopbackBaseUrl(env.WIX_BASE_URL);
  if (!env.WIX_SITE_ID) throw new ConfigError('WIX_SITE_ID is not set');
  if (!env.WIX_API_KEY) throw new ConfigError('WIX_API_KEY is not set');
  if (!env.WIX_FIXTURES) throw new ConfigError('WIX_FIXTURES is not set (JSON, see README.md)');
  let fx;
  try { fx = JSON.parse(env.WIX_FIXTURES); } catch (e) { throw new ConfigError(`WIX_FIXTURES is not JSON: ${e.message}`); }
  const missing = ['serviceName', 'sessionDate', 'timeZone', 'existingContactEmail', 'planName']
    .filter((k) => !fx[k]);
  if (!fx.member?.contactId) missing.push('member.contactId');
  if (!fx.member?.memberId) missing.push('member.memberId');
  if (missing.length) throw new ConfigError(`WIX_FIXTURES lacks: ${missing.join(', ')}`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(fx.sessionDate)) throw new ConfigError('WIX_FIXTURES.sessionDate must be YYYY-MM-DD');
  try { new Intl.DateTimeFormat('en-US', { timeZone: fx.timeZone }); } catch { throw new ConfigError(`WIX_FIXTURES.timeZone is not an IANA zone: ${fx.timeZone}`); }
  const hostMode = env.WIX_SDK_HOST_MODE || 'fetch';
  if (hostMode !== 'fetch' && hostMode !== 'apiBaseUrl') throw new ConfigError(`WIX_SDK_HOST_MODE must be "fetch" or "apiBaseUrl", got ${hostMode}`);
  const runTag = String(Date.now());
  fx.country ??= 'DE';
  fx.newContact ??= { firstName: 'Sdk', lastName: `Harness ${runTag}`, email: `sdk-harness-${runTag}@example.org` };
  return {
    baseUrl,
    siteId: env.WIX_SITE_ID,
    apiKey: env.WIX_API_KEY,
    hostMode,
    extras: env.WIX_HARNESS_EXTRAS === '1' || fx.extras === true,
    fx,
  };
}

// ---------------------------------------------------------------------------------------------
// dates

function nextDay(ymd) {
  const [y, m, d] = ymd.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
}

function tzOffsetMs(date, timeZone) {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit',
    hour: '2-digit', minute: '2-digit', second: '2-digit',
  }).formatToParts(date);
  const get = (t) => Number(parts.find((p) => p.type === t).value);
  const wall = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return wall - Math.floor(date.getTime() / 1000) * 1000;
}

/** 'YYYY-MM-DDThh:mm[:ss]' wall time in timeZone -> Date (UTC instant), or null if unparsable. */
function zonedToDate(local, timeZone) {
  if (typeof local !== 'string' || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(local)) return null;
  try { new Intl.DateTimeFormat('en-US', { timeZone }); } catch { return null; }
  const [d, t = '00:00:00'] = local.split('T');
  const [Y, M, D] = d.split('-').map(Number);
  const [h, mi, s = 0] = t.split(':').map(Number);
  const wall = Date.UTC(Y, M - 1, D, h, mi, Math.floor(s));
  let guess = wall - tzOffsetMs(new Date(wall), timeZone);
  const second = wall - tzOffsetMs(new Date(guess), timeZone);
  if (second !== guess) guess = second;
  return new Date(guess);
}

// ---------------------------------------------------------------------------------------------
// step runner

const results = [];
let currentStep = null;

function errorSample(err) {
  return toSample({ message: err?.message, status: err?.status, requestId: err?.requestId, details: err?.details });
}

/**
 * Run one SDK call and record it.
 * @param {string} name                 e.g. 'contacts.createContact'
 * @param {() => Promise<any>} call
 * @param {(c: Checks, value: any) => void} [verify]       checks on success
 * @param {object} [o]
 * @param {{code: string, status?: number}} [o.expectError]  the call must fail with this code
 * @param {(c: Checks, err: any) => void} [o.verifyError]   extra checks on the expected error
 */
async function step(name, call, verify, { expectError, verifyError } = {}) {
  const rec = { name, ok: false, checks: [], sample: null, requests: [] };
  currentStep = rec;
  const c = new Checks();
  let value;
  let error;
  try {
    value = await call();
  } catch (err) {
    error = err;
  }
  currentStep = null;

  if (error) {
    rec.status = error.status ?? error.details?.status ?? null;
    rec.errorCode = error.details?.applicationError?.code ?? error.code ?? null;
    rec.sample = errorSample(error);
    if (expectError) {
      checkErrorShape(c, error, expectError);
      verifyError?.(c, error);
    } else if (error.runtimeError) {
      // @wix/sdk-runtime buildSystemError(): no HTTP response at all (connection refused, ...)
      const cause = error.runtimeError.cause?.code ?? error.runtimeError.cause?.message ?? error.runtimeError.message;
      c.fail(`network error, no HTTP response: ${cause}`);
      rec.networkError = String(cause);
    } else {
      const desc = error.details?.applicationError?.description ?? error.message?.split('\n')[0];
      c.fail(`unexpected error: status ${rec.status ?? '?'} code ${rec.errorCode ?? '?'}: ${desc}`);
    }
  } else {
    rec.sample = toSample(value);
    if (expectError) {
      c.fail(`expected error ${expectError.code}${expectError.status ? ` (HTTP ${expectError.status})` : ''}, but the call succeeded`);
    } else if (verify) {
      try {
        verify(c, value);
      } catch (err) {
        c.fail(`harness check crashed: ${err.message}`);
      }
    }
  }
  if (rec.requests.length !== 1) c.fail(`expected exactly 1 HTTP request, saw ${rec.requests.length}`);
  for (const req of rec.requests) {
    if (req.rawBody === undefined) continue;
    let raw = null;
    try { raw = req.rawBody ? JSON.parse(req.rawBody) : null; } catch { c.fail(`wire: response body is not JSON (HTTP ${req.status})`); }
    delete req.rawBody;
    if (req.status === 200) {
      checkRestWire(c, raw);
    } else if (req.status !== null && req.status >= 200 && req.status < 300) {
      c.fail(`wire: HTTP ${req.status} - @wix/sdk treats every status other than 200 as an error (sdk/build/rest-modules.js)`);
    } else if (req.status !== null) {
      // Wix error body (about-errors page; parsed by @wix/sdk rest-modules.js errorBuilder):
      // { message, details: { applicationError: { code, description, data } } | { validationError } }
      if (!raw?.details?.applicationError && !raw?.details?.validationError) {
        c.fail(`wire: error response (HTTP ${req.status}) has no details.applicationError / details.validationError`);
      }
    }
  }
  rec.checks = c.failures;
  rec.ok = rec.checks.length === 0;
  results.push(rec);
  if (rec.networkError) throw new NetworkAbort(`${name}: ${rec.networkError}`);
  return { value: error ? undefined : value, error };
}

/** The server stopped answering: later steps would only repeat the same failure. */
class NetworkAbort extends Error {}

/**
 * The shape @wix/sdk gives a failed call: rest-modules.js errorBuilder() + sdk-runtime
 * transform-error.js buildApplicationError() -> err.status (HTTP status), err.requestId
 * (X-Wix-Request-Id response header), err.details = { applicationError: { code, description,
 * data }, requestId }. `code` comes from the body's details.applicationError.code; if the body
 * has none, @wix/sdk puts the *numeric HTTP status* there, which is never what Wix sends.
 */
function checkErrorShape(c, err, { code, status }) {
  // [rt] buildApplicationError: details.applicationError.{code,description,data}
  c.object(err, 'details');
  c.object(err, 'details.applicationError');
  c.equal(err?.details?.applicationError?.code, code, 'details.applicationError.code');
  c.field(err, 'details.applicationError.description', 'string', (v) => typeof v === 'string');
  c.object(err, 'details.applicationError.data');
  // [sdk] errorBuilder: status = HTTP status of the response
  if (status !== undefined) c.equal(err?.status, status, 'status (HTTP)');
  else c.number(err, 'status', { integer: true });
  // [sdk] requestId = response header X-Wix-Request-Id (Wix sends it on every response)
  c.string(err, 'details.requestId');
}

// ---------------------------------------------------------------------------------------------
// shared shape checks (each cites the interface it mirrors)

const at = (base, p) => (base ? `${base}.${p}` : p);

/** [bk] interface Booking (same interface re-declared in [xb]). */
function checkBooking(c, obj, base, { enums = bookings } = {}) {
  c.string(obj, at(base, '_id')); // _id?: string | null   (REST `id`)
  c.enumOf(obj, at(base, 'status'), enums.BookingStatus, 'BookingStatus'); // status?: BookingStatusWithLiterals
  c.enumOf(obj, at(base, 'paymentStatus'), enums.PaymentStatus, 'PaymentStatus'); // paymentStatus?: PaymentStatusWithLiterals
  c.enumOf(obj, at(base, 'selectedPaymentOption'), enums.SelectedPaymentOption, 'SelectedPaymentOption');
  c.int64String(obj, at(base, 'revision')); // revision?: string | null   (int64 on the wire)
  c.date(obj, at(base, '_createdDate')); // _createdDate?: Date | null   (REST `createdDate`)
  c.date(obj, at(base, '_updatedDate'), { optional: true }); // _updatedDate?: Date | null
  c.date(obj, at(base, 'startDate')); // startDate?: Date | null
  c.date(obj, at(base, 'endDate')); // endDate?: Date | null
  c.number(obj, at(base, 'totalParticipants'), { integer: true }); // totalParticipants?: number
  // interface BookedSlot: serviceId?: string; eventId?: string | null; startDate?: string | null
  // (slot dates are *local strings*, not transformed to Date)
  c.string(obj, at(base, 'bookedEntity.slot.serviceId'));
  c.string(obj, at(base, 'bookedEntity.slot.eventId'));
  c.field(obj, at(base, 'bookedEntity.slot.startDate'), 'string (local, untransformed)', (v) => typeof v === 'string', { optional: true });
  c.array(obj, at(base, 'bookedEntity.tags'), { optional: true }); // tags?: string[] | null
  c.string(obj, at(base, 'contactDetails.contactId')); // ContactDetails.contactId?: string | null
}

/** [co] interface Checkout + LineItem + MultiCurrencyPrice. */
function checkCheckout(c, co) {
  c.string(co, '_id'); // _id?: string | null
  c.array(co, 'lineItems', { min: 1 }); // lineItems (.d.ts sig: `lineItems` non-null)
  c.string(co, 'lineItems[]._id'); // LineItem._id?: string | null (server-assigned)
  c.number(co, 'lineItems[].quantity', { integer: true }); // quantity?: number
  c.string(co, 'lineItems[].catalogReference.catalogItemId'); // CatalogReference.catalogItemId?: string
  c.string(co, 'lineItems[].catalogReference.appId'); // CatalogReference.appId?: string
  c.string(co, 'lineItems[].productName.original'); // ProductName.original (.d.ts sig non-null)
  c.decimal(co, 'lineItems[].price.amount'); // MultiCurrencyPrice.amount?: string
  c.enumOf(co, 'lineItems[].paymentOption', checkout.PaymentOptionType, 'PaymentOptionType'); // paymentOption?: PaymentOptionTypeWithLiterals
  c.enumOf(co, 'lineItems[].availability.status', checkout.ItemAvailabilityStatus, 'ItemAvailabilityStatus', { optional: true });
  c.string(co, 'lineItems[].rootCatalogItemId', { optional: true }); // rootCatalogItemId?: string | null
  c.date(co, 'lineItems[].serviceProperties.scheduledDate', { optional: true }); // ServiceProperties.scheduledDate?: Date | null
  c.decimal(co, 'priceSummary.total.amount'); // PriceSummary.total?: MultiCurrencyPrice
  c.decimal(co, 'payNow.total.amount', { optional: true }); // payNow?: PriceSummary
  c.enumOf(co, 'channelType', checkout.ChannelType, 'ChannelType'); // channelType?: ChannelTypeWithLiterals
  c.boolean(co, 'completed'); // completed?: boolean
  c.string(co, 'currency'); // currency?: string
  c.date(co, '_createdDate'); // _createdDate?: Date | null
  c.date(co, '_updatedDate', { optional: true });
  c.string(co, 'buyerInfo.email', { optional: true }); // BuyerInfo.email?: string | null
  // interface Membership (eligibleMemberships is read-only, filled by the provider when known)
  c.array(co, 'membershipOptions.eligibleMemberships', { optional: true });
  c.string(co, 'membershipOptions.eligibleMemberships[]._id');
  c.string(co, 'membershipOptions.eligibleMemberships[].appId');
  c.string(co, 'membershipOptions.eligibleMemberships[].name.original');
  c.number(co, 'membershipOptions.eligibleMemberships[].credits.remaining', { optional: true }); // MembershipPaymentCredits.remaining?: number
  c.date(co, 'membershipOptions.eligibleMemberships[].expirationDate', { optional: true }); // expirationDate?: Date | null
}

/** [or] / [or-i] interface Order + OrderLineItem + Price + BalanceSummary. */
function checkEcomOrder(c, o, base) {
  c.string(o, at(base, '_id')); // _id?: string | null
  c.string(o, at(base, 'number')); // number?: string (.d.ts sig non-null)
  c.date(o, at(base, '_createdDate')); // _createdDate?: Date | null
  c.date(o, at(base, '_updatedDate'), { optional: true });
  c.enumOf(o, at(base, 'status'), orders.OrderStatus, 'OrderStatus'); // status?: OrderStatusWithLiterals
  c.enumOf(o, at(base, 'paymentStatus'), orders.PaymentStatusEnumPaymentStatus, 'PaymentStatusEnumPaymentStatus'); // paymentStatus?: PaymentStatusEnumPaymentStatusWithLiterals
  c.enumOf(o, at(base, 'fulfillmentStatus'), orders.FulfillmentStatus, 'FulfillmentStatus', { optional: true });
  c.array(o, at(base, 'lineItems'), { min: 1 }); // lineItems (.d.ts sig non-null)
  c.string(o, at(base, 'lineItems[]._id')); // OrderLineItem._id?: string (.d.ts sig non-null)
  c.string(o, at(base, 'lineItems[].catalogReference.catalogItemId'));
  c.string(o, at(base, 'lineItems[].catalogReference.appId'));
  c.string(o, at(base, 'lineItems[].productName.original'));
  c.number(o, at(base, 'lineItems[].quantity'), { integer: true });
  c.decimal(o, at(base, 'lineItems[].price.amount')); // Price.amount?: string
  c.enumOf(o, at(base, 'lineItems[].paymentOption'), orders.PaymentOptionType, 'PaymentOptionType'); // (.d.ts sig non-null)
  c.decimal(o, at(base, 'priceSummary.total.amount')); // PriceSummary.total?: Price
  c.decimal(o, at(base, 'balanceSummary.balance.amount')); // BalanceSummary.balance?: Balance {amount?: string}
  c.string(o, at(base, 'currency')); // currency?: string | null
  c.enumOf(o, at(base, 'channelInfo.type'), orders.ChannelType, 'ChannelType'); // (.d.ts sig non-null)
  c.string(o, at(base, 'buyerInfo.contactId'), { optional: true }); // BuyerInfo.contactId?: string | null
}

/** [ot] / [ob] interface Payment (identical in both packages). */
function checkPayment(c, p, base, enums) {
  c.string(p, at(base, '_id')); // _id?: string | null
  c.decimal(p, at(base, 'amount.amount')); // amount?: Price {amount?: string}
  c.enumOf(p, at(base, 'status'), enums.PaymentStatus, 'PaymentStatus', { optional: true }); // status?: PaymentStatusWithLiterals
  c.date(p, at(base, '_createdDate')); // _createdDate?: Date | null
  c.boolean(p, at(base, 'regularPaymentDetails.offlinePayment'), { optional: true }); // (.d.ts sig non-null when present)
  c.enumOf(p, at(base, 'regularPaymentDetails.status'), enums.TransactionStatus, 'TransactionStatus', { optional: true });
  c.string(p, at(base, 'membershipPaymentDetails.membershipId'), { optional: true });
  c.string(p, at(base, 'membershipPaymentDetails.lineItemId'), { optional: true });
  c.enumOf(p, at(base, 'membershipPaymentDetails.status'), enums.MembershipPaymentStatus, 'MembershipPaymentStatus', { optional: true });
}

/**
 * The non-null paths of a Payment in the .d.ts signatures of listTransactionsForSingleOrder /
 * addPayments ([ot]) and chargeMemberships ([ob]): `payments.${number}.status`, `.refundDisabled`,
 * `.supportReceiptGeneration`, and, when the detail is present, `regularPaymentDetails.offlinePayment`
 * / `.savedPaymentMethod` and `membershipPaymentDetails.{membershipId, lineItemId, name.original,
 * providerAppId}`. (`regularPaymentDetails.status` and `membershipPaymentDetails.status/voided`
 * are listed too but @targetRemovalDate 2026-11-01: not required.)
 */
function checkPaymentSig(c, r, base, enums) {
  c.enumOf(r, `${base}[].status`, enums.PaymentStatus, 'PaymentStatus');
  c.boolean(r, `${base}[].refundDisabled`);
  c.boolean(r, `${base}[].supportReceiptGeneration`);
  const list = base.split('.').reduce((o, k) => o?.[k], r) ?? [];
  list.forEach((pay, i) => {
    if (pay?.regularPaymentDetails) {
      c.boolean(r, `${base}.${i}.regularPaymentDetails.offlinePayment`);
      c.boolean(r, `${base}.${i}.regularPaymentDetails.savedPaymentMethod`);
    }
    if (pay?.membershipPaymentDetails) {
      for (const f of ['membershipId', 'lineItemId', 'name.original', 'providerAppId']) c.string(r, `${base}.${i}.membershipPaymentDetails.${f}`);
    }
  });
}

/** [cv2] interface Cart + V2LineItem (NonNullablePaths of createCart/getCart in build/cjs/index.d.ts). */
function checkCart(c, o, base) {
  c.string(o, at(base, '_id')); // _id?: string (.d.ts sig non-null)
  c.int64String(o, at(base, 'revision')); // revision?: string (int64) (.d.ts sig non-null)
  c.date(o, at(base, '_createdDate')); // _createdDate?: Date | null
  c.date(o, at(base, '_updatedDate'), { optional: true });
  c.array(o, at(base, 'lineItems'), { min: 1 }); // lineItems?: V2LineItem[] (.d.ts sig non-null)
  const li = at(base, 'lineItems[]');
  c.string(o, `${li}._id`); // V2LineItem._id (.d.ts sig non-null)
  c.string(o, `${li}.name.original`); // TranslatableString.original (.d.ts sig non-null)
  c.number(o, `${li}.quantityInfo.confirmedQuantity`, { integer: true }); // (.d.ts sig non-null)
  c.number(o, `${li}.quantityInfo.requestedQuantity`, { integer: true }); // (.d.ts sig non-null)
  c.boolean(o, `${li}.quantityInfo.fixedQuantity`); // (.d.ts sig non-null)
  c.decimal(o, `${li}.pricing.unitPrice.amount`); // ConvertedMoney.amount (.d.ts sig non-null)
  c.decimal(o, `${li}.pricing.unitPrice.convertedAmount`); // (.d.ts sig non-null)
  c.decimal(o, `${li}.pricing.totalPrice.amount`, { optional: true });
  c.string(o, `${li}.pricing.priceDescription.original`, { optional: true }); // (.d.ts sig non-null when present)
  c.boolean(o, `${li}.pricing.priceUndetermined`); // (.d.ts sig non-null)
  c.string(o, `${li}.source.catalogReference.catalogItemId`); // (.d.ts sig non-null)
  c.string(o, `${li}.source.catalogReference.appId`); // (.d.ts sig non-null)
  c.string(o, `${li}.source.rootCatalogItemId`, { optional: true }); // Bookings: the service id
  c.enumOf(o, `${li}.attributes.itemType.preset`, cart.ItemTypePreset, 'ItemTypePreset', { optional: true }); // oneof with .custom
  c.boolean(o, `${li}.attributes.membersOnly`, { optional: true }); // (.d.ts sig non-null when attributes present)
  c.date(o, `${li}.attributes.serviceProperties.scheduledDate`, { optional: true }); // ServiceProperties.scheduledDate?: Date | null
  // ItemPaymentConfig.paymentOption (.d.ts sig non-null): the daemon checks FULL_PAYMENT_OFFLINE
  c.enumOf(o, `${li}.paymentConfig.paymentOption`, cart.PaymentOptionType, 'PaymentOptionType');
  c.boolean(o, `${li}.paymentConfig.savePaymentMethod`, { optional: true }); // (.d.ts sig non-null when present)
  c.enumOf(o, `${li}.paymentConfig.membership.redemptionType`, cart.RedemptionType, 'RedemptionType', { optional: true });
  c.enumOf(o, `${li}.status`, cart.ItemStatus, 'ItemStatus'); // status?: ItemStatusWithLiterals (.d.ts sig non-null)
  c.boolean(o, `${li}.customLineItem`); // customLineItem?: boolean (.d.ts sig non-null)
  c.array(o, at(base, 'coupons')); // coupons?: V2Coupon[] (.d.ts sig non-null)
  c.enumOf(o, at(base, 'source.channelType'), cart.ChannelType, 'ChannelType', { optional: true }); // (.d.ts sig non-null when source present)
  c.string(o, at(base, 'businessInfo.currencyCode'), { optional: true }); // (.d.ts sig non-null when present)
  c.string(o, at(base, 'customerInfo.email'), { optional: true }); // CustomerInfo.email?: string | null
  c.string(o, at(base, 'customerInfo.contactId'), { optional: true }); // contactId?: string | null (@readonly)
  c.decimal(o, at(base, 'subtotal.amount'), { optional: true }); // subtotal?: ConvertedMoney
  c.boolean(o, at(base, 'orderPlaced')); // orderPlaced?: boolean (.d.ts sig non-null)
  c.string(o, at(base, 'orderId'), { optional: true }); // orderId?: string | null
  c.boolean(o, at(base, 'currentCart')); // currentCart?: boolean (.d.ts sig non-null)
  c.boolean(o, at(base, 'demo')); // demo?: boolean (.d.ts sig non-null)
}

/** [cv2] interface CartSummary (NonNullablePaths of calculateCart `summary.*`). */
function checkCartSummary(c, o, base) {
  c.string(o, at(base, 'cartId')); // (.d.ts sig non-null)
  c.int64String(o, at(base, 'cartRevision')); // cartRevision?: string (.d.ts sig non-null)
  c.string(o, at(base, 'calculationId')); // (.d.ts sig non-null)
  c.array(o, at(base, 'lineItems'), { min: 1 }); // (.d.ts sig non-null)
  c.string(o, at(base, 'lineItems[].lineItemId')); // LineItemSummary.lineItemId (.d.ts sig non-null)
  c.number(o, at(base, 'lineItems[].quantity'), { integer: true }); // (.d.ts sig non-null)
  c.decimal(o, at(base, 'lineItems[].unitPrice.amount')); // (.d.ts sig non-null)
  c.decimal(o, at(base, 'lineItems[].unitPrice.convertedAmount')); // (.d.ts sig non-null)
  c.array(o, at(base, 'discounts')); // (.d.ts sig non-null)
  c.array(o, at(base, 'additionalFees')); // (.d.ts sig non-null)
  c.decimal(o, at(base, 'priceSummary.subtotal.amount'), { optional: true }); // V2PriceSummary.subtotal
  c.decimal(o, at(base, 'priceSummary.total.amount')); // V2PriceSummary.total: the daemon reads it
  // PaymentSummary: payNow is what placeOrder would charge (expect 0 for an offline line)
  c.decimal(o, at(base, 'paymentSummary.payNow.amount'));
  c.decimal(o, at(base, 'paymentSummary.payLater.amount'), { optional: true });
  c.array(o, at(base, 'paymentSummary.memberships'), { optional: true }); // (.d.ts sig non-null when present)
  c.boolean(o, at(base, 'paymentSummary.requiresPaymentAfterGiftCard'), { optional: true });
  // priceVerificationToken?: string | null - the daemon passes it to placeOrder
  c.string(o, at(base, 'priceVerificationToken'));
  // violations?: V2Violation[] (.d.ts sig non-null); calculationErrors / spiViolations are
  // @deprecated @targetRemovalDate 2026-08-01 (replacedBy violations): not read
  c.array(o, at(base, 'violations'));
  c.enumOf(o, at(base, 'violations[].severity'), cart.ViolationSeverity, 'ViolationSeverity'); // (.d.ts sig non-null)
  c.enumOf(o, at(base, 'violations[].scope'), cart.ViolationScope, 'ViolationScope'); // (.d.ts sig non-null)
  c.enumOf(o, at(base, 'violations[].code'), cart.ViolationCode, 'ViolationCode'); // (.d.ts sig non-null)
}

// ---------------------------------------------------------------------------------------------
// scenario

/** Ids collected along the way (reported even when the scenario stops early). */
const ids = {};

async function runScenario(wix, cfg) {
  const { fx } = cfg;
  const unavailable = (label) => `unavailable-${label}`;
  const id = (label) => ids[label] ?? unavailable(label);

  // 1. services.queryServices -------------------------------------------------------------
  const svcRes = await step('services.queryServices',
    () => wix.services.queryServices({ filter: { name: fx.serviceName, type: 'CLASS' }, paging: { limit: 100 } }),
    (c, r) => {
      // [svc] interface QueryServicesResponse { services?: Service[]; pagingMetadata?: PagingMetadataV2 }
      c.array(r, 'services', { min: 1 });
      c.string(r, 'services[]._id'); // Service._id?: string | null
      c.string(r, 'services[].name'); // name?: string | null
      c.enumOf(r, 'services[].type', services.ServiceType, 'ServiceType'); // type?: ServiceTypeWithLiterals
      c.enumOf(r, 'services[].payment.rateType', services.RateType, 'RateType'); // Payment.rateType (.d.ts sig non-null)
      c.decimal(r, 'services[].payment.fixed.price.value', { optional: true }); // Money.value?: string
      c.string(r, 'services[].payment.fixed.price.currency', { optional: true }); // Money.currency?: string
      c.boolean(r, 'services[].payment.options.inPerson', { optional: true }); // PaymentOptions.inPerson?: boolean | null
      c.boolean(r, 'services[].payment.options.pricingPlan', { optional: true });
      c.boolean(r, 'services[].onlineBooking.requireManualApproval', { optional: true }); // OnlineBooking.requireManualApproval
      c.string(r, 'services[].schedule._id', { optional: true }); // Schedule._id?: string | null
      c.date(r, 'services[]._createdDate'); // _createdDate?: Date | null
      c.int64String(r, 'services[].revision', { optional: true }); // revision?: string | null
      const hits = (r?.services ?? []).filter((s) => s.name === fx.serviceName);
      c.equal(hits.length, 1, `scenario: services named ${JSON.stringify(fx.serviceName)}`);
      if (fx.serviceId && hits[0]) c.equal(hits[0]._id, fx.serviceId, 'scenario: service _id matches fixture serviceId');
    });
  const service = svcRes.value?.services?.find((s) => s.name === fx.serviceName);
  ids.serviceId = service?._id ?? fx.serviceId;
  const price = service?.payment?.fixed?.price?.value ?? fx.price ?? '10.00';
  const currency = service?.payment?.fixed?.price?.currency ?? fx.currency ?? 'EUR';

  // 2. slots.listEventTimeSlots ---------------------------------------------------------------
  const slotRes = await step('slots.listEventTimeSlots',
    () => wix.slots.listEventTimeSlots({
      serviceIds: [id('serviceId')],
      fromLocalDate: `${fx.sessionDate}T00:00:00`,
      toLocalDate: `${nextDay(fx.sessionDate)}T00:00:00`,
      timeZone: fx.timeZone,
      includeNonBookable: true,
      cursorPaging: { limit: 100 },
    }),
    (c, r) => {
      // [ets] interface ListEventTimeSlotsResponse { timeSlots?: TimeSlot[]; timeZone?: string | null; pagingMetadata? }
      c.array(r, 'timeSlots', { min: 1 }); // (.d.ts sig: `timeSlots` non-null)
      c.string(r, 'timeZone');
      // interface TimeSlot: localStartDate?: string | null (local "YYYY-MM-DDThh:mm:ss", not a Date)
      c.string(r, 'timeSlots[].serviceId');
      c.localDateTime(r, 'timeSlots[].localStartDate');
      c.localDateTime(r, 'timeSlots[].localEndDate');
      c.boolean(r, 'timeSlots[].bookable'); // bookable?: boolean | null
      c.number(r, 'timeSlots[].totalCapacity', { integer: true, optional: true });
      c.number(r, 'timeSlots[].remainingCapacity', { integer: true, optional: true });
      c.number(r, 'timeSlots[].bookableCapacity', { integer: true, optional: true });
      c.string(r, 'timeSlots[].eventInfo.eventId'); // EventInfo.eventId?: string | null
      c.enumOf(r, 'timeSlots[].location.locationType', slots.LocationType, 'LocationType', { optional: true }); // (.d.ts sig non-null when location present)
      c.string(r, 'timeSlots[].location._id', { optional: true }); // Location._id (REST `location.id`)
      c.boolean(r, 'timeSlots[].nonBookableReasons.eventCancelled', { optional: true });
      c.boolean(r, 'pagingMetadata.hasNext', { optional: true }); // CursorPagingMetadata.hasNext
      for (const s of r?.timeSlots ?? []) {
        if (s.localStartDate && !s.localStartDate.startsWith(fx.sessionDate)) {
          c.fail(`scenario: slot ${s.localStartDate} outside the requested local date ${fx.sessionDate}`);
        }
      }
    });
  const slot = (slotRes.value?.timeSlots ?? []).find((s) => s.eventInfo?.eventId && !s.nonBookableReasons?.eventCancelled);
  ids.eventId = slot?.eventInfo?.eventId;
  const sessionStart = zonedToDate(slot?.localStartDate, slotRes.value?.timeZone ?? fx.timeZone)
    ?? zonedToDate(`${fx.sessionDate}T12:00:00`, fx.timeZone)
    ?? new Date(`${fx.sessionDate}T12:00:00Z`);

  // 3. contacts.queryContacts -------------------------------------------------------------
  const existingRes = await step('contacts.queryContacts',
    () => wix.contacts.queryContacts({ filter: { 'info.emails.email': fx.existingContactEmail }, paging: { limit: 10 } }),
    (c, r) => {
      // [ct] interface QueryContactsResponse { contacts?: Contact[]; pagingMetadata?: PagingMetadata }
      c.array(r, 'contacts', { min: 1 });
      c.string(r, 'contacts[]._id'); // Contact._id?: string (.d.ts sig non-null)
      c.number(r, 'contacts[].revision', { integer: true }); // revision?: number (.d.ts sig non-null)
      c.date(r, 'contacts[]._createdDate'); // _createdDate?: Date | null
      c.date(r, 'contacts[]._updatedDate', { optional: true });
      c.enumOf(r, 'contacts[].source.sourceType', contacts.ContactSourceType, 'ContactSourceType', { optional: true }); // (.d.ts sig non-null when source present)
      c.string(r, 'contacts[].primaryInfo.email'); // PrimaryContactInfo.email?: string | null
      c.enumOf(r, 'contacts[].info.emails.items[].tag', contacts.EmailTag, 'EmailTag', { optional: true }); // ContactEmail.tag
      c.number(r, 'pagingMetadata.count', { integer: true, optional: true }); // PagingMetadata.count?: number | null
      c.number(r, 'pagingMetadata.total', { integer: true, optional: true });
    });
  const existing = existingRes.value?.contacts?.[0];
  const existingWho = {
    contactId: existing?._id ?? unavailable('existingContactId'),
    firstName: existing?.info?.name?.first ?? undefined,
    lastName: existing?.info?.name?.last ?? undefined,
    email: fx.existingContactEmail,
  };

  // 4. contacts.createContact -------------------------------------------------------------
  const nc = fx.newContact;
  const createdRes = await step('contacts.createContact',
    () => wix.contacts.createContact(
      { name: { first: nc.firstName, last: nc.lastName }, emails: { items: [{ tag: 'MAIN', email: nc.email, primary: true }] } },
      { allowDuplicates: false }),
    (c, r) => {
      // [ct] interface CreateContactResponse { contact?: Contact } (.d.ts sig: contact._id, contact.revision non-null)
      c.string(r, 'contact._id');
      c.number(r, 'contact.revision', { integer: true });
      c.date(r, 'contact._createdDate');
      c.enumOf(r, 'contact.source.sourceType', contacts.ContactSourceType, 'ContactSourceType', { optional: true });
      c.array(r, 'contact.info.emails.items', { min: 1 }); // ContactEmailsWrapper.items (.d.ts sig non-null)
      c.enumOf(r, 'contact.info.emails.items[].tag', contacts.EmailTag, 'EmailTag'); // ContactEmail.tag (.d.ts sig non-null)
      c.string(r, 'contact.info.emails.items[].email');
      c.string(r, 'contact.primaryInfo.email', { equals: nc.email });
      c.string(r, 'contact.info.name.first', { equals: nc.firstName }); // ContactName.first?: string | null
    });
  ids.newContactId = createdRes.value?.contact?._id;
  const newWho = { contactId: id('newContactId'), firstName: nc.firstName, lastName: nc.lastName, email: nc.email };

  // 5. contacts.createContact#duplicate -> 409 DUPLICATE_CONTACT_EXISTS --------------------
  await step('contacts.createContact#duplicate',
    () => wix.contacts.createContact(
      { name: { first: 'Duplicate', last: 'Probe' }, emails: { items: [{ tag: 'MAIN', email: fx.existingContactEmail, primary: true }] } },
      { allowDuplicates: false }),
    null,
    {
      // [ct] type CreateContactApplicationErrors: { code: 'DUPLICATE_CONTACT_EXISTS'; data?: DuplicateContactExists }
      expectError: { code: 'DUPLICATE_CONTACT_EXISTS', status: 409 },
      verifyError: (c, err) => {
        // [ct] interface DuplicateContactExists { duplicateContactId?: string | null; duplicateEmail?; duplicatePhone? }
        c.string(err, 'details.applicationError.data.duplicateContactId');
        if (existing?._id) c.equal(err?.details?.applicationError?.data?.duplicateContactId, existing._id, 'scenario: duplicateContactId is the existing contact');
      },
    });

  // 6. contacts.getContact ----------------------------------------------------------------
  await step('contacts.getContact',
    () => wix.contacts.getContact(id('newContactId')),
    (c, r) => {
      // [ct] getContact returns Contact itself (the SDK unwraps REST `{contact}`) (.d.ts sig)
      c.string(r, '_id', { equals: ids.newContactId });
      c.number(r, 'revision', { integer: true });
      c.date(r, '_createdDate');
      c.string(r, 'primaryInfo.email', { equals: nc.email });
    });

  // 7. members.queryMembers ---------------------------------------------------------------
  const memberRes = await step('members.queryMembers',
    () => wix.members.queryMembers({ filter: { contactId: fx.member.contactId }, paging: { limit: 10 } }),
    (c, r) => {
      // [mm] interface QueryMembersResponse { members?: Member[]; metadata?: PagingMetadata }
      c.array(r, 'members', { min: 1 });
      c.string(r, 'members[]._id'); // Member._id?: string | null
      c.string(r, 'members[].contactId', { equals: fx.member.contactId }); // contactId?: string | null
      c.enumOf(r, 'members[].status', members.Status, 'Status'); // status?: StatusWithLiterals (.d.ts sig non-null)
      c.string(r, 'members[].loginEmail', { optional: true });
      c.enumOf(r, 'members[].privacyStatus', members.PrivacyStatusStatus, 'PrivacyStatusStatus', { optional: true }); // (.d.ts sig non-null)
      c.enumOf(r, 'members[].activityStatus', members.ActivityStatusStatus, 'ActivityStatusStatus', { optional: true });
      c.date(r, 'members[]._createdDate', { optional: true });
      if (r?.members?.[0]) c.equal(r.members[0]._id, fx.member.memberId, 'scenario: member _id matches fixture memberId');
    });
  const memberId = memberRes.value?.members?.[0]?._id ?? fx.member.memberId;
  const memberWho = {
    contactId: fx.member.contactId,
    firstName: fx.member.firstName,
    lastName: fx.member.lastName,
    email: fx.member.email ?? memberRes.value?.members?.[0]?.loginEmail ?? undefined,
  };

  // 8. ppo.managementListOrders -----------------------------------------------------------
  const ppoRes = await step('ppo.managementListOrders',
    () => wix.ppo.managementListOrders({ buyerIds: [memberId], orderStatuses: ['ACTIVE'], limit: 50 }),
    (c, r) => {
      // [ppo] interface ListOrdersResponse { orders?: Order[]; pagingMetadata?: PagingMetadataV2 }
      c.array(r, 'orders', { min: 1 });
      c.string(r, 'orders[]._id'); // Order._id?: string (.d.ts sig non-null)
      c.string(r, 'orders[].planId'); // planId?: string (.d.ts sig non-null)
      c.string(r, 'orders[].planName'); // planName?: string
      c.string(r, 'orders[].buyer.memberId', { equals: memberId }); // Buyer.memberId (.d.ts sig non-null)
      c.string(r, 'orders[].buyer.contactId', { optional: true });
      c.enumOf(r, 'orders[].status', ppo.OrderStatus, 'OrderStatus'); // status?: OrderStatusWithLiterals
      c.enumOf(r, 'orders[].type', ppo.OrderType, 'OrderType', { optional: true });
      c.enumOf(r, 'orders[].lastPaymentStatus', ppo.PaymentStatus, 'PaymentStatus', { optional: true });
      c.date(r, 'orders[].startDate'); // startDate?: Date | null
      c.date(r, 'orders[].endDate', { optional: true }); // endDate?: Date | null (open-ended plans have none)
      c.date(r, 'orders[]._createdDate');
      c.decimal(r, 'orders[].planPrice', { optional: true }); // planPrice?: string
      const named = (r?.orders ?? []).filter((o) => o.planName === fx.planName);
      c.ok(named.length >= 1, `scenario: an ACTIVE plan order named ${JSON.stringify(fx.planName)}`);
    });
  const planOrder = ppoRes.value?.orders?.find((o) => o.planName === fx.planName);

  // 9. pools.queryPools -------------------------------------------------------------------
  const poolsRes = await step('pools.queryPools',
    () => wix.pools.queryPools({
      filter: { 'beneficiary.memberId': memberId, namespace: PRICING_PLANS_NAMESPACE, status: 'ACTIVE' },
      cursorPaging: { limit: 100 },
    }),
    (c, r) => {
      // [bpp] interface QueryPoolsResponse { pools?: Pool[]; metadata?: CursorPagingMetadata }
      c.array(r, 'pools', { min: 1 });
      c.string(r, 'pools[]._id'); // Pool._id?: string | null
      c.enumOf(r, 'pools[].status', pools.PoolStatus, 'PoolStatus'); // status?: PoolStatusWithLiterals (.d.ts sig non-null)
      c.string(r, 'pools[].beneficiary.memberId', { equals: memberId }); // CommonIdentificationData.memberId
      c.string(r, 'pools[].displayName'); // displayName?: string (.d.ts sig non-null)
      c.string(r, 'pools[].namespace', { equals: PRICING_PLANS_NAMESPACE });
      c.string(r, 'pools[].programDefinition._id'); // ProgramDefinitionInfo._id (.d.ts sig non-null)
      c.string(r, 'pools[].programDefinition.externalId', { optional: true }); // = pricing plan id
      c.string(r, 'pools[].program._id', { optional: true }); // (.d.ts sig non-null when present)
      c.date(r, 'pools[]._createdDate', { optional: true });
      c.int64String(r, 'pools[].revision', { optional: true });
    });

  // 10. pools.getEligibleBenefits ---------------------------------------------------------
  const eligRes = await step('pools.getEligibleBenefits',
    () => wix.pools.getEligibleBenefits(
      { externalId: id('serviceId'), providerAppId: BOOKINGS_APP_ID },
      { count: 1, targetDate: sessionStart, beneficiary: { memberId }, namespace: PRICING_PLANS_NAMESPACE }),
    (c, r) => {
      // [bpp] interface GetEligibleBenefitsResponse { eligibleBenefits?: EligibleBenefit[] }
      c.array(r, 'eligibleBenefits', { min: 1 });
      c.string(r, 'eligibleBenefits[].poolId'); // EligibleBenefit.poolId?: string (.d.ts sig non-null)
      c.string(r, 'eligibleBenefits[].benefitKey'); // benefitKey?: string (.d.ts sig non-null)
      c.string(r, 'eligibleBenefits[].itemReference.externalId', { equals: ids.serviceId }); // ItemReference.externalId
      c.string(r, 'eligibleBenefits[].itemReference.providerAppId', { equals: BOOKINGS_APP_ID });
      c.decimal(r, 'eligibleBenefits[].price', { optional: true }); // price?: string | null
    });
  const poolIds = new Set((poolsRes.value?.pools ?? []).map((p) => p._id));
  ids.poolId = fx.poolId
    ?? eligRes.value?.eligibleBenefits?.find((b) => poolIds.has(b.poolId))?.poolId
    ?? eligRes.value?.eligibleBenefits?.[0]?.poolId
    ?? poolsRes.value?.pools?.[0]?._id;

  // 11. balances.getBalance ---------------------------------------------------------------
  await step('balances.getBalance',
    () => wix.balances.getBalance(id('poolId')),
    (c, r) => {
      // [bpb] getBalance returns Balance (unwrapped from REST `{balance}`) (.d.ts sig)
      c.string(r, '_id'); // Balance._id?: string (.d.ts sig non-null)
      c.decimal(r, 'amount.available'); // BalanceAmount.available?: string (decimal) (.d.ts sig non-null)
      c.decimal(r, 'amount.reserved'); // BalanceAmount.reserved?: string (.d.ts sig non-null)
      c.string(r, 'beneficiary.memberId', { equals: memberId });
      c.string(r, 'poolInfo._id', { equals: ids.poolId }); // PoolInfo._id (.d.ts sig non-null)
      c.enumOf(r, 'poolInfo.status', balances.PoolStatus, 'PoolStatus'); // PoolInfo.status (.d.ts sig non-null)
      c.decimal(r, 'poolInfo.creditAmount', { optional: true }); // creditAmount?: string | null
      c.date(r, '_updatedDate', { optional: true });
    });

  // 12. bookings.createBooking (A: new contact, pays cash) -------------------------------
  const bookingInput = (who, option, tag) => ({
    bookedEntity: { slot: { serviceId: id('serviceId'), eventId: id('eventId') } },
    contactDetails: Object.fromEntries(Object.entries({
      contactId: who.contactId, firstName: who.firstName, lastName: who.lastName, email: who.email,
    }).filter(([, v]) => v !== undefined)),
    totalParticipants: 1,
    selectedPaymentOption: option,
    externalUserId: `wixsync-sdk-harness:${tag}`,
  });
  const quiet = { participantNotification: { notifyParticipants: false }, sendSmsReminder: false };

  const aRes = await step('bookings.createBooking',
    () => wix.bookings.createBooking(bookingInput(newWho, 'OFFLINE', 'A'), quiet),
    (c, r) => {
      // [bk] interface CreateBookingResponse { booking?: Booking }
      checkBooking(c, r, 'booking');
      c.equal(r?.booking?.selectedPaymentOption, 'OFFLINE', 'scenario: booking.selectedPaymentOption');
      c.equal(r?.booking?.bookedEntity?.slot?.eventId, ids.eventId, 'scenario: booking.bookedEntity.slot.eventId');
      c.equal(r?.booking?.contactDetails?.contactId, ids.newContactId, 'scenario: booking.contactDetails.contactId');
    });
  ids.bookingA = aRes.value?.booking?._id;

  // 13. bookings.bulkCreateBooking (B: member/MEMBERSHIP, C: member/OFFLINE, D, F, G) --------
  const bulkPlan = [
    ['bookingB', memberWho, 'MEMBERSHIP'],
    ['bookingC', memberWho, 'OFFLINE'],
    ['bookingD', existingWho, 'OFFLINE'],
    ['bookingF', existingWho, 'OFFLINE'],
    ['bookingG', newWho, 'OFFLINE'],
  ];
  const bulkRes = await step('bookings.bulkCreateBooking',
    () => wix.bookings.bulkCreateBooking(
      bulkPlan.map(([label, who, option]) => ({ booking: bookingInput(who, option, label.slice(-1)), ...quiet })),
      { returnFullEntity: true }),
    (c, r) => {
      // [bk] interface BulkCreateBookingResponse { results?: BulkBookingResult[]; bulkActionMetadata? }
      c.array(r, 'results', { min: bulkPlan.length });
      c.number(r, 'results[].itemMetadata.originalIndex', { integer: true }); // ItemMetadata.originalIndex (.d.ts sig non-null)
      c.boolean(r, 'results[].itemMetadata.success'); // ItemMetadata.success (.d.ts sig non-null)
      c.string(r, 'results[].itemMetadata._id', { optional: true }); // ItemMetadata._id (REST `itemMetadata.id`)
      (r?.results ?? []).forEach((res, i) => {
        c.equal(res?.itemMetadata?.success, true, `scenario: results[${i}].itemMetadata.success`);
        checkBooking(c, r, `results.${i}.item`);
      });
      c.number(r, 'bulkActionMetadata.totalSuccesses', { integer: true }); // BulkActionMetadata (.d.ts sig non-null)
      c.number(r, 'bulkActionMetadata.totalFailures', { integer: true });
      c.number(r, 'bulkActionMetadata.undetailedFailures', { integer: true });
    });
  bulkPlan.forEach(([label], i) => {
    const res = (bulkRes.value?.results ?? []).find((x) => x?.itemMetadata?.originalIndex === i) ?? bulkRes.value?.results?.[i];
    ids[label] = res?.item?._id ?? res?.itemMetadata?._id;
  });
  ids.bookingDRevision = (bulkRes.value?.results ?? []).find((x) => x?.item?._id === ids.bookingD)?.item?.revision;

  // 14. bookings.confirmOrDeclineBooking (D) ------------------------------------------------
  const codRes = await step('bookings.confirmOrDeclineBooking',
    () => wix.bookings.confirmOrDeclineBooking(id('bookingD'), { paymentStatus: 'NOT_PAID' }),
    (c, r) => {
      // [bk] interface ConfirmOrDeclineBookingResponse { booking?: Booking }
      checkBooking(c, r, 'booking');
      c.equal(r?.booking?._id, ids.bookingD, 'scenario: booking._id');
    });
  ids.bookingDRevision = codRes.value?.booking?.revision ?? ids.bookingDRevision;

  // 15. attendance.setAttendance (A) ------------------------------------------------------
  await step('attendance.setAttendance',
    () => wix.attendance.setAttendance(
      { bookingId: id('bookingA'), eventId: id('eventId'), status: 'ATTENDED', numberOfAttendees: 1 },
      { participantNotification: { notifyParticipants: false } }),
    (c, r) => {
      // [att] interface SetAttendanceResponse { attendance?: Attendance }
      // interface Attendance { _id?: string | null; bookingId?; eventId?; status?: AttendanceStatusWithLiterals; numberOfAttendees?: number }
      c.string(r, 'attendance._id');
      c.string(r, 'attendance.bookingId', { equals: ids.bookingA });
      c.string(r, 'attendance.eventId', { optional: true });
      c.enumOf(r, 'attendance.status', attendance.AttendanceStatus, 'AttendanceStatus'); // (.d.ts sig non-null)
      c.equal(r?.attendance?.status, 'ATTENDED', 'scenario: attendance.status');
      c.number(r, 'attendance.numberOfAttendees', { integer: true }); // (.d.ts sig non-null)
    });

  // 16. attendance.bulkSetAttendance (B attended, C not attended) -------------------------
  await step('attendance.bulkSetAttendance',
    () => wix.attendance.bulkSetAttendance({
      attendanceDetails: [
        { attendance: { bookingId: id('bookingB'), eventId: id('eventId'), status: 'ATTENDED', numberOfAttendees: 1 }, participantNotification: { notifyParticipants: false } },
        { attendance: { bookingId: id('bookingC'), eventId: id('eventId'), status: 'NOT_ATTENDED', numberOfAttendees: 1 }, participantNotification: { notifyParticipants: false } },
      ],
      returnFullEntity: true,
    }),
    (c, r) => {
      // [att] interface BulkSetAttendanceResponse { results?: BulkAttendanceResult[]; bulkActionMetadata? }
      c.array(r, 'results', { min: 2 });
      c.boolean(r, 'results[].itemMetadata.success');
      c.number(r, 'results[].itemMetadata.originalIndex', { integer: true });
      c.string(r, 'results[].item._id');
      c.enumOf(r, 'results[].item.status', attendance.AttendanceStatus, 'AttendanceStatus');
      c.number(r, 'results[].item.numberOfAttendees', { integer: true });
      c.number(r, 'bulkActionMetadata.totalSuccesses', { integer: true });
      c.number(r, 'bulkActionMetadata.totalFailures', { integer: true });
    });

  // 17. attendance.queryAttendance --------------------------------------------------------
  await step('attendance.queryAttendance',
    () => wix.attendance.queryAttendance({
      filter: { bookingId: { $in: [id('bookingA'), id('bookingB'), id('bookingC')] } },
      cursorPaging: { limit: 100 },
    }),
    (c, r) => {
      // [att] interface QueryAttendanceResponse { attendances?: Attendance[]; pagingMetadata?: CursorPagingMetadata }
      c.array(r, 'attendances', { min: 3 });
      c.string(r, 'attendances[]._id');
      c.string(r, 'attendances[].bookingId');
      c.enumOf(r, 'attendances[].status', attendance.AttendanceStatus, 'AttendanceStatus');
      c.number(r, 'attendances[].numberOfAttendees', { integer: true });
    });

  // Checkout + order helpers ---------------------------------------------------------------
  const checkoutOptions = (bookingId, who) => ({
    channelType: 'BACKOFFICE_MERCHANT',
    lineItems: [{ quantity: 1, catalogReference: { appId: BOOKINGS_APP_ID, catalogItemId: bookingId } }],
    checkoutInfo: {
      buyerInfo: who.email ? { email: who.email } : undefined,
      billingInfo: {
        contactDetails: { firstName: who.firstName ?? 'Guest', lastName: who.lastName ?? 'Guest' },
        address: { country: fx.country },
      },
    },
  });
  const createCheckoutStep = (suffix, bookingLabel, who) => step(`checkout.createCheckout${suffix}`,
    () => wix.checkout.createCheckout(checkoutOptions(id(bookingLabel), who)),
    (c, r) => {
      // [co] createCheckout returns Checkout (unwrapped from REST `{checkout}`) (.d.ts sig)
      checkCheckout(c, r);
      c.equal(r?.lineItems?.[0]?.catalogReference?.catalogItemId, ids[bookingLabel], 'scenario: lineItems[0].catalogReference.catalogItemId is the booking');
      c.equal(r?.lineItems?.[0]?.catalogReference?.appId, BOOKINGS_APP_ID, 'scenario: lineItems[0].catalogReference.appId');
      c.equal(r?.channelType, 'BACKOFFICE_MERCHANT', 'scenario: channelType');
    });
  const createOrderStep = (suffix, checkoutLabel) => step(`checkout.createOrder${suffix}`,
    () => wix.checkout.createOrder(id(checkoutLabel), {}),
    (c, r) => {
      // [co] interface CreateOrderResponse { orderId?: string; subscriptionId?: string; paymentGatewayOrderId?: string | null }
      c.string(r, 'orderId');
      c.string(r, 'paymentGatewayOrderId', { optional: true });
    });
  const getOrderStep = (suffix, orderLabel, verifyMore) => step(`orders.getOrder${suffix}`,
    () => wix.orders.getOrder(id(orderLabel)),
    (c, r) => {
      // [or] getOrder returns Order (unwrapped from REST `{order}`) (.d.ts sig)
      checkEcomOrder(c, r, '');
      c.equal(r?._id, ids[orderLabel], 'scenario: order _id');
      verifyMore?.(c, r);
    });

  // 18-21. Cash flow for A: createCheckout, getCheckout, createOrder (+ repeat) ----------
  const coA = await createCheckoutStep('', 'bookingA', newWho);
  ids.checkoutA = coA.value?._id;
  await step('checkout.getCheckout',
    () => wix.checkout.getCheckout(id('checkoutA')),
    (c, r) => {
      // [co] getCheckout returns Checkout (unwrapped from REST `{checkout}`) (.d.ts sig)
      checkCheckout(c, r);
      c.equal(r?._id, ids.checkoutA, 'scenario: checkout _id');
      c.equal(r?.lineItems?.[0]?.paymentOption, 'FULL_PAYMENT_OFFLINE', 'scenario: OFFLINE booking -> lineItems[0].paymentOption');
    });
  const orderARes = await createOrderStep('', 'checkoutA');
  ids.orderA = orderARes.value?.orderId;
  await step('checkout.createOrder#repeat',
    () => wix.checkout.createOrder(id('checkoutA'), {}),
    null,
    {
      // [co] type CreateOrderApplicationErrors: { code: 'CHECKOUT_ALREADY_PAID'; data?: DoublePaymentErrorData }
      expectError: { code: 'CHECKOUT_ALREADY_PAID', status: 409 },
      verifyError: (c, err) => {
        // [co] interface DoublePaymentErrorData { orderId?: string; subscriptionId?: string }
        c.string(err, 'details.applicationError.data.orderId');
        if (ids.orderA) c.equal(err?.details?.applicationError?.data?.orderId, ids.orderA, 'scenario: data.orderId is the order created before');
      },
    });

  // 22. orders.getOrder (A) -----------------------------------------------------------------
  await getOrderStep('', 'orderA', (c, r) => {
    c.equal(r?.checkoutId, ids.checkoutA, 'scenario: order.checkoutId'); // checkoutId?: string | null
    c.equal(r?.lineItems?.[0]?.catalogReference?.catalogItemId, ids.bookingA, 'scenario: order line item is booking A');
  });

  // 23. orders.searchOrders -----------------------------------------------------------------
  await step('orders.searchOrders',
    () => wix.orders.searchOrders({
      filter: { 'lineItems.catalogReference.catalogItemId': { $hasSome: [id('bookingA')] } },
      cursorPaging: { limit: 10 },
    }),
    (c, r) => {
      // [or] interface SearchOrdersResponse { orders?: Order[]; metadata?: CursorPagingMetadata }
      c.array(r, 'orders', { min: 1 });
      (r?.orders ?? []).forEach((_, i) => checkEcomOrder(c, r, `orders.${i}`));
      c.number(r, 'metadata.count', { integer: true, optional: true }); // CursorPagingMetadata.count
      c.boolean(r, 'metadata.hasNext', { optional: true });
      c.ok((r?.orders ?? []).some((o) => o._id === ids.orderA), 'scenario: search by catalogItemId finds order A');
    });

  // 24-25. orders.paymentCollectionMarkOrderAsPaid (A) + repeat -> ORDER_ALREADY_PAID ------
  await step('orders.paymentCollectionMarkOrderAsPaid',
    () => wix.orders.paymentCollectionMarkOrderAsPaid(id('orderA'), { userDefinedPaymentMethodName: { predefined: 'CASH' } }),
    (c, r) => {
      // [or-i] interface MarkOrderAsPaidResponse { order?: Order }
      checkEcomOrder(c, r, 'order');
      c.equal(r?.order?._id, ids.orderA, 'scenario: order._id');
    });
  await step('orders.paymentCollectionMarkOrderAsPaid#repeat',
    () => wix.orders.paymentCollectionMarkOrderAsPaid(id('orderA'), { userDefinedPaymentMethodName: { predefined: 'CASH' } }),
    null,
    // [or-i] type PaymentCollectionMarkOrderAsPaidApplicationErrors: { code: 'ORDER_ALREADY_PAID' } (HTTP status not declared)
    { expectError: { code: 'ORDER_ALREADY_PAID' } });

  // 26. tx.listTransactionsForSingleOrder (A) -------------------------------------------------
  await step('tx.listTransactionsForSingleOrder',
    () => wix.tx.listTransactionsForSingleOrder(id('orderA')),
    (c, r) => {
      // [ot] interface ListTransactionsForSingleOrderResponse { orderTransactions?: OrderTransactions }
      // interface OrderTransactions { orderId?: string; payments?: Payment[]; refunds?: Refund[] }
      c.string(r, 'orderTransactions.orderId', { equals: ids.orderA }); // (.d.ts sig non-null)
      c.array(r, 'orderTransactions.payments', { min: 1 }); // (.d.ts sig non-null)
      (r?.orderTransactions?.payments ?? []).forEach((_, i) => checkPayment(c, r, `orderTransactions.payments.${i}`, tx));
      c.array(r, 'orderTransactions.refunds', { optional: true });
    });

  // 27-29. Plan path 1 for B: checkout, select membership, create order ------------------
  const coB = await createCheckoutStep('#membership', 'bookingB', memberWho);
  ids.checkoutB = coB.value?._id;
  ids.checkoutBLineItem = coB.value?.lineItems?.[0]?._id;
  const lc = (s) => String(s ?? '').trim().toLowerCase();
  const eligible = coB.value?.membershipOptions?.eligibleMemberships ?? [];
  ids.membershipId = eligible.find((m) => lc(m?.name?.original) === lc(fx.planName))?._id
    ?? fx.membershipId
    ?? planOrder?._id;
  await step('checkout.updateCheckout',
    () => wix.checkout.updateCheckout(id('checkoutB'), {
      membershipOptions: {
        selectedMemberships: {
          memberships: [{ _id: id('membershipId'), appId: PRICING_PLANS_APP_ID, lineItemIds: [id('checkoutBLineItem')] }],
        },
      },
    }),
    (c, r) => {
      // [co] updateCheckout returns Checkout (unwrapped from REST `{checkout}`) (.d.ts sig)
      checkCheckout(c, r);
      // interface SelectedMembership { _id?: string; appId?: string; lineItemIds?: string[] }
      c.string(r, 'membershipOptions.selectedMemberships.memberships[]._id');
      c.string(r, 'membershipOptions.selectedMemberships.memberships[].appId');
      c.array(r, 'membershipOptions.selectedMemberships.memberships[].lineItemIds', { min: 1 });
      c.equal(r?.membershipOptions?.selectedMemberships?.memberships?.[0]?._id, ids.membershipId, 'scenario: selected membership');
      c.equal(r?.lineItems?.[0]?.paymentOption, 'MEMBERSHIP', 'scenario: MEMBERSHIP booking -> lineItems[0].paymentOption');
      c.ok(!r?.calculationErrors?.membershipError, 'scenario: no calculationErrors.membershipError');
    });
  const orderBRes = await createOrderStep('#membership', 'checkoutB');
  ids.orderB = orderBRes.value?.orderId;

  // 30-31. Plan path 2 for C: checkout, order, order-billing chargeMemberships -------------
  const coC = await createCheckoutStep('#C', 'bookingC', memberWho);
  ids.checkoutC = coC.value?._id;
  const orderCRes = await createOrderStep('#C', 'checkoutC');
  ids.orderC = orderCRes.value?.orderId;
  const orderC = await getOrderStep('#C', 'orderC');
  ids.orderCLineItem = orderC.value?.lineItems?.[0]?._id;
  await step('billing.chargeMemberships',
    () => wix.billing.chargeMemberships(id('orderC'), {
      memberId,
      memberships: [{
        lineItemId: id('orderCLineItem'),
        membershipIdentifier: { existingMembership: { appId: PRICING_PLANS_APP_ID, membershipId: id('membershipId') } },
      }],
    }),
    (c, r) => {
      // [ob] interface ChargeMembershipsResponse { payments?: Payment[] } (.d.ts sig: `payments` non-null)
      c.array(r, 'payments', { min: 1 });
      (r?.payments ?? []).forEach((_, i) => checkPayment(c, r, `payments.${i}`, billing));
      c.string(r, 'payments[].membershipPaymentDetails.membershipId', { equals: ids.membershipId });
      c.string(r, 'payments[].membershipPaymentDetails.lineItemId', { equals: ids.orderCLineItem });
    });

  // 32. orders.paymentCollectionBulkMarkOrdersAsPaid (F) ----------------------------------
  const coF = await createCheckoutStep('#F', 'bookingF', existingWho);
  ids.checkoutF = coF.value?._id;
  const orderFRes = await createOrderStep('#F', 'checkoutF');
  ids.orderF = orderFRes.value?.orderId;
  await step('orders.paymentCollectionBulkMarkOrdersAsPaid',
    () => wix.orders.paymentCollectionBulkMarkOrdersAsPaid([id('orderF')]),
    (c, r) => {
      // [or-i] interface BulkMarkOrdersAsPaidResponse { results?: BulkOrderResult[]; bulkActionMetadata? }
      // interface BulkOrderResult { itemMetadata?: ItemMetadata; item?: Order }
      c.array(r, 'results', { min: 1 });
      c.number(r, 'results[].itemMetadata.originalIndex', { integer: true }); // (.d.ts sig non-null)
      c.boolean(r, 'results[].itemMetadata.success'); // (.d.ts sig non-null)
      c.string(r, 'results[].itemMetadata._id', { optional: true }); // ItemMetadata._id (REST `id`)
      (r?.results ?? []).forEach((res, i) => { if (res?.item) checkEcomOrder(c, r, `results.${i}.item`); });
      c.equal(r?.results?.[0]?.itemMetadata?.success, true, 'scenario: results[0].itemMetadata.success');
      c.number(r, 'bulkActionMetadata.totalSuccesses', { integer: true });
      c.number(r, 'bulkActionMetadata.totalFailures', { integer: true });
      c.number(r, 'bulkActionMetadata.undetailedFailures', { integer: true });
    });

  // 33. tx.addPayments (G) ------------------------------------------------------------------
  const coG = await createCheckoutStep('#G', 'bookingG', newWho);
  ids.checkoutG = coG.value?._id;
  const orderGRes = await createOrderStep('#G', 'checkoutG');
  ids.orderG = orderGRes.value?.orderId;
  const orderG = await getOrderStep('#G', 'orderG');
  const owed = orderG.value?.balanceSummary?.balance?.amount ?? orderG.value?.priceSummary?.total?.amount ?? price;
  await step('tx.addPayments',
    () => wix.tx.addPayments(id('orderG'), [{
      amount: { amount: owed },
      // [ot] Payment.status is the payment's status; RegularPaymentDetails.status
      // (@targetRemovalDate 2026-11-01) and .paymentMethod (2026-07-01) are removed: not sent.
      status: 'APPROVED',
      regularPaymentDetails: {
        offlinePayment: true,
        paymentMethodName: { userDefinedName: { predefined: 'CASH' } },
      },
    }]),
    (c, r) => {
      // [ot] interface AddPaymentsResponse { orderTransactions?: OrderTransactions; paymentsIds?: string[] }
      c.string(r, 'orderTransactions.orderId', { equals: ids.orderG });
      c.array(r, 'orderTransactions.payments', { min: 1 });
      (r?.orderTransactions?.payments ?? []).forEach((_, i) => checkPayment(c, r, `orderTransactions.payments.${i}`, tx));
      c.array(r, 'paymentsIds', { min: 1 });
      c.string(r, 'paymentsIds[]');
    });

  // 34-35. orders.createOrder (plain, the unlinked trap) for D, then cancelOrder ----------
  const plainRes = await step('orders.createOrder',
    () => wix.orders.createOrder({
      channelInfo: { type: 'BACKOFFICE_MERCHANT' },
      lineItems: [{
        catalogReference: { appId: BOOKINGS_APP_ID, catalogItemId: id('bookingD') },
        productName: { original: fx.serviceName },
        itemType: { preset: 'SERVICE' },
        price: { amount: price },
        quantity: 1,
      }],
      priceSummary: { subtotal: { amount: price }, total: { amount: price } },
      buyerInfo: { contactId: existingWho.contactId, email: existingWho.email },
      currency,
    }, { settings: { notifications: { sendNotificationToBuyer: false, sendNotificationsToBusiness: false } } }),
    (c, r) => {
      // [or] orders.createOrder returns Order (unwrapped from REST `{order}`) (.d.ts sig)
      checkEcomOrder(c, r, '');
      c.ok(!r?.checkoutId, 'scenario: a plain Create Order has no checkoutId');
    });
  ids.orderE = plainRes.value?._id;
  await step('orders.cancelOrder',
    () => wix.orders.cancelOrder(id('orderE'), { sendOrderCanceledEmail: false, restockAllItems: false }),
    (c, r) => {
      // [or] interface CancelOrderResponse { order?: Order }
      checkEcomOrder(c, r, 'order');
      c.equal(r?.order?.status, 'CANCELED', 'scenario: order.status');
    });

  // 36. bookings.cancelBooking (D) -----------------------------------------------------------
  await step('bookings.cancelBooking',
    () => wix.bookings.cancelBooking(id('bookingD'), {
      revision: ids.bookingDRevision ?? '1',
      participantNotification: { notifyParticipants: false },
      flowControlSettings: { ignoreCancellationPolicy: true, waiveCancellationFee: true },
      waiveCharges: true,
    }),
    (c, r) => {
      // [bk] interface CancelBookingResponse { booking?: Booking }
      checkBooking(c, r, 'booking');
      c.equal(r?.booking?.status, 'CANCELED', 'scenario: booking.status');
    });

  // 37. extended.queryExtendedBookings (withEcomOrder) ---------------------------------------
  const allBookings = ['bookingA', 'bookingB', 'bookingC', 'bookingD', 'bookingF', 'bookingG'];
  await step('extended.queryExtendedBookings',
    () => wix.extended.queryExtendedBookings(
      { filter: { _id: { $in: allBookings.map(id) } }, cursorPaging: { limit: 100 } },
      { withEcomOrder: true, withBookingAttendanceInfo: true }),
    (c, r) => {
      // [xb] interface QueryExtendedBookingsResponse { extendedBookings?: ExtendedBooking[]; pagingMetadata?: PagingMetadataV2 }
      c.array(r, 'extendedBookings', { min: allBookings.length });
      (r?.extendedBookings ?? []).forEach((_, i) => checkBooking(c, r, `extendedBookings.${i}.booking`, { enums: extended }));
      // [xb] interface Order { _id?; number?: string; status?: OrderStatusWithLiterals;
      //   paymentStatus?: PaymentStatusEnumPaymentStatusWithLiterals; totalPrice?: Price; balance?: Balance }
      c.string(r, 'extendedBookings[].order._id', { optional: true });
      c.string(r, 'extendedBookings[].order.number', { optional: true });
      c.enumOf(r, 'extendedBookings[].order.status', extended.OrderStatus, 'OrderStatus', { optional: true });
      c.enumOf(r, 'extendedBookings[].order.paymentStatus', extended.PaymentStatusEnumPaymentStatus, 'PaymentStatusEnumPaymentStatus', { optional: true });
      c.decimal(r, 'extendedBookings[].order.totalPrice.amount', { optional: true });
      c.decimal(r, 'extendedBookings[].order.balance.amount', { optional: true });
      // [xb] interface Attendance { status?: AttendanceStatusWithLiterals; numberOfAttendees?: number }
      c.enumOf(r, 'extendedBookings[].attendance.status', extended.AttendanceStatus, 'AttendanceStatus', { optional: true });
      c.number(r, 'extendedBookings[].attendance.numberOfAttendees', { integer: true, optional: true });
      const byId = new Map((r?.extendedBookings ?? []).map((x) => [x?.booking?._id, x]));
      for (const [booking, order] of [['bookingA', 'orderA'], ['bookingB', 'orderB'], ['bookingC', 'orderC'], ['bookingF', 'orderF'], ['bookingG', 'orderG']]) {
        if (ids[booking] && ids[order]) c.equal(byId.get(ids[booking])?.order?._id, ids[order], `scenario: ${booking} is linked to ${order} (withEcomOrder)`);
      }
      if (ids.bookingD) c.ok(!byId.get(ids.bookingD)?.order, 'scenario: bookingD shows no order (plain Create Order does not link)');
      if (ids.bookingA) c.equal(byId.get(ids.bookingA)?.attendance?.status, 'ATTENDED', 'scenario: bookingA attendance (withBookingAttendanceInfo)');
    });

  // 38+. Cart V2: the order path (Checkout v1 is removed 2027-02-01) -------------------------
  // H: a new contact pays cash (place order, then Add Payments with the top-level status);
  // M: the member's plan (place order, then order-billing chargeMemberships).
  // [cv2] CatalogReference doc: "for Wix Bookings, catalogReference.catalogItemId is the booking ID".
  const hRes = await step('bookings.createBooking#cartH',
    () => wix.bookings.createBooking(bookingInput(newWho, 'OFFLINE', 'H'), quiet),
    (c, r) => {
      checkBooking(c, r, 'booking');
      c.equal(r?.booking?.selectedPaymentOption, 'OFFLINE', 'scenario: booking.selectedPaymentOption');
    });
  ids.bookingH = hRes.value?.booking?._id;
  const mRes = await step('bookings.createBooking#cartM',
    () => wix.bookings.createBooking(bookingInput(memberWho, 'OFFLINE', 'M'), quiet),
    (c, r) => {
      checkBooking(c, r, 'booking');
      c.equal(r?.booking?.selectedPaymentOption, 'OFFLINE', 'scenario: booking.selectedPaymentOption');
    });
  ids.bookingM = mRes.value?.booking?._id;

  const cartOptions = (bookingLabel, who) => ({
    cart: {
      // CustomerInfo: firstName / lastName / email are writable (memberId, contactId @readonly)
      customerInfo: Object.fromEntries(Object.entries({ firstName: who.firstName, lastName: who.lastName, email: who.email })
        .filter(([, v]) => v !== undefined)),
      source: { channelType: 'BACKOFFICE_MERCHANT' }, // CartSource.channelType
    },
    catalogItems: [{ catalogReference: { appId: BOOKINGS_APP_ID, catalogItemId: id(bookingLabel) }, quantity: 1 }],
  });
  const createCartStep = (suffix, bookingLabel, who) => step(`cart.createCart${suffix}`,
    () => wix.cart.createCart(cartOptions(bookingLabel, who)),
    (c, r) => {
      // [cv2] createCart returns Cart (unwrapped from REST `{cart}`, index.js createCart2 `?.cart`) (.d.ts sig)
      checkCart(c, r, '');
      c.equal(r?.lineItems?.[0]?.source?.catalogReference?.catalogItemId, ids[bookingLabel], 'scenario: lineItems[0].source.catalogReference.catalogItemId is the booking');
      c.equal(r?.lineItems?.[0]?.source?.catalogReference?.appId, BOOKINGS_APP_ID, 'scenario: lineItems[0].source.catalogReference.appId');
      c.equal(r?.lineItems?.[0]?.paymentConfig?.paymentOption, 'FULL_PAYMENT_OFFLINE', 'scenario: OFFLINE booking -> lineItems[0].paymentConfig.paymentOption');
      c.equal(r?.orderPlaced, false, 'scenario: a new cart has orderPlaced false');
      if (ids.serviceId) c.equal(r?.lineItems?.[0]?.source?.rootCatalogItemId ?? ids.serviceId, ids.serviceId, 'scenario: lineItems[0].source.rootCatalogItemId is the service');
    });
  const calculateCartStep = (suffix, cartLabel) => step(`cart.calculateCart${suffix}`,
    () => wix.cart.calculateCart(id(cartLabel)),
    (c, r) => {
      // [cv2] interface CalculateCartResponse { cart?: Cart; summary?: CartSummary } (not unwrapped)
      checkCart(c, r, 'cart');
      checkCartSummary(c, r, 'summary');
      c.equal(r?.summary?.cartId, ids[cartLabel], 'scenario: summary.cartId');
      const errorsSeen = (r?.summary?.violations ?? []).filter((v) => v?.severity === 'ERROR');
      c.ok(errorsSeen.length === 0, `scenario: no violation of severity ERROR (got ${JSON.stringify(errorsSeen).slice(0, 200)})`);
      const payNow = r?.summary?.paymentSummary?.payNow?.amount;
      if (payNow !== undefined) c.ok(Number(payNow) === 0, `scenario: an offline booking line pays nothing now (payNow ${payNow})`);
    });
  const placeOrderStep = (suffix, cartLabel, tokenOf) => step(`cart.placeOrder${suffix}`,
    () => wix.cart.placeOrder(id(cartLabel), tokenOf() ? { priceVerificationToken: tokenOf() } : {}),
    (c, r) => {
      // [cv2] interface PlaceOrderResponse { orderId?: string; paymentGatewayOrderId?: string | null; completed?: boolean }
      c.string(r, 'orderId'); // (.d.ts sig non-null)
      c.boolean(r, 'completed'); // (.d.ts sig non-null)
      // "Omitted when no charge occurs (for example, a zero-total cart ...)": nothing is charged now
      c.ok(!r?.paymentGatewayOrderId, 'scenario: no paymentGatewayOrderId for an offline (pay-now 0) line');
    });

  // H: create, get, update line items, calculate, place order (+ repeat), get again
  const cartH = await createCartStep('#H', 'bookingH', newWho);
  ids.cartH = cartH.value?._id;
  ids.cartHLineItem = cartH.value?.lineItems?.[0]?._id;
  await step('cart.getCart',
    () => wix.cart.getCart(id('cartH')),
    (c, r) => {
      // [cv2] getCart returns Cart (unwrapped from REST `{cart}`) (.d.ts sig)
      checkCart(c, r, '');
      c.equal(r?._id, ids.cartH, 'scenario: cart _id');
      c.equal(r?.orderPlaced, false, 'scenario: orderPlaced before placeOrder');
      c.ok(!r?.orderId, 'scenario: no orderId before placeOrder');
    });
  await step('cart.updateLineItems',
    () => wix.cart.updateLineItems(id('cartH'), { lineItems: [{ lineItemId: id('cartHLineItem'), quantity: { newQuantity: 1 } }] }),
    (c, r) => {
      // [cv2] interface UpdateLineItemsResponse { cart?: Cart } (not unwrapped)
      checkCart(c, r, 'cart');
      c.equal(r?.cart?.lineItems?.[0]?._id, ids.cartHLineItem, 'scenario: the line item keeps its id');
      c.equal(r?.cart?.lineItems?.[0]?.quantityInfo?.requestedQuantity, 1, 'scenario: requestedQuantity after update');
    });
  const calcH = await calculateCartStep('', 'cartH');
  const orderHRes = await placeOrderStep('', 'cartH', () => calcH.value?.summary?.priceVerificationToken);
  ids.orderH = orderHRes.value?.orderId;
  await step('cart.placeOrder#repeat',
    () => wix.cart.placeOrder(id('cartH'), calcH.value?.summary?.priceVerificationToken ? { priceVerificationToken: calcH.value.summary.priceVerificationToken } : {}),
    null,
    {
      // [cv2] type PlaceOrderApplicationErrors: { code: 'CART_ALREADY_ORDERED'; data?: CartAlreadyOrderedErrorData } (HTTP status not declared)
      expectError: { code: 'CART_ALREADY_ORDERED' },
      verifyError: (c, err) => {
        // [cv2] interface CartAlreadyOrderedErrorData { cartId?: string; orderId?: string }
        c.string(err, 'details.applicationError.data.orderId');
        if (ids.orderH) c.equal(err?.details?.applicationError?.data?.orderId, ids.orderH, 'scenario: data.orderId is the order placed before');
        c.string(err, 'details.applicationError.data.cartId', { optional: true });
        if (ids.cartH && err?.details?.applicationError?.data?.cartId) c.equal(err.details.applicationError.data.cartId, ids.cartH, 'scenario: data.cartId');
      },
    });
  await step('cart.getCart#ordered',
    () => wix.cart.getCart(id('cartH')),
    (c, r) => {
      checkCart(c, r, '');
      c.equal(r?.orderPlaced, true, 'scenario: orderPlaced after placeOrder');
      c.equal(r?.orderId, ids.orderH, 'scenario: cart.orderId is the placed order (the resume hook)');
    });
  const orderH = await getOrderStep('#H', 'orderH', (c, r) => {
    c.equal(r?.lineItems?.[0]?.catalogReference?.catalogItemId, ids.bookingH, 'scenario: order line item is booking H');
    c.equal(r?.lineItems?.[0]?.paymentOption, 'FULL_PAYMENT_OFFLINE', 'scenario: order line paymentOption');
    c.ok(r?.paymentStatus !== 'PAID', `scenario: an offline order is not paid yet (got ${r?.paymentStatus})`);
  });
  const owedH = orderH.value?.balanceSummary?.balance?.amount ?? orderH.value?.priceSummary?.total?.amount ?? price;
  await step('tx.addPayments#cart',
    () => wix.tx.addPayments(id('orderH'), [{
      amount: { amount: owedH },
      status: 'APPROVED', // [ot] Payment.status; no RegularPaymentDetails.status (removed 2026-11-01)
      regularPaymentDetails: { offlinePayment: true, paymentMethodName: { userDefinedName: { predefined: 'CASH' } } },
    }]),
    (c, r) => {
      // [ot] interface AddPaymentsResponse { orderTransactions?: OrderTransactions; paymentsIds?: string[] } (.d.ts sig)
      c.string(r, 'orderTransactions.orderId', { equals: ids.orderH });
      c.array(r, 'orderTransactions.payments', { min: 1 });
      (r?.orderTransactions?.payments ?? []).forEach((_, i) => checkPayment(c, r, `orderTransactions.payments.${i}`, tx));
      checkPaymentSig(c, r, 'orderTransactions.payments', tx);
      c.array(r, 'orderTransactions.refunds'); // (.d.ts sig non-null)
      c.array(r, 'paymentsIds', { min: 1 });
    });
  await step('tx.listTransactionsForSingleOrder#cart',
    () => wix.tx.listTransactionsForSingleOrder(id('orderH')),
    (c, r) => {
      c.string(r, 'orderTransactions.orderId', { equals: ids.orderH });
      c.array(r, 'orderTransactions.payments', { min: 1 });
      (r?.orderTransactions?.payments ?? []).forEach((_, i) => checkPayment(c, r, `orderTransactions.payments.${i}`, tx));
      checkPaymentSig(c, r, 'orderTransactions.payments', tx);
      const cash = (r?.orderTransactions?.payments ?? []).find((p) => p?.regularPaymentDetails?.offlinePayment);
      c.ok(!!cash, 'scenario: an offline (cash) payment is listed');
      if (cash) c.equal(cash.status, 'APPROVED', 'scenario: the cash payment status (top-level Payment.status)');
    });

  // M: the member's plan through order billing
  const cartM = await createCartStep('#M', 'bookingM', memberWho);
  ids.cartM = cartM.value?._id;
  const calcM = await calculateCartStep('#M', 'cartM');
  const orderMRes = await placeOrderStep('#M', 'cartM', () => calcM.value?.summary?.priceVerificationToken);
  ids.orderM = orderMRes.value?.orderId;
  const orderM = await getOrderStep('#M', 'orderM', (c, r) => {
    c.equal(r?.lineItems?.[0]?.catalogReference?.catalogItemId, ids.bookingM, 'scenario: order line item is booking M');
  });
  ids.orderMLineItem = orderM.value?.lineItems?.[0]?._id;
  await step('billing.chargeMemberships#cart',
    () => wix.billing.chargeMemberships(id('orderM'), {
      memberId,
      memberships: [{
        lineItemId: id('orderMLineItem'),
        // [ob] MembershipIdentifier.existingMembership; .membershipId/.membershipAppId are removed 2026-12-31
        membershipIdentifier: { existingMembership: { appId: PRICING_PLANS_APP_ID, membershipId: id('membershipId') } },
      }],
    }),
    (c, r) => {
      // [ob] interface ChargeMembershipsResponse { payments?: Payment[] } (.d.ts sig: `payments` non-null)
      c.array(r, 'payments', { min: 1 });
      (r?.payments ?? []).forEach((_, i) => checkPayment(c, r, `payments.${i}`, billing));
      // "The status will be updated asynchronously on the returned payments" - any PaymentStatus value
      checkPaymentSig(c, r, 'payments', billing);
      c.string(r, 'payments[].membershipPaymentDetails.lineItemId', { equals: ids.orderMLineItem });
      c.string(r, 'payments[].membershipPaymentDetails.membershipId', { equals: ids.membershipId });
    });
  await step('tx.listTransactionsForSingleOrder#cartM',
    () => wix.tx.listTransactionsForSingleOrder(id('orderM')),
    (c, r) => {
      c.string(r, 'orderTransactions.orderId', { equals: ids.orderM });
      c.array(r, 'orderTransactions.payments', { min: 1 });
      (r?.orderTransactions?.payments ?? []).forEach((_, i) => checkPayment(c, r, `orderTransactions.payments.${i}`, tx));
      checkPaymentSig(c, r, 'orderTransactions.payments', tx);
      const plan = (r?.orderTransactions?.payments ?? []).find((p) => p?.membershipPaymentDetails);
      c.ok(!!plan, 'scenario: the membership payment is listed');
      if (plan && ids.orderMLineItem) c.equal(plan.membershipPaymentDetails.lineItemId, ids.orderMLineItem, 'scenario: membershipPaymentDetails.lineItemId');
    });

  // Both Cart V2 orders are linked to their bookings ("Manage Participants" shows them)
  await step('extended.queryExtendedBookings#cart',
    () => wix.extended.queryExtendedBookings(
      { filter: { _id: { $in: [id('bookingH'), id('bookingM')] } }, cursorPaging: { limit: 100 } },
      { withEcomOrder: true }),
    (c, r) => {
      c.array(r, 'extendedBookings', { min: 2 });
      (r?.extendedBookings ?? []).forEach((_, i) => checkBooking(c, r, `extendedBookings.${i}.booking`, { enums: extended }));
      c.enumOf(r, 'extendedBookings[].order.paymentStatus', extended.PaymentStatusEnumPaymentStatus, 'PaymentStatusEnumPaymentStatus', { optional: true });
      const byId = new Map((r?.extendedBookings ?? []).map((x) => [x?.booking?._id, x]));
      for (const [booking, order] of [['bookingH', 'orderH'], ['bookingM', 'orderM']]) {
        if (ids[booking] && ids[order]) c.equal(byId.get(ids[booking])?.order?._id, ids[order], `scenario: ${booking} is linked to ${order} (Cart V2 placeOrder)`);
      }
      if (ids.bookingH) c.equal(byId.get(ids.bookingH)?.booking?.status, 'CONFIRMED', 'scenario: placeOrder confirms booking H');
    });

  // Extras: SDK methods outside the daemon's flow, recorded for WIRE.md ---------------------
  if (cfg.extras) {
    await step('orders.chargeMemberships',
      () => wix.orders.chargeMemberships(id('orderC'), memberId, {
        membershipCharges: [{
          membershipId: id('membershipId'),
          appId: PRICING_PLANS_APP_ID,
          membershipName: { original: fx.planName },
          catalogReference: { appId: BOOKINGS_APP_ID, catalogItemId: id('bookingC') },
          rootCatalogItemId: id('serviceId'),
          lineItemId: id('orderCLineItem'),
        }],
      }),
      // [or-i] chargeMemberships(...): Promise<void> - nothing to check in the result
      () => {});
    // With `sorting` (a nested object) this GET no longer fits a flat query string, so
    // @wix/sdk-runtime toURLSearchParams(params, isComplexRequest=true) sends the whole request
    // as `?.r=<base64url(JSON)>` instead of buyerIds=...&orderStatuses=...
    await step('ppo.managementListOrders#sorted',
      () => wix.ppo.managementListOrders({
        buyerIds: [memberId], orderStatuses: ['ACTIVE'], limit: 50, sorting: { fieldName: 'createdDate', order: 'DESC' },
      }),
      (c, r) => c.array(r, 'orders', { min: 1 }));
  }
}

// ---------------------------------------------------------------------------------------------

async function main() {
  let cfg;
  const doc = { harness: 'wixsync-sdk-contract', sdkVersions: sdkVersions() };
  try {
    cfg = loadConfig(process.env);
  } catch (err) {
    process.stdout.write(`${JSON.stringify({ ...doc, ok: false, error: err.message, results: [] }, null, 2)}\n`);
    process.exitCode = 2;
    return;
  }
  const wix = createLoopbackClient({
    baseUrl: cfg.baseUrl,
    siteId: cfg.siteId,
    apiKey: cfg.apiKey,
    modules: MODULES,
    hostMode: cfg.hostMode,
    onRequest: (req, res, bodyText) => currentStep?.requests.push({ ...req, status: res?.status ?? null, rawBody: bodyText }),
  });
  let fatal = null;
  try {
    await runScenario(wix, cfg);
  } catch (err) {
    fatal = err instanceof NetworkAbort
      ? `aborted, no HTTP response from ${cfg.baseUrl.origin} at ${err.message}`
      : err.stack ?? String(err);
  }
  const failed = results.filter((r) => !r.ok);
  const out = {
    ...doc,
    baseUrl: cfg.baseUrl.href,
    hostMode: cfg.hostMode,
    ok: !fatal && failed.length === 0,
    summary: { total: results.length, passed: results.length - failed.length, failed: failed.length, failedSteps: failed.map((r) => r.name) },
    ...(fatal ? { error: fatal } : {}),
    fixtures: cfg.fx,
    ids,
    results,
  };
  // exitCode instead of process.exit(): never cut a piped stdout short.
  process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
  process.exitCode = fatal && !failed.length ? 2 : fatal || failed.length ? 1 : 0;
}

main();
