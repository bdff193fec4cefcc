#ifndef NW_URL_H
#define NW_URL_H

#include <stdbool.h>
#include <sys/socket.h>

/* Resolves `ref` against `base` (either may be NULL or empty). Returns a new
 * absolute URL the caller frees, or NULL when neither gives one. */
char *nw_url_resolve(const char *base, const char *ref);
/* The same by libcurl's parse always; and the common case without it (a
 * base and a result that libcurl would give back as they are: lower-case
 * http(s) and host, no user or port, no dot segment left, characters that
 * need no escaping; RFC 3986 5.2.2 and the reading of an empty reference
 * and a fragment alone above), NULL for anything else, which
 * nw_url_resolve then gives libcurl. The unit tests compare the two. */
char *nw_url_resolve_full(const char *base, const char *ref);
char *nw_url_resolve_fast(const char *base, const char *ref);

/* The dedup form of an absolute http(s) URL (DESIGN §3): scheme and host
 * lower-cased, default port and fragment dropped, tracking parameters
 * (utm_*, fbclid, gclid, ...) removed, remaining query parameters sorted.
 * Returns a new string, or NULL when `url` is not an absolute URL. */
char *nw_url_canonical(const char *url);
/* The same by libcurl's parse always, and the test that lets
 * nw_url_canonical skip it (for the unit tests). */
char *nw_url_canonical_full(const char *url);
bool nw_url_is_canonical_fast(const char *url);

/* The address a redirector link leads to: a link whose query's `url`
 * parameter is an absolute http(s) address on another site (Google
 * Alerts' "https://www.google.com/url?rct=j&sa=t&url=...&usg=...", Bing
 * News' "apiclick.aspx?...&url=https%3a%2f%2f..."), that address,
 * percent-decoded, as a new string; NULL for any other link. */
char *nw_url_redirect_target(const char *url);

/* Whether a query parameter name is a known tracking parameter. */
bool nw_url_is_tracking_param(const char *name, size_t len);

/* The lower-cased host of an absolute URL, new string, or NULL. */
char *nw_url_host(const char *url);
/* The same by libcurl's parse always (for the unit tests). */
char *nw_url_host_full(const char *url);

/* The host of a URL, lower-cased, into out (at most size - 1 bytes; "" when
 * there is none), and in *port (may be NULL) its port, or the scheme's (80,
 * 443; else 0). What lies between "//" (and any user info) and the port,
 * path, query or fragment, without a URL parser: a key for politeness and
 * fairness, computed for every job; a host spelled otherwise than libcurl
 * reads it (percent escapes, trailing dots, an IPv4 address as a number)
 * is read by libcurl, so that every spelling has one key. Returns out. */
const char *nw_url_host_key(const char *url, char *out, size_t size, int *port);

/* A URL's password taken out of it: returns the URL without the password
 * (the user name stays: "https://user:pw@host/f.xml" gives
 * "https://user@host/f.xml"), and in *user and *password (new strings) the
 * name and the password decoded, as the server is to get them. Returns
 * NULL, and sets neither, when the URL holds no password. */
char *nw_url_take_password(const char *url, char **user, char **password);

/* Whether two absolute URLs have one scheme, host and port. */
bool nw_url_same_origin(const char *a, const char *b);

/* Whether two hosts (lower-cased, as nw_url_host gives them) are of one
 * site: the same host, or names under one registrable domain of the
 * public suffix list ("www.bbc.co.uk" and "news.bbc.co.uk" are;
 * "a.github.io" and "b.github.io", "bbc.co.uk" and "itv.co.uk" are not).
 * An address, or a name with no registrable domain ("localhost"), is
 * only its own site. */
bool nw_host_same_site(const char *a, const char *b);

/* Whether a URL's host, as written, names a private server: a private or
 * loopback address, localhost, a name of one label ("intranet") or under
 * a suffix kept for local networks (.local, .internal, .lan, .localhost,
 * .home.arpa). What the SSRF guard can tell when a proxy resolves names. */
bool nw_url_names_private_host(const char *url);

/* Whether `url` is http:// or https://. */
bool nw_url_is_http(const char *url);

/* Whether an address is loopback, private, link-local, unspecified,
 * carrier-grade NAT or unique-local (the SSRF guard's definition). */
bool nw_addr_is_private(const struct sockaddr *sa);

/* Same, for a host given as a literal address; false for names. */
bool nw_host_is_private_literal(const char *host);

#endif
