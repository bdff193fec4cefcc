/* libxml2's HTML parser is not an HTML5 parser; newswire repairs the tree
 * where that matters for extraction (parser/article.c: prune). This test
 * holds it to an HTML5 tree: each corpus page is also parsed by gumbo
 * (Debian's libgumbo, an HTML5-conformant parser), its tree copied into a
 * libxml2 document, and the article extracted from both trees. The texts
 * must agree: when they do not, libxml2's tree shape decided the result.
 *
 * And the page extraction reads (html_drop_raw_text: no script, style or
 * drawing bodies, no attribute it does not read) must give libxml2's tree
 * of the whole page, those bodies and attributes aside, on every corpus
 * page. */
#include <ctype.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <cmocka.h>
#include <dirent.h>
#include <gumbo.h>
#include <libxml/HTMLtree.h>
#include <zlib.h>

#include "../../../common/buf.h"
#include "../../../common/jsonx.h"
#include "../../../parser/charset.h"
#include "../../../parser/html.h"
#include "../../../parser/parser.h"
#include "html_safety.h"

/* Pages read from each corpus at most (WCXB: every 8th page). */
#define MAX_PAGES 400
#define WCXB_STRIDE 8

static void copy_children(GumboVector *kids, xmlDocPtr doc, xmlNodePtr parent, int depth);

static const char *tag_name(const GumboElement *e, char *buf, size_t size)
{
    if (e->tag != GUMBO_TAG_UNKNOWN)
        return gumbo_normalized_tagname(e->tag);
    GumboStringPiece p = e->original_tag;
    gumbo_tag_from_original_text(&p);
    size_t n = p.length < size - 1 ? p.length : size - 1;
    for (size_t i = 0; i < n; i++)
        buf[i] = (char)((p.data[i] >= 'A' && p.data[i] <= 'Z') ? p.data[i] + 32 : p.data[i]);
    buf[n] = '\0';
    return buf;
}

static void copy_node(const GumboNode *g, xmlDocPtr doc, xmlNodePtr parent, int depth)
{
    if (depth > 400)
        return;
    switch (g->type) {
    case GUMBO_NODE_ELEMENT:
    case GUMBO_NODE_TEMPLATE: {
        char buf[64];
        const char *name = tag_name(&g->v.element, buf, sizeof buf);
        if (!*name)
            return;
        xmlNodePtr e = xmlNewDocNode(doc, NULL, (const xmlChar *)name, NULL);
        const GumboVector *attrs = &g->v.element.attributes;
        for (unsigned i = 0; i < attrs->length; i++) {
            const GumboAttribute *a = attrs->data[i];
            if (xmlValidateNCName((const xmlChar *)a->name, 0) == 0)
                xmlNewProp(e, (const xmlChar *)a->name, (const xmlChar *)a->value);
        }
        xmlAddChild(parent, e);
        copy_children((GumboVector *)&g->v.element.children, doc, e, depth + 1);
        break;
    }
    case GUMBO_NODE_TEXT:
    case GUMBO_NODE_WHITESPACE:
    case GUMBO_NODE_CDATA:
        xmlAddChild(parent, xmlNewDocText(doc, (const xmlChar *)g->v.text.text));
        break;
    case GUMBO_NODE_COMMENT:
        xmlAddChild(parent, xmlNewDocComment(doc, (const xmlChar *)g->v.text.text));
        break;
    default:
        break;
    }
}

static void copy_children(GumboVector *kids, xmlDocPtr doc, xmlNodePtr parent, int depth)
{
    for (unsigned i = 0; i < kids->length; i++)
        copy_node(kids->data[i], doc, parent, depth);
}

/* The page as gumbo builds it, as a libxml2 document. */
static xmlDocPtr html5_doc(const char *data, size_t len)
{
    GumboOutput *out = gumbo_parse_with_options(&kGumboDefaultOptions, data, len);
    if (!out)
        return NULL;
    htmlDocPtr doc = htmlNewDocNoDtD(NULL, NULL);
    char buf[64];
    xmlNodePtr root = xmlNewDocNode(doc, NULL, (const xmlChar *)tag_name(&out->root->v.element, buf, sizeof buf), NULL);
    xmlDocSetRootElement(doc, root);
    const GumboVector *attrs = &out->root->v.element.attributes;
    for (unsigned i = 0; i < attrs->length; i++) {
        const GumboAttribute *a = attrs->data[i];
        if (xmlValidateNCName((const xmlChar *)a->name, 0) == 0)
            xmlNewProp(root, (const xmlChar *)a->name, (const xmlChar *)a->value);
    }
    copy_children(&out->root->v.element.children, doc, root, 1);
    gumbo_destroy_output(&kGumboDefaultOptions, out);
    return doc;
}

struct page {
    const char *data;
    size_t len;
};

/* Both trees with React's streamed parts put in place, as
 * article_extract puts them (the scripts that place them are in both). */
static struct _xmlDoc *html5_again(void *arg)
{
    const struct page *p = arg;
    xmlDocPtr doc = html5_doc(p->data, p->len);
    html_complete_streamed(doc);
    return doc;
}

/* Word F1 of two texts (bags of lower-case ASCII-folded words). */
static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static size_t words_of(const char *t, char ***out)
{
    size_t n = 0, cap = 0;
    char **v = NULL;
    for (const char *p = t; *p;) {
        while (*p && !((unsigned char)*p >= 0x80 || (*p >= '0' && *p <= '9') || ((*p | 32) >= 'a' && (*p | 32) <= 'z')))
            p++;
        const char *s = p;
        while (*p && ((unsigned char)*p >= 0x80 || (*p >= '0' && *p <= '9') || ((*p | 32) >= 'a' && (*p | 32) <= 'z')))
            p++;
        if (p == s)
            break;
        if (n == cap)
            v = realloc(v, (cap = cap ? cap * 2 : 256) * sizeof *v);
        char *w = strndup(s, (size_t)(p - s));
        for (char *q = w; *q; q++)
            if (*q >= 'A' && *q <= 'Z')
                *q = (char)(*q + 32);
        v[n++] = w;
    }
    if (n)
        qsort(v, n, sizeof *v, cmp_str);
    *out = v;
    return n;
}

static double word_f1(const char *a, const char *b)
{
    char **va, **vb;
    size_t na = words_of(a, &va), nb = words_of(b, &vb), i = 0, j = 0, common = 0;
    while (i < na && j < nb) {
        int c = strcmp(va[i], vb[j]);
        if (!c)
            common++, i++, j++;
        else if (c < 0)
            i++;
        else
            j++;
    }
    for (i = 0; i < na; i++)
        free(va[i]);
    for (j = 0; j < nb; j++)
        free(vb[j]);
    free(va);
    free(vb);
    if (!na && !nb)
        return 1.0;
    if (!na || !nb || !common)
        return 0.0;
    double p = (double)common / (double)na, r = (double)common / (double)nb;
    return 2 * p * r / (p + r);
}

static char *gunzip_file(const char *path, size_t *len)
{
    gzFile f = gzopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 1 << 20, n = 0;
    char *d = malloc(cap + 1);
    int r;
    while ((r = gzread(f, d + n, (unsigned)(cap - n))) > 0) {
        n += (size_t)r;
        if (n == cap)
            d = realloc(d, (cap *= 2) + 1);
    }
    gzclose(f);
    d[n] = '\0';
    *len = n;
    return d;
}

struct tally {
    size_t pages, differing, changed;
    double f1_sum;
};

static xmlDocPtr whole_again(void *arg)
{
    const struct page *p = arg;
    htmlDocPtr doc = html_parse(p->data, p->len, "https://example.org/", "UTF-8");
    html_complete_streamed(doc);
    return doc;
}

static void compare_page(const char *name, const char *data, size_t len, void *arg)
{
    struct tally *t = arg;
    /* gumbo reads UTF-8 only: pages in other charsets are left out */
    if (nw_utf8_valid_len(data, len) != len)
        return;
    /* decoded as article_extract decodes it (a page double-encoded as a
     * whole is turned back), for gumbo and the whole page's tree alike */
    struct nw_buf undone = {0};
    if (charset_undo_double_utf8(data, len, &undone) == 1) {
        data = undone.data;
        len = undone.len;
    }
    /* and with the references libxml2 does not know written as it reads
     * them, as html_drop_raw_text writes them */
    struct nw_buf refs = {0}, mended = {0};
    html_append_refs(&refs, data, len);
    /* (the whole page for libxml2 as html_drop_raw_text mends it too;
     * gumbo's as it is) */
    nw_buf_append(&mended, refs.data ? refs.data : "", refs.len);
    html_drop_document_ends(&mended);
    html_close_divs(&mended);
    struct page pg = {refs.data ? refs.data : "", refs.len}, pm = {mended.data ? mended.data : "", mended.len};
    struct nw_err err = {0};
    json_t *a = article_extract(data, len, "https://example.org/", "text/html; charset=utf-8", &err);
    /* the extraction of the whole page, script, style and drawing bodies
     * included, says the same */
    htmlDocPtr whole = whole_again(&pm);
    json_t *w = whole ? article_from_doc(whole, "https://example.org/", whole_again, &pm) : NULL;
    char *ja = a ? json_dumps(a, JSON_SORT_KEYS) : NULL, *jw = w ? json_dumps(w, JSON_SORT_KEYS) : NULL;
    if ((ja || jw) && (!ja || !jw || strcmp(ja, jw))) {
        t->changed++;
        print_message("  %s: the extraction changes without script, style and drawing bodies\n", name);
    }
    free(ja);
    free(jw);
    json_decref(w);
    xmlDocPtr d5 = html5_again(&pg);
    json_t *b = d5 ? article_from_doc(d5, "https://example.org/", html5_again, &pg) : NULL;
    if (a && b) {
        double f = word_f1(nw_json_str(a, "text") ? nw_json_str(a, "text") : "",
                           nw_json_str(b, "text") ? nw_json_str(b, "text") : "");
        t->pages++;
        t->f1_sum += f;
        if (f < 0.9) {
            t->differing++;
            print_message("  %s: libxml2 and HTML5 trees give texts of word F1 %.2f\n", name, f);
        }
    }
    json_decref(a);
    json_decref(b);
    nw_buf_cleanup(&undone);
    nw_buf_cleanup(&mended);
    nw_buf_cleanup(&refs);
}

/* What each_page calls for each corpus page: its file name, its bytes
 * (unzipped) and their length. */
typedef void page_fn(const char *name, const char *data, size_t len, void *arg);

static void each_page(const char *dir, size_t stride, page_fn *fn, void *arg)
{
    DIR *d = opendir(dir);
    if (!d) {
        print_message("  %s: not there, skipped\n", dir);
        return;
    }
    char **names = NULL;
    size_t n = 0;
    struct dirent *e;
    while ((e = readdir(d)))
        if (strstr(e->d_name, ".html.gz")) {
            names = realloc(names, (n + 1) * sizeof *names);
            names[n++] = strdup(e->d_name);
        }
    closedir(d);
    qsort(names, n, sizeof *names, cmp_str);
    for (size_t i = 0, used = 0; i < n; i++) {
        if (i % stride == 0 && used < MAX_PAGES) {
            char path[4096];
            snprintf(path, sizeof path, "%s/%s", dir, names[i]);
            size_t len;
            char *data = gunzip_file(path, &len);
            if (data)
                fn(names[i], data, len, arg);
            free(data);
            used++;
        }
        free(names[i]);
    }
    free(names);
}

/* The 95 article pages and every WCXB_STRIDE-th WCXB page, through fn. */
static void each_corpus_page(page_fn *fn, void *arg)
{
    each_page(NW_SHARED_DIR "/corpus/articles/html", 1, fn, arg);
    each_page(NW_SHARED_DIR "/corpus/wcxb/html", WCXB_STRIDE, fn, arg);
}

static void test_html5_agreement(void **state)
{
    (void)state;
    struct tally t = {0};
    each_corpus_page(compare_page, &t);
    if (!t.pages)
        skip(); /* no corpus beside the project */
    print_message("html5: %zu pages, mean word F1 %.4f between the texts of the two trees, %zu under 0.9\n", t.pages,
                  t.f1_sum / (double)t.pages, t.differing);
    assert_true(t.f1_sum / (double)t.pages >= 0.97);
    assert_int_equal(t.changed, 0);
    assert_true(t.differing * 100 <= t.pages * 5);
}

/* The copy itself: an unclosed <nav> holds the article in libxml2's tree,
 * not in an HTML5 one; both give the article's text. */
static void test_unclosed_furniture(void **state)
{
    (void)state;
    static const char page[] =
        "<html><body><nav><a href=/>Home</a> <button>Menu<main><article><h1>Title</h1><p>The council voted on "
        "Tuesday to close the old bridge, which has carried traffic over the river since 1931, after engineers "
        "found cracks in two of its piers.</p><p>A repair would cost more than a new bridge, they said, and the "
        "work would take at least three years.</p><p>Residents who cross the river every day asked the council for a "
        "ferry in the meantime, and the mayor promised an answer before the summer holidays begin.</p></article>"
        "</main></body></html>";
    xmlDocPtr d5 = html5_doc(page, strlen(page));
    assert_non_null(d5);
    struct page pg = {page, strlen(page)};
    json_t *b = article_from_doc(d5, NULL, html5_again, &pg);
    struct nw_err err = {0};
    json_t *a = article_extract(page, strlen(page), NULL, NULL, &err);
    assert_non_null(a);
    assert_non_null(b);
    assert_non_null(strstr(nw_json_str(b, "text"), "three years"));
    assert_true(word_f1(nw_json_str(a, "text"), nw_json_str(b, "text")) > 0.95);
    json_decref(a);
    json_decref(b);
}

/* A paragraph left open before a block HTML 4 did not have (<section>,
 * <figure>) ends there in an HTML5 tree; libxml2 nests the block in it,
 * and the repaired tree gives the HTML5 tree's text. */
static void test_open_paragraph(void **state)
{
    (void)state;
    struct nw_buf page = {0};
    nw_buf_puts(&page, "<html><head><title>Bridge vote</title></head><body><main><h1>Bridge vote</h1><p>The story "
                       "so far, in short<section class=\"article-body\">");
    for (int i = 0; i < 12; i++) {
        nw_buf_printf(&page,
                      "<p>Paragraph %d of the story: the council met on Tuesday to decide the budget for the new "
                      "bridge, and the vote was close.</p>",
                      i);
        if (i == 7)
            nw_buf_puts(&page, "<p>The old bridge<figure><img src=\"/b.jpg\"><figcaption>The old bridge, in "
                               "1931.</figcaption></figure>carried trams.</p>");
    }
    nw_buf_puts(&page, "</section><aside><h3>Related</h3><ul><li><a href=\"/a\">Another story about roads</a></li>"
                       "<li><a href=\"/b\">Yet another one</a></li></ul></aside></main></body></html>");
    xmlDocPtr d5 = html5_doc(page.data, page.len);
    assert_non_null(d5);
    struct page pg = {page.data, page.len};
    json_t *b = article_from_doc(d5, NULL, html5_again, &pg);
    struct nw_err err = {0};
    json_t *a = article_extract(page.data, page.len, NULL, NULL, &err);
    assert_non_null(a);
    assert_non_null(b);
    assert_non_null(strstr(nw_json_str(a, "text"), "Paragraph 11"));
    assert_string_equal(nw_json_str(a, "text"), nw_json_str(b, "text"));
    json_decref(a);
    json_decref(b);
    nw_buf_cleanup(&page);
}

/* The attributes extraction and metadata read (parser/article.c,
 * parser/meta.c), listed here on their own: html_drop_raw_text may leave
 * any other attribute out, never one of these. */
static bool read_attr(const char *elem, const char *name)
{
    if (!strcmp(name, "href")) /* <link rel=canonical>'s */
        return strcmp(elem, "a") != 0;
    static const char *const names[] = {"class", "id", "role", "style", "hidden", "aria-hidden", "itemprop",
                                        "property", "name", "content", "http-equiv", "rel", "type",
                                        "datetime", "lang", "xml:lang", "charset"};
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        if (!strcmp(name, names[i]))
            return true;
    return false;
}

static bool svg_drawing(const char *name)
{
    static const char *const drawing[] = {"svg", "g", "path", "circle", "rect", "line", "polyline", "polygon",
                                          "ellipse", "defs", "use", "symbol", "lineargradient", "radialgradient",
                                          "stop", "clippath", "mask", "pattern", "filter", "desc", "metadata",
                                          "marker", "tspan"};
    if (!strncasecmp(name, "fe", 2))
        return true;
    for (size_t i = 0; i < sizeof drawing / sizeof *drawing; i++)
        if (!strcasecmp(name, drawing[i]))
            return true;
    return false;
}

/* A tree as text: elements with their attributes, text, comments; the
 * content of script and style elements left out, and in an svg its
 * drawing elements and blank text (an svg of drawing elements only is
 * left out whole; any other is kept, and read on inside). */
static void tree_sig(xmlNodePtr n, struct nw_buf *out, int depth, bool in_svg)
{
    for (; n && depth < 256; n = n->next) {
        if (in_svg && n->type == XML_TEXT_NODE && n->content &&
            strspn((const char *)n->content, " \t\r\n") == strlen((const char *)n->content))
            continue;
        if (in_svg && n->type == XML_ELEMENT_NODE && svg_drawing((const char *)n->name))
            continue;
        if (n->type == XML_TEXT_NODE || n->type == XML_COMMENT_NODE || n->type == XML_CDATA_SECTION_NODE) {
            nw_buf_printf(out, "%d:%s\n", (int)n->type, n->content ? (const char *)n->content : "");
            continue;
        }
        if (n->type != XML_ELEMENT_NODE)
            continue;
        nw_buf_printf(out, "<%s", (const char *)n->name);
        for (xmlAttrPtr a = n->properties; a; a = a->next) {
            if (!read_attr((const char *)n->name, (const char *)a->name))
                continue;
            xmlChar *v = xmlNodeGetContent((xmlNodePtr)a);
            nw_buf_printf(out, " %s=%s", (const char *)a->name, v ? (const char *)v : "");
            xmlFree(v);
        }
        nw_buf_puts(out, ">\n");
        const char *name = (const char *)n->name;
        if (strcasecmp(name, "script") && strcasecmp(name, "style"))
            tree_sig(n->children, out, depth + 1, in_svg || !strcasecmp(name, "svg"));
        nw_buf_puts(out, "</>\n");
    }
}

struct same_tally {
    size_t pages, differing, bytes, dropped;
};

static void compare_trees(const char *name, const char *data, size_t len, void *arg)
{
    struct same_tally *t = arg;
    struct nw_buf less = {0};
    html_drop_raw_text(data, len, &less);
    const char *enc = charset_for_html(data, len, NULL);
    struct nw_buf refs = {0}; /* the references it writes as libxml2 reads them, in the whole page too */
    html_append_refs(&refs, data, len);
    html_drop_document_ends(&refs); /* (and the end tags an HTML5 parser reads as nothing, */
    html_close_divs(&refs);         /* and the <div>s it closes with the elements around them) */
    htmlDocPtr a = html_parse(refs.data ? refs.data : "", refs.len, NULL, enc),
               b = html_parse(less.data ? less.data : "", less.len, NULL, enc);
    nw_buf_cleanup(&refs);
    struct nw_buf sa = {0}, sb = {0};
    tree_sig(a ? xmlDocGetRootElement(a) : NULL, &sa, 0, false);
    tree_sig(b ? xmlDocGetRootElement(b) : NULL, &sb, 0, false);
    t->pages++;
    t->bytes += len;
    t->dropped += len - less.len;
    if (sa.len != sb.len || (sa.len && memcmp(sa.data, sb.data, sa.len))) {
        t->differing++;
        print_message("  %s: the tree changes without script, style and drawing bodies and unread attributes\n", name);
    }
    nw_buf_cleanup(&sa);
    nw_buf_cleanup(&sb);
    xmlFreeDoc(a);
    xmlFreeDoc(b);
    nw_buf_cleanup(&less);
}

static void test_raw_text_corpus(void **state)
{
    (void)state;
    struct same_tally t = {0};
    each_corpus_page(compare_trees, &t);
    if (!t.pages)
        skip();
    print_message("raw text: %zu pages, %.0f%% of their bytes not parsed, %zu trees changed\n", t.pages,
                  100.0 * (double)t.dropped / (double)(t.bytes ? t.bytes : 1), t.differing);
    assert_int_equal(t.differing, 0);
    assert_true(t.dropped > 0);
}

static void expect_dropped(const char *in, const char *want)
{
    struct nw_buf out = {0};
    html_drop_raw_text(in, strlen(in), &out);
    assert_non_null(out.data);
    assert_string_equal(out.data, want);
    nw_buf_cleanup(&out);
}

/* What is left out, and what is kept because libxml2 reads it otherwise. */
static void test_raw_text_cases(void **state)
{
    (void)state;
    /* a script body, ended where libxml2 ends it (any "</script"), in any case */
    expect_dropped("<p>a</p><SCRIPT>if (a</b) x = \"</p>\";</ScRiPt ><p>b</p>", "<p>a</p><SCRIPT></ScRiPt ><p>b</p>");
    expect_dropped("<style type=text/css>p > a { color: red }</style><p>x", "<style type=text/css></style><p>x");
    /* JSON-LD is metadata: kept */
    expect_dropped("<script type=\"application/ld+json\">{\"a\": \"</p>\"}</script>",
                   "<script type=\"application/ld+json\">{\"a\": \"</p>\"}</script>");
    expect_dropped("<SCRIPT TYPE='Application/LD+JSON'>{}</script><script type=\"application&#47;ld+json\">{}</script>",
                   "<SCRIPT TYPE='Application/LD+JSON'>{}</script><script type=\"application&#47;ld+json\">{}</script>");
    /* other JSON (a framework's page state) is not read */
    expect_dropped("<script id=\"__NEXT_DATA__\" type=\"application/json\">{\"props\": 1}</script><p>x",
                   "<script id=\"__NEXT_DATA__\" type=\"application/json\"></script><p>x");
    /* a '>' or a '<script' in a quoted attribute value opens nothing */
    expect_dropped("<div class=\"<script>\" id='a>b'>x</div><script src=\"a>b.js\">y</script>z",
                   "<div class=\"<script>\" id='a>b'>x</div><script></script>z");
    /* attributes nothing reads go when their value is quoted; what the
     * extraction reads stays, and so does the rest of a tag libxml2 might
     * read otherwise (an unquoted value, no blank after a value) */
    expect_dropped("<div data-x=\"1\" class=\"a\" onclick='f()' title=\"t>u\">t</div><img src=\"a.png\" alt=\"A\"/>",
                   "<div class=\"a\">t</div><img/>");
    expect_dropped("<p aria-label=\"x\" aria-hidden=\"true\" style=\"color:red\" itemprop=\"author\">q</p>",
                   "<p aria-hidden=\"true\" style=\"color:red\" itemprop=\"author\">q</p>");
    expect_dropped("<p data-a=\"1\"class=\"b\">x</p><a href=\"/x\" data-y = \"2\" >y</a><div data-z=3 data-w=\"4\">",
                   "<p data-a=\"1\"class=\"b\">x</p><a >y</a><div data-z=3 data-w=\"4\">");
    /* an attribute without a value goes when a blank or the tag's end follows its name */
    expect_dropped("<div data-a hidden data-b class=\"c\" data-c>x</div><p data-d\"e\" class=f>",
                   "<div hidden class=\"c\">x</div><p data-d\"e\" class=f>");
    expect_dropped("<input aria-required =  required data-x/><i data-y/>", "<input aria-required =  required data-x/><i/>");
    /* and from the start tags of scripts, styles and drawings too */
    expect_dropped("<script async src=\"a.js\" data-x=\"1\">y</script><svg width=\"2\"><path/></svg>",
                   "<script async></script><svg></svg>");
    /* a link's target goes, <link>'s stays (rel=canonical is read) */
    expect_dropped("<link rel=\"canonical\" href=\"/c\"><a href='/x' rel=\"author\">A</a>",
                   "<link rel=\"canonical\" href=\"/c\"><a rel=\"author\">A</a>");
    /* nor in a comment */
    expect_dropped("<!-- <script> --><p>z</p><script>w</script>", "<!-- <script> --><p>z</p><script></script>");
    /* "<script/>" has no body; "<scripts>" is another element */
    expect_dropped("<script/><p>q</p><scripts>r</scripts>", "<script/><p>q</p><scripts>r</scripts>");
    /* unclosed: the rest as it is */
    expect_dropped("<p>a<script>b</p>", "<p>a<script>b</p>");
    expect_dropped("<p>a<!-- b <script>c</script>", "<p>a<!-- b <script>c</script>");
    expect_dropped("<p title=\"a>b<script>c</script>", "<p title=\"a>b<script>c</script>");
    /* drawings: their bodies go, nested ones counted */
    expect_dropped("<svg viewBox=\"0 0 1 1\"><g><path d=\"M0 0\"/><svg><circle r=1 /></svg></g></svg><p>t</p>",
                   "<svg viewBox=\"0 0 1 1\"></svg><p>t</p>");
    /* an <svg> with a <title> or text may move elements in libxml2's tree: kept */
    expect_dropped("<p><svg><title>Logo</title><path d=1 /></svg> text</p>",
                   "<p><svg><title>Logo</title><path d=1 /></svg> text</p>");
    expect_dropped("<svg><path d=\"M0\"/>Times</svg>", "<svg><path d=\"M0\"/>Times</svg>");
    /* ... and read on inside as the rest of the page, and after it */
    expect_dropped("<svg width=\"2\"><image width=\"1\" href=\"i.png\"/></svg><script>s</script><p data-x=\"1\">t</p>",
                   "<svg><image href=\"i.png\"/></svg><script></script><p>t</p>");
    /* </body> and </html> before the end of what the page shows are
     * nothing, as an HTML5 parser reads them, and go (but in comments and
     * kept scripts' bodies); at its end, followed by end tags, comments,
     * blanks, scripts and styles only, they stay */
    expect_dropped("<body><div><p>a </body></html> b</p></div></body></html>", "<body><div><p>a  b</p></div>");
    expect_dropped("<body><p>a</p></BODY\n></Html><p>b</p><!-- </body> -->", "<body><p>a</p><p>b</p><!-- </body> -->");
    expect_dropped("<body><p>a</p></body><script type=\"application/ld+json\">{\"x\": \"</body>\"}</script><i>b</i>",
                   "<body><p>a</p><script type=\"application/ld+json\">{\"x\": \"</body>\"}</script><i>b</i>");
    expect_dropped("<body><p>a</p></body>\n<!-- c --></div><script>s()</script><style>i{}</style></html>\n",
                   "<body><p>a</p></body>\n<!-- c --></div><script></script><style></style></html>\n");
    expect_dropped("<body><p>a</p></bodyx><p>b</p></body>", "<body><p>a</p></bodyx><p>b</p></body>");
    /* a '<' before one of them is text, and stays text once the end tag
     * has gone (found by fuzz_html: "<l><</html>e" read as an element
     * <e>, and otherwise with its text taken out) */
    expect_dropped("<body><p>a<</body>e f</p>", "<body><p>a&lt;e f</p>");
    expect_dropped("<l><</html>e", "<l>&lt;e");
    /* a table's row, cell or other part outside any table is nothing to
     * an HTML5 parser, and goes; in a table, and after one left open, it
     * stays */
    expect_dropped("<ul><li><a href='/x'>a<TR class='r'>b</a></li></ul><td>c<caption>d",
                   "<ul><li><a>ab</a></li></ul>cd");
    expect_dropped("<table><tr><td>a<table><td>b</table><td>c</table></td><tr>d<table><tbody>e",
                   "<table><tr><td>a<table><td>b</table><td>c</table></td>d<table><tbody>e");
    /* a <div> left open in a list's item, a heading or a section is closed
     * where an HTML5 parser closes it (the item's end, the next item, the
     * section's end), not through a table's cell; one closed, or in a
     * comment, is left as it is */
    expect_dropped("<ul><li><div>a</li><li><div>b<li>c</ul><h1><span><div>d</h1><section><div><div>e</section>",
                   "<ul><li><div>a</div></li><li><div>b</div><li>c</ul><h1><span><div>d</div></h1><section><div><div>e"
                   "</div></div></section>");
    expect_dropped("<li><table><tr><td><div>a</li></td></tr></table></li><li><div>b</div></li><!-- <li><div> --></li>",
                   "<li><table><tr><td><div>a</li></td></tr></table></li><li><div>b</div></li><!-- <li><div> --></li>");
    /* React's streaming calls are kept for html_complete_streamed, and
     * said; its runtime's long scripts and others' are not */
    struct nw_buf kept = {0};
    assert_true(html_drop_raw_text("<div hidden id=\"S:0\"><p>x</p></div><script>$RC(\"B:0\",\"S:0\")</script>"
                                   "<script>var $x = 1;</script>",
                                   96, &kept));
    assert_string_equal(kept.data, "<div hidden id=\"S:0\"><p>x</p></div><script>$RC(\"B:0\",\"S:0\")</script>"
                                   "<script></script>");
    nw_buf_cleanup(&kept);
    assert_false(html_drop_raw_text("<script>$RC=function(b,c){};</script>", 37, &kept));
    nw_buf_cleanup(&kept);
    /* not an ASCII-compatible encoding: untouched */
    static const char utf16[] = "<\0s\0c\0r\0i\0p\0t\0>\0";
    struct nw_buf out = {0};
    html_drop_raw_text(utf16, sizeof utf16 - 1, &out);
    assert_int_equal(out.len, sizeof utf16 - 1);
    assert_memory_equal(out.data, utf16, out.len);
    nw_buf_cleanup(&out);
}

/* The text of a page's <body> once React's streamed parts are in place. */
static char *streamed_text(const char *html)
{
    htmlDocPtr doc = html_parse(html, strlen(html), NULL, "UTF-8");
    assert_non_null(doc);
    html_complete_streamed(doc);
    xmlNodePtr body = xmlDocGetRootElement(doc)->children;
    while (body && (body->type != XML_ELEMENT_NODE || strcmp((const char *)body->name, "body")))
        body = body->next;
    assert_non_null(body);
    /* no part is left hidden, no placeholder or boundary template */
    struct nw_buf b = {0};
    html_node_text(body, &b);
    char *t = html_text_trim(&b);
    xmlFreeDoc(doc);
    return t;
}

static void assert_in_order(const char *text, const char *const *parts, size_t n)
{
    const char *at = text;
    for (size_t i = 0; i < n; i++) {
        const char *p = strstr(at, parts[i]);
        if (!p)
            fail_msg("\"%s\" not after its predecessor in \"%s\"", parts[i], text);
        at = p + strlen(parts[i]);
    }
}

/* A page as React's streaming server sends it: a Suspense boundary's
 * fallback in place, its content later in a hidden <div id="S:n"> with a
 * placeholder filled by yet another part; the scripts' calls put each
 * where it belongs, as a browser running them would. */
static const char streamed_page[] =
    "<html><body><main><h1>Title</h1><p>First part of the story.</p>"
    "<!--$?--><template id=\"B:0\"></template><p>Loading the rest</p><!--/$-->"
    "<p>Last words.</p></main><footer>Footer</footer>"
    "<script>$RC=function(b,c){var x=1};$RS=function(a,b){}</script>"
    "<div hidden id=\"S:0\"><p>Second part, with <template id=\"P:1\"></template> inside.</p></div>"
    "<div hidden id=\"S:1\"><b>a nested piece</b></div>"
    "<script>$RS(\"S:1\",\"P:1\")</script><script>$RC(\"B:0\",\"S:0\")</script></body></html>";

/* streamed_page's text: every part where it belongs, the fallback gone. */
static void expect_streamed_in_place(const char *page)
{
    char *t = streamed_text(page);
    static const char *const order[] = {
        "Title", "First part of the story.", "Second part, with", "a nested piece", "inside.", "Last words.", "Footer"};
    assert_in_order(t, order, sizeof order / sizeof *order);
    assert_null(strstr(t, "Loading"));
    free(t);
}

/* The page above, and a boundary's and a completion's variants. */
static void test_streamed_parts(void **state)
{
    (void)state;
    expect_streamed_in_place(streamed_page);
    char *t;

    /* a boundary whose fallback holds a completed boundary of its own: all
     * of it goes, up to the matching end; what follows stays */
    t = streamed_text("<body><div><!--$?--><template id=\"B:2\"></template><!--$--><p>inner fallback</p><!--/$-->"
                      "<p>more fallback</p><!--/$--><p>after</p></div>"
                      "<div hidden id=\"S:5\"><p>the content</p></div>"
                      "<script>$RC('B:2', 'S:5')</script></body>");
    static const char *const order2[] = {"the content", "after"};
    assert_in_order(t, order2, 2);
    assert_null(strstr(t, "fallback"));
    free(t);

    /* $RR (with style sheets) is a completion too */
    t = streamed_text("<body><p>a</p><!--$?--><template id=\"B:0\"></template><!--/$--><p>c</p>"
                      "<div hidden id=\"S:0\"><p>b</p></div><script>$RR(\"B:0\",\"S:0\",[])</script></body>");
    static const char *const order3[] = {"a", "b", "c"};
    assert_in_order(t, order3, 3);
    free(t);
}

/* The tree of a page once React's streamed parts are in place, as HTML
 * without the line breaks libxml2 adds. */
static char *streamed_dump(const char *html)
{
    htmlDocPtr doc = html_parse(html, strlen(html), NULL, "UTF-8");
    assert_non_null(doc);
    html_complete_streamed(doc);
    xmlChar *out = NULL;
    int n = 0;
    htmlDocDumpMemory(doc, &out, &n);
    xmlFreeDoc(doc);
    char *flat = malloc((size_t)n + 1);
    size_t k = 0;
    for (int i = 0; i < n; i++)
        if (out[i] != '\n')
            flat[k++] = (char)out[i];
    flat[k] = '\0';
    xmlFree(out);
    return flat;
}

/* The tree of a page, its streamed parts put in place, holds want (and
 * want2, when given). */
static void expect_dump(const char *page, const char *want, const char *want2)
{
    char *d = streamed_dump(page);
    if (!strstr(d, want) || (want2 && !strstr(d, want2)))
        fail_msg("\"%s\" lacks \"%s\" or \"%s\"", d, want, want2 ? want2 : "");
    free(d);
}

/* Calls that name nothing, a part inside its own placeholder, or calls cut
 * short change nothing: the parts stay where they are, hidden. */
static void test_streamed_parts_left(void **state)
{
    (void)state;
    static const char page[] = "<body><p>shown</p><template id=\"P:1\"></template>"
                               "<div hidden id=\"S:1\"><p>hidden part</p><template id=\"P:2\"></template></div>"
                               "<div hidden id=\"S:2\"><p>other</p></div>"
                               "<script>$RS(\"S:9\",\"P:1\");$RS(\"S:1\",\"P:9\");$RC(\"B:7\",\"S:2\");"
                               "$RS(\"S:1\");$RS(S1,P1)</script></body>";
    expect_dump(page, "<template id=\"P:1\"></template><div hidden id=\"S:1\"><p>hidden part</p>",
                "<div hidden id=\"S:2\"><p>other</p></div>");
    /* a segment named to fill a placeholder inside itself */
    expect_dump("<body><div hidden id=\"S:3\"><p>x</p><template id=\"P:3\"></template></div>"
                "<script>$RS(\"S:3\",\"P:3\")</script></body>",
                "<div hidden id=\"S:3\"><p>x</p><template id=\"P:3\"></template></div>", NULL);
    /* a call cut off at the script's end is read no further */
    expect_dump("<body><div hidden id=\"S:4\"><p>y</p></div><script>$RS(\"S:4\"</script>"
                "<script>$RS(\"S:4\",</script><script>$RS(\"S:4\",\"P:</script></body>",
                "<div hidden id=\"S:4\"><p>y</p></div>", NULL);
    html_complete_streamed(NULL);
}

/* A page saved without its scripts: each segment goes where the
 * placeholder or boundary of its number is, as React numbers them; on a
 * page numbered otherwise (a placeholder and a boundary of one number),
 * or for a segment nothing bears the number of, the parts are shown where
 * they are, at the end. */
static void test_streamed_parts_scriptless(void **state)
{
    (void)state;
    /* streamed_page less its scripts */
    char page[sizeof streamed_page];
    size_t n = 0;
    for (const char *p = streamed_page; *p;) {
        if (!strncmp(p, "<script>", 8)) {
            p = strstr(p, "</script>") + 9;
            continue;
        }
        page[n++] = *p++;
    }
    page[n] = '\0';
    assert_null(strstr(page, "script"));
    expect_streamed_in_place(page);
    char *d = streamed_dump(page);
    assert_null(strstr(d, "hidden"));
    assert_null(strstr(d, "template"));
    free(d);

    /* one number on a placeholder and a boundary: nothing moves, all shown */
    expect_dump("<body><!--$?--><template id=\"B:1\"></template><p>wait</p><!--/$-->"
                "<div><template id=\"P:1\"></template></div><p>end</p>"
                "<div hidden id=\"S:1\"><p>part</p></div><div hidden id=\"S:2\"><p>more</p></div></body>",
                "<template id=\"B:1\"></template><p>wait</p>",
                "<p>end</p><div id=\"S:1\"><p>part</p></div><div id=\"S:2\"><p>more</p></div>");
    /* a segment of no known number is shown where it is; its neighbour is placed */
    expect_dump("<body><p>a</p><template id=\"P:3\"></template><p>c</p>"
                "<div hidden id=\"S:3\"><p>b</p></div><div hidden id=\"S:9\"><p>z</p></div></body>",
                "<p>a</p><p>b</p><p>c</p><div id=\"S:9\"><p>z</p></div>", NULL);
}

/* The article of a page whose body came in streamed parts, after the
 * page's footer: all of it, in order, the fallback not. */
static void test_streamed_article(void **state)
{
    (void)state;
    struct nw_buf page = {0};
    nw_buf_puts(&page,
                "<html><head><title>A story</title></head><body><nav><a href=/>Home</a> <a href=/w>World</a></nav>"
                "<article><h1>A story</h1><p>The opening paragraph of the story tells what happened in the "
                "city on Tuesday, when the council met to vote on the new budget for the coming year.</p>"
                "<!--$?--><template id=\"B:0\"></template><p>Loading</p><!--/$--></article>"
                "<footer><p>About us. Contact. Terms of use. Privacy.</p></footer>");
    nw_buf_puts(&page, "<div hidden id=\"S:0\">");
    for (int i = 0; i < 6; i++)
        nw_buf_printf(&page,
                      "<p>Paragraph %d of the rest of the story goes on about the budget, the votes of the "
                      "members, what the mayor said afterwards and what the opposition answered.</p>",
                      i + 2);
    size_t parts = page.len;
    nw_buf_puts(&page, "</div><script>$RC(\"B:0\",\"S:0\")</script></body></html>");
    /* and the same page saved without its scripts */
    struct nw_buf bare = {0};
    nw_buf_append(&bare, page.data, parts);
    nw_buf_puts(&bare, "</div></body></html>");
    for (int k = 0; k < 2; k++) {
        const struct nw_buf *b = k ? &bare : &page;
        struct nw_err err = {0};
        json_t *a = article_extract(b->data, b->len, "https://example.org/story", "text/html; charset=utf-8", &err);
        assert_non_null(a);
        const char *text = nw_json_str(a, "text");
        assert_non_null(text);
        static const char *const order[] = {"The opening paragraph", "Paragraph 2 of", "Paragraph 7 of"};
        assert_in_order(text, order, 3);
        assert_null(strstr(text, "Loading"));
        assert_null(strstr(text, "Privacy"));
        json_decref(a);
    }
    nw_buf_cleanup(&page);
    nw_buf_cleanup(&bare);
}

/* A heading opened inside an open heading closes it, as in an HTML5
 * parser, and a void element holds nothing: the trees agree with gumbo's once
 * repaired, the headline no longer takes the line under it, and an
 * article goes on after an <embed>. */
static void test_split_headings(void **state)
{
    (void)state;
    static const char *const cases[] = {
        "<h1>Top Strategies<div class=\"d\"></div> <h3>Posted on July 1</h3> by Ann</h1><p>Body</p>",
        "<h1>A<h2>B<h3>C</h3>c</h2>b</h1><p>after</p>",
        "<h2>X<span>in <h4>span</h4></span> tail</h2>",
        "<div><h1>One</h1><h2>Two<h2>Three</h2></h2></div>",
        "<h5><b>Bold</b><h6>Six</h6><i>it</i></h5>",
        /* <embed> is void in HTML5; libxml2 puts what follows inside it.
         * A form between a table's rows is left empty */
        "<table><form><tbody><tr><td>a</td></tr></tbody></form></table><p>b</p>",
        "<p>a<embed src=\"x.swf\">b<b>c</b></p><p>d</p>",
        "<div><embed src=\"x.swf\"><p>one</p><p>two</p></div><p>three</p>",
        /* and so are <source>, <track> and <wbr>, which libxml2 does not
         * know and opens as containers */
        "<picture><source srcset=\"a.webp\"><img src=\"a.jpg\"></picture><p>caption</p>",
        "<video><source src=\"v.mp4\"><track src=\"c.vtt\"><p>No video.</p></video><p>after</p>",
        "<p>long<wbr>word and <b>more</b></p><p>next</p>",
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        struct nw_buf page = {0};
        nw_buf_puts(&page, "<!DOCTYPE html><html><head><title>t</title></head><body>");
        nw_buf_puts(&page, cases[i]);
        nw_buf_puts(&page, "</body></html>");
        htmlDocPtr a = html_parse(page.data, page.len, NULL, "UTF-8");
        xmlDocPtr b = html5_doc(page.data, page.len);
        struct nw_buf before = {0}, sa = {0}, sb = {0};
        tree_sig(xmlDocGetRootElement(a), &before, 0, false);
        html_repair_tree(a);
        tree_sig(xmlDocGetRootElement(a), &sa, 0, false);
        tree_sig(xmlDocGetRootElement(b), &sb, 0, false);
        if (sa.len != sb.len || memcmp(sa.data, sb.data, sa.len))
            fail_msg("case %zu: libxml2's tree, split:\n%.*s\ngumbo's:\n%.*s", i, (int)sa.len, sa.data, (int)sb.len,
                     sb.data);
        /* every case but the one with no heading directly in a heading
         * is one libxml2 reads otherwise */
        if (i != 2)
            assert_false(before.len == sa.len && !memcmp(before.data, sa.data, sa.len));
        nw_buf_cleanup(&before);
        nw_buf_cleanup(&sa);
        nw_buf_cleanup(&sb);
        nw_buf_cleanup(&page);
        xmlFreeDoc(a);
        xmlFreeDoc(b);
    }
    const char *page = "<html><head><title>Top Strategies to Grow - Acme Agency</title></head><body>"
                       "<h1>Top Strategies to Grow<div class=\"divider\"></div> <h3>Posted on July 1, 2024 by "
                       "Ann Lee</h3></h1><article><p>Growing a business takes a plan that the whole team can follow "
                       "from one quarter to the next, and the plan has to survive contact with customers.</p>"
                       "<p>Start with the customers you already have, and ask what they would pay more for, what "
                       "they would tell a friend, and what almost made them leave.</p></article></body></html>";
    struct nw_err err = {0};
    json_t *o = article_extract(page, strlen(page), "https://acme.example/blog/grow", NULL, &err);
    assert_non_null(o);
    assert_string_equal(json_string_value(json_object_get(o, "title")), "Top Strategies to Grow");
    json_decref(o);
    const char *embedded = "<html><head><title>A story</title></head><body><article><h1>A story</h1>"
                           "<p>The first paragraph of the story, with words enough to be a part of its body.</p>"
                           "<embed src=\"clip.swf\" width=\"400\"><p>The second paragraph, after the embedded "
                           "clip, goes on with the story.</p><p>The third paragraph ends it, with a few more words "
                           "to read.</p></article></body></html>";
    o = article_extract(embedded, strlen(embedded), "https://acme.example/story", NULL, &err);
    assert_non_null(o);
    static const char *const order[] = {"The first paragraph", "The second paragraph", "The third paragraph"};
    assert_in_order(json_string_value(json_object_get(o, "text")), order, 3);
    json_decref(o);
    /* a form opened between a table's rows holds none of them */
    const char *rows = "<html><head><title>A story</title></head><body><table><form method=\"post\" action=\"/vote\">"
                       "<tr><td><h1>A story</h1><p>The first paragraph of the story, with words enough to be a part "
                       "of its body.</p><p>The second paragraph goes on with the story, a few words more.</p></td>"
                       "</tr></form></table><p>Copyright</p></body></html>";
    o = article_extract(rows, strlen(rows), "https://acme.example/story", NULL, &err);
    assert_non_null(o);
    assert_in_order(json_string_value(json_object_get(o, "text")), order, 2);
    json_decref(o);
}

/* The element names below n in document order, one per line. */
static void names_sig(xmlNodePtr n, struct nw_buf *out)
{
    for (; n; n = n->next)
        if (n->type == XML_ELEMENT_NODE) {
            nw_buf_printf(out, "%s\n", (const char *)n->name);
            names_sig(n->children, out);
        }
}

/* A <div> that says by its role what HTML has an element for is that
 * element once the tree is read as shown: role=heading a heading of its
 * aria-level (2 without one; 6 at most), role=list and role=listitem a
 * list; the same role on another element, or another role, changes
 * nothing. */
static void test_role_elements_tree(void **state)
{
    (void)state;
    static const char *const cases[][2] = {
        {"<div role=\"heading\" aria-level=\"1\">Title</div><div role=\"heading\">Part</div>"
         "<div role=\"heading\" aria-level=\"9\">Deep</div>",
         "<h1>Title</h1><h2>Part</h2><h6>Deep</h6>"},
        {"<div role=\"list\"><div role=\"listitem\">a</div><div role=\"listitem\">b</div></div>",
         "<ul><li>a</li><li>b</li></ul>"},
        {"<span role=\"heading\">x</span><div role=\"button\">y</div><p role=\"list\">z</p>",
         "<span>x</span><div>y</div><p>z</p>"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        struct nw_buf sig[2] = {{0}, {0}};
        for (int k = 0; k < 2; k++) {
            struct nw_buf page = {0};
            nw_buf_printf(&page, "<!DOCTYPE html><html><head><title>t</title></head><body>%s</body></html>",
                          cases[i][k]);
            htmlDocPtr doc = html_parse(page.data, page.len, NULL, "UTF-8");
            html_read_as_shown(doc);
            names_sig(xmlDocGetRootElement(doc), &sig[k]);
            xmlFreeDoc(doc);
            nw_buf_cleanup(&page);
        }
        if (sig[0].len != sig[1].len || memcmp(sig[0].data, sig[1].data, sig[0].len))
            fail_msg("case %zu:\n%.*s\nwanted:\n%.*s", i, (int)sig[0].len, sig[0].data, (int)sig[1].len, sig[1].data);
        nw_buf_cleanup(&sig[0]);
        nw_buf_cleanup(&sig[1]);
    }
}

/* A button left open before an article, holding less than most of the
 * page: an HTML5 parser puts the article in it too, and a reader sees it. */
static void test_open_button(void **state)
{
    (void)state;
    struct nw_err err = {0};
    static const char open_button[] =
        "<html><body><article><h1>Title</h1><p>The first paragraph is a sentence of words about the council, "
        "long enough to count.</p><button>Share<article><p>The council voted on Tuesday to close the old bridge, "
        "after engineers found cracks in two of its piers.</p></article><p>A repair would cost more than a new "
        "bridge, they said, and the work would take at least three years.</p><p>Residents asked for a ferry in the "
        "meantime, and the mayor promised an answer before the summer.</p></article><p>Copyright notice and "
        "a few words of the footer, with links to the rest of the site and its sections, and its other pages "
        "for readers, advertisers and the press, which go on for a while.</p></body></html>";
    json_t *a = article_extract(open_button, strlen(open_button), NULL, NULL, &err);
    assert_non_null(a);
    static const char *const order[] = {"The first paragraph", "The council voted", "three years", "a ferry"};
    assert_in_order(nw_json_str(a, "text"), order, 4);
    json_decref(a);
}

static int max_depth(xmlNodePtr n, int depth)
{
    int deepest = depth;
    for (; n; n = n->next)
        if (n->type == XML_ELEMENT_NODE) {
            int d = max_depth(n->children, depth + 1);
            if (d > deepest)
                deepest = d;
        }
    return deepest;
}

/* ---- attribute values taken out for libxml2 and put back ---- */

static size_t lift_fallbacks, lift_tags; /* (pages parsed again; tags whose attributes were taken out at once) */
static uint64_t rng;
static unsigned rnd(unsigned n)
{
    rng = rng * 6364136223846793005u + 1442695040888963407u;
    return (unsigned)((rng >> 33) % n);
}

/* Every node of a tree: its kind, name, content and attributes, in order,
 * an attribute's nodes each (a value-less attribute has none, an empty
 * value one empty text). */
static void dump_tree(xmlNodePtr n, struct nw_buf *out)
{
    for (; n; n = n->next) {
        nw_buf_printf(out, "%d %s [", (int)n->type, n->name ? (const char *)n->name : "");
        if (n->content)
            nw_buf_puts(out, (const char *)n->content);
        nw_buf_puts(out, "]");
        if (n->type == XML_ELEMENT_NODE)
            for (xmlAttrPtr a = n->properties; a; a = a->next) {
                nw_buf_printf(out, " %s=(", (const char *)a->name);
                for (xmlNodePtr t = a->children; t; t = t->next) {
                    nw_buf_printf(out, "%d [", (int)t->type);
                    if (t->content)
                        nw_buf_puts(out, (const char *)t->content);
                    nw_buf_puts(out, "]");
                }
                nw_buf_puts(out, ")");
            }
        nw_buf_putc(out, '\n');
        if (n->type == XML_ELEMENT_NODE) {
            dump_tree(n->children, out);
            nw_buf_puts(out, "/\n");
        }
    }
}

/* Whether libxml2's tree of a UTF-8 page written by html_drop_raw_text is
 * the tree of the page html_drop_raw_text_lifted writes once its values
 * are put back; the number of values taken out in *n. */
static bool same_when_lifted(const char *data, size_t len, size_t *n)
{
    struct nw_buf plain = {0}, less = {0};
    struct html_lifted l;
    bool sa = html_drop_raw_text(data, len, &plain), sb = html_drop_raw_text_lifted(data, len, &less, &l);
    htmlDocPtr a = html_parse_page(plain.data ? plain.data : "", plain.len, NULL, "UTF-8"),
               b = html_parse_page(less.data ? less.data : "", less.len, NULL, "UTF-8");
    /* (when the stand-ins are not read as the values they replace, the
     * tree is not used: the page is parsed again without them) */
    if (!html_lifted_restore(b, &l)) {
        xmlFreeDoc(b);
        b = html_parse_page(plain.data ? plain.data : "", plain.len, NULL, "UTF-8");
        lift_fallbacks++;
    }
    struct nw_buf da = {0}, db = {0};
    if (a)
        dump_tree(a->children, &da);
    if (b)
        dump_tree(b->children, &db);
    bool same = sa == sb && !a == !b && da.len == db.len && (!da.len || !memcmp(da.data, db.data, da.len));
    *n = l.n;
    for (size_t k = 0; k < l.n; k++)
        lift_tags += l.kind[k] == HTML_LIFT_ATTRS;
    xmlFreeDoc(a);
    xmlFreeDoc(b);
    nw_buf_cleanup(&da);
    nw_buf_cleanup(&db);
    nw_buf_cleanup(&plain);
    nw_buf_cleanup(&less);
    html_lifted_free(&l);
    return same;
}

struct lift_tally {
    size_t pages, differing, values;
};

static void compare_lifted(const char *name, const char *data, size_t len, void *arg)
{
    struct lift_tally *t = arg;
    if (!nw_utf8_valid(data, len))
        return; /* values are taken out of pages in UTF-8 only */
    size_t n;
    t->pages++;
    if (!same_when_lifted(data, len, &n)) {
        t->differing++;
        print_message("  %s: the tree changes when values and texts are taken out and put back\n", name);
    }
    t->values += n;
}

static void test_lifted_corpus(void **state)
{
    (void)state;
    struct lift_tally t = {0};
    each_corpus_page(compare_lifted, &t);
    if (!t.pages)
        skip();
    print_message("lifted: %zu pages, %zu values and texts taken out, %zu trees changed, %zu parsed again without\n",
                  t.pages, t.values, t.differing, lift_fallbacks);
    assert_int_equal(t.differing, 0);
    assert_true(t.values > t.pages);
}

/* ---- the tree libxml2 builds, as html.c builds it ---- */

/* Every node of a tree as dump_tree writes it, and its line, and each
 * attribute's nodes: their kind and content (a value-less attribute has
 * none, a boolean one its own name); a DTD by its name. */
static void dump_strict(xmlNodePtr n, struct nw_buf *out)
{
    for (; n; n = n->next) {
        if (n->type == XML_DTD_NODE) { /* (not an xmlNode past its links) */
            nw_buf_printf(out, "%d %s\n", (int)n->type, n->name ? (const char *)n->name : "");
            continue;
        }
        nw_buf_printf(out, "%d %s %u [%s]", (int)n->type, n->name ? (const char *)n->name : "", n->line,
                      n->content ? (const char *)n->content : "");
        if (n->type == XML_ELEMENT_NODE)
            for (xmlAttrPtr a = n->properties; a; a = a->next) {
                nw_buf_printf(out, " %s=(", (const char *)a->name);
                for (xmlNodePtr t = a->children; t; t = t->next)
                    nw_buf_printf(out, "%d [%s]", (int)t->type, t->content ? (const char *)t->content : "");
                nw_buf_puts(out, ")");
            }
        nw_buf_putc(out, '\n');
        if (n->type == XML_ELEMENT_NODE) {
            dump_strict(n->children, out);
            nw_buf_puts(out, "/\n");
        }
    }
}

/* Whether the tree html.c has libxml2 build of data (its own start of an
 * element: interned names, no table of IDs) is, node for node, the one
 * libxml2's htmlReadMemory builds with the same options. */
static bool same_as_libxml2(const char *data, size_t len, const char *enc)
{
    int opts = HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET | HTML_PARSE_COMPACT |
               XML_PARSE_HUGE | (enc ? HTML_PARSE_IGNORE_ENC : 0);
    htmlDocPtr a = html_parse_page_short(data, len, NULL, enc), b = htmlReadMemory(data, (int)len, NULL, enc, opts);
    struct nw_buf da = {0}, db = {0};
    if (a)
        dump_strict(a->children, &da);
    if (b)
        dump_strict(b->children, &db);
    bool same = !a == !b && da.len == db.len && (!da.len || !memcmp(da.data, db.data, da.len));
    xmlFreeDoc(a);
    xmlFreeDoc(b);
    nw_buf_cleanup(&da);
    nw_buf_cleanup(&db);
    return same;
}

static void compare_builders(const char *name, const char *data, size_t len, void *arg)
{
    size_t *t = arg;
    t[0]++;
    if (!same_as_libxml2(data, len, NULL)) {
        t[1]++;
        print_message("  %s: html.c's tree is not libxml2's own\n", name);
    }
}

/* Corpus pages whole (scripts, styles, every attribute, the charset each
 * declares), and the names and attributes libxml2's builder treats
 * apart: names with a prefix (the element is named by what follows it),
 * one starting with ':', the <html> and <body> libxml2 implies (its own
 * strings, not read from the page), boolean attributes without a value
 * (given their name) and others without (given none), an attribute
 * named twice, ids, names and values of every length. */
static void test_tree_builder(void **state)
{
    (void)state;
    static const char *const pages[] = {
        "<o:p>office</o:p><fb:like href=\"x\"></fb:like><:odd>x</:odd><a:>y</a:><svg:rect/>",
        "<input checked disabled type=checkbox><select multiple><option selected>one</select>"
        "<div hidden id=a xml:lang=fr data-x>t</div><p class=a class=b id=a>dup</p><a name=n href='/x'>l</a>",
        "<!DOCTYPE html><html lang=en><head><meta charset=utf-8><title>T</title></head><body>"
        "<p id=\"a-rather-long-identifier-of-a-paragraph\" class=\"one two three\">text</p>"
        "<table><tr><td nowrap>cell</table><br clear=all><hr noshade></body></html>",
        "text before any tag<p>then a paragraph<!-- and a comment --></p>",
        "<html><body><div\nclass=\"multi\nline\">\n<span>line numbers</span>\n</div></body></html>",
    };
    for (size_t i = 0; i < sizeof pages / sizeof *pages; i++)
        if (!same_as_libxml2(pages[i], strlen(pages[i]), "UTF-8") || !same_as_libxml2(pages[i], strlen(pages[i]), NULL))
            fail_msg("html.c's tree is not libxml2's own: %s", pages[i]);
    size_t t[2] = {0};
    /* (a whole page is parsed twice: a third of the pages the other
     * tests read is enough) */
    each_page(NW_SHARED_DIR "/corpus/articles/html", 3, compare_builders, t);
    each_page(NW_SHARED_DIR "/corpus/wcxb/html", 3 * WCXB_STRIDE, compare_builders, t);
    print_message("tree builder: %zu corpus pages, %zu trees not libxml2's own\n", t[0], t[1]);
    assert_int_equal(t[1], 0);
}

/* Pages of random tags, attributes and text, values of every kind:
 * quoted either way or not, with blanks, references, '<', '>', quotes,
 * carriage returns, letters beyond ASCII, of the names libxml2 reads;
 * texts of blanks, words, end tags and comments before, in and after the
 * <body>, first in paragraphs and <pre>s or not. */
static void test_lifted_random(void **state)
{
    (void)state;
    static const char *const tags[] = {"div", "p",  "span",  "a",  "meta",   "html",  "body", "head",    "title",
                                       "pre", "td", "table", "li", "script", "style", "svg",  "br",      "P",
                                       "b",   "i",  "body",  "p",  "div",    "span",  "pre",  "textarea"};
    static const char *const names[] = {"class",  "id",  "name",  "style", "content", "charset", "http-equiv", "href",
                                        "xml:id", "rel", "CLASS", "Class", "role",    "data-x",  "itemprop",   "lang"};
    static const char *const bits[] = {
        "a",     "b",     "Z",           "0",      " ",   "  ",   "\t",   "\n",  "\r",       "&", "&amp;",
        "&#65;", "&#x41", "<",           ">",      "\"",  "'",    "=",    "/",   "\xc3\xa9", "-", "_",
        ":",     "\x01",  "wide-column", "&nbsp;", "<b>", "</p>", "<!--", "-->", "$",        "%", "\\"};
    static const char *const texts[] = {" ",          "\n  ",         "\n",           "  text",       "\t",
                                        " \n\t ",     "caf\xc3\xa9 ", "\xef\xbf\xbe", "\xef\xbf\xbf", "x>y",
                                        "</i>",       "</p>",         "</b> ",        "<!-- c -->",   "\r\n",
                                        "</body>",    "</html>",      "<body>",       "</p >",        "</div>\n  ",
                                        "\n</span> ", "&amp; ",       "\x0c",         "\n\n\n",       "</pre>",
                                        "</head>\n"};
    rng = 20261205;
    size_t lifted = 0, pages = 0;
    for (int page = 0; page < 3000; page++) {
        struct nw_buf b = {0};
        int elems = 1 + (int)rnd(12);
        for (int e = 0; e < elems; e++) {
            nw_buf_printf(&b, "<%s", tags[rnd(sizeof tags / sizeof *tags)]);
            int attrs = (int)rnd(4);
            for (int k = 0; k < attrs; k++) {
                nw_buf_printf(&b, "%s%s=", rnd(8) ? " " : "\n", names[rnd(sizeof names / sizeof *names)]);
                char q = "\"\"\"'x"[rnd(5)];
                if (q != 'x')
                    nw_buf_putc(&b, q);
                int len = (int)rnd(16);
                bool odd = !rnd(3);
                for (int c = 0; c < len; c++) {
                    /* mostly letters, as class lists are */
                    const char *bit = !odd || rnd(8) ? (const char *[]){"ab", "cd", "-x", " y", "col"}[rnd(5)]
                                                     : bits[rnd(sizeof bits / sizeof *bits)];
                    if (q == 'x' && (strchr(bit, ' ') || strchr(bit, '>')))
                        bit = "u";
                    nw_buf_puts(&b, bit);
                }
                if (q != 'x' && rnd(30))
                    nw_buf_putc(&b, q);
            }
            nw_buf_puts(&b, rnd(10) ? ">" : "/>");
            int words = (int)rnd(6);
            for (int w = 0; w < words; w++)
                nw_buf_puts(&b, rnd(2)   ? texts[rnd(sizeof texts / sizeof *texts)]
                                : rnd(2) ? "text "
                                         : bits[rnd(sizeof bits / sizeof *bits)]);
            if (rnd(2))
                nw_buf_printf(&b, "</%s>", tags[rnd(sizeof tags / sizeof *tags)]);
        }
        size_t n;
        if (!nw_utf8_valid(b.data, b.len)) {
            nw_buf_cleanup(&b);
            continue;
        }
        if (!same_when_lifted(b.data, b.len, &n))
            fail_msg("the tree changes when values and texts are taken out and put back:\n%s", b.data);
        lifted += n;
        pages++;
        nw_buf_cleanup(&b);
    }
    print_message("lifted: %zu random pages, %zu values and texts taken out, %zu pages parsed again without\n", pages,
                  lifted, lift_fallbacks);
    assert_true(pages > 2000);
    assert_true(lifted > pages / 2);
}

/* Links to a home page (a logo's): relative and absolute, with the host
 * they name; not a page, another scheme, a query. */
static void test_home_link(void **state)
{
    (void)state;
    static const struct {
        const char *href, *host;
        bool home;
    } cases[] = {
        {"/", NULL, true},
        {" ./ ", NULL, true},
        {".", NULL, true},
        {"index.html", NULL, true},
        {"/index.php", NULL, true},
        {"https://coast.example/", "coast.example", true},
        {"http://coast.example", "coast.example", true},
        {"//www.coast.example/index.htm", "www.coast.example", true},
        {"https://coast.example/storm", NULL, false},
        {"/storm/", NULL, false},
        {"/index.php?p=12", NULL, false},
        {"/about/index.html", NULL, false},
        {"#top", NULL, false},
        {"mailto:ann@coast.example", NULL, false},
        {"javascript:void(0)", NULL, false},
        {"https:///", NULL, false},
        {"", NULL, false},
        {"  ", NULL, false},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        const char *host;
        size_t hl;
        bool home = html_home_link(cases[i].href, strlen(cases[i].href), &host, &hl);
        if (home != cases[i].home)
            fail_msg("\"%s\": %s a home link", cases[i].href, home ? "taken as" : "not taken as");
        if (home && (cases[i].host ? hl != strlen(cases[i].host) || strncmp(host, cases[i].host, hl) : hl != 0))
            fail_msg("\"%s\": host \"%.*s\"", cases[i].href, (int)hl, host ? host : "");
    }
}

/* html_name_eq says what strcasecmp says, for names of any bytes. */
static void test_name_eq(void **state)
{
    (void)state;
    static const char *const lits[] = {"a", "script", "h1", "aria-label", "xml:id", "br", "td", "svg", "z"};
    static const char bytes[] = "aAzZsShH1@`[{_-:.\x11\x80\xc3ptrSCRIPT";
    rng = 20261206;
    for (int i = 0; i < 200000; i++) {
        char name[12];
        size_t n = rnd(sizeof name);
        for (size_t k = 0; k < n; k++)
            name[k] = bytes[rnd(sizeof bytes - 1)];
        name[n] = '\0';
        const char *lit = lits[rnd(sizeof lits / sizeof *lits)];
        /* half the time the literal itself, in some case */
        if (rnd(2)) {
            for (n = 0; lit[n]; n++)
                name[n] = rnd(2) ? lit[n] : (char)toupper((unsigned char)lit[n]);
            name[n] = '\0';
        }
        if (html_name_eq(name, lit) != !strcasecmp(name, lit))
            fail_msg("html_name_eq(\"%s\", \"%s\") is not strcasecmp's", name, lit);
    }
}

/* The classes of element names, case aside: blocks, HTML's elements
 * (SVG's and MathML's roots among them), and the names that are neither. */
static void test_name_classes(void **state)
{
    (void)state;
    static const char *const blocks[] = {"p",    "div",    "br",      "h1",         "h6",         "li",
                                         "td",   "tbody",  "caption", "blockquote", "figcaption", "noscript",
                                         "html", "legend", "menu",    "summary",    "hgroup"};
    static const char *const inline_names[] = {"a",   "span", "em",     "b",   "img",  "svg",     "math",
                                               "wbr", "q",    "search", "rtc", "font", "marquee", "template"};
    static const char *const others[] = {"",     "divx",   "dív",      "x-foo",  "h7", "pp",    "ab",
                                         "tabl", "tables", "articles", "sectio", "d",  "i\x80", "figcaptionfigcap",
                                         "pre ", " pre"};
    for (size_t i = 0; i < sizeof blocks / sizeof *blocks; i++) {
        char up[32];
        size_t n = strlen(blocks[i]);
        for (size_t k = 0; k <= n; k++)
            up[k] = (char)(k % 2 ? blocks[i][k] : toupper((unsigned char)blocks[i][k]));
        assert_true(html_is_block(blocks[i]));
        assert_true(html_is_block(up));
        assert_true(html_is_element_name(up, n));
    }
    for (size_t i = 0; i < sizeof inline_names / sizeof *inline_names; i++) {
        size_t n = strlen(inline_names[i]);
        assert_false(html_is_block(inline_names[i]));
        assert_true(html_is_element_name(inline_names[i], n));
        char up[32];
        for (size_t k = 0; k <= n; k++)
            up[k] = (char)toupper((unsigned char)inline_names[i][k]);
        assert_true(html_is_element_name(up, n));
    }
    for (size_t i = 0; i < sizeof others / sizeof *others; i++) {
        if (html_is_block(others[i]) || html_is_element_name(others[i], strlen(others[i])))
            fail_msg("\"%s\" taken for an element's name", others[i]);
    }
    /* a set of one's own, its names in any case */
    static const char *const mine[] = {"Script", "amp-ad", "x", "fifteen-letters", "sixteen-letters!"};
    static struct html_name_set set = HTML_NAME_SET(mine);
    assert_true(html_name_in(&set, "SCRIPT", 6) && html_name_in(&set, "script", 6));
    assert_true(html_name_in(&set, "AMP-AD", 6) && html_name_in(&set, "x", 1));
    assert_true(html_name_in(&set, "fifteen-letters", 15));
    assert_false(html_name_in(&set, "scrip", 5) || html_name_in(&set, "scripts", 7));
    assert_false(html_name_in(&set, "", 0) || html_name_in(&set, "X-", 2));
    assert_false(html_name_in(&set, "sixteen-letters!", 16)); /* longer than any name looked up */
    /* a name's first bytes only, as a tag's name is read in a page */
    assert_true(html_is_element_name("tbody class=x", 5));
    assert_true(html_is_element_name("table", 1) == false && html_is_element_name("table", 2) == false);
    assert_true(html_is_element_name("bdo>", 3) && html_is_element_name("bdo>", 1));
}

/* html_text_stats and html_solid_chars, 16 bytes at a time, against
 * a byte at a time, on texts of blanks, commas (the wide ones too, cut
 * at a block's end as well), letters and other characters. */
static void ref_text_stats(const unsigned char *p, size_t *len, size_t *commas, bool *space)
{
    for (; *p; p++) {
        if (isspace(*p)) {
            *space = true;
            continue;
        }
        *len += *space && *len;
        *space = false;
        (*len)++;
        *commas += *p == ',' || (p[0] == 0xEF && p[1] == 0xBC && p[2] == 0x8C) ||
                   (p[0] == 0xE3 && p[1] == 0x80 && (p[2] == 0x81 || p[2] == 0x82));
    }
}

static void test_text_stats(void **state)
{
    (void)state;
    static const char *const pieces[] = {" ",    "\t",   "\n", "\r\n", "\v",   "\f",  ",",       "a",
                                         "Z",    "0",    "é",  "—",    "，",   "、",  "。",      "\xEF",
                                         "\xE3", "\x80", "日", "  ",   "word", "x,y", "\xC2\xA0"};
    char text[200];
    rng = 20261207;
    for (int i = 0; i < 30000; i++) {
        size_t n = 0, pieces_n = rnd(60);
        for (size_t k = 0; k < pieces_n; k++) {
            const char *piece = pieces[rnd(sizeof pieces / sizeof *pieces)];
            size_t l = strlen(piece);
            if (n + l >= sizeof text)
                break;
            memcpy(text + n, piece, l);
            n += l;
        }
        text[n] = '\0';
        size_t len0 = rnd(3), commas0 = rnd(2);
        bool space0 = rnd(2);
        size_t len = len0, commas = commas0, rlen = len0, rcommas = commas0;
        bool space = space0, rspace = space0;
        html_text_stats(text, &len, &commas, &space);
        ref_text_stats((const unsigned char *)text, &rlen, &rcommas, &rspace);
        if (len != rlen || commas != rcommas || space != rspace)
            fail_msg("html_text_stats(\"%s\", %zu, %d): %zu %zu %d where %zu %zu %d", text, len0, space0, len, commas,
                     space, rlen, rcommas, rspace);
        size_t solid = 0;
        for (const unsigned char *p = (const unsigned char *)text; *p; p++)
            solid += !isspace(*p) && (*p & 0xC0) != 0x80;
        if (html_solid_chars(text) != solid)
            fail_msg("html_solid_chars(\"%s\"): %zu where %zu", text, html_solid_chars(text), solid);
    }
}

/* html_memoized: the function's own answer for every value, whatever
 * the values that share a slot; asked again, the memo's. */
static unsigned memo_calls;

static unsigned memo_len_sum(const char *v)
{
    memo_calls++;
    unsigned sum = 0;
    for (; *v; v++)
        sum = sum * 33 + (unsigned char)*v;
    return sum;
}

static void test_memoized(void **state)
{
    (void)state;
    struct html_memo memo[4] = {0};
    char v[HTML_MEMO_LEN + 8];
    rng = 20261207;
    for (int i = 0; i < 20000; i++) {
        size_t n = rnd(3) ? rnd(12) : rnd(sizeof v);
        for (size_t k = 0; k < n; k++)
            v[k] = (char)('a' + rnd(3));
        v[n] = '\0';
        unsigned calls = memo_calls, want = memo_len_sum(v);
        memo_calls = calls;
        if (html_memoized(memo, 4, v, memo_len_sum) != want)
            fail_msg("html_memoized(\"%s\") is not the function's answer", v);
        calls = memo_calls;
        /* the same value again: from the memo, if it can hold it */
        assert_int_equal(html_memoized(memo, 4, v, memo_len_sum), want);
        assert_int_equal(memo_calls - calls, n == 0 || n >= HTML_MEMO_LEN);
    }
}

/* A page that holds DEL (U+007F), as a byte or a reference, keeps its
 * values: a stand-in could be one of them. */
static void test_lifted_del(void **state)
{
    (void)state;
    static const char *const pages[] = {
        "<div class=\"one two three four\">x</div><p class=\"\x7f"
        "0\">y</p>",
        "<div class=\"one two three four\">x</div><p class=\"&#127;0\">y</p>",
        "<div class=\"one two three four\">x</div><p class=\"&#x7F;0\">y</p>",
        "<div class=\"one two three four\">x</div><p title=\"&#0000000127;\">y</p>",
    };
    for (size_t i = 0; i < sizeof pages / sizeof *pages; i++) {
        size_t n = 1;
        assert_true(same_when_lifted(pages[i], strlen(pages[i]), &n));
        assert_int_equal(n, 0);
    }
    /* a NUL past the first 4 KiB, which the page written without its
     * texts would bring into them, before a tag of more attributes than
     * html_parse_page keeps: nothing taken out, the same tree */
    struct nw_buf b = {0};
    nw_buf_puts(&b, "<body>");
    for (int i = 0; i < 300; i++)
        nw_buf_puts(&b, "<p>some words of a paragraph</p>");
    nw_buf_append(&b, "<p>a\0b</p><div", 15);
    for (int i = 0; i < 300; i++)
        nw_buf_printf(&b, " data-k%d=\"v\" k%d=\"value\"", i, i);
    nw_buf_puts(&b, ">x</div></body>");
    size_t m = 1;
    assert_true(same_when_lifted(b.data, b.len, &m));
    assert_int_equal(m, 0);
    nw_buf_cleanup(&b);
    /* and one without: taken out (the first value, "x" and "y") */
    static const char ok[] = "<div class=\"one two three four\">x</div><p class=\"&#126;0\">y</p>";
    size_t n = 0;
    assert_true(same_when_lifted(ok, strlen(ok), &n));
    assert_int_equal(n, 3);
}

/* The kept attributes of a start tag taken out at once: names in any
 * case (libxml2 lower-cases them), values of any length, empty or none
 * (a boolean attribute then has its name), quotes either way, "/>",
 * unread attributes among them; not a <meta>'s, not when one is named
 * twice, holds a reference, a '>' or a letter beyond ASCII, is unquoted or
 * follows a value without a blank, and not in a page that holds an
 * attribute `_` (the stand-in). Each tree put back is the tree of the
 * page without, and no page is parsed twice. */
static void test_lifted_tags(void **state)
{
    (void)state;
    static const struct {
        const char *page;
        size_t tags;
    } cases[] = {
        {"<body><div Class=\"one\" ID=\"x\" data-role=\"y\" hidden>a</div></body>", 1},
        {"<body><form><input TYPE=\"checkbox\" checked name=\"c\" disabled Value=\"\"></form></body>", 1},
        {"<body><p class=\"\">e</p><p class='a\"b' id=\"q\">f</p><img class=\"pic\" alt=\"x\"/></body>", 3},
        {"<body><div style=\"color:red\" class=\"a\" onclick=\"x()\"\n\tid=\"b\" >g</div></body>", 1},
        {"<body><a class=\"l\" href=\"/x\" title=\"t\">h</a><span class=\"s\">i</span><br/></body>", 2},
        /* none */
        {"<body><a href=\"/x\" HREF=\"/y\">h</a><br class=\"x\" /><div class=a>u</div></body>", 0},
        {"<head><meta name=\"description\" content=\"d\"></head><body><a title=\"caf\xc3\xa9\">c</a></body>", 0},
        {"<body><a href=\"/x?a=1&amp;b=2\">r</a><a title=\"a>b\">s</a><p class=\"a\"id=\"b\">t</p></body>", 0},
        {"<body><div _ class=\"a\">x</div><p class=\"b\">y</p></body>", 0},
        {"<body><p class=\"b\" title=\"_\">y</p></body>", 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        size_t n = 0, fallbacks = lift_fallbacks, tags = lift_tags;
        if (!same_when_lifted(cases[i].page, strlen(cases[i].page), &n))
            fail_msg("the tree changes when attributes are taken out and put back:\n%s", cases[i].page);
        if (lift_tags - tags != cases[i].tags || lift_fallbacks != fallbacks)
            fail_msg("%zu tags' attributes taken out at once (%zu expected), %zu parsed again, of\n%s",
                     lift_tags - tags, cases[i].tags, lift_fallbacks - fallbacks, cases[i].page);
    }
    /* more than 16 kept attributes: each value as it may be */
    struct nw_buf b = {0};
    nw_buf_puts(&b, "<body><div");
    for (int k = 0; k < 17; k++)
        nw_buf_printf(&b, " aria-level%c=\"value-%d\"", 'a' + k, k);
    nw_buf_puts(&b, ">x</div></body>");
    size_t n = 0, tags = lift_tags;
    assert_true(same_when_lifted(b.data, b.len, &n));
    assert_int_equal(lift_tags, tags);
    nw_buf_cleanup(&b);
}

/* html_boolean_attr says what htmlIsBooleanAttr says: of libxml2's boolean
 * attributes in any case, of every first letter before the rest of each,
 * of other attributes' names, of short and empty names. */
static void test_boolean_attr(void **state)
{
    (void)state;
    static const char *const names[] = {"checked",  "compact", "declare",  "defer",    "disabled", "ismap",
                                        "multiple", "nohref",  "noresize", "noshade",  "nowrap",   "readonly",
                                        "selected", "hidden",  "async",    "autoplay", "controls", "loop",
                                        "muted",    "open",    "required", "class",    "id",       "href",
                                        "content",  "x",       "",         "_"};
    size_t booleans = 0;
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        for (int c = -2; c < 26; c++) {
            char name[32];
            /* the name, in capitals, then each letter put before its rest */
            snprintf(name, sizeof name, "%s", names[i]);
            if (c == -1)
                for (char *q = name; *q; q++)
                    *q = (char)toupper((unsigned char)*q);
            else if (c >= 0 && *name)
                name[0] = (char)('a' + c);
            bool want = htmlIsBooleanAttr((const xmlChar *)name) != 0;
            booleans += want;
            if (html_boolean_attr((const xmlChar *)name) != want)
                fail_msg("html_boolean_attr(\"%s\") is not htmlIsBooleanAttr's", name);
        }
    assert_true(booleans >= 26); /* (libxml2's 13, and in capitals) */
}

/* The texts taken out of a page, as libxml2's tree has them, and which:
 * blanks that open a text where libxml2 reads them apart (in the <head>,
 * first in a paragraph, after the <body> closed), a <pre>'s first line,
 * carriage returns and noncharacters, texts after end tags and comments,
 * and an attribute named twice in a tag. Each page's tree with its runs
 * put back is its tree without, and no page is parsed twice. */
static void test_lifted_text(void **state)
{
    (void)state;
    static const struct {
        const char *page;
        size_t runs;
    } cases[] = {
        /* "\n  " in the head is not taken out; "Title", "\n" after
         * <body> and the paragraph's words are */
        {"<html><head>\n  <title>Title</title>\n</head><body>\n<p>Some words.</p></body></html>", 3},
        /* a paragraph opening with blanks keeps them; after its end tag
         * they go */
        {"<body><p>   <b>bold</b> and more</p>  \n<div>x</div></body>", 4},
        /* after </body> and </html>, blanks stay (libxml2 would open a
         * paragraph for a stand-in there) */
        {"<body><div>a</div></body>\n  </html>\n", 1},
        {"<body/>\t\n<div>a</div>", 1},
        /* a <pre>'s first text stays; the text after its end tag goes */
        {"<body><pre>\nline one\n  line two</pre> after</body>", 1},
        {"<body><textarea>\n typed</textarea><listing>\nl</listing>", 0},
        /* a carriage return or a noncharacter ends a run; a reference
         * ends it too, and the text after it stays */
        {"<body><div>one\r\ntwo</div><div>a\xef\xbf\xbe b</div><div>x &amp; y</div></body>", 3},
        /* after end tags with blanks, and after comments */
        {"<body><div><span>a</span >b<!-- c -->d</div></body>", 3},
        /* an attribute named twice: libxml2 keeps the first */
        {"<body><input class=\"first-class-here\" title=\"t\" class=\"second-class-here\"></body>", 1},
        /* text beyond ASCII */
        {"<body><p>caf\xc3\xa9 cr\xc3\xa8me</p></body>", 1},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        size_t n = 0, before = lift_fallbacks;
        if (!same_when_lifted(cases[i].page, strlen(cases[i].page), &n))
            fail_msg("the tree changes when its runs are taken out and put back:\n%s", cases[i].page);
        if (n != cases[i].runs || lift_fallbacks != before)
            fail_msg("%zu runs taken out (%zu expected), %zu parsed again, of\n%s", n, cases[i].runs,
                     lift_fallbacks - before, cases[i].page);
    }
}

/* A template that leaves an element open for each row or comment nests
 * the page thousands deep: libxml2 stopped reading at 256 levels and the
 * story past them was lost. The tree is brought down to a depth the walks
 * read, its text and order kept, and a comment section nested so stays
 * out of the body. */
static void test_deep_nesting(void **state)
{
    (void)state;
    static const char *const opens[] = {"<div>", "<font size=\"2\">", "<blockquote>", "<custom-row>", "<b>"};
    for (size_t k = 0; k < sizeof opens / sizeof *opens; k++) {
        struct nw_buf page = {0};
        nw_buf_puts(&page, "<html><head><title>A deep story</title></head><body><h1>A deep story</h1>");
        for (int i = 0; i < 3000; i++)
            nw_buf_puts(&page, opens[k]);
        for (int i = 0; i < 6; i++)
            nw_buf_printf(&page,
                          "<p>Paragraph %d of the story, long enough to be read as prose by the "
                          "extraction, with a few more words to make sure of it.</p>%s",
                          i, opens[k]);
        nw_buf_puts(&page, "</body></html>");
        /* the tree: as deep as the page with the limit lifted, then no
         * deeper than the walks go, the same text in the same order */
        htmlDocPtr doc = html_parse_page(page.data, page.len, NULL, "UTF-8");
        assert_non_null(doc);
        assert_true(max_depth(xmlDocGetRootElement(doc), 0) > 3000);
        xmlChar *before = xmlNodeGetContent(xmlDocGetRootElement(doc));
        html_repair_tree(doc);
        assert_true(max_depth(xmlDocGetRootElement(doc), 0) <= 161);
        xmlChar *after = xmlNodeGetContent(xmlDocGetRootElement(doc));
        assert_string_equal((const char *)before, (const char *)after);
        xmlFree(before);
        xmlFree(after);
        xmlFreeDoc(doc);
        struct nw_err err = {0};
        json_t *a = article_extract(page.data, page.len, "https://example.org/deep", "text/html; charset=utf-8", &err);
        assert_non_null(a);
        static const char *const order[] = {"Paragraph 0 of", "Paragraph 3 of", "Paragraph 5 of"};
        assert_in_order(nw_json_str(a, "text"), order, 3);
        json_decref(a);
        nw_buf_cleanup(&page);
    }
    /* a story, then a comment section whose template never closes a
     * comment: every comment nests in the one before */
    struct nw_buf page = {0};
    nw_buf_puts(&page, "<html><head><title>A story</title></head><body><article><h1>A story</h1>");
    for (int i = 0; i < 6; i++)
        nw_buf_printf(&page,
                      "<p>Paragraph %d of the story, long enough to be read as prose by the extraction, "
                      "with a few more words to make sure of it.</p>",
                      i);
    nw_buf_puts(&page, "</article><div class=\"comments\"><h3>Comments</h3>");
    for (int i = 0; i < 400; i++)
        nw_buf_printf(&page,
                      "<div class=\"comment\"><p>Reader %d wrote that this was a fine story, and that "
                      "the council should have voted otherwise on the matter.</p>",
                      i);
    nw_buf_puts(&page, "</body></html>");
    struct nw_err err = {0};
    json_t *a = article_extract(page.data, page.len, "https://example.org/story", "text/html; charset=utf-8", &err);
    assert_non_null(a);
    const char *text = nw_json_str(a, "text");
    static const char *const order[] = {"Paragraph 0 of", "Paragraph 5 of"};
    assert_in_order(text, order, 2);
    assert_null(strstr(text, "Reader"));
    json_decref(a);
    nw_buf_cleanup(&page);
}

/* What the sanitiser writes, read as a browser reads it (libgumbo), holds
 * nothing that runs: on the ways in that fuzz_fragment found
 * (2026-12-07) and on the classic ones, with and without a base; and
 * what is safe keeps its text and links */
static void test_sanitized_safe(void **state)
{
    (void)state;
    static const char *const in[] = {
        /* a '<' before no letter or before another '<' is text */
        "<<applet>>",
        "<210;dls. <applet>i t</a> x",
        "<<script>alert(1)</script>",
        /* a tag's name runs to white space, '/' or '>': no quoted value
         * starts inside it */
        "<pa'href=\"l?>a<script>x(\"\")</script>",
        "<p\"x=\"<script>alert(1)</script>\">",
        /* "</" before no letter is a comment to a browser, up to the
         * next '>', wherever a quote would have put it */
        "<p>k</&l<img title=\"]]><img src=x onerror=alert(1)>\">",
        "</ <img title=\"a><img src=x onerror=alert(1)>\">",
        /* a control character left out when the value is written */
        "<a href=\"java\x01script:alert(1)\">x</a>",
        "<a href=\"java\x0bscript:alert(1)\">x</a>",
        "<a href=\"\x01javascript:alert(1)\">x</a>",
        /* elements a browser reads as raw text, libxml2 as markup */
        "<p><noembed><img title=\"</noembed><img src=x onerror=alert(1)>\"></noembed></p>",
        "<xmp><img title=\"</xmp><img src=x onerror=alert(1)>\"></xmp>",
        "<noframes><p title=\"</noframes><img src=x onerror=alert(1)>\"></noframes>",
        "<title><img title=\"</title><img src=x onerror=alert(1)>\"></title>",
        "<plaintext><img src=x onerror=alert(1)>",
        "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\"></noscript>",
        /* SVG: links, animations, <use>, CDATA */
        "<svg><a xlink:href=\"javascript:alert(1)\"><text>x</text></a></svg>",
        "<svg><animate attributeName=\"href\" values=\"javascript:alert(1)\"/><a><text>x</text></a></svg>",
        "<svg><set attributeName=\"onload\" to=\"alert(1)\"/></svg>",
        "<svg><use href=\"data:image/svg+xml,x\"/></svg>",
        "<svg><use href=\"https://e.example/s.svg#i\"/></svg>",
        "<svg><![CDATA[ <img title=\"]]><img src=x onerror=alert(1)>\"> ]]></svg>",
        "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
        "<a href=\"https://ok.example/\" xlink:href=\"javascript:alert(1)\">x</a>",
        /* a link attribute under any prefix; a data: URL with a control
         * inside (a fuzz run of CI, fresh seeds); older HTML's controls;
         * HTML5's own references */
        "<a :href=\"javascript:alert(1)\">x</a><script>x()</script>",
        "<img x:src=\"javascript:alert(1)\"><q b:cite=\"javascript:alert(1)\">x</q>",
        "<a href=\"data:ima\rge/svg+xml,x\">x</a>",
        "<isindex action=\"javascript:alert(1)\" type=image src=x onerror=alert(1)>",
        "<keygen autofocus onfocus=alert(1)><menuitem icon=\"javascript:alert(1)\"></menuitem>",
        "<image src=x onerror=alert(1)><math><maction actiontype=statusline "
        "xlink:href=\"javascript:alert(1)\">x</maction></math>",
        "<a href=\"javascript&colon;alert(1)\">x</a><a href=\"jav&Tab;ascript:alert(1)\">y</a>",
        "<a href=\"&NewLine;javascript:alert(1)\">x</a><img src=\"data&colon;text/html,x\">",
        "<a href=\"javascript&#x3a;alert(1)\">x</a><a href=\"javascript&#58alert(1)\">y</a>",
        /* the classic ones */
        "<img src=x onerror=alert(1)>",
        "<svg/onload=alert(1)>",
        "<img src=\"x\"onerror=alert(1)>",
        "<a href=\"  jav&#x09;ascript:alert(1)\">x</a>",
        "<a href=\"data:text/html,<script>alert(1)</script>\">x</a>",
        "<iframe srcdoc=\"<script>alert(1)</script>\"></iframe>",
        "<object data=\"javascript:alert(1)\"></object>",
        "<form action=\"javascript:alert(1)\"><button>x</button></form>",
        "<p style=\"background:url(javascript:alert(1))\">x</p>",
        "<!--><img src=x onerror=alert(1)>-->",
        "<? x ><img src=x onerror=alert(1)>",
        "<table><td><style>x</style><img src=x onerror=alert(1)></td></table>",
    };
    for (size_t i = 0; i < sizeof in / sizeof *in; i++)
        for (int b = 0; b < 2; b++) {
            char *out = html_sanitize(in[i], strlen(in[i]), b ? "https://feed.example/d/" : NULL), why[512];
            if (!html_is_safe(out, strlen(out), why, sizeof why))
                fail_msg("[%s] was written [%s]: %s", in[i], out, why);
            free(out);
        }
    /* what is safe stays as it was written: text and links, an SVG's
     * <title> of text, a <use> of a symbol of the fragment (not made
     * absolute against the base), a doctype a browser hides */
    static const char *const keep[] = {
        "<p>Keep <b>this</b> <a href=\"https://e.example/x\">link</a> &lt;3 <br></p>",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"><title>foo</title><circle r=\"5\"/></svg>",
        " <!DOCTYPE ",
    };
    for (size_t i = 0; i < sizeof keep / sizeof *keep; i++) {
        char *out = html_sanitize(keep[i], strlen(keep[i]), "https://feed.example/d/");
        assert_string_equal(out, keep[i]);
        free(out);
    }
    static const char use[] = "<svg><use xlink:href=\"#icon\"/><use href=\"https://e.example/s.svg#i\"/></svg><a "
                              "href=\"x\">y</a>";
    char *out = html_sanitize(use, sizeof use - 1, "https://feed.example/d/");
    assert_non_null(strstr(out, "<use xlink:href=\"#icon\">"));
    assert_null(strstr(out, "s.svg"));
    assert_non_null(strstr(out, "href=\"https://feed.example/d/x\""));
    free(out);
    /* a stray '<' is text, and stays as it was written */
    static const char stray[] = "<p>a <3 b <- c</p>";
    out = html_sanitize(stray, sizeof stray - 1, NULL);
    assert_string_equal(out, stray);
    free(out);
    /* a <title> of text stays when the fragment is rewritten */
    static const char svg_title[] = "<svg><title>foo</title></svg><img src=\"x.png\" onerror=\"y\">";
    out = html_sanitize(svg_title, sizeof svg_title - 1, NULL);
    assert_non_null(strstr(out, "<title>foo</title>"));
    assert_null(strstr(out, "onerror"));
    free(out);
    /* a <title> holding elements goes */
    static const char title[] = "<p>x<title><b>y</b></title>z</p>";
    out = html_sanitize(title, sizeof title - 1, NULL);
    assert_null(strstr(out, "title"));
    free(out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_unclosed_furniture),  cmocka_unit_test(test_open_paragraph),
        cmocka_unit_test(test_html5_agreement),     cmocka_unit_test(test_raw_text_cases),
        cmocka_unit_test(test_raw_text_corpus),     cmocka_unit_test(test_lifted_corpus),
        cmocka_unit_test(test_lifted_random),       cmocka_unit_test(test_lifted_del),
        cmocka_unit_test(test_lifted_text),         cmocka_unit_test(test_lifted_tags),
        cmocka_unit_test(test_boolean_attr),        cmocka_unit_test(test_name_eq),
        cmocka_unit_test(test_home_link),           cmocka_unit_test(test_streamed_parts),
        cmocka_unit_test(test_streamed_parts_left), cmocka_unit_test(test_streamed_parts_scriptless),
        cmocka_unit_test(test_streamed_article),    cmocka_unit_test(test_split_headings),
        cmocka_unit_test(test_open_button),         cmocka_unit_test(test_role_elements_tree),
        cmocka_unit_test(test_deep_nesting),        cmocka_unit_test(test_tree_builder),
        cmocka_unit_test(test_name_classes),        cmocka_unit_test(test_memoized),
        cmocka_unit_test(test_text_stats),          cmocka_unit_test(test_sanitized_safe)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
