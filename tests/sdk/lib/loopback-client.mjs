// Build an official @wix/sdk client whose traffic goes to a loopback URL (the sandbox or
// the recording server) and nowhere else.
//
// How @wix/sdk 1.21.16 picks the URL (read from node_modules, not guessed):
//   * build/wixClient.js createClient(): REST modules get `HTTPHost = config.host?.apiBaseUrl
//     ?? DEFAULT_API_URL` ('www.wixapis.com', build/common.js).
//   * build/rest-modules.js buildRESTDescriptor(): the URL is
//     `https://${useCDN ? 'edge.wixapis.com' : HTTPHost}${request.url}` - the scheme is
//     hard-coded to https; there is no option for http.
//   * The path (`request.url`) is resolved by each @wix/auto_sdk_* package with
//     @wix/sdk-runtime resolveUrl({host: HTTPHost, ...}): it looks HTTPHost up in the
//     package's `domainToMappings`. 'www.wixapis.com' has its own mapping table; any other
//     host (e.g. '127.0.0.1:8123') falls back to the '_' (Wix-site "user domain") table or,
//     if a package has none, to the raw internal proto path. So pointing `host.apiBaseUrl`
//     at the sandbox CHANGES THE PATHS the SDK requests (e.g. Bulk Create Booking becomes
//     /_api/bookings-service/v2/bulk/bookings/create instead of
//     /bookings/v2/bulk/bookings/create) - those are not the paths production traffic uses.
//   * createClient({ fetch }) is a public, typed option (build/wixClient.d.ts: `fetch?: typeof
//     fetch`); every REST call goes through it (boundFetch).
//
// Chosen hook (default, WIX_SDK_HOST_MODE=fetch): leave the SDK's host at its production
// default 'www.wixapis.com' so every package resolves exactly the production path, and pass a
// custom `fetch` that re-targets `https://www.wixapis.com/<path>?<query>` to
// `<WIX_BASE_URL>/<path>?<query>` (plain http on loopback). The method, path, query string,
// headers and body are passed through untouched. Any URL whose host is not the one the SDK was
// configured with is refused, redirects are refused (`redirect: 'error'`), and WIX_BASE_URL
// itself must be a loopback address - so no request can leave the machine.
//
// Alternative (WIX_SDK_HOST_MODE=apiBaseUrl): `host: { apiBaseUrl: '127.0.0.1:PORT' }` (the
// public Host option from @wix/sdk-types) plus the same fetch hook, which then only downgrades
// https to http. Kept only to demonstrate the path difference described above; WIRE.md records
// both. Do not use it to validate the sandbox.
import { createClient, ApiKeyStrategy } from '@wix/sdk';

export const SDK_DEFAULT_HOST = 'www.wixapis.com';
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

export function parseLoopbackBaseUrl(raw) {
  if (!raw) throw new Error('WIX_BASE_URL is not set (expected e.g. http://127.0.0.1:8123)');
  let url;
  try {
    url = new URL(raw);
  } catch {
    throw new Error(`WIX_BASE_URL is not a URL: ${raw}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(`WIX_BASE_URL must be http(s): ${raw}`);
  }
  if (!LOOPBACK_HOSTS.has(url.hostname) && !/^127(\.\d{1,3}){3}$/.test(url.hostname)) {
    throw new Error(`WIX_BASE_URL must point at loopback, got host ${url.hostname}`);
  }
  if (url.search || url.hash) throw new Error('WIX_BASE_URL must not carry a query or fragment');
  return url;
}

/**
 * @param {object} o
 * @param {URL} o.baseUrl        loopback target (from parseLoopbackBaseUrl)
 * @param {string} o.siteId
 * @param {string} o.apiKey
 * @param {object} o.modules     namespaces of @wix/auto_sdk_* packages
 * @param {'fetch'|'apiBaseUrl'} [o.hostMode]
 * @param {(req: {method: string, path: string, query: string}, res?: Response, bodyText?: string) => void} [o.onRequest]
 *        called once per request, after the response arrived (or the request failed), with a
 *        copy of the raw response body so callers can check the REST-level JSON as well
 */
export function createLoopbackClient({ baseUrl, siteId, apiKey, modules, hostMode = 'fetch', onRequest }) {
  if (hostMode !== 'fetch' && hostMode !== 'apiBaseUrl') {
    throw new Error(`unknown WIX_SDK_HOST_MODE ${hostMode} (use "fetch" or "apiBaseUrl")`);
  }
  const sdkHost = hostMode === 'apiBaseUrl' ? baseUrl.host : SDK_DEFAULT_HOST;
  const prefix = baseUrl.pathname.replace(/\/+$/, '');

  const loopbackFetch = async (input, init = {}) => {
    // The SDK passes a string URL for REST calls (rest-modules.js); accept Request/URL too.
    const original = new URL(typeof input === 'string' || input instanceof URL ? input : input.url);
    if (original.host !== sdkHost) {
      throw new Error(`loopback fetch: refusing request to ${original.host} (only ${sdkHost} is re-targeted)`);
    }
    const target = new URL(baseUrl.origin);
    target.pathname = prefix + original.pathname;
    target.search = original.search;
    const method = (init.method ?? (input instanceof Request ? input.method : 'GET')).toUpperCase();
    const call = { method, path: original.pathname, query: original.search.replace(/^\?/, '') };
    let res;
    let bodyText;
    try {
      res = await fetch(typeof input === 'string' || input instanceof URL ? target : new Request(target, input), {
        ...init,
        redirect: 'error',
      });
      if (onRequest) bodyText = await res.clone().text();
    } finally {
      onRequest?.(call, res, bodyText);
    }
    return res;
  };

  return createClient({
    auth: ApiKeyStrategy({ siteId, apiKey }),
    modules,
    fetch: loopbackFetch,
    useCDN: false,
    ...(hostMode === 'apiBaseUrl' ? { host: { apiBaseUrl: baseUrl.host } } : {}),
  });
}
