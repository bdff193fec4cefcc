#ifndef NW_META_H
#define NW_META_H

#include <jansson.h>
#include <libxml/HTMLparser.h>

#include "../common/noun.h"

/* Page metadata for article extraction (DESIGN §5). */
struct meta {
    char *title, *author, *site_name, *description, *canonical, *lang;
    int64_t published, updated; /* NW_NO_TIME when unknown */
    char *ld_body;               /* schema.org articleBody, when given */
    bool article;                /* the page says it is an article (og:type, JSON-LD), not a live blog */
    bool discussion; /* the page says it is a discussion thread (schema.org DiscussionForumPosting, QAPage) */
    const char *access; /* who may read the story, as the page declares it: "free", "metered" or
                           "paywalled" (article:content_tier; else schema.org isAccessibleForFree),
                           NULL when it says nothing (a literal, not freed) */
};

/* Reads title, author, dates, language, site name, description and
 * canonical URL from the document's head, JSON-LD, OpenGraph, Dublin Core
 * and <time> elements. `url` is the page address (may be NULL). */
void meta_read(htmlDocPtr doc, const char *url, struct meta *m);
void meta_cleanup(struct meta *m);

/* A page's address, canonical (nw_url_canonical), from what the page
 * claims (its <link rel=canonical> and its og:url as written, in that
 * order; either may be NULL) and the address it was read from (`url`,
 * may be NULL). A claim is taken when it is an http(s) address (relative
 * ones resolved against `url`) of the same site as `url` (nw_host_same_site);
 * not when it names no host ("https:///a"), is relative text with blanks
 * in it (a headline left in the tag), or is its site's home page while
 * the page is not (a template that gives every page the site's root;
 * with no `url`, a claim below the root is preferred to it). Else `url`
 * itself; NULL when there is nothing. */
char *meta_page_address(const char *url, const char *canonical, const char *og_url);

/* Removes a trailing or leading " | Site name" style part from a page title
 * when the other part names the site. Returns a new string. */
char *meta_strip_site(const char *title, const char *site_name);

/* Wire agencies credited in a text (bylines, datelines, credit lines), in
 * order of first appearance, as a new JSON array of canonical names. `byline`
 * (may be NULL) is an author string; `text` the article body, paragraphs
 * separated by blank lines. */
json_t *meta_agencies(const char *byline, const char *text);

/* meta_agencies looking for agencies set off in a paragraph at every
 * word, as it did before it looked only around the bytes that set them
 * off; for tests, which compare the two. */
json_t *meta_agencies_every_word(const char *byline, const char *text);

/* The language of a plain text read from the text (512 bytes of it, from
 * its start and its middle: its function words when they leave no doubt,
 * else CLD2), as a new string holding its primary subtag ("en", "zh",
 * "nb"), or NULL when the text does not say it surely. Give it 50 words or
 * more: shorter texts are often not sure, and then a declared language is
 * the better guess. */
char *meta_text_lang(const char *text);

/* Whether a declared language (a BCP 47 tag: "en-US") is written in
 * another script than most of the letters of `text`: "kn" over English,
 * "en" over Russian or Japanese, a site's default left in place. False
 * when the text mixes scripts, or the tag names none (or a language
 * written in several). Such a declaration does not hold for the text. */
bool meta_lang_script_differs(const char *declared, const char *text);

/* The bytes of a text of *len bytes (NUL-terminated) that meta_text_lang
 * reads: the text itself when it is short, else its start and its middle
 * copied into buf, *len set to their length. Either way NUL-terminated
 * there, as CLD2 needs. */
#define META_LANG_SAMPLE 512
const char *meta_lang_sample(const char *text, size_t *len, char buf[META_LANG_SAMPLE + 1]);

/* The names of the people in a byline ("By Jane Doe and John Roe, Senior
 * Reporters | Reuters"), pushed to `names` in order, each once: openers
 * ("By", "Par", "Von"), job titles, desks, dates, places, addresses,
 * handles and wire agencies dropped. Nothing is pushed when no name is
 * left ("Staff", "AFP"). */
void meta_byline_names(const char *byline, struct nw_strv *names);

/* Whether a name is written in two to five Han, kana or Hangul characters,
 * as Chinese, Japanese and Korean names are, with no blank between the
 * family name and the given name ("王小明", "김철수"): a full name. */
bool meta_cjk_name(const char *name);

/* Whether text is a byline's opener alone ("By", "Written by:", "Par"),
 * its names to follow in the next text; and whether it starts with one
 * ("Par Jean Dupont"). */
bool meta_byline_opener(const char *text);
bool meta_byline_opens(const char *text);

/* Whether text is a Korean byline, the name before its job: "김철수 기자",
 * after a dateline in brackets ("[서울=뉴시스] 김철수 기자"), with an
 * e-mail address or "=" after it. */
bool meta_korean_byline(const char *text);

/* Whether text credits other work than the writing, its names to follow:
 * "Reviewed by", "Fact-checked and edited by", "Photos by". */
bool meta_credit_for_other_work(const char *text);

/* Names joined by ", " as a new string, NULL when there are none. */
char *meta_names_joined(const struct nw_strv *names);

/* Words of text from which its language is read over a declared one, and
 * when none is declared. */
#define LANG_MIN_WORDS 50
#define LANG_SHORT_WORDS 12

/* Date from a URL path such as /2020/10/09/ or /2020-10-09/, or NW_NO_TIME. */
int64_t meta_url_date(const char *url);

#endif
