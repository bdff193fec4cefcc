/* Article pages to body text and metadata.
 *
 * The body is found by scoring: every paragraph-like block gives points
 * (for its length and punctuation) to its parent and, less, to its
 * ancestors; class and id names that speak of content or of boilerplate
 * weigh in; link-heavy blocks lose. The best-scoring container, with the
 * siblings that score close to it, is the article. Boilerplate inside it
 * (share bars, "read also" boxes, ads, captions, link lists) is pruned
 * before its text is taken. */
#include <ctype.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <math.h>
#include <string.h>
#include <strings.h>
#include <libxml/xpath.h>
#include <xxhash.h>

#include "../common/buf.h"
#include "../common/fnv.h"
#include "../common/jsonx.h"
#include "../common/mime.h"
#include "../common/mem.h"
#include "charset.h"
#include "date.h"
#include "html.h"
#include "interstitial.h"
#include "meta.h"
#include "parser.h"
#include "xmlarena.h"

/* Per-element scratch data, kept in node->_private during one extraction. */
struct node_info {
    double score;
    bool scored;
    size_t para_chars;   /* characters of scored paragraphs anywhere below */
    size_t direct_chars; /* characters of the paragraphs it holds itself */
    bool measured;     /* text_chars and link_chars are known */
    size_t text_chars, link_chars;
};

enum hint { HINT_NONE, HINT_POSITIVE, HINT_NEGATIVE, HINT_STRONG_NEGATIVE, HINT_COMMENTS };

/* Reader comments and consent banners: removed whatever their size. */
static const char *const comment_words[] = {"comment", "comments", "disqus", "respond", "replies"};
static const char *const banner_words[] = {"cookie", "consent", "gdpr"};

/* Names of furniture (a share bar, related stories, a legal or affiliate
 * notice, "cmp-richtext--disclaimer"): a strong negative hint. */
static const char *const strong_neg[] = {
    "comment",    "share",
    "sharing",    "social",
    "related",    "cookie",
    "consent",    "promo",
    "advert",     "sponsor",
    "newsletter", "subscri",
    "outbrain",   "taboola",
    "breadcrumb", "popup",
    "modal",      "banner",
    "sidebar",    "footer",
    "navbar",     "menu",
    "recirc",     "signup",
    "disqus",     "gdpr",
    "trending",   "most-read",
    "mostread",   "readmore",
    "read-more",  "readalso",
    "lire-aussi", "also-read",
    "recommend",  "teaser",
    "skip",       "robots-nocontent",
    "disclaimer",
};
static const char *const weak_neg[] = {
    "meta",
    "nav",
    "masthead",
    "extra",
    "tools",
    "toolbar",
    "print",
    "byline",
    "author",
    "date",
    "tag",
    "tags",
    "label",
    "hidden",
    "caption",
    "pub",
    "ad",
    "ads",
    "aside",
    "more",
    "rail",
    "links",
    "login",
    "follow",
    "rating",
    "feedback",
    /* a paywall's prompt, or the part of a story behind it */
    "paywall",
    /* a page's jump links (its contents); "jump-link-content" is what
     * they lead to, the story's sections */
    "jump",
};
static const char *const positive[] = {
    "article", "body", "content", "entry", "main", "post", "story", "text", "blog", "prose", "page",
    "column", "paragraph", "chapo", "lead", "intro",
};

/* Tokens of a class/id value: maximal runs of letters, digits and '-'/'_'
 * are split on '-' '_' too, so "story-body" gives "story-body", "story",
 * "body". Matching: a token equals a word, or starts with a long word. */
/* Class names that label a post's taxonomy (WordPress "category-…",
 * "tag-…") say nothing about layout. */
static bool taxonomy_token(const char *tok)
{
    return !strncmp(tok, "category-", 9) || !strncmp(tok, "tag-", 4) || !strncmp(tok, "cat-", 4) ||
           !strncmp(tok, "tags-", 5) || !strncmp(tok, "topic-", 6) || !strncmp(tok, "channel-", 8);
}

/* (a banner's words are comments' too: CAT_BANNER tells them apart;
 * "header" is a weak word but on a heading, which it names as one:
 * "wprm-recipe-header" over a recipe's ingredients, CAT_HEADER) */
enum {
    CAT_POSITIVE = 1,
    CAT_COMMENTS = 2,
    CAT_STRONG = 4,
    CAT_WEAK = 8,
    CAT_LEAD_WEAK = 16,
    CAT_BANNER = 32,
    CAT_HEADER = 64
};
static const char *const header_words[] = {"header"};

/* Weak hints only as a token's first word: a sidebar's "widget",
 * "widget_text", "widget-area", but not a page builder's
 * "elementor-widget-heading" or "elementor-widget-wrap", which wrap
 * every heading and paragraph of its articles. */
static const char *const lead_weak[] = {"widget"};

#define LIST(l) l, sizeof l / sizeof *l

/* The four lists by first letter, so that a word is compared only with
 * the entries it could match (pages built from utility classes have
 * thousands of class words, most of them in no list). */
struct cat_entry {
    const char *w;
    unsigned char len, cat;
};
static struct {
    struct cat_entry e[128][24];
    unsigned char n[128];
} cat_index;
static pthread_once_t cat_index_once = PTHREAD_ONCE_INIT;

static void cat_index_add(const char *const *list, size_t n, unsigned cat)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char f = (unsigned char)list[i][0];
        if (f < 128 && cat_index.n[f] < sizeof cat_index.e[0] / sizeof cat_index.e[0][0])
            cat_index.e[f][cat_index.n[f]++] =
                (struct cat_entry){list[i], (unsigned char)strlen(list[i]), (unsigned char)cat};
    }
}

static void cat_index_build(void)
{
    cat_index_add(LIST(positive), CAT_POSITIVE);
    cat_index_add(LIST(comment_words), CAT_COMMENTS);
    cat_index_add(LIST(banner_words), CAT_COMMENTS | CAT_BANNER);
    cat_index_add(LIST(strong_neg), CAT_STRONG);
    cat_index_add(LIST(weak_neg), CAT_WEAK);
    cat_index_add(LIST(lead_weak), CAT_LEAD_WEAK);
    cat_index_add(LIST(header_words), CAT_HEADER);
}

/* The categories a word of a class or id falls in: those of the entries
 * it equals, or starts with when they have 5 letters or more. */
static unsigned word_categories(const char *w)
{
    unsigned char f = (unsigned char)w[0];
    if (f >= 128)
        return 0;
    pthread_once(&cat_index_once, cat_index_build);
    unsigned c = 0;
    size_t wl = strlen(w);
    for (unsigned k = 0; k < cat_index.n[f]; k++) {
        const struct cat_entry *e = &cat_index.e[f][k];
        /* the word is the entry, or starts with one of 5 letters or more */
        if (wl == e->len || (wl > e->len && e->len >= 5))
            if (!memcmp(w + 1, e->w + 1, e->len - 1))
                c |= e->cat;
    }
    return c;
}

/* Categories of a class/id value, read once: each token ("story-body") and
 * each of its parts ("story", "body"), lower-cased; taxonomy tokens and
 * what is in square brackets ("mr-[--sidebar-width]") skipped.
 * Matching: a word equals an entry, or starts with an entry of 5 letters
 * or more. */
static unsigned value_categories_of(const char *v)
{
    unsigned cats = 0;
    char tok[64];
    const char *p = v;
    while (*p) {
        while (*p && !isalnum((unsigned char)*p)) {
            if (*p == '[') { /* CSS written into a class name: no name */
                const char *e = strchr(p, ']');
                p = e ? e : p + strlen(p) - 1;
            }
            p++;
        }
        size_t l = 0;
        while ((isalnum((unsigned char)p[l]) || p[l] == '-' || p[l] == '_') && l + 1 < sizeof tok) {
            tok[l] = (char)tolower((unsigned char)p[l]);
            l++;
        }
        tok[l] = '\0';
        if (!l)
            break;
        p += l;
        while (isalnum((unsigned char)*p) || *p == '-' || *p == '_')
            p++; /* the rest of an overlong token */
        if (taxonomy_token(tok))
            continue;
        cats |= word_categories(tok);
        if (strpbrk(tok, "-_")) {
            char *save = NULL;
            bool first = true;
            for (char *part = strtok_r(tok, "-_", &save); part; part = strtok_r(NULL, "-_", &save)) {
                cats |= word_categories(part) & (first ? ~0u : ~(unsigned)CAT_LEAD_WEAK);
                first = false;
            }
        }
    }
    return (cats & CAT_LEAD_WEAK) ? (cats | CAT_WEAK) & ~(unsigned)CAT_LEAD_WEAK : cats;
}

/* The same, remembered per thread (html_memoized). */
static unsigned value_categories(const char *v)
{
    static _Thread_local struct html_memo memo[512];
    return html_memoized(memo, sizeof memo / sizeof *memo, v, value_categories_of);
}

/* The categories of an element's class and id; its role in *role (NULL
 * when it has none). */
static unsigned name_categories(xmlNodePtr n, const char **role)
{
    unsigned cats = 0;
    *role = NULL;
    for (xmlAttrPtr a = n->properties; a; a = a->next) {
        const char *an = (const char *)a->name;
        bool cls = html_name_eq(an, "class") || html_name_eq(an, "id");
        if (!cls && !html_name_eq(an, "role"))
            continue;
        const char *v = a->children && a->children->type == XML_TEXT_NODE ? (const char *)a->children->content : NULL;
        if (!v)
            continue;
        if (cls)
            cats |= value_categories(v);
        else
            *role = v;
    }
    return cats;
}

static enum hint class_hint(xmlNodePtr n)
{
    const char *role;
    unsigned cats = name_categories(n, &role);
    if ((cats & CAT_HEADER) && !html_heading_rank((const char *)n->name))
        cats |= CAT_WEAK;
    enum hint h = HINT_NONE;
    bool pos = cats & CAT_POSITIVE;
    if (cats & CAT_COMMENTS)
        h = HINT_COMMENTS;
    else if (cats & CAT_STRONG)
        h = HINT_STRONG_NEGATIVE;
    else if (cats & CAT_WEAK)
        h = pos ? HINT_NONE : HINT_NEGATIVE;
    else if (pos)
        h = HINT_POSITIVE;
    if (role &&
        (html_name_eq(role, "navigation") || html_name_eq(role, "complementary") || html_name_eq(role, "banner") ||
         html_name_eq(role, "contentinfo") || html_name_eq(role, "dialog") || html_name_eq(role, "alert")))
        h = HINT_STRONG_NEGATIVE;
    return h;
}

/* (name: lower case, as html_name_eq takes it) */
static bool name_is(xmlNodePtr n, const char *name)
{
    return n && n->type == XML_ELEMENT_NODE && html_name_eq((const char *)n->name, name);
}

/* tenths of the page's prose an element must hold to stay whatever its
 * tag (a <noscript>: NOSCRIPT_TENTHS) */
#define RESCUE_TENTHS 6
#define NOSCRIPT_TENTHS 4
/* tenths of <main>'s paragraph text below which the best candidate
 * gives way to <main> */
#define MAIN_SHARE_TENTHS 6
/* A body of fewer words is no article: the main region is taken instead. */
#define WEAK_BODY_WORDS 50
/* The best candidate's share of the page's paragraph text under which a
 * scattered article is gathered, and the share its gatherer holds. */
#define GATHER_TOP_TENTHS 5
#define GATHER_SHARE_TENTHS 8
static const char *const removed_tags[] = {
    "script", "style",  "noscript", "iframe", "button",     "input",  "select",   "textarea",
    "svg",    "nav",    "footer",   "aside",  "figcaption", "dialog", "template", "object",
    "embed",  "canvas", "video",    "audio",  "map",        "link",   "meta",     "menu",
};
/* AMP's components that are no text of a page's: its ads (whose fallback
 * and placeholder hold the ad's own words), its consent and notice
 * banners, share buttons, measurement (after "amp-") */
static const char *const removed_amp[] = {
    "ad", "embed", "sticky-ad", "auto-ads", "consent", "user-notification", "social-share", "analytics", "pixel",
};

/* Whether an attribute's value (as xmlGetProp gives it) passes `test`,
 * read in place when it is one text node, as the HTML parser makes it. */
static bool attr_value_is(xmlNodePtr n, xmlAttrPtr a, bool (*test)(const char *))
{
    if (!a->children)
        return test("");
    if (a->children->type == XML_TEXT_NODE && !a->children->next)
        return test((const char *)a->children->content);
    xmlChar *v = xmlNodeListGetString(n->doc, a->children, 1);
    bool r = test(v ? (const char *)v : "");
    xmlFree(v);
    return r;
}

/* Whether n's role is a landmark of page furniture that an element says
 * as well: navigation (<nav>), complementary (<aside>), contentinfo (the
 * page's <footer>). */
static bool says_furniture_role(const char *v)
{
    return html_name_eq(v, "navigation") || html_name_eq(v, "complementary") || html_name_eq(v, "contentinfo");
}

static bool furniture_role(xmlNodePtr n)
{
    for (xmlAttrPtr a = n->properties; a; a = a->next)
        if (a->name[0] == 'r' && html_eq((const char *)a->name, "role"))
            return attr_value_is(n, a, says_furniture_role);
    return false;
}

static bool says_true(const char *v)
{
    return html_name_eq(v, "true");
}

/* hidden="until-found": content the browser shows when find-in-page or a
 * link to it reaches it (an accordion's answers), part of the page */
static bool found_later(const char *v)
{
    return html_name_eq(v, "until-found");
}

static bool style_hides(const char *v)
{
    return strcasestr(v, "display:none") || strcasestr(v, "display: none") || strcasestr(v, "visibility:hidden");
}

static bool says_nodisplay(const char *v)
{
    return html_name_eq(v, "nodisplay");
}

/* Hidden by the `hidden` attribute (but for hidden="until-found"),
 * aria-hidden="true", AMP's layout="nodisplay", or an inline
 * style of display:none or visibility:hidden (the first of each
 * attribute counts, as xmlGetProp reads it); one pass over the
 * attributes, nothing copied. */
static bool is_hidden(xmlNodePtr n)
{
    xmlAttrPtr ah = NULL, st = NULL;
    for (xmlAttrPtr a = n->properties; a; a = a->next) {
        const char *an = (const char *)a->name;
        if (html_eq(an, "hidden") && !attr_value_is(n, a, found_later))
            return true;
        /* AMP's layout="nodisplay" (a sidebar, a lightbox) is display: none
         * until an action shows it */
        if (html_eq(an, "layout") && attr_value_is(n, a, says_nodisplay))
            return true;
        if (!ah && html_eq(an, "aria-hidden"))
            ah = a;
        else if (!st && html_eq(an, "style"))
            st = a;
    }
    return (ah && attr_value_is(n, ah, says_true)) || (st && attr_value_is(n, st, style_hides));
}

/* Whether n is a <template> that is no declarative shadow root: its
 * content is never shown (prune removes it). */
static bool template_unshown(xmlNodePtr n)
{
    return html_name_eq((const char *)n->name, "template") && !html_attr_view(n, "shadowrootmode") &&
           !html_attr_view(n, "shadowroot");
}

/* Whether an element's words are none of the prose around it: a link's,
 * a script's, a style's, an unshown template's. */
static bool not_prose(xmlNodePtr n)
{
    const char *nm = (const char *)n->name;
    return html_name_eq(nm, "a") || html_name_eq(nm, "script") || html_name_eq(nm, "style") ||
           (nm[0] == 't' && template_unshown(n));
}

/* Words of prose below n: text outside links, scripts, styles and unshown
 * templates. */
static size_t prose_words_in(xmlNodePtr n, int depth)
{
    size_t w = 0;
    for (; n && depth < 200; n = n->next) {
        if (n->type == XML_TEXT_NODE && n->content)
            w += html_word_count((const char *)n->content);
        else if (n->type == XML_ELEMENT_NODE && !not_prose(n))
            w += prose_words_in(n->children, depth + 1);
    }
    return w;
}

static size_t node_words(xmlNodePtr n)
{
    return n->type == XML_ELEMENT_NODE ? prose_words_in(n->children, 0) : 0;
}

/* node_words of every element of a page, counted once bottom-up: prune
 * asks it of nested elements, whose subtrees it has not changed yet when
 * it asks (it works top-down), so the counts stay exact. */
struct word_memo {
    xmlNodePtr *keys;
    size_t *words;
    size_t cap; /* a power of two; 0: not kept (a tree too deep) */
};

static size_t memo_slot(const struct word_memo *m, const void *key)
{
    size_t h = ((uintptr_t)key >> 4) * (size_t)0x9E3779B97F4A7C15ULL;
    size_t i = (h >> 20) & (m->cap - 1);
    while (m->keys[i] && m->keys[i] != key)
        i = (i + 1) & (m->cap - 1);
    return i;
}

#define MEMO_DEPTH 190 /* prose_words_in stops at 200 levels below where it starts */

/* The prose words under the siblings from n on, each element's own
 * count kept; *deepest: the depth reached. */
static size_t memo_fill(struct word_memo *m, xmlNodePtr n, int depth, int *deepest)
{
    size_t w = 0;
    if (depth > *deepest)
        *deepest = depth;
    if (depth >= MEMO_DEPTH)
        return 0; /* the memo is not kept */
    for (; n; n = n->next) {
        if (n->type == XML_TEXT_NODE && n->content) {
            w += html_word_count((const char *)n->content);
        } else if (n->type == XML_ELEMENT_NODE) {
            size_t own = memo_fill(m, n->children, depth + 1, deepest);
            size_t i = memo_slot(m, n);
            m->keys[i] = n;
            m->words[i] = own;
            if (!not_prose(n))
                w += own;
        }
    }
    return w;
}

static size_t count_elements(xmlNodePtr n, int depth)
{
    size_t c = 0;
    for (; n && depth < MEMO_DEPTH; n = n->next)
        if (n->type == XML_ELEMENT_NODE)
            c += 1 + count_elements(n->children, depth + 1);
    return c;
}

static void memo_free(struct word_memo *m)
{
    free(m->keys);
    free(m->words);
    *m = (struct word_memo){0};
}

static void memo_init(struct word_memo *m, xmlNodePtr root)
{
    size_t n = count_elements(root, 0), cap = 64;
    while (cap < 2 * n + 2)
        cap *= 2;
    m->cap = cap;
    m->keys = nw_calloc(cap, sizeof *m->keys);
    m->words = nw_calloc(cap, sizeof *m->words);
    int deepest = 0;
    memo_fill(m, root, 0, &deepest);
    if (deepest >= MEMO_DEPTH)
        memo_free(m);
}

/* node_words, from the memo when it has the element. */
static size_t memo_words(const struct word_memo *m, xmlNodePtr n)
{
    if (m->cap && n->type == XML_ELEMENT_NODE) {
        size_t i = memo_slot(m, n);
        if (m->keys[i] == n)
            return m->words[i];
    }
    return node_words(n);
}

/* A box that asks for an e-mail address (a newsletter's sign-up, a
 * download or a webinar behind a form) is the smallest stretch of page
 * around the address field that the sign-up's words fill: the highest
 * ancestor of an <input type=email> with at most SIGNUP_WORDS words (links
 * and all: a product grid has few words of prose), below <main>, <article>
 * and <body>. Its pitch ("Get our newsletter", "Sign up for the morning
 * briefing") goes with its field. The boxes of a page (at most
 * SIGNUP_BOXES) are found before prune removes the fields and marked with
 * the attribute SIGNUP_MARK; the text taken leaves them out
 * (clean_candidate), which text is taken being decided with them. */
#define SIGNUP_WORDS 300
#define SIGNUP_BOXES 8
#define SIGNUP_MARK "nw-signup"

static bool says_email(const char *v)
{
    return html_name_eq(v, "email");
}

/* The words of the text under n (scripts and styles aside), counted up to
 * a little over `limit`. */
static size_t words_upto(xmlNodePtr n, size_t limit, int depth)
{
    size_t w = 0;
    for (xmlNodePtr c = n->children; c && w <= limit && depth < 200; c = c->next) {
        if (c->type == XML_TEXT_NODE && c->content)
            w += html_word_count((const char *)c->content);
        else if (c->type == XML_ELEMENT_NODE && !html_eq((const char *)c->name, "script") &&
                 !html_eq((const char *)c->name, "style"))
            w += words_upto(c, limit - w, depth + 1);
    }
    return w;
}

/* <body>, <html>, <main> and <article>: kept whatever their names say */
static bool keeps_whatever(xmlNodePtr n)
{
    const char *nm = (const char *)n->name;
    return html_name_eq(nm, "body") || html_name_eq(nm, "html") || html_name_eq(nm, "main") ||
           html_name_eq(nm, "article");
}

/* The paragraphs of prose, SIGNUP_PROSE_WORDS words or more, that node x
 * is or holds, counted up to limit: <p>s, and texts outside them (a story
 * written in <div>s, or parted by <br>s). */
#define SIGNUP_PROSE_WORDS 20
static size_t prose_of(xmlNodePtr x, size_t limit, int depth)
{
    if (x->type == XML_TEXT_NODE)
        return x->content && html_word_count((const char *)x->content) >= SIGNUP_PROSE_WORDS;
    if (x->type != XML_ELEMENT_NODE || html_name_eq((const char *)x->name, "script") ||
        html_name_eq((const char *)x->name, "style"))
        return 0;
    if (html_name_eq((const char *)x->name, "p"))
        return words_upto(x, SIGNUP_PROSE_WORDS, 0) >= SIGNUP_PROSE_WORDS;
    size_t k = 0;
    for (xmlNodePtr c = x->children; c && k < limit && depth < 200; c = c->next)
        k += prose_of(c, limit - k, depth + 1);
    return k;
}

static void mark_signup_boxes(xmlNodePtr root)
{
    xmlNodePtr boxes[SIGNUP_BOXES];
    size_t n = 0;
    for (xmlNodePtr c = root; c && n < SIGNUP_BOXES; c = html_next_in_order(c, root)) {
        if (c->type != XML_ELEMENT_NODE || !html_eq((const char *)c->name, "input"))
            continue;
        xmlAttrPtr type = NULL;
        for (xmlAttrPtr a = c->properties; a && !type; a = a->next)
            if (html_eq((const char *)a->name, "type"))
                type = a;
        if (!type || !attr_value_is(c, type, says_email))
            continue;
        /* up from the field, each ancestor's words and prose are those of
         * the one below it and of its other children: a paragraph of
         * prose before the field, or two after it, are what the box sits
         * in, not the box */
        xmlNodePtr box = NULL, below = c;
        size_t words = 0, k[2] = {0, 0};
        for (xmlNodePtr a = c->parent; a && a != root && a->type == XML_ELEMENT_NODE && !keeps_whatever(a);
             below = a, a = a->parent) {
            bool after = false;
            for (xmlNodePtr x = a->children; x && words <= SIGNUP_WORDS && k[0] < 1 && k[1] < 2; x = x->next) {
                if (x == below) {
                    after = true;
                } else if (x->type == XML_TEXT_NODE && x->content) {
                    size_t w = html_word_count((const char *)x->content);
                    words += w;
                    k[after] += w >= SIGNUP_PROSE_WORDS;
                } else if (x->type == XML_ELEMENT_NODE && !html_eq((const char *)x->name, "script") &&
                           !html_eq((const char *)x->name, "style")) {
                    words += words_upto(x, SIGNUP_WORDS - words, 0);
                    k[after] += prose_of(x, 2, 0);
                }
            }
            if (words > SIGNUP_WORDS || k[0] >= 1 || k[1] >= 2)
                break;
            box = a;
        }
        bool known = false;
        for (size_t i = 0; i < n && box; i++)
            known |= boxes[i] == box || html_contains(boxes[i], box);
        if (box && !known)
            boxes[n++] = box;
    }
    for (size_t i = 0; i < n; i++)
        xmlSetProp(boxes[i], (const xmlChar *)SIGNUP_MARK, (const xmlChar *)"");
}

/* Removes what is never article text. Keeps <main>, <article> and <body>
 * whatever their names say, and any element holding most of the page's
 * prose: a "content-with-sidebar" wrapper or a page-wide <form> is where
 * the article is, whatever its name. */
#define MAX_DISCLOSED 512
#define DISCLOSED_SLOTS 1024 /* a power of two, twice MAX_DISCLOSED */
#define DISCLOSED_ID_MAX 128 /* longer ids are none of a panel's */

struct prune_ctx {
    struct word_memo memo;
    size_t page_words;
    bool lenient;          /* a second look at a page that gave no article:
                            * class and id names remove nothing */
    bool discussion;       /* the page says it is a discussion thread */
    size_t dropped_words;  /* words of the elements removed for their class or id */
    /* the ids of what a disclosure button shows and hides (see
     * find_disclosed): a set, open addressing, DISCLOSED_SLOTS slots,
     * copies of at most MAX_DISCLOSED ids */
    char **disclosed;
    size_t ndisclosed;
    int in_code;           /* inside a <pre> or a <code>: class names there are a
                            * syntax highlighter's ("hljs-comment", Prism's
                            * "token comment"), not the page's furniture */
};

/* Whether an element holds an <article> or a <main>. */
static bool holds_article(xmlNodePtr n)
{
    for (xmlNodePtr c = n->children; c; c = html_next_in_order(c, n))
        if (c->type == XML_ELEMENT_NODE &&
            (html_eq((const char *)c->name, "article") || html_eq((const char *)c->name, "main")))
            return true;
    return false;
}

/* A modal dialog (aria-modal="true") or a popover (the popover
 * attribute: shown only when asked for), which lie over the page. */
static bool is_modal(xmlNodePtr n)
{
    for (xmlAttrPtr a = n->properties; a; a = a->next) {
        const char *an = (const char *)a->name;
        if (an[0] == 'p' && html_eq(an, "popover"))
            return true;
        if (an[0] == 'a' && html_eq(an, "aria-modal") && attr_value_is(n, a, says_true))
            return true;
    }
    return false;
}

static size_t disclosed_slot(const char *id, size_t len)
{
    uint32_t h = 2166136261u; /* FNV-1a */
    for (size_t i = 0; i < len; i++)
        h = (h ^ (unsigned char)id[i]) * 16777619u;
    return h & (DISCLOSED_SLOTS - 1);
}

/* The slot of id (len bytes) in the set: where it is, or the empty one
 * where it would go. */
static char **disclosed_find(char **set, const char *id, size_t len)
{
    for (size_t i = disclosed_slot(id, len);; i = (i + 1) & (DISCLOSED_SLOTS - 1))
        if (!set[i] || (!strncmp(set[i], id, len) && !set[i][len]))
            return &set[i];
}

/* The ids a page's disclosure buttons and tabs control (WAI-ARIA's
 * disclosure, accordion and tabs patterns: aria-controls naming the panel
 * on a button, a role=button or role=tab, or on an element with
 * aria-expanded), into ctx's set, copied (pruning frees the buttons). */
static void find_disclosed(xmlNodePtr root, struct prune_ctx *ctx)
{
    for (xmlNodePtr n = root; n && ctx->ndisclosed < MAX_DISCLOSED; n = html_next_in_order(n, root)) {
        if (n->type != XML_ELEMENT_NODE || !n->properties)
            continue;
        /* the parser gives attribute names in lower case; most elements
         * have no aria-* at all */
        xmlAttrPtr ac = n->properties;
        while (ac && !(ac->name[0] == 'a' && html_eq((const char *)ac->name, "aria-controls")))
            ac = ac->next;
        const char *controls = ac && ac->children && ac->children->type == XML_TEXT_NODE && !ac->children->next
                                   ? (const char *)ac->children->content
                                   : NULL;
        if (!controls || !*controls)
            continue;
        const char *role = html_attr_view(n, "role");
        if (!html_attr_view(n, "aria-expanded") && !html_eq((const char *)n->name, "button") &&
            !(role && (html_name_eq(role, "button") || html_name_eq(role, "tab"))))
            continue;
        for (const char *p = controls; *p && ctx->ndisclosed < MAX_DISCLOSED;) {
            size_t len = strcspn(p, " \t\n\r\f");
            if (len && len <= DISCLOSED_ID_MAX) {
                if (!ctx->disclosed)
                    ctx->disclosed = nw_calloc(DISCLOSED_SLOTS, sizeof *ctx->disclosed);
                char **slot = disclosed_find(ctx->disclosed, p, len);
                if (!*slot) {
                    *slot = nw_strndup(p, len);
                    ctx->ndisclosed++;
                }
            }
            p += len;
            p += strspn(p, " \t\n\r\f");
        }
    }
}

/* Whether a button is an accordion's heading: it shows or hides a panel
 * (aria-controls or aria-expanded), and its text of three words or more
 * is a heading's (inside an <h2>-<h6>) or a question ("When does the road
 * reopen?"), not a control's ("Show more"). */
static bool accordion_heading(xmlNodePtr b)
{
    if (!html_attr_view(b, "aria-controls") && !html_attr_view(b, "aria-expanded"))
        return false;
    /* its children's text: a button's own is never read */
    struct nw_buf tb = {0};
    nw_buf_append(&tb, "", 0);
    for (xmlNodePtr c = b->children; c; c = c->next) {
        if (c->type == XML_TEXT_NODE && c->content) {
            nw_buf_putc(&tb, ' ');
            nw_buf_puts(&tb, (const char *)c->content);
        } else if (c->type == XML_ELEMENT_NODE) {
            nw_buf_putc(&tb, ' ');
            html_node_text(c, &tb);
        }
    }
    char *t = html_text_trim(&tb);
    size_t n = strlen(t);
    bool question = n && (t[n - 1] == '?' || (n >= 3 && !memcmp(t + n - 3, "\xef\xbc\x9f", 3))); /* ？ */
    bool ok = html_word_count(t) >= 3;
    free(t);
    if (!ok)
        return false;
    if (question)
        return true;
    for (xmlNodePtr a = b->parent; a && a->type == XML_ELEMENT_NODE; a = a->parent) {
        const char *nm = (const char *)a->name;
        if (html_heading_rank(nm) >= 2)
            return true;
        if (html_is_block(nm))
            break;
    }
    return false;
}

/* Whether an element is a panel a disclosure button shows. */
static bool is_disclosed(xmlNodePtr n, const struct prune_ctx *ctx)
{
    const char *id = ctx->ndisclosed ? html_attr_view(n, "id") : NULL;
    size_t len = id ? strlen(id) : 0;
    return len && len <= DISCLOSED_ID_MAX && *disclosed_find(ctx->disclosed, id, len);
}

/* Reader comments told by their shape, whatever their names ("commentaires",
 * "reacties", a theme's own): after the story, a list of at least
 * THREAD_RECORDS records of one shape, each dated in a line of its own (a
 * <time>, or a short text with a clock time or a date in digits) apart
 * from its text (a header block above a text block), that does not hold
 * the story's own paragraphs. A forum's posts hold them and are kept. */
#define THREAD_RECORDS 3
#define THREAD_LOOK 64        /* children of a list looked at */
#define RECORD_LOOK 400       /* nodes of a record looked at */
#define STAMP_WORDS 8         /* a date line's words, at most */
#define STAMP_BYTES 120       /* and its bytes */
#define STORY_WORDS 100       /* a story's words, at least, for comments to be set apart from it */
#define THREAD_LABEL_WORDS 40 /* a wrapper's own words ("34 responses to ...") */
/* xmlNode's extra bits (libxml2's HTML parser leaves them 0, nothing else
 * here sets them): a date line of this element's was pruned */
#define DATED_BLOCK_GONE 0x4000

/* Whether t holds a clock time ("07:52", "6:34 am") or a date in digits
 * with a four-digit year ("2019-11-19", "19/11/2019", "19.11.2019"). */
static bool stamp_text(const char *t)
{
    static const char digits[] = "0123456789";
    for (const char *p = t; *p; p++) {
        if (!isdigit((unsigned char)*p) || (p > t && isdigit((unsigned char)p[-1])))
            continue;
        size_t a = strspn(p, digits);
        const char *q = p + a;
        if (a <= 2 && *q == ':' && isdigit((unsigned char)q[1]) && isdigit((unsigned char)q[2]) &&
            !isdigit((unsigned char)q[3]))
            return true;
        if (a <= 4 && (*q == '/' || *q == '.' || *q == '-')) {
            size_t b = strspn(q + 1, digits);
            const char *r = q + 1 + b;
            size_t c = *r == *q ? strspn(r + 1, digits) : 0;
            if (b >= 1 && b <= 2 && c >= 1 && c <= 4 && (a == 4) != (c == 4) && !isdigit((unsigned char)r[1 + c]))
                return true;
        }
        p = q - 1;
    }
    return false;
}

/* Whether a text node is a short dated line. */
static bool stamp_line(xmlNodePtr c)
{
    const char *t = (const char *)c->content;
    return c->type == XML_TEXT_NODE && t && strnlen(t, STAMP_BYTES + 1) <= STAMP_BYTES && stamp_text(t) &&
           html_word_count(t) <= STAMP_WORDS;
}

/* The first date line below n (RECORD_LOOK nodes looked at): a <time>, a
 * short dated text, or an element marked DATED_BLOCK_GONE (*gone set). */
static xmlNodePtr find_stamp(xmlNodePtr n, bool *gone)
{
    size_t looked = 0;
    *gone = false;
    for (xmlNodePtr c = n->children; c && looked < RECORD_LOOK; c = html_next_in_order(c, n), looked++) {
        if (c->type == XML_ELEMENT_NODE && (c->extra & DATED_BLOCK_GONE)) {
            *gone = true;
            return c;
        }
        if ((c->type == XML_ELEMENT_NODE && c->name[0] == 't' && html_eq((const char *)c->name, "time")) ||
            stamp_line(c))
            return c;
    }
    return NULL;
}

/* Whether a small element that prune drops (a comment's <footer>) holds a
 * date line: its parent is marked DATED_BLOCK_GONE, for dated_record. */
static bool holds_stamp(xmlNodePtr n)
{
    bool gone;
    return find_stamp(n, &gone) != NULL;
}

/* Whether an element named as comments is the thread of a page that says
 * it is a discussion (a forum's topic, a question and its answers, whose
 * software names the replies "comments"): it holds THREAD_TENTHS of the
 * page's words, and a thread's worth of them, and is no cookie or consent
 * banner (named as comments are, to go whatever their size). */
#define THREAD_TENTHS 4
static bool holds_the_thread(xmlNodePtr n, struct prune_ctx *ctx)
{
    size_t words = memo_words(&ctx->memo, n);
    const char *role;
    return words * 10 > ctx->page_words * THREAD_TENTHS && words >= 2 * WEAK_BODY_WORDS &&
           !(name_categories(n, &role) & CAT_BANNER);
}

static void prune(xmlNodePtr n, int depth, struct prune_ctx *ctx)
{
    size_t page_words = ctx->page_words;
    xmlNodePtr next;
    for (; n; n = next) {
        next = n->next;
        if (n->type == XML_COMMENT_NODE) {
            xmlUnlinkNode(n);
            xml_arena_free_node(n);
            continue;
        }
        if (n->type != XML_ELEMENT_NODE)
            continue;
        const char *name = (const char *)n->name;
        /* a panel hidden until its button is pressed is content the
         * reader opens (an accordion's answers, a story's "read more") */
        bool drop = depth > 200 || (is_hidden(n) && !is_disclosed(n, ctx));
        static struct html_name_set removed = HTML_NAME_SET(removed_tags);
        drop = drop || html_name_in(&removed, name, strnlen(name, 16));
        for (size_t i = 0;
             !drop && name[0] == 'a' && !strncmp(name, "amp-", 4) && i < sizeof removed_amp / sizeof *removed_amp; i++)
            drop = !strcmp(name + 4, removed_amp[i]);
        /* the landmarks <nav>, <aside> and <footer> stand for, written as
         * roles ("<div role=navigation>"), go as the elements do */
        if (!drop && n->properties)
            drop = furniture_role(n);
        /* a <template> is never shown, and its words are no page's (a
         * component's markup): no rescue below makes it the article. One
         * that is a declarative shadow root (shadowrootmode) is shown,
         * its children in its place */
        if (name[0] == 't' && html_eq(name, "template")) {
            if (template_unshown(n)) {
                xmlUnlinkNode(n);
                xml_arena_free_node(n);
            } else {
                next = html_unwrap(n);
            }
            continue;
        }
        /* an accordion's heading is a button that shows its panel: its
         * text (a question of an FAQ) is the panel's heading, kept as the
         * panel is */
        if (drop && name[0] == 'b' && html_eq(name, "button") && accordion_heading(n)) {
            next = html_unwrap(n);
            continue;
        }
        /* captions are no part of a story's text, but they are all a
         * gallery has: the second look keeps them, and their words count
         * towards taking one */
        if (drop && name[0] == 'f' && html_eq(name, "figcaption")) {
            if (ctx->lenient)
                drop = false;
            else
                ctx->dropped_words += memo_words(&ctx->memo, n);
        }
        /* an element holding most of the page's prose is no furniture,
         * whatever its tag or its hidden state: a <noscript> is the page
         * as served to readers without scripts (forums and apps render
         * their posts there), a hidden <div> a streaming renderer's
         * container, and a <button> or <nav> that was never closed holds
         * the rest of the page in this parser's tree */
        /* the root itself stays, whatever it says of itself: the callers
         * hold it */
        bool root = !(n->parent && n->parent->type == XML_ELEMENT_NODE);
        if (drop && root) {
            drop = false;
        } else if (drop && page_words > 50 && !html_eq(name, "script") && !html_eq(name, "style")) {
            size_t words = memo_words(&ctx->memo, n);
            bool most = words * 10 > page_words * (!html_eq(name, "noscript") ? RESCUE_TENTHS : NOSCRIPT_TENTHS);
            /* a button never holds an article or a page's main part but
             * when it was left open before them */
            if (!most && name[0] == 'b' && html_eq(name, "button") && holds_article(n))
                most = true;
            if (most) {
                /* its children take its place, as a browser's tree would
                 * have them, and are pruned in turn */
                next = html_unwrap(n);
                continue;
            }
        }
        bool keep_anyway = root || keeps_whatever(n);
        if (!drop && !keep_anyway && is_modal(n)) {
            /* a modal dialog or a popover (a store's policies, a sign-up
             * form, an app's install card) lies over the page, never
             * around it, however much it holds */
            drop = true;
        } else if (!drop && !keep_anyway && !ctx->in_code) {
            enum hint h = class_hint(n);
            if (html_name_eq(name, "form") && h != HINT_COMMENTS && h != HINT_STRONG_NEGATIVE)
                h = HINT_NEGATIVE;
            if (h == HINT_COMMENTS && ctx->discussion && !ctx->lenient && holds_the_thread(n, ctx)) {
                /* the replies are this page's content: they stay, and what
                 * they hold named as comments (each reply) too */
                ctx->lenient = true;
                prune(n->children, depth + 1, ctx);
                ctx->lenient = false;
                continue;
            }
            if (h == HINT_COMMENTS) {
                drop = !ctx->lenient;
                if (drop)
                    ctx->dropped_words += memo_words(&ctx->memo, n);
            } else if (h == HINT_STRONG_NEGATIVE || h == HINT_NEGATIVE) {
                size_t words = memo_words(&ctx->memo, n);
                bool wrapper = page_words > 100 && words * 10 > page_words * 4;
                /* weak hints remove only what has little prose */
                drop = !wrapper && (h == HINT_STRONG_NEGATIVE || words < 60) && !ctx->lenient;
                if (drop)
                    ctx->dropped_words += words;
            }
        }
        if (drop) {
            /* a record's date line in a block of its own (a <footer>) */
            if (n->parent && n->parent->type == XML_ELEMENT_NODE && memo_words(&ctx->memo, n) <= 2 * STAMP_WORDS &&
                !html_eq(name, "script") && !html_eq(name, "style") && html_is_block(name) && holds_stamp(n))
                n->parent->extra |= DATED_BLOCK_GONE;
            xmlUnlinkNode(n);
            xml_arena_free_node(n);
            continue;
        }
        bool code = html_eq(name, "pre") || html_eq(name, "code");
        ctx->in_code += code;
        prune(n->children, depth + 1, ctx);
        ctx->in_code -= code;
    }
}

static struct node_info *info(xmlNodePtr n)
{
    if (!n->_private)
        n->_private = nw_calloc(1, sizeof(struct node_info));
    return n->_private;
}

static void free_info(xmlNodePtr n)
{
    for (; n; n = n->next) {
        if (n->type == XML_ELEMENT_NODE) {
            free(n->_private);
            n->_private = NULL;
            free_info(n->children);
        }
    }
}

/* Unlinks and frees a subtree, with its scratch data. */
static void drop_node(xmlNodePtr n)
{
    xmlUnlinkNode(n);
    if (n->type == XML_ELEMENT_NODE) {
        free(n->_private);
        n->_private = NULL;
        free_info(n->children);
    }
    xml_arena_free_node(n);
}

/* Fills text_chars/link_chars of every scored element in one walk. */
static void measure(xmlNodePtr n, size_t *all, size_t *link, bool in_link, int depth)
{
    for (; n && depth < 200; n = n->next) {
        if (n->type == XML_TEXT_NODE && n->content) {
            size_t l = html_solid_chars((const char *)n->content);
            *all += l;
            if (in_link)
                *link += l;
        } else if (n->type == XML_ELEMENT_NODE) {
            size_t a = 0, k = 0;
            measure(n->children, &a, &k, in_link || name_is(n, "a"), depth + 1);
            if (n->_private) {
                struct node_info *ni = n->_private;
                ni->measured = true;
                ni->text_chars = a;
                ni->link_chars = k;
            }
            *all += a;
            *link += k;
        }
    }
}

static double link_density(xmlNodePtr n)
{
    if (n->_private && ((struct node_info *)n->_private)->measured) {
        const struct node_info *ni = n->_private;
        return ni->text_chars ? (double)ni->link_chars / (double)ni->text_chars : 0.0;
    }
    size_t all = 0, link = 0;
    measure(n->children, &all, &link, name_is(n, "a"), 0);
    return all ? (double)link / (double)all : 0.0;
}

static bool custom_element(xmlNodePtr n)
{
    return html_is_custom((const char *)n->name);
}

/* Whether n is no element of HTML's: a custom element, or one a framework
 * names as it likes (Angular's "<app>", "<navbar>"), which browsers keep
 * as they are with whatever they hold. */
static bool unknown_element(xmlNodePtr n)
{
    const char *nm = (const char *)n->name;
    return !html_is_element_name(nm, strlen(nm));
}

/* How many unknown elements deep a block is looked for: "<div><app-root>
 * <app><stream><div>" is a page's layout. */
#define CUSTOM_DEPTH 8

/* Whether one of n's children is a block, or an element HTML does not
 * know holding one: such an element is a container, as a <div> would be,
 * not running text ("<div><c-wiz><div>...</div></c-wiz><c-wiz>...
 * </c-wiz></div>" is no paragraph), while one holding text
 * ("<relative-time>", a footnote's "<cite-ref>") stays inline. */
static bool block_child_at(xmlNodePtr n, int depth)
{
    for (xmlNodePtr c = n->children; c; c = c->next)
        if (c->type == XML_ELEMENT_NODE &&
            ((html_is_block((const char *)c->name) && !name_is(c, "br")) ||
             (depth < CUSTOM_DEPTH && unknown_element(c) && block_child_at(c, depth + 1))))
            return true;
    return false;
}

static bool has_block_child(xmlNodePtr n)
{
    return block_child_at(n, 0);
}

/* An element HTML does not know, used as a <div> is. */
static bool unknown_container(xmlNodePtr n)
{
    return unknown_element(n) && has_block_child(n);
}

static bool is_paragraph_like(xmlNodePtr n)
{
    const char *nm = (const char *)n->name;
    if (html_name_eq(nm, "p") || html_name_eq(nm, "pre") || html_name_eq(nm, "blockquote"))
        return true;
    /* a table's cell that holds blocks is a layout's column */
    if ((html_name_eq(nm, "div") || custom_element(n) || html_name_eq(nm, "section") || html_name_eq(nm, "span") ||
         html_name_eq(nm, "font") || html_name_eq(nm, "li") || html_name_eq(nm, "td")) &&
        !has_block_child(n))
        return true;
    return false;
}

static double tag_weight(xmlNodePtr n)
{
    const char *nm = (const char *)n->name;
    double w = 0;
    if (html_name_eq(nm, "article"))
        w = 15;
    else if (html_name_eq(nm, "main"))
        w = 8;
    else if (html_name_eq(nm, "div") || html_name_eq(nm, "section") || unknown_container(n))
        w = 5;
    else if (html_name_eq(nm, "pre") || html_name_eq(nm, "td") || html_name_eq(nm, "blockquote"))
        w = 3;
    else if (html_name_eq(nm, "ol") || html_name_eq(nm, "ul") || html_name_eq(nm, "dl") || html_name_eq(nm, "form") ||
             html_name_eq(nm, "li"))
        w = -3;
    else if (nm[0] == 'h' && isdigit((unsigned char)nm[1]))
        w = -5;
    enum hint h = class_hint(n);
    if (h == HINT_POSITIVE)
        w += 25;
    else if (h == HINT_NEGATIVE)
        w -= 25;
    xmlChar *ip = xmlGetProp(n, (const xmlChar *)"itemprop");
    if (ip && strstr((const char *)ip, "articleBody"))
        w += 40;
    xmlFree(ip);
    return w;
}

static void add_score(xmlNodePtr n, double s)
{
    struct node_info *ni = info(n);
    if (!ni->scored) {
        ni->scored = true;
        ni->score = tag_weight(n);
    }
    ni->score += s;
}

/* Length of the text below n with white space collapsed, and its commas,
 * without building the text. */
static void para_stats(xmlNodePtr n, size_t *len, size_t *commas, bool *space, int depth)
{
    for (; n && depth < 200; n = n->next) {
        if (n->type == XML_TEXT_NODE && n->content) {
            html_text_stats((const char *)n->content, len, commas, space);
        } else if (n->type == XML_ELEMENT_NODE) {
            para_stats(n->children, len, commas, space, depth + 1);
        }
    }
}

/* The fewest characters of a run of loose text scored as a paragraph. */
#define LOOSE_MIN 50

/* The scored containers, gathered by score_walk. */
struct cands {
    xmlNodePtr *v;
    size_t n, cap;
};

/* Scores a paragraph of len characters and `commas` commas into the
 * element that holds it and four more ancestors. */
static void score_paragraph(xmlNodePtr parent, size_t len, size_t commas, struct cands *c)
{
    if (len < 25)
        return;
    for (xmlNodePtr a = parent; a && a->type == XML_ELEMENT_NODE; a = a->parent)
        info(a)->para_chars += len;
    if (parent && parent->type == XML_ELEMENT_NODE)
        info(parent)->direct_chars += len;
    double s = 1.0 + (double)commas + fmin(3.0, (double)len / 100.0);
    xmlNodePtr a = parent;
    for (int level = 0; a && a->type == XML_ELEMENT_NODE && level < 5; level++, a = a->parent) {
        bool first = !info(a)->scored;
        add_score(a, level == 0 ? s : level == 1 ? s / 2 : s / (level * 3));
        if (first) {
            if (c->n == c->cap)
                c->v = nw_realloc(c->v, (c->cap = c->cap ? c->cap * 2 : 64) * sizeof *c->v);
            c->v[c->n++] = a;
        }
    }
}

/* Whether n is an element of running text ("The <a>bridge</a> was
 * <em>closed</em>"), not a <span> or <font> (each scored as a paragraph
 * already) nor an element of no known kind. */
static bool phrasing(xmlNodePtr n)
{
    static const char *const tags[] = {"a",   "abbr", "b",    "bdi",  "cite", "code", "del",  "dfn",   "em",
                                       "i",   "ins",  "kbd",  "mark", "q",    "s",    "samp", "small", "strong",
                                       "sub", "sup",  "time", "tt",   "u",    "var",  NULL};
    const char *nm = (const char *)n->name; /* lower case, as the HTML parser gives names */
    for (size_t i = 0; tags[i]; i++)
        if (tags[i][0] == nm[0] && !strcmp(nm, tags[i]))
            return true;
    return false;
}

/* Whether n holds text of its own, not only in its elements (most
 * containers hold elements and the blanks between them). */
static bool loose_text_in(xmlNodePtr n)
{
    for (xmlNodePtr k = n->children; k; k = k->next)
        if (k->type == XML_TEXT_NODE && !xmlIsBlankNode(k))
            return true;
    return false;
}

/* The paragraphs an element with blocks in it writes as loose text
 * between them: runs of text and inline elements, a blank line (two
 * <br>s) parting one from the next, as browsers show them and as
 * WordPress's classic editor and older CMSs write bodies ("Text<br><br>
 * More<h3>Part</h3>More"). Each is scored as a paragraph of n. */
static int score_loose_text(xmlNodePtr n, struct cands *c, bool score, bool wide)
{
    int runs = 0;
    size_t len = 0, commas = 0, linked = 0;
    bool space = true;
    int brs = 0; /* <br>s since the last text */
    for (xmlNodePtr k = n->children;; k = k->next) {
        bool text = k && k->type == XML_TEXT_NODE && k->content;
        /* blanks and comments neither part a run nor join it */
        bool blank = (text && xmlIsBlankNode(k)) || (k && k->type != XML_TEXT_NODE && k->type != XML_ELEMENT_NODE);
        bool br = k && k->type == XML_ELEMENT_NODE && name_is(k, "br");
        /* wide: a <font> or <span> is running text too (in an element
         * of no blocks, whose children are scored nowhere else) */
        bool inl =
            k && k->type == XML_ELEMENT_NODE && (phrasing(k) || (wide && (name_is(k, "font") || name_is(k, "span"))));
        if (blank)
            continue;
        if (br) {
            brs++;
            continue;
        }
        if (!k || (!text && !inl) || brs >= 2) {
            /* a sentence or more ("Sold by: Ann's Shop" under each
             * product is none), mostly not links; prose has a comma in
             * 25 characters at most, where code and data a tag left
             * unclosed made text ("x-init=\"menu = [{...}]") have more */
            if (len >= LOOSE_MIN && commas * 25 <= len && linked * 2 <= len) {
                runs++;
                if (score)
                    score_paragraph(n, len, commas, c);
            }
            len = commas = linked = 0;
            space = true;
        }
        brs = 0;
        if (!k)
            break;
        if (text) {
            html_text_stats((const char *)k->content, &len, &commas, &space);
        } else if (inl) {
            size_t before = len;
            para_stats(k->children, &len, &commas, &space, 0);
            if (name_is(k, "a"))
                linked += len - before;
        }
    }
    return runs;
}

/* Whether one of n's children is a <font>. */
static bool font_child(xmlNodePtr n)
{
    for (xmlNodePtr k = n->children; k; k = k->next)
        if (k->type == XML_ELEMENT_NODE && name_is(k, "font"))
            return true;
    return false;
}

/* Scores every paragraph-like element into its ancestors; collects the
 * scored containers into `c`. */
static void score_walk(xmlNodePtr n, struct cands *c, int depth)
{
    for (; n && depth < 200; n = n->next) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        bool blocks = has_block_child(n);
        /* text set in <font>s and parted by blank lines (two <br>s), in a
         * <font> or a table's cell of no blocks, as pages were laid out
         * before CSS: its runs are its paragraphs, and it their container,
         * not one long paragraph of its parent's (a layout table's row,
         * whose other cells are the page's menus); a cell whose runs are
         * in its <font>s is read into */
        bool font_cell = !blocks && name_is(n, "td") && font_child(n);
        if (!blocks && (name_is(n, "font") || font_cell) && score_loose_text(n, c, false, true) >= 2) {
            score_loose_text(n, c, true, true);
            continue;
        }
        if (font_cell) {
            score_walk(n->children, c, depth + 1);
            continue;
        }
        if (is_paragraph_like(n)) {
            size_t len = 0, commas = 0;
            bool space = true;
            para_stats(n->children, &len, &commas, &space, 0);
            score_paragraph(n->parent, len, commas, c);
            if (!blocks)
                continue;
        }
        /* (and so does an <article> or a <main> of text and <br>s, no
         * blocks in it, which is no paragraph: its runs are) */
        if (loose_text_in(n) && (blocks || name_is(n, "article") || name_is(n, "main")))
            score_loose_text(n, c, true, false);
        score_walk(n->children, c, depth + 1);
    }
}

/* A heading (h2 to h6) that is a link, at most four levels into n: the
 * title of a post's teaser. */
static bool linked_heading_in(xmlNodePtr n, int depth)
{
    for (xmlNodePtr c = n->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        if (html_heading_rank((const char *)c->name) >= 2)
            return link_density(c) >= 0.7;
        if (depth < 4 && linked_heading_in(c, depth + 1))
            return true;
    }
    return false;
}

/* Teasers of other posts ("latest news", "related posts" cards): three or
 * more <article> children that each hold a linked heading and a short
 * text, and that make most of n's children. */
#define TEASER_WORDS 80
static bool teaser_list(xmlNodePtr n)
{
    int kids = 0, teasers = 0;
    for (xmlNodePtr c = n->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        kids++;
        if (name_is(c, "article") && linked_heading_in(c, 0)) {
            char *t = html_node_text_str(c);
            teasers += html_word_count(t) <= TEASER_WORDS;
            free(t);
        }
    }
    return teasers >= 3 && teasers * 10 >= kids * 6;
}

/* Whether a text ends as a cut excerpt does: "…", "...", "[…]", "[...]",
 * or one of those and a link's few words after it ("... [read more]",
 * "… Weiterlesen"). */
#define CUT_TAIL_BYTES 32
#define CUT_TAIL_WORDS 3
static bool ends_cut(const char *t)
{
    size_t n = strlen(t);
    if (n && t[n - 1] == ']')
        n--;
    if ((n >= 3 && !memcmp(t + n - 3, "\xE2\x80\xA6", 3)) || (n >= 3 && !memcmp(t + n - 3, "...", 3)))
        return true;
    size_t from = n > CUT_TAIL_BYTES ? n - CUT_TAIL_BYTES : 0;
    for (size_t i = n; i-- > from + 2;) {
        if ((t[i] != '.' || memcmp(t + i - 2, "...", 3)) &&
            ((unsigned char)t[i] != 0xA6 || memcmp(t + i - 2, "\xE2\x80\xA6", 3)))
            continue;
        const char *tail = t + i + 1;
        size_t tl = n - (i + 1);
        return tl && strchr(" \t\n[(", *tail) && !memchr(tail, '.', tl) && !html_words_above(tail, tl, CUT_TAIL_WORDS);
    }
    return false;
}

/* Whether two cards are built alike: one element name and the same
 * element children in the same order ("div: a, div, p"), names or none. */
static bool built_alike(xmlNodePtr a, xmlNodePtr b)
{
    if (strcmp((const char *)a->name, (const char *)b->name))
        return false;
    xmlNodePtr x = xmlFirstElementChild(a), y = xmlFirstElementChild(b);
    for (int i = 0; x && y && i < 16; i++, x = xmlNextElementSibling(x), y = xmlNextElementSibling(y))
        if (strcmp((const char *)x->name, (const char *)y->name))
            return false;
    return !x && !y;
}

#define EXCERPT_WORDS 250

/* Whether three of n's children other than paragraphs are built alike
 * (or more kinds than are kept apart here): what excerpt_list needs
 * before it reads any text, as it is asked of every element of the
 * story. */
#define CARD_KINDS 32
static bool cards_alike(xmlNodePtr n)
{
    xmlNodePtr kind[CARD_KINDS];
    int count[CARD_KINDS], kinds = 0;
    for (xmlNodePtr c = n->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE || name_is(c, "p"))
            continue;
        int k = 0;
        while (k < kinds && !built_alike(c, kind[k]))
            k++;
        if (k == kinds) {
            if (kinds == CARD_KINDS)
                return true;
            kind[kinds] = c;
            count[kinds++] = 0;
        }
        if (++count[k] >= 3)
            return true;
    }
    return false;
}

/* Excerpts of other posts, whatever their elements are named ("You may
 * also like": <div>s, not <article>s): children built alike, of
 * EXCERPT_WORDS at most each, three or more of them and half at least
 * ending cut ("... traçando um plano paralelo para …"), that hold most of
 * n's words. A story's paragraphs are not of one shape ending so. */
static bool excerpt_list(xmlNodePtr n)
{
    if (!cards_alike(n))
        return false;
    xmlNodePtr first = NULL;
    for (xmlNodePtr c = n->children; c && !first; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        if (name_is(c, "p")) /* a card holds its excerpt; a paragraph is the story's */
            continue;
        char *t = html_node_text_str(c);
        if (ends_cut(t) && html_word_count(t) <= EXCERPT_WORDS)
            first = c;
        free(t);
    }
    if (!first)
        return false;
    int cut = 0, shaped = 0;
    size_t words = 0, shaped_words = 0;
    for (xmlNodePtr c = n->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE && c->type != XML_TEXT_NODE)
            continue;
        char *t = html_node_text_str(c);
        size_t w = html_word_count(t);
        words += w;
        if (c->type == XML_ELEMENT_NODE && w <= EXCERPT_WORDS && (c == first || built_alike(c, first))) {
            shaped++;
            shaped_words += w;
            cut += ends_cut(t);
        }
        free(t);
    }
    return cut >= 3 && cut * 2 >= shaped && shaped_words * 10 >= words * 6;
}

static bool is_heading(xmlNodePtr n)
{
    return html_heading_rank((const char *)n->name) > 0;
}

/* The list n is: itself (a <ul>, an <ol>, with dl a <dl> too), or the
 * one list that is its only element child (<div class="ulist"><ul>...);
 * NULL for anything else. */
static xmlNodePtr list_of(xmlNodePtr n, bool dl)
{
    if (name_is(n, "ul") || name_is(n, "ol") || (dl && name_is(n, "dl")))
        return n;
    xmlNodePtr list = xmlFirstElementChild(n);
    if (!list || xmlNextElementSibling(list) || (!name_is(list, "ul") && !name_is(list, "ol")))
        return NULL;
    return list;
}

/* Whether n is a list inside the text: a sentence introduces it (its
 * previous element, a paragraph of six words or more, ends with a colon:
 * "This needed a few PRs on the Rust side:") and the text goes on after
 * it (a paragraph of ten words or more). The links it lists are the
 * article's. A label ("Read more:") introduces no such list, and the
 * "you might also like:" list at the end of a post is followed by
 * nothing, or by the next box's heading. */
#define INTRO_WORDS 6
#define AFTER_WORDS 10
static bool introduced_list(xmlNodePtr n)
{
    if (!list_of(n, true))
        return false;
    xmlNodePtr prev = xmlPreviousElementSibling(n), next = xmlNextElementSibling(n);
    if (!prev || !next || is_heading(prev) || is_heading(next))
        return false;
    char *t = html_node_text_str(prev); /* trimmed */
    size_t len = strlen(t);
    bool colon = (len >= 1 && t[len - 1] == ':') || (len >= 3 && !memcmp(t + len - 3, "\xEF\xBC\x9A", 3));
    bool yes = colon && html_word_count(t) >= INTRO_WORDS;
    free(t);
    if (yes) {
        t = html_node_text_str(next);
        yes = html_word_count(t) >= AFTER_WORDS;
        free(t);
    }
    return yes;
}

/* Whether n is a list of links each said something of (a post that
 * rounds up links: "<li><a>A study of storms</a>, and why its numbers
 * matter</li>"): three items or more, each holding a link, and two in
 * three of them ANNOTATION_CHARS letters or more of their own besides.
 * A list of links to go to (related posts, a menu) gives each its title
 * and at most a date. */
#define ANNOTATION_CHARS 25
static bool annotated_list(xmlNodePtr n)
{
    xmlNodePtr list = list_of(n, false);
    if (!list)
        return false;
    int items = 0, annotated = 0;
    for (xmlNodePtr li = list->children; li; li = li->next) {
        if (li->type != XML_ELEMENT_NODE)
            continue;
        if (!name_is(li, "li"))
            return false;
        size_t all = 0, link = 0;
        measure(li->children, &all, &link, false, 0);
        items++;
        annotated += link > 0 && all - link >= ANNOTATION_CHARS;
    }
    return items >= 3 && annotated * 3 >= items * 2;
}

/* The text of n's own outside its links, blanks between, into b (some
 * DATED_LINK_BYTES at most: a date's). */
#define DATED_LINK_BYTES 80
static void unlinked_text(xmlNodePtr n, struct nw_buf *b, int depth)
{
    for (; n && depth < 40 && b->len < DATED_LINK_BYTES; n = n->next) {
        if (n->type == XML_TEXT_NODE && n->content) {
            nw_buf_putc(b, ' ');
            nw_buf_puts(b, (const char *)n->content);
        } else if (n->type == XML_ELEMENT_NODE && !name_is(n, "a"))
            unlinked_text(n->children, b, depth + 1);
    }
}

/* Whether a text is a date and no more: a word naming a month or a
 * numeric date, in at most DATED_LINK_WORDS words ("May 3", "3 mai 2021",
 * "03/05/2021"). */
#define DATED_LINK_WORDS 4
static bool date_alone(const char *t)
{
    size_t words = html_word_count(t);
    if (!words || words > DATED_LINK_WORDS)
        return false;
    if (stamp_text(t))
        return true;
    /* a word's letters: ASCII's and any UTF-8 sequence's ("décembre") */
    for (const unsigned char *p = (const unsigned char *)t; *p;) {
        while (*p && !isalpha(*p) && *p < 0x80)
            p++;
        const unsigned char *w = p;
        while (*p && (isalpha(*p) || *p >= 0x80))
            p++;
        if (p > w && date_month_name((const char *)w, (size_t)(p - w)))
            return true;
    }
    return false;
}

/* Whether n is a list of dated links (older posts, an archive: "<li><a>A
 * title</a> May 3</li>"): three items or more, two in three of them a
 * link and a date and no more of their own. Links to go to, whose dates
 * keep their link density under what a list of links is dropped at. */
static bool dated_links(xmlNodePtr n)
{
    xmlNodePtr list = list_of(n, false);
    if (!list)
        return false;
    int items = 0, dated = 0;
    struct nw_buf b = {0};
    for (xmlNodePtr li = list->children; li; li = li->next) {
        if (li->type != XML_ELEMENT_NODE)
            continue;
        items++;
        b.len = 0;
        unlinked_text(li->children, &b, 0);
        nw_buf_putc(&b, 0);
        dated += date_alone(b.data);
    }
    nw_buf_cleanup(&b);
    return items >= 3 && dated * 3 >= items * 2;
}

/* Whether n is an element that sits in a line of text (phrasing content,
 * and the <span> and <font> editors wrap runs of text in). */
static bool inline_element(xmlNodePtr n)
{
    return n->type == XML_ELEMENT_NODE &&
           (phrasing(n) || html_eq((const char *)n->name, "span") || html_eq((const char *)n->name, "font"));
}

/* Whether an element stands in a line of text: a text or an inline
 * element next to it has a word (on either side, up to a block; texts
 * and elements without words passed over), or, when it is all there is
 * in an inline element ("<u><span>..."), next to that one. */
static bool in_running_text(xmlNodePtr n)
{
    for (int up = 0; n && up < 8; up++, n = n->parent) {
        for (int side = 0; side < 2; side++)
            for (xmlNodePtr s = side ? n->next : n->prev; s; s = side ? s->next : s->prev) {
                if (s->type == XML_COMMENT_NODE)
                    continue;
                if (s->type == XML_TEXT_NODE) {
                    if (s->content && html_word_count((const char *)s->content))
                        return true;
                    continue;
                }
                if (!inline_element(s))
                    break;
                char *t = html_node_text_str(s);
                size_t w = html_word_count(t);
                free(t);
                if (w)
                    return true;
            }
        if (!n->parent || !inline_element(n->parent))
            return false;
    }
    return false;
}

/* Where a line of text ends: a <br>, or a block. */
static bool line_edge(xmlNodePtr s)
{
    return s->type == XML_ELEMENT_NODE && (name_is(s, "br") || html_is_block((const char *)s->name));
}

/* What sets a line of text apart on one side (side 0 before, 1 after):
 * 2 a blank line (<br><br>, blanks between) or a block, 1 one <br> (a
 * line break inside a paragraph, as between a list's lines), 0 the
 * container's edge. from is the line's end on that side. */
static int line_apart(xmlNodePtr from, int side)
{
    xmlNodePtr b = side ? from->next : from->prev;
    if (!b)
        return 0;
    if (!name_is(b, "br"))
        return 2;
    for (xmlNodePtr x = side ? b->next : b->prev; x; x = side ? x->next : x->prev) {
        if (x->type == XML_TEXT_NODE && (!x->content || !html_word_count((const char *)x->content)))
            continue;
        if (x->type == XML_COMMENT_NODE)
            continue;
        return x->type == XML_ELEMENT_NODE && line_edge(x) ? 2 : 1;
    }
    return 1;
}

/* Whether a text is a mail address and no more ("ann@example.org"). */
static bool mail_address(const char *t)
{
    t += strspn(t, " \t\r\n");
    size_t n = strcspn(t, " \t\r\n");
    const char *at = memchr(t, '@', n);
    return at && at > t && memchr(at, '.', n - (size_t)(at - t)) && !t[n + strspn(t + n, " \t\r\n")];
}

/* A line's size: its characters, those in links to go to (a mail
 * address shown as a link is none: "Ann Lee <a>ann@example.org</a>", the
 * writer's address under the text) and its words. */
struct line_size {
    size_t all, link, words;
};

/* Adds n's text (n and what is below it) to *ls. */
static void line_measure(xmlNodePtr n, struct line_size *ls, bool in_link, int depth)
{
    if (n->type == XML_TEXT_NODE && n->content) {
        size_t l = html_solid_chars((const char *)n->content);
        ls->all += l;
        ls->link += in_link && !mail_address((const char *)n->content) ? l : 0;
        ls->words += html_word_count((const char *)n->content);
    } else if (n->type == XML_ELEMENT_NODE && depth < 40) {
        for (xmlNodePtr c = n->children; c; c = c->next)
            line_measure(c, ls, in_link || name_is(n, "a"), depth + 1);
    }
}

/* A paragraph of links among paragraphs of text, as older pages write
 * paragraphs (text, <br><br>, text) and set a "Read the full review" or
 * "Read more: <a>...</a>" line between them as one of its own: n is the
 * line's first element; the line runs from the node after a <br> or a
 * block to the next one and is set apart as a paragraph on both sides (a
 * blank line or a block; not a line break alone, as a checklist's or a
 * post's lines are, nor the container's edge, as a list item's linked
 * title over its summary) by a blank line on one side at least. Judged as
 * a <p> of the same nodes is (over half of its text a link's, under 200
 * words), a mail address shown as a link no link to go to. *first and
 * *last are the line's first and last nodes. */
static bool link_line(xmlNodePtr n, xmlNodePtr *first, xmlNodePtr *last)
{
    xmlNodePtr s = n, e = n;
    while (s->prev && !line_edge(s->prev)) {
        s = s->prev;
        if (s->type == XML_ELEMENT_NODE)
            return false; /* n is not the line's first element */
    }
    while (e->next && !line_edge(e->next))
        e = e->next;
    *first = s;
    *last = e;
    if (!s->prev || !e->next || (!name_is(s->prev, "br") && !name_is(e->next, "br")) || line_apart(s, 0) < 2 ||
        line_apart(e, 1) < 2)
        return false;
    struct line_size ls = {0};
    for (xmlNodePtr x = s;; x = x->next) {
        line_measure(x, &ls, false, 0);
        if (x == e)
            break;
    }
    return ls.all && (double)ls.link / (double)ls.all > 0.5 && ls.words < 200;
}

/* Removes link lists, image-only blocks and other non-prose from the
 * chosen container before its text is taken. */
static void clean_candidate_in(xmlNodePtr n, int depth, bool in_para)
{
    xmlNodePtr next;
    for (; n && depth < 200; n = next) {
        next = n->next;
        if (n->type != XML_ELEMENT_NODE)
            continue;
        const char *nm = (const char *)n->name;
        if (xmlHasProp(n, (const xmlChar *)SIGNUP_MARK)) {
            drop_node(n);
            continue;
        }
        xmlNodePtr first, last;
        if (!in_para && inline_element(n) && link_line(n, &first, &last)) {
            next = last->next;
            for (xmlNodePtr x = first, after; x != next; x = after) {
                after = x->next;
                drop_node(x);
            }
            continue;
        }
        bool span = html_name_eq(nm, "span");
        bool container = html_name_eq(nm, "div") || unknown_container(n) || html_name_eq(nm, "ul") ||
                         html_name_eq(nm, "ol") || html_name_eq(nm, "table") || html_name_eq(nm, "section") ||
                         html_name_eq(nm, "p") || html_name_eq(nm, "dl") || (span && !in_para);
        double ld = container ? link_density(n) : 0;
        /* a span in a paragraph or in a line of text is a piece of that
         * text ("is a <span><a>good fit</a></span> for"), judged with it */
        if (ld > 0.3 && span && in_running_text(n))
            ld = 0;
        if (ld > 0.3) {
            char *t = html_node_text_str(n);
            size_t words = html_word_count(t);
            free(t);
            /* under 200 words: a block that is links and no more (over
             * nine tenths of its text), or a paragraph or a list of dated
             * links over half (a list whose items say more than their
             * links, a source's name, a telephone number, is further
             * reading or a directory); under 25 words, over three tenths,
             * and not a paragraph, which keeps its link */
            bool para = html_name_eq(nm, "p");
            bool drop = (words < 200 && (ld > 0.9 || (ld > 0.5 && (para || dated_links(n))))) ||
                        (ld > 0.3 && words < 25 && !para);
            if (drop && (introduced_list(n) || annotated_list(n)))
                continue; /* the article's list, its items as they are */
            if (drop) {
                drop_node(n);
                continue;
            }
        }
        if (teaser_list(n) || excerpt_list(n)) {
            drop_node(n);
            continue;
        }
        clean_candidate_in(n->children, depth + 1, in_para || html_name_eq(nm, "p"));
    }
}

/* An author box at the article's end ("About the author", a photo, the
 * name, a biography, "View all posts by"): the highest block around a
 * link to an author's own page (html_author_slug) that has at most
 * AUTHOR_BOX_WORDS words and is not the article itself, when the link
 * comes after half of an article of at least
 * AUTHOR_BOX_ARTICLE words. At most AUTHOR_BOXES of them. */
#define AUTHOR_BOX_WORDS 150
#define AUTHOR_BOX_ARTICLE 200
#define AUTHOR_BOXES 4

static bool is_block_box(xmlNodePtr n)
{
    const char *nm = (const char *)n->name;
    return html_eq(nm, "div") || html_eq(nm, "section") || html_eq(nm, "aside") || html_eq(nm, "footer") ||
           unknown_container(n);
}

/* Words of the texts below n, links' too. */
static size_t all_words(xmlNodePtr n)
{
    size_t w = 0;
    for (xmlNodePtr c = n ? n->children : NULL; c; c = html_next_in_order(c, n))
        if (c->type == XML_TEXT_NODE && c->content)
            w += html_word_count((const char *)c->content);
    return w;
}

/* Whether a link to an author's own page is below n. */
static bool has_author_link(xmlNodePtr n)
{
    size_t sl;
    for (xmlNodePtr c = n ? n->children : NULL; c; c = html_next_in_order(c, n)) {
        const char *href = c->type == XML_ELEMENT_NODE && c->name[0] == 'a' && !c->name[1] && c->properties
                               ? html_attr_view(c, "href")
                               : NULL;
        if (href && html_author_slug(href, strlen(href), &sl, NULL))
            return true;
    }
    return false;
}

static void drop_author_boxes(xmlNodePtr *taken, size_t ntaken)
{
    bool any = false;
    for (size_t i = 0; i < ntaken && !any; i++)
        any = has_author_link(taken[i]);
    if (!any)
        return;
    size_t total = 0;
    for (size_t i = 0; i < ntaken; i++)
        total += all_words(taken[i]);
    if (total < AUTHOR_BOX_ARTICLE)
        return;
    xmlNodePtr boxes[AUTHOR_BOXES];
    size_t nb = 0, seen = 0, links = 0;
    for (size_t i = 0; i < ntaken && nb < AUTHOR_BOXES && links < 8 * AUTHOR_BOXES; i++) {
        xmlNodePtr root = taken[i];
        for (xmlNodePtr n = root ? root->children : NULL; n && nb < AUTHOR_BOXES;) {
            if (n->type == XML_TEXT_NODE && n->content)
                seen += html_word_count((const char *)n->content);
            const char *href =
                n->type == XML_ELEMENT_NODE && html_eq((const char *)n->name, "a") ? html_attr_view(n, "href") : NULL;
            size_t sl;
            xmlNodePtr box = NULL;
            if (href && seen * 2 >= total && html_author_slug(href, strlen(href), &sl, NULL) &&
                links++ < 8 * AUTHOR_BOXES)
                for (xmlNodePtr a = n->parent; a && a != root && a->type == XML_ELEMENT_NODE; a = a->parent) {
                    if (node_words(a) > AUTHOR_BOX_WORDS)
                        break;
                    if (is_block_box(a))
                        box = a;
                }
            if (box) {
                boxes[nb++] = box;
                /* on after the box (its words after the link not
                 * counted: they are few) */
                n = box;
                while (n && n != root && !n->next)
                    n = n->parent;
                n = n && n != root ? n->next : NULL;
                continue;
            }
            n = html_next_in_order(n, root);
        }
    }
    for (size_t i = 0; i < nb; i++)
        drop_node(boxes[i]);
}

/* Whether n is a block that ends a line of inline content (a <br> does
 * not end a record's date line). */
static bool line_break_block(xmlNodePtr n)
{
    return n->type == XML_ELEMENT_NODE && html_is_block((const char *)n->name) && !name_is(n, "br");
}

/* Whether a date line written straight in a record, as inline elements
 * and text ("<b>Ann</b> <span>May 3, 2024 at 10:04</span><p>..."), is a
 * line of its own: the run of inline content around the stamp, up to the
 * blocks on either side, is short, and a block of the record's text
 * follows it. */
static bool inline_stamp_line(xmlNodePtr rec, xmlNodePtr stamp)
{
    xmlNodePtr top = stamp;
    while (top->parent != rec)
        top = top->parent;
    xmlNodePtr s = top;
    while (s->prev && !line_break_block(s->prev))
        s = s->prev;
    size_t words = 0;
    for (; s; s = s->next) {
        if (line_break_block(s))
            return s != top && words <= 2 * STAMP_WORDS && words * 2 < node_words(rec) + STAMP_WORDS;
        words += s->type == XML_TEXT_NODE && s->content ? html_word_count((const char *)s->content) : node_words(s);
        if (words > 2 * STAMP_WORDS)
            return false;
    }
    return false;
}

/* Whether a record is dated in a line of its own, apart from its text: a
 * <time> or a short dated text, and a block element beside the block
 * holding it. */
static bool dated_record(xmlNodePtr rec)
{
    if (rec->extra & DATED_BLOCK_GONE)
        return true;
    if (!has_block_child(rec) && !name_is(rec, "li"))
        return false;
    bool gone;
    xmlNodePtr stamp = find_stamp(rec, &gone);
    if (!stamp || gone)
        return stamp != NULL; /* a date line gone was a block of its own */
    /* the block holding the stamp, below the record, must not hold all of
     * its text */
    xmlNodePtr b = stamp->parent;
    while (b && b != rec && !is_block_box(b) && !name_is(b, "p") && !name_is(b, "header"))
        b = b->parent;
    if (b == rec)
        return inline_stamp_line(rec, stamp);
    return b && node_words(b) * 2 < node_words(rec) + STAMP_WORDS;
}

static bool same_shape(xmlNodePtr a, xmlNodePtr b);
static size_t node_words(xmlNodePtr n);
static bool page_level(xmlNodePtr n);

/* Whether a record has a heading of its own: a live blog's entry, a
 * teaser, a section; a comment has none. */
static bool titled_record(xmlNodePtr rec)
{
    size_t looked = 0;
    for (xmlNodePtr c = rec->children; c && looked < RECORD_LOOK; c = html_next_in_order(c, rec), looked++) {
        int rank = c->type == XML_ELEMENT_NODE ? html_heading_rank((const char *)c->name) : 0;
        if (rank >= 1 && rank <= 4)
            return true;
    }
    return false;
}

/* Whether k or more of n's later siblings are of its shape. */
static bool shaped_like(xmlNodePtr n, int k)
{
    int looked = 0;
    for (xmlNodePtr s = n->next; s && k > 0 && looked < THREAD_LOOK; s = s->next, looked++)
        k -= s->type == XML_ELEMENT_NODE && same_shape(s, n);
    return k <= 0;
}

/* Whether r is a list of dated records of one shape, untitled. */
static bool is_thread(xmlNodePtr r)
{
    int seen = 0, records = 0, titled = 0;
    xmlNodePtr first = NULL;
    for (xmlNodePtr c = r->children; c && seen < THREAD_LOOK; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        seen++;
        if (first ? !same_shape(c, first) : !shaped_like(c, THREAD_RECORDS - 1) || !dated_record(c))
            continue;
        if (!first)
            first = c;
        else if (!dated_record(c))
            continue;
        records++;
        titled += titled_record(c);
    }
    return records >= THREAD_RECORDS && titled * 2 <= records;
}

/* Words of n's siblings, counted up to limit (and a little past it). */
static size_t words_beside(xmlNodePtr n, size_t limit)
{
    size_t w = 0;
    for (xmlNodePtr c = n->parent->children; c && w <= limit; c = c->next)
        if (c != n && c->type == XML_TEXT_NODE && c->content)
            w += html_word_count((const char *)c->content);
        else if (c != n && c->type == XML_ELEMENT_NODE && !html_eq((const char *)c->name, "script") &&
                 !html_eq((const char *)c->name, "style"))
            w += words_upto(c, limit - w, 0);
    return w;
}

/* The scored element below scope holding the most paragraph text of its
 * own: the story's. */
static xmlNodePtr story_core(xmlNodePtr *cands, size_t ncands, xmlNodePtr scope)
{
    xmlNodePtr core = NULL;
    size_t most = 0;
    for (size_t i = 0; i < ncands; i++) {
        size_t d = ((struct node_info *)cands[i]->_private)->direct_chars;
        if (d > most && html_contains(scope, cands[i])) {
            most = d;
            core = cands[i];
        }
    }
    return core;
}

/* The comments a best candidate sits in: the list of dated records (up to
 * ten levels above it) that does not hold the page's title, which comes
 * before it. */
static xmlNodePtr comments_around(xmlNodePtr top, xmlNodePtr title_node)
{
    if (!title_node)
        return NULL;
    xmlNodePtr a = top;
    for (int up = 0; up <= 10 && a && a->type == XML_ELEMENT_NODE; up++, a = a->parent) {
        if (html_contains(a, title_node) || page_level(a))
            return NULL;
        /* (a list of dated teasers is mostly links: a listing's) */
        if (is_thread(a))
            return xmlXPathCmpNodes(title_node, a) > 0 && link_density(a) < 0.3 ? a : NULL;
    }
    return NULL;
}

/* The node after n's subtree in document order, within root (NULL past
 * its end). */
static xmlNodePtr after_subtree(xmlNodePtr n, xmlNodePtr root)
{
    while (n && n != root && !n->next)
        n = n->parent;
    return n && n != root ? n->next : NULL;
}

/* Whether n has at least k element children. */
static bool has_elements(xmlNodePtr n, int k)
{
    for (xmlNodePtr c = n->children; c && k > 0; c = c->next)
        k -= c->type == XML_ELEMENT_NODE;
    return k <= 0;
}

/* Whether n, below the story's element core, comes after nine tenths of
 * the paragraph text core holds itself. */
static bool after_story(xmlNodePtr core, xmlNodePtr n)
{
    while (n->parent != core)
        n = n->parent;
    size_t before = 0, all = 0;
    bool past = false;
    for (xmlNodePtr c = core->children; c; c = c->next) {
        past |= c == n;
        size_t len = 0, commas = 0;
        bool space = true;
        if (c->type == XML_TEXT_NODE && c->content)
            html_text_stats((const char *)c->content, &len, &commas, &space);
        else if (c->type == XML_ELEMENT_NODE && is_paragraph_like(c))
            para_stats(c->children, &len, &commas, &space, 0);
        all += len;
        before += past ? 0 : len;
    }
    return before * 10 >= all * 9;
}

/* Drops the comments after the story (core, see story_core) from the
 * taken elements; a taken element that is comments whole becomes NULL. */
static void drop_threads(xmlNodePtr *taken, size_t ntaken, xmlNodePtr core)
{
    bool in = false;
    for (size_t i = 0; i < ntaken && core && !in; i++)
        in = html_contains(taken[i], core);
    if (!in || words_upto(core, STORY_WORDS, 0) < STORY_WORDS)
        return; /* a listing's teaser, a forum's short post: no story */
    for (size_t i = 0; i < ntaken; i++) {
        xmlNodePtr root = taken[i];
        for (xmlNodePtr n = root; n;) {
            /* after the story (ancestors come before what they hold), or,
             * in the story's own element, where some themes put the
             * comments, after nine tenths of its paragraphs */
            bool in_core = false;
            if (n == core || n->type != XML_ELEMENT_NODE || !has_elements(n, THREAD_RECORDS) ||
                (!(in_core = html_contains(core, n)) && xmlXPathCmpNodes(core, n) != 1) || !is_thread(n) ||
                (in_core && !after_story(core, n))) {
                n = html_next_in_order(n, root);
                continue;
            }
            /* with the wrapper that only labels it ("34 responses to ...") */
            xmlNodePtr t = n;
            while (t != root && t->parent->type == XML_ELEMENT_NODE && !html_contains(t->parent, core) &&
                   words_beside(t, THREAD_LABEL_WORDS) <= THREAD_LABEL_WORDS)
                t = t->parent;
            n = after_subtree(t, root);
            if (t == root)
                taken[i] = NULL;
            drop_node(t);
        }
    }
}

static void clean_candidate(xmlNodePtr n, int depth)
{
    clean_candidate_in(n, depth, false);
}

/* Whether a text node shows anything: a byte other than white space (its
 * no-break spaces are blanks already, html_read_as_shown). */
static bool text_shows(const xmlChar *s)
{
    for (; s && *s; s++) {
        if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
            return true;
    }
    return false;
}

/* Headings that end a body introduce nothing: what they headed (related
 * posts, a reading list, comments, a newsletter box) was not taken. A
 * heading that is a sentence (it ends with a full stop) or longer than
 * HEADING_WORDS is text set large, not a heading. From the end of n
 * backwards: the headings met before any other text are gathered in
 * heads (at most TRAILING_HEADS; more, and none is taken); true once text
 * other than a heading is met. */
#define TRAILING_HEADS 3
#define HEADING_WORDS 12

/* Whether heading h heads something (see above); *shows: it has text. */
static bool heads_something(xmlNodePtr h, bool *shows)
{
    char *t = html_node_text_str(h);
    size_t len = strlen(t);
    *shows = len > 0;
    bool yes = len && t[len - 1] != '.' && html_word_count(t) <= HEADING_WORDS;
    free(t);
    return yes;
}
static bool trailing_headings(xmlNodePtr n, xmlNodePtr *heads, int *nheads, int depth)
{
    for (xmlNodePtr c = n->last; c && depth < 64; c = c->prev) {
        if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
            if (text_shows(c->content))
                return true;
            continue;
        }
        if (c->type != XML_ELEMENT_NODE || html_is_hidden((const char *)c->name))
            continue;
        if (is_heading(c)) {
            bool shows;
            if (heads_something(c, &shows)) {
                if (*nheads <= TRAILING_HEADS)
                    heads[(*nheads)++] = c;
                continue;
            }
            if (shows)
                return true;
            continue;
        }
        if (trailing_headings(c, heads, nheads, depth + 1))
            return true;
    }
    return false;
}

/* Drops the headings that end the text of nodes taken[0..n), when text
 * comes before them; a node taken that is one becomes NULL. */
static void drop_trailing_headings(xmlNodePtr *taken, size_t n)
{
    xmlNodePtr heads[TRAILING_HEADS + 1];
    int nheads = 0;
    bool text = false;
    for (size_t i = n; i-- > 0 && !text;) {
        bool shows;
        if (is_heading(taken[i]) && heads_something(taken[i], &shows)) {
            if (nheads <= TRAILING_HEADS)
                heads[nheads++] = taken[i];
            continue;
        }
        text = trailing_headings(taken[i], heads, &nheads, 0);
    }
    if (!text || nheads > TRAILING_HEADS)
        return;
    for (int i = 0; i < nheads; i++) {
        for (size_t k = 0; k < n; k++)
            if (taken[k] == heads[i])
                taken[k] = NULL;
        drop_node(heads[i]);
    }
}

#define CONTINUED_BLOCKS 2
#define CONTINUED_WORDS 50
/* Whether an element after the best candidate's ancestors can be its
 * story going on (see continued_run): anything but a region of the
 * page's layout (a <div>, a section, an aside, a navigation, a header or
 * footer, a form, another article); the blocks are cleaned as the best
 * candidate's own are. */
static const char *const region_tags[] = {"div",  "section", "aside", "nav",    "header",  "footer",
                                          "form", "article", "main",  "iframe", "template"};

static bool continues_story(xmlNodePtr s)
{
    static struct html_name_set regions = HTML_NAME_SET(region_tags);
    const char *name = (const char *)s->name;
    return !html_name_in(&regions, name, strnlen(name, 16)) && !custom_element(s);
}

/* Whether the elements after a, up to *end (NULL: its last sibling), go
 * on with a story: each continues_story, CONTINUED_BLOCKS of them and
 * CONTINUED_WORDS words at least (a copyright line or a note after a
 * post is none), a paragraph of prose among them (80 characters, links
 * under a quarter of them), and links under a third of their text (a
 * list of related links is none). */
static bool continued_run(xmlNodePtr a, xmlNodePtr *end)
{
    size_t blocks = 0, words = 0;
    double chars = 0, linked = 0;
    bool prose = false;
    xmlNodePtr s = a->next;
    for (; s; s = s->next) {
        if (s->type != XML_ELEMENT_NODE)
            continue;
        if (!continues_story(s))
            break;
        blocks++;
        words += node_words(s);
        char *t = html_node_text_str(s);
        size_t len = strlen(t);
        double ld = link_density(s);
        free(t);
        chars += (double)len;
        linked += ld * (double)len;
        prose |= name_is(s, "p") && len > 80 && ld < 0.25;
    }
    *end = s;
    return blocks >= CONTINUED_BLOCKS && words >= CONTINUED_WORDS && prose && linked < chars / 3;
}

/* Body text of the best candidate and its good siblings. */
/* The heading that carries the page's title: an h1 (else h2) whose text
 * matches the title, or the only h1. NULL when there is none. */
static xmlNodePtr find_title_node(xmlNodePtr n, const char *title, xmlNodePtr *only_h1, int *nh1, int depth)
{
    for (; n && depth < 200; n = n->next) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        if (name_is(n, "h1") || name_is(n, "h2")) {
            char *t = html_node_text_str(n);
            bool match = title && *t && strlen(t) > 8 && (strcasestr(title, t) || strcasestr(t, title));
            if (name_is(n, "h1")) {
                (*nh1)++;
                *only_h1 = n;
            }
            free(t);
            if (match)
                return n;
            continue;
        }
        xmlNodePtr r = find_title_node(n->children, title, only_h1, nh1, depth + 1);
        if (r)
            return r;
    }
    return NULL;
}

/* The paragraphs of REPEAT_WORDS words or more already written, by
 * their place in the text (a table of open addressing, grown at half
 * full). */
#define REPEAT_WORDS 12
struct para_at {
    size_t off, len; /* len 0: a free slot */
    uint64_t h;
};
struct para_set {
    struct para_at *v;
    size_t cap, n;
};

/* Whether the paragraph text[off..off+len) repeats one in the set (of
 * the same text); if not, it is added. */
static bool para_repeats(struct para_set *ps, const char *text, size_t off, size_t len)
{
    uint64_t h = XXH3_64bits(text + off, len);
    if (2 * (ps->n + 1) > ps->cap) {
        struct para_set grown = {.cap = ps->cap ? 2 * ps->cap : 64};
        grown.v = nw_calloc(grown.cap, sizeof *grown.v);
        for (size_t i = 0; i < ps->cap; i++)
            if (ps->v[i].len) {
                size_t k = ps->v[i].h & (grown.cap - 1);
                while (grown.v[k].len)
                    k = (k + 1) & (grown.cap - 1);
                grown.v[k] = ps->v[i];
            }
        grown.n = ps->n;
        free(ps->v);
        *ps = grown;
    }
    size_t k = h & (ps->cap - 1);
    for (; ps->v[k].len; k = (k + 1) & (ps->cap - 1))
        if (ps->v[k].h == h && ps->v[k].len == len && !memcmp(text + ps->v[k].off, text + off, len))
            return true;
    ps->v[k] = (struct para_at){.off = off, .len = len, .h = h};
    ps->n++;
    return false;
}

/* Text with its paragraphs trimmed and separated by one blank line, and
 * no-break spaces as plain spaces, its C1 controls read as windows-1252's
 * characters (html_fix_controls); an ad slot's label, a paragraph that
 * shows nothing and a paragraph of REPEAT_WORDS words or more written
 * before (a call to sign up placed after every section, a block that a
 * page writes twice for two screen sizes, a forum post quoted in a
 * reply) left out; takes t. */
static char *normalised(char *t)
{
    t = html_fix_controls(t);
    struct nw_buf clean = {0};
    nw_buf_append(&clean, "", 0);
    struct para_set seen = {0};
    char *save = NULL;
    for (char *line = strtok_r(t, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        /* no-break spaces are layout here: plain spaces in the text */
        for (char *q = line; (q = strstr(q, "\xc2\xa0"));)
            memcpy(q, " ", 1), memmove(q + 1, q + 2, strlen(q + 2) + 1);
        html_collapse_ws(line);
        size_t len = strlen(line);
        if (!*line || html_is_ad_label(line, len) || html_draws_nothing(line, len))
            continue; /* an ad slot's label is not the article's, nor is a paragraph that shows nothing */
        size_t was = clean.len;
        if (clean.len)
            nw_buf_puts(&clean, "\n\n");
        size_t off = clean.len;
        nw_buf_append(&clean, line, len);
        if (html_words_above(line, len, REPEAT_WORDS - 1) && para_repeats(&seen, clean.data, off, len)) {
            clean.len = was; /* written before */
            clean.data[was] = '\0';
        }
    }
    free(seen.v);
    free(t);
    return nw_buf_steal(&clean);
}

/* The first <main> (or role=main) element below n, NULL when none. */
static xmlNodePtr main_region(xmlNodePtr n, int depth)
{
    for (; n && depth < 200; n = n->next) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        xmlChar *role = xmlGetProp(n, (const xmlChar *)"role");
        bool m = name_is(n, "main") || (role && html_name_eq((const char *)role, "main"));
        xmlFree(role);
        if (m)
            return n;
        xmlNodePtr below = main_region(n->children, depth + 1);
        if (below)
            return below;
    }
    return NULL;
}

/* The text of the page's main region: its <main>, else its <body>; NULL
 * when it has neither. */
static char *main_region_text(xmlNodePtr root)
{
    xmlNodePtr region = main_region(root, 0);
    if (!region)
        for (xmlNodePtr c = root->children; c && !region; c = c->next)
            if (name_is(c, "body"))
                region = c;
    if (!region)
        return NULL;
    struct nw_buf all = {0};
    html_node_text(region, &all);
    return normalised(nw_buf_steal(&all));
}

/* The words a post of a thread has at least, to count as one of
 * substance. */
#define POST_WORDS 12

/* The one element a wrapper holds (white space around it aside), or
 * NULL. */
static xmlNodePtr only_element(xmlNodePtr n)
{
    xmlNodePtr one = NULL;
    for (xmlNodePtr c = n->children; c; c = c->next) {
        if (c->type == XML_ELEMENT_NODE) {
            if (one)
                return NULL;
            one = c;
        } else if (c->type == XML_TEXT_NODE && !xmlIsBlankNode(c)) {
            return NULL;
        }
    }
    return one;
}

/* Whether a and b are elements of the same shape: the same name, and the
 * same first class token (an <article> may have none); two wrappers with
 * no class, each around one element, are of the shape of what they hold
 * ("<div><article class=post>" for each post of a thread). */
static bool same_shape_at(xmlNodePtr a, xmlNodePtr b, int depth)
{
    if (a->type != XML_ELEMENT_NODE || b->type != XML_ELEMENT_NODE || strcmp((const char *)a->name, (const char *)b->name))
        return false;
    const char *ca = html_attr_view(a, "class"), *cb = html_attr_view(b, "class");
    ca = ca ? ca + strspn(ca, " \t\n") : "";
    cb = cb ? cb + strspn(cb, " \t\n") : "";
    size_t la = strcspn(ca, " \t\n"), lb = strcspn(cb, " \t\n");
    if (la || lb)
        return la == lb && !memcmp(ca, cb, la);
    if (name_is(a, "article"))
        return true;
    xmlNodePtr ia = depth < 2 ? only_element(a) : NULL, ib = ia ? only_element(b) : NULL;
    return ia && ib && same_shape_at(ia, ib, depth + 1);
}

static bool same_shape(xmlNodePtr a, xmlNodePtr b)
{
    return same_shape_at(a, b, 0);
}

/* Whether n stands for the whole page: <body>, <html>, or the only element
 * of one such (the wrapper many themes put everything in, <div id="page">).
 * The climbs to a thread and to an article's chunks stop at it as at
 * <body>; the climb to good siblings and the gathering of a page builder's
 * sections do not, for a wrapper is where such a page's sections sit. */
static bool page_level(xmlNodePtr n)
{
    for (int up = 0; n && n->type == XML_ELEMENT_NODE && up < 8; up++, n = n->parent) {
        if (name_is(n, "body") || name_is(n, "html"))
            return true;
        xmlNodePtr p = n->parent;
        if (!p || p->type != XML_ELEMENT_NODE)
            return false;
        for (xmlNodePtr s = p->children; s; s = s->next)
            if (s != n && s->type == XML_ELEMENT_NODE)
                return false;
    }
    return false;
}

/* The posts of one thread (a forum, a page of comments as its content):
 * climbing from the best candidate, an ancestor with two or more siblings
 * of its own shape that are posts of substance, none holding the page's
 * title, makes their parent the body. The title inside an ancestor ends the
 * climb: that is one article with things beside it. A post sits up to
 * twelve levels above its text in the forum software of the web (XenForo's
 * is seven; a theme nesting each post with its replies in wrappers of its
 * own, eleven). */
#define THREAD_CLIMB 12
static xmlNodePtr thread_of(xmlNodePtr top, xmlNodePtr title_node)
{
    xmlNodePtr a = top;
    for (int up = 0; up < THREAD_CLIMB && a->parent && a->parent->type == XML_ELEMENT_NODE; up++, a = a->parent) {
        if (page_level(a->parent) || (title_node && html_contains(a, title_node)))
            break;
        int posts = 0, seen = 0;
        size_t others = 0;
        for (xmlNodePtr s = a->parent->children; s && seen < 200; s = s->next, seen++)
            if (s != a && same_shape(s, a) && !(title_node && html_contains(s, title_node))) {
                size_t w = node_words(s);
                if (w >= POST_WORDS && link_density(s) < 0.34) {
                    posts++;
                    others += w;
                }
            }
        /* and the other posts hold at least half as much as this one: an
         * article's sections beside an author box or a newsletter form do
         * not */
        if (posts >= 2 && 2 * others >= node_words(a))
            return a->parent;
    }
    return top;
}

/* Whether an element below n has the first class of cls (as a template
 * writes it for every paragraph of a story: "zn-body__paragraph", with
 * "speakable" after it on some); at most CLASS_LOOK elements looked at. */
#define CLASS_LOOK 4096
static bool class_found_below(xmlNodePtr n, const char *cls)
{
    cls = cls ? cls + strspn(cls, " \t\n") : NULL;
    size_t len = cls ? strcspn(cls, " \t\n") : 0;
    if (!len)
        return false;
    size_t looked = 0;
    for (xmlNodePtr c = n->children; c && looked < CLASS_LOOK; c = html_next_in_order(c, n)) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        looked++;
        const char *v = c->properties ? html_attr_view(c, "class") : NULL;
        v = v ? v + strspn(v, " \t\n") : NULL;
        if (v && !strncmp(v, cls, len) && (!v[len] || strchr(" \t\n", v[len])))
            return true;
    }
    return false;
}

/* The article text of a page. lenient keeps what class and id names call
 * comments or furniture (a forum's posts, a shop's product grid);
 * *dropped_words counts the words such names removed, *weak tells whether
 * the best candidate held too few words to be an article (the page's main
 * region was taken instead, or kept). */
static char *extract_body(htmlDocPtr doc, const char *title, bool lenient, bool article, bool discussion,
                          size_t *dropped_words, bool *weak)
{
    xmlNodePtr root = xmlDocGetRootElement(doc);
    *weak = true;
    if (!root)
        return nw_strdup("");
    struct prune_ctx pc = {.lenient = lenient, .discussion = discussion};
    memo_init(&pc.memo, root);
    pc.page_words = memo_words(&pc.memo, root);
    mark_signup_boxes(root);
    find_disclosed(root, &pc);
    prune(root, 0, &pc);
    for (size_t i = 0; pc.disclosed && i < DISCLOSED_SLOTS; i++)
        free(pc.disclosed[i]);
    free(pc.disclosed);
    memo_free(&pc.memo);
    *dropped_words = pc.dropped_words;
    struct cands cs = {0};
    score_walk(root, &cs, 0);
    xmlNodePtr *cands = cs.v;
    size_t ncands = cs.n;
    size_t all_chars = 0, link_chars = 0;
    measure(root, &all_chars, &link_chars, false, 0);
    xmlNodePtr top = NULL;
    double best = -1e9;
    for (size_t i = 0; i < ncands; i++) {
        struct node_info *ni = info(cands[i]);
        ni->score *= 1.0 - link_density(cands[i]);
        if (ni->score > best) {
            best = ni->score;
            top = cands[i];
        }
    }
    struct nw_buf out = {0};
    if (!top) {
        xmlNodePtr body = root;
        for (xmlNodePtr c = root->children; c; c = c->next)
            if (name_is(c, "body"))
                body = c;
        top = body;
    }
    /* A parent holding several comparable candidates is the article; but an
     * <article> among other <article>s is one post in a list of posts. */
    /* the heading carrying the page's title, looked up once */
    xmlNodePtr only_h1 = NULL;
    int nh1 = 0;
    xmlNodePtr title_node = find_title_node(root, title, &only_h1, &nh1, 0);
    bool top_is_article = name_is(top, "article");
    if (top_is_article && top->parent) {
        /* among several posts, the one that carries the page's title */
        xmlNodePtr tn = title_node ? title_node : nh1 == 1 ? only_h1 : NULL;
        if (tn && !html_contains(top, tn))
            for (xmlNodePtr s = top->parent->children; s; s = s->next)
                if (name_is(s, "article") && html_contains(s, tn) && s->_private &&
                    ((struct node_info *)s->_private)->score >= best * 0.2) {
                    top = s;
                    best = ((struct node_info *)s->_private)->score;
                    break;
                }
    }
    /* on an article's page, a comment longer than the story is no story:
     * the best candidate outside the comments is */
    xmlNodePtr story = NULL, comments = NULL;
    if (article && words_upto(top, WEAK_BODY_WORDS, 0) >= WEAK_BODY_WORDS)
        comments = comments_around(top, title_node);
    if (comments) {
        xmlNodePtr other = NULL;
        double second = 0;
        for (size_t i = 0; i < ncands; i++) {
            struct node_info *ni = cands[i]->_private;
            if (ni->score > second && !html_contains(comments, cands[i]) && !html_contains(cands[i], comments)) {
                second = ni->score;
                other = cands[i];
            }
        }
        if (other && words_upto(other, STORY_WORDS, 0) >= STORY_WORDS) {
            story = top = other;
            best = second;
            top_is_article = name_is(top, "article");
        }
    }
    xmlNodePtr thread = thread_of(top, title_node);
    if (thread != top) {
        top = thread;
        top_is_article = false;
    }
    /* An article split into chunks (by ads, "read also" boxes, layout grids)
     * is the smallest ancestor gathering the chunks: climb while the parent
     * adds a quarter more paragraph text that comes with another good
     * candidate. */
    if (!top_is_article) {
        size_t tc = top->_private ? ((struct node_info *)top->_private)->para_chars : 0;
        xmlNodePtr a = top->parent;
        for (int up = 0; up < 6 && a && a->type == XML_ELEMENT_NODE; up++, a = a->parent) {
            if (page_level(a))
                break;
            size_t pc = a->_private ? ((struct node_info *)a->_private)->para_chars : 0;
            if (pc * 4 < tc * 5)
                continue; /* nothing more here yet: look higher */
            if (link_density(a) > 0.35)
                break;
            bool other = false;
            for (size_t i = 0; i < ncands && !other; i++)
                other = html_contains(a, cands[i]) && !html_contains(top, cands[i]) && !html_contains(cands[i], top) &&
                        !(comments && html_contains(comments, cands[i])) &&
                        ((struct node_info *)cands[i]->_private)->score >= best * 0.3;
            if (other)
                top = a;
            break;
        }
    }
    for (int up = 0; up < 3 && !top_is_article && top->parent && top->parent->type == XML_ELEMENT_NODE; up++) {
        xmlNodePtr parent = top->parent;
        int good = 0;
        for (xmlNodePtr s = parent->children; s; s = s->next)
            if (s != top && s->type == XML_ELEMENT_NODE && s->_private && ((struct node_info *)s->_private)->scored &&
                ((struct node_info *)s->_private)->score >= best * 0.5)
                good++;
        if (good >= 1 && !name_is(parent, "body") && !name_is(parent, "html"))
            top = parent;
        else
            break;
    }
    /* a page whose main content is many small sections (a service or
     * product page): the best one holds little of what <main> holds, and
     * <main> is the content, when it is not a link list */
    if (!top_is_article) {
        size_t tc = top->_private ? ((struct node_info *)top->_private)->para_chars : 0;
        for (xmlNodePtr a = top->parent; a && a->type == XML_ELEMENT_NODE; a = a->parent) {
            xmlChar *role = xmlGetProp(a, (const xmlChar *)"role");
            bool main_el = name_is(a, "main") || (role && html_name_eq((const char *)role, "main"));
            xmlFree(role);
            if (!main_el)
                continue;
            size_t mc = a->_private ? ((struct node_info *)a->_private)->para_chars : 0;
            if (tc * 10 < mc * MAIN_SHARE_TENTHS && link_density(a) < 0.3)
                top = a;
            break;
        }
    }
    /* an article in many sections of its own wrappers (page builders): the
     * best one holds under half of the page's paragraph text; the lowest
     * ancestor holding most of it, when it is not a link list, is the
     * article: <body> too when the sections sit right under it, as they do
     * in a wrapper of the whole page, on a page not declared an article
     * (whose story is one block among the page's others) */
    if (!top_is_article && root->_private) {
        size_t all = ((struct node_info *)root->_private)->para_chars;
        size_t tc = top->_private ? ((struct node_info *)top->_private)->para_chars : 0;
        if (tc * 10 < all * GATHER_TOP_TENTHS)
            for (xmlNodePtr a = top->parent; a && a->type == XML_ELEMENT_NODE; a = a->parent) {
                if ((article && name_is(a, "body")) || name_is(a, "html"))
                    break;
                size_t pc = a->_private ? ((struct node_info *)a->_private)->para_chars : 0;
                if (pc * 10 >= all * GATHER_SHARE_TENTHS) {
                    if (link_density(a) < 0.3)
                        top = a;
                    break;
                }
            }
    }
    /* the story, for its comments to be told apart (before the headline
     * goes: the scored elements are all still in the tree) */
    xmlNodePtr core = !article ? NULL : story ? story : story_core(cands, ncands, top->parent ? top->parent : top);
    if (core && title_node && html_contains(title_node, core))
        core = NULL;
    /* the headline is metadata, not body text */
    if (title_node && title_node != top && top->parent && html_contains(top->parent, title_node) &&
        !html_contains(title_node, top))
        drop_node(title_node);
    xmlNodePtr parent = top->parent;
    /* the page's main region as it stands, before the cleaning below
     * drops its link lists: the content of a page that is no article
     * (read only when the best candidate has little prose of its own) */
    size_t top_words = node_words(top);
    char *region_text = top_words * (1.0 - link_density(top)) < 2 * WEAK_BODY_WORDS ? main_region_text(root) : NULL;
    double threshold = fmax(10.0, best * 0.2);
    xmlNodePtr *taken = NULL;
    size_t ntaken = 0;
    bool story_run = top_words >= STORY_WORDS;
    if (parent && parent->type == XML_ELEMENT_NODE) {
        /* the blocks right after the best candidate that go on with its
         * story (see continued_run) */
        xmlNodePtr run_end = NULL;
        bool in_run = false, has_run = story_run && continued_run(top, &run_end);
        for (xmlNodePtr s = parent->children; s; s = s->next) {
            if (s == run_end)
                in_run = false;
            if (s->type != XML_ELEMENT_NODE)
                continue;
            bool take = s == top || in_run;
            if (s == top)
                in_run = has_run;
            if (!take && top_is_article && name_is(s, "article"))
                continue;
            if (!take && s->_private && ((struct node_info *)s->_private)->scored)
                take = ((struct node_info *)s->_private)->score >= threshold;
            /* a paragraph beside the best container, or a <div> written
             * as one (text and inline elements only) of the class the
             * container's own paragraphs have ("<div
             * class=\"zn-body__paragraph\">Text...</div>" before the rest
             * of the story) */
            if (!take &&
                (name_is(s, "p") || ((name_is(s, "div") || custom_element(s)) && s->children && !has_block_child(s) &&
                                     class_found_below(top, html_attr_view(s, "class"))))) {
                char *t = html_node_text_str(s);
                size_t len = strlen(t);
                double ld = link_density(s);
                take = (len > 80 && ld < 0.25) || (len > 0 && len <= 80 && ld == 0 && strpbrk(t, ".!?"));
                free(t);
            }
            if (take) {
                taken = nw_realloc(taken, (ntaken + 1) * sizeof *taken);
                taken[ntaken++] = s;
            }
        }
    } else {
        taken = nw_malloc(sizeof *taken);
        taken[ntaken++] = top;
    }
    /* the story continued after an end tag that closed its container
     * early (a stray "</div>" in a post's text closes the post's element
     * and those around it, in an HTML5 parser as in this one): the
     * blocks after it come straight after one of the best candidate's
     * ancestors, which ends there with nothing after it at its own level
     * (at the best candidate's own level, see the siblings above) */
    if (story_run && parent && parent->type == XML_ELEMENT_NODE)
        for (xmlNodePtr a = parent; a && a->type == XML_ELEMENT_NODE && !name_is(a, "body"); a = a->parent) {
            xmlNodePtr s = a->next;
            while (s && s->type != XML_ELEMENT_NODE)
                s = s->next;
            if (!s)
                continue; /* the last at its level: look further up */
            xmlNodePtr end = NULL;
            if (continued_run(a, &end))
                for (; s != end; s = s->next)
                    if (s->type == XML_ELEMENT_NODE) {
                        taken = nw_realloc(taken, (ntaken + 1) * sizeof *taken);
                        taken[ntaken++] = s;
                    }
            break;
        }
    /* comments go whole, before cleaning takes their headers apart */
    drop_threads(taken, ntaken, core);
    size_t kept = 0;
    for (size_t i = 0; i < ntaken; i++)
        if (taken[i]) {
            clean_candidate(taken[i]->children, 0);
            taken[kept++] = taken[i];
        }
    ntaken = kept;
    drop_trailing_headings(taken, ntaken);
    drop_author_boxes(taken, ntaken);
    for (size_t i = 0; i < ntaken; i++) {
        if (!taken[i])
            continue; /* a heading dropped whole */
        html_node_text(taken[i], &out);
        if (parent && parent->type == XML_ELEMENT_NODE)
            nw_buf_puts(&out, "\n\n");
    }
    free(taken);
    free(cands);
    free_info(root);
    char *t = normalised(nw_buf_steal(&out));
    /* a page that is not one article (a listing, a collection, a forum
     * thread, a product page) leaves a few words as its best candidate:
     * then its content is its main region, links and all */
    *weak = html_word_count(t) < WEAK_BODY_WORDS;
    if (*weak) {
        char *rt = region_text ? region_text : main_region_text(root);
        region_text = NULL;
        if (rt && html_word_count(rt) >= 2 * html_word_count(t) + WEAK_BODY_WORDS) {
            free(t);
            t = rt;
        } else {
            free(rt);
        }
    }
    free(region_text);
    return t;
}

/* Whether s holds a tag ('<' then a letter, '/' or '!'). */
static bool has_markup(const char *s)
{
    for (const char *p = strchr(s, '<'); p; p = strchr(p + 1, '<'))
        if (isalpha((unsigned char)p[1]) || p[1] == '/' || p[1] == '!')
            return true;
    return false;
}

static char *ld_body_text(const char *s)
{
    /* articleBody is plain text, sometimes with HTML; normalise either way
     * (plain text's line breaks are its paragraphs) */
    char *html = has_markup(s) ? NULL : html_paragraphs(s, false);
    const char *h = html ? html : s;
    char *t = html_fragment_text(h, strlen(h));
    free(html);
    return html_drop_ad_lines(t);
}

struct reparse {
    const char *data, *url, *enc;
    size_t len;
    bool streamed; /* React's streamed parts to put in place */
    /* the values taken out of data (html_drop_raw_text_lifted), and the
     * page to parse instead when libxml2 reads it otherwise (written into
     * *plain, which the consent check reads too) */
    const struct html_lifted *lifted;
    const char *page;
    size_t page_len;
    struct nw_buf *plain;
};

static struct _xmlDoc *reparse(void *arg)
{
    struct reparse *r = arg;
    htmlDocPtr doc = r->lifted && r->lifted->short_tags ? html_parse_page_short(r->data, r->len, r->url, r->enc)
                                                        : html_parse_page(r->data, r->len, r->url, r->enc);
    if (!html_lifted_restore(doc, r->lifted)) {
        xml_arena_free_doc(doc);
        html_drop_raw_text(r->page, r->page_len, r->plain);
        r->data = r->plain->data ? r->plain->data : "";
        r->len = r->plain->len;
        r->lifted = NULL;
        doc = html_parse_page(r->data, r->len, r->url, r->enc);
    }
    if (r->streamed)
        html_complete_streamed(doc);
    html_repair_tree(doc);
    return doc;
}

/* A page in UTF-8, decoded here as a browser decodes it: a byte its
 * charset does not define is U+FFFD and the rest is read (libxml2's own
 * decoding stops there, and prints to stderr); a page double-encoded as a
 * whole is turned back. Returns the bytes to parse (kept in *own when
 * they are a copy) and their length in *len; *enc is "UTF-8", or NULL when
 * libxml2 is left to decode (a declaration the prescan could not read). */
static const char *page_utf8(const char *data, size_t *len, const char *content_type, struct nw_buf *own,
                             const char **enc)
{
    *own = (struct nw_buf){0};
    char label[64];
    const char *cs = charset_for_html(data, *len, content_type);
    if (!cs)
        cs = charset_from_meta(data, *len, label, sizeof label);
    *enc = cs ? "UTF-8" : NULL;
    if (!cs)
        return data;
    bool utf8 = !strcasecmp(cs, "UTF-8") || !strcasecmp(cs, "UTF8");
    if (!utf8 || !nw_utf8_valid(data, *len)) {
        /* a page that says UTF-8 (its <meta>, its server) in another
         * charset, or with another's bytes pasted in (a CMS's template
         * updated, its stored texts not): what the bytes say, not U+FFFD
         * for every letter beyond ASCII */
        if (utf8)
            cs = charset_bytes_say(data, *len);
        int rc = !strcasecmp(cs, "UTF-8") ? charset_utf8_mixed(data, *len, own, *len * 4 + 1024)
                                          : charset_to_utf8(data, *len, cs, own, *len * 4 + 1024);
        if (rc < 0) {
            nw_buf_cleanup(own);
            *enc = NULL;
            return data;
        }
        data = own->data ? own->data : "";
        *len = own->len;
    }
    /* a byte order mark is no text: the page is read without it, so that
     * what follows is judged as the same page without one is */
    if (*len >= 3 && !memcmp(data, "\xEF\xBB\xBF", 3)) {
        data += 3;
        *len -= 3;
    }
    struct nw_buf undone;
    if (charset_undo_double_utf8(data, *len, &undone) == 1) {
        nw_buf_cleanup(own);
        *own = undone;
        data = own->data;
        *len = own->len;
    }
    return data;
}

static json_t *extract_page(const char *data, size_t len, const char *url, const char *content_type, struct nw_err *err)
{
    /* a podcast's MP3, a report's PDF, an image: no page, whatever a
     * decoder would make of their bytes */
    const char *media = nw_media_not_text(content_type), *bytes = NULL;
    /* (a page its server says is UTF-16 or UTF-32 holds zero bytes) */
    if (!media && !(content_type && (strcasestr(content_type, "utf-16") || strcasestr(content_type, "utf-32"))))
        bytes = nw_bytes_not_text(data, len);
    if (media || bytes) {
        if (media)
            nw_err_set(err, 1, "not an HTML page: %s (%.80s)", media, content_type);
        else
            nw_err_set(err, 1, "not an HTML page: %s, by its bytes", bytes);
        return NULL;
    }
    /* a feed is no page (a feed item may link to one): its XML would come
     * out as a body of tags' text */
    char root[16];
    html_first_element(data, len, root);
    if (html_eq(root, "rss") || html_eq(root, "feed") || html_eq(root, "rdf:RDF") || html_eq(root, "RDF")) {
        nw_err_set(err, 1, "a feed (<%s>), not an HTML page", root);
        return NULL;
    }
    const char *raw = data;
    size_t raw_len = len;
    struct nw_buf utf8;
    const char *enc;
    data = page_utf8(data, &len, content_type, &utf8, &enc);
    /* a server's warning before the page is no part of it */
    size_t junk = html_page_start(data, len);
    data += junk;
    len -= junk;
    /* script and style bodies are not read: libxml2 is spared them, and
     * the long attribute values of a page in UTF-8 (libxml2 reading
     * another encoding from a declaration reads values in it) */
    struct nw_buf page = {0}, plain = {0};
    struct html_lifted lifted = {0};
    bool streamed = enc ? html_drop_raw_text_lifted(data, len, &page, &lifted) : html_drop_raw_text(data, len, &page);
    struct reparse r = {page.data ? page.data : "", url, enc, page.len, streamed, &lifted, data, len, &plain};
    htmlDocPtr doc = reparse(&r);
    if (!doc || !xmlDocGetRootElement(doc)) {
        if (doc)
            xml_arena_free_doc(doc);
        nw_buf_cleanup(&page);
        nw_buf_cleanup(&plain);
        html_lifted_free(&lifted);
        nw_buf_cleanup(&utf8);
        nw_err_set(err, 1, "not an HTML document");
        return NULL;
    }
    json_t *j = article_from_doc(doc, url, reparse, &r);
    /* a page served in place of the article: no article */
    size_t words = (size_t)nw_json_int(j, "word_count", 0);
    const char *service = interstitial_bot_check(raw, raw_len, words);
    bool dated = nw_json_str(j, "published") || nw_json_str(j, "updated"), consent = false;
    if (!service && words >= CONSENT_MIN_WORDS) {
        consent = interstitial_consent_form(nw_json_str(j, "text"), words, dated);
    } else if (!service && !dated && page.len) {
        /* no article found: the page's whole text (a dated page, or one
         * that names no cookies, is no consent form: not made), with the
         * attribute values taken out for libxml2 back in place */
        if (lifted.n && !plain.data)
            html_drop_raw_text(data, len, &plain);
        const struct nw_buf *read = lifted.n ? &plain : &page;
        if (read->len && interstitial_may_name_cookies(read->data)) {
            char *all = html_fragment_text(read->data, read->len);
            consent = interstitial_consent_form(all, html_word_count(all), dated);
            free(all);
        }
    }
    nw_buf_cleanup(&page);
    nw_buf_cleanup(&plain);
    html_lifted_free(&lifted);
    nw_buf_cleanup(&utf8);
    bool gone = !service && !consent && interstitial_not_found(nw_json_str(j, "title"), words, dated);
    if (service)
        nw_err_set(err, ARTICLE_ERR_TEMPORARY, "a bot check (%s), not the page", service);
    else if (consent)
        nw_err_set(err, ARTICLE_ERR_CONSENT, "a consent form (cookie wall), not the article");
    else if (gone)
        nw_err_set(err, 1, "a page that says it is not found (\"%.80s\"), with a 2xx status", nw_json_str(j, "title"));
    if (service || consent || gone) {
        json_decref(j);
        return NULL;
    }
    return j;
}

json_t *article_extract(const char *data, size_t len, const char *url, const char *content_type, struct nw_err *err)
{
    /* the page's trees are taken back at once, not node by node */
    bool own = xml_arena_begin();
    json_t *j = extract_page(data, len, url, content_type, err);
    if (own)
        xml_arena_end();
    return j;
}

/* The byline is metadata, not body text: among the text's first three
 * paragraphs, one that opens as a byline does ("By", "Par", ...), holds
 * the first author's name, is short (BYLINE_PARAGRAPH bytes) and is no
 * sentence is cut from it, in place ("By Ann Lee | May 3, 2024" above
 * the story); so is a Korean byline ("김철수 기자"), the name first. */
#define BYLINE_PARAGRAPH 160
static void drop_byline_paragraph(char *text, const char *name)
{
    if (!name || !*name)
        return;
    char *p = text;
    for (int i = 0; i < 3 && *p; i++) {
        char *end = strstr(p, "\n\n");
        size_t len = end ? (size_t)(end - p) : strlen(p);
        /* the paragraph alone, for the tests that read to a string's end */
        char line[BYLINE_PARAGRAPH + 1];
        if (len <= BYLINE_PARAGRAPH) {
            memcpy(line, p, len);
            line[len] = '\0';
        }
        if (len <= BYLINE_PARAGRAPH && (meta_byline_opens(line) || meta_korean_byline(line))) {
            /* a sentence that starts with "By" is no byline ("By Tuesday,
             * Ann Lee had resigned.") */
            bool sentence = len && p[len - 1] == '.' && html_words_above(p, len, 8);
            if (!sentence && memmem(p, len, name, strlen(name))) {
                char *rest = end ? end + 2 : p + len;
                if (p > text && !end)
                    p -= 2; /* the last paragraph: its break before it goes too */
                memmove(p, rest, strlen(rest) + 1);
                return;
            }
        }
        if (!end)
            return;
        p = end + 2;
    }
}

/* A note on the author after the story ("About the author: Ann Lee is a
 * freelance photographer...", or that heading and a biography) is no part
 * of it: from a paragraph that opens with such a heading, when what is
 * left from there is at most AUTHOR_NOTE_WORDS words after a story of at
 * least AUTHOR_BOX_ARTICLE, the text is cut. The boxes drop_author_boxes
 * finds are those linking to the author's page; this finds them by what
 * they say. */
#define AUTHOR_NOTE_WORDS 150
static void drop_author_note(char *text)
{
    /* compared in any case for their ASCII letters (strncasecmp), so a
     * heading's other letters are written as it starts: capital first */
    static const char *const heads[] = {
        "about the author",
        "about the authors",
        "about the writer",
        "about the reporter",
        "author bio",
        "\u00dcber den Autor",
        "\u00dcber die Autorin",
        "zum Autor",
        "zur Autorin",
        "\u00c0 propos de l'auteur",
        "\u00c0 propos de l\u2019auteur",
        "sobre el autor",
        "sobre la autora",
        "sobre o autor",
        "sobre a autora",
        "sull'autore",
        "over de auteur",
        "o autorze",
        "\u041e\u0431 \u0430\u0432\u0442\u043e\u0440\u0435",
    };
    for (char *p = text; *p;) {
        char *end = strstr(p, "\n\n");
        size_t len = end ? (size_t)(end - p) : strlen(p);
        for (size_t i = 0; p > text && i < sizeof heads / sizeof *heads; i++) {
            /* (x | 0x20 is the same for a letter in either case) */
            if (((unsigned char)*p | 0x20) != ((unsigned char)heads[i][0] | 0x20))
                continue;
            size_t hl = strlen(heads[i]);
            if (hl > len || strncasecmp(p, heads[i], hl))
                continue;
            /* the heading alone, or before a colon or the note */
            unsigned char after = hl < len ? (unsigned char)p[hl] : 0;
            if (after && after != ':' && after != ' ' && after != '\n' && after != 0xc2 /* a no-break space */)
                continue;
            if (!html_words_above(text, (size_t)(p - text), AUTHOR_BOX_ARTICLE - 1) ||
                html_words_above(p, strlen(p), AUTHOR_NOTE_WORDS))
                return;
            p[-2] = '\0';
            return;
        }
        if (!end)
            return;
        p = end + 2;
    }
}

json_t *article_from_doc(struct _xmlDoc *doc, const char *url, struct _xmlDoc *(*again)(void *), void *arg)
{
    struct meta m;
    html_read_as_shown(doc);
    meta_read(doc, url, &m);
    size_t dropped;
    bool weak;
    char *text = extract_body(doc, m.title, false, m.article, m.discussion, &dropped, &weak);
    xml_arena_free_doc(doc);
    /* a page that gave no article once what its names call comments or
     * furniture was removed (its best candidate few words, whatever its
     * main region held) may be a forum, whose posts are named as
     * comments, or a shop, whose grid is named as widgets: a second look,
     * names aside, when what they removed held a body's words more than
     * the text has (a parse of the page again: not for a menu or two),
     * taken when it finds much more text */
    if (again && weak && dropped >= html_word_count(text) + WEAK_BODY_WORDS) {
        htmlDocPtr doc2 = again(arg);
        if (doc2)
            html_read_as_shown(doc2);
        if (doc2 && xmlDocGetRootElement(doc2)) {
            char *with = extract_body(doc2, m.title, true, m.article, m.discussion, &dropped, &weak);
            if (html_word_count(with) >= 2 * html_word_count(text) + WEAK_BODY_WORDS) {
                free(text);
                text = with;
            } else {
                free(with);
            }
        }
        if (doc2)
            xml_arena_free_doc(doc2);
    }
    if (m.ld_body) {
        char *ldt = ld_body_text(m.ld_body);
        if (html_word_count(ldt) > 2 * html_word_count(text) + 20) {
            free(text);
            text = ldt;
        } else {
            free(ldt);
        }
    }
    /* the byline as names: "author" joins them, "authors" lists them */
    struct nw_strv names = {0};
    meta_byline_names(m.author, &names);
    /* a note on the author is no credit ("a former Reuters
     * correspondent") */
    drop_author_note(text);
    /* agencies credited anywhere, the byline in the text too */
    json_t *agencies = meta_agencies(m.author, text);
    drop_byline_paragraph(text, names.n ? names.v[0] : m.author); /* an agency's, named by no person */
    size_t words = html_word_count(text);
    json_t *o = json_object();
    nw_json_set_str(o, "url", m.canonical);
    nw_json_set_str(o, "title", m.title);
    char *author = meta_names_joined(&names);
    nw_json_set_str(o, "author", author);
    free(author);
    nw_json_set_time(o, "published", m.published);
    nw_json_set_time(o, "updated", m.updated);
    /* the language the text is written in, when it is long enough to
     * say so surely; else what the markup declares (templates declare
     * their own language, not always the article's); a shorter text is
     * asked only when the markup declares nothing, or a language of
     * another script than the text's (a template's en-US over Russian) */
    char *lang =
        words >= LANG_MIN_WORDS || (words >= LANG_SHORT_WORDS && (!m.lang || meta_lang_script_differs(m.lang, text)))
            ? meta_text_lang(text)
            : NULL;
    nw_json_set_str(o, "lang", lang ? lang : m.lang);
    free(lang);
    nw_json_set_str(o, "site_name", m.site_name);
    nw_json_set_str(o, "description", m.description);
    nw_json_set_str(o, "text", text);
    json_object_set_new(o, "word_count", json_integer((json_int_t)words));
    json_object_set_new(o, "reading_time_min", json_integer(words ? (json_int_t)fmax(1.0, round((double)words / 230.0)) : 0));
    json_object_set_new(o, "agencies", agencies);
    nw_json_set_str(o, "access", m.access);
    if (names.n) {
        json_t *a = json_array();
        for (size_t i = 0; i < names.n; i++) {
            json_array_append_new(a, json_string(names.v[i]));
            free(names.v[i]);
        }
        json_object_set_new(o, "authors", a);
    }
    free(names.v);
    free(text);
    meta_cleanup(&m);
    /* display text held to display length (NW_LINE_MAX, NW_LINES_MAX) */
    nw_json_clip_line(o, "title");
    nw_json_clip_line(o, "author");
    nw_json_clip_lines(o, "authors");
    nw_json_clip_line(o, "site_name");
    return o;
}
