#include "meta.h"

#include <ctype.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif
#include <math.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../common/buf.h"
#include "../common/jsonx.h"
#include "../common/mem.h"
#include "../common/nwtime.h"
#include "../common/url.h"
#include "date.h"
#include "entities.h"
#include "html.h"
#include "lang.h"
#include "langwords.h"

static char *prop(xmlNodePtr n, const char *name)
{
    xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
    if (!v)
        return NULL;
    char *s = nw_strdup((const char *)v);
    xmlFree(v);
    return s;
}

/* Character references left in a text that is meant as plain text, in
 * place: JSON-LD strings written with HTML's ("Tom &amp; Jerry&#8217;s",
 * as some site generators do) and attribute values escaped twice
 * ("&amp;#8217;"). A reader never means to show "&#8217;". References
 * that end with ';' and name a character are read (the numbers 128-159
 * as windows-1252's, as browsers read them); anything else stays. No
 * reference is shorter than its character's UTF-8, so the text never
 * grows. Returns s. */
static char *read_refs(char *s)
{
    if (!s || !strchr(s, '&'))
        return s;
    char *w = s;
    for (const char *p = s; *p;) {
        if (*p != '&') {
            *w++ = *p++;
            continue;
        }
        const char *q = p + 1;
        unsigned v = 0, v2 = 0;
        bool ok = false;
        if (*q == '#') {
            unsigned long digits = 0;
            const char *e = html_ref_digits(q + 1, q + 1 + strnlen(q + 1, 8), 7, &digits);
            v = (unsigned)digits;
            if (v >= 0x80 && v < 0xA0)
                v = html_c1_ref_char(v);
            ok = e && *e == ';' && v && (v < 0xD800 || v > 0xDFFF) && v <= 0x10FFFF;
            q = e ? e : q;
        } else {
            char name[40];
            size_t n = 0;
            while (isalnum((unsigned char)*q) && n < sizeof name - 1)
                name[n++] = *q++;
            name[n] = '\0';
            /* one character or a pair ("&fjlig;"), written in place:
             * "&nGt;" and "&nLt;" (6 bytes) stay as written */
            unsigned two[2] = {0, 0};
            if (n && *q == ';' && html_ref_chars(name, two, n + 2)) {
                v = two[0];
                v2 = two[1];
            }
            ok = v != 0;
        }
        if (!ok) {
            *w++ = *p++;
            continue;
        }
        w += nw_utf8_put(w, v);
        if (v2)
            w += nw_utf8_put(w, v2);
        p = q + 1;
    }
    *w = '\0';
    return s;
}

/* A value read as plain text: its references read (read_refs), and the
 * characters a browser draws nothing for left out, as page text leaves
 * them out (html_drop_invisible), C1 controls read as page text reads
 * them (html_fix_controls), before titles are compared. */
static char *plain_refs(char *s)
{
    s = html_drop_invisible(read_refs(s));
    return s ? html_fix_controls(s) : s;
}

static void take(char **slot, char *v)
{
    if (v)
        html_collapse_ws(v);
    if (!*slot && v && *v) {
        *slot = v;
        return;
    }
    free(v);
}

/* Whether a byline gives any name: an address, a link or a handle alone
 * gives none ("ops@example.com"). */
static bool names_anyone(const char *byline)
{
    struct nw_strv names = {0};
    meta_byline_names(byline, &names);
    bool any = names.n > 0;
    nw_strv_clear(&names);
    return any;
}

/* Whether a byline credits a wire agency ("Reuters"). */
static bool credits_agency(const char *byline)
{
    json_t *a = meta_agencies(byline, NULL);
    bool any = json_array_size(a) > 0;
    json_decref(a);
    return any;
}

/* Whether an author source says who wrote: it names someone or credits
 * an agency. */
static bool credits_someone(const char *byline)
{
    return names_anyone(byline) || credits_agency(byline);
}

/* Whether a byline is the site's own account, not a writer: one word
 * (an '@' before it allowed) that is a name of the page's host, a label
 * of it but the last, compared without case and without the '-', '_'
 * and '.' in it ("uclahealth" on www.uclahealth.org, "@GitHub" on
 * resources.github.com). A person's name of two words is not one, even
 * on a site named after them. */
static bool site_account(const char *byline, const char *host)
{
    if (!host)
        return false;
    while (*byline == ' ')
        byline++;
    if (*byline == '@')
        byline++;
    char w[64];
    size_t n = 0;
    for (const char *p = byline; *p; p++) {
        unsigned char c = (unsigned char)*p;
        if (c == '-' || c == '_' || c == '.')
            continue;
        if (c == ' ' && !p[strspn(p, " ")])
            break; /* blanks at the end */
        if (!isalnum(c) || n + 1 >= sizeof w)
            return false;
        w[n++] = (char)tolower(c);
    }
    if (n < 2)
        return false;
    w[n] = '\0';
    /* the host's labels but the last */
    const char *end = strrchr(host, '.');
    for (const char *l = host; end && l < end;) {
        const char *dot = strchr(l, '.');
        size_t k = 0, ln = (size_t)(dot - l);
        bool same = true;
        for (size_t i = 0; i < ln && same; i++) {
            char c = l[i];
            if (c == '-' || c == '_')
                continue;
            same = k < n && tolower((unsigned char)c) == w[k];
            k++;
        }
        if (same && k == n)
            return true;
        l = dot + 1;
    }
    return false;
}

/* take() for a text read as plain text: references left in it read */
static void take_text(char **slot, char *v)
{
    take(slot, plain_refs(v));
}

/* take() for an author source: one that credits no one leaves the slot
 * to the next source, the byline the page shows for instance. */
static void take_author(char **slot, char *v)
{
    if (v && !*slot && !credits_someone(v)) {
        free(v);
        return;
    }
    take(slot, v);
}

/* Whether a JSON-LD @type (a name or a list of names) is `name`. */
static bool ld_type_is(const json_t *t, const char *name)
{
    if (json_is_array(t)) {
        size_t i;
        json_t *v;
        json_array_foreach(t, i, v) if (ld_type_is(v, name)) return true;
        return false;
    }
    return json_is_string(t) && !strcmp(json_string_value(t), name);
}

static bool is_article_type(const json_t *t)
{
    static const char *const types[] = {"NewsArticle", "Article", "BlogPosting", "ReportageNewsArticle",
                                        "AnalysisNewsArticle", "OpinionNewsArticle", "LiveBlogPosting",
                                        "TechArticle", "ScholarlyArticle", "Report", "WebPage", "BackgroundNewsArticle"};
    if (json_is_array(t)) {
        size_t i;
        json_t *v;
        json_array_foreach(t, i, v) if (is_article_type(v)) return true;
        return false;
    }
    const char *s = json_string_value(t);
    if (!s)
        return false;
    for (size_t i = 0; i < sizeof types / sizeof *types; i++)
        if (!strcmp(s, types[i]))
            return true;
    return false;
}

/* Whether a JSON-LD thing is typed as an organisation (Organization and
 * its kinds: Corporation, NewsMediaOrganization, LocalBusiness, NGO...). */
static bool ld_organisation(const json_t *v)
{
    static const char *const kinds[] = {"Organization", "Corporation", "LocalBusiness", "NGO",   "Airline",
                                        "Consortium",   "Dentist",     "Store",         "Brand", NULL};
    const json_t *t = json_object_get(v, "@type");
    size_t n = json_is_array(t) ? json_array_size(t) : 1;
    for (size_t i = 0; i < n; i++) {
        const json_t *e = json_is_array(t) ? json_array_get(t, i) : t;
        const char *s = json_is_string(e) ? json_string_value(e) : NULL;
        size_t l = s ? strlen(s) : 0;
        for (size_t k = 0; s && kinds[k]; k++) {
            size_t kl = strlen(kinds[k]);
            if (l >= kl && !strcmp(s + l - kl, kinds[k]))
                return true;
        }
    }
    return false;
}

/* The thing of the JSON-LD document `root` whose "@id" is id and that
 * has a name ("author": {"@id": "https://e.org/#/schema/person/1"} points
 * at the Person in the page's @graph, as Yoast and other SEO plugins
 * write it), looked for eight levels down at most; NULL when none. */
static const json_t *ld_by_id(const json_t *root, const char *id, int depth)
{
    if (depth > 8 || !root)
        return NULL;
    size_t i;
    const char *key;
    json_t *v;
    if (json_is_array(root)) {
        json_array_foreach(root, i, v)
        {
            const json_t *f = ld_by_id(v, id, depth + 1);
            if (f)
                return f;
        }
        return NULL;
    }
    if (!json_is_object(root))
        return NULL;
    const char *rid = nw_json_str(root, "@id");
    if (rid && !strcmp(rid, id) && nw_json_str(root, "name"))
        return root;
    json_object_foreach((json_t *)root, key, v)
    {
        if (json_is_object(v) || json_is_array(v)) {
            const json_t *f = ld_by_id(v, id, depth + 1);
            if (f)
                return f;
        }
    }
    return NULL;
}

/* The name(s) of a JSON-LD value: a string, a thing's name (or the name
 * of the thing of root its "@id" points at), a list's names joined by
 * ", ". people: an author's, where an organisation is no writer (a
 * company or a university named as its own page's author), but a wire
 * agency is credited. */
static char *ld_name(const json_t *v, bool people, const json_t *root)
{
    if (json_is_string(v))
        return nw_strdup(json_string_value(v));
    if (json_is_object(v) && !nw_json_str(v, "name") && nw_json_str(v, "@id")) {
        const json_t *f = ld_by_id(root, nw_json_str(v, "@id"), 0);
        if (f)
            v = f;
    }
    if (json_is_object(v) && nw_json_str(v, "name")) {
        const char *name = nw_json_str(v, "name");
        if (people && ld_organisation(v) && !credits_agency(name))
            return NULL;
        return nw_strdup(name);
    }
    if (json_is_array(v)) {
        struct nw_buf b = {0};
        size_t i;
        json_t *x;
        json_array_foreach(v, i, x)
        {
            char *n = ld_name(x, people, root);
            if (n && *n) {
                if (b.len)
                    nw_buf_puts(&b, ", ");
                nw_buf_puts(&b, n);
            }
            free(n);
        }
        return b.len ? nw_buf_steal(&b) : (nw_buf_cleanup(&b), NULL);
    }
    return NULL;
}

/* Whether a schema.org type is a discussion's: a forum's thread, or a
 * question and its answers. */
static bool ld_discussion(const json_t *t)
{
    return ld_type_is(t, "DiscussionForumPosting") || ld_type_is(t, "QAPage");
}

/* The same for a microdata itemtype ("https://schema.org/QAPage"). */
static bool itemtype_discussion(const char *v)
{
    const char *slash = v ? strrchr(v, '/') : NULL;
    const char *local = slash ? slash + 1 : v;
    return local && (html_eq(local, "DiscussionForumPosting") || html_eq(local, "QAPage"));
}

struct ld {
    const json_t *root; /* the document being read, for "@id" references */
    char *headline, *author, *publisher, *body, *lang, *description;
    int64_t published, updated;
    bool page_only; /* from a WebPage, weaker than an Article */
    bool article, live; /* an article's object seen; a live blog's */
    bool discussion;    /* a forum thread's or a question's with its answers */
    int free_to_read;   /* isAccessibleForFree: 1 yes, -1 no, 0 not said */
};

/* A schema.org Boolean written as text ("True", "false"), as publishers
 * write it in JSON-LD and microdata: 1, -1, or 0 for anything else. */
static int boolean_word(const char *s)
{
    if (!s)
        return 0;
    while (isspace((unsigned char)*s))
        s++;
    size_t n = strlen(s);
    while (n && isspace((unsigned char)s[n - 1]))
        n--;
    if (n == 4 && !strncasecmp(s, "true", 4))
        return 1;
    if (n == 5 && !strncasecmp(s, "false", 5))
        return -1;
    return 0;
}

/* The same of a JSON-LD value (true, "True"). */
static int ld_boolean(const json_t *v)
{
    return json_is_boolean(v) ? (json_is_true(v) ? 1 : -1) : boolean_word(json_string_value(v));
}

/* Two sayings of whether a story is free (1, -1, 0 unsaid) as one: a
 * "no" from either wins. */
static int free_join(int a, int b)
{
    return a < 0 || b < 0 ? -1 : a > b ? a : b;
}

/* Whether a story is free to read, as publishers declare it to search
 * engines (schema.org isAccessibleForFree on the story, or on the parts
 * of it behind the paywall, hasPart): 1, -1 or 0. */
static int ld_free_to_read(const json_t *o)
{
    int f = ld_boolean(json_object_get(o, "isAccessibleForFree"));
    if (f)
        return f;
    const json_t *parts = json_object_get(o, "hasPart");
    if (json_is_object(parts))
        return ld_boolean(json_object_get(parts, "isAccessibleForFree")) < 0 ? -1 : 0;
    size_t i;
    json_t *v;
    json_array_foreach(parts, i, v) if (ld_boolean(json_object_get(v, "isAccessibleForFree")) < 0) return -1;
    return 0;
}

static void ld_visit(const json_t *o, struct ld *ld, int depth)
{
    if (depth > 8)
        return;
    if (json_is_array(o)) {
        size_t i;
        json_t *v;
        json_array_foreach(o, i, v) ld_visit(v, ld, depth + 1);
        return;
    }
    if (!json_is_object(o))
        return;
    ld_visit(json_object_get(o, "@graph"), ld, depth + 1);
    /* a page's main entity (a WebPage's story or thread) before the
     * page's own fields */
    ld_visit(json_object_get(o, "mainEntity"), ld, depth + 1);
    json_t *type = json_object_get(o, "@type");
    ld->discussion |= ld_discussion(type);
    /* a thread's posting, or a question's (a QAPage's main entity): who
     * started it */
    if (!ld->author && (ld_type_is(type, "DiscussionForumPosting") || ld_type_is(type, "Question")))
        ld->author = plain_refs(ld_name(json_object_get(o, "author"), true, ld->root));
    if (!is_article_type(type))
        return;
    bool page = json_is_string(type) && !strcmp(json_string_value(type), "WebPage");
    ld->free_to_read = free_join(ld->free_to_read, ld_free_to_read(o));
    ld->article |= !page;
    ld->live |= ld_type_is(type, "LiveBlogPosting");
    if (page && ld->headline && !ld->page_only)
        return;
    const char *s;
    if ((s = nw_json_str(o, "headline")) && (!ld->headline || ld->page_only)) {
        free(ld->headline);
        ld->headline = plain_refs(nw_strdup(s));
    }
    if (page)
        ld->page_only = ld->headline != NULL;
    else
        ld->page_only = false;
    if (!ld->author)
        ld->author = plain_refs(ld_name(json_object_get(o, "author"), true, ld->root));
    if (!ld->publisher)
        ld->publisher = plain_refs(ld_name(json_object_get(o, "publisher"), false, ld->root));
    if (!ld->body && (s = nw_json_str(o, "articleBody")))
        ld->body = nw_strdup(s);
    if (!ld->lang && (s = nw_json_str(o, "inLanguage")))
        ld->lang = nw_strdup(s);
    if (!ld->description && (s = nw_json_str(o, "description")))
        ld->description = plain_refs(nw_strdup(s));
    if (ld->published == NW_NO_TIME && (s = nw_json_str(o, "datePublished")))
        ld->published = date_plausible(date_parse(s));
    if (ld->updated == NW_NO_TIME && (s = nw_json_str(o, "dateModified")))
        ld->updated = date_plausible(date_parse(s));
}

/* An element's class and id, read once for the tests below (an element
 * is asked up to three of them), and the name_words they hold (mask:
 * attr_mentions). */
struct names {
    xmlNodePtr n;
    bool read, masked;
    const char *v[2]; /* class, id */
    uint32_t mask;
};

static void names_read(struct names *nm)
{
    if (nm->read)
        return;
    nm->read = true;
    nm->v[0] = html_attr_view(nm->n, "class");
    nm->v[1] = html_attr_view(nm->n, "id");
}

/* Whether word (lower-case) is in v outside brackets, case aside. */
static bool mentions_unbracketed(const char *v, const char *word)
{
    size_t wl = strlen(word);
    int depth = 0;
    for (const char *p = v; *p; p++) {
        depth += *p == '[';
        if (!depth && tolower((unsigned char)*p) == word[0] && html_prefix_ci(p, word, wl))
            return true;
        depth -= *p == ']' && depth > 0;
    }
    return false;
}

/* The words the tests below look for in class and id names (as parts of
 * them: "entry-date", "commentlist"), each a bit of struct names' mask:
 * furniture's, dateish's and bylineish's. */
/* clang-format off */
static const char *const name_words[] = {
    "comment", "related", "sidebar", "recommend", "teaser", "more-stories", "most-read", "trending", /* furniture */
    "date", "time", "publish", "posted", "byline", "dateline", "meta", "updated", "stamp",           /* dateish */
    "author", "writer",                                                     /* bylineish, with "byline" */
};
/* clang-format on */
#define NAME_WORDS (sizeof name_words / sizeof *name_words)
_Static_assert(NAME_WORDS == 19, "the masks below number name_words' entries: renumber them with it");
#define NAME_BIT(i) ((uint32_t)1 << (i))
#define FURNITURE_WORDS 0xFFu                                        /* bits 0-7 */
#define DATEISH_WORDS (0x1FFu << 8)                                  /* bits 8-16 */
#define BYLINEISH_WORDS (NAME_BIT(12) | NAME_BIT(17) | NAME_BIT(18)) /* byline, author, writer */

/* The name_words by their first two bytes (hashed: a word found there
 * is then compared whole), and their lengths. */
#define PAIR_SLOTS 1024
static uint32_t name_word_pair[PAIR_SLOTS];
static size_t name_word_len[NAME_WORDS];
static pthread_once_t name_words_once = PTHREAD_ONCE_INIT;

static unsigned pair_slot(unsigned char a, unsigned char b)
{
    return ((unsigned)a << 5 ^ b) & (PAIR_SLOTS - 1);
}

static void name_words_index(void)
{
    for (size_t i = 0; i < NAME_WORDS; i++) {
        const unsigned char *w = (const unsigned char *)name_words[i];
        name_word_pair[pair_slot(w[0], w[1])] |= NAME_BIT(i);
        name_word_len[i] = strlen(name_words[i]);
    }
}

/* Which name_words a name (len bytes) holds, ASCII case aside: one pass
 * over it, each position tried against the words that start with its
 * two bytes. */
static uint32_t words_in(const char *name, size_t len)
{
    uint32_t mask = 0;
    const unsigned char *p = (const unsigned char *)name;
    unsigned char here = len ? html_ascii_lower(p[0]) : 0;
    for (size_t i = 0; i + 1 < len; i++) {
        unsigned char next = html_ascii_lower(p[i + 1]);
        for (uint32_t cand = name_word_pair[pair_slot(here, next)] & ~mask; cand; cand &= cand - 1) {
            unsigned w = (unsigned)__builtin_ctz(cand);
            size_t k = 0, wl = name_word_len[w];
            if (wl > len - i)
                continue;
            while (k < wl && html_ascii_lower(p[i + k]) == (unsigned char)name_words[w][k])
                k++;
            if (k == wl)
                mask |= NAME_BIT(w);
        }
        here = next;
    }
    return mask;
}

/* The name_words a class or id value holds, outside brackets, case
 * aside: what is in brackets is CSS written into a class name, not a
 * name ("[--sidebar-width:18rem]", "mr-[--sidebar-container-width]").
 * A value with brackets is read without them when that fits in 256
 * bytes. */
static unsigned value_words(const char *v)
{
    char low[256];
    size_t n = strlen(v), o = 0;
    if (!memchr(v, '[', n))
        return words_in(v, n); /* no brackets: most names */
    int depth = 0;
    bool fits = true;
    for (const char *p = v; *p && fits; p++) {
        depth += *p == '[';
        if (!depth && o + 1 < sizeof low)
            low[o++] = (char)html_ascii_lower((unsigned char)*p);
        else if (!depth)
            fits = false;
        depth -= *p == ']' && depth > 0;
    }
    if (fits)
        return words_in(low, o);
    uint32_t mask = 0;
    for (size_t i = 0; i < NAME_WORDS; i++)
        if (mentions_unbracketed(v, name_words[i]))
            mask |= NAME_BIT(i);
    return mask;
}

/* Whether the element's class or id holds one of the words of `words`
 * (bits of name_words), outside brackets, case aside. */
static bool attr_mentions(struct names *nm, uint32_t words)
{
    names_read(nm);
    if (!nm->masked) {
        static _Thread_local struct html_memo memo[256];
        pthread_once(&name_words_once, name_words_index);
        nm->masked = true;
        nm->mask = 0;
        for (int k = 0; k < 2; k++)
            if (nm->v[k])
                nm->mask |= html_memoized(memo, sizeof memo / sizeof *memo, nm->v[k], value_words);
    }
    return nm->mask & words;
}

/* Whether a text says it is an update ("Updated on", "Last modified",
 * "article-footer__last-modified"). */
static bool says_updated(const char *t)
{
    return strcasestr(t, "updat") || strcasestr(t, "modif");
}

/* Whether a <time>, or the element around it, says by its class, id or
 * itemprop that it is a modification date ("article-footer__last-modified",
 * "updated", itemprop "dateModified"), and not a publication too. */
static bool says_modified(xmlNodePtr n)
{
    static const char *const attrs[] = {"class", "id", "itemprop"};
    for (int up = 0; up < 2 && n && n->type == XML_ELEMENT_NODE; up++, n = n->parent)
        for (size_t i = 0; i < sizeof attrs / sizeof *attrs; i++) {
            const char *v = html_attr_view(n, attrs[i]);
            /* WordPress marks a post never changed "published updated" */
            if (v && says_updated(v) && !strcasestr(v, "publish"))
                return true;
        }
    return false;
}

/* Whether a date's text opens by saying it is an update's ("Updated
 * November 11, 2022", "Last modified: ..."); "May 3, updated May 4" is
 * the publication's first. */
static bool opens_as_update(const char *t)
{
    const char *p = t + strspn(t, " \t\r\n");
    return html_prefix_ci(p, "updated", 7) || html_prefix_ci(p, "last updated", 12) ||
           html_prefix_ci(p, "last modified", 13) || html_prefix_ci(p, "modified", 8);
}

/* Whether element n is in another page's card, as a listing of other
 * posts shows them beside a story: a block at most CARD_UP levels above
 * it holds a heading whose text is a link (that post's title). */
#define CARD_UP 3
static bool in_other_card(xmlNodePtr n)
{
    xmlNodePtr box = n->parent;
    for (int up = 0; box && box->type == XML_ELEMENT_NODE && up < CARD_UP; up++, box = box->parent) {
        if (html_name_eq((const char *)box->name, "body") || html_name_eq((const char *)box->name, "main") ||
            html_name_eq((const char *)box->name, "article"))
            return false;
        for (xmlNodePtr c = box->children; c; c = c->next) {
            const char *cn = (const char *)c->name;
            if (c->type != XML_ELEMENT_NODE || cn[0] != 'h' || cn[1] < '2' || cn[1] > '6' || cn[2])
                continue;
            for (xmlNodePtr a = c->children; a; a = a->next)
                if (a->type == XML_ELEMENT_NODE && html_name_eq((const char *)a->name, "a"))
                    return true;
        }
    }
    return false;
}

/* Whether a <time>'s own text says it is an update's. */
static bool time_says_updated(xmlNodePtr n)
{
    char *t = html_node_text_str(n);
    bool yes = opens_as_update(t);
    free(t);
    return yes;
}

/* The first text under n (and its siblings) that is not blank, at most
 * 64 levels down, scripts and styles aside. */
static const xmlChar *first_text(xmlNodePtr n, int depth)
{
    for (; n && depth < 64; n = n->next) {
        if (n->type == XML_TEXT_NODE && n->content) {
            for (const xmlChar *c = n->content; *c; c++)
                if (!isspace(*c))
                    return n->content;
        } else if (n->type == XML_ELEMENT_NODE && !html_name_eq((const char *)n->name, "script") &&
                   !html_name_eq((const char *)n->name, "style")) {
            const xmlChar *t = first_text(n->children, depth + 1);
            if (t)
                return t;
        }
    }
    return NULL;
}

/* The first element named `name` at most 64 levels below n (and its
 * siblings), NULL when none. */
static xmlNodePtr element_below(xmlNodePtr n, const char *name, int depth)
{
    for (; n && depth < 64; n = n->next) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        if (html_name_eq((const char *)n->name, name))
            return n;
        xmlNodePtr t = element_below(n->children, name, depth + 1);
        if (t)
            return t;
    }
    return NULL;
}

/* Cuts off the end of a heading that is its permalink's glyph, as
 * documentation generators add them: "¶", "§", or a "#" set apart
 * ("Charges #"; "Learn C#" keeps its "#"). */
static void drop_anchor_glyph(char *t)
{
    static const char nbsp[] = "\xC2\xA0", zwsp[] = "\xE2\x80\x8B", pilcrow[] = "\xC2\xB6", section[] = "\xC2\xA7";
    size_t n = strlen(t);
#define ENDS_WITH(s) (n >= sizeof s - 1 && !memcmp(t + n - (sizeof s - 1), s, sizeof s - 1))
    for (;;) {
        if (n && t[n - 1] == ' ')
            n--;
        else if (ENDS_WITH(nbsp) || ENDS_WITH(pilcrow) || ENDS_WITH(section))
            n -= 2;
        else if (ENDS_WITH(zwsp))
            n -= 3;
        else if (n >= 2 && t[n - 1] == '#' && (t[n - 2] == ' ' || (n >= 4 && !memcmp(t + n - 4, zwsp, 3))))
            n--;
        else
            break;
    }
#undef ENDS_WITH
    t[n] = '\0';
}

/* A heading's text, blanks collapsed, without the date a <time> in it
 * shows at its start or end ("Dec 18 2025 Preparing a transition"). */
static char *heading_text(xmlNodePtr h)
{
    char *t = plain_refs(html_collapse_ws(html_node_text_str(h)));
    drop_anchor_glyph(t);
    xmlNodePtr tm = element_below(h->children, "time", 0);
    if (!tm)
        return t;
    char *d = html_collapse_ws(html_node_text_str(tm));
    size_t tl = strlen(t), dl = strlen(d);
    if (dl && dl < tl) {
        size_t st = 0, end = tl;
        if (!strncmp(t, d, dl))
            st = dl;
        else if (!strcmp(t + tl - dl, d))
            end = tl - dl;
        /* with the blanks and separators between date and headline */
        while (st < end && strchr(" ,|-:", t[st]))
            st++;
        while (end > st && strchr(" ,|-:", t[end - 1]))
            end--;
        if (end > st && (st || end < tl)) {
            memmove(t, t + st, end - st);
            t[end - st] = '\0';
        }
    }
    free(d);
    return t;
}

static bool in_article(xmlNodePtr n)
{
    for (n = n->parent; n && n->type == XML_ELEMENT_NODE; n = n->parent)
        if (html_name_eq((const char *)n->name, "article"))
            return true;
    return false;
}

/* Whether a token of the element's class or id starts with word (lower
 * case): a sidebar's "widget", "widget_text", "widget-area", where a page
 * builder's "elementor-widget-post-info", which wraps a post's own author
 * and date as it wraps its every heading and paragraph, is not. */
static bool token_starts(struct names *nm, const char *word)
{
    names_read(nm);
    size_t wl = strlen(word);
    for (int k = 0; k < 2; k++)
        for (const char *p = nm->v[k]; p && *p;) {
            while (*p && isspace((unsigned char)*p))
                p++;
            if (*p && html_prefix_ci(p, word, wl))
                return true;
            while (*p && !isspace((unsigned char)*p))
                p++;
        }
    return false;
}

/* Whether an element is page furniture whose dates and names are not the
 * article's: navigation, asides, footers, comments, related links. Not
 * an article's own <footer> (its author and date, as HTML means it), nor
 * a container named so that holds a headline: a main column whose class
 * list says "widget-manage-opacity" or "story-sidebar-mode-single". */
static bool furniture(struct names *nm)
{
    const char *name = (const char *)nm->n->name;
    if (html_name_eq(name, "footer"))
        return !in_article(nm->n);
    if (html_name_eq(name, "aside") || html_name_eq(name, "nav"))
        return true;
    /* only containers are looked at (and elements HTML does not know,
     * which a page uses as it would a <div>): they hold the lists and
     * threads */
    if (!nm->n->properties ||
        (!html_name_eq(name, "div") && !html_name_eq(name, "section") && !html_name_eq(name, "ul") &&
         !html_name_eq(name, "ol") && html_is_element_name(name, strlen(name))))
        return false;
    return (attr_mentions(nm, FURNITURE_WORDS) || token_starts(nm, "widget")) &&
           !element_below(nm->n->children, "h1", 0);
}

/* Whether an element's class or id says it shows a date or a byline. */
static bool dateish(struct names *nm)
{
    return attr_mentions(nm, DATEISH_WORDS);
}

/* Whether an element's class or id names it as a byline or its author's
 * name ("author-name", "byline", "post-author"): one of those words as a
 * word of a class token, and no word of a picture or a biography in that
 * token ("author-bio") or standing alone ("bio"); a word of another token
 * ("has-link-color") says nothing of the byline. */
#define BOX_WORDS 3

static bool bylineish(struct names *nm)
{
    /* "author", "byline" and "writer" are in every word of yes[] */
    if (!attr_mentions(nm, BYLINEISH_WORDS))
        return false;
    static const char *const yes[] = {"author", "authors", "byline", "writer", "authorname", "author_name", NULL};
    /* the first BOX_WORDS: the box around an author's name and
     * biography, whose own name element names the author; "no": a
     * template's "no-byline" on a page without one */
    static const char *const no[] = {"box",      "card",  "bio",    "avatar", "img",   "image",       "photo",
                                     "pic",      "about", "desc",   "social", "links", "description", "list",
                                     "url",      "hide",  "hidden", "no",     "media", "thumb",       "thumbnail",
                                     "headshot", "share", "follow", NULL};
    /* a page's or a post's own element is no byline, whatever its classes
     * say of the page ("hide-author") or the post ("author-ann-lee") */
    const char *en = (const char *)nm->n->name;
    if (html_name_eq(en, "body") || html_name_eq(en, "html") || html_name_eq(en, "article") || html_name_eq(en, "main"))
        return false;
    bool hit = false;
    for (int k = 0; k < 2; k++) {
        for (const char *p = nm->v[k]; p && *p;) {
            /* a class token (blank-separated; an id is one), then its words */
            while (*p && isspace((unsigned char)*p))
                p++;
            const char *te = p;
            while (*te && !isspace((unsigned char)*te))
                te++;
            bool tok_yes = false, tok_no = false, tok_box = false, tok_name = false;
            size_t words = 0;
            for (const char *q = p; q < te;) {
                while (q < te && !isalnum((unsigned char)*q))
                    q++;
                const char *st = q;
                while (q < te && isalnum((unsigned char)*q))
                    q++;
                size_t len = (size_t)(q - st);
                if (!len)
                    continue;
                words++;
                for (size_t i = 0; yes[i]; i++)
                    if (strlen(yes[i]) == len && html_prefix_ci(st, yes[i], len))
                        tok_yes = true;
                for (size_t i = 0; no[i]; i++)
                    if (strlen(no[i]) == len && html_prefix_ci(st, no[i], len)) {
                        bool box = i < BOX_WORDS;
                        tok_box |= box;
                        tok_no |= !box;
                    }
                tok_name |= len == 4 && html_prefix_ci(st, "name", 4);
            }
            /* the name in an author's box or card ("author-box__name") is
             * the name, not the box */
            if ((tok_no || (tok_box && !(tok_yes && tok_name))) && (tok_yes || words == 1))
                return false;
            hit |= tok_yes;
            p = te;
        }
    }
    return hit;
}

/* Whether a meta tag's name says the page's publication date, however
 * it is spelt: case and the separators '.', ':', '-', '_' aside
 * ("article:published_time", "datePublished", "publish-date",
 * "DC.date.issued", "published"). */
static bool publication_key(const char *key)
{
    /* whole keys; a key that ends as one of ends[] below is one too
     * ("articlepublishedtime", "parselypubdate", BBC News's
     * "originalpublicationdate" of 2002-2017, a paper's
     * "citationpublicationdate") */
    static const char *const names[] = {"published",    "articlepublished",  "dcdateissued", "dcdate",
                                        "dctermsdate",  "dctermsissued",     "date",         "sailthrudate",
                                        "citationdate", "citationonlinedate"};
    char k[32];
    size_t n = 0;
    for (const char *p = key; *p; p++) {
        if (*p == '.' || *p == ':' || *p == '-' || *p == '_')
            continue;
        if (n + 1 == sizeof k)
            return false;
        k[n++] = (char)tolower((unsigned char)*p);
    }
    k[n] = '\0';
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        if (!strcmp(k, names[i]))
            return true;
    /* a vendor's own key that ends as one of these ("cxenseparse:
     * publishtime", "og:publish_date", "w-published-date",
     * "article:first_published_time"), not a later publication's
     * ("last_published_date", "republished_time") */
    static const char *const ends[] = {"publishedtime",   "publishtime",     "publisheddate",     "publishdate",
                                       "publicationdate", "publicationtime", "datepublished",     "pubdate",
                                       "publishedat",     "firstpublished",  "firstpublishedtime"};
    for (size_t i = 0; i < sizeof ends / sizeof *ends; i++) {
        size_t el = strlen(ends[i]);
        if (n < el || strcmp(k + n - el, ends[i]))
            continue;
        static const char *const later[] = {"last", "re", "un", "modified", "updated", "update"};
        bool is_later = false;
        for (size_t j = 0; j < sizeof later / sizeof *later && !is_later; j++) {
            size_t ll = strlen(later[j]);
            is_later = n - el >= ll && !strncmp(k + n - el - ll, later[j], ll);
        }
        return !is_later;
    }
    return false;
}

/* A date and a byline shown under the headline with no markup to say so,
 * among the first words from the page's first <h1> on: a short text that
 * is a date ("20 December 2025", " - Mar 27, 2024"), and one that opens a
 * byline ("By Ann Lee", or "By" and the name in the next text) naming
 * someone in full. */
#define NEAR_DATE_CHARS 40
#define NEAR_DATE_WORDS 60
#define NEAR_BYLINE_CHARS 60
#define NEAR_LINE_CHARS 120

/* The length of a text as a browser shows it, against which the limits
 * above are held: the blanks around it dropped, each run of blanks inside
 * it one space (a page's indentation, LF or CRLF, changes nothing).
 * Counted up to cap + 1. */
static size_t shown_len(const char *t, size_t cap)
{
    size_t n = 0;
    bool blank = false;
    for (const unsigned char *p = (const unsigned char *)t; *p && n <= cap; p++)
        if (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n' || *p == '\f')
            blank = n > 0;
        else {
            n += 1 + blank;
            blank = false;
        }
    return n > cap ? cap + 1 : n;
}

#define MAX_H1 8
#define ABOVE_DATE_WORDS 12
#define PRE_TEXTS (ABOVE_DATE_WORDS + 2)

/* What the walk over a page's tree gathers for meta_read. */
struct seen {
    struct ld ld;
    const char *host; /* the page's address's, or NULL */
    char *html_title, *og_title, *og_url, *og_locale, *meta_date, *time_dt, *visible_date;
    char *tw_title;     /* twitter:title, read where there is no og:title, wherever each comes */
    char *shown_byline; /* a byline shown to readers, found by its class or id */
    char *h1s[MAX_H1];  /* the first MAX_H1 <h1>s' texts */
    int nh1;            /* how many <h1> there are */
    bool no_h1;         /* the page has no <h1>, or a logo's only (see logo_heading) */
    bool logo_h1;       /* a logo's <h1> was passed over */
    bool stand_in;      /* on a page without <h1>, the headline, or where it stands, was met */
    bool stand_in_titled; /* the stand-in is a heading the <title> holds (else where the headline is only) */
    char *shown_headline; /* on such a page, the first bold or large line of three words or more */
    bool shown_h2;        /* shown_headline is the <h2> that stands where the headline is */
    bool part_seen;       /* the title's main part was met as a text of its own (see title_part_shown) */
    bool shown_part;      /* and shown_headline is that text */
    char *title_main;     /* that part, as it is looked for (NULL until then) */
    size_t title_main_len; /* its length; 0 when it is shorter than three words */
    int stand_in_tries;
    char *time_updated; /* the datetime of the first <time> that says it is an update */
    char *shown_update; /* the first date shown as an update's ("Updated November 11, 2022") */
    char *near_date;    /* a date shown just under the first <h1> */
    /* the last PRE_TEXTS texts with words before the first <h1> (a ring,
     * npre of them seen), and their word counts: a date among them is
     * looked for when that <h1> comes, not in every text of a page that
     * has none */
    xmlNodePtr pre_text[PRE_TEXTS];
    size_t pre_words[PRE_TEXTS];
    size_t npre;
    size_t words_above;          /* the words of those texts, all of them */
    char *above_date;            /* a date shown just above the first <h1> ("December 19th, 2025") */
    char *said_date;             /* "Published March 9, 2026" anywhere in the text */
    bool date_label;             /* the text before was "Published" alone: a date may follow */
    char *said_updated;          /* "Updated November 18, 2025" anywhere in the text */
    bool updated_label;          /* the text before was "Updated" alone */
    char *aside_date;   /* a date in furniture just under it, by its class */
    char *meta_time;    /* a <time> in furniture beside an author's link (the post's facts) */
    bool meta_time_many;  /* and another such */
    char *furniture_said; /* "Published March 9, 2026" in furniture (a column of the post's facts) */
    bool furniture_label; /* the text before in furniture was "Published" alone */
    bool furniture_many;  /* furniture says so of more than one date: another post's */
    char *near_byline;  /* a byline shown just under it ("By" and a name), as read */
    char *late_byline;  /* "Written by" and a name anywhere in the text */
    char *block_byline; /* "Written by" alone, the names after it in its block */
    char *badge_byline; /* a name, then "Author" as its badge (an author card's) */
    char *link_byline;  /* links to the authors' own pages, their texts the pages' names */
    xmlNodePtr link_box; /* the block holding the first of them */
    int link_names;
    char *aside_byline; /* a link marked as the author's (rel), or a "By" line, in furniture beside the headline */
    size_t aside_words; /* furniture's words after the headline, while looking for one */
    bool aside_opener;  /* the furniture's text before was "By" alone */
    bool og_article;    /* og:type says article */
    const char *tier;   /* article:content_tier: "free", "metered" or "paywalled" (locked) */
    int md_free;        /* microdata's isAccessibleForFree: 1 yes, -1 no, 0 not said */
    bool md_discussion; /* a microdata itemtype says the page is a discussion */
    int tw_written;     /* N of the twitter:labelN that says "Written by" (0: none yet) */
    char *tw_author;    /* its twitter:dataN: the account that posted the page */
    bool after_opener;  /* the text before was "By" alone: a name may follow */
    struct nw_buf citation; /* a paper's authors, one citation_author each, joined by ", " */
    int ncitation;
    char *starter;      /* a forum thread's starter, as its label says ("Thread starter" and the name) */
    bool starter_sure;  /* by a label that is a thread's only ("Thread starter", not "Started by") */
    bool starter_label; /* the text before was that label alone */
    /* short texts' numeric dates with slashes that can be read one way
     * only: day first ("28/11/2025") and month first ("3/13/2026") */
    int slash_dm, slash_md;
    int late_boxes;     /* blocks read whole for a "Written by" alone */
    size_t words_after_h1;
};

/* A date shown to readers (t, a new string) into *slot, unless it says
 * it is an update's: that one is remembered as the page's date when no
 * other is given. */
static void shown_or_update(char **slot, struct seen *s, char *t)
{
    if (!opens_as_update(t))
        *slot = t;
    else if (!s->shown_update)
        s->shown_update = t;
    else
        free(t);
}

/* Whether byline names someone by a full name: a name of one word is no
 * evidence ("History", "Get"); with `cased`, nor one whose first or last
 * word is in lower case ("by company stage" in a heading). */
static bool names_someone(const char *byline, bool cased)
{
    struct nw_strv names = {0};
    meta_byline_names(byline, &names);
    bool full = false;
    for (size_t i = 0; i < names.n; i++) {
        const char *v = names.v[i], *last = strrchr(v, ' ');
        full |= last && (!cased || (!islower((unsigned char)v[0]) && !islower((unsigned char)last[1])));
        full |= meta_cjk_name(v);
    }
    nw_strv_clear(&names);
    return full;
}

/* A byline line under the headline, its parts set apart by separators:
 * "Aaron Ricadela | Senior Writer | July 2, 2025". A part that is a short
 * date is the date; a first part that names someone in full, the byline. */
static void byline_line(const char *t, struct seen *s)
{
    static const char *const seps[] = {" | ", " \xC2\xB7 ", " \xE2\x80\xA2 ", " \xE2\x80\x94 ", " \xE2\x80\x93 "};
    for (size_t k = 0; k < sizeof seps / sizeof *seps; k++) {
        if (!strstr(t, seps[k]))
            continue;
        size_t sl = strlen(seps[k]);
        char *date = NULL, *first = NULL;
        for (const char *p = t; p && *p;) {
            const char *e = strstr(p, seps[k]);
            size_t n = e ? (size_t)(e - p) : strlen(p);
            char *part = html_collapse_ws(nw_strndup(p, n));
            if (!first) {
                first = part;
            } else {
                if (!date && strlen(part) <= NEAR_DATE_CHARS && date_find_in_text(part) != NW_NO_TIME)
                    date = nw_strdup(part);
                free(part);
            }
            p = e ? e + sl : NULL;
        }
        if (!date && first && strlen(first) <= NEAR_DATE_CHARS && date_find_in_text(first) != NW_NO_TIME) {
            date = first;
            first = NULL;
        }
        if (date) {
            s->near_date = date;
            if (!s->near_byline && first && html_word_count(first) <= 4 && names_someone(first, true)) {
                s->near_byline = first;
                first = NULL;
            }
        }
        free(first);
        return;
    }
}

/* Whether the headline was met: the first <h1>, or on a page without one
 * (as pages were written before HTML5, and some still are) the first bold
 * or large text that the title names (headline_of_title). */
static bool headline_seen(const struct seen *s)
{
    return s->nh1 || s->stand_in;
}

/* A line read as a byline: "By Ann Lee", "Par Jean Dupont", or, when
 * *after_opener says the text before was "By" alone, the name after it
 * ("By " put before it); *after_opener is set when this text is "By"
 * alone. A new string, or NULL. */
static char *byline_of_line(const char *t, bool *after_opener)
{
    bool opener = *after_opener;
    *after_opener = false;
    if (shown_len(t, NEAR_BYLINE_CHARS) > NEAR_BYLINE_CHARS)
        return NULL;
    size_t lead = strspn(t, " \t\r\n"), len = strlen(t + lead);
    if (meta_byline_opener(t)) {
        *after_opener = true;
        return NULL;
    }
    if (!opener && !meta_byline_opens(t) && !meta_korean_byline(t))
        return NULL;
    if (!opener)
        return nw_strdup(t);
    char *b = nw_malloc(len + 4);
    memcpy(b, "By ", 3);
    memcpy(b + 3, t + lead, len + 1);
    return b;
}

static char *lone_name(const char *b);

/* Whether the text after text node n (within a few nodes) goes on in
 * small letters, as a sentence does ("Written by <a>hand</a> in the old
 * days"), not a byline's name. */
static bool sentence_goes_on(xmlNodePtr n)
{
    int steps = 0;
    for (xmlNodePtr x = html_next_in_order(n, NULL); x && steps < 16; x = html_next_in_order(x, NULL), steps++) {
        if (x->type != XML_TEXT_NODE || !x->content)
            continue;
        const char *t = (const char *)x->content;
        t += strspn(t, " \t\r\n");
        if (*t)
            return islower((unsigned char)*t) != 0;
    }
    return false;
}

static void near_headline(xmlNodePtr n, struct seen *s)
{
    const char *t = (const char *)n->content;
    if (!t || (s->near_date && s->near_byline) || !headline_seen(s) || s->words_after_h1 >= NEAR_DATE_WORDS)
        return;
    size_t lead = strspn(t, " \t\r\n"), w = html_word_count(t);
    s->words_after_h1 += w;
    if (!w)
        return;
    size_t shown = shown_len(t, NEAR_LINE_CHARS);
    if (!s->near_date && shown <= NEAR_DATE_CHARS && !says_modified(n->parent) && date_find_in_text(t) != NW_NO_TIME)
        shown_or_update(&s->near_date, s, nw_strdup(t));
    else if (!s->near_date && shown <= NEAR_LINE_CHARS && !says_modified(n->parent))
        byline_line(t + lead, s);
    /* a byline: "By Ann Lee", "Par Jean Dupont", or "By" and the name in
     * the next text */
    if (s->near_byline) {
        s->after_opener = false;
        return;
    }
    /* "By Sarah" under the headline, or "By" and then the name: a blog's
     * author by a first name or a handle; not a word after another
     * language's opener ("Text Size", "Door fittings": Dutch's "door") */
    bool by = s->after_opener || (html_prefix_ci(t + lead, "by", 2) && isspace((unsigned char)t[lead + 2]));
    char *b = byline_of_line(t, &s->after_opener);
    char *one = b && by && !names_someone(b, true) && !credits_agency(b) && !sentence_goes_on(n) ? lone_name(b) : NULL;
    if (one) {
        free(b);
        b = one;
    }
    if (b && (one || names_someone(b, true) || credits_agency(b)))
        s->near_byline = b;
    else
        free(b);
}

/* A byline in furniture just beside the headline (a column of the
 * story's facts in an <aside>: its date, "Written By" and the name): "By"
 * and a name, or "By" alone and the name in the next text, within
 * NEAR_DATE_WORDS words (the story's and furniture's) after the headline.
 * The weakest of the bylines: a sidebar's "By" lines are other stories'
 * as often. */
static void aside_byline_line(xmlNodePtr n, struct seen *s)
{
    const char *t = (const char *)n->content;
    size_t w = t ? html_word_count(t) : 0;
    if (!w)
        return;
    s->aside_words += w;
    char *b = byline_of_line(t, &s->aside_opener);
    if (b && names_someone(b, true))
        s->aside_byline = html_collapse_ws(b);
    else
        free(b);
}

static xmlNodePtr block_of(xmlNodePtr n);

/* The one name of a byline that names one person by one word, not a
 * generic one ("David", "BeauHD"; not "admin"), as a new string; else
 * NULL. */
static char *lone_name(const char *b)
{
    struct nw_strv names = {0};
    meta_byline_names(b, &names);
    char *one = NULL;
    if (names.n == 1 && !strchr(names.v[0], ' ')) {
        one = names.v[0];
        names.v[0] = NULL;
    }
    nw_strv_clear(&names);
    return one;
}

/* Whether a byline is one user's handle, a word no dictionary has: with
 * a digit, an underscore or a capital inside ("InsaneSnow45",
 * "Mr_Enigmatic", "xJewishNinjax"), not a plain word ("History"). */
static bool names_handle(const char *b)
{
    char *name = lone_name(b);
    bool ok = false;
    size_t n = name ? strlen(name) : 0;
    for (size_t i = 1; name && n >= 3 && n <= 30 && i < n && !ok; i++)
        ok = isdigit((unsigned char)name[i]) || (name[i] == '_' && i + 1 < n) ||
             (isupper((unsigned char)name[i]) && islower((unsigned char)name[i - 1]));
    free(name);
    return ok;
}

/* Whether a late byline names its poster by one name, as blogs show their
 * users, with the time of the post after it: "Posted by David at 11:15
 * AM", "Posted by BeauHD on Friday December 19, 2025". A lone word with no
 * time after it ("Posted by Morgan in Recipes") says too little. */
static bool names_poster(const char *b)
{
    char *name = lone_name(b);
    const char *r = name ? strstr(b, name) : NULL;
    bool ok = false;
    if (r) {
        r += strlen(name);
        r += strspn(r, " \t\r\n");
    }
    if (r && (html_prefix_ci(r, "at ", 3) || html_prefix_ci(r, "on ", 3))) {
        r += 3;
        r += strspn(r, " \t\r\n");
        ok = isdigit((unsigned char)*r) || date_find_in_text(r) != NW_NO_TIME;
    }
    free(name);
    return ok;
}

/* The length of the words of s that fit in max bytes (all of s when it
 * fits). */
static size_t word_end(const char *s, size_t max)
{
    size_t n = strnlen(s, max + 1);
    if (n <= max)
        return n;
    while (n > 0 && s[n] != ' ')
        n--;
    return n;
}

/* The length of the words of phrase at the start of t, any case, any run
 * of blanks between them ("Posted\n\t\tby"); 0 when t does not start
 * with them. */
static size_t said_at(const char *t, const char *phrase)
{
    const char *p = t;
    for (const char *w = phrase; *w; w++) {
        if (*w == ' ') {
            size_t b = strspn(p, " \t\r\n");
            if (!b)
                return 0;
            p += b;
        } else if (tolower((unsigned char)*p++) != *w) {
            return 0;
        }
    }
    return (size_t)(p - t);
}

/* The element after n's (its next sibling element, or its parent's, up
 * to BYLINE_UP levels) that has text, the text-less ones passed over (an
 * avatar's image): at most BYLINE_NEXT of them looked at. */
#define BYLINE_UP 3
#define BYLINE_NEXT 4
static xmlNodePtr next_with_text(xmlNodePtr n)
{
    int looked = 0;
    for (int up = 0; n && up <= BYLINE_UP; up++, n = n->parent) {
        for (xmlNodePtr x = n->next; x && looked < BYLINE_NEXT; x = x->next) {
            if (x->type == XML_TEXT_NODE && x->content && html_word_count((const char *)x->content))
                return NULL; /* loose text: not a block of its own */
            if (x->type != XML_ELEMENT_NODE)
                continue;
            looked++;
            const xmlChar *f = first_text(x->children, 0);
            if (f)
                return x;
        }
        if (!n->parent || n->parent->type != XML_ELEMENT_NODE)
            break;
    }
    return NULL;
}

/* A byline that says so in words anywhere in the text, "Written by Ann
 * Lee" under the article say, or "Written by" with the names in the
 * elements after it ("Written by <a>Ann Lee</a> and <a>Tom Roe</a>"): the
 * author when nothing else names one. */
static void late_byline(xmlNodePtr n, struct seen *s)
{
    static const char *const says[] = {"written by ", "posted by ", "story by ", "words by ",
                                       "article by ", "author: ",   "author ",   "authors "};
    const char *t = (const char *)n->content;
    if (s->late_byline || !t)
        return;
    t += strspn(t, " \t\r\n");
    char c = (char)tolower((unsigned char)*t);
    if ((c != 'w' && c != 'p' && c != 's' && c != 'a') || shown_len(t, NEAR_BYLINE_CHARS) > NEAR_BYLINE_CHARS)
        return; /* most texts: a glance at their first letter */
    for (size_t i = 0; i < sizeof says / sizeof *says; i++) {
        char said[16]; /* the words, without their last blank */
        size_t sl = strlen(says[i]) - 1;
        memcpy(said, says[i], sl);
        said[sl] = '\0';
        size_t k = said_at(t, said);
        if (!k)
            continue;
        const char *rest = t + k + strspn(t + k, " :\t\r\n");
        if (rest == t + k && *rest)
            return; /* "writtenby...": another word */
        char *b = NULL, **slot = &s->late_byline;
        if (*rest) {
            b = html_collapse_ws(nw_strdup(t));
        } else if (!s->block_byline && s->late_boxes++ < 4) {
            /* the least sure of the bylines: after every other kind */
            slot = &s->block_byline;
            /* the words alone: the names follow in the same short block
             * (a few such blocks looked at, not every one of a long page) */
            xmlNodePtr box = block_of(n);
            char *whole = box ? html_node_text_str(box) : NULL;
            /* the words as said there (a line break may follow them) */
            char *at = NULL;
            size_t m = 0;
            for (char *p = whole; p && *p && !at; p++)
                if (tolower((unsigned char)*p) == said[0] && (p == whole || !isalnum((unsigned char)p[-1])) &&
                    (m = said_at(p, said)) && !isalnum((unsigned char)p[m]))
                    at = p;
            /* the words alone in their block ("<div>Written by</div>
             * <div>Ann Lee</div>"): the names in the next element
             * with text */
            char *after = NULL;
            if (at && !at[m + strspn(at + m, " :\t\r\n")]) {
                xmlNodePtr next = box ? next_with_text(box) : NULL;
                after = next ? html_node_text_str(next) : NULL;
                if (after) {
                    struct nw_buf both = {0};
                    nw_buf_append(&both, at, m);
                    nw_buf_puts(&both, " ");
                    nw_buf_puts(&both, after + strspn(after, " \t\r\n"));
                    free(whole);
                    free(after);
                    whole = at = nw_buf_steal(&both);
                }
            }
            if (at) {
                /* its line, or the next when the words end theirs */
                char *from = at + m + strspn(at + m, " :\t\r\n"), *eol = strchr(from, '\n');
                if (eol)
                    *eol = '\0';
                struct nw_buf line = {0};
                nw_buf_append(&line, at, m);
                nw_buf_puts(&line, " ");
                nw_buf_puts(&line, from);
                char *l = html_collapse_ws(nw_buf_steal(&line));
                b = nw_strndup(l, word_end(l, NEAR_LINE_CHARS));
                free(l);
            }
            free(whole);
        }
        if (b && (names_someone(b, true) || names_poster(b)))
            *slot = b;
        else
            free(b);
        return;
    }
}

/* Whether element n's whole text, as shown, is the text t. */
static bool text_is(xmlNodePtr n, const char *t)
{
    char *all = html_collapse_ws(html_node_text_str(n));
    bool same = !strcmp(all, t);
    free(all);
    return same;
}

/* A name, then "Author" or "Writer" as its badge in the element right
 * after the name's (an author card: "<h3>Ann Lee</h3><span>Author</span>",
 * "<div>Ann Lee</div><div>Writer</div>"): the name, the last of the
 * bylines. Not a label before a name ("<div>Author</div><div>Ann
 * Lee</div>": late_byline reads those). */
static void badge_byline(xmlNodePtr n, struct seen *s)
{
    static const char *const badges[] = {"author", "writer", "autor", "auteur", "autore", "autorin"};
    const char *t = (const char *)n->content;
    while (*t == ' ' || *t == '\t' || *t == '\r' || *t == '\n')
        t++;
    char c = (char)(*t | 0x20);
    if (c != 'a' && c != 'w')
        return; /* most texts: a glance at their first letter */
    size_t len = strcspn(t, " \t\r\n");
    if (len < 5 || len > 7 || t[len + strspn(t + len, " \t\r\n")])
        return; /* not one word of five to seven letters */
    bool badge = false;
    for (size_t i = 0; i < sizeof badges / sizeof *badges && !badge; i++)
        badge = strlen(badges[i]) == len && html_prefix_ci(t, badges[i], len);
    if (!badge)
        return;
    char word[8];
    memcpy(word, t, len);
    word[len] = '\0';
    /* the element the badge is alone in, two levels up at most */
    xmlNodePtr el = n->parent;
    for (int up = 0; up < 2 && el && el->parent && el->parent->type == XML_ELEMENT_NODE && text_is(el->parent, word);
         up++)
        el = el->parent;
    if (!el || el->type != XML_ELEMENT_NODE || !text_is(el, word))
        return;
    xmlNodePtr prev = el->prev;
    while (prev && (prev->type != XML_ELEMENT_NODE || !first_text(prev->children, 0))) {
        if (prev->type == XML_TEXT_NODE && prev->content && html_word_count((const char *)prev->content))
            return; /* loose text before it */
        prev = prev->prev;
    }
    if (!prev)
        return;
    /* the element's text is a name, whole */
    char *name = html_collapse_ws(html_node_text_str(prev));
    struct nw_strv names = {0};
    if (strlen(name) <= NEAR_BYLINE_CHARS && html_word_count(name) <= 4 && names_someone(name, true))
        meta_byline_names(name, &names);
    if (names.n == 1 && !strcmp(names.v[0], name))
        s->badge_byline = name;
    else
        free(name);
    nw_strv_clear(&names);
}

/* A forum thread's starter, named after a label that says so: the label
 * alone in its text ("Thread starter", then the name's link, as XenForo
 * writes it) or the label and the name ("Started by Ann, June 4, 2024",
 * up to a comma, and not in furniture, where other threads are listed).
 * The thread's author, whoever wrote the first post shown (on a thread's
 * later pages, a reply). */
static void thread_starter(xmlNodePtr n, struct seen *s, bool in_furniture)
{
    static const char *const labels[] = {"thread starter",  "topic starter", "started by",
                                         "original poster", "themenstarter", "topicstarter"};
    const char *t = (const char *)n->content;
    t += strspn(t, " \t\r\n");
    if (!*t)
        return;
    size_t ll = 0;
    char c = (char)tolower((unsigned char)*t);
    /* most texts: a glance at their first letter */
    for (size_t i = 0; i < sizeof labels / sizeof *labels && !ll && (c == 't' || c == 's' || c == 'o'); i++) {
        size_t l = strlen(labels[i]);
        if (html_prefix_ci(t, labels[i], l) && !isalnum((unsigned char)t[l]))
            ll = l;
    }
    if (!ll && !s->starter_label)
        return; /* no label, and no name awaited */
    if (shown_len(t, NEAR_BYLINE_CHARS) > NEAR_BYLINE_CHARS) {
        s->starter_label = false;
        return;
    }
    if (!ll) {
        /* the name after the label alone (which a page may write twice,
         * for the eye and for a screen reader) */
        if (s->starter_label && html_word_count(t) <= 4) {
            char *name = html_collapse_ws(nw_strdup(t));
            size_t nl = strlen(name);
            /* another label ("Join Date:") is no name */
            if (nl && name[nl - 1] == ':')
                free(name);
            else
                s->starter = name;
        }
        s->starter_label = false;
        return;
    }
    s->starter_sure = strncasecmp(t, "started by", ll);
    if (!s->starter_sure && in_furniture) {
        s->starter_label = false; /* a sidebar's list of other threads */
        return;
    }
    const char *rest = t + ll + strspn(t + ll, " :\t\r\n");
    if (!*rest) {
        s->starter_label = true;
    } else if (rest > t + ll) {
        char *name = html_collapse_ws(nw_strndup(rest, strcspn(rest, ",\n")));
        if (*name && html_word_count(name) <= 4)
            s->starter = name;
        else
            free(name);
    }
}

/* Appends a scholarly page's citation_author ("Aditya Mahindru", or
 * surname first, "Kaufman, Jeff T.", as the tag allows) to the list of
 * its authors, given name first, ", " between them. */
#define MAX_CITATION_AUTHORS 32
static void citation_author(struct nw_buf *list, const char *v, int *n)
{
    char *name = html_collapse_ws(plain_refs(nw_strdup(v)));
    const char *comma = strchr(name, ',');
    if (*name && comma && !strchr(comma + 1, ',') && comma[1]) {
        /* "Surname, Given": the given names, then the surname */
        char *given = html_collapse_ws(nw_strdup(comma + 1));
        char *flipped = nw_malloc(strlen(name) + 2);
        snprintf(flipped, strlen(name) + 2, "%s %.*s", given, (int)(comma - name), name);
        free(given);
        free(name);
        name = flipped;
    }
    if (*name && !strchr(name, ',')) {
        if (list->len)
            nw_buf_puts(list, ", ");
        nw_buf_puts(list, name);
        (*n)++;
    }
    free(name);
}

/* The first declared publication date, unless a later key gives the
 * same day with its time ("awa-publishedDate" 20200320, then
 * "article:published_time" 2020-03-20T15:00:52+00:00), or the first
 * reads as no date. */
static void take_meta_date(char **slot, const char *v)
{
    int64_t have = *slot ? date_parse(*slot) : NW_NO_TIME;
    if (*slot && have != NW_NO_TIME && !nw_is_day(have))
        return;
    int64_t t = *slot ? date_parse(v) : NW_NO_TIME;
    if (*slot && (t == NW_NO_TIME || nw_is_day(t) ||
                  (have != NW_NO_TIME && llabs(nw_instant(nw_day_of(t)) - nw_instant(have)) > 86400)))
        return;
    free(*slot);
    *slot = nw_strdup(v);
}

/* A link marked as the author's (rel="author") in a column beside the
 * headline (the Guardian's <aside>): the author when nothing else names
 * one. */
static void aside_author(xmlNodePtr n, struct seen *s)
{
    char *t = html_collapse_ws(html_node_text_str(n));
    if (strlen(t) <= 120 && names_someone(t, true))
        s->aside_byline = t;
    else
        free(t);
}

/* A letter of Latin-1 or Latin Extended-A (U+00C0 to U+017F) as an
 * address spells it, without its accent and in small letters ("ö" as
 * "o", "Ł" as "l", "ß" as "ss"); NULL for what is no letter. */
static const char *unaccented(unsigned cp)
{
    static const char *const latin1[64] = {
        "a", "a", "a", "a", "a", "a", "ae", "c",  "e", "e", "e", "e", "i", "i", "i",  "i", /* U+00C0 */
        "d", "n", "o", "o", "o", "o", "o",  NULL, "o", "u", "u", "u", "u", "y", "th", "ss",
        "a", "a", "a", "a", "a", "a", "ae", "c",  "e", "e", "e", "e", "i", "i", "i",  "i", /* U+00E0 */
        "d", "n", "o", "o", "o", "o", "o",  NULL, "o", "u", "u", "u", "u", "y", "th", "y"};
    /* U+0100 to U+017F, sixteen to a line */
    static const char ext_a[] = "aaaaaaccccccccdd"
                                "ddeeeeeeeeeegggg"
                                "gggghhhhiiiiiiii"
                                "iiiijjkkklllllll"
                                "lllnnnnnnnnnoooo"
                                "oooorrrrrrssssss"
                                "ssttttttuuuuuuuu"
                                "uuuuwwyyyzzzzzzs";
    static const char *const letter[26] = {"a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m",
                                           "n", "o", "p", "q", "r", "s", "t", "u", "v", "w", "x", "y", "z"};
    if (cp >= 0xC0 && cp <= 0xFF)
        return latin1[cp - 0xC0];
    if (cp == 0x132 || cp == 0x133)
        return "ij";
    if (cp == 0x152 || cp == 0x153)
        return "oe";
    return cp >= 0x100 && cp <= 0x17F ? letter[ext_a[cp - 0x100] - 'a'] : NULL;
}

/* The words of s[0..n) as an address would spell them: letters and
 * digits in small letters and without accents, one blank between words
 * ("Peter Stöckli" and "peter-stockli" both "peter stockli"). At most
 * cap - 1 bytes are written to out, which ends with '\0'; returns the
 * number of words. */
static size_t slug_words(const char *s, size_t n, char *out, size_t cap)
{
    size_t o = 0, words = 0;
    bool in_word = false;
    for (size_t i = 0; i < n;) {
        unsigned char c = (unsigned char)s[i];
        const char *v = NULL;
        char one[2] = {0, 0};
        size_t len = 1;
        if (isalnum(c)) {
            one[0] = (char)tolower(c);
            v = one;
        } else if ((c == 0xC3 || c == 0xC4 || c == 0xC5) && i + 1 < n && ((unsigned char)s[i + 1] & 0xC0) == 0x80) {
            v = unaccented(((unsigned)(c & 0x1F) << 6) | ((unsigned char)s[i + 1] & 0x3F));
            len = 2;
        }
        i += len;
        if (!v) {
            in_word = false;
            continue;
        }
        size_t vl = strlen(v);
        if (o + vl + 2 > cap)
            break;
        if (!in_word && words++)
            out[o++] = ' ';
        in_word = true;
        memcpy(out + o, v, vl);
        o += vl;
    }
    out[o] = '\0';
    return words;
}

/* The i-th word of a string of words made by slug_words (at most 8
 * words), in w[i] and their lengths in wl[i]; returns their number. */
#define SLUG_WORDS 8
static size_t split_words(const char *s, const char *w[SLUG_WORDS], size_t wl[SLUG_WORDS])
{
    size_t k = 0;
    for (const char *p = s; *p && k < SLUG_WORDS;) {
        const char *e = strchr(p, ' ');
        w[k] = p;
        wl[k] = e ? (size_t)(e - p) : strlen(p);
        k++;
        p = e ? e + 1 : p + strlen(p);
    }
    return k;
}

static bool word_is(const char *w, size_t n, const char *a, size_t an)
{
    return n == an && !memcmp(w, a, n);
}

/* Whether a slug's word after the name is an address's addition, not a
 * name's: a number ("nicoletta-richardson-tdpn251084"), a degree
 * ("elizabeth-hoge-phd") or a page's extension ("colin-watson.html"). */
static bool slug_suffix(const char *w, size_t n)
{
    static const char *const extra[] = {"phd", "md", "jr", "sr", "html", "htm", "php", "aspx"};
    for (size_t i = 0; i < n; i++)
        if (isdigit((unsigned char)w[i]))
            return true;
    for (size_t i = 0; i < sizeof extra / sizeof *extra; i++)
        if (word_is(w, n, extra[i], strlen(extra[i])))
            return true;
    return false;
}

/* Whether text t reads as an author page's slug (sl bytes), as blogs
 * make them of their authors' names: the same words, case and accents
 * aside ("Ann Lee" and "ann-lee", "Peter Stöckli" and "peter-stockli"),
 * perhaps run together ("annlee"), with a number or a degree after them
 * ("ann-lee-12345"); or, for a name of two or three words, one word of
 * the slug that is the first name, the surname, or the one with the
 * other's initial ("ann", "lee", "alee", "annl"). */
static bool reads_as_slug(const char *slug, size_t sl, const char *t)
{
    char sb[128], tb[128];
    const char *sw[SLUG_WORDS], *tw[SLUG_WORDS];
    size_t swl[SLUG_WORDS], twl[SLUG_WORDS];
    if (!*t || !slug_words(slug, sl, sb, sizeof sb) || !slug_words(t, strlen(t), tb, sizeof tb))
        return false;
    if (!strcmp(sb, tb))
        return true;
    size_t ns = split_words(sb, sw, swl), nt = split_words(tb, tw, twl);
    if (nt < 2 || nt > 4)
        return false;
    /* run together */
    char js[128], jt[128];
    size_t a = 0, b = 0;
    for (size_t i = 0; i < ns; i++) {
        memcpy(js + a, sw[i], swl[i]);
        a += swl[i];
    }
    for (size_t i = 0; i < nt; i++) {
        memcpy(jt + b, tw[i], twl[i]);
        b += twl[i];
    }
    if (a == b && !memcmp(js, jt, a))
        return true;
    /* the name, then an address's additions */
    if (ns > nt) {
        bool same = true;
        for (size_t i = 0; i < nt && same; i++)
            same = word_is(sw[i], swl[i], tw[i], twl[i]);
        for (size_t i = nt; i < ns && same; i++)
            same = slug_suffix(sw[i], swl[i]);
        if (same)
            return true;
    }
    if (ns != 1 || swl[0] < 3 || nt > 3)
        return false;
    const char *first = tw[0], *last = tw[nt - 1];
    size_t fl = twl[0], ll = twl[nt - 1];
    if (word_is(sw[0], swl[0], first, fl) || word_is(sw[0], swl[0], last, ll))
        return true;
    /* an initial and a name */
    return (swl[0] == ll + 1 && sw[0][0] == first[0] && !memcmp(sw[0] + 1, last, ll)) ||
           (swl[0] == fl + 1 && sw[0][fl] == last[0] && !memcmp(sw[0], first, fl));
}

/* Texts of an author card looked at for the name its link's slug spells. */
#define CARD_NODES 64

/* The name an author card shows beside or inside its link, when the link
 * says something else ("Articles by Juliette", "Matteo Laratta | Author"):
 * a text of the link's block that reads as the slug. New string, or
 * NULL. */
static char *card_name(xmlNodePtr a, const char *slug, size_t sl)
{
    xmlNodePtr box = block_of(a);
    if (!box || box->type != XML_ELEMENT_NODE)
        return NULL;
    int seen = 0;
    for (xmlNodePtr n = box->children; n && seen < CARD_NODES;) {
        seen++;
        if (n->type == XML_TEXT_NODE && n->content) {
            const char *t = (const char *)n->content;
            if (strnlen(t, 121) <= 120) {
                char *c = html_collapse_ws(nw_strdup(t));
                if (*c && reads_as_slug(slug, sl, c))
                    return c;
                free(c);
            }
        }
        /* depth first, within the box */
        if (n->type == XML_ELEMENT_NODE && n->children) {
            n = n->children;
            continue;
        }
        while (n && n != box && !n->next)
            n = n->parent;
        if (!n || n == box)
            break;
        n = n->next;
    }
    return NULL;
}

/* Whether the texts below n, as shown, are at most NEAR_LINE_CHARS
 * long. */
static bool short_block(xmlNodePtr n)
{
    size_t len = 0;
    for (xmlNodePtr c = n ? n->children : NULL; c && len <= NEAR_LINE_CHARS; c = html_next_in_order(c, n))
        if (c->type == XML_TEXT_NODE && c->content)
            len += shown_len((const char *)c->content, NEAR_LINE_CHARS);
    return n && len <= NEAR_LINE_CHARS;
}

/* The name a link to an author's own page shows: its href goes through
 * a folder of authors' pages ("/author/ann-lee/", "/authors/ann_lee";
 * not a forum's members) and its text (or its aria-label) is that page's
 * name, "Ann Lee", words and case aside; else the author card around it
 * shows that name. New string, or NULL. */
static char *author_link_name(xmlNodePtr a)
{
    const char *href = html_attr_view(a, "href");
    size_t sl;
    bool profile = false;
    const char *slug = href ? html_author_slug(href, strlen(href), &sl, &profile) : NULL;
    /* a link to someone's profile is a byline's in a short line of its
     * own ("By <a>Ann Lee</a>", a card's name), not in a sentence that
     * mentions an expert, nor in a review signed by a customer */
    if (!slug || (profile && !short_block(block_of(a))))
        return NULL;
    const char *label = html_attr_view(a, "aria-label");
    char *t = html_collapse_ws(label ? nw_strdup(label) : html_node_text_str(a));
    if (!reads_as_slug(slug, sl, t)) {
        free(t);
        t = card_name(a, slug, sl);
    }
    if (t && names_someone(t, true))
        return t;
    /* the author's page names the author by one word ("/author/yucy/",
     * "Yucy"): a blog's pen name */
    char *one = t ? lone_name(t) : NULL;
    free(t);
    return one;
}

/* The nearest ancestor of n that is not inline text markup. */
static xmlNodePtr block_of(xmlNodePtr n)
{
    static const char *const inl[] = {"a", "strong", "b", "em", "i", "span", "small", "u"};
    for (n = n->parent; n && n->type == XML_ELEMENT_NODE; n = n->parent) {
        bool inline_ = false;
        for (size_t i = 0; i < sizeof inl / sizeof *inl && !inline_; i++)
            inline_ = html_name_eq((const char *)n->name, inl[i]);
        if (!inline_)
            return n;
    }
    return n;
}

/* A link to an author's own page: the first gives the byline, others in
 * the same block ("Written by <a>Ann Lee</a>, ... <a>Tom Roe</a>") add
 * their names to it. */
static void author_link(xmlNodePtr a, struct seen *s)
{
    if (s->link_byline && block_of(a) != s->link_box)
        return;
    char *name = author_link_name(a);
    if (!name)
        return;
    if (!s->link_byline) {
        s->link_byline = name;
        s->link_box = block_of(a);
        s->link_names = 1;
        return;
    }
    struct nw_buf b = {0};
    nw_buf_printf(&b, "%s, %s", s->link_byline, name);
    free(s->link_byline);
    free(name);
    s->link_byline = nw_buf_steal(&b);
    s->link_names++;
}

/* Whether the names of links ("Jane Roe, John Smith", as author_link
 * joins them) are in a shown byline one after the other with only blanks
 * between them. */
static bool links_run_together(const char *shown, const char *links)
{
    const char *p = shown, *prev_end = NULL;
    for (const char *l = links; *l;) {
        const char *e = strstr(l, ", ");
        size_t n = e ? (size_t)(e - l) : strlen(l);
        const char *at = NULL;
        for (const char *q = p; *q && !at; q++)
            if (!strncmp(q, l, n))
                at = q;
        if (!at)
            return false;
        if (prev_end)
            for (const char *q = prev_end; q < at; q++)
                if (*q != ' ')
                    return false;
        prev_end = p = at + n;
        l = e ? e + 2 : l + n;
    }
    return true;
}

/* A date shown just above the headline (a kicker's "December 19th,
 * 2025", or "News | Dec 12, 2025" over the title): the last short text
 * before the first <h1> that is a date, with at most ABOVE_DATE_WORDS
 * words of text between them. Each text with words is remembered as it
 * comes; the dates are looked for when the <h1> does. */
static void above_headline(xmlNodePtr n, struct seen *s)
{
    const char *t = (const char *)n->content;
    size_t words = t ? html_word_count(t) : 0;
    if (!words)
        return;
    s->pre_text[s->npre % PRE_TEXTS] = n;
    s->pre_words[s->npre % PRE_TEXTS] = words;
    s->npre++;
    s->words_above += words;
}

/* At the first <h1>: the remembered texts from the last back, until one
 * is a date or more than ABOVE_DATE_WORDS words come between (each text
 * has a word, so PRE_TEXTS of them are enough). */
static void above_date(struct seen *s)
{
    size_t between = 0;
    for (size_t k = 0; k < PRE_TEXTS && k < s->npre; k++) {
        size_t i = (s->npre - 1 - k) % PRE_TEXTS;
        xmlNodePtr n = s->pre_text[i];
        const char *t = (const char *)n->content;
        if (shown_len(t, NEAR_DATE_CHARS) <= NEAR_DATE_CHARS && !says_modified(n->parent) && !says_updated(t) &&
            date_find_in_text(t) != NW_NO_TIME) {
            s->above_date = nw_strdup(t);
            return;
        }
        between += s->pre_words[i];
        if (between > ABOVE_DATE_WORDS)
            return;
    }
}

/* A date that says what it is in words anywhere in the text, its words
 * (lower case) in says, the letters they start with in firsts: into *slot
 * the text from the date on, or, for the words alone, *label set so that
 * the next text is read as the date. */
static void said(const char *t, const char *const *says, const char *firsts, char **slot, bool *label)
{
    t += strspn(t, " \t\r\n");
    bool was_label = *label;
    *label = false;
    if (!*t || (!was_label && !strchr(firsts, tolower((unsigned char)*t))))
        return; /* most texts: a glance at their first letter */
    size_t shown = shown_len(t, 60);
    if (shown > 60)
        return;
    if (was_label) {
        if (shown <= NEAR_DATE_CHARS && date_find_in_text(t) != NW_NO_TIME)
            *slot = nw_strdup(t);
        return;
    }
    for (size_t i = 0; says[i]; i++) {
        if (html_ascii_lower((unsigned char)*t) != (unsigned char)says[i][0])
            continue; /* (as strncasecmp would find; most differ there) */
        size_t k = strlen(says[i]);
        if (strncasecmp(t, says[i], k) || isalnum((unsigned char)t[k]))
            continue;
        const char *rest = t + k + strspn(t + k, " :\t\r\n");
        if (!*rest)
            *label = true; /* the words alone: the date follows */
        else if (date_find_in_text(rest) != NW_NO_TIME)
            *slot = nw_strdup(rest);
        return;
    }
}

/* The words that say a date is the publication's, "posted" first: in
 * furniture, where other posts' lines say "Posted on", the list is read
 * from POSTED_WORDS on. */
static const char *const published_words[] = {"posted on",
                                              "posted",
                                              "published",
                                              "date published",
                                              "publication date",
                                              "publié le",
                                              "publiée le",
                                              "veröffentlicht am",
                                              "publicado el",
                                              "pubblicato il",
                                              "originally published",
                                              "first published",
                                              "originally posted",
                                              NULL};
#define POSTED_WORDS 2

/* "Published March 9, 2026", "Posted on: 2024-05-01", or "Published" and
 * the date in the next text: the page's date when nothing else gives one;
 * "Updated November 18, 2025", "Last updated: ...": its update's. */
static void said_date(xmlNodePtr n, struct seen *s)
{
    static const char *const updated[] = {
        "updated",       "updated on",      "last updated",   "last updated on", "last modified",
        "mis à jour le", "aktualisiert am", "actualizado el", "aggiornato il",   NULL};
    const char *t = (const char *)n->content;
    if (!t)
        return;
    if (!s->said_date)
        said(t, published_words, "pdvof", &s->said_date, &s->date_label);
    if (!s->said_updated)
        said(t, updated, "ulmaa", &s->said_updated, &s->updated_label);
}

/* A date said so in words in furniture, a column of the post's own facts
 * ("<h4>Published</h4><div>July 8, 2025</div>" in a sidebar): remembered
 * while it is the only one there; a second ("Posted on ..." under other
 * posts' links) says those words are not the page's. */
static void furniture_said_date(xmlNodePtr n, struct seen *s)
{
    char *got = NULL;
    said((const char *)n->content, published_words + POSTED_WORDS, "pdvof", &got, &s->furniture_label);
    if (!got)
        return;
    if (!s->furniture_said)
        s->furniture_said = got;
    else {
        s->furniture_many |= strcmp(s->furniture_said, got) != 0;
        free(got);
    }
}

/* Whether the text just before an element says that the name in it is
 * credited for other work than the writing ("Reviewed by <a
 * class=author-link>Ann Lee</a>"). */
static bool credited_for_other_work(xmlNodePtr n)
{
    xmlNodePtr p = n->prev;
    while (p && xmlIsBlankNode(p))
        p = p->prev;
    return p && p->type == XML_TEXT_NODE && p->content && meta_credit_for_other_work((const char *)p->content);
}

/* The order a short text's numeric dates with slashes show, where a
 * number above 12 says which is the day: a vote for the page's order. */
static void slash_order(const char *t, struct seen *s)
{
    size_t len = strnlen(t, 201);
    if (len > 200)
        return;
    for (const char *p = memchr(t, '/', len); p; p = memchr(p + 1, '/', len - (size_t)(p + 1 - t))) {
        const char *a = p;
        while (a > t && isdigit((unsigned char)a[-1]))
            a--;
        int x, y, z, used = 0;
        if (p - a < 1 || p - a > 2 || (a > t && isalnum((unsigned char)a[-1])) ||
            sscanf(a, "%2d/%2d/%4d%n", &x, &y, &z, &used) != 3 || used < 8 || isdigit((unsigned char)a[used]))
            continue;
        if (x > 12 && x <= 31 && y >= 1 && y <= 12)
            s->slash_dm++;
        else if (y > 12 && y <= 31 && x >= 1 && x <= 12)
            s->slash_md++;
        p = a + used - 1;
    }
}

static bool headline_of_title(const char *t, const char *title, char **headline);
static const char *first_spaced_sep(const char *p, size_t *sl);
static bool names_site(const char *part, size_t n, const char *site, bool host);

/* How many bold or large texts are read for a headline on a page without
 * <h1>, at most. */
#define STAND_IN_TRIES 64

static bool affix_names_host(const char *part, size_t n, const char *host, bool whole);

/* Whether a link's address is the site's home page (see
 * html_home_link), on the page's host when it names one. */
static bool links_home(const char *href, const char *host)
{
    const char *h;
    size_t hl;
    if (!html_home_link(href, strlen(href), &h, &hl))
        return false;
    if (!hl)
        return true;
    if (hl > 4 && html_prefix_ci(h, "www.", 4))
        h += 4, hl -= 4;
    const char *own = host && html_prefix_ci(host, "www.", 4) ? host + 4 : host;
    return own && strlen(own) == hl && html_prefix_ci(h, own, hl);
}

/* Whether an <h1> is the site's logo, not a headline (templates of many
 * blogs and older sites set their name in <h1> on every page and the
 * post's title in a lower heading): its text is the site's name (declared,
 * or its host's, "Scratch Culinary" for scratchculinary.com), or all of
 * it is a link to the home page, or it shows an image and no text.
 * site_name is the one declared so far, or NULL. */
static bool logo_heading(xmlNodePtr h, const char *site_name, const char *host)
{
    char *t = html_collapse_ws(html_node_text_str(h));
    size_t n = strlen(t);
    bool logo = false;
    if (!n) {
        /* an image (an empty one still marks where the headline is) */
        logo = element_below(h->children, "img", 0) || element_below(h->children, "svg", 0) ||
               element_below(h->children, "picture", 0);
    } else if ((site_name && *site_name && names_site(t, n, site_name, false)) ||
               (host && affix_names_host(t, n, host, true))) {
        logo = true;
    } else {
        /* its text is a home link's text, whole */
        xmlNodePtr a = h->children;
        for (int depth = 0; a && depth < 4; depth++) {
            while (a && a->type != XML_ELEMENT_NODE)
                a = a->next;
            if (!a || html_name_eq((const char *)a->name, "a"))
                break;
            a = a->children;
        }
        const char *href = a ? html_attr_view(a, "href") : NULL;
        if (href && links_home(href, host)) {
            char *at = html_collapse_ws(html_node_text_str(a));
            logo = !strcmp(at, t);
            free(at);
        }
    }
    free(t);
    return logo;
}

/* Whether the tree holds an <h1> that is no logo (see logo_heading; the
 * search stops at the first). */
static bool has_h1(xmlNodePtr n, int depth, const char *host)
{
    for (; n && depth < 64; n = n->next)
        if (n->type == XML_ELEMENT_NODE &&
            ((n->name[0] == 'h' || n->name[0] == 'H') && html_name_eq((const char *)n->name, "h1")) &&
            !logo_heading(n, NULL, host))
            return true;
        else if (n->type == XML_ELEMENT_NODE && n->children && has_h1(n->children, depth + 1, host))
            return true;
    return false;
}

static char *item_name(xmlNodePtr n, int depth);
static bool story_page(const struct seen *s, const char *url);
static bool titles_agree(const char *a, const char *b);
static char *strip_named_affix(const char *title, const char *site, bool host, bool story);

/* The words of a story's text above its headline at most: an <h1> after
 * more is a section's heading. */
#define HEADLINE_WORDS_ABOVE 600

/* The words of text above the first <h2> of a page without <h1> at most,
 * for it to stand where the headline is. */
#define H2_HEADLINE_WORDS_ABOVE 50

/* Whether bold or large text t (n's) is a line of its own of three to
 * forty words: its block shows nothing else (a headline set in <font
 * size=5><b>, not a bold phrase in a paragraph). */
static bool line_of_its_own(xmlNodePtr n, const char *t)
{
    size_t w = html_word_count(t);
    if (w < 3 || w > 40 || strlen(t) > 300 || strchr(t, '<') || strchr(t, '='))
        return false;
    /* a link's words ("See All Moving Articles") head no story */
    for (xmlNodePtr a = n; a && a->type == XML_ELEMENT_NODE; a = a->parent)
        if (html_name_eq((const char *)a->name, "a"))
            return false;
    for (xmlNodePtr c = n->children; c; c = html_next_in_order(c, n))
        if (c->type == XML_ELEMENT_NODE && html_name_eq((const char *)c->name, "a"))
            return false;
    xmlNodePtr box = block_of(n);
    if (!box || box->type != XML_ELEMENT_NODE)
        return false;
    char *a = html_collapse_ws(html_node_text_str(box)), *b = html_collapse_ws(nw_strdup(t));
    bool same = !strcmp(a, b);
    free(a);
    free(b);
    return same;
}

/* Whether a text is worded as a sentence, not as a name: a word of four
 * letters or more starts in a small letter ("Storm closes the bridge",
 * not "Occupational Safety and Health Administration"). */
static bool worded_as_sentence(const char *t)
{
    for (const char *p = t; *p;) {
        while (*p == ' ')
            p++;
        const char *w = p;
        while (*p && *p != ' ')
            p++;
        if (p - w >= 4 && islower((unsigned char)*w))
            return true;
    }
    return false;
}

static char *title_main_part(const char *t);

/* Whether t is the title's last part of several (after its last
 * separator with blanks around it, case aside), where sites write their
 * name ("Electrical - Overview | Occupational Safety and Health
 * Administration"). */
static bool title_last_part(const char *title, const char *t)
{
    const char *last = NULL;
    size_t sl;
    for (const char *p = title, *cut; p && (cut = first_spaced_sep(p, &sl)); p = cut + sl)
        last = cut + sl;
    return last && !strcasecmp(t, last + strspn(last, " "));
}

/* On a page without <h1>: a text that is the title's main part (its
 * longest, of three words or more, between separators with blanks around
 * them; case and blanks aside) is the headline shown (a template's "<td
 * class=storyheadline>"): where the headline is, and the page's headline
 * when no bold or large line of its own came first (see meta_read). Not
 * the site's name, nor a home link's text, and the title's last part of
 * several, where sites write their name, only when it is worded as a
 * sentence ("BBC NEWS | UK | Storm closes the bridge", not "Electrical -
 * Overview | Occupational Safety and Health Administration"). */
static void title_part_shown(xmlNodePtr n, const struct meta *m, struct seen *s)
{
    if (!s->title_main) {
        s->title_main = html_collapse_ws(title_main_part(s->html_title));
        s->title_main_len = html_word_count(s->title_main) >= 3 ? strlen(s->title_main) : 0;
    }
    size_t ml = s->title_main_len, len = strlen((const char *)n->content);
    if (!ml || len < ml || len > ml + 64)
        return;
    /* not a logo's: a home link's text */
    xmlNodePtr a = n->parent;
    for (int up = 0; a && a->type == XML_ELEMENT_NODE && up < 4 && !html_name_eq((const char *)a->name, "a"); up++)
        a = a->parent;
    const char *href =
        a && a->type == XML_ELEMENT_NODE && html_name_eq((const char *)a->name, "a") ? html_attr_view(a, "href") : NULL;
    if (href && links_home(href, s->host))
        return;
    char *t = html_collapse_ws(nw_strdup((const char *)n->content));
    bool found = strlen(t) == ml && !strcasecmp(s->title_main, t) &&
                 !(m->site_name && names_site(t, ml, m->site_name, false)) &&
                 !(s->host && affix_names_host(t, ml, s->host, false));
    if (found) {
        /* the title's last part of several */
        size_t tl = strlen(s->html_title);
        bool last = tl > ml && !strcasecmp(s->html_title + tl - ml, t);
        found = !last || worded_as_sentence(t);
    }
    if (!found) {
        free(t);
        return;
    }
    if (!s->stand_in)
        above_date(s);
    s->stand_in = true;
    s->part_seen = true;
    s->shown_part = !s->shown_headline || !strcmp(s->shown_headline, t);
    if (!s->shown_headline)
        s->shown_headline = t;
    else
        free(t);
}

/* Whether an element of budget *left at most below n holds a link to an
 * author's page ("/author/ann-lee/"). */
static bool holds_author_link(xmlNodePtr n, int depth, int *left)
{
    for (xmlNodePtr c = n->children; c && depth < 6 && *left > 0; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        (*left)--;
        size_t sl;
        const char *href = html_name_eq((const char *)c->name, "a") ? html_attr_view(c, "href") : NULL;
        if ((href && html_author_slug(href, strlen(href), &sl, NULL)) || holds_author_link(c, depth + 1, left))
            return true;
    }
    return false;
}

/* Whether a block at most three levels above n holds a link to an
 * author's page: a byline beside it. */
static bool beside_author_link(xmlNodePtr n)
{
    int left = 64;
    for (int up = 0; up < 3 && n->parent && n->parent->type == XML_ELEMENT_NODE; up++) {
        n = n->parent;
        if (holds_author_link(n, 0, &left))
            return true;
    }
    return false;
}

static void walk_head(xmlNodePtr n, struct meta *m, struct seen *s, int depth, bool in_furniture)
{
    for (; n && depth < 64; n = n->next) {
        if (n->type == XML_TEXT_NODE && !in_furniture && !headline_seen(s))
            above_headline(n, s);
        /* texts with a word only (a blank or a "|" between a label and
         * its date is passed over); the count stops at the first word */
        if (n->type == XML_TEXT_NODE && !in_furniture && (!s->said_date || !s->said_updated) && n->content &&
            html_words_above((const char *)n->content, strlen((const char *)n->content), 0))
            said_date(n, s);
        else if (n->type == XML_TEXT_NODE && in_furniture && !s->furniture_many && n->content) {
            /* furniture is most of a page's texts: at a glance, the long
             * ones and those that start with none of the words' letters
             * (after a label, any text is read) */
            const char *t = (const char *)n->content;
            t += strspn(t, " \t\r\n");
            size_t len = strnlen(t, 61);
            if (len && (s->furniture_label || strchr("pdvofPDVOF", *t))) {
                if (shown_len(t, 60) > 60)
                    s->furniture_label = false;
                else if (html_words_above(t, len, 0))
                    furniture_said_date(n, s);
            }
        }
        if (n->type == XML_TEXT_NODE && n->content && s->slash_dm + s->slash_md < 16)
            slash_order((const char *)n->content, s);
        if (n->type == XML_TEXT_NODE && s->no_h1 && !s->nh1 && !s->part_seen && !in_furniture && s->html_title &&
            n->content && n->parent && !html_name_eq((const char *)n->parent->name, "title"))
            title_part_shown(n, m, s);
        if (n->type == XML_TEXT_NODE && !in_furniture)
            near_headline(n, s);
        else if (n->type == XML_TEXT_NODE && !s->aside_byline && !m->author && headline_seen(s) &&
                 s->words_after_h1 + s->aside_words < NEAR_DATE_WORDS)
            aside_byline_line(n, s);
        if (n->type == XML_TEXT_NODE && !in_furniture && !m->author)
            late_byline(n, s);
        if (n->type == XML_TEXT_NODE && !s->badge_byline && !m->author && n->content)
            badge_byline(n, s);
        if (n->type == XML_TEXT_NODE && !s->starter && n->content)
            thread_starter(n, s, in_furniture);
        if (n->type != XML_ELEMENT_NODE)
            continue;
        const char *name = (const char *)n->name;
        /* the first letter first: most elements are none of these */
        char c0 = (char)tolower((unsigned char)name[0]);
        /* a page without <h1>: its headline in bold or large type, or
         * in a heading of any rank (a template's "<h4>" headline) */
        if (!s->nh1 && !s->stand_in_titled && !in_furniture && s->html_title && s->stand_in_tries < STAND_IN_TRIES &&
            (html_name_eq(name, "b") || html_name_eq(name, "strong") || html_name_eq(name, "font") ||
             html_name_eq(name, "big") || html_heading_rank(name) >= 2)) {
            s->stand_in_tries++;
            char *t = html_node_text_str(n);
            if (!s->shown_headline && s->words_above <= HEADLINE_WORDS_ABOVE && line_of_its_own(n, t))
                s->shown_headline = heading_text(n);
            char *part = NULL;
            if (strlen(t) <= 400 && headline_of_title(t, s->html_title, &part) &&
                !(m->site_name && names_site(t, strlen(t), m->site_name, false))) {
                if (!s->stand_in)
                    above_date(s);
                s->stand_in = s->stand_in_titled = true;
                /* and the page's headline, as an <h1> would be (the page
                 * has none), unless it is the title's last part of
                 * several, where sites write their name (a logo's
                 * "Occupational Safety and Health Administration") */
                char *h = part ? part : heading_text(n);
                part = NULL;
                if (h && title_last_part(s->html_title, h))
                    free(h);
                else if (h) {
                    s->h1s[0] = h;
                    s->nh1 = 1;
                }
            }
            free(part);
            free(t);
        }
        /* on a page without <h1> (or with a logo's only), the first
         * <h2> at the top of the text (not another logo) is where the
         * headline is, whatever the <title> words: the bylines and dates
         * under it are looked for as under an <h1>, and it is the headline
         * the page shows (shown_headline), unless a bold or large line of
         * its own came first */
        if ((s->logo_h1 || s->no_h1) && !s->nh1 && !s->stand_in && s->words_above <= H2_HEADLINE_WORDS_ABOVE &&
            html_heading_rank(name) == 2) {
            char *t = html_node_text_str(n);
            size_t w = html_word_count(t);
            if (w >= 3 && w <= 40 && !logo_heading(n, m->site_name, s->host)) {
                above_date(s);
                s->stand_in = true;
                if (!s->shown_headline) {
                    s->shown_headline = heading_text(n);
                    s->shown_h2 = true;
                }
            }
            free(t);
        }
        if (!s->md_discussion && n->properties && itemtype_discussion(html_attr_view(n, "itemtype")))
            s->md_discussion = true;
        bool logo = c0 == 'h' && html_name_eq(name, "h1") && logo_heading(n, m->site_name, s->host);
        s->logo_h1 |= logo;
        if (c0 == 'h' && html_name_eq(name, "h1") && !logo) {
            if (!headline_seen(s))
                above_date(s);
            if (s->nh1 < MAX_H1)
                s->h1s[s->nh1] = heading_text(n);
            s->nh1++;
        }
        if (c0 == 't' && html_name_eq(name, "title") && !s->html_title &&
            (!n->parent || !html_name_eq((const char *)n->parent->name, "svg"))) {
            take_text(&s->html_title, html_node_text_str(n));
        } else if (c0 == 'm' && html_name_eq(name, "meta")) {
            char *key = prop(n, "property");
            if (!key)
                key = prop(n, "name");
            if (!key)
                key = prop(n, "itemprop");
            char *content = key ? prop(n, "content") : NULL;
            if (key && content) {
                if (html_name_eq(key, "og:title"))
                    take_text(&s->og_title, nw_strdup(content));
                else if (html_name_eq(key, "twitter:title"))
                    take_text(&s->tw_title, nw_strdup(content));
                else if (html_name_eq(key, "og:site_name") || html_name_eq(key, "application-name"))
                    take_text(&m->site_name, nw_strdup(content));
                else if (html_name_eq(key, "description") || html_name_eq(key, "og:description") ||
                         html_name_eq(key, "twitter:description") || html_name_eq(key, "dc.description"))
                    take_text(&m->description, nw_strdup(content));
                else if (html_name_eq(key, "author") || html_name_eq(key, "dc.creator") ||
                         html_name_eq(key, "dcterms.creator") || html_name_eq(key, "sailthru.author") ||
                         html_name_eq(key, "parsely-author") || html_name_eq(key, "cxenseparse:author") ||
                         html_name_eq(key, "byl"))
                    take_author(&m->author, nw_strdup(content));
                else if (html_name_eq(key, "citation_author") && s->ncitation < MAX_CITATION_AUTHORS)
                    citation_author(&s->citation, content, &s->ncitation);
                else if ((html_name_eq(key, "article:author") || html_name_eq(key, "og:author")) &&
                         !nw_url_is_http(content))
                    take_author(&m->author, nw_strdup(content));
                else if (html_prefix_ci(key, "twitter:label", 13) && atoi(key + 13) > 0 &&
                         (!strcasecmp(content, "Written by") || !strcasecmp(content, "Author") ||
                          !strcasecmp(content, "By")))
                    s->tw_written = atoi(key + 13); /* the name is in twitter:dataN */
                else if (html_prefix_ci(key, "twitter:data", 12) && s->tw_written && atoi(key + 12) == s->tw_written)
                    take_author(&s->tw_author, nw_strdup(content));
                else if (publication_key(key))
                    take_meta_date(&s->meta_date, content);
                else if ((html_name_eq(key, "article:modified_time") || html_name_eq(key, "dateModified") ||
                          html_name_eq(key, "og:updated_time")) &&
                         m->updated == NW_NO_TIME)
                    m->updated = date_plausible(date_parse(content));
                else if (html_name_eq(key, "og:type"))
                    s->og_article |= html_prefix_ci(content, "article", 7);
                else if (html_name_eq(key, "article:content_tier"))
                    s->tier = html_name_eq(content, "free")      ? "free"
                              : html_name_eq(content, "metered") ? "metered"
                              : html_name_eq(content, "locked")  ? "paywalled"
                                                                 : s->tier;
                else if (html_name_eq(key, "isAccessibleForFree"))
                    s->md_free = free_join(s->md_free, boolean_word(content));
                else if (html_name_eq(key, "og:url"))
                    take(&s->og_url, nw_strdup(content));
                else if (html_name_eq(key, "og:locale"))
                    take(&s->og_locale, nw_strdup(content));
                else if (html_name_eq(key, "content-language") || html_name_eq(key, "language") ||
                         html_name_eq(key, "dc.language"))
                    take(&s->og_locale, nw_strdup(content));
            }
            char *he = prop(n, "http-equiv");
            if (he && html_name_eq(he, "content-language") && (content = content ? content : prop(n, "content")))
                take(&s->og_locale, nw_strdup(content));
            free(he);
            free(key);
            free(content);
        } else if (c0 == 'l' && html_name_eq(name, "link")) {
            char *rel = prop(n, "rel");
            if (rel && html_name_eq(rel, "canonical"))
                take(&m->canonical, prop(n, "href"));
            free(rel);
        } else if (c0 == 's' && html_name_eq(name, "script")) {
            char *type = prop(n, "type");
            if (type && html_name_eq(type, "application/ld+json")) {
                xmlChar *c = xmlNodeGetContent(n);
                if (c) {
                    json_error_t jerr;
                    json_t *j = json_loads((const char *)c, 0, &jerr);
                    if (j) {
                        s->ld.root = j;
                        ld_visit(j, &s->ld, 0);
                        s->ld.root = NULL;
                    }
                    json_decref(j);
                    xmlFree(c);
                }
            }
            free(type);
            continue;
        } else if (c0 == 't' && html_name_eq(name, "time") && !s->time_dt && !in_furniture) {
            bool modified = says_modified(n);
            if (modified || time_says_updated(n)) {
                /* "last modified on <time>", or a <time> that reads
                 * "Updated November 11, 2022": the page's update, not its
                 * publication (the latter the page's date when no other is
                 * given) */
                if (!s->time_updated)
                    s->time_updated = prop(n, "datetime");
                if (!s->shown_update && !modified)
                    s->shown_update = prop(n, "datetime");
            } else {
                take(&s->time_dt, prop(n, "datetime"));
                /* a <time> without datetime shows its date to readers */
                if (!s->time_dt && !s->visible_date) {
                    char *t = html_node_text_str(n);
                    if (strlen(t) <= 200 && date_find_in_text(t) != NW_NO_TIME)
                        s->visible_date = t;
                    else
                        free(t);
                }
            }
        } else if (c0 == 'a' && html_name_eq(name, "a") && !m->author) {
            const char *rel = html_attr_view(n, "rel");
            bool near = headline_seen(s) && s->words_after_h1 < NEAR_DATE_WORDS;
            if (rel && html_name_eq(rel, "author") && !in_furniture)
                take_author(&m->author, html_node_text_str(n));
            else if (rel && html_name_eq(rel, "author") && near && !s->aside_byline)
                aside_author(n, s);
            if ((!s->link_byline || s->link_names < 6) && (!in_furniture || near))
                author_link(n, s);
        } else if (!m->author && !in_furniture && n->properties) {
            const char *ip = html_attr_view(n, "itemprop");
            if (ip && html_name_eq(ip, "author") && !in_furniture) {
                /* an item of its own (a Person): its name property, not
                 * all its text (a forum's poster card: "B boobaloobie
                 * Full Member Joined Jun 29, 2016 Messages 11") */
                char *name = xmlHasProp(n, (const xmlChar *)"itemscope") ? item_name(n->children, 0) : NULL;
                take_author(&m->author, name ? name : html_node_text_str(n));
            }
        }
        struct names nm; /* not zeroed: read on first use */
        nm.n = n;
        nm.read = false;
        nm.masked = false;
        if (!s->shown_byline && !in_furniture && n->properties && bylineish(&nm) && !credited_for_other_work(n)) {
            /* a byline shown to readers: its names, when it has any */
            char *t = html_collapse_ws(html_node_text_str(n));
            if (strlen(t) <= 120 && (names_someone(t, false) || credits_agency(t) || names_handle(t))) {
                /* a person, or a wire agency ("By The Associated Press") */
                s->shown_byline = t;
            } else {
                /* an author box: the name first, then the biography */
                free(t);
                const xmlChar *f = first_text(n->children, 0);
                t = f ? html_collapse_ws(nw_strdup((const char *)f)) : NULL;
                if (t && strlen(t) <= 60 && names_someone(t, true))
                    s->shown_byline = t;
                else
                    free(t);
            }
        }
        if (!s->visible_date && !in_furniture && n->properties && dateish(&nm)) {
            /* a date written for readers, in a byline or date line */
            char *t = html_node_text_str(n);
            if (strlen(t) <= 200 && date_find_in_text(t) != NW_NO_TIME && !in_other_card(n))
                shown_or_update(&s->visible_date, s, t);
            else
                free(t);
        } else if (!s->aside_date && in_furniture && headline_seen(s) && s->words_after_h1 < NEAR_DATE_WORDS &&
                   n->properties && dateish(&nm)) {
            /* a column beside the headline that holds the article's date
             * ("<aside><p class=date>May 25, 2023</p>"), not its update:
             * the last resort */
            char *t = html_node_text_str(n);
            bool ok = strlen(t) <= 60 && !says_updated(t) && date_find_in_text(t) != NW_NO_TIME;
            if (ok && n->parent) { /* "Updated on" beside it */
                char *around = html_node_text_str(n->parent);
                ok = strlen(around) > 120 || !says_updated(around);
                free(around);
            }
            if (ok)
                s->aside_date = t;
            else
                free(t);
        }
        /* the post's facts in furniture (a footer's or an aside's "meta"
         * box after the text): a <time> named a date's beside a link to
         * the author's page; one such only */
        if (in_furniture && c0 == 't' && html_name_eq(name, "time") && !s->meta_time_many && n->properties &&
            dateish(&nm) && !says_modified(n) && !in_other_card(n) && beside_author_link(n)) {
            if (s->meta_time) {
                s->meta_time_many = true;
            } else {
                s->meta_time = prop(n, "datetime");
                if (!s->meta_time)
                    s->meta_time = html_node_text_str(n);
            }
        }
        if (n->children)
            walk_head(n->children, m, s, depth + 1, in_furniture || furniture(&nm));
    }
}

/* The value of the first "name" property among n and its following
 * siblings and their descendants, those of a nested item aside (its
 * names are its own): a <meta>'s content, else the element's text. A new
 * string, or NULL when there is none or it is blank. */
static char *item_name(xmlNodePtr n, int depth)
{
    for (; n && depth < 32; n = n->next) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        const char *ip = n->properties ? html_attr_view(n, "itemprop") : NULL;
        if (ip && html_name_eq(ip, "name")) {
            const char *c = html_name_eq((const char *)n->name, "meta") ? html_attr_view(n, "content") : NULL;
            char *t = html_collapse_ws(c ? nw_strdup(c) : html_node_text_str(n));
            if (*t)
                return t;
            free(t);
        }
        if (n->properties && xmlHasProp(n, (const xmlChar *)"itemscope"))
            continue;
        char *t = item_name(n->children, depth + 1);
        if (t)
            return t;
    }
    return NULL;
}

/* Separators between a title and its site or section; the last three,
 * set without blanks (a fullwidth bar, an underscore, as Chinese and
 * Japanese sites write them) or a colon between blanks (as Korean and
 * French sites write it, and French headlines too), only around the
 * site's own name. */
static const char *const title_seps[] = {" | ",
                                         " - ",
                                         " \xE2\x80\x93 ",
                                         " \xE2\x80\x94 ",
                                         " :: ",
                                         " \xC2\xB7 ",
                                         " \xE2\x80\xA2 ",
                                         " \xC2\xBB ",
                                         " \xE2\x80\xBA ",
                                         " // ",
                                         " \xC2\xAB ",
                                         " ~ ",
                                         " > ",
                                         "\xEF\xBD\x9C",
                                         "_",
                                         " : "};

#define SPACED_SEPS 13

/* Whether a title separator is a breadcrumb's arrow ("Daily > News >
 * Storm", "»", "›"), which says that the parts between are sections. */
static bool breadcrumb_arrow(const char *sep)
{
    return html_eq(sep, " > ") || !strcmp(sep, " \xC2\xBB ") || !strcmp(sep, " \xE2\x80\xBA ");
}

/* The first separator with blanks around it (title_seps) at or after p:
 * where it starts, NULL when there is none; its length in *sl. */
static const char *first_spaced_sep(const char *p, size_t *sl)
{
    const char *cut = NULL;
    *sl = 0;
    for (size_t k = 0; k < SPACED_SEPS; k++) {
        const char *q = strstr(p, title_seps[k]);
        if (q && (!cut || q < cut)) {
            cut = q;
            *sl = strlen(title_seps[k]);
        }
    }
    return cut;
}

/* Whether a text stands for the headline on a page without <h1>: three
 * words or more (forty at most) that one of the title's parts between its
 * separators (those with blanks around them) starts, or that start with
 * such a part of three words or more (case aside): "Talks resume as
 * ceasefire holds in the mountains" under the title "CNN.com - Talks
 * resume as ceasefire holds - October 9, 2000". With headline, *headline
 * is the title's part, as a new string, where the text goes on after it
 * with a part of its own, else NULL. */
static bool headline_of_title(const char *t, const char *title, char **headline)
{
    char *tt = html_collapse_ws(nw_strdup(t));
    size_t tw = html_word_count(tt), tl = strlen(tt);
    bool ok = false;
    if (headline)
        *headline = NULL;
    for (const char *p = title; tw >= 3 && tw <= 40 && p && *p && !ok;) {
        size_t sl;
        const char *cut = first_spaced_sep(p, &sl);
        char *part = html_collapse_ws(nw_strndup(p, cut ? (size_t)(cut - p) : strlen(p)));
        size_t pl = strlen(part);
        if (html_word_count(part) >= 3)
            ok = (pl <= tl && html_prefix_ci(tt, part, pl) && (!tt[pl] || tt[pl] == ' ')) ||
                 (tl <= pl && html_prefix_ci(part, tt, tl) && (!part[tl] || part[tl] == ' '));
        /* the text goes on after the part with a part of its own (a
         * date's, "Porting a parser / Dec 2025"): the part is the headline */
        if (ok && headline && pl < tl) {
            size_t rl;
            const char *rest = tt + pl, *sep = first_spaced_sep(rest, &rl);
            if (sep == rest || !strncmp(rest, " / ", 3))
                *headline = nw_strdup(part);
        }
        free(part);
        p = cut ? cut + sl : NULL;
    }
    free(tt);
    return ok;
}

/* Whether the part of a title after a separator is a section label that
 * the site's name followed or preceded ("Storm closes bridge » Local »
 * Daily", "Daily > News > Storm closes bridge"): a short part beside a
 * long one. */
static bool section_label(const char *label, size_t label_len, const char *rest, size_t rest_len, bool spaced)
{
    if (!spaced) /* no words to count: half the length at most */
        return label_len * 2 <= rest_len;
    char *l = nw_strndup(label, label_len), *r = nw_strndup(rest, rest_len);
    bool yes = html_word_count(l) <= 3 && html_word_count(r) >= 4;
    free(l);
    free(r);
    return yes;
}

/* Titles longer than this are not split into parts: each part is compared
 * with the site's name and the other title sources, and a "title" of
 * thousands of parts is none. */
#define TITLE_PARTS_MAX 2048

/* meta_strip_site, and for a dated story (news) the section before the
 * site's name and the site's name before a colon too. */
static char *strip_site(const char *title, const char *site_name, bool story)
{
    if (strlen(title) > TITLE_PARTS_MAX)
        return nw_strdup(title);
    /* the site's name before a colon ("SFGate: Headline") */
    size_t snl = site_name ? strlen(site_name) : 0;
    if (story && snl && html_prefix_ci(title, site_name, snl) && title[snl] == ':' && title[snl + 1] == ' ' &&
        html_word_count(title + snl + 2) >= 2)
        return nw_strdup(title + snl + 2);
    for (size_t i = 0; i < sizeof title_seps / sizeof *title_seps; i++) {
        const char *sep = title_seps[i];
        size_t sl = strlen(sep);
        bool spaced = i < SPACED_SEPS;
        /* only a breadcrumb's separators, and the underscores of Chinese
         * portals ("标题_频道_网站"), say that the parts between are
         * sections ("Daily > News > Storm"); between bars they are as
         * often the page's own tagline ("Cloud HR Software | HRMS Solution") */
        bool breadcrumb = !spaced || breadcrumb_arrow(sep);
        /* last separator: "Headline | Site", and the one before it */
        const char *last = NULL, *prev = NULL;
        for (const char *p = strstr(title, sep); p; p = strstr(p + 1, sep)) {
            prev = last;
            last = p;
        }
        if (last) {
            const char *tail = last + sl;
            size_t head_len = (size_t)(last - title);
            bool names_site = site_name && (!strcasecmp(tail, site_name) || strcasestr(site_name, tail) ||
                                            strcasestr(tail, site_name));
            size_t tail_words = html_word_count(tail), head_words = html_word_count(title) - tail_words;
            if (names_site || (spaced && tail_words <= 4 && head_words >= 4)) {
                /* and a section before the site's name ("Headline - Dépêches
                 * Monde - Le Figaro"): a short label after a long headline */
                if (names_site && (breadcrumb || story) && prev && prev > title &&
                    section_label(prev + sl, (size_t)(last - prev - sl), title, (size_t)(prev - title), spaced))
                    head_len = (size_t)(prev - title);
                return nw_strndup(title, head_len);
            }
        }
        /* first separator: "Site | Headline", "Site > Section > Headline"
         * (a colon after the site's name, "Birdbuddy : Shop", says what
         * the page is of the site, see above for a story's) */
        const char *first = strstr(title, sep);
        if (first && site_name && strcmp(sep, " : ")) {
            size_t hl = (size_t)(first - title);
            if (hl == strlen(site_name) && html_prefix_ci(title, site_name, hl)) {
                const char *rest = first + sl, *next = strstr(rest, sep);
                if (breadcrumb && next && next > rest &&
                    section_label(rest, (size_t)(next - rest), next + sl, strlen(next + sl), spaced))
                    rest = next + sl;
                return nw_strdup(rest);
            }
        }
    }
    return nw_strdup(title);
}

char *meta_strip_site(const char *title, const char *site_name)
{
    return strip_site(title, site_name, false);
}

static bool same_words(const char *a, size_t n, const char *b);
static char *trimmed_part(const char *s, size_t n);

/* The last place sep is found in s, or NULL. */
static const char *last_of(const char *s, const char *sep)
{
    const char *last = NULL;
    for (const char *p = strstr(s, sep); p; p = strstr(p + 1, sep))
        last = p;
    return last;
}

/* Whether a part of at most 4 words spells a label of the host, its
 * letters and digits only, case aside: "SoundStage! Xperience" for
 * www.soundstagexperience.com; or begins with one of 5 letters or more,
 * the rest words of its own, every word capitalised as in a name: "UC
 * Davis Children's Hospital" for health.ucdavis.edu, not "Apple earnings
 * beat estimates" for apple.com. The labels "www" and the last (a TLD)
 * spell no site. */
static bool spells_host_label(const char *part, size_t n, const char *host, bool whole)
{
    char sq[64];
    size_t k = 0, words = 0;
    size_t ends[64]; /* ends[j]: how many letters and digits end a word there */
    size_t nends = 0;
    bool named = true; /* every word capitalised, as names are */
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)part[i];
        if (c >= 0x80)
            return false; /* a name in other letters: not compared */
        if (isalnum(c)) {
            if (k == sizeof sq - 1)
                return false;
            bool starts = k == 0 || part[i - 1] == ' ';
            words += starts;
            named &= !starts || !islower(c);
            sq[k++] = (char)tolower(c);
            if ((i + 1 == n || !isalnum((unsigned char)part[i + 1])) && nends < 64)
                ends[nends++] = k;
        }
    }
    if (k < 4 || words > 4)
        return false;
    const char *tld = strrchr(host, '.');
    for (const char *l = host; l && l < tld;) {
        const char *dot = strchr(l, '.');
        size_t ll = (size_t)(dot - l);
        bool www = ll == 3 && html_prefix_ci(l, "www", 3);
        bool at_end = false;
        for (size_t j = 0; j < nends && !at_end; j++)
            at_end = ends[j] == ll;
        if (!www && ll >= 4 && html_prefix_ci(l, sq, ll) && (ll == k || (!whole && ll >= 5 && at_end && named)))
            return true;
        l = dot + 1;
    }
    return false;
}

/* Whether part (n bytes) names the site: its name, case and blanks aside;
 * with `host`, site is a host name and part a domain it ends with
 * ("Newegg.com" for promotions.newegg.com). */
static bool names_site(const char *part, size_t n, const char *site, bool host)
{
    while (n && part[0] == ' ')
        part++, n--;
    while (n && part[n - 1] == ' ')
        n--;
    if (!host)
        return n && same_words(part, n, site);
    size_t sl = strlen(site);
    if (!n || n > sl || !memchr(part, '.', n) || memchr(part, ' ', n))
        return false;
    return html_prefix_ci(site + sl - n, part, n) && (n == sl || site[sl - n - 1] == '.');
}

/* Whether a title's part names the site whose host is given: a domain it
 * ends with, or its name spelled (spells_host_label; with whole, the
 * label spelled whole, "SFGate" and not "Docker Hardened Images" for
 * www.docker.com). */
static bool affix_names_host(const char *part, size_t n, const char *host, bool whole)
{
    while (n && part[0] == ' ')
        part++, n--;
    while (n && part[n - 1] == ' ')
        n--;
    return names_site(part, n, host, true) || (n && spells_host_label(part, n, host, whole));
}

static bool has_capital(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (isupper((unsigned char)s[i]))
            return true;
    return false;
}

/* The last sep in s that ends by end, after s's start (a part before
 * it), or NULL. */
static const char *sep_before(const char *s, const char *end, const char *sep)
{
    const char *found = NULL;
    size_t sl = strlen(sep);
    for (const char *p = strstr(s, sep); p && p + sl <= end; p = strstr(p + 1, sep))
        found = p > s ? p : found;
    return found;
}

/* A title without an affix that names the site (see names_site), as a new
 * string: after its last separator, or, for a site's name, before its
 * first ("Instantly.ai - Sales Engagement" is a brand's own title). */
static char *strip_named_affix(const char *title, const char *site, bool host, bool story)
{
    size_t tl = strlen(title);
    if (!site || !*site || tl > TITLE_PARTS_MAX)
        return nw_strdup(title);
    for (size_t i = 0; i < sizeof title_seps / sizeof *title_seps; i++) {
        const char *sep = title_seps[i], *last = last_of(title, sep);
        size_t sl = strlen(sep);
        if (last && last > title &&
            (host ? affix_names_host(last + sl, tl - (size_t)(last + sl - title), site, false)
                  : names_site(last + sl, tl - (size_t)(last + sl - title), site, false))) {
            /* on a story's page, by the address, and a section before it
             * ("Headline | News | Coast Times" on coasttimes.com), as
             * strip_site takes one before a declared name */
            size_t head = (size_t)(last - title);
            const char *prev = host && story && i < SPACED_SEPS ? sep_before(title, last, sep) : NULL;
            if (prev && section_label(prev + sl, (size_t)(last - prev - sl), title, (size_t)(prev - title), true))
                head = (size_t)(prev - title);
            return trimmed_part(title, head);
        }
        /* the site's name, then its tagline, after a story's headline of
         * four words or more ("Headline | Coast Times | Local news, sport
         * and weather") */
        const char *prev = host && story && last && i < SPACED_SEPS ? sep_before(title, last, sep) : NULL;
        if (prev && affix_names_host(prev + sl, (size_t)(last - prev - sl), site, false) &&
            html_words_above(title, (size_t)(prev - title), 3))
            return trimmed_part(title, (size_t)(prev - title));
        /* before the first: by the address, on a story's page only ("Brand
         * | what it does" is a home page's own title), before a headline
         * of four words or more ("SoundStage! Xperience | ..." on
         * soundstagexperience.com) */
        const char *first = strstr(title, sep);
        if (first && first > title && first[sl] &&
            (host ? story && html_word_count(first + sl) >= 4 &&
                        affix_names_host(title, (size_t)(first - title), site, false)
                  : names_site(title, (size_t)(first - title), site, false))) {
            /* and a breadcrumb's section after it, as strip_site takes
             * it ("Daily Planet » News » Headline") */
            const char *rest = first + sl, *next = strstr(rest, sep);
            if (host && breadcrumb_arrow(sep) && next && next > rest &&
                section_label(rest, (size_t)(next - rest), next + sl, strlen(next + sl), true))
                rest = next + sl;
            return trimmed_part(rest, tl - (size_t)(rest - title));
        }
    }
    /* the host's name before a colon, on a story's page, before a
     * headline of four words or more ("SFGate: Storm closes the bridge"
     * on www.sfgate.com; "Brexit: what next" names no host) */
    const char *colon = host && story ? strstr(title, ": ") : NULL;
    if (colon && colon > title && html_word_count(colon + 2) >= 4 &&
        affix_names_host(title, (size_t)(colon - title), site, true))
        return trimmed_part(colon + 2, tl - (size_t)(colon + 2 - title));
    /* a host name, written as one, before the headline with a blank only
     * ("davidbau.com Vibe Coding"; "Booking.com Launches ..." is a
     * company's name); before a separator it is left with the rules above
     * ("instantly.ai - Sales Engagement" is a brand's own title) */
    const char *blank = host ? strchr(title, ' ') : NULL;
    size_t sl;
    if (blank && first_spaced_sep(blank, &sl) != blank && names_site(title, (size_t)(blank - title), site, true) &&
        html_word_count(blank + 1) >= 2 && !has_capital(title, (size_t)(blank - title)))
        return trimmed_part(blank + 1, tl - (size_t)(blank + 1 - title));
    return nw_strdup(title);
}

int64_t meta_url_date(const char *url)
{
    if (!url)
        return NW_NO_TIME;
    for (const char *p = url; *p; p++) {
        if (*p != '/' || !isdigit((unsigned char)p[1]))
            continue;
        int y = 0, mo = 0, d = 0;
        char s1, s2;
        int used = 0;
        if (sscanf(p + 1, "%4d%c%2d%c%2d%n", &y, &s1, &mo, &s2, &d, &used) == 5 && used == 10 && s1 == s2 &&
            (s1 == '/' || s1 == '-') && y >= 1995 && y <= 2100 && mo >= 1 && mo <= 12 && d >= 1 && d <= 31 &&
            !isdigit((unsigned char)p[11]))
            return nw_day(nw_timegm(y, mo, d, 0, 0, 0));
        /* the year, then a section or two in letters, then the month and
         * the day: "/2000/WORLD/europe/10/09/", as CNN and others wrote
         * their addresses for years */
        if (sscanf(p + 1, "%4d%n", &y, &used) == 1 && used == 4 && p[5] == '/' && y >= 1995 && y <= 2100) {
            const char *q = p + 5;
            for (int sections = 0; sections < 2 && q[1]; sections++) {
                size_t sl = strcspn(q + 1, "/");
                bool letters = sl > 0 && q[1 + sl] == '/';
                for (size_t i = 0; letters && i < sl; i++)
                    letters = isalpha((unsigned char)q[1 + i]) || q[1 + i] == '-' || q[1 + i] == '_';
                if (!letters)
                    break;
                q += 1 + sl;
                if (sscanf(q + 1, "%2d/%2d%n", &mo, &d, &used) == 2 && used == 5 && isdigit((unsigned char)q[1]) &&
                    isdigit((unsigned char)q[2]) && isdigit((unsigned char)q[4]) && (q[6] == '/' || !q[6]) && mo >= 1 &&
                    mo <= 12 && d >= 1 && d <= 31)
                    return nw_day(nw_timegm(y, mo, d, 0, 0, 0));
            }
        }
        /* the month by its name: "/2023/october/03/" */
        size_t ml = 0;
        if (sscanf(p + 1, "%4d%n", &y, &used) == 1 && used == 4 && p[5] == '/' && y >= 1995 && y <= 2100 &&
            p[6 + (ml = strcspn(p + 6, "/"))] == '/' && (mo = date_month_name(p + 6, ml)) &&
            sscanf(p + 7 + ml, "%2d%n", &d, &used) == 1 && used == 2 && d >= 1 && d <= 31 &&
            !isalnum((unsigned char)p[9 + ml]))
            return nw_day(nw_timegm(y, mo, d, 0, 0, 0));
    }
    return NW_NO_TIME;
}

/* The length of a word "and" or "&" at s (n bytes) that a blank or the
 * end follows, or 0. */
static size_t and_word(const char *s, size_t n)
{
    size_t k = n >= 3 && html_prefix_ci(s, "and", 3) ? 3 : n >= 1 && s[0] == '&' ? 1 : 0;
    return k && (k == n || s[k] == ' ') ? k : 0;
}

/* Whether a and b (n bytes of a) are the same words: case, blanks and
 * no-break spaces aside, and "&" for "and". */
static bool same_words(const char *a, size_t n, const char *b)
{
    if (!b)
        return false;
    /* b is read as far as it matches, never measured: a title's parts are
     * each compared with it */
    size_t i = 0, j = 0;
    for (;;) {
        while (i < n && (a[i] == ' ' || (i + 1 < n && (unsigned char)a[i] == 0xC2 && (unsigned char)a[i + 1] == 0xA0)))
            i += a[i] == ' ' ? 1 : 2;
        while (b[j] == ' ' || ((unsigned char)b[j] == 0xC2 && (unsigned char)b[j + 1] == 0xA0))
            j += b[j] == ' ' ? 1 : 2;
        if (i == n || !b[j])
            return i == n && !b[j] && n > 0;
        /* "&" for "and" ("Restore & Refinish", "Restore and Refinish") */
        size_t ai = !i || a[i - 1] == ' ' ? and_word(a + i, n - i) : 0;
        size_t bj = !j || b[j - 1] == ' ' ? and_word(b + j, strnlen(b + j, 4)) : 0;
        if (ai && bj) {
            i += ai, j += bj;
            continue;
        }
        if (tolower((unsigned char)a[i]) != tolower((unsigned char)b[j]))
            return false;
        i++, j++;
    }
}

/* Whether a part of a title that another source agrees with is the title
 * rather than the site: not the site's name; and when only the page's
 * <h1> agrees with the title's end, where sites put their name (and some
 * put it in their <h1> too), that end is as long as the start. */
static bool agreed_part(const char *part, size_t n, const char *other, size_t on, bool h1_tail, const char *site)
{
    if (site && same_words(part, n, site))
        return false;
    if (!h1_tail)
        return true;
    char *o = nw_strndup(other, on), *pt = nw_strndup(part, n);
    bool ok = html_word_count(pt) >= html_word_count(o);
    free(o);
    free(pt);
    return ok;
}

/* n bytes of s without blanks or no-break spaces at either end, blanks
 * collapsed, as a new string. */
static char *trimmed_part(const char *s, size_t n)
{
    for (;;) {
        if (n && s[0] == ' ')
            s++, n--;
        else if (n >= 2 && (unsigned char)s[0] == 0xC2 && (unsigned char)s[1] == 0xA0)
            s += 2, n -= 2;
        else if (n && s[n - 1] == ' ')
            n--;
        else if (n >= 2 && (unsigned char)s[n - 2] == 0xC2 && (unsigned char)s[n - 1] == 0xA0)
            n -= 2;
        else
            break;
    }
    return html_collapse_ws(nw_strndup(s, n));
}

#define H1_AGREES 0.5

/* Whether p is at a curly single quote, an apostrophe: "Beginner’s" is
 * the words of "Beginner's". */
static bool curly_quote(const unsigned char *p)
{
    return p[0] == 0xE2 && p[1] == 0x80 && (p[2] == 0x98 || p[2] == 0x99);
}

/* Whether p is at a no-break space, which parts words as a blank does
 * ("Player&nbsp;Squad"). */
static bool nbsp_at(const unsigned char *p)
{
    return p[0] == 0xC2 && p[1] == 0xA0;
}

/* Up to 128 words of s (lower case, runs of letters and digits, the first
 * 31 bytes of each) into w; returns how many. */
static size_t title_words(const char *s, char w[128][32])
{
    size_t n = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p && n < 128;) {
        while (*p && ((!isalnum(*p) && *p < 0x80) || curly_quote(p) || nbsp_at(p)))
            p += curly_quote(p) ? 3 : nbsp_at(p) ? 2 : 1;
        size_t l = 0;
        while (*p && (isalnum(*p) || *p >= 0x80) && !curly_quote(p) && !nbsp_at(p)) {
            if (l + 1 < sizeof w[n])
                w[n][l++] = (char)tolower(*p);
            p++;
        }
        w[n][l] = 0;
        n += l > 0;
    }
    return n;
}

/* Share of the first 64 of a's words found among b's. */
static double words_found(char a[][32], size_t na, char b[][32], size_t nb)
{
    if (na > 64)
        na = 64;
    size_t hit = 0;
    for (size_t i = 0; i < na; i++)
        for (size_t j = 0; j < nb; j++)
            if (!strcmp(a[i], b[j])) {
                hit++;
                break;
            }
    return na ? (double)hit / (double)na : 0;
}

/* Whether a and b are versions of one title: each holds H1_AGREES of the
 * other's words or more. */
static bool titles_agree(const char *a, const char *b)
{
    char wa[128][32], wb[128][32];
    size_t na = title_words(a, wa), nb = title_words(b, wb);
    return fmin(words_found(wa, na, wb, nb), words_found(wb, nb, wa, na)) >= H1_AGREES;
}

/* Whether b holds H1_AGREES of a's words or more (a part of it, a version
 * of it). */
static bool title_within(const char *a, const char *b)
{
    char wa[128][32], wb[128][32];
    size_t na = title_words(a, wa), nb = title_words(b, wb);
    return words_found(wa, na, wb, nb) >= H1_AGREES;
}

/* The part of a title another source agreed with, in the words of the
 * page's <h1> when that was the source and its words differ beyond their
 * case ("Restore & Refinish" in the title, "Restore and Refinish" shown). */
static char *agreed_wording(char *part, const char *other, bool h1)
{
    if (!h1 || !strcasecmp(part, other))
        return part;
    free(part);
    return nw_strdup(other);
}

/* A title whose part on one side of a separator is what another source
 * says the title is ("Portage - Gentoo wiki" with <h1>Portage</h1>): that
 * part, as a new string; NULL when no part is. others[0] is the <h1>. */
static char *title_by_agreement(const char *t, const char *const *others, size_t nothers, const char *site)
{
    static const char *const seps[] = {"|", " - ", "\xE2\x80\x93", "\xE2\x80\x94", "::", "\xC2\xB7", "\xC2\xBB", "//", " : ", ": "};
    size_t tl = strlen(t);
    if (tl > TITLE_PARTS_MAX)
        return NULL;
    bool other[8];
    for (size_t o = 0; o < nothers && o < 8; o++)
        other[o] = others[o] && strcmp(others[o], t);
    for (size_t k = 0; k < sizeof seps / sizeof *seps; k++) {
        size_t sl = strlen(seps[k]);
        for (const char *p = strstr(t, seps[k]); p; p = strstr(p + 1, seps[k])) {
            const char *tail = p + sl;
            size_t hn = (size_t)(p - t), tn = tl - (size_t)(tail - t);
            for (size_t o = 0; o < nothers && o < 8; o++) {
                if (!other[o])
                    continue;
                /* "Site: Headline" is a prefix; "Topic: what about it" is
                 * one title */
                bool colon = html_eq(seps[k], ": ");
                if (!colon && same_words(t, hn, others[o]) && agreed_part(t, hn, tail, tn, false, site))
                    return agreed_wording(trimmed_part(t, hn), others[o], o == 0);
                if (same_words(tail, tn, others[o]) && agreed_part(tail, tn, t, hn, o == 0, site))
                    return agreed_wording(trimmed_part(tail, tn), others[o], o == 0);
            }
        }
    }
    return NULL;
}

/* A title without the part after its last separator when another title
 * source ends with the same short part after another headline: two
 * titles that share an end are a template's ("How meditation rewires brains |
 * Opinion" beside "The full impact of meditation | Opinion"), and the
 * shared end is the section or site. title is freed when it is replaced. */
static char *drop_shared_end(char *title, const char *const *others, size_t nothers)
{
    size_t tl = strlen(title);
    if (tl > TITLE_PARTS_MAX)
        return title;
    for (size_t i = 0; i < SPACED_SEPS; i++) {
        const char *sep = title_seps[i], *last = last_of(title, sep);
        size_t sl = strlen(sep);
        if (!last || last == title || !last[sl])
            continue;
        const char *end = last + sl;
        size_t hn = (size_t)(last - title);
        for (size_t o = 0; o < nothers; o++) {
            const char *ot = others[o];
            if (!ot || strlen(ot) > TITLE_PARTS_MAX)
                continue;
            const char *olast = last_of(ot, sep);
            if (!olast || olast == ot || !same_words(olast + sl, strlen(olast + sl), end))
                continue;
            /* two headlines, not versions of one, and an end shorter
             * than them ("3.1 Git Branching - Branches in a Nutshell"
             * beside "Git - Branches in a Nutshell" ends on its headline) */
            char *head = trimmed_part(title, hn), *ohead = trimmed_part(ot, (size_t)(olast - ot));
            size_t hw = html_word_count(head), ew = html_word_count(end);
            bool two = !titles_agree(head, ohead) && ew <= 3 && hw > ew && html_word_count(ohead) > ew;
            free(ohead);
            if (two) {
                free(title);
                return head;
            }
            free(head);
        }
    }
    return title;
}

/* Whether s holds a numeric date whose day and month could be either
 * ("03-09-2026": 3 September or March 9). */
static bool day_month_ambiguous(const char *s)
{
    for (const char *p = s; *p; p++) {
        int a, b, y, used = 0;
        char s1, s2;
        if ((p == s || !isdigit((unsigned char)p[-1])) && isdigit((unsigned char)*p) &&
            sscanf(p, "%2d%c%2d%c%4d%n", &a, &s1, &b, &s2, &y, &used) == 5 && s1 == s2 &&
            (s1 == '-' || s1 == '/' || s1 == '.') && a >= 1 && a <= 12 && b >= 1 && b <= 12 && a != b)
            return true;
    }
    return false;
}

/* Whether a language tag is English of the United States or of no
 * country ("en", "en-US", "en_us"). */
static bool us_english_tag(const char *t)
{
    if (!t || strncasecmp(t, "en", 2) || isalpha((unsigned char)t[2]))
        return false;
    return !t[2] || ((t[2] == '-' || t[2] == '_') && !strcasecmp(t + 3, "us"));
}

/* A date shown in text t, numeric dates with slashes month first when
 * us; read the other way when only that reading is url_day, the day in
 * the page's address. */
static int64_t shown_date(const char *t, bool us, int64_t url_day)
{
    int64_t d = date_find_in_text_order(t, us);
    if (d != NW_NO_TIME && url_day != NW_NO_TIME && nw_day_of(d) != url_day) {
        int64_t o = date_find_in_text_order(t, !us);
        if (o != NW_NO_TIME && nw_day_of(o) == url_day)
            return o;
    }
    return d;
}

/* A heading's label before its headline ("Blog: ...", "Title:..."), set
 * apart in the page's <h1> and absent from the title the page declares,
 * which holds the rest: the rest, as a new string; NULL when the heading
 * has no such label. */
static char *without_label(const char *h1, const char *declared)
{
    const char *colon = strchr(h1, ':');
    if (!colon || colon == h1 || colon - h1 > 24 || colon[-1] == ' ' || isdigit((unsigned char)h1[0]))
        return NULL;
    const char *rest = colon + 1;
    while (*rest == ' ' || *rest == '\t')
        rest++;
    if (html_words_above(h1, (size_t)(colon - h1), 2) || html_word_count(rest) < 3)
        return NULL;
    /* the declared title holds the rest and not the label */
    char label[32];
    snprintf(label, sizeof label, "%.*s:", (int)(colon - h1), h1);
    if (strcasestr(declared, label) || !strcasestr(declared, rest))
        return NULL;
    return nw_strdup(rest);
}

/* Whether a heading is the site's name (a logo's <h1>): its declared
 * name, or the host name of its address ("davidbau.com"). */
static bool heading_names_site(const char *h, const char *site_name, const char *host)
{
    size_t n = strlen(h);
    return (site_name && *site_name && names_site(h, n, site_name, false)) || (host && names_site(h, n, host, true));
}

/* Whether a text's letters are all capitals, three of them at least
 * (a heading set in capitals, "BEST DRIP COFFEE MAKER"). */
static bool all_capitals(const char *s)
{
    size_t upper = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (islower(*p))
            return false;
        if (isupper(*p))
            upper++;
    }
    return upper >= 3;
}

/* Whether a title is one a template left in place of the page's:
 * "Untitled Document", "Article", "Home", "Loading..." (case, blanks and
 * end dots aside). */
static bool placeholder_title(const char *t)
{
    static const char *const words[] = {
        "untitled",     "untitled document", "untitled page", "new page", "new document", "document",   "article",
        "home",         "home page",         "homepage",      "index",    "page",         "post",       "blog post",
        "story",        "loading",           "default",       "welcome",  "sin título",   "sans titre", "unbenannt",
        "senza titolo", "sem título",        "без названия"};
    while (*t == ' ')
        t++;
    size_t n = strlen(t);
    while (n && (t[n - 1] == ' ' || t[n - 1] == '.' || t[n - 1] == '!'))
        n--;
    for (size_t i = 0; i < sizeof words / sizeof *words; i++)
        if (strlen(words[i]) == n && html_prefix_ci(t, words[i], n))
            return true;
    return false;
}

/* Whether an address is below its site's root (not its home page). */
static bool below_root(const char *url)
{
    const char *p = url ? strstr(url, "://") : NULL;
    p = p ? strchr(p + 3, '/') : NULL;
    return p && p[1] && p[1] != '?' && p[1] != '#';
}

/* Whether an address is its site's home page: not below its root, and
 * no query ("/?p=123" is a post of a blog that numbers them). */
static bool home_page(const char *url)
{
    const char *p = url ? strstr(url, "://") : NULL;
    if (!p || below_root(url))
        return false;
    p += 3 + strcspn(p + 3, "?#");
    return *p != '?';
}

/* A claim of a page's address, resolved against `url`, when it can be
 * the page's (meta_page_address); NULL otherwise. */
static char *claimed_address(const char *url, const char *url_host, const char *claim)
{
    static const char blank[] = " \t\r\n\f";
    claim += strspn(claim, blank);
    size_t len = strlen(claim);
    while (len && strchr(blank, claim[len - 1]))
        len--;
    size_t scheme = strspn(claim, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+-.");
    bool absolute = scheme && claim[scheme] == ':';
    if (!absolute && strcspn(claim, blank) < len)
        return NULL; /* words, not an address */
    if (absolute && (strncmp(claim + scheme, "://", 3) || claim[scheme + 3] == '/'))
        return NULL; /* no host ("https:///a", "https:/a") */
    char *trimmed = nw_strndup(claim, len);
    char *abs = nw_url_resolve(url, trimmed);
    free(trimmed);
    char *host = abs && nw_url_is_http(abs) ? nw_url_host(abs) : NULL;
    char *c = host && *host && (!url_host || nw_host_same_site(host, url_host)) ? nw_url_canonical(abs) : NULL;
    free(host);
    free(abs);
    return c;
}

char *meta_page_address(const char *url, const char *canonical, const char *og_url)
{
    char *url_host = url ? nw_url_host(url) : NULL;
    char *own = url ? nw_url_canonical(url) : NULL;
    bool url_home = own && home_page(own);
    const char *claims[] = {canonical, og_url};
    char *chosen = NULL, *root = NULL;
    for (size_t i = 0; i < 2 && !chosen; i++) {
        char *c = claims[i] ? claimed_address(url, url_host, claims[i]) : NULL;
        if (c && home_page(c) && !url_home) {
            /* the site's root for a page that is not: kept in case */
            if (root)
                free(c);
            else
                root = c;
        } else {
            chosen = c;
        }
    }
    free(url_host);
    if (!chosen) {
        chosen = own;
        own = NULL;
    }
    free(own);
    if (!chosen)
        chosen = root; /* all the page says of itself */
    else
        free(root);
    return chosen;
}

/* Whether a page is a dated story: a publication date in its metadata,
 * and an address below the site's root (a home page is the site's own,
 * "Brand: what it does" its title). */
static bool story_page(const struct seen *s, const char *url)
{
    if (!s->meta_date && s->ld.published == NW_NO_TIME && !s->time_dt && !s->near_date && !s->visible_date &&
        !s->above_date && !s->said_date && meta_url_date(url) == NW_NO_TIME)
        return false;
    return below_root(url);
}

/* The longest part of a title between its separators (with blanks
 * around them), as a new string: its headline, where the others name the
 * site or the section. */
static char *title_main_part(const char *t)
{
    const char *best = t, *p = t;
    size_t best_len = 0;
    while (p && *p) {
        size_t sl;
        const char *cut = first_spaced_sep(p, &sl);
        size_t len = cut ? (size_t)(cut - p) : strlen(p);
        if (len > best_len) {
            best = p;
            best_len = len;
        }
        p = cut ? cut + sl : NULL;
    }
    return nw_strndup(best, best_len);
}

/* Whether two titles share a word of four letters or more (case aside):
 * a page's headline and the <title> written for search engines still
 * name one subject ("Want a good EV? Here are the 20 best electric
 * cars..." and "Best Electric Cars 2026"); a site's logo in an <h1> and
 * the headline part of a story's <title> do not. */
static bool share_word(const char *a, const char *b)
{
    char wa[128][32], wb[128][32];
    size_t na = title_words(a, wa), nb = title_words(b, wb);
    for (size_t x = 0; x < na; x++)
        for (size_t y = 0; strlen(wa[x]) >= 4 && y < nb; y++)
            if (!strcmp(wa[x], wb[y]))
                return true;
    return false;
}

void meta_read(htmlDocPtr doc, const char *url, struct meta *m)
{
    memset(m, 0, sizeof *m);
    m->published = m->updated = NW_NO_TIME;
    xmlNodePtr root = xmlDocGetRootElement(doc);
    if (!root)
        return;
    struct seen s = {.ld = {.published = NW_NO_TIME, .updated = NW_NO_TIME}};
    /* a headline in bold or large type is looked for on pages without
     * <h1> only (a logo's aside) */
    char *url_host = url ? nw_url_host(url) : NULL;
    s.host = url_host;
    s.no_h1 = !has_h1(root, 0, url_host);
    s.stand_in_tries = s.no_h1 ? 0 : STAND_IN_TRIES;
    walk_head(root, m, &s, 0, false);
    /* a dated story's (see story_page): its headline as an <h1> would be */
    if (!s.nh1 && s.shown_h2 && story_page(&s, url)) {
        s.h1s[0] = nw_strdup(s.shown_headline);
        s.nh1 = 1;
    }
    /* on a page that declares no title but its <title>, the headline
     * shown (a bold or large line of its own at the top) that is a
     * version of the <title> (see titles_agree): as an <h1> would be */
    if (!s.nh1 && s.shown_headline && s.html_title && !s.og_title && !s.tw_title && !s.ld.headline) {
        /* (the <title> less the host's name: "Support the Guardian" is
         * no version of "Technology | The Guardian") */
        char *bare = url_host ? strip_named_affix(s.html_title, url_host, true, false) : nw_strdup(s.html_title);
        /* (nor the title's last part, where sites write their name) */
        if (titles_agree(s.shown_headline, bare) && !title_last_part(s.html_title, s.shown_headline)) {
            s.h1s[0] = nw_strdup(s.shown_headline);
            s.nh1 = 1;
        }
        free(bare);
    }
    /* the title's main part shown, where no bold or large line came
     * before it */
    if (!s.nh1 && s.shown_part) {
        s.h1s[0] = nw_strdup(s.shown_headline);
        s.nh1 = 1;
    }

    if (!m->site_name && s.ld.publisher)
        m->site_name = nw_strdup(s.ld.publisher);
    /* OpenGraph's title, else Twitter's; Twitter's where the two differ
     * and only it is a version of the page's headline (a site that gives
     * the social networks a headline of their own) */
    bool tw_shown = false, og_shown = false;
    for (int i = 0; s.og_title && s.tw_title && i < s.nh1 && i < MAX_H1; i++)
        if (s.h1s[i]) {
            tw_shown |= titles_agree(s.h1s[i], s.tw_title);
            og_shown |= titles_agree(s.h1s[i], s.og_title);
        }
    if (!s.og_title || (tw_shown && !og_shown)) {
        free(s.og_title);
        s.og_title = s.tw_title;
        s.tw_title = NULL;
    }
    /* title: the most specific of OpenGraph, JSON-LD headline, <title> */
    const char *t = s.og_title ? s.og_title : s.ld.headline && !s.ld.page_only ? s.ld.headline : s.html_title;
    /* a declared title that neither the <title> nor a heading bears out,
     * where those two agree (a template's og:title, "Blog post >> Visit
     * our blog"), gives way to the <title> */
    if (t && s.html_title && t != s.html_title && !title_within(t, s.html_title))
        for (int i = 0; i < s.nh1 && i < MAX_H1; i++)
            if (s.h1s[i] && titles_agree(s.h1s[i], s.html_title) && !titles_agree(s.h1s[i], t)) {
                t = s.html_title;
                break;
            }
    /* the page's own heading, when it has one: the title's affixes are
     * what the other sources do not share; and the title of a page that
     * declares none */
    const char *h1 = s.nh1 == 1 && s.h1s[0] && *s.h1s[0] ? s.h1s[0] : NULL;
    const char *others[] = {h1 && !heading_names_site(h1, m->site_name, url_host) ? h1 : NULL, s.og_title,
                            s.ld.headline, s.html_title};
    /* the headline as the page shows it, when the declared title is a
     * version of it (each shares H1_AGREES of the other's words): its own
     * wording, without the declared one's affixes or search phrasing; the
     * first such <h1> of several (a logo's, a menu's are no version, nor
     * is one that names the site; one in capitals that the declared title
     * holds in their case is taken from there) */
    for (int i = 0; t && i < s.nh1 && i < MAX_H1 && !m->title; i++) {
        const char *h = s.h1s[i];
        if (h && html_word_count(h) >= 2 && strlen(h) <= 300 && titles_agree(h, t) &&
            !heading_names_site(h, m->site_name, url_host) &&
            !(all_capitals(h) && !all_capitals(t) && strcasestr(t, h))) {
            char *rest = without_label(h, t);
            m->title = strip_named_affix(rest ? rest : h, m->site_name, false, false);
            free(rest);
        }
    }
    bool story = story_page(&s, url), home = home_page(url);
    /* a dated story (see story_page) that shows one headline above its
     * text (not a section's heading after HEADLINE_WORDS_ABOVE words of
     * the story): that headline, where the title it declares (OpenGraph,
     * JSON-LD, else the <title>) words the same subject otherwise, as
     * sites write a second title for search engines and social networks
     * ("Best Electric Cars 2026" over "Want a good EV? Here are the 20
     * best electric cars on sale right now"; the story's own title is the
     * one its readers see, and its feed's); a heading that the title
     * holds whole is one of its parts (the site's name, "Guide - The
     * Rust Book"), or the title in another case, and is left to the
     * rules above and below */
    if (t && !m->title && h1 && story && s.words_above <= HEADLINE_WORDS_ABOVE && html_word_count(h1) >= 3 &&
        strlen(h1) <= 300 && !heading_names_site(h1, m->site_name, url_host) && !strcasestr(t, h1) &&
        strlen(t) <= TITLE_PARTS_MAX) {
        char *main = title_main_part(t);
        if (share_word(h1, main))
            m->title = strip_named_affix(h1, m->site_name, false, false);
        free(main);
    }
    /* the same on a page without <h1> whose <title> holds no line of
     * it (no stand-in): its first bold or large line of its own above
     * the story's text */
    if (t && t == s.html_title && !m->title && !s.nh1 && s.shown_headline && story &&
        !heading_names_site(s.shown_headline, m->site_name, url_host) && !strcasestr(t, s.shown_headline) &&
        strlen(t) <= TITLE_PARTS_MAX) {
        char *main = title_main_part(t);
        if (share_word(s.shown_headline, main))
            m->title = strip_named_affix(s.shown_headline, m->site_name, false, false);
        free(main);
    }
    /* a title that says nothing of the page: a template's placeholder
     * ("Untitled Document", "Article"), or below the site's home page its
     * name alone: the page's one headline, when it does not name the site */
    if (t && !m->title && h1 && html_word_count(h1) >= 2 && strlen(h1) <= 300 &&
        !heading_names_site(h1, m->site_name, url_host) &&
        (placeholder_title(t) || (below_root(url) && heading_names_site(t, m->site_name, url_host))))
        m->title = strip_named_affix(h1, m->site_name, false, false);
    if (t && !m->title)
        m->title = title_by_agreement(t, others, sizeof others / sizeof *others, m->site_name);
    if (t && !m->title) {
        /* a site that declares no name: its host's affix first, with the
         * section before it (strip_named_affix), then the rules of a
         * declared name's */
        char *hosted = !m->site_name && url_host ? strip_named_affix(t, url_host, true, story) : NULL;
        m->title = strip_site(hosted && strcmp(hosted, t) ? hosted : t, m->site_name, story);
        free(hosted);
    }
    if (!m->title && h1)
        m->title = strip_named_affix(h1, m->site_name, false, false);
    if (m->title) {
        const char *sources[] = {s.html_title, s.og_title, s.ld.headline};
        m->title = drop_shared_end(m->title, sources, sizeof sources / sizeof *sources);
    }
    /* a site that declares no name: its address as the affix
     * ("GAME CHANGER | Newegg.com") */
    /* affix after affix: "Brand | brand.com - Headline" */
    for (int i = 0; i < 3 && m->title && !m->site_name && url_host; i++) {
        char *st = strip_named_affix(m->title, url_host, true, story);
        bool same = !strcmp(st, m->title);
        free(m->title);
        m->title = st;
        if (same)
            break;
    }
    /* a paper's authors, as its citation tags list them */
    if (!m->author && s.citation.len)
        m->author = nw_buf_steal(&s.citation);
    nw_buf_cleanup(&s.citation);
    /* the site's own account is the author only when no other source
     * names someone */
    char *account = NULL;
    char *own_host = url_host ? NULL : nw_url_host(m->canonical ? m->canonical : s.og_url);
    const char *site_host = url_host ? url_host : own_host;
    if (m->author && site_account(m->author, site_host)) {
        account = m->author;
        m->author = NULL;
    }
    /* a thread's posting (JSON-LD's DiscussionForumPosting) names who
     * started it, by a name or a handle ("paulb203"); a post's microdata,
     * whoever wrote the first post shown */
    bool poster = s.ld.discussion && s.ld.author && *s.ld.author && strlen(s.ld.author) <= NEAR_BYLINE_CHARS;
    if (m->author && poster && !site_account(s.ld.author, site_host)) {
        free(m->author);
        m->author = NULL;
    }
    if (!m->author && s.ld.author && (poster || credits_someone(s.ld.author))) {
        if (!site_account(s.ld.author, site_host))
            m->author = nw_strdup(s.ld.author);
        else if (!account)
            account = nw_strdup(s.ld.author);
    }
    /* last, in this order: the byline the page shows, found by its class
     * or id, else by its "By" just under the headline, else "Written by"
     * anywhere; then the account that posted the page (a CMS's "Written
     * by" card), a link to the author's own page, or one marked as the
     * author's beside the headline; last, "Written by" alone with the
     * names in the elements after it; none shown on a site's home
     * page */
    /* a byline whose names are its links to their pages, with nothing
     * between them ("<a>Jane Roe</a><a>John Smith</a>" reads "Jane Roe
     * John Smith"): the links' names, one by one */
    if (s.shown_byline && s.link_byline && s.link_names >= 2 && links_run_together(s.shown_byline, s.link_byline)) {
        free(s.shown_byline);
        s.shown_byline = s.link_byline;
        s.link_byline = NULL;
    }
    char **bylines[] = {&s.shown_byline, &s.near_byline,  &s.late_byline,  &s.tw_author,
                        &s.link_byline,  &s.aside_byline, &s.block_byline, &s.badge_byline};
    for (size_t i = 0; i < sizeof bylines / sizeof *bylines && !m->author; i++) {
        if (*bylines[i] && site_account(*bylines[i], site_host))
            continue;
        /* a site's home page shows the bylines of the stories it lists,
         * none of its own (what it declares still counts) */
        if (bylines[i] != &s.tw_author && home)
            continue;
        m->author = *bylines[i];
        *bylines[i] = NULL;
    }
    if (!m->author)
        m->author = account;
    else
        free(account);
    /* a discussion's author is who started it, where the page says so:
     * "Thread starter" says the page is one, "Started by" on a page that
     * declares itself one */
    if (s.starter && (!m->author || s.starter_sure || s.ld.discussion || s.md_discussion)) {
        free(m->author);
        m->author = s.starter;
        s.starter = NULL;
    }
    free(own_host);
    if (!m->description && s.ld.description)
        m->description = nw_strdup(s.ld.description);
    if (s.ld.body)
        m->ld_body = nw_strdup(s.ld.body);
    m->article = (s.og_article || s.ld.article) && !s.ld.live;
    m->discussion = s.ld.discussion || s.md_discussion;
    /* who may read the story: its tier when the page gives one, else
     * whether it is free, a "no" from either markup winning */
    int free_to_read = free_join(s.ld.free_to_read, s.md_free);
    m->access = s.tier ? s.tier : free_to_read < 0 ? "paywalled" : free_to_read > 0 ? "free" : NULL;
    /* numeric dates with slashes ("3/4/2025") read in the order the
     * page's other such dates show, where a number above 12 says it;
     * else month first on pages in American English, or in English of no
     * country, as most of the English web is (the root's lang, else
     * og:locale); and the other way when only that reading is the day in
     * the page's address */
    xmlChar *hl = xmlGetProp(root, (const xmlChar *)"lang");
    if (!hl)
        hl = xmlGetProp(root, (const xmlChar *)"xml:lang");
    bool us = s.slash_dm != s.slash_md ? s.slash_md > s.slash_dm
              : hl && *hl              ? us_english_tag((const char *)hl)
                                       : us_english_tag(s.og_locale);
    /* the day in the page's address, else in one it claims (a file read
     * alone) */
    int64_t url_day = meta_url_date(url);
    if (url_day == NW_NO_TIME && !url)
        url_day = meta_url_date(m->canonical);
    if (url_day == NW_NO_TIME && !url)
        url_day = meta_url_date(s.og_url);
    /* a site's home page shows the dates of the stories it lists, none
     * of its own: what it declares dates it, no date it shows */
    if (home) {
        char **shown[] = {&s.time_dt,      &s.visible_date, &s.near_date,   &s.above_date,
                          &s.said_date,    &s.aside_date,   &s.meta_time,   &s.furniture_said,
                          &s.shown_update, &s.time_updated, &s.said_updated};
        for (size_t i = 0; i < sizeof shown / sizeof *shown; i++) {
            free(*shown[i]);
            *shown[i] = NULL;
        }
    }
    if (s.meta_date)
        m->published = date_plausible(date_parse(s.meta_date));
    if (m->published == NW_NO_TIME)
        m->published = s.ld.published;
    if (m->published == NW_NO_TIME && s.time_dt)
        m->published = date_plausible(date_parse(s.time_dt));
    /* a declared date in a format of its own: the day it reads as
     * ("Thu, 09/25/2025 - 11:38", Drupal's), not the hour, whose zone is
     * not said */
    if (s.meta_date && m->published == NW_NO_TIME && !day_month_ambiguous(s.meta_date)) {
        int64_t d = date_plausible(shown_date(s.meta_date, us, url_day));
        if (d != NW_NO_TIME)
            m->published = nw_day_of(d);
    }
    if (m->published == NW_NO_TIME && s.visible_date)
        m->published = date_plausible(shown_date(s.visible_date, us, url_day));
    if (m->published == NW_NO_TIME && s.near_date)
        m->published = date_plausible(shown_date(s.near_date, us, url_day));
    if (m->published == NW_NO_TIME)
        m->published = date_plausible(url_day);
    if (m->published == NW_NO_TIME && s.above_date)
        m->published = date_plausible(shown_date(s.above_date, us, url_day));
    if (m->published == NW_NO_TIME && s.said_date)
        m->published = date_plausible(shown_date(s.said_date, us, url_day));
    if (m->published == NW_NO_TIME && s.aside_date)
        m->published = date_plausible(shown_date(s.aside_date, us, url_day));
    if (m->published == NW_NO_TIME && s.meta_time && !s.meta_time_many) {
        m->published = date_plausible(date_parse(s.meta_time));
        if (m->published == NW_NO_TIME)
            m->published = date_plausible(shown_date(s.meta_time, us, url_day));
    }
    if (m->published == NW_NO_TIME && s.furniture_said && !s.furniture_many)
        m->published = date_plausible(shown_date(s.furniture_said, us, url_day));
    /* the only date shown is an update's: the page's date */
    if (m->published == NW_NO_TIME && s.shown_update) {
        m->published = date_plausible(date_parse(s.shown_update));
        if (m->published == NW_NO_TIME)
            m->published = date_plausible(shown_date(s.shown_update, us, url_day));
    }
    if (m->updated == NW_NO_TIME)
        m->updated = s.ld.updated;
    if (m->updated == NW_NO_TIME && s.time_updated)
        m->updated = date_plausible(date_parse(s.time_updated));
    /* an update that says so in words, when it is no earlier than the
     * publication */
    if (m->updated == NW_NO_TIME && s.said_updated) {
        int64_t u = date_plausible(date_find_in_text_order(s.said_updated, us));
        if (u != NW_NO_TIME && (m->published == NW_NO_TIME || nw_instant(u) >= nw_instant(m->published)))
            m->updated = u;
    }

    /* language: markup first */
    if (hl) {
        m->lang = nw_lang_primary((const char *)hl);
        xmlFree(hl);
    }
    if (!m->lang)
        m->lang = nw_lang_primary(s.ld.lang);
    if (!m->lang)
        m->lang = nw_lang_primary(s.og_locale);

    char *chosen = meta_page_address(url, m->canonical, s.og_url);
    free(m->canonical);
    m->canonical = chosen;
    free(url_host);

    free(s.shown_byline);
    free(s.shown_update);
    free(s.shown_headline);
    free(s.title_main);
    for (int i = 0; i < s.nh1 && i < MAX_H1; i++)
        free(s.h1s[i]);
    free(s.html_title);
    free(s.og_title);
    free(s.tw_title);
    free(s.og_url);
    free(s.og_locale);
    free(s.meta_date);
    free(s.time_dt);
    free(s.meta_time);
    free(s.visible_date);
    free(s.aside_date);
    free(s.furniture_said);
    free(s.near_date);
    free(s.above_date);
    free(s.said_date);
    free(s.said_updated);
    free(s.near_byline);
    free(s.late_byline);
    free(s.block_byline);
    free(s.badge_byline);
    free(s.link_byline);
    free(s.tw_author);
    free(s.aside_byline);
    free(s.starter);
    free(s.time_updated);
    free(s.ld.headline);
    free(s.ld.author);
    free(s.ld.publisher);
    free(s.ld.body);
    free(s.ld.lang);
    free(s.ld.description);
}

void meta_cleanup(struct meta *m)
{
    if (!m)
        return;
    free(m->title);
    free(m->author);
    free(m->site_name);
    free(m->description);
    free(m->canonical);
    free(m->lang);
    free(m->ld_body);
    memset(m, 0, sizeof *m);
}

/* ---- wire agencies ---- */

struct agency {
    const char *name;           /* canonical name */
    const char *const forms[6]; /* spellings (MAX_FORMS); all-caps forms of <= 3 letters match case-sensitively */
};

static const struct agency agencies[] = {
    {"AFP", {"AFP", "Agence France-Presse", "Agence France Presse", "فرانس برس", NULL}},
    {"Reuters", {"Reuters", "Рейтер", "رويترز", "ロイター", "路透社", NULL}},
    {"AP", {"AP", "Associated Press", "أسوشيتد برس", NULL}},
    {"dpa", {"dpa", "DPA", "Deutsche Presse-Agentur", NULL}},
    {"EFE", {"EFE", NULL}},
    {"ANSA", {"ANSA", NULL}},
    {"TASS", {"TASS", "Tass", "ТАСС", "ITAR-TASS", NULL}},
    {"Xinhua", {"Xinhua", "Синьхуа", "新华社", NULL}},
    {"Kyodo", {"Kyodo", "共同通信", NULL}},
    {"PA", {"PA Media", "Press Association", "PA", NULL}},
    {"Belga", {"Belga", "BELGA", NULL}},
    {"ATS/SDA", {"ATS/SDA", "ATS-SDA", "SDA-ATS", "Keystone-ATS", "Keystone-SDA", NULL}},
    {"ATS", {"ATS", NULL}},
    {"SDA", {"SDA", NULL}},
    {"APA", {"APA", NULL}},
    {"Interfax", {"Interfax", "Интерфакс", NULL}},
    {"RIA Novosti", {"RIA Novosti", "РИА Новости", NULL}},
    {"Anadolu", {"Anadolu Agency", "Anadolu Ajansı", NULL}},
    {"Yonhap", {"Yonhap", "연합뉴스", NULL}},
    {"KNA", {"KNA", NULL}},
    {"epd", {"epd", NULL}},
    {"AAP", {"AAP", NULL}},
    {"UPI", {"UPI", NULL}},
    {"PAP", {"PAP", NULL}},
    {"CTK", {"ČTK", "CTK", NULL}},
    {"Lusa", {"Lusa", "LUSA", NULL}},
    {"Europa Press", {"Europa Press", NULL}},
    {"NTB", {"NTB", NULL}},
    {"TT", {"TT Nyhetsbyrån", NULL}},
    {"Bloomberg", {"Bloomberg", NULL}},
    {"Dow Jones", {"Dow Jones Newswires", "Dow Jones", NULL}},
    {"PTI", {"PTI", "Press Trust of India", NULL}},
    {"IANS", {"IANS", NULL}},
    {"ANI", {"ANI", NULL}},
    {"Ukrinform", {"Ukrinform", "\xd0\xa3\xd0\xba\xd1\x80\xd1\x96\xd0\xbd\xd1\x84\xd0\xbe\xd1\x80\xd0\xbc", NULL}},
    {"UNIAN", {"UNIAN", "\xd0\xa3\xd0\x9d\xd0\x86\xd0\x90\xd0\x9d", NULL}},
    {"ANP", {"ANP", NULL}},
    {"Ritzau", {"Ritzau", NULL}},
    {"STT", {"STT", NULL}},
    {"MTI", {"MTI", NULL}},
    {"Agerpres", {"Agerpres", NULL}},
    {"BTA", {"BTA", NULL}},
    {"HINA", {"HINA", NULL}},
    {"Tanjug", {"Tanjug", NULL}},
    {"Bernama", {"Bernama", NULL}},
    {"IRNA", {"IRNA", NULL}},
    {"KCNA", {"KCNA", NULL}},
    {"Prensa Latina", {"Prensa Latina", NULL}},
    {"Notimex", {"Notimex", NULL}},
    {"Jiji", {"Jiji Press", "\xe6\x99\x82\xe4\xba\x8b\xe9\x80\x9a\xe4\xbf\xa1", NULL}},
    {"CP", {"The Canadian Press", "Canadian Press", "CP", NULL}},
    {"Antara", {"Antara", "ANTARA", NULL}},
    {"PNA", {"Philippine News Agency", "PNA", NULL}},
    {"CNA",
     {"Central News Agency", "\xe4\xb8\xad\xe5\xa4\xae\xe7\xa4\xbe",
      NULL}}, /* Taiwan's: "CNA" alone is Singapore's broadcaster too */
    {"VNA", {"Vietnam News Agency", "VNA", NULL}},
    {"APP", {"Associated Press of Pakistan", NULL}}, /* "APP" alone is any app's, in capitals */
    {"BSS", {"Bangladesh Sangbad Sangstha", "BSS", NULL}},
    {"WAM", {"Emirates News Agency", "WAM", NULL}},
    {"SPA", {"Saudi Press Agency", NULL}}, /* and "SPA" a spa's */
    {"QNA", {"Qatar News Agency", "QNA", NULL}},
    {"KUNA", {"Kuwait News Agency", "KUNA", NULL}},
    {"MENA", {"Middle East News Agency", NULL}}, /* "MENA" alone is a region */
    {"WAFA", {"WAFA", "Wafa news agency", NULL}},
    {"ANA-MPA", {"ANA-MPA", "Athens-Macedonian News Agency", "AMNA", NULL}},
    {"Adnkronos", {"Adnkronos", NULL}},
    {"TASR", {"TASR", NULL}},
    {"LETA", {"LETA", NULL}},
    {"ELTA", {"ELTA", NULL}},
    {"BNS", {"Baltic News Service", "BNS", NULL}},
    {"BelTA", {"BelTA", "\xd0\x91\xd0\xb5\xd0\xbb\xd0\xa2\xd0\x90", NULL}},
    {"Armenpress", {"Armenpress", NULL}},
    {"AzerTac", {"AzerTac", "AZERTAC", NULL}},
    {"Kazinform", {"Kazinform", NULL}},
    {"Sputnik", {"Sputnik", "\xd0\xa1\xd0\xbf\xd1\x83\xd1\x82\xd0\xbd\xd0\xb8\xd0\xba", NULL}},
    {"Tasnim", {"Tasnim", NULL}},
    {"ISNA", {"ISNA", NULL}},
    {"NAN", {"News Agency of Nigeria", "NAN", NULL}},
    {"MAP", {"Maghreb Arabe Presse", NULL}},
    {"TAP", {"Tunis Afrique Presse", NULL}},
    {"APS", {"Alg\xc3\xa9rie Presse Service", NULL}},
    {"Ag\xc3\xaancia Brasil", {"Ag\xc3\xaancia Brasil", NULL}},
    {"UNI", {"United News of India", NULL}},
};
#define NAGENCIES (sizeof agencies / sizeof *agencies)

/* isalnum of the C locale (the one newswire runs in), without the call
 * to the locale's table that isalnum makes for each character */
static inline bool ascii_alnum(unsigned char c)
{
    return (unsigned)((c | 0x20) - 'a') < 26u || (unsigned)(c - '0') < 10u;
}

static bool word_char(unsigned char c)
{
    return ascii_alnum(c) || c >= 0x80;
}

/* Whether `form` is at p in s as a whole word; short all-caps forms
 * match exactly, others ignoring ASCII case. */
static bool word_at(const char *s, const char *p, const char *form, size_t fl)
{
    bool exact = fl <= 4;
    if (exact ? strncmp(p, form, fl) : strncasecmp(p, form, fl))
        return false;
    /* CJK scripts do not separate words with spaces */
    bool cjk = (unsigned char)form[0] >= 0xE3 && (unsigned char)form[0] <= 0xED;
    if (!cjk && p > s && word_char((unsigned char)p[-1]) && !((unsigned char)p[-1] >= 0x80 && (unsigned char)form[0] < 0x80))
        return false;
    if (!cjk && word_char((unsigned char)p[fl]) && !((unsigned char)p[fl] >= 0x80 && (unsigned char)form[fl - 1] < 0x80))
        return false;
    return true;
}

/* The forms by their first byte (both ASCII cases), so that a text is
 * scanned once for all of them. */
#define MAX_FORMS 6
#define FORMS_PER_BYTE 40
struct form_ref {
    unsigned char agency, form, len;
    bool exact; /* matched with its case */
};
static struct {
    struct form_ref refs[256][FORMS_PER_BYTE];
    unsigned char n[256];
    /* bit b of pair[c] is set when a form starting with byte c may go on
     * with byte b: most word starts are passed over on this alone */
    uint8_t pair[256][32];
    size_t longest; /* the longest form, in bytes */
} form_index;

static void pair_allow(unsigned char c, unsigned char second)
{
    form_index.pair[c][second >> 3] |= (uint8_t)(1u << (second & 7));
}
static pthread_once_t form_index_once = PTHREAD_ONCE_INIT;

static void form_index_build(void)
{
    for (size_t i = 0; i < NAGENCIES; i++)
        for (size_t f = 0; agencies[i].forms[f]; f++) {
            if (strlen(agencies[i].forms[f]) > form_index.longest)
                form_index.longest = strlen(agencies[i].forms[f]);
            unsigned char c = (unsigned char)agencies[i].forms[f][0];
            bool exact = strlen(agencies[i].forms[f]) <= 4;
            unsigned char cs[2] = {c, (unsigned char)(exact ? c : isupper(c) ? tolower(c) : toupper(c))};
            unsigned char second = (unsigned char)agencies[i].forms[f][1];
            for (int k = 0; k < (cs[0] == cs[1] ? 1 : 2); k++)
                if (form_index.n[cs[k]] < FORMS_PER_BYTE) {
                    form_index.refs[cs[k]][form_index.n[cs[k]]++] =
                        (struct form_ref){(unsigned char)i, (unsigned char)f,
                                          (unsigned char)strlen(agencies[i].forms[f]), exact};
                    if (!second) { /* a form of one byte: any byte may follow */
                        for (int b = 0; b < 256; b++)
                            pair_allow(cs[k], (unsigned char)b);
                    } else if (exact) {
                        pair_allow(cs[k], second);
                    } else {
                        pair_allow(cs[k], (unsigned char)tolower(second));
                        pair_allow(cs[k], (unsigned char)toupper(second));
                    }
                }
        }
}

/* The forms that start at p (a place where a form may start), each kept
 * in first[][] unless one is there already; whether one was kept. */
static inline bool forms_at(const char *s, const char *p, const char *first[][MAX_FORMS])
{
    unsigned char c = (unsigned char)*p, c2 = (unsigned char)p[1];
    bool kept = false;
    if (!(form_index.pair[c][c2 >> 3] >> (c2 & 7) & 1))
        return false;
    for (unsigned k = 0; k < form_index.n[c]; k++) {
        struct form_ref r = form_index.refs[c][k];
        const char *form = agencies[r.agency].forms[r.form];
        /* the second byte first: most places differ there */
        if (first[r.agency][r.form])
            continue;
        if (r.len > 1 && (r.exact ? p[1] != form[1] : tolower((unsigned char)p[1]) != tolower((unsigned char)form[1])))
            continue;
        if (word_at(s, p, form, r.len)) {
            first[r.agency][r.form] = p;
            kept = true;
        }
    }
    return kept;
}

/* Fills first[i][f] with the first whole-word position of each form in s
 * (NULL when absent). Inside an ASCII word no form starts (word_at would
 * refuse it), nor at a UTF-8 continuation byte: only the bytes after one
 * that is no ASCII letter or digit, and the lead bytes of other
 * characters, are looked at, found 16 at a time. Whether any form was
 * found. */
static bool find_forms(const char *s, const char *first[][MAX_FORMS])
{
    pthread_once(&form_index_once, form_index_build);
    memset(first, 0, NAGENCIES * sizeof *first);
    if (!*s)
        return false;
    bool any = forms_at(s, s, first);
    const char *p = s + 1, *end = s + strlen(s);
#ifdef __SSE2__
    for (; end - p >= 16; p += 16) {
        __m128i prev = _mm_loadu_si128((const __m128i *)(const void *)(p - 1));
        __m128i lc = _mm_or_si128(prev, _mm_set1_epi8(0x20));
        __m128i alnum = _mm_or_si128(
            _mm_and_si128(_mm_cmpgt_epi8(prev, _mm_set1_epi8('0' - 1)), _mm_cmplt_epi8(prev, _mm_set1_epi8('9' + 1))),
            _mm_and_si128(_mm_cmpgt_epi8(lc, _mm_set1_epi8('a' - 1)), _mm_cmplt_epi8(lc, _mm_set1_epi8('z' + 1))));
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)p);
        /* no form starts with a UTF-8 continuation byte (0x80-0xBF) */
        __m128i cont = _mm_cmplt_epi8(v, _mm_set1_epi8((char)0xC0));
        __m128i lead =
            _mm_and_si128(_mm_cmplt_epi8(v, _mm_setzero_si128()), _mm_cmpgt_epi8(v, _mm_set1_epi8((char)0xBF)));
        __m128i after_word = _mm_andnot_si128(alnum, _mm_andnot_si128(cont, _mm_set1_epi8(-1)));
        unsigned m = (unsigned)_mm_movemask_epi8(_mm_or_si128(after_word, lead));
        for (; m; m &= m - 1)
            any |= forms_at(s, p + __builtin_ctz(m), first);
    }
#endif
    for (; p < end; p++)
        if ((unsigned char)*p >= 0x80 || !ascii_alnum((unsigned char)p[-1]))
            any |= forms_at(s, p, first);
    return any;
}

/* Whether the byte at p may set off a form, in one of the ways
 * scan_credits accepts: an opener before it ("(", "/", "=", "[", "（"),
 * a closer after it (")", "/", "]"), a dash after it ("- ", "--", "—",
 * "–"); or a lead byte of a CJK form, found anywhere. */
static inline bool sets_off(const unsigned char *p)
{
    switch (*p) {
    case '(':
    case '/':
    case '=':
    case '[':
    case ')':
    case ']':
        return true;
    case '-':
        return p[1] == ' ' || p[1] == '-';
    case 0xE2:
        return p[1] == 0x80 && (p[2] == 0x93 || p[2] == 0x94);
    case 0xEF:
        return p[1] == 0xBC && p[2] == 0x88;
    default:
        return *p >= 0xE3 && *p <= 0xED;
    }
}

/* What find_forms gives scan_credits for a line where only forms set off
 * count, found without looking at every word. Only the places around the
 * bytes that may set a form off (sets_off) are looked at; when a form is
 * met there, or the line has a CJK lead byte (a CJK form counts
 * anywhere), the line is looked at whole by find_forms, as scan_credits
 * needs each form's first place. Otherwise no form in the line is set off,
 * and none is given. Whether any form was given. */
static bool find_set_off_forms(const char *s, const char *first[][MAX_FORMS])
{
    pthread_once(&form_index_once, form_index_build);
    memset(first, 0, NAGENCIES * sizeof *first);
    size_t longest = form_index.longest, n = strlen(s);
    for (size_t t = 0; t < n; t++) {
#ifdef __SSE2__
        /* 16 bytes at a time to the next byte that may set a form off */
        while (n - t >= 16) {
            __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + t));
            __m128i hit = _mm_or_si128(
                _mm_or_si128(
                    _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('(')), _mm_cmpeq_epi8(v, _mm_set1_epi8('/'))),
                    _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('=')), _mm_cmpeq_epi8(v, _mm_set1_epi8('[')))),
                _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8(')')), _mm_cmpeq_epi8(v, _mm_set1_epi8(']'))),
                             _mm_cmpeq_epi8(v, _mm_set1_epi8('-'))));
            /* 0xE2-0xEF: dashes, the full-width parenthesis, CJK leads */
            hit = _mm_or_si128(hit, _mm_and_si128(_mm_cmpgt_epi8(_mm_set1_epi8((char)0xF0), v),
                                                  _mm_cmpgt_epi8(v, _mm_set1_epi8((char)0xE1))));
            unsigned m = (unsigned)_mm_movemask_epi8(hit);
            if (m) {
                t += (size_t)__builtin_ctz(m);
                break;
            }
            t += 16;
        }
        if (t >= n)
            break;
#endif
        const unsigned char *u = (const unsigned char *)s + t;
        if (!sets_off(u))
            continue;
        bool met = *u >= 0xE3 && *u <= 0xED;
        if (*u == '(' || *u == '/' || *u == '=' || *u == '[')
            met |= t + 1 < n && forms_at(s, s + t + 1, first);
        else if (*u == 0xEF)
            met |= t + 3 < n && forms_at(s, s + t + 3, first);
        if (*u == ')' || *u == '/' || *u == ']' || *u == '-' || *u == 0xE2) {
            /* a form that ends here, or before the spaces before a dash */
            size_t e = t;
            if (*u == '-' || *u == 0xE2)
                while (e > 0 && s[e - 1] == ' ')
                    e--;
            for (size_t b = e > longest ? e - longest : 0; b < e && !met; b++)
                if (b == 0 || (unsigned char)s[b] >= 0x80 || !ascii_alnum((unsigned char)s[b - 1]))
                    met = forms_at(s, s + b, first);
        }
        if (met)
            return find_forms(s, first);
    }
    return false;
}

/* The word that ends before `end` in line (letters, digits and UTF-8's
 * other characters; an apostrophe ends one, "l'" of "l'AFP" is a word),
 * the blanks before end passed over: its start, and its length in *n; or
 * NULL when a mark or the line's start comes first. */
static const char *word_before(const char *line, const char *end, size_t *n)
{
    const char *e = end;
    while (e > line && e[-1] == ' ')
        e--;
    const char *b = e;
    if (b > line && b[-1] == '\'')
        b--;
    else if (b - line >= 3 && !memcmp(b - 3, "\xe2\x80\x99", 3)) /* ’ */
        b -= 3;
    const char *w = b;
    while (w > line && (ascii_alnum((unsigned char)w[-1]) || (unsigned char)w[-1] >= 0x80))
        w--;
    if (w == b)
        return NULL;
    *n = (size_t)(e - w);
    return w;
}

static bool word_in(const char *w, size_t n, const char *const *list)
{
    for (; *list; list++)
        if (strlen(*list) == n && html_prefix_ci(w, *list, n))
            return true;
    return false;
}

/* Whether the agency at p, in a short line, is named as a source the
 * story quotes rather than credited: after "to", "told", "from" ("said to
 * Reuters", "according to Reuters", "a request from AFP"), French "à" and
 * "selon", Spanish "a" and "según", Italian "secondo" (an article between
 * passed over); after "by" that follows a word of finding or counting
 * ("seen by Reuters", "compiled by Bloomberg"); after "with" that follows
 * one of speaking ("spoke with AFP"). Or the line is a photograph's
 * credit ("Photo: Reuters/Jane Roe"). */
static bool named_not_credited(const char *line, const char *p)
{
    static const char *const articles[] = {"the", "l'", "l\xe2\x80\x99", "la", "le", "el", NULL};
    static const char *const cues[] = {"to", "told", "tells",        "telling", "from",    "\xc3\xa0", "selon",
                                       "a",  "al",   "seg\xc3\xban", "segun",   "secondo", NULL};
    static const char *const found[] = {"seen",      "reviewed",  "obtained",    "compiled", "calculations",
                                        "analysis",  "poll",      "survey",      "surveyed", "commissioned",
                                        "conducted", "contacted", "interviewed", "quoted",   "cited",
                                        "reported",  "data",      "estimates",   NULL};
    static const char *const spoke[] = {"spoke", "speaking", "talked", "talking", "interview", NULL};
    static const char *const photo[] = {"photo", "photos", "photograph", "photographs",  "foto",
                                        "fotos", "image",  "images",     "picture",      "pictures",
                                        "pic",   "bild",   "video",      "illustration", NULL};
    const char *l = line;
    while (*l == ' ' || *l == '(' || *l == '[')
        l++;
    size_t fn = 0;
    while (ascii_alnum((unsigned char)l[fn]))
        fn++;
    if (fn && (l[fn] == ':' || l[fn] == ' ') && word_in(l, fn, photo))
        return true;
    size_t n;
    const char *w = word_before(line, p, &n);
    if (w && word_in(w, n, articles))
        w = word_before(line, w, &n);
    if (!w)
        return false;
    if (word_in(w, n, cues))
        return true;
    bool by = n == 2 && html_prefix_ci(w, "by", 2), with = n == 4 && html_prefix_ci(w, "with", 4);
    if (!by && !with)
        return false;
    w = word_before(line, w, &n);
    return w && word_in(w, n, by ? found : spoke);
}

/* Whether a line reads as a credit: short, or an agency in a dateline's
 * parentheses, or introduced by a credit word. */
static void scan_credits(const char *line, bool whole, bool every_word, json_t *found)
{
    const char *first[NAGENCIES][MAX_FORMS];
    if (!(whole || every_word ? find_forms(line, first) : find_set_off_forms(line, first)))
        return;
    for (size_t i = 0; i < NAGENCIES; i++) {
        for (size_t f = 0; agencies[i].forms[f]; f++) {
            const char *p = first[i][f];
            if (!p)
                continue;
            /* a short credit line; else an agency set off as a credit:
             * "(AFP)", "/TASS/", "=Yonhap)", "AFP -", or in CJK text */
            bool ok = whole && !named_not_credited(line, p);
            if (!whole) {
                size_t fl = strlen(agencies[i].forms[f]);
                char before = p > line ? p[-1] : ' ', after = p[fl];
                const char *q = p + fl;
                while (*q == ' ')
                    q++;
                ok = strchr("(/=[", before) || (after && strchr(")/]", after)) || !strncmp(q, "- ", 2) ||
                     !strncmp(q, "--", 2) || !strncmp(q, "\xe2\x80\x94", 3) || !strncmp(q, "\xe2\x80\x93", 3) ||
                     (p - line >= 3 && !memcmp(p - 3, "\xef\xbc\x88", 3)) || /* （ */
                     ((unsigned char)agencies[i].forms[f][0] >= 0xE3 && (unsigned char)agencies[i].forms[f][0] <= 0xED);
            }
            if (!ok)
                continue;
            /* skip ATS and SDA when ATS/SDA already matched */
            size_t j;
            json_t *v;
            bool dup = false;
            json_array_foreach(found, j, v)
            {
                const char *nm = json_string_value(v);
                if (!strcmp(nm, agencies[i].name) || (strstr(nm, agencies[i].name) && strchr(nm, '/')))
                    dup = true;
            }
            if (!dup)
                json_array_append_new(found, json_string(agencies[i].name));
            break;
        }
    }
}

/* Orders the found agencies by their first appearance in `s`. */
static void order_by_position(json_t *found, const char *s)
{
    size_t n = json_array_size(found);
    if (n < 2)
        return;
    const char *first[NAGENCIES][MAX_FORMS];
    find_forms(s, first);
    for (size_t a = 0; a + 1 < n; a++)
        for (size_t b = a + 1; b < n; b++) {
            const char *na = json_string_value(json_array_get(found, a));
            const char *nb = json_string_value(json_array_get(found, b));
            const char *pa = NULL, *pb = NULL;
            for (size_t i = 0; i < NAGENCIES; i++) {
                if (!strcmp(agencies[i].name, na) || !strcmp(agencies[i].name, nb)) {
                    const char *best = NULL;
                    for (size_t f = 0; agencies[i].forms[f]; f++) {
                        const char *p = first[i][f];
                        if (p && (!best || p < best))
                            best = p;
                    }
                    if (!strcmp(agencies[i].name, na))
                        pa = best;
                    else
                        pb = best;
                }
            }
            if (pa && pb && pb < pa) {
                json_t *x = json_incref(json_array_get(found, a));
                json_array_set(found, a, json_array_get(found, b));
                json_array_set_new(found, b, x);
            }
        }
}

/* n cut back to the start of a UTF-8 character of s */
static size_t char_start(const char *s, size_t n)
{
    while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
        n--;
    return n;
}

/* The most words a credit line ("Reporting by Jane Doe; Editing by John
 * Roe") has. */
#define CREDIT_WORDS 12

static json_t *agencies_in(const char *byline, const char *text, bool every_word)
{
    json_t *found = json_array();
    struct nw_buf scanned = {0};
    if (byline && *byline) {
        scan_credits(byline, true, every_word, found);
        nw_buf_puts(&scanned, byline);
        nw_buf_putc(&scanned, '\n');
    }
    if (text && *text) {
        /* split into paragraphs; credit lines are short lines at the end or
         * start, datelines are the first paragraph's opening */
        size_t npara = 0;
        const char *paras[512];
        size_t lens[512];
        const char *p = text;
        while (*p && npara < 512) {
            const char *e = strstr(p, "\n\n");
            size_t l = e ? (size_t)(e - p) : strlen(p);
            paras[npara] = p;
            lens[npara++] = l;
            p += l;
            while (*p == '\n')
                p++;
        }
        for (size_t i = 0; i < npara; i++) {
            bool edge = i < 1 || i + 3 >= npara;
            if (!edge)
                continue;
            char *line = nw_strndup(paras[i], lens[i]);
            bool credit = !html_words_above(line, lens[i], CREDIT_WORDS);
            if (i == 0 && !credit) {
                /* dateline: the opening of the first paragraph ("PARIS (AFP) -",
                 * "MOSCOU, 15 juin /TASS/", "新华社北京4月20日电") credits
                 * whatever agency it names */
                size_t cut = 0, chars = 0;
                while (line[cut] && chars < 48) {
                    cut++;
                    while ((line[cut] & 0xC0) == 0x80)
                        cut++;
                    chars++;
                }
                line[cut] = '\0';
            }
            scan_credits(line, credit, every_word, found);
            nw_buf_puts(&scanned, line);
            nw_buf_putc(&scanned, '\n');
            free(line);
        }
    }
    if (scanned.data)
        order_by_position(found, scanned.data);
    nw_buf_cleanup(&scanned);
    return found;
}

json_t *meta_agencies(const char *byline, const char *text)
{
    return agencies_in(byline, text, false);
}

json_t *meta_agencies_every_word(const char *byline, const char *text)
{
    return agencies_in(byline, text, true);
}

/* ---- language of a text ---- */

/* Bytes of a text CLD2 reads: about 80 words of a Latin script, 170
 * characters of CJK. Its cost grows with what it reads (about 25 ns a
 * byte). A longer text is sampled at its start and its middle, so that an
 * opening in another language (a placeholder, a quote, a site's notice)
 * does not decide alone: on the texts of ../shared's pages this agrees with
 * CLD2 on the whole text as often as the first 768 bytes did (99.9%), and
 * all 100 texts of tests/fixtures/lang stay right. */
#define LANG_SAMPLE META_LANG_SAMPLE

const char *meta_lang_sample(const char *text, size_t *len, char buf[META_LANG_SAMPLE + 1])
{
    size_t n = *len;
    if (n <= LANG_SAMPLE)
        return text;
    size_t head = char_start(text, LANG_SAMPLE / 2);
    memcpy(buf, text, head);
    buf[head] = ' ';
    /* the middle, from a word's start when one is near */
    size_t m = n / 2;
    while (m < n && ((unsigned char)text[m] & 0xC0) == 0x80)
        m++;
    size_t word = m;
    while (word < n && word - m < 32 && text[word] != ' ' && text[word] != '\n')
        word++;
    if (word < n && word - m < 32)
        m = word;
    size_t rest = LANG_SAMPLE - head - 1;
    size_t mid = n - m <= rest ? n - m : char_start(text + m, rest);
    memcpy(buf + head + 1, text + m, mid);
    *len = head + 1 + mid;
    /* CLD2 reads on past the length it is given to a NUL (a sample of
     * Cyrillic letters followed by other bytes made it read out of the
     * buffer) */
    buf[*len] = '\0';
    return buf;
}

/* The text without its web and mail addresses, into a new string of
 * *len bytes: their letters are no language's words, and CLD2, reading
 * them as a run of Latin text beside a text in another script, may no
 * longer be sure of the text's ("https example com" next to Persian). */
static char *without_addresses(const char *text, size_t *len)
{
    size_t n = *len, o = 0;
    char *out = nw_malloc(n + 1);
    for (size_t i = 0; i < n;) {
        size_t j = i;
        while (j < n && text[j] != ' ' && text[j] != '\n' && text[j] != '\t')
            j++;
        if (!html_is_address(text + i, j - i)) {
            memcpy(out + o, text + i, j - i);
            o += j - i;
            if (j < n)
                out[o++] = text[j];
        }
        i = j < n ? j + 1 : j;
    }
    out[o] = '\0';
    *len = o;
    return out;
}

/* Whether s[i] starts a mark of an address: "@", "://", "www." or
 * "WWW.". */
static inline bool address_mark_at(const char *s, size_t n, size_t i)
{
    switch (s[i]) {
    case '@':
        return true;
    case ':':
        return n - i >= 3 && s[i + 1] == '/' && s[i + 2] == '/';
    case 'w':
        return n - i >= 4 && !memcmp(s + i, "www.", 4);
    case 'W':
        return n - i >= 4 && !memcmp(s + i, "WWW.", 4);
    default:
        return false;
    }
}

/* Whether a text holds a mark of a web or mail address ("://", "@",
 * "www.", "WWW."): one pass, sixteen bytes at a time, where a pass for
 * each mark read the text four times. */
static bool address_marks(const char *s, size_t n)
{
    size_t i = 0;
#ifdef __SSE2__
    for (; n - i >= 16; i += 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
        __m128i m =
            _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8(':')), _mm_cmpeq_epi8(v, _mm_set1_epi8('@'))),
                         _mm_cmpeq_epi8(_mm_or_si128(v, _mm_set1_epi8(0x20)), _mm_set1_epi8('w')));
        for (unsigned b = (unsigned)_mm_movemask_epi8(m); b; b &= b - 1)
            if (address_mark_at(s, n, i + (size_t)__builtin_ctz(b)))
                return true;
    }
#endif
    for (; i < n; i++)
        if (address_mark_at(s, n, i))
            return true;
    return false;
}

/* The most of a text read again when its sample mixes scripts (see
 * meta_text_lang). */
#define LANG_WHOLE_MAX 16384
/* The share (percent) of the sample below which it is taken to mix
 * languages. */
#define LANG_MIXED_PERCENT 80

/* Whether a code point is Chinese, Japanese or Korean writing: Han,
 * kana, Hangul syllables. */
static bool cjk_point(uint32_t cp)
{
    return (cp >= 0x3040 && cp <= 0x30FF) || (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x4E00 && cp <= 0x9FFF) ||
           (cp >= 0xAC00 && cp <= 0xD7AF) || (cp >= 0xF900 && cp <= 0xFAFF);
}

/* The words of s[0..n) outside CJK writing in *words, its CJK characters
 * in *cjk, and the text with each CJK character as a blank in out. */
static void cjk_split(const char *s, size_t n, size_t *words, size_t *cjk, struct nw_buf *out)
{
    *words = *cjk = 0;
    bool in_word = false;
    for (const unsigned char *p = (const unsigned char *)s, *end = p + n; p < end;) {
        const unsigned char *from = p;
        unsigned cp = nw_utf8_next(&p);
        if (cjk_point(cp)) {
            (*cjk)++;
            in_word = false;
            nw_buf_putc(out, ' ');
            continue;
        }
        /* (Latin-1's signs, general and CJK punctuation, fullwidth
         * signs: no letters) */
        bool letter = cp < 0x80      ? isalnum((int)cp)
                      : cp < 0x800   ? cp >= 0xC0
                      : cp < 0x10000 ? !((cp >= 0x2000 && cp <= 0x206F) || (cp >= 0x3000 && cp <= 0x303F) ||
                                         (cp >= 0xFF00 && cp <= 0xFF20))
                                     : true;
        *words += letter && !in_word;
        in_word = letter;
        nw_buf_append(out, (const char *)from, (size_t)(p - from));
    }
}

/* The language of a text whose sample, read by CLD2, mixes a CJK
 * language with another (`code`, the sample's answer): the language of
 * the text's greater part, counting a CJK character as half a word, when
 * that is the other part, read without the CJK characters (CLD2 weighs
 * them more than their share: a passage of Chinese in the middle of an
 * English page made it Chinese); `code` otherwise. */
static const char *mixed_lang(const char *whole, size_t n, const char *code)
{
    if (strncmp(code, "zh", 2) && strcmp(code, "ja") && strcmp(code, "ko"))
        return code;
    if (n > LANG_WHOLE_MAX)
        n = char_start(whole, LANG_WHOLE_MAX);
    size_t words, cjk;
    struct nw_buf rest = {0};
    cjk_split(whole, n, &words, &cjk, &rest);
    const char *other = NULL;
    if (words * 2 > cjk) {
        nw_buf_putc(&rest, '\0'); /* (CLD2 reads to a NUL) */
        size_t rn = rest.len - 1;
        char sample[META_LANG_SAMPLE + 1];
        const char *read = meta_lang_sample(rest.data, &rn, sample);
        other = lang_by_words(read, rn);
        if (!other)
            other = lang_guess(read, rn);
    }
    nw_buf_cleanup(&rest);
    return other ? other : code;
}

/* Writing systems, as far as a declared language and a text's letters are
 * told apart by them. */
enum script {
    SCRIPT_NONE,
    SCRIPT_LATIN,
    SCRIPT_CYRILLIC,
    SCRIPT_GREEK,
    SCRIPT_ARMENIAN,
    SCRIPT_HEBREW,
    SCRIPT_ARABIC,
    SCRIPT_DEVANAGARI,
    SCRIPT_BENGALI,
    SCRIPT_GURMUKHI,
    SCRIPT_GUJARATI,
    SCRIPT_ORIYA,
    SCRIPT_TAMIL,
    SCRIPT_TELUGU,
    SCRIPT_KANNADA,
    SCRIPT_MALAYALAM,
    SCRIPT_SINHALA,
    SCRIPT_THAI,
    SCRIPT_LAO,
    SCRIPT_TIBETAN,
    SCRIPT_MYANMAR,
    SCRIPT_GEORGIAN,
    SCRIPT_ETHIOPIC,
    SCRIPT_KHMER,
    SCRIPT_HANGUL,
    SCRIPT_CJK, /* Han and kana: Chinese and Japanese */
    SCRIPT_COUNT
};

/* The script of a letter (SCRIPT_NONE for what is no letter, or a script
 * not told apart here). */
static enum script letter_script(uint32_t cp)
{
    static const struct {
        uint32_t from, to;
        enum script s;
    } blocks[] = {
        {0x00C0, 0x024F, SCRIPT_LATIN},    {0x0370, 0x03FF, SCRIPT_GREEK},     {0x0400, 0x052F, SCRIPT_CYRILLIC},
        {0x0531, 0x058F, SCRIPT_ARMENIAN}, {0x05D0, 0x05FF, SCRIPT_HEBREW},    {0x0620, 0x06FF, SCRIPT_ARABIC},
        {0x0750, 0x077F, SCRIPT_ARABIC},   {0x08A0, 0x08FF, SCRIPT_ARABIC},    {0x0900, 0x097F, SCRIPT_DEVANAGARI},
        {0x0980, 0x09FF, SCRIPT_BENGALI},  {0x0A00, 0x0A7F, SCRIPT_GURMUKHI},  {0x0A80, 0x0AFF, SCRIPT_GUJARATI},
        {0x0B00, 0x0B7F, SCRIPT_ORIYA},    {0x0B80, 0x0BFF, SCRIPT_TAMIL},     {0x0C00, 0x0C7F, SCRIPT_TELUGU},
        {0x0C80, 0x0CFF, SCRIPT_KANNADA},  {0x0D00, 0x0D7F, SCRIPT_MALAYALAM}, {0x0D80, 0x0DFF, SCRIPT_SINHALA},
        {0x0E00, 0x0E7F, SCRIPT_THAI},     {0x0E80, 0x0EFF, SCRIPT_LAO},       {0x0F00, 0x0FFF, SCRIPT_TIBETAN},
        {0x1000, 0x109F, SCRIPT_MYANMAR},  {0x10A0, 0x10FF, SCRIPT_GEORGIAN},  {0x1100, 0x11FF, SCRIPT_HANGUL},
        {0x1200, 0x139F, SCRIPT_ETHIOPIC}, {0x1780, 0x17FF, SCRIPT_KHMER},     {0x1E00, 0x1EFF, SCRIPT_LATIN},
        {0x3040, 0x30FF, SCRIPT_CJK},      {0x3130, 0x318F, SCRIPT_HANGUL},    {0x3400, 0x4DBF, SCRIPT_CJK},
        {0x4E00, 0x9FFF, SCRIPT_CJK},      {0xAC00, 0xD7AF, SCRIPT_HANGUL},    {0xF900, 0xFAFF, SCRIPT_CJK},
        {0xFB50, 0xFDFF, SCRIPT_ARABIC},   {0xFE70, 0xFEFF, SCRIPT_ARABIC},
    };
    if (cp < 0x80)
        return isalpha((int)cp) ? SCRIPT_LATIN : SCRIPT_NONE;
    if (cp == 0xD7 || cp == 0xF7)
        return SCRIPT_NONE; /* × and ÷ among Latin-1's letters */
    for (size_t i = 0; i < sizeof blocks / sizeof *blocks && cp >= blocks[i].from; i++)
        if (cp <= blocks[i].to)
            return blocks[i].s;
    return SCRIPT_NONE;
}

/* The script a language (a BCP 47 tag's primary subtag) is written in;
 * SCRIPT_NONE for languages written in more than one (Serbian, Punjabi's
 * Shahmukhi, Kurdish...) and for tags that name none. Any other tag of
 * two or three letters is a language of the Latin script. */
static enum script declared_script(const char *tag)
{
    static const struct {
        const char *langs;
        enum script s;
    } scripts[] = {
        {" ru uk be bg mk kk ky mn tg tt ba cv os ab ce ", SCRIPT_CYRILLIC},
        {" el ", SCRIPT_GREEK},
        {" hy ", SCRIPT_ARMENIAN},
        {" he iw yi ", SCRIPT_HEBREW},
        {" ar fa ur ps sd ug ckb ", SCRIPT_ARABIC},
        {" hi mr ne sa mai bho ", SCRIPT_DEVANAGARI},
        {" bn as ", SCRIPT_BENGALI},
        {" gu ", SCRIPT_GUJARATI},
        {" or ", SCRIPT_ORIYA},
        {" ta ", SCRIPT_TAMIL},
        {" te ", SCRIPT_TELUGU},
        {" kn ", SCRIPT_KANNADA},
        {" ml ", SCRIPT_MALAYALAM},
        {" si ", SCRIPT_SINHALA},
        {" th ", SCRIPT_THAI},
        {" lo ", SCRIPT_LAO},
        {" bo dz ", SCRIPT_TIBETAN},
        {" my ", SCRIPT_MYANMAR},
        {" ka ", SCRIPT_GEORGIAN},
        {" am ti ", SCRIPT_ETHIOPIC},
        {" km ", SCRIPT_KHMER},
        {" ko ", SCRIPT_HANGUL},
        {" zh ja ", SCRIPT_CJK},
        {" sr pa ku sh az uz iu chr dv ", SCRIPT_NONE},
    };
    size_t n = tag ? strspn(tag, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ") : 0;
    if (n < 2 || n > 3 || (tag[n] && tag[n] != '-' && tag[n] != '_'))
        return SCRIPT_NONE;
    char key[6] = {' '};
    for (size_t i = 0; i < n; i++)
        key[1 + i] = (char)tolower((unsigned char)tag[i]);
    key[1 + n] = ' ';
    for (size_t i = 0; i < sizeof scripts / sizeof *scripts; i++)
        if (strstr(scripts[i].langs, key))
            return scripts[i].s;
    return SCRIPT_LATIN;
}

/* The script of most of a text's letters (read up to 4 KiB), at least
 * four in five of them; SCRIPT_NONE when the text mixes scripts or has
 * few letters. */
#define SCRIPT_READ_MAX 4096
static enum script text_script(const char *text)
{
    size_t count[SCRIPT_COUNT] = {0}, letters = 0;
    const unsigned char *p = (const unsigned char *)text, *end = p + strnlen(text, SCRIPT_READ_MAX);
    while (p < end) {
        enum script s = letter_script(nw_utf8_next(&p));
        count[s]++;
        letters += s != SCRIPT_NONE;
    }
    if (letters < 20)
        return SCRIPT_NONE;
    for (int s = SCRIPT_NONE + 1; s < SCRIPT_COUNT; s++)
        if (5 * count[s] >= 4 * letters)
            return (enum script)s;
    return SCRIPT_NONE;
}

bool meta_lang_script_differs(const char *declared, const char *text)
{
    enum script d = declared_script(declared);
    if (d == SCRIPT_NONE || !text)
        return false;
    enum script t = text_script(text);
    return t != SCRIPT_NONE && t != d;
}

char *meta_text_lang(const char *text)
{
    if (!text)
        return NULL;
    size_t n = strlen(text);
    char sample[META_LANG_SAMPLE + 1], *own = NULL;
    const char *whole = text;
    size_t whole_n = n;
    const char *read = meta_lang_sample(text, &n, sample);
    if (address_marks(read, n)) {
        /* addresses in what CLD2 would read: the text without any, sampled
         * again (addresses elsewhere would not have been read) */
        n = strlen(text);
        own = without_addresses(text, &n);
        whole = own;
        whole_n = n;
        read = meta_lang_sample(own, &n, sample);
    }
    text = read;
    /* the function words first: they settle most texts of the languages
     * of Europe's Latin and Cyrillic scripts at a sixth of CLD2's cost */
    const char *code = lang_by_words(text, n);
    char *lang;
    if (code)
        lang = nw_strdup(code);
    else {
        int percent;
        code = lang_guess_share(text, n, &percent);
        /* a sample of two languages (a passage in another script where
         * the middle was read: a few Chinese lines in an English page) is
         * no text's: the text's greater part says which it is in */
        if (code && percent < LANG_MIXED_PERCENT)
            code = mixed_lang(whole, whole_n, code);
        /* CLD2 names Nynorsk "nn" and Bokmål "no": the latter is "nb" */
        if (code && html_eq(code, "no"))
            code = "nb";
        lang = nw_lang_primary(code);
    }
    free(own);
    return lang;
}
