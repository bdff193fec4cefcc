#ifndef NW_META_H
#define NW_META_H

#include <jansson.h>
#include <libxml/HTMLparser.h>

/* Page metadata for article extraction (DESIGN §5). */
struct meta {
    char *title, *author, *site_name, *description, *canonical, *lang;
    int64_t published, updated; /* NW_NO_TIME when unknown */
    char *ld_body;               /* schema.org articleBody, when given */
};

/* Reads title, author, dates, language, site name, description and
 * canonical URL from the document's head, JSON-LD, OpenGraph, Dublin Core
 * and <time> elements. `url` is the page address (may be NULL). */
void meta_read(htmlDocPtr doc, const char *url, struct meta *m);
void meta_cleanup(struct meta *m);

/* Removes a trailing or leading " | Site name" style part from a page title
 * when the other part names the site. Returns a new string. */
char *meta_strip_site(const char *title, const char *site_name);

/* Wire agencies credited in a text (bylines, datelines, credit lines), in
 * order of first appearance, as a new JSON array of canonical names. `byline`
 * (may be NULL) is an author string; `text` the article body, paragraphs
 * separated by blank lines. */
json_t *meta_agencies(const char *byline, const char *text);

/* Guesses the language of a text from its script and common words: an ISO
 * 639-1 code, or NULL when unsure. */
const char *meta_detect_lang(const char *text);

/* Date from a URL path such as /2020/10/09/ or /2020-10-09/, or NW_NO_TIME. */
int64_t meta_url_date(const char *url);

#endif
