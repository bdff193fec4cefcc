#ifndef NW_PARSER_H
#define NW_PARSER_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "../common/conf.h"
#include "../common/err.h"

/* The parser stage's public interface: feed documents and article pages in,
 * JSON out. No network, no state. */

/* Parses a feed document (RSS 0.9x/1.0/2.0, Atom, JSON Feed) of `len` bytes.
 * `url` (may be NULL) resolves relative links; `content_type` (may be NULL)
 * may carry a charset. Returns a new object
 *   {"feed":{title,link,description,language,updated},"items":[...]}
 * (DESIGN §5), or NULL with err set when the bytes are not a feed. */
json_t *feed_parse(const char *data, size_t len, const char *url, const char *content_type, struct nw_err *err);

/* The same; when the document is a sitemap index (err->code
 * FEED_ERR_SITEMAP_INDEX), *index_newest gets its newest sitemap's URL
 * (a new string), the one to read for its pages. */
#define FEED_ERR_SITEMAP_INDEX 10
json_t *feed_parse_index(const char *data, size_t len, const char *url, const char *content_type, struct nw_err *err,
                         char **index_newest);

/* The same for a reader of items' text (the parser stage): each item's
 * "content" is the markup the feed gives, not sanitised (and its URLs not
 * resolved), to be read with html_fragment_text_safe, which gives the
 * text html_fragment_text gives of the sanitised content; the rest is as
 * feed_parse_index gives it. Writing the sanitised content costs far more
 * than reading its text. */
json_t *feed_parse_for_text(const char *data, size_t len, const char *url, const char *content_type, struct nw_err *err,
                            char **index_newest);

/* Feed autodiscovery: the feeds an HTML page announces with
 * <link rel="alternate" type="application/rss+xml|atom+xml|feed+json">,
 * as a new array of {url, type, title}, URLs resolved against the page's
 * <base> and `url` (may be NULL: a relative one is then given as written,
 * with "relative": true). Empty when there are none. */
json_t *feed_discover(const char *data, size_t len, const char *url);

/* Extracts an article page: returns a new object
 *   {url,title,author,published,lang,site_name,description,text,word_count,
 *    reading_time_min,agencies,access,authors}
 * (DESIGN §5), or NULL with err set when the bytes are not HTML, or are a
 * page served in place of the article (a bot check: err->code is then
 * ARTICLE_ERR_TEMPORARY; a consent form: ARTICLE_ERR_CONSENT). `url` is the page's address (may
 * be NULL); the canonical URL found in the page wins when it is on the
 * same site. */
#define ARTICLE_ERR_TEMPORARY 2
#define ARTICLE_ERR_CONSENT 3
json_t *article_extract(const char *data, size_t len, const char *url, const char *content_type,
                        struct nw_err *err);

/* The same from a tree already built (the tests build one with an HTML5
 * parser to check libxml2's); takes the document and frees it. A page that
 * gives no article is looked at again, class names aside, in a fresh tree
 * from again(arg) (taken and freed too); again may be NULL. */
struct _xmlDoc;
json_t *article_from_doc(struct _xmlDoc *doc, const char *url, struct _xmlDoc *(*again)(void *), void *arg);

/* Runs the parser stage: `workers` threads pulling DOCs from the docs
 * endpoint and pushing RESULTs to the results endpoint, until *stop is set.
 * Returns 0, or -1 when the sockets cannot be set up (logged). */
int parser_stage_run(void *zctx, const struct nw_conf *conf, volatile int *stop);
/* The same, its workers looking at *stop every poll_ms while idle (100
 * above: a daemon's idle workers wake ten times a second; a replay, whose
 * end waits for them, asks for less). */
int parser_stage_run_polling(void *zctx, const struct nw_conf *conf, volatile int *stop, int poll_ms);

/* DOCs the parser workers of this process have turned into RESULTs and
 * handed to their socket (for replay's end). */
unsigned long parser_docs_done(void);

/* Turns one DOC into its RESULT (filled here; the caller cleans it up with
 * nw_noun_cleanup(&nw_result_noun, res)). Exposed for tests. */
struct nw_doc;
struct nw_result;
void parser_handle_doc(const struct nw_doc *doc, const void *body, size_t body_len, size_t max_doc,
                       struct nw_result *res);

#endif
