#ifndef NW_REFRESH_H
#define NW_REFRESH_H

#include <stddef.h>

/* Pages that send their reader on: `<meta http-equiv="refresh"
 * content="0; url=...">`, the redirect of sites that cannot answer with
 * an HTTP one (a static site's old address, as Jekyll's redirect_from and
 * Hugo's aliases write it; a moved section's stub). A browser goes on to
 * the address at once or after the delay; newswire's fetcher, and replay
 * in an archive, do what the browser does when the delay is at most
 * NW_REFRESH_MAX_S seconds. A longer delay is a page meant to be read
 * (a news page that reloads itself every few minutes, a session's end).
 */
#define NW_REFRESH_MAX_S 10

/* The address the page `data` (len bytes, from `url`) sends its reader on
 * to, as a new string, or NULL. Read as a browser's tree builder places
 * it: the first refresh among the elements of the document's head (the
 * scan ends at </head>, at <body> or any element a head cannot hold, and
 * at 256 KiB), not inside <noscript> (a reader running scripts never sees
 * it: sites send readers without scripts to a "turn JavaScript on" page
 * there) unless a script of the page sends the others to the same
 * address (a link shortener's page for browsers: the refresh there and
 * location.replace() in a script), nor inside <script>, <style>,
 * <template>, <title> or a comment. Its
 * content is parsed as the HTML standard's declarative refresh is
 * ("5; URL='/next'", "0;url=x", "1, x"), character references in the
 * attribute decoded; the address is resolved against <base href> or
 * `url`. NULL when the delay is over max_s seconds, when it names no
 * address (a reload) or the page's own (fragment aside), or an address
 * that is not http(s). With `delay`, the delay in seconds is written. */
char *nw_html_refresh(const char *data, size_t len, const char *url, int max_s, int *delay);

/* The same for a response's `Refresh` header (not in any standard, and
 * heeded by every browser as the element is: what some servers and link
 * shorteners send), its value as the element's content. */
char *nw_refresh_header(const char *value, const char *url, int max_s, int *delay);

/* Where a 2xx response sends its reader on: its Refresh header (`header`,
 * or NULL), else its page's refresh (the body, len bytes), as above; the
 * delay of the one found in *delay. */
char *nw_response_refresh(const char *header, const char *body, size_t len, const char *url, int max_s, int *delay);

/* Whether an HTTP status is a redirect a browser follows to its Location
 * (301, 302, 303, 307, 308). */
static inline int nw_redirect_status(long status)
{
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
}

#endif
