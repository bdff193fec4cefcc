#include "html.h"
#include "meta.h"
#include "xmlarena.h"

#include <libxml/HTMLtree.h>
#include <libxml/SAX2.h>
#include <libxml/parserInternals.h>

#include <ctype.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <xxhash.h>

#include "../common/jsonx.h"
#include "../common/log.h"
#include "../common/mem.h"
#include "../common/url.h"
#include "charset.h"
#include "entities.h"

/* libxml2's own messages (an encoding error, "I/O error : encoder error")
 * go to stderr past the NOERROR option; newswire reports its errors
 * itself. */
static void no_message(void *ctx, const char *msg, ...)
{
    (void)ctx;
    (void)msg;
}

static const char *tag_end(const char *p, const char *end, bool *empty);
static inline bool name_is(const char *name, size_t n, const char *lower);
static const char *find_ci(const char *p, const char *end, const char *needle, size_t n);
static bool name_char(char c);

/* A start tag as the scans of a whole document here read it. */
struct start_tag {
    const char *name; /* n bytes; its attributes follow */
    size_t n;
    const char *after;  /* just past its '>'; NULL when it does not end */
    bool empty;         /* it ends with "/>" */
    bool script, style; /* libxml2 reads their content as raw text */
};

/* Whether a start tag named name[0..n) opens a part of a table: a row, a
 * cell, a caption, a group of rows or columns. */
static bool table_part(const char *name, size_t n)
{
    static const char *const parts[] = {"tr", "td", "th", "tbody", "thead", "tfoot", "caption", "col", "colgroup"};
    char c = (char)(name[0] | 0x20);
    if (c != 't' && c != 'c')
        return false;
    for (size_t i = 0; i < sizeof parts / sizeof *parts; i++)
        if (name_is(name, n, parts[i]))
            return true;
    return false;
}

/* Whether an end tag whose name starts at p is </body> or </html>. */
static bool ends_document(const char *p, const char *end)
{
    return end - p >= 4 && (name_is(p, 4, "body") || name_is(p, 4, "html")) && (end - p == 4 || !name_char(p[4]));
}

/* What next_start_tag notes of the end tags it passes over: the first
 * </body> or </html>, and the tables open (each </table> closes one). */
struct end_notes {
    const char *ended;
    size_t tables;
    struct follow *follow; /* (see html_close_divs) */
    bool close_divs;       /* a <div> to close that libxml2 leaves open */
};
static size_t follow_end(struct follow *f, const char *name, size_t n);

/* The next start tag from *p (left just past its name): end tags,
 * declarations, text and comments passed over (and noted in *notes when
 * given); false at the end, or at a comment that does not end. */
static bool next_start_tag(const char **pp, const char *end, struct start_tag *t, struct end_notes *notes)
{
    const char *p = *pp;
    for (;;) {
        const char *lt = memchr(p, '<', (size_t)(end - p));
        if (!lt || end - lt < 2)
            return false;
        p = lt + 1;
        if (*p == '!' && end - p >= 3 && p[1] == '-' && p[2] == '-') {
            const char *close = memmem(p + 3, (size_t)(end - p - 3), "-->", 3);
            if (!close)
                return false;
            p = close + 3;
            continue;
        }
        if (isalpha((unsigned char)*p))
            break;
        if (*p == '/' && notes) {
            if (!notes->ended && ends_document(p + 1, end))
                notes->ended = lt;
            else if (notes->tables && end - p >= 6 && name_is(p + 1, 5, "table") && (end - p == 6 || !name_char(p[6])))
                notes->tables--;
            const char *q = p + 1;
            while (q < end && name_char(*q))
                q++;
            if (notes->follow && q > p + 1 && follow_end(notes->follow, p + 1, (size_t)(q - p - 1)))
                notes->close_divs = true;
        }
    }
    t->name = p;
    while (p < end && name_char(*p))
        p++;
    t->n = (size_t)(p - t->name);
    t->script = name_is(t->name, t->n, "script");
    t->style = name_is(t->name, t->n, "style");
    t->empty = false;
    t->after = tag_end(p, end, &t->empty);
    *pp = p;
    return true;
}

static bool blank(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

const char *html_attrs_cut(const char *p, const char *gt)
{
    size_t n = 0;
    while (p < gt) {
        while (p < gt && blank(*p))
            p++;
        if (p >= gt || (*p == '/' && p + 1 == gt))
            return NULL;
        if (n++ == MAX_TAG_ATTRS)
            return p;
        while (p < gt && !blank(*p) && *p != '=')
            p++;
        while (p < gt && blank(*p))
            p++;
        if (p < gt && *p == '=') {
            p++;
            while (p < gt && blank(*p))
                p++;
            if (p < gt && (*p == '"' || *p == '\'')) {
                const char *q = memchr(p + 1, *p, (size_t)(gt - p - 1));
                p = q ? q + 1 : gt;
            } else {
                while (p < gt && !blank(*p))
                    p++;
            }
        }
    }
    return NULL;
}

/* Whether a zero byte of the document is U+0000: the document is in
 * `encoding`, or, given none, as libxml2 reads it (UTF-16 or UTF-32 by a
 * byte order mark, or by a zero among its first two bytes, as "<\0" and
 * "\0<" start them); not in UTF-16, UTF-32 or the UCS encodings (their
 * names' letters and digits compared in any case; "unicode-1-1-utf-8",
 * a label of UTF-8, is counted with them, and its zero bytes kept as
 * they were). */
static bool zero_is_nul(const char *data, size_t len, const char *encoding)
{
    const unsigned char *b = (const unsigned char *)data;
    if (!encoding)
        return !(len >= 2 && ((b[0] == 0xFF && b[1] == 0xFE) || (b[0] == 0xFE && b[1] == 0xFF))) &&
               !(len >= 1 && b[0] == 0) && !(len >= 2 && b[1] == 0);
    char name[16];
    size_t n = 0;
    for (const char *c = encoding; *c && n < sizeof name - 1; c++)
        if (isalnum((unsigned char)*c))
            name[n++] = (char)html_ascii_lower((unsigned char)*c);
    name[n] = '\0';
    static const char *const wide[] = {"utf16", "utf32", "ucs2", "ucs4", "iso10646", "unicode"};
    for (size_t i = 0; i < sizeof wide / sizeof *wide; i++)
        if (!strncmp(name, wide[i], strlen(wide[i])))
            return false;
    return true;
}

/* The document without its NUL characters, into out; false (out
 * untouched) when it has none. A browser leaves U+0000 out of a page's
 * text (and makes U+FFFD of it in a name or a value); libxml2 ends the
 * content of the element it meets one in, and the document with it: a
 * stray zero byte after a paragraph lost every paragraph after it. */
static bool drop_nuls(const char *data, size_t len, struct nw_buf *out)
{
    const char *z = memchr(data, '\0', len), *p = data, *end = data + len;
    if (!z)
        return false;
    nw_buf_reserve(out, len);
    for (; z; z = memchr(p, '\0', (size_t)(end - p))) {
        nw_buf_append(out, p, (size_t)(z - p));
        p = z + 1;
    }
    nw_buf_append(out, p, (size_t)(end - p));
    return true;
}

/* The document with every start tag of more than MAX_TAG_ATTRS
 * attributes cut after them, into out; false (out untouched) when no tag
 * has so many. libxml2 compares each attribute of a tag with those before
 * it: one tag of 50,000 took 8 s, and no page needs a few hundred. Tags
 * are read as html_drop_raw_text reads them (comments, and the bodies of
 * scripts and styles, hold none); a tag must be long to have so many
 * attributes, so only long tags are counted. */
static bool cap_attributes(const char *data, size_t len, struct nw_buf *out)
{
    const char *p = data, *end = data + len, *copied = data;
    bool cut_any = false;
    if (memchr(data, '\0', len < 4096 ? len : 4096))
        return false; /* not an ASCII-compatible encoding */
    struct start_tag t;
    while (next_start_tag(&p, end, &t, NULL)) {
        bool open = !t.after; /* a tag to the end of the document */
        const char *gt = open ? end : t.after - 1;
        const char *cut = (size_t)(gt - p) >= 2 * MAX_TAG_ATTRS ? html_attrs_cut(p, gt) : NULL;
        if (cut) {
            if (!cut_any)
                nw_buf_reserve(out, len);
            nw_buf_append(out, copied, (size_t)(cut - copied));
            nw_buf_puts(out, open ? "" : t.empty ? "/>" : ">");
            copied = open ? end : t.after;
            cut_any = true;
        }
        if (open)
            break;
        p = t.after;
        if ((t.script || t.style) && !t.empty) {
            p = find_ci(t.after, end, t.script ? "</script" : "</style", t.script ? 8 : 7);
            if (!p)
                break;
        }
    }
    if (cut_any)
        nw_buf_append(out, copied, (size_t)(end - copied));
    return cut_any;
}

/* The names of a page's elements and attributes are the parser's interned
 * strings (its dictionary) rather than a copy each: libxml2 makes the
 * document without a dictionary when it reads HTML, and gives it the
 * parser's here, which it then frees with the document and consults
 * before it frees a name. */
static void start_document(void *ctx)
{
    xmlParserCtxtPtr ctxt = ctx;
    xmlSAX2StartDocument(ctx);
    if (ctxt->myDoc && !ctxt->myDoc->dict && ctxt->dict) {
        ctxt->myDoc->dict = ctxt->dict;
        xmlDictReference(ctxt->dict);
    }
}

static xmlChar *interned(xmlDocPtr doc, const xmlChar *name)
{
    if (!doc->dict)
        return xmlStrdup(name);
    if (xmlDictOwns(doc->dict, name) == 1)
        return (xmlChar *)name;
    return (xmlChar *)xmlDictLookup(doc->dict, name, -1); /* the implied <html>, <body>: literals */
}

/* An attribute's value as its text node: one shorter than two pointers
 * held in the node itself, where libxml2 holds a short text of an XML
 * document it reads with XML_PARSE_COMPACT (and frees none), most values
 * here being a stand-in (html_drop_raw_text_lifted): of value[0..n), or
 * of the string value (value_text). */
static xmlNodePtr value_text_len(xmlDocPtr doc, const char *value, size_t n)
{
    xmlNodePtr t = n < 2 * sizeof(void *) ? xmlMalloc(sizeof *t) : NULL;
    if (!t)
        return n <= INT_MAX ? xmlNewDocTextLen(doc, (const xmlChar *)value, (int)n) : NULL;
    memset(t, 0, sizeof *t);
    t->type = XML_TEXT_NODE;
    t->name = xmlStringText;
    t->doc = doc;
    t->content = (xmlChar *)&t->properties;
    memcpy(t->content, value, n);
    t->content[n] = '\0';
    return t;
}

static xmlNodePtr value_text(xmlDocPtr doc, const xmlChar *value)
{
    return value_text_len(doc, (const char *)value, strlen((const char *)value));
}

/* htmlIsBooleanAttr(name), most names told apart by their first letter,
 * which no name of libxml2's list (HTMLtree.c: "checked", "compact",
 * "declare", "defer", "disabled", "ismap", "multiple", "nohref",
 * "noresize", "noshade", "nowrap", "readonly", "selected") starts with
 * (test_html5 holds the two to each other). */
bool html_boolean_attr(const xmlChar *name)
{
    switch (html_ascii_lower(name[0])) {
    case 'c':
    case 'd':
    case 'i':
    case 'm':
    case 'n':
    case 'r':
    case 's':
        return htmlIsBooleanAttr(name);
    default:
        return false;
    }
}

/* An element's start, as libxml2's own tree builder (xmlSAX2StartElement)
 * makes it for an HTML document, less the work whose result nothing here
 * reads: names are interned (start_document; one with a prefix, "o:p",
 * is split as libxml2 splits it: the element is "p"), and no attribute is
 * entered in the document's table of IDs (nothing here looks an ID up).
 * In HTML no DTD normalises a value, so values are taken as they are. */
static void start_element(void *ctx, const xmlChar *fullname, const xmlChar **atts)
{
    xmlParserCtxtPtr ctxt = ctx;
    if (!ctxt || !fullname || !ctxt->myDoc)
        return;
    xmlDocPtr doc = ctxt->myDoc;
    xmlNodePtr parent = ctxt->node;
    xmlChar *name, *prefix = NULL;
    const xmlChar *colon = fullname;
    while (*colon && *colon != ':')
        colon++;
    if (*colon) {
        name = xmlSplitQName(ctxt, fullname, &prefix);
        xmlFree(prefix);
    } else {
        name = interned(doc, fullname);
    }
    if (!name)
        return;
    xmlNodePtr node = xmlNewDocNodeEatName(doc, NULL, name, NULL);
    if (!node)
        return;
    if (!doc->children)
        xmlAddChild((xmlNodePtr)doc, node);
    else if (!parent)
        parent = doc->children;
    ctxt->nodemem = -1;
    if (ctxt->linenumbers && ctxt->input)
        node->line = ctxt->input->line < USHRT_MAX ? (unsigned short)ctxt->input->line : USHRT_MAX;
    if (nodePush(ctxt, node) < 0) {
        xmlUnlinkNode(node);
        xmlFreeNode(node);
        return;
    }
    if (parent) {
        if (parent->type == XML_ELEMENT_NODE)
            xmlAddChild(parent, node);
        else
            xmlAddSibling(parent, node);
    }
    for (size_t i = 0; atts && atts[i]; i += 2) {
        const xmlChar *att = atts[i], *value = atts[i + 1];
        xmlChar *att_name = interned(doc, att);
        if (!att_name)
            continue;
        if (!value && html_boolean_attr(att))
            value = att;
        xmlAttrPtr a = xmlNewNsPropEatName(node, NULL, att_name, NULL);
        if (a && value) {
            a->children = a->last = value_text(doc, value);
            if (a->children)
                a->children->parent = (xmlNodePtr)a;
        }
    }
}

/* htmlReadMemory, with the start of the document and of an element made
 * by start_document and start_element */
static htmlDocPtr read_html(const char *data, size_t len, const char *url, const char *encoding, int opts)
{
    xmlInitParser();
    xmlParserCtxtPtr ctxt = xmlCreateMemoryParserCtxt(data, (int)len);
    if (!ctxt)
        return NULL;
    xmlSAXHandler html = {0};
    xmlSAX2InitHtmlDefaultSAXHandler(&html);
    html.startDocument = start_document;
    html.startElement = start_element;
    memcpy(ctxt->sax, &html, sizeof(xmlSAXHandlerV1));
    htmlCtxtUseOptions(ctxt, opts);
    ctxt->html = 1;
    if (encoding) {
        xmlCharEncodingHandlerPtr handler = xmlFindCharEncodingHandler(encoding);
        if (handler) {
            xmlSwitchToEncoding(ctxt, handler);
            xmlFree((xmlChar *)ctxt->input->encoding);
            ctxt->input->encoding = xmlStrdup((const xmlChar *)encoding);
        }
    }
    if (url && ctxt->input && !ctxt->input->filename)
        ctxt->input->filename = (char *)xmlStrdup((const xmlChar *)url);
    htmlParseDocument(ctxt);
    htmlDocPtr doc = ctxt->myDoc;
    ctxt->myDoc = NULL;
    xmlFreeParserCtxt(ctxt); /* (the document holds a reference of its own to the dictionary) */
    return doc;
}

static htmlDocPtr parse_with(const char *data, size_t len, const char *url, const char *encoding, int more, bool cap)
{
    xmlSetGenericErrorFunc(NULL, no_message); /* this thread's */
    if (len > (size_t)INT32_MAX)
        return NULL;
    int opts =
        HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET | HTML_PARSE_COMPACT | more;
    /* an encoding named by the caller is not overridden by the page's
     * <meta> (libxml2 would switch to it when told UTF-8) */
    if (encoding)
        opts |= HTML_PARSE_IGNORE_ENC;
    struct nw_buf no_nul = {0}, capped = {0};
    if (zero_is_nul(data, len, encoding) && drop_nuls(data, len, &no_nul)) {
        data = no_nul.data ? no_nul.data : "";
        len = no_nul.len;
    }
    if (cap && cap_attributes(data, len, &capped)) {
        data = capped.data;
        len = capped.len;
    }
    htmlDocPtr doc = read_html(data, len, url, encoding, opts);
    nw_buf_cleanup(&capped);
    nw_buf_cleanup(&no_nul);
    return doc;
}

htmlDocPtr html_parse(const char *data, size_t len, const char *url, const char *encoding)
{
    return parse_with(data, len, url, encoding, 0, true);
}

htmlDocPtr html_parse_page(const char *data, size_t len, const char *url, const char *encoding)
{
    /* XML_PARSE_HUGE lifts the limit to the depth (HTML has no entities
     * of its own to expand, which is the other thing it lets through) */
    return parse_with(data, len, url, encoding, XML_PARSE_HUGE, true);
}

htmlDocPtr html_parse_page_short(const char *data, size_t len, const char *url, const char *encoding)
{
    return parse_with(data, len, url, encoding, XML_PARSE_HUGE, false);
}

static const char *find_ci(const char *p, const char *end, const char *needle, size_t n)
{
    for (; (size_t)(end - p) >= n; p++) {
        p = memchr(p, '<', (size_t)(end - p) - n + 1);
        if (!p)
            return NULL;
        /* (needle opens with '<'; its second byte first: most '<' open no
         * such tag) */
        if (html_prefix_ci(p + 1, needle + 1, n - 1))
            return p;
    }
    return NULL;
}

/* ASCII letters and digits (1), and the other characters of a tag or
 * attribute name as the scans here read them (2): ':', '-', '_', '.'. */
const unsigned char html_name_chars[256] = {
    ['0'] = 1, ['1'] = 1, ['2'] = 1, ['3'] = 1, ['4'] = 1, ['5'] = 1, ['6'] = 1, ['7'] = 1, ['8'] = 1, ['9'] = 1,
    ['A'] = 1, ['B'] = 1, ['C'] = 1, ['D'] = 1, ['E'] = 1, ['F'] = 1, ['G'] = 1, ['H'] = 1, ['I'] = 1, ['J'] = 1,
    ['K'] = 1, ['L'] = 1, ['M'] = 1, ['N'] = 1, ['O'] = 1, ['P'] = 1, ['Q'] = 1, ['R'] = 1, ['S'] = 1, ['T'] = 1,
    ['U'] = 1, ['V'] = 1, ['W'] = 1, ['X'] = 1, ['Y'] = 1, ['Z'] = 1, ['a'] = 1, ['b'] = 1, ['c'] = 1, ['d'] = 1,
    ['e'] = 1, ['f'] = 1, ['g'] = 1, ['h'] = 1, ['i'] = 1, ['j'] = 1, ['k'] = 1, ['l'] = 1, ['m'] = 1, ['n'] = 1,
    ['o'] = 1, ['p'] = 1, ['q'] = 1, ['r'] = 1, ['s'] = 1, ['t'] = 1, ['u'] = 1, ['v'] = 1, ['w'] = 1, ['x'] = 1,
    ['y'] = 1, ['z'] = 1, [':'] = 2, ['-'] = 2, ['_'] = 2, ['.'] = 2,
};

static bool name_char(char c) { return html_name_chars[(unsigned char)c] != 0; }

/* Whether name[0..n) is lower (lower-case), in any case: its first
 * letter compared first. */
static inline bool name_is(const char *name, size_t n, const char *lower)
{
    return n == strlen(lower) && ((unsigned char)name[0] | 0x20) == (unsigned char)lower[0] &&
           html_prefix_ci(name + 1, lower + 1, n - 1);
}

/* The end of a start tag whose name ends at p: just past its '>'; a
 * value quoted after '=' may hold '>' (as libxml2 reads attributes). NULL
 * when it does not end. *empty: the tag ends with "/>". */
static const char *tag_end(const char *p, const char *end, bool *empty)
{
    while (p < end) {
#ifdef __SSE2__
        /* to the next '>' or '=', 16 bytes at a time */
        while (end - p >= 16) {
            __m128i c = _mm_loadu_si128((const __m128i *)(const void *)p);
            int m = _mm_movemask_epi8(
                _mm_or_si128(_mm_cmpeq_epi8(c, _mm_set1_epi8('>')), _mm_cmpeq_epi8(c, _mm_set1_epi8('='))));
            if (m) {
                p += __builtin_ctz((unsigned)m);
                break;
            }
            p += 16;
        }
        if (p >= end)
            break;
#endif
        char c = *p;
        if (c == '>') {
            *empty = p[-1] == '/';
            return p + 1;
        }
        p++;
        if (c != '=')
            continue;
        while (p < end && isspace((unsigned char)*p))
            p++;
        if (p < end && (*p == '"' || *p == '\'')) {
            const char *q = memchr(p + 1, *p, (size_t)(end - p - 1));
            if (!q)
                return NULL;
            p = q + 1;
        }
    }
    return NULL;
}

/* Whether an element name is one of SVG's drawing elements, which
 * libxml2 does not know as HTML and so never moves nor closes others for
 * (a <title> or an <a> in an <svg> may close the paragraph holding it). */
static bool svg_drawing(const char *name, size_t n)
{
    static const char *const drawing[] = {"svg", "g", "path", "circle", "rect", "line", "polyline", "polygon",
                                          "ellipse", "defs", "use", "symbol", "lineargradient", "radialgradient",
                                          "stop", "clippath", "mask", "pattern", "filter", "desc", "metadata",
                                          "marker", "tspan"};
    if (n > 2 && html_prefix_ci(name, "fe", 2))
        return true; /* filter primitives: feGaussianBlur ... */
    for (size_t i = 0; i < sizeof drawing / sizeof *drawing; i++)
        if (strlen(drawing[i]) == n && html_prefix_ci(name, drawing[i], n))
            return true;
    return false;
}

/* Where the content of an <svg> whose start tag ends at p ends: at the
 * "</svg" closing it, nested <svg> counted. NULL when it does not end, or
 * when it holds anything but drawing elements and blanks (text, a
 * comment, a declaration, text markup, a raw-text element): then the
 * <svg> is kept whole. */
static const char *svg_end(const char *p, const char *end)
{
    int depth = 1;
    while (p < end) {
        const char *lt = memchr(p, '<', (size_t)(end - p));
        if (!lt || end - lt < 6)
            return NULL;
        for (; p < lt; p++)
            if (!blank(*p))
                return NULL; /* text: libxml2 keeps it, and it is counted */
        p = lt + 1;
        if (*p == '!' || *p == '?')
            return NULL;
        bool close = *p == '/';
        const char *name = close ? p + 1 : p;
        const char *q = name;
        while (q < end && name_char(*q))
            q++;
        size_t n = (size_t)(q - name);
        if (!n || !svg_drawing(name, n))
            return NULL; /* a '<' of text, or an element of another kind */
        bool svg = n == 3 && html_prefix_ci(name, "svg", 3);
        if (close) {
            while (q < end && blank(*q))
                q++;
            if (q >= end || *q != '>')
                return NULL;
            if (svg && --depth == 0)
                return lt;
            p = q + 1;
            continue;
        }
        bool empty = false;
        const char *e = tag_end(q, end, &empty);
        if (!e)
            return NULL;
        depth += svg && !empty;
        p = e;
    }
    return NULL;
}

const char *html_author_slug(const char *href, size_t n, size_t *slug_len, bool *profile)
{
    static const char *const folders[] = {"author", "authors", "autor",       "autores",      "auteur",  "auteurs",
                                          "writer", "writers", "contributor", "contributors", "profile", "profiles"};
    /* the profiles' folders last; an authors' folder anywhere in the
     * address goes before a profiles' one */
    size_t nfolders = sizeof folders / sizeof *folders, nauthors = nfolders - 2;
    if (!profile)
        nfolders = nauthors;
    const char *end = href + n, *found = NULL;
    size_t found_len = 0;
    for (const char *p = memchr(href, '/', n); p; p = memchr(p + 1, '/', (size_t)(end - p - 1))) {
        const char *seg = p + 1, *e = seg;
        while (e < end && *e != '/' && *e != '?' && *e != '#')
            e++;
        if (e + 1 >= end || *e != '/' || e[1] == '/' || e[1] == '?' || e[1] == '#')
            continue;
        /* the folders' names start with a, c, w or p and are 5 to 12 long;
         * a site's own kind of authors ends in one ("blog-authors") */
        char f = (char)(*seg | 0x20);
        size_t sn = (size_t)(e - seg);
        bool named = false, profiles = false;
        if ((f == 'a' || f == 'c' || f == 'w' || f == 'p') && sn >= 5 && sn <= 12)
            for (size_t i = 0; i < nfolders && !named; i++) {
                named = sn == strlen(folders[i]) && html_prefix_ci(seg, folders[i], sn);
                profiles = named && i >= nauthors;
            }
        if (!named && sn > 8 && ((e[-1] | 0x20) == 'r' || (e[-1] | 0x20) == 's')) {
            const char *tail = (e[-1] | 0x20) == 's' ? e - 8 : e - 7;
            named = (*tail == '-' || *tail == '_') && html_prefix_ci(tail + 1, "author", 6);
        }
        if (named) {
            const char *slug = e + 1, *se = slug;
            while (se < end && *se != '/' && *se != '?' && *se != '#')
                se++;
            if (!profiles) {
                *slug_len = (size_t)(se - slug);
                if (profile)
                    *profile = false;
                return slug;
            }
            if (!found) {
                found = slug;
                found_len = (size_t)(se - slug);
            }
        }
    }
    if (found) {
        *slug_len = found_len;
        *profile = true;
    }
    return found;
}

/* Attributes of element `elem` that nothing reading a page looks at
 * (extraction and metadata read class, id, role, style, hidden,
 * aria-hidden, aria-modal, aria-controls, aria-expanded, aria-level, itemprop,
 * property, name, content, http-equiv, rel, type,
 * datetime, lang, href on <link>, and a link's href to an author's page
 * and its aria-label): data-*, event handlers, the image and media ones,
 * other aria-*, other links' href. Pages carry a great deal
 * of them (a tenth of WCXB's markup is data-*), and each costs the
 * parser two nodes and a copy. */
bool html_home_link(const char *href, size_t n, const char **host, size_t *host_len)
{
    while (n && (*href == ' ' || *href == '\t' || *href == '\r' || *href == '\n'))
        href++, n--;
    while (n && (href[n - 1] == ' ' || href[n - 1] == '\t' || href[n - 1] == '\r' || href[n - 1] == '\n'))
        n--;
    *host = NULL;
    *host_len = 0;
    if (!n)
        return false; /* the page itself */
    const char *path = href, *end = href + n;
    const char *slashes = n >= 2 ? memchr(href, '/', n) : NULL;
    if (slashes && slashes + 1 < end && slashes[1] == '/' &&
        (slashes == href ||
         (slashes[-1] == ':' && (slashes - href == 5 || slashes - href == 6) && html_prefix_ci(href, "http", 4)))) {
        const char *h = slashes + 2, *e = h;
        while (e < end && *e != '/' && *e != '?' && *e != '#')
            e++;
        if (e == h)
            return false;
        *host = h;
        *host_len = (size_t)(e - h);
        path = e;
    } else if (n >= 1 && href[0] == '.' && (n == 1 || href[1] == '/')) {
        path = href + 1;
    } else if (memchr(href, ':', n)) {
        return false; /* another scheme (mailto:, javascript:) */
    }
    size_t len = (size_t)(end - path);
    if (len == 0 || (len == 1 && path[0] == '/'))
        return true;
    if (path[0] == '/')
        path++, len--;
    return len >= 9 && html_prefix_ci(path, "index.", 6) && !memchr(path, '/', len) && !memchr(path, '?', len) &&
           !memchr(path, '#', len);
}

static bool unread_attr(const char *elem, size_t en, const char *name, size_t n, const char *v, size_t vn)
{
    size_t sl;
    bool prof;
    const char *home;
#define IS(word) name_is(name, n, word)
    /* by the first letter (x | 0x20 is a lower-case letter only for
     * that letter in either case) */
    switch (name[0] | 0x20) {
    case 'a':
        /* a link's aria-label may be its author's name (see href) */
        if (n > 5 && html_prefix_ci(name, "aria-", 5))
            return !IS("aria-hidden") && !IS("aria-modal") && !IS("aria-controls") && !IS("aria-expanded") &&
                   !IS("aria-level") && !(IS("aria-label") && en == 1 && (*elem | 0x20) == 'a');
        return IS("alt");
    case 'd':
        return (n > 5 && html_prefix_ci(name, "data-", 5)) || IS("decoding");
    case 'f':
        return IS("fetchpriority");
    case 'h':
        /* a link's target: only <link rel=canonical>'s is read, and a
         * link's to an author's own page (a byline) */
        return (IS("href") && en == 1 && (*elem | 0x20) == 'a' &&
                !(v && (html_author_slug(v, vn, &sl, &prof) || html_home_link(v, vn, &home, &sl)))) ||
               IS("height");
    case 'l':
        return IS("loading");
    case 'o':
        return n > 2 && (name[1] | 0x20) == 'n'; /* event handlers */
    case 's':
        return IS("src") || IS("srcset") || IS("sizes");
    case 't':
        return IS("title") || IS("target") || IS("tabindex");
    case 'w':
        return IS("width");
    default:
        return false;
    }
#undef IS
}

/* The character a numeric reference to a C1 control (0x80-0x9F) stands
 * for, as the HTML standard reads it: windows-1252's ("&#146;" is U+2019);
 * 0 for the five that windows-1252 leaves undefined, and for any other
 * value. */
unsigned html_c1_ref_char(unsigned v)
{
    return v >= 0x80 && v <= 0x9F ? charset_cp1252_high[v - 0x80] : 0;
}

/* (html.h) */
const char *html_ref_digits(const char *p, const char *end, int max, unsigned long *v)
{
    bool hex = p < end && (*p == 'x' || *p == 'X');
    p += hex;
    const char *d = p;
    *v = 0;
    while (p < end && p - d < max && (hex ? isxdigit((unsigned char)*p) : isdigit((unsigned char)*p))) {
        *v = *v * (hex ? 16 : 10) + (unsigned long)(isdigit((unsigned char)*p) ? *p - '0' : tolower(*p) - 'a' + 10);
        p++;
    }
    return p > d ? p : NULL;
}

/* The character windows-1252 gives a numeric reference to a C1 control at
 * p (just past its '&', end the bound), in *cp; returns the position after
 * the reference, or NULL when there is no such reference. */
static const char *c1_ref(const char *p, const char *end, unsigned *cp)
{
    unsigned long v;
    if (p >= end || *p != '#' || !(p = html_ref_digits(p + 1, end, 8, &v)) || p >= end || *p != ';')
        return NULL;
    *cp = html_c1_ref_char((unsigned)v);
    return *cp ? p + 1 : NULL;
}

/* The name of a document's first element, past a byte-order mark, blanks,
 * the XML declaration, processing instructions, comments and a DOCTYPE
 * (its internal subset too), within its first 64 KiB, into out (15 bytes
 * of it at most); "" when there is none there. */
void html_first_element(const char *d, size_t n, char out[16])
{
    const char *p = d, *end = d + (n < 65536 ? n : 65536);
    out[0] = 0;
    if (end - p >= 3 && !memcmp(p, "\xef\xbb\xbf", 3))
        p += 3;
    for (;;) {
        while (p < end && isspace((unsigned char)*p))
            p++;
        if (end - p < 2 || *p != '<')
            return;
        const char *close = NULL;
        if (p[1] == '?')
            close = "?>";
        else if (end - p >= 4 && !memcmp(p, "<!--", 4))
            close = "-->";
        else if (p[1] == '!') {
            const char *sub = memchr(p, '[', (size_t)(end - p)), *gt = memchr(p, '>', (size_t)(end - p));
            close = sub && (!gt || sub < gt) ? "]>" : ">";
        }
        if (!close)
            break;
        const char *q = memmem(p + 2, (size_t)(end - p - 2), close, strlen(close));
        if (!q)
            return;
        p = q + strlen(close);
    }
    size_t i = 0;
    for (p++; p < end && i < 15 && (isalnum((unsigned char)*p) || *p == ':'); p++)
        out[i++] = *p;
    out[i] = 0;
}

size_t html_text_start(const char *d, size_t n)
{
    size_t k = n >= 3 && !memcmp(d, "\xef\xbb\xbf", 3) ? 3 : 0;
    while (k < n && isspace((unsigned char)d[k]))
        k++;
    return k;
}

size_t html_page_start(const char *d, size_t n)
{
    size_t k = html_text_start(d, n);
    size_t window = n < 65536 ? n : 65536;
    if (k >= window || (d[k] == '<' && k + 1 < n && (d[k + 1] == '!' || d[k + 1] == '?')) ||
        (window - k >= 5 && html_prefix_ci(d + k, "<html", 5)))
        return 0;
    const char *end = d + window, *q = find_ci(d + k, end, "<!doctype", 9);
    /* after text, an <html> will do; after markup a DOCTYPE only (an
     * "<html>" in a script's string is no page's start) */
    for (const char *h = d + k; !q && d[k] != '<' && (h = find_ci(h, end, "<html", 5)); h += 5)
        if (h + 5 < end && (h[5] == '>' || isspace((unsigned char)h[5])))
            q = h;
    return q ? (size_t)(q - d) : 0;
}

/* Each reference to a character that HTML 4 does not name ("&ccaron;",
 * "&mldr;", "&colon;") is written as a numeric reference: libxml2, an HTML
 * 4 parser, would leave it as text, where browsers read the character. So
 * is a numeric one to a C1 control ("&#146;", c1_ref). A "&#" that no
 * number follows ("&#;", "&#x;", "&#a") is text, as browsers read it:
 * written "&amp;#" (libxml2 drops the "&#"). */
void html_append_refs(struct nw_buf *out, const char *s, size_t n)
{
    const char *p = s, *end = s + n, *from = s;
    while (p < end && (p = memchr(p, '&', (size_t)(end - p)))) {
        const char *q = ++p;
        if (q < end && *q == '#') { /* "&#146;": read by libxml2 as the control */
            bool hex = q + 1 < end && (q[1] == 'x' || q[1] == 'X');
            const char *d = q + 1 + hex;
            if (!(d < end && (hex ? isxdigit((unsigned char)*d) : isdigit((unsigned char)*d)))) {
                nw_buf_append(out, from, (size_t)(p - from));
                nw_buf_puts(out, "amp;");
                from = p;
                continue;
            }
            unsigned c1;
            const char *after = c1_ref(q, end, &c1);
            if (after) {
                nw_buf_append(out, from, (size_t)(p - 1 - from));
                nw_buf_printf(out, "&#x%X;", c1);
                from = p = after;
            }
            continue;
        }
        char name[40];
        size_t k = 0;
        while (q < end && k < sizeof name - 1 && html_name_chars[(unsigned char)*q] == 1)
            name[k++] = *q++;
        if (!k || q >= end || *q != ';' || !isalpha((unsigned char)name[0]) || (k == 3 && !memcmp(name, "amp", 3)))
            continue;
        name[k] = '\0';
        unsigned cp[2];
        unsigned k2 = html_ref_html5(name, cp);
        if (!k2)
            continue;
        nw_buf_append(out, from, (size_t)(p - 1 - from));
        nw_buf_printf(out, "&#x%X;", cp[0]);
        if (k2 == 2) /* a pair: a letter and a combining mark ("&NotEqualTilde;"), "fj" */
            nw_buf_printf(out, "&#x%X;", cp[1]);
        from = p = q + 1;
    }
    nw_buf_append(out, from, (size_t)(end - from));
}

/* Bytes libxml2 copies into an attribute's value as they are written
 * (html_drop_raw_text_lifted): printable ASCII but '&' (a reference),
 * '<' and '>' (where libxml2 skips to a '>' or stops at a "</", a value
 * with them and its stand-in would be read apart), tab, line feed. */
static const unsigned char as_written[256] = {
    ['\t'] = 1, ['\n'] = 1, [' '] = 1, ['!'] = 1, ['"'] = 1, ['#'] = 1, ['$'] = 1, ['%'] = 1, ['\''] = 1, ['('] = 1,
    [')'] = 1,  ['*'] = 1,  ['+'] = 1, [','] = 1, ['-'] = 1, ['.'] = 1, ['/'] = 1, ['0'] = 1, ['1'] = 1,  ['2'] = 1,
    ['3'] = 1,  ['4'] = 1,  ['5'] = 1, ['6'] = 1, ['7'] = 1, ['8'] = 1, ['9'] = 1, [':'] = 1, [';'] = 1,  ['='] = 1,
    ['?'] = 1,  ['@'] = 1,  ['A'] = 1, ['B'] = 1, ['C'] = 1, ['D'] = 1, ['E'] = 1, ['F'] = 1, ['G'] = 1,  ['H'] = 1,
    ['I'] = 1,  ['J'] = 1,  ['K'] = 1, ['L'] = 1, ['M'] = 1, ['N'] = 1, ['O'] = 1, ['P'] = 1, ['Q'] = 1,  ['R'] = 1,
    ['S'] = 1,  ['T'] = 1,  ['U'] = 1, ['V'] = 1, ['W'] = 1, ['X'] = 1, ['Y'] = 1, ['Z'] = 1, ['['] = 1,  ['\\'] = 1,
    [']'] = 1,  ['^'] = 1,  ['_'] = 1, ['`'] = 1, ['a'] = 1, ['b'] = 1, ['c'] = 1, ['d'] = 1, ['e'] = 1,  ['f'] = 1,
    ['g'] = 1,  ['h'] = 1,  ['i'] = 1, ['j'] = 1, ['k'] = 1, ['l'] = 1, ['m'] = 1, ['n'] = 1, ['o'] = 1,  ['p'] = 1,
    ['q'] = 1,  ['r'] = 1,  ['s'] = 1, ['t'] = 1, ['u'] = 1, ['v'] = 1, ['w'] = 1, ['x'] = 1, ['y'] = 1,  ['z'] = 1,
    ['{'] = 1,  ['|'] = 1,  ['}'] = 1, ['~'] = 1,
};

/* Whether an attribute value v[0..vn) is read by libxml2 as it is
 * written, of any length (see as_written). */
static bool verbatim(const char *v, size_t vn)
{
    size_t i = 0;
#ifdef __SSE2__
    /* 16 at a time: from ' ' to '~' (signed, above 0x1F and below 0x7F),
     * or tab or line feed, and none of '&', '<', '>' */
    for (; i + 16 <= vn; i += 16) {
        __m128i c = _mm_loadu_si128((const __m128i *)(const void *)(v + i));
        __m128i ok =
            _mm_or_si128(_mm_and_si128(_mm_cmpgt_epi8(c, _mm_set1_epi8(0x1F)), _mm_cmplt_epi8(c, _mm_set1_epi8(0x7F))),
                         _mm_or_si128(_mm_cmpeq_epi8(c, _mm_set1_epi8('\t')), _mm_cmpeq_epi8(c, _mm_set1_epi8('\n'))));
        __m128i bad =
            _mm_or_si128(_mm_cmpeq_epi8(c, _mm_set1_epi8('&')),
                         _mm_or_si128(_mm_cmpeq_epi8(c, _mm_set1_epi8('<')), _mm_cmpeq_epi8(c, _mm_set1_epi8('>'))));
        if (_mm_movemask_epi8(_mm_andnot_si128(bad, ok)) != 0xFFFF)
            return false;
    }
#endif
    for (; i < vn; i++)
        if (!as_written[(unsigned char)v[i]])
            return false;
    return true;
}

/* Whether the attribute value v[0..vn) may be taken out
 * (html_drop_raw_text_lifted). */
static bool liftable(const char *v, size_t vn)
{
    return vn >= HTML_LIFT_MIN && verbatim(v, vn);
}

/* Records run k = lift->n: at[2k] and at[2k+1], its kind. */
static void lift_record(struct html_lifted *lift, size_t at, size_t n, unsigned char kind)
{
    if (lift->n == lift->cap) {
        lift->cap = lift->cap ? lift->cap * 2 : 256;
        lift->at = nw_realloc(lift->at, lift->cap * 2 * sizeof *lift->at);
        lift->kind = nw_realloc(lift->kind, lift->cap);
    }
    lift->at[2 * lift->n] = at;
    lift->at[2 * lift->n + 1] = n;
    lift->kind[lift->n++] = kind;
}

/* Takes run[0..n) out into *lift, of that kind: the page up to it is
 * written to out (from *copied), then its stand-in, a DEL. */
static void lift_run(struct html_lifted *lift, const char *run, size_t n, unsigned char kind, const char **copied,
                     struct nw_buf *out)
{
    lift_record(lift, (size_t)(run - lift->data), n, kind);
    html_append_refs(out, *copied, (size_t)(run - *copied));
    nw_buf_putc(out, '\x7F');
    *copied = run + n;
}

/* A kept attribute of a start tag: its name, its value (vn SIZE_MAX:
 * none). */
struct kept_attr {
    const char *name, *v;
    size_t n, vn;
};

/* The kept attributes of a tag (name[0..en) in the page, attributes in
 * a[0..na)) taken out at once: what was written of the tag since
 * *copied is written again with an attribute `_` without a value, their
 * stand-in, in place of them all, up to stop (the tag's '/' or '>'). */
static void lift_attrs(struct html_lifted *lift, const char *name, size_t en, const struct kept_attr *a, size_t na,
                       const char *stop, const char **copied, struct nw_buf *out)
{
    if (lift->nattrs + na > lift->attrs_cap) {
        lift->attrs_cap = lift->attrs_cap ? lift->attrs_cap * 2 : 256;
        lift->attrs = nw_realloc(lift->attrs, lift->attrs_cap * 4 * sizeof *lift->attrs);
    }
    lift_record(lift, lift->nattrs, na, HTML_LIFT_ATTRS);
    for (size_t i = 0; i < na; i++) {
        size_t *e = lift->attrs + 4 * lift->nattrs++;
        e[0] = (size_t)(a[i].name - lift->data);
        e[1] = a[i].n;
        e[2] = a[i].vn == SIZE_MAX ? 0 : (size_t)(a[i].v - lift->data);
        e[3] = a[i].vn;
    }
    html_append_refs(out, *copied, (size_t)(name + en - *copied));
    nw_buf_puts(out, " _");
    *copied = stop;
}

/* The names of a tag's attributes kept so far. */
struct kept_names {
    const char *name[16];
    size_t len[16], n;
};

/* Adds name[0..n) to *k; false when it is one of them (in any case), or
 * when there are too many to tell. */
static bool keep_name(struct kept_names *k, const char *name, size_t n)
{
    for (size_t i = 0; i < k->n; i++)
        if (k->len[i] == n && html_prefix_ci(k->name[i], name, n))
            return false;
    if (k->n == sizeof k->name / sizeof *k->name)
        return false;
    k->name[k->n] = name;
    k->len[k->n++] = n;
    return true;
}

/* What drop_unread_attrs does to an attribute of a tag, done once the
 * tag is read: an unread one left out (from a to b, its blanks before it
 * included), a value a[0..b) taken out. */
struct attr_step {
    const char *a, *b;
    bool lift;
};

static void take_steps(const struct attr_step *st, size_t n, const char **copied, struct nw_buf *out,
                       struct html_lifted *lift)
{
    for (size_t i = 0; i < n; i++)
        if (st[i].lift) {
            lift_run(lift, st[i].a, (size_t)(st[i].b - st[i].a), HTML_LIFT_VALUE, copied, out);
        } else {
            html_append_refs(out, *copied, (size_t)(st[i].a - *copied));
            *copied = st[i].b;
        }
}

/* Leaves out of a start tag (from p, just past its name, to body, just
 * past its '>') the unread attributes that have a quoted value or none,
 * reading the attributes as libxml2 does: blanks, a name, blanks, '=',
 * blanks, a value. At anything else (an unquoted value, a name libxml2 would not
 * read, an attribute not followed by a blank or the tag's end) the rest
 * of the tag is kept as it is. With lift, the values kept that liftable
 * takes are written as stand-ins and recorded in *lift; with whole too,
 * the kept attributes of a tag read to its end are taken out at once
 * when each is so read (lift_attrs). */
static void drop_unread_attrs(const char *elem, size_t en, const char *p, const char *body, const char **copied,
                              struct nw_buf *out, struct html_lifted *lift, bool whole)
{
    const char *gt = body - 1;
    /* not of <html>, <head> and <body>: libxml2 drops the attributes of
     * a second one, and the page would be parsed again */
    bool lifting =
        lift && !(en == 4 && (name_is(elem, en, "html") || name_is(elem, en, "head") || name_is(elem, en, "body")));
    /* all at once (lift_attrs): not a <meta>'s, which libxml2 reads */
    whole = whole && lifting && lift->whole_tags && !name_is(elem, en, "meta");
    struct kept_attr kept_attrs[16];
    size_t na = 0;
    /* the steps, taken at the tag's end (or when there are too many to
     * hold) unless its kept attributes are taken out at once */
    struct attr_step steps[32];
    size_t ns = 0;
    /* the names of the attributes kept so far: libxml2 drops an
     * attribute named as one before it, and a value of it taken out
     * would be missed */
    struct kept_names kept; /* (its arrays are read up to n only) */
    kept.n = 0;
    bool read = true; /* the tag read to its end */
    while (p < gt) {
        if (ns == sizeof steps / sizeof *steps) {
            take_steps(steps, ns, copied, out, lift);
            ns = 0;
            whole = false;
        }
        const char *start = p;
        while (p < gt && blank(*p))
            p++;
        if (p == start || p >= gt) {
            read = p >= gt || (p + 1 == gt && *p == '/');
            break;
        }
        const char *name = p;
        if (!isalpha((unsigned char)*p) && *p != '_' && *p != ':') {
            read = false;
            break;
        }
        while (p < gt && name_char(*p))
            p++;
        size_t n = (size_t)(p - name);
        if (n >= 100) {
            read = false;
            break;
        }
        const char *name_end = p;
        while (p < gt && blank(*p))
            p++;
        if (p >= gt || *p != '=') {
            /* no value: the attribute is its name (followed by a blank
             * or the tag's end, else libxml2 reads on in its own way) */
            p = name_end;
            if (p < gt && !blank(*p) && !(*p == '/' && p + 1 == gt)) {
                read = false;
                break;
            }
            if (unread_attr(elem, en, name, n, NULL, 0))
                steps[ns++] = (struct attr_step){start, p, false};
            else if (lifting && !keep_name(&kept, name, n))
                lifting = false;
            else if (whole && lifting) /* (at most 16: keep_name) */
                kept_attrs[na++] = (struct kept_attr){name, NULL, n, SIZE_MAX};
            continue;
        }
        p++;
        while (p < gt && blank(*p))
            p++;
        if (p >= gt || (*p != '"' && *p != '\'')) {
            read = false;
            break;
        }
        const char *q = memchr(p + 1, *p, (size_t)(gt - p - 1));
        if (!q) {
            read = false;
            break;
        }
        const char *v = p + 1;
        p = q + 1;
        if (p < gt && !blank(*p) && *p != '/') {
            read = false;
            break;
        }
        if (unread_attr(elem, en, name, n, v, (size_t)(q - v))) {
            steps[ns++] = (struct attr_step){start, p, false};
        } else if (lifting && !keep_name(&kept, name, n)) {
            lifting = false;
        } else {
            bool lifts = lifting && liftable(v, (size_t)(q - v));
            if (lifts)
                steps[ns++] = (struct attr_step){v, q, true};
            whole = whole && lifting && (lifts || verbatim(v, (size_t)(q - v))); /* (liftable: verbatim) */
            if (whole && lifting)
                kept_attrs[na++] = (struct kept_attr){name, v, n, (size_t)(q - v)};
        }
    }
    if (read && whole && lifting && na)
        lift_attrs(lift, elem, en, kept_attrs, na, p, copied, out);
    else
        take_steps(steps, ns, copied, out, lift);
}

/* Whether a script start tag (its attributes, p to end) may say
 * type="application/ld+json", the one script whose body is read (meta.c
 * reads JSON-LD; other JSON, such as a framework's page state, which can
 * be a quarter of a page, is not). The value libxml2 gives holds that
 * name only if the markup spells it, or spells part of it as a
 * character reference. */
static bool says_ld_json(const char *p, const char *end)
{
    if (memchr(p, '&', (size_t)(end - p)))
        return true;
    for (; (size_t)(end - p) >= 7; p++)
        if ((*p == 'l' || *p == 'L') && html_prefix_ci(p, "ld+json", 7))
            return true;
    return false;
}

/* Whether a script's body calls React's streaming runtime ($RC, $RR or
 * $RS; see html_complete_streamed): such a script is short, its calls
 * after the runtime's definitions at most. */
/* The kind of React runtime call ("$RC(", "$RR(", "$RS(") at q, a '$'
 * of a NUL-terminated text or one with 3 bytes after it: 'C', 'R' or 'S',
 * else 0. */
static char completion_call_at(const char *q)
{
    return q[1] == 'R' && (q[2] == 'C' || q[2] == 'R' || q[2] == 'S') && q[3] == '(' ? q[2] : 0;
}

static bool calls_completion(const char *p, const char *end)
{
    if (end - p > 16384)
        return false;
    for (const char *q = p; (q = memchr(q, '$', (size_t)(end - q))) && end - q >= 4; q++)
        if (completion_call_at(q))
            return true;
    return false;
}

/* Whether libxml2 may read a DEL (U+007F) in data: the byte, or a numeric
 * reference that may stand for it (one of more than 8 digits too). */
static bool may_hold_del(const char *data, size_t len)
{
    if (memchr(data, 0x7F, len))
        return true;
    const char *end = data + len;
    for (const char *p = data; (p = memchr(p, '&', (size_t)(end - p))); p++) {
        unsigned long v;
        const char *d = p + 2;
        if (end - p < 3 || p[1] != '#')
            continue;
        const char *after = html_ref_digits(d, end, 9, &v);
        if (after && (v == 0x7F || after - d > 8))
            return true;
    }
    return false;
}

/* Whether data may hold an attribute named `_`, which libxml2 reads
 * from a '_' that is neither preceded nor followed by a character of a
 * name: the stand-in of a tag's attributes taken out at once would not
 * be told from it. */
static bool may_name_underscore(const char *data, size_t len)
{
    const char *end = data + len;
    for (const char *p = data; (p = memchr(p, '_', (size_t)(end - p))); p++)
        if ((p == data || !html_name_chars[(unsigned char)p[-1]]) &&
            (p + 1 == end || !html_name_chars[(unsigned char)p[1]]))
            return true;
    return false;
}

/* Whether libxml2 copies byte c into a text as it is written: as_written's
 * bytes, '>', and those of characters beyond ASCII (a page in UTF-8; the
 * two noncharacters it drops, U+FFFE and U+FFFF, are looked for apart). */
static bool text_as_written(unsigned char c)
{
    return as_written[c] || c == '>' || c >= 0x80;
}

/* Where text that opens with a blank may be taken out: inside the
 * <body>, from from to to (from NULL: nowhere). */
struct blank_span {
    const char *from, *to;
};

/* Takes out the text at p (up to to), as far as libxml2 copies it as it
 * is written; text that opens with a blank when blank_ok and within
 * *span. */
static void lift_text_at(const char *p, const char *to, bool blank_ok, const struct blank_span *span,
                         const char **copied, struct nw_buf *out, struct html_lifted *lift)
{
    const char *q = p;
    for (;;) {
#ifdef __SSE2__
        /* 16 at a time: no byte from 0x00 to 0x1F but tab and line
         * feed, no '<', '&', DEL or 0xEF (which may open a noncharacter) */
        while (to - q >= 16) {
            __m128i c = _mm_loadu_si128((const __m128i *)(const void *)q);
            __m128i ctl = _mm_andnot_si128(
                _mm_or_si128(_mm_cmpeq_epi8(c, _mm_set1_epi8('\t')), _mm_cmpeq_epi8(c, _mm_set1_epi8('\n'))),
                _mm_cmpeq_epi8(_mm_max_epu8(c, _mm_set1_epi8(0x1F)), _mm_set1_epi8(0x1F)));
            __m128i bad = _mm_or_si128(_mm_or_si128(ctl, _mm_cmpeq_epi8(c, _mm_set1_epi8('<'))),
                                       _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(c, _mm_set1_epi8('&')),
                                                                 _mm_cmpeq_epi8(c, _mm_set1_epi8(0x7F))),
                                                    _mm_cmpeq_epi8(c, _mm_set1_epi8((char)0xEF))));
            int m = _mm_movemask_epi8(bad);
            if (m) {
                q += __builtin_ctz((unsigned)m);
                break;
            }
            q += 16;
        }
#endif
        if (q >= to || !text_as_written((unsigned char)*q))
            break;
        if ((unsigned char)*q == 0xEF && to - q >= 3 && (unsigned char)q[1] == 0xBF &&
            ((unsigned char)q[2] & 0xFE) == 0xBE)
            break; /* U+FFFE or U+FFFF */
        q++;
    }
    if (q == p)
        return;
    bool opens_blank = blank(*p);
    if (opens_blank && !(blank_ok && span->from && p >= span->from && p < span->to))
        return;
    lift_run(lift, p, (size_t)(q - p), opens_blank ? HTML_LIFT_BLANK_TEXT : HTML_LIFT_TEXT, copied, out);
}

/* Takes out the texts of p..to, a stretch of the page between two start
 * tags: the one at p when first (p is just past a start tag; opening with
 * a blank only when first_blank: not the first text of a paragraph), then
 * those after its end tags and comments. */
static void lift_texts(const char *p, const char *to, bool first, bool first_blank, const struct blank_span *span,
                       const char **copied, struct nw_buf *out, struct html_lifted *lift)
{
    if (first)
        lift_text_at(p, to, first_blank, span, copied, out, lift);
    for (;;) {
        const char *lt = memchr(p, '<', (size_t)(to - p));
        if (!lt)
            return;
        p = lt + 1;
        if (to - p >= 3 && p[0] == '!' && p[1] == '-' && p[2] == '-') {
            const char *close = memmem(p + 3, (size_t)(to - p - 3), "-->", 3);
            if (!close)
                return;
            p = close + 3;
        } else if (to - p >= 2 && p[0] == '/' && isalpha((unsigned char)p[1])) {
            const char *q = p + 1;
            while (q < to && name_char(*q))
                q++;
            while (q < to && blank(*q))
                q++;
            if (q >= to || *q != '>')
                continue;
            p = q + 1;
        } else {
            continue;
        }
        lift_text_at(p, to, true, span, copied, out, lift);
    }
}

/* Whether anything a browser shows follows p, a </body> or </html>: text,
 * or an element but a script or a style; end tags, comments and blanks
 * are nothing. */
static bool shown_after(const char *p, const char *end)
{
    while (p < end) {
        if (blank(*p)) {
            p++;
            continue;
        }
        if (*p != '<' || end - p < 2)
            return true;
        const char *q = p + 1;
        if (*q == '!' || *q == '/') {
            bool comment = *q == '!' && end - q >= 3 && q[1] == '-' && q[2] == '-';
            const char *close =
                comment ? memmem(q + 3, (size_t)(end - q - 3), "-->", 3) : memchr(q, '>', (size_t)(end - q));
            if (!close)
                return false;
            p = close + (comment ? 3 : 1);
            continue;
        }
        if (!isalpha((unsigned char)*q))
            return true;
        while (q < end && name_char(*q))
            q++;
        bool script = name_is(p + 1, (size_t)(q - p - 1), "script");
        if (!script && !name_is(p + 1, (size_t)(q - p - 1), "style"))
            return true;
        p = find_ci(q, end, script ? "</script" : "</style", script ? 8 : 7);
        if (!p)
            return false;
    }
    return false;
}

/* A tag as next_tag reads it: its '<', its name (n bytes), whether it is
 * an end tag, and a start tag's "/>". */
struct tag {
    const char *lt, *name;
    size_t n;
    bool end_tag, empty;
};

/* The next start or end tag from *pp, *pp left past it (past a start
 * tag's '>', and a script's or a style's body; past an end tag's name);
 * comments and attribute values are passed over. False at the end, or at
 * a comment, a tag or a raw text that does not end. */
static bool next_tag(const char **pp, const char *end, struct tag *t)
{
    const char *p = *pp;
    for (;;) {
        const char *lt = memchr(p, '<', (size_t)(end - p));
        if (!lt || end - lt < 2)
            return false;
        p = lt + 1;
        if (*p == '!' && end - p >= 3 && p[1] == '-' && p[2] == '-') {
            const char *close = memmem(p + 3, (size_t)(end - p - 3), "-->", 3);
            if (!close)
                return false;
            p = close + 3;
            continue;
        }
        bool end_tag = *p == '/';
        const char *name = p + end_tag;
        if (name >= end || !isalpha((unsigned char)*name))
            continue;
        p = name;
        while (p < end && name_char(*p))
            p++;
        *t = (struct tag){lt, name, (size_t)(p - name), end_tag, false};
        if (!end_tag) {
            bool script = name_is(name, t->n, "script");
            p = tag_end(p, end, &t->empty);
            if (p && (script || name_is(name, t->n, "style")) && !t->empty)
                p = find_ci(p, end, script ? "</script" : "</style", script ? 8 : 7);
            if (!p)
                return false;
        }
        *pp = p;
        return true;
    }
}

/* The next </body> or </html> from p (its '<'); comments, tags'
 * attribute values and the bodies of scripts and styles are passed over.
 * NULL when there is none. */
static const char *next_document_end(const char *p, const char *end)
{
    struct tag t;
    while (next_tag(&p, end, &t))
        if (t.end_tag && ends_document(t.name, end))
            return t.lt;
    return NULL;
}

/* The page in out without its </body> and </html> end tags, from the
 * first, at; see html_drop_document_ends. */
static void drop_document_ends(struct nw_buf *out, const char *at)
{
    struct nw_buf b = {0};
    nw_buf_reserve(&b, out->len);
    const char *end = out->data + out->len, *copied = out->data;
    for (; at; at = next_document_end(copied, end)) {
        const char *gt = memchr(at, '>', (size_t)(end - at));
        nw_buf_append(&b, copied, (size_t)(at - copied));
        /* a '<' before the end tag is text ("a<</body>e"): written as a
         * reference, so that it does not start a tag with what follows
         * the end tag ("<e") */
        if (b.len && b.data[b.len - 1] == '<') {
            b.len--;
            nw_buf_puts(&b, "&lt;");
        }
        copied = gt ? gt + 1 : end;
    }
    nw_buf_append(&b, copied, (size_t)(end - copied));
    nw_buf_cleanup(out);
    *out = b;
}

bool html_drop_document_ends(struct nw_buf *page)
{
    if (!page->len)
        return false;
    const char *end = page->data + page->len, *at = next_document_end(page->data, end);
    if (!at || !shown_after(at, end))
        return false;
    drop_document_ends(page, at);
    return true;
}

/* The kinds of element close_divs follows: a <div>; an element whose end
 * tag an HTML5 parser closes a <div> opened inside it at, where libxml2,
 * which ranks a <div> above it, leaves the <div> open; one that bounds
 * them (a table's cell, row or table: neither closes through it). */
enum { FOLLOW_NONE, FOLLOW_DIV, FOLLOW_CLOSER, FOLLOW_BOUND };

static int follow_kind(const char *name, size_t n)
{
    /* most names are told by their length and first letter */
    char c0 = (char)(name[0] | 0x20);
    static const char *const initials[11] = {NULL, NULL, "hdlotu", "dn", "fm", "at", "cdfho", "acds", "ft", NULL, "bf"};
    if (n < 2 || n > 10 || !initials[n])
        return FOLLOW_NONE;
    const char *i0 = initials[n];
    while (*i0 && *i0 != c0)
        i0++;
    if (!*i0)
        return FOLLOW_NONE;
    char l[12];
    for (size_t i = 0; i < n; i++)
        l[i] = (char)((name[i] >= 'A' && name[i] <= 'Z') ? name[i] + 32 : name[i]);
#define IS(w) (!memcmp(l, w, sizeof w - 1))
    switch (n) {
    case 2:
        if ((l[0] == 'h' && l[1] >= '1' && l[1] <= '6') || IS("dd") || IS("dl") || IS("dt") || IS("li") || IS("ol") ||
            IS("ul"))
            return FOLLOW_CLOSER;
        return IS("td") || IS("th") || IS("tr") ? FOLLOW_BOUND : FOLLOW_NONE;
    case 3:
        return IS("div") ? FOLLOW_DIV : IS("nav") ? FOLLOW_CLOSER : FOLLOW_NONE;
    case 4:
        return IS("form") || IS("main") || IS("menu") ? FOLLOW_CLOSER : FOLLOW_NONE;
    case 5:
        return IS("aside") ? FOLLOW_CLOSER : IS("table") ? FOLLOW_BOUND : FOLLOW_NONE;
    case 6:
        if (IS("center") || IS("dialog") || IS("figure") || IS("footer") || IS("header") || IS("hgroup"))
            return FOLLOW_CLOSER;
        return IS("object") ? FOLLOW_BOUND : FOLLOW_NONE;
    case 7:
        if (IS("address") || IS("article") || IS("details") || IS("section") || IS("summary"))
            return FOLLOW_CLOSER;
        return IS("caption") ? FOLLOW_BOUND : FOLLOW_NONE;
    case 8:
        return IS("fieldset") ? FOLLOW_CLOSER : IS("template") ? FOLLOW_BOUND : FOLLOW_NONE;
    case 10:
        return IS("blockquote") || IS("figcaption") ? FOLLOW_CLOSER : FOLLOW_NONE;
    default:
        return FOLLOW_NONE;
    }
#undef IS
}

#define FOLLOW_MAX 512
struct follow {
    const char *name[FOLLOW_MAX];
    unsigned char n[FOLLOW_MAX], kind[FOLLOW_MAX];
    size_t depth;
    bool off; /* too deep: nothing more judged */
};

/* Where in f an element named name[0..n) is open, looking down from the
 * top to the first bound (a bound itself may be found); *divs counts the
 * <div>s above it. -1 when it is not. */
static long follow_find(const struct follow *f, const char *name, size_t n, size_t *divs)
{
    *divs = 0;
    for (size_t k = f->depth; k-- > 0;) {
        if (f->n[k] == n && html_prefix_ci(f->name[k], name, n))
            return (long)k;
        if (f->kind[k] == FOLLOW_BOUND)
            return -1;
        *divs += f->kind[k] == FOLLOW_DIV;
    }
    return -1;
}

/* An end tag named name[0..n) in f's page: the <div>s to close before
 * it (those an HTML5 parser closes with the element it ends, which
 * libxml2 leaves open), and f as libxml2's parser has it after. */
static size_t follow_end(struct follow *f, const char *name, size_t n)
{
    int kind = f->off ? FOLLOW_NONE : follow_kind(name, n);
    size_t divs = 0;
    long k = kind != FOLLOW_NONE ? follow_find(f, name, n, &divs) : -1;
    if (k < 0)
        return 0;
    f->depth = (size_t)k;
    return kind == FOLLOW_CLOSER ? divs : 0; /* (libxml2 ranks a table's end tags above a <div>) */
}

/* A start tag named name[0..n) (empty: "/>") in f's page: the <div>s to
 * close before it (an item, <li>, <dd> or <dt>, closes the item before it
 * through the <div>s opened inside that, not through another list's
 * element), and f as libxml2's parser has it after. */
static size_t follow_start(struct follow *f, const char *name, size_t n, bool empty)
{
    int kind = f->off ? FOLLOW_NONE : follow_kind(name, n);
    if (kind == FOLLOW_NONE)
        return 0;
    size_t divs = 0, close = 0;
    bool item = n == 2 && name_is(name, n, "li"), term = n == 2 && (name_is(name, n, "dd") || name_is(name, n, "dt"));
    for (size_t k = f->depth; (item || term) && k-- > 0;) {
        bool same = item ? name_is(f->name[k], f->n[k], "li")
                         : name_is(f->name[k], f->n[k], "dd") || name_is(f->name[k], f->n[k], "dt");
        if (same) {
            close = divs;
            f->depth = k; /* (libxml2 closes the item, then on top, itself) */
            break;
        }
        if (f->kind[k] != FOLLOW_DIV)
            break;
        divs++;
    }
    if (empty)
        return close;
    if (f->depth == FOLLOW_MAX) {
        f->off = true;
        return close;
    }
    f->name[f->depth] = name;
    f->n[f->depth] = (unsigned char)n;
    f->kind[f->depth++] = (unsigned char)kind;
    return close;
}

void html_close_divs(struct nw_buf *out)
{
    if (!out->len)
        return;
    struct follow *f = calloc(1, sizeof *f);
    if (!f)
        return;
    struct nw_buf b = {0};
    const char *p = out->data, *end = p + out->len, *copied = p;
    struct tag t;
    while (next_tag(&p, end, &t)) {
        size_t divs = t.end_tag ? follow_end(f, t.name, t.n) : follow_start(f, t.name, t.n, t.empty);
        if (divs) {
            nw_buf_append(&b, copied, (size_t)(t.lt - copied));
            copied = t.lt;
            while (divs--)
                nw_buf_puts(&b, "</div>");
        }
    }
    free(f);
    if (!b.len)
        return;
    nw_buf_append(&b, copied, (size_t)(end - copied));
    nw_buf_cleanup(out);
    *out = b;
}

static bool drop_raw_text(const char *data, size_t len, struct nw_buf *out, struct html_lifted *lift, bool *uncut)
{
    struct follow follow = {.depth = 0};
    struct end_notes notes = {.follow = &follow};
    const char *p = data, *end = data + len, *copied = data;
    bool streamed = false;
    *uncut = true; /* (no tag html_parse_page would cut) */
    if (memchr(data, '\0', len < 4096 ? len : 4096)) {
        p = end; /* not an ASCII-compatible encoding */
        *uncut = false;
    }
    /* not from a page holding a DEL (a stand-in could be one of its
     * values), nor a NUL: html_parse_page leaves a page's NULs out, a
     * run taken out would keep them (and, before it did, it capped a
     * tag's attributes only in a page with no NUL in its first 4 KiB,
     * which the shorter page written for libxml2 moved: fuzz_html) */
    if (lift && (may_hold_del(data, len) || memchr(data, '\0', len)))
        lift = NULL;
    if (lift)
        lift->whole_tags = !may_name_underscore(data, len);
    /* the stretch from text to the next start tag, whose first text is
     * taken out when first (when it opens with a blank, when blank_first
     * too); text opening with a blank only within span */
    const char *text = NULL;
    struct blank_span span = {0};
    bool first = false, blank_first = false;
    struct start_tag t;
    while (next_start_tag(&p, end, &t, &notes)) {
        const char *body = t.after;
        bool svg = name_is(t.name, t.n, "svg");
        if (lift && text)
            lift_texts(text, t.name - 1, first, blank_first, &span, &copied, out, lift);
        text = NULL;
        if (!body) {
            *uncut = false;
            break;
        }
        if (!t.empty && name_is(t.name, t.n, "table")) {
            notes.tables++;
        } else if (!notes.tables && table_part(t.name, t.n)) {
            /* a row, a cell or another part of a table outside any: an
             * HTML5 parser reads it as nothing; libxml2 opened it, and
             * the end tags it ranks lower (</a>, </li>, </div>) never
             * closed it: it took the rest of the page in. Left out (the
             * text after it is then not lifted: it joins the text before) */
            html_append_refs(out, copied, (size_t)(t.name - 1 - copied));
            copied = p = body;
            continue;
        }
        if (follow_start(&follow, t.name, t.n, t.empty))
            notes.close_divs = true;

        /* an <svg> of drawing elements is left out whole; any other is
         * read on inside as the rest of the page */
        const char *stop = t.empty ? NULL
                           : svg   ? svg_end(body, end)
                           : t.script || t.style
                               ? find_ci(body, end, t.script ? "</script" : "</style", t.script ? 8 : 7)
                               : NULL;
        if ((t.script || t.style) && !t.empty && !stop) {
            *uncut = false; /* (the rest is not read) */
            break; /* a script or style running to the end */
        }
        /* a placeholder of React's streamed parts on a page saved without
         * its scripts (see html_complete_streamed) */
        if (!streamed && name_is(t.name, t.n, "template") &&
            (memmem(p, (size_t)(body - p), "P:", 2) || memmem(p, (size_t)(body - p), "B:", 2)))
            streamed = true;
        if ((size_t)(body - t.name) < MAX_TAG_ATTRS) {
            drop_unread_attrs(t.name, t.n, p, body, &copied, out, lift, true);
        } else {
            /* a tag long enough to hold MAX_TAG_ATTRS attributes, written
             * out at once: whether html_parse_page would cut it */
            html_append_refs(out, copied, (size_t)(t.name - 1 - copied));
            size_t at = out->len;
            copied = t.name - 1;
            drop_unread_attrs(t.name, t.n, p, body, &copied, out, lift, false);
            html_append_refs(out, copied, (size_t)(body - copied));
            copied = body;
            const char *w = out->data + at + 1 + t.n, *gt = out->data + out->len - 1;
            if (*uncut && (size_t)(gt - w) >= 2 * MAX_TAG_ATTRS && html_attrs_cut(w, gt))
                *uncut = false;
        }
        if (lift && !span.from && !t.empty && name_is(t.name, t.n, "body")) {
            /* inside the <body> up to the first end tag that may close it */
            const char *to = body;
            while ((to = find_ci(to, end, "</", 2)) && end - to >= 6 && !name_is(to + 2, 4, "body") &&
                   !name_is(to + 2, 4, "html"))
                to += 2;
            span = (struct blank_span){body, to ? to : end};
        }
        if (!stop) {
            p = body; /* a '<' in its attribute values opens nothing */
            text = body;
            first =
                !name_is(t.name, t.n, "pre") && !name_is(t.name, t.n, "textarea") && !name_is(t.name, t.n, "listing");
            blank_first = !(t.n == 1 && (*t.name | 0x20) == 'p');
            continue;
        }
        bool completes = t.script && calls_completion(body, stop);
        streamed |= completes;
        if (!(t.script && (completes || says_ld_json(p, body)))) {
            html_append_refs(out, copied, (size_t)(body - copied));
            copied = stop;
        }
        p = stop;
        text = stop;
        first = false;
        blank_first = true;
    }
    if (lift && text)
        lift_texts(text, end, first, blank_first, &span, &copied, out, lift);
    html_append_refs(out, copied, (size_t)(end - copied));
    if (notes.ended && shown_after(notes.ended, end))
        html_drop_document_ends(out);
    if (notes.close_divs)
        html_close_divs(out);
    return streamed;
}

bool html_drop_raw_text(const char *data, size_t len, struct nw_buf *out)
{
    bool uncut;
    return drop_raw_text(data, len, out, NULL, &uncut);
}

bool html_drop_raw_text_lifted(const char *data, size_t len, struct nw_buf *out, struct html_lifted *lifted)
{
    *lifted = (struct html_lifted){.data = data};
    return drop_raw_text(data, len, out, lifted, &lifted->short_tags);
}

void html_lifted_free(struct html_lifted *lifted)
{
    free(lifted->at);
    free(lifted->kind);
    free(lifted->attrs);
    *lifted = (struct html_lifted){0};
}

/* Whether s holds a DEL, the first byte of a stand-in. */
static bool holds_del(const xmlChar *s)
{
    return s && (*s == 0x7F || strchr((const char *)s, 0x7F)); /* (most stand-ins are a value or text alone) */
}

/* Gives node t the content v, in place of what libxml2 wrote (a short
 * content may be written in the node itself, with HTML_PARSE_COMPACT, or
 * be the dictionary's). */
static void set_content(htmlDocPtr doc, xmlNodePtr t, xmlChar *v)
{
    if (t->content != (xmlChar *)&t->properties && !(doc->dict && xmlDictOwns(doc->dict, t->content)))
        xmlFree(t->content);
    t->content = v;
    t->properties = NULL;
    t->nsDef = NULL;
}

/* Puts back the value a stand-in attribute value stands for, the next
 * run (counted in *restored); false when t holds a DEL otherwise, or
 * when that run is no value. */
static bool restore_value(htmlDocPtr doc, xmlNodePtr t, const struct html_lifted *l, size_t *restored)
{
    if (!holds_del(t->content))
        return true;
    size_t k = *restored;
    if (t->type != XML_TEXT_NODE || t->next || t->content[1] || k == l->n || l->kind[k] != HTML_LIFT_VALUE)
        return false;
    xmlChar *v = xmlStrndup((const xmlChar *)l->data + l->at[2 * k], (int)l->at[2 * k + 1]);
    if (!v)
        return false;
    set_content(doc, t, v);
    ++*restored;
    return true;
}

/* Puts back the attributes of element e the stand-in attribute a (`_`)
 * stands for, the next run (counted in *restored), as start_element would
 * have made them from libxml2's reading (names lower-cased and interned, a
 * boolean attribute without a value valued with its name); a itself is
 * the first. False when that run is no tag's attributes, or a is not e's
 * only attribute, without a value. */
static bool restore_attrs(htmlDocPtr doc, xmlNodePtr e, xmlAttrPtr a, const struct html_lifted *l, size_t *restored)
{
    size_t k = *restored;
    if (k == l->n || l->kind[k] != HTML_LIFT_ATTRS || a != e->properties || a->next || a->children)
        return false;
    const size_t *at = l->attrs + 4 * l->at[2 * k];
    for (size_t i = 0; i < l->at[2 * k + 1]; i++, at += 4) {
        char low[100];
        size_t n = at[1];
        for (size_t j = 0; j < n; j++)
            low[j] = (char)html_ascii_lower((unsigned char)l->data[at[0] + j]);
        xmlChar *name = doc->dict ? (xmlChar *)xmlDictLookup(doc->dict, (const xmlChar *)low, (int)n)
                                  : xmlStrndup((const xmlChar *)low, (int)n);
        if (!name)
            return false;
        xmlAttrPtr na = a;
        if (i == 0) {
            if (!doc->dict)
                xmlFree((xmlChar *)a->name);
            a->name = name;
        } else if (!(na = xmlNewNsPropEatName(e, NULL, name, NULL))) {
            return false;
        }
        xmlNodePtr v = at[3] != SIZE_MAX         ? value_text_len(doc, l->data + at[2], at[3])
                       : html_boolean_attr(name) ? value_text(doc, name)
                                                 : NULL;
        if (v) {
            na->children = na->last = v;
            v->parent = (xmlNodePtr)na;
        }
    }
    *restored = k + 1;
    return true;
}

/* Puts back the texts the stand-ins of text node t stand for, the next
 * runs (counted in *restored); false when one of them is no text, or is
 * a text opening with a blank that opens a paragraph (libxml2 opened one
 * for the stand-in where it would not have for the blank, see
 * html_lifted_restore). */
static bool restore_text(htmlDocPtr doc, xmlNodePtr t, const struct html_lifted *l, size_t *restored)
{
    const char *s = (const char *)t->content, *d = !s ? NULL : *s == 0x7F ? s : strchr(s, 0x7F);
    if (!d)
        return true;
    size_t k = *restored, len = strlen(s), total = len;
    for (const char *q = d; q; q = strchr(q + 1, 0x7F), k++) {
        if (k == l->n || l->kind[k] == HTML_LIFT_VALUE || l->kind[k] == HTML_LIFT_ATTRS)
            return false;
        if (l->kind[k] == HTML_LIFT_BLANK_TEXT && q == s && !t->prev && t->parent &&
            t->parent->type == XML_ELEMENT_NODE && html_name_eq((const char *)t->parent->name, "p"))
            return false;
        total += l->at[2 * k + 1] - 1;
    }
    if (total > INT_MAX)
        return false;
    xmlChar *v = xmlMalloc(total + 1);
    if (!v)
        return false;
    char *w = (char *)v;
    k = *restored;
    if (len == 1) { /* the stand-in alone, as most are */
        memcpy(w, l->data + l->at[2 * k], total);
        w[total] = '\0';
        set_content(doc, t, v);
        *restored = k + 1;
        return true;
    }
    for (const char *q = d;; q = strchr(s, 0x7F), k++) {
        memcpy(w, s, (size_t)(q ? q - s : (const char *)t->content + len - s));
        w += q ? q - s : (const char *)t->content + len - s;
        if (!q)
            break;
        memcpy(w, l->data + l->at[2 * k], l->at[2 * k + 1]);
        w += l->at[2 * k + 1];
        s = q + 1;
    }
    *w = '\0';
    set_content(doc, t, v);
    *restored = k;
    return true;
}

/* Why the stand-ins are put back by their order alone. The page holds no
 * DEL but the stand-ins, so a DEL in the tree is a stand-in, and libxml2
 * reads the page once, from start to end, appending each node it makes
 * after those made before (as a last child, at the end of the document
 * order) and an element's attributes in their order: the DELs met in
 * document order are the stand-ins libxml2 read, in the order of the
 * page. When they are as many as the runs, every stand-in was read, once.
 * A value's stand-in read as a whole quoted value was read where the value
 * stood, and libxml2 reads a quoted value whatever it holds but its
 * closing quote, '&' and NUL (which no value taken out holds); a text's
 * stand-in read in a text was read where libxml2 copies characters as
 * they come, and it weighs a text by its characters only to tell blanks
 * apart: a text of blanks is left as it is, any other opens a paragraph
 * where text may not stand (in the <head>, after the <html> closed). A
 * text opening with a blank is so taken out only inside the <body>, not
 * first in a paragraph; its stand-in found first in a paragraph is the
 * paragraph libxml2 opened for it, and the tree is not the page's. Any
 * other reading (a stand-in in a comment, in a value with more, a value's
 * in a text or a text's in a value, one dropped with a repeated attribute
 * or the rest of an end tag) is told apart the same way. */
bool html_lifted_restore(htmlDocPtr doc, const struct html_lifted *lifted)
{
    if (!doc || !lifted || !lifted->n)
        return true;
    size_t restored = 0;
    bool ok = !(doc->intSubset && (holds_del(doc->intSubset->ExternalID) || holds_del(doc->intSubset->SystemID)));
    /* every node, in document order, without recursion (trees are still
     * as deep as the page nests) */
    xmlNodePtr n = doc->children;
    while (n && ok) {
        if (n->type == XML_ELEMENT_NODE) {
            /* (with whole_tags, an attribute `_` is a stand-in) */
            xmlAttrPtr a = n->properties;
            if (a && lifted->whole_tags && a->name[0] == '_' && !a->name[1])
                ok = restore_attrs(doc, n, a, lifted, &restored);
            else
                for (; a && ok; a = a->next) {
                    ok = !(lifted->whole_tags && a->name[0] == '_' && !a->name[1]);
                    for (xmlNodePtr t = a->children; t && ok; t = t->next)
                        ok = restore_value(doc, t, lifted, &restored);
                }
        } else if (n->type == XML_TEXT_NODE) {
            ok = restore_text(doc, n, lifted, &restored);
        } else if (n->type != XML_DTD_NODE && holds_del(n->content)) {
            ok = false; /* a stand-in read as a comment...: the page is read apart */
        }
        if (n->type == XML_ELEMENT_NODE && n->children) {
            n = n->children;
            continue;
        }
        while (n && !n->next) {
            n = n->parent;
            if (n && n->type != XML_ELEMENT_NODE)
                n = NULL; /* back at the document */
        }
        if (n)
            n = n->next;
    }
    /* each put back once: none of them skipped or dropped */
    return ok && restored == lifted->n;
}

/* ---- React's streamed segments put in place ----
 *
 * A page rendered by React's streaming server (React 18 and later: Next.js,
 * Remix, Gatsby...) sends what was not ready at first later in the same
 * response: each part in a <div hidden id="S:n">, followed by a script
 * that moves it where it belongs, either in place of a <template
 * id="P:n"> left inside an earlier part ($RS, "segment"), or in place of
 * the fallback (a spinner, a skeleton) of a Suspense boundary, which runs
 * from the <template id="B:m"> after a <!--$?--> comment to its matching
 * <!--/$--> ($RC, and $RR, which also loads style sheets). A browser runs
 * those scripts as they come; a reader without scripts gets the parts in
 * hidden containers at the end of the page, the body cut into pieces. The
 * calls are read here from the scripts, in their order, and done on the
 * tree as React's runtime does them. */

/* React numbers a page's parts by the dozen; more ids or calls than this
 * on one page are left as they are (a page made to cost). */
#define MAX_STREAMED 4096

struct streamed_ids {
    xmlNodePtr *node;
    char **id;
    size_t n, cap;
};

static void streamed_add(struct streamed_ids *t, xmlNodePtr n, const char *id)
{
    if (t->n == MAX_STREAMED)
        return;
    if (t->n == t->cap) {
        t->cap = t->cap ? 2 * t->cap : 16;
        t->node = nw_realloc(t->node, t->cap * sizeof *t->node);
        t->id = nw_realloc(t->id, t->cap * sizeof *t->id);
    }
    t->node[t->n] = n;
    t->id[t->n++] = nw_strdup(id);
}

/* The element of that id still in the document (a browser's
 * getElementById), or NULL. */
static xmlNodePtr streamed_find(const struct streamed_ids *t, const char *id, xmlNodePtr root)
{
    for (size_t i = 0; i < t->n; i++) {
        if (!strcmp(t->id[i], id) && html_contains(root, t->node[i]))
            return t->node[i];
    }
    return NULL;
}

bool html_contains(xmlNodePtr outer, xmlNodePtr inner)
{
    for (xmlNodePtr a = inner; a; a = a->parent)
        if (a == outer)
            return true;
    return false;
}

/* The children of `from` moved before `before` (appended to `parent` when
 * it is NULL). */
static void move_children(xmlNodePtr from, xmlNodePtr parent, xmlNodePtr before)
{
    while (from->children) {
        xmlNodePtr c = from->children;
        xmlUnlinkNode(c);
        if (before)
            xmlAddPrevSibling(before, c);
        else
            xmlAddChild(parent, c);
    }
}

/* One call: kind 'S' ($RS: segment a in place of placeholder b), else
 * ($RC, $RR: segment b in place of boundary a's fallback). Nodes taken out
 * go to trash, freed once every call is done. */
static void streamed_call(struct streamed_ids *t, xmlNodePtr root, char kind, const char *a, const char *b,
                          xmlNodePtr trash)
{
    xmlNodePtr seg = streamed_find(t, kind == 'S' ? a : b, root);
    xmlNodePtr at = streamed_find(t, kind == 'S' ? b : a, root);
    if (!seg || !seg->parent || !at || !at->parent || html_contains(seg, at))
        return; /* left in its hidden container */
    /* what the segment replaces: a placeholder, or a boundary's
     * fallback, from the <!--$?--> before its template to its <!--/$-->
     * (nested boundaries counted; without that comment, the template
     * alone) */
    xmlNodePtr parent = at->parent, end = at->next;
    xmlNodePtr open = at->prev;
    if (kind != 'S' && open && open->type == XML_COMMENT_NODE && open->content &&
        html_eq((const char *)open->content, "$?")) {
        int depth = 0;
        for (end = at; end; end = end->next) {
            const char *d = end->type == XML_COMMENT_NODE ? (const char *)end->content : NULL;
            if (d && html_eq(d, "/$")) {
                if (!depth)
                    break;
                depth--;
            } else if (d && (html_eq(d, "$") || html_eq(d, "$?") || html_eq(d, "$!"))) {
                depth++;
            }
        }
    }
    /* the segment inside what it replaces: not a tree as React wrote it,
     * left as it is */
    xmlNodePtr anc = seg;
    while (anc && anc->parent != parent)
        anc = anc->parent;
    for (xmlNodePtr n = at; anc && n != end; n = n->next)
        if (n == anc)
            return;
    for (xmlNodePtr n = at, next; n != end; n = next) {
        next = n->next;
        xmlUnlinkNode(n);
        xmlAddChild(trash, n);
    }
    move_children(seg, parent, end);
    xmlUnlinkNode(seg);
    xmlAddChild(trash, seg);
}

/* The calls of React's runtime in a script's text, done in their order:
 * $RC("B:m","S:n"), $RR("B:m","S:n",...), $RS("S:n","P:n"). */
static void streamed_script(struct streamed_ids *t, xmlNodePtr root, const char *js, xmlNodePtr trash, size_t *calls)
{
    for (const char *q = js; *calls < MAX_STREAMED && (q = strchr(q, '$'));) {
        char kind = completion_call_at(q), arg[2][40];
        q++;
        if (!kind)
            continue;
        const char *r = q + 3;
        int got = 0;
        for (; got < 2; got++) {
            while (*r == ' ')
                r++;
            char quote = *r;
            if (quote != '"' && quote != '\'')
                break;
            size_t n = 0;
            for (r++; *r && *r != quote && n < sizeof arg[0] - 1; r++)
                arg[got][n++] = *r;
            arg[got][n] = '\0';
            if (*r != quote)
                break;
            r++;
            while (*r == ' ')
                r++;
            if (got == 0 && *r != ',')
                break;
            r += got == 0; /* never past the end */
        }
        if (got == 2) {
            streamed_call(t, root, kind, arg[0], arg[1], trash);
            ++*calls;
        }
        q = r > q ? r : q;
    }
}

/* The node after n in document order within root (its first child when
 * it is an element that has one), or NULL after root's last. */
xmlNodePtr html_next_in_order(xmlNodePtr n, xmlNodePtr root)
{
    if (n->children && n->type == XML_ELEMENT_NODE)
        return n->children;
    while (n && n != root && !n->next)
        n = n->parent;
    return n && n != root ? n->next : NULL;
}

xmlNodePtr html_unwrap(xmlNodePtr n)
{
    xmlNodePtr parent = n->parent, before = n->prev;
    while (n->children) {
        xmlNodePtr c = n->children;
        xmlUnlinkNode(c);
        xmlAddPrevSibling(n, c); /* may merge a text into `before` */
    }
    xmlUnlinkNode(n);
    xml_arena_free_node(n);
    return before ? before->next : parent ? parent->children : NULL;
}

/* A page saved without its scripts (an archive's copy, a reader's view)
 * no longer says where its streamed parts go, but React's numbering does:
 * placeholders and boundaries are numbered by one counter, and the segment
 * that replaces one bears its number ($RS("S:n","P:n"), $RC("B:n","S:n"):
 * on the corpora's 28 pages that still have their scripts, every one of
 * 168 boundaries is so). A number that both a placeholder and a boundary
 * bear shows another numbering: then no part is moved. Each segment is
 * put in place as its script would have done, in the order the segments
 * come; what is left in a hidden container is shown where it is, at the
 * page's end, as the browser showed it somewhere. */
static void streamed_without_scripts(struct streamed_ids *t, xmlNodePtr root, xmlNodePtr trash)
{
    bool numbered = true;
    for (size_t i = 0; numbered && i < t->n; i++)
        if (t->id[i][0] == 'P')
            for (size_t j = 0; numbered && j < t->n; j++)
                numbered = !(t->id[j][0] == 'B' && !strcmp(t->id[j] + 1, t->id[i] + 1));
    for (size_t i = 0; numbered && i < t->n; i++) {
        const char *id = t->id[i];
        if (id[0] != 'S')
            continue;
        char other[40];
        snprintf(other, sizeof other, "B:%.36s", id + 2);
        if (streamed_find(t, other, root)) {
            streamed_call(t, root, 'C', other, id, trash);
        } else {
            other[0] = 'P';
            streamed_call(t, root, 'S', id, other, trash);
        }
    }
    for (size_t i = 0; i < t->n; i++)
        if (t->id[i][0] == 'S' && html_contains(root, t->node[i]))
            xmlUnsetProp(t->node[i], (const xmlChar *)"hidden");
}

void html_complete_streamed(xmlDocPtr doc)
{
    xmlNodePtr root = doc ? xmlDocGetRootElement(doc) : NULL;
    if (!root)
        return;
    struct streamed_ids t = {0};
    xmlNodePtr *scripts = NULL;
    size_t nscripts = 0, cap = 0;
    /* the elements of React's ids, and the scripts kept for their calls
     * (html_drop_raw_text), in document order */
    for (xmlNodePtr n = root; n;) {
        if (n->type == XML_ELEMENT_NODE) {
            const char *id = html_attr_view(n, "id");
            if (id && (id[0] == 'S' || id[0] == 'P' || id[0] == 'B') && id[1] == ':')
                streamed_add(&t, n, id);
            else if (html_eq((const char *)n->name, "script") && n->children) {
                if (nscripts == cap) {
                    cap = cap ? 2 * cap : 8;
                    scripts = nw_realloc(scripts, cap * sizeof *scripts);
                }
                scripts[nscripts++] = n;
            }
        }
        n = html_next_in_order(n, root);
    }
    /* (of the document: the names of the nodes put in it are the
     * document's interned strings, freed with it, not with them) */
    xmlNodePtr trash = xmlNewDocNode(doc, NULL, (const xmlChar *)"div", NULL);
    size_t calls = 0;
    bool runtime = false; /* a script calls React's runtime, even cut short */
    for (size_t i = 0; t.n && i < nscripts; i++) {
        xmlChar *js = xmlNodeGetContent(scripts[i]);
        if (js && strstr((const char *)js, "$R")) {
            runtime |= calls_completion((const char *)js, (const char *)js + strlen((const char *)js));
            streamed_script(&t, root, (const char *)js, trash, &calls);
        }
        xmlFree(js);
    }
    if (!runtime && !calls)
        streamed_without_scripts(&t, root, trash);
    xml_arena_free_node(trash);
    for (size_t i = 0; i < t.n; i++)
        free(t.id[i]);
    free(t.id);
    free(t.node);
    free(scripts);
}

static bool is_heading(xmlNodePtr n)
{
    return n->type == XML_ELEMENT_NODE && html_heading_rank((const char *)n->name) > 0;
}

/* The first child of a <p> that closes it in an HTML5 parser but not in
 * libxml2's (the blocks HTML 4 did not have), or NULL. */
static xmlNodePtr closes_p5(xmlNodePtr p)
{
    static const char *const blocks[] = {"section", "figure",  "article",    "aside",  "header", "footer", "nav",
                                         "main",    "details", "figcaption", "dialog", "hgroup", "search"};
    const char *pn = (const char *)p->name;
    if ((pn[0] | 0x20) != 'p' || pn[1])
        return NULL;
    for (xmlNodePtr c = p->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        for (size_t i = 0; i < sizeof blocks / sizeof *blocks; i++)
            if (html_name_eq((const char *)c->name, blocks[i]))
                return c;
    }
    return NULL;
}

/* Whether n is a <form> whose parent is a table or a part of one that
 * holds rows. */
static bool table_form(xmlNodePtr n)
{
    static const char *const rows[] = {"table", "tbody", "thead", "tfoot", "tr"};
    if (!html_eq((const char *)n->name, "form") || !n->parent || n->parent->type != XML_ELEMENT_NODE)
        return false;
    for (size_t i = 0; i < sizeof rows / sizeof *rows; i++)
        if (!strcmp((const char *)n->parent->name, rows[i]))
            return true;
    return false;
}

void html_move_after(xmlNodePtr n, xmlNodePtr c)
{
    xmlNodePtr at = n;
    while (c) {
        xmlNodePtr next = c->next;
        xmlUnlinkNode(c);
        at = xmlAddNextSibling(at, c);
        c = next;
    }
    /* a text moved next to a text is one text, as a parser makes it */
    if (at != n && at->type == XML_TEXT_NODE && at->next && at->next->type == XML_TEXT_NODE)
        xmlTextMerge(at, at->next);
}

bool html_void5_at(xmlNodePtr n)
{
    if (n->type != XML_ELEMENT_NODE || !html_void5((const char *)n->name))
        return false;
    /* inside <svg> or <math> an HTML5 parser makes foreign elements, and
     * none of those is void */
    for (xmlNodePtr a = n->parent; a && a->type == XML_ELEMENT_NODE; a = a->parent)
        if (html_eq((const char *)a->name, "svg") || html_eq((const char *)a->name, "math"))
            return false;
    return true;
}

bool html_void5(const char *name)
{
    /* asked of every element the repair walk meets: one byte first */
    switch (name[0]) {
    case 's':
        return html_eq(name, "source");
    case 't':
        return html_eq(name, "track");
    case 'w':
        return html_eq(name, "wbr");
    default:
        return false;
    }
}

/* Where libxml2's tree departs from an HTML5 parser's in a way that loses
 * text, the tree is made the browser's, in one walk:
 * - a heading opened as the child of an open heading ("<h1>Title <h3>Posted
 *   on ...</h3></h1>") ends that heading in an HTML5 parser, which puts it
 *   and what follows after it; libxml2 nests it inside. Such a child and
 *   its next siblings move after their heading, which is then looked at in
 *   turn;
 * - <embed> has no content in HTML5, but its end tag is optional in HTML 4:
 *   libxml2 puts what follows it inside it, to the end of its parent, where
 *   removing the embedded object removed the rest of the article. Its
 *   children move after it; and so do those of the void elements HTML 4
 *   does not know, <source>, <track> and <wbr>, which libxml2 opens as
 *   containers (a <picture>'s <img> inside its <source>, a paragraph's
 *   rest inside a <wbr>);
 * - a block of HTML5's that libxml2 does not know as one (<section>,
 *   <figure>, <article>, <aside>, <header>, <footer>, <nav>, <main>,
 *   <details>, <dialog>, <figcaption>, <hgroup>, <search>) opened in an
 *   open <p> ends the paragraph in an HTML5 parser, as <div> and <table>
 *   do in both; libxml2 nests it in the paragraph. It and what follows
 *   move after the paragraph;
 * - a <form> opened between a table's rows ("<table><form><tr>", an old
 *   page's way of making rows a form) is left empty by an HTML5 parser,
 *   the rows going to the table; libxml2 puts them in the form, which the
 *   extraction may drop as page furniture. Its children move after it;
 * - a page whose template leaves a <div> or a <font> open for each
 *   comment or row nests thousands deep, where the walks that read a page
 *   stop at about 200 levels and libxml2 itself at 256 (html_parse_page
 *   lifts that). Browsers keep the text whatever the depth: Chromium
 *   stops nesting at 512 levels and adds what comes there as siblings.
 *   So here at MAX_DEPTH: an element there keeps the text before its
 *   first child element, and that child and the rest move after it,
 *   each element with its name and attributes, in order. Real pages nest
 *   about 60 deep. */
#define MAX_DEPTH 160

/* Whether n's text is no text a reader sees: a script's, a style's, a
 * drawing's, a template's (the pre-pass takes the first three out). */
static bool unread_text(xmlNodePtr n)
{
    const char *nm = (const char *)n->name;
    return html_eq(nm, "script") || html_eq(nm, "style") || html_eq(nm, "svg") || html_eq(nm, "template");
}

/* The texts below n (from its first child on), read until *left is down
 * to zero and one of them was a sentence: *left goes down by each text's
 * words (to zero at most), *sentence is set by a text of SENTENCE_WORDS
 * words or more. */
#define SENTENCE_WORDS 25
static void words_to(xmlNodePtr n, size_t *left, bool *sentence, int depth)
{
    for (; n && (*left || !*sentence) && depth < 200; n = n->next) {
        if (n->type == XML_TEXT_NODE && n->content) {
            size_t w = html_word_count((const char *)n->content);
            *left -= w < *left ? w : *left;
            *sentence |= w >= SENTENCE_WORDS;
        } else if (n->type == XML_ELEMENT_NODE && !unread_text(n)) {
            words_to(n->children, left, sentence, depth + 1);
        }
    }
}

/* The bytes of the texts below n (from its first child on), counted to
 * limit and no further: *left goes down by each text's length. */
static void bytes_to(xmlNodePtr n, size_t *left, int depth)
{
    for (; n && *left && depth < 200; n = n->next) {
        if (n->type == XML_TEXT_NODE && n->content) {
            size_t len = strnlen((const char *)n->content, *left);
            *left -= len;
        } else if (n->type == XML_ELEMENT_NODE && !unread_text(n)) {
            bytes_to(n->children, left, depth + 1);
        }
    }
}

/* A link is a line or a card: one holding blocks of LINK_PAGE_WORDS words
 * or more, some of them running as sentences do, is the rest of a page
 * that a link left open took in (an <a> in a menu whose <ul> a stray
 * <div> kept from closing); a card listing a hundred countries is still a
 * card. A button is a label, and an <object> an embedded thing whose
 * fallback is a line: one holding BUTTON_PAGE_WORDS words, blocks or
 * none, some running as sentences, is the rest of a page that a <button>
 * or an <object> left open took in. */
#define LINK_PAGE_WORDS 150
#define BUTTON_PAGE_WORDS (2 * SENTENCE_WORDS)
static bool holds_page(xmlNodePtr n)
{
    bool link = n->name[0] == 'a' && !n->name[1], object = html_eq((const char *)n->name, "object");
    if (!link && !object && !html_eq((const char *)n->name, "button"))
        return false;
    bool blocks = !link;
    for (xmlNodePtr c = n->children; c && !blocks; c = c->next)
        blocks = c->type == XML_ELEMENT_NODE && html_is_block((const char *)c->name);
    if (!blocks)
        return false;
    /* a word and a blank between two take two bytes at least: most cards
     * are told by their bytes, without a word counted */
    size_t words = link ? LINK_PAGE_WORDS : BUTTON_PAGE_WORDS, bytes = 2 * words;
    bytes_to(n->children, &bytes, 0);
    if (bytes)
        return false;
    size_t left = words;
    bool sentence = false;
    words_to(n->children, &left, &sentence, 0);
    return !left && sentence;
}

/* Orders two names (for bsearch over a sorted list of them). */
static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Whether an element named name ends the drawing an HTML5 parser reads
 * it in (SVG's or MathML's): HTML's elements of text and blocks that leave
 * foreign content, the standard's list (<font> aside, which leaves it only
 * with some attributes), in strcmp's order. */
static bool breaks_drawing(const char *name)
{
    static const char *const html[] = {
        "b",     "big",   "blockquote", "body",   "br",   "center", "code",  "dd", "div",  "dl",   "dt",
        "em",    "embed", "h1",         "h2",     "h3",   "h4",     "h5",    "h6", "head", "hr",   "i",
        "img",   "li",    "listing",    "menu",   "meta", "nobr",   "ol",    "p",  "pre",  "ruby", "s",
        "small", "span",  "strike",     "strong", "sub",  "sup",    "table", "tt", "u",    "ul",   "var"};
    return bsearch(&name, html, sizeof html / sizeof *html, sizeof *html, cmp_names) != NULL;
}

/* The first element below a drawing (an <svg> or a <math>) that ends it
 * in an HTML5 parser (breaks_drawing), in document order; not below the
 * elements that hold HTML in a drawing (<foreignObject>, an SVG <title>
 * or <desc>, MathML's text elements). NULL when none. */
static xmlNodePtr drawing_break(xmlNodePtr drawing)
{
    for (xmlNodePtr n = drawing->children; n && n != drawing;) {
        if (n->type == XML_ELEMENT_NODE) {
            const char *nm = (const char *)n->name;
            if (breaks_drawing(nm))
                return n;
            if (n->children && !html_eq(nm, "foreignobject") && !html_eq(nm, "title") && !html_eq(nm, "desc") &&
                !html_eq(nm, "annotation-xml") && !html_eq(nm, "mi") && !html_eq(nm, "mo") && !html_eq(nm, "mn") &&
                !html_eq(nm, "ms") && !html_eq(nm, "mtext")) {
                n = n->children;
                continue;
            }
        }
        while (n != drawing && !n->next)
            n = n->parent;
        n = n != drawing ? n->next : NULL;
    }
    return NULL;
}

/* A drawing that holds an element of HTML's that ends it (a <div> left
 * in an <svg>'s <path>), as an HTML5 parser reads it: the drawing ends
 * there, and that element and all that follows it inside the drawing come
 * after it, in order (libxml2, which knows no drawing, kept them in: a
 * <div> left in a heading's logo took the page in, and a drawing's text
 * is not read). */
static void end_drawing(xmlNodePtr drawing, xmlNodePtr b)
{
    xmlNodePtr at = drawing, c = b, up = b->parent;
    for (;;) {
        while (c) {
            xmlNodePtr next = c->next;
            xmlUnlinkNode(c);
            at = xmlAddNextSibling(at, c);
            c = next;
        }
        if (up == drawing)
            break;
        c = up->next;
        up = up->parent;
    }
}

static void repair_walk(xmlDocPtr doc, bool repair)
{
    xmlNodePtr root = doc ? xmlDocGetRootElement(doc) : NULL;
    int depth = 1;
    for (xmlNodePtr n = root; n;) {
        bool deep = depth >= MAX_DEPTH && n->type == XML_ELEMENT_NODE;
        /* an element that holds nothing in an HTML5 tree */
        bool empty =
            repair && n->children && n->type == XML_ELEMENT_NODE &&
            (html_void5_at(n) || (n->name[0] == 'e' && html_eq((const char *)n->name, "embed")) || table_form(n));
        if ((deep || empty || (repair && is_heading(n))) && n->parent) {
            xmlNodePtr c = n->children;
            while (c && !empty && (deep ? c->type != XML_ELEMENT_NODE : !is_heading(c)))
                c = c->next;
            html_move_after(n, c);
        } else if (repair && n->type == XML_ELEMENT_NODE && n->children && n->parent) {
            xmlNodePtr c = closes_p5(n);
            if (c)
                html_move_after(n, c);
            const char *nm = (const char *)n->name;
            if (((nm[0] == 's' && html_eq(nm, "svg")) || (nm[0] == 'm' && html_eq(nm, "math"))) &&
                (c = drawing_break(n)))
                end_drawing(n, c);
        }
        /* on in document order (html_next_in_order), counting levels */
        if (n->children && n->type == XML_ELEMENT_NODE) {
            n = n->children;
            depth++;
            continue;
        }
        while (n != root && !n->next) {
            n = n->parent;
            depth--;
        }
        n = n != root ? n->next : NULL;
    }
}

/* What libxml2 makes of a page that ends its body before its end ("</body>
 * </html>" of an included template or a pasted document, then more of the
 * page): the rest after the <body>, under <html> or in a second <html>
 * inside it. An HTML5 parser reads those end tags as nothing, and the
 * rest is the body's, as its second <html>'s and <body>'s children are:
 * they move to the end of the first <body>, in order. */
static void one_body(xmlDocPtr doc)
{
    xmlNodePtr root = doc ? xmlDocGetRootElement(doc) : NULL, body = NULL;
    for (xmlNodePtr c = root ? root->children : NULL; c && !body; c = c->next)
        if (c->type == XML_ELEMENT_NODE && html_eq((const char *)c->name, "body"))
            body = c;
    if (!body)
        return;
    xmlNodePtr next;
    for (xmlNodePtr c = body->next; c; c = next) {
        next = c->next;
        if (c->type != XML_ELEMENT_NODE && c->type != XML_TEXT_NODE)
            continue;
        const char *name = c->type == XML_ELEMENT_NODE ? (const char *)c->name : "";
        if (html_eq(name, "html") || html_eq(name, "body")) {
            /* its children take its place, and are read in turn */
            xmlNodePtr first = c->children;
            html_move_after(c, first);
            next = first ? first : c->next;
            xmlUnlinkNode(c);
            xml_arena_free_node(c);
            continue;
        }
        xmlUnlinkNode(c);
        xmlAddChild(body, c);
    }
}

void html_repair_tree(xmlDocPtr doc)
{
    one_body(doc);
    repair_walk(doc, true);
}

/* A <div> that says by its role what HTML has an element for is that
 * element, as an accessibility tree has it: role=heading with its
 * aria-level (2 without one, as ARIA says) a heading of that rank,
 * role=list and role=listitem a list and its item. */
static void role_element(xmlNodePtr n)
{
    const xmlChar *nm = n->name;
    if (!n->properties || nm[0] != 'd' || nm[1] != 'i' || nm[2] != 'v' || nm[3])
        return;
    const char *role = html_attr_view(n, "role");
    if (!role)
        return;
    if (html_name_eq(role, "heading")) {
        const char *lv = html_attr_view(n, "aria-level");
        long level = lv ? strtol(lv, NULL, 10) : 2;
        char name[3] = {'h', (char)('0' + (level < 1 ? 2 : level > 6 ? 6 : level)), '\0'};
        xmlNodeSetName(n, (const xmlChar *)name);
    } else if (html_name_eq(role, "list")) {
        xmlNodeSetName(n, (const xmlChar *)"ul");
    } else if (html_name_eq(role, "listitem")) {
        xmlNodeSetName(n, (const xmlChar *)"li");
    }
}

/* A text's no-break spaces (U+00A0, the narrow U+202F, the figure space
 * U+2007) as the blanks a reader sees: "Written&nbsp;by", "Aug&nbsp;04,
 * 2025", "3&#8239;mars" are read as with spaces (the body's text wrote
 * them as spaces already; the labels, dates and names read from text
 * nodes did not). */
static void nbsp_spaces(xmlDocPtr doc, xmlNodePtr t)
{
    const unsigned char *s = t->content, *p = s;
    /* their lead bytes found by strpbrk (many bytes at a time) */
    while ((p = (const unsigned char *)strpbrk((const char *)p, "\xC2\xE2")) &&
           !((p[0] == 0xC2 && p[1] == 0xA0) || (p[0] == 0xE2 && p[1] == 0x80 && (p[2] == 0xAF || p[2] == 0x87))))
        p++;
    if (!p)
        return;
    size_t n = strlen((const char *)s);
    xmlChar *v = xmlMalloc(n + 1), *o = v;
    memcpy(o, s, (size_t)(p - s));
    o += p - s;
    while (*p) {
        if (p[0] == 0xC2 && p[1] == 0xA0) {
            *o++ = ' ';
            p += 2;
        } else if (p[0] == 0xE2 && p[1] == 0x80 && (p[2] == 0xAF || p[2] == 0x87)) {
            *o++ = ' ';
            p += 3;
        } else {
            *o++ = *p++;
        }
    }
    *o = '\0';
    set_content((htmlDocPtr)doc, t, v);
}

void html_read_as_shown(xmlDocPtr doc)
{
    xmlNodePtr root = doc ? xmlDocGetRootElement(doc) : NULL;
    for (xmlNodePtr n = root; n;) {
        if (n->type == XML_ELEMENT_NODE) {
            if ((n->name[0] == 'a' || n->name[0] == 'b' || n->name[0] == 'o') && n->children && n != root &&
                holds_page(n)) {
                /* a link, a button or an object that holds a page is read
                 * as what it holds: its children are read in turn, a text
                 * its first one was merged into (read already) again */
                n = html_unwrap(n);
                if (n->prev && n->prev->type == XML_TEXT_NODE && n->prev->content)
                    nbsp_spaces(doc, n->prev);
                continue;
            }
            role_element(n);
        } else if (n->type == XML_TEXT_NODE && n->content && n->parent &&
                   (n->parent->name[0] != 's' || (!html_eq((const char *)n->parent->name, "script") &&
                                                  !html_eq((const char *)n->parent->name, "style")))) {
            nbsp_spaces(doc, n); /* (a script's data, JSON-LD, is read as it is written) */
        }
        n = html_next_in_order(n, root);
    }
}

void html_flatten_deep(xmlDocPtr doc)
{
    repair_walk(doc, false);
}

static const char *const block_tags[] = {
    "p", "div", "br", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd",
    "table", "tr", "td", "th", "tbody", "thead", "tfoot", "caption", "blockquote", "pre",
    "section", "article", "aside", "header", "footer", "nav", "main", "figure", "figcaption",
    "form", "fieldset", "hr", "address", "details", "summary", "center", "body", "html",
    "noscript", "dialog", "hgroup", "menu", "legend",
};

bool html_is_hidden(const char *name)
{
    switch (html_ascii_lower((unsigned char)name[0])) {
    case 's':
    case 'h':
    case 't':
    case 'i':
    case 'o':
    case 'b':
    case 'r':
        break;
    default:
        return false;
    }
    /* a ruby's annotation (<rt>, the reading set above its characters, and
     * <rp>, the brackets shown without ruby) is no part of the sentence:
     * "政府<rt>せいふ</rt>は" reads 政府は */
    if ((name[0] | 0x20) == 'r')
        return ((name[1] | 0x20) == 't' || (name[1] | 0x20) == 'p') && !name[2];
    return html_name_eq(name, "script") || html_name_eq(name, "style") || html_name_eq(name, "template") ||
           html_name_eq(name, "head") || html_name_eq(name, "iframe") || html_name_eq(name, "svg") ||
           html_name_eq(name, "object") || html_name_eq(name, "button") || html_name_eq(name, "select") ||
           html_name_eq(name, "textarea") || html_name_eq(name, "input");
}

/* Appends a paragraph break unless the text already ends with one. */
void html_text_para_break(struct nw_buf *out)
{
    if (out->len == 0)
        return;
    while (out->len && out->data[out->len - 1] == ' ')
        out->data[--out->len] = '\0';
    if (out->len >= 2 && out->data[out->len - 1] == '\n' && out->data[out->len - 2] == '\n')
        return;
    if (out->len && out->data[out->len - 1] == '\n')
        nw_buf_putc(out, '\n');
    else
        nw_buf_puts(out, "\n\n");
}

void html_text_line_break(struct nw_buf *out)
{
    while (out->len && out->data[out->len - 1] == ' ')
        out->data[--out->len] = '\0';
    if (out->len && out->data[out->len - 1] != '\n')
        nw_buf_putc(out, '\n');
}

/* isspace() of the C locale, the one newswire runs in, as a table: the
 * text loops below test every byte. */
static const bool space_tab[256] = {[' '] = true, ['\t'] = true, ['\n'] = true,
                                    ['\v'] = true, ['\f'] = true, ['\r'] = true};
#define IS_SPACE(c) (space_tab[(unsigned char)(c)])

#ifdef __SSE2__
/* IS_SPACE of 16 bytes at once: 0xFF where a byte is white space */
static inline __m128i space_mask(__m128i v)
{
    return _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8(' ')),
                        _mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8('\t' - 1)), _mm_cmplt_epi8(v, _mm_set1_epi8('\r' + 1))));
}
#endif

/* The length of an invisible character at p (before end) that a browser
 * draws nothing for and that parts no words: a soft hyphen (U+00AD, the
 * hyphenation hint German and Dutch sites put in long words), a zero-width
 * space (U+200B), a word joiner (U+2060), a byte-order mark within the text
 * (U+FEFF), a control character (C0 but white space, DEL: what a reference
 * such as "&#127;" or a stray byte leaves); else 0. The joiners that shape
 * scripts and emoji (U+200C, U+200D) are text. A C1 control is left for
 * html_fix_controls, which reads it as windows-1252's character once
 * mojibake has been repaired. */
static size_t invisible_at(const unsigned char *p, const unsigned char *end)
{
    if (p[0] < 0x20)
        return !IS_SPACE(p[0]);
    if (p[0] == 0x7F)
        return 1;
    if (p[0] == 0xC2)
        return end - p >= 2 && p[1] == 0xAD ? 2 : 0;
    if (end - p < 3)
        return 0;
    if (p[0] == 0xE2)
        return (p[1] == 0x80 && p[2] == 0x8B) || (p[1] == 0x81 && p[2] == 0xA0) ? 3 : 0;
    return p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF ? 3 : 0;
}

/* The lead bytes of those characters. */
#define INVISIBLE_LEAD(c) ((c) < 0x20 || (c) == 0x7F || (c) == 0xC2 || (c) == 0xE2 || (c) == 0xEF)

/* For a C1 control at p, the UTF-8 of what windows-1252 has at that byte
 * ("\u0092" was "’") in out (room for 3 bytes): its length, 0 for the
 * five bytes windows-1252 leaves undefined. */
static size_t c1_text(const unsigned char *p, char out[3])
{
    unsigned c = html_c1_ref_char(p[1]);
    if (!c)
        return 0;
    /* all of windows-1252's there are at most U+FFFF */
    if (c < 0x800) {
        out[0] = (char)(0xC0 | c >> 6);
        out[1] = (char)(0x80 | (c & 0x3F));
        return 2;
    }
    out[0] = (char)(0xE0 | c >> 12);
    out[1] = (char)(0x80 | ((c >> 6) & 0x3F));
    out[2] = (char)(0x80 | (c & 0x3F));
    return 3;
}

bool html_has_c0(const char *s, size_t n)
{
    size_t i = 0;
#ifdef __SSE2__
    for (; n - i >= 16; i += 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
        __m128i low = _mm_cmpeq_epi8(_mm_min_epu8(v, _mm_set1_epi8(0x1F)), v);
        __m128i space =
            _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('\t')),
                         _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('\n')), _mm_cmpeq_epi8(v, _mm_set1_epi8('\r'))));
        if (_mm_movemask_epi8(_mm_andnot_si128(space, low)))
            return true;
    }
#endif
    for (; i < n; i++)
        if ((unsigned char)s[i] < 0x20 && s[i] != '\t' && s[i] != '\n' && s[i] != '\r')
            return true;
    return false;
}

char *html_fix_controls(char *s)
{
    /* most text has none: only looked at, with the C library's byte
     * search and 16 bytes at a time */
    size_t len = strlen(s), c1 = 0;
    const char *end = s + len;
    for (const char *r = s; (r = memchr(r, 0xC2, (size_t)(end - r))); r++)
        c1 += (unsigned char)r[1] >= 0x80 && (unsigned char)r[1] <= 0x9F;
    if (!c1 && !memchr(s, 0x7F, len) && !html_has_c0(s, len))
        return s;
    char *from = s;
    if (c1) {
        from = nw_strndup(s, len);
        s = nw_realloc(s, len + c1 + 1);
    }
    char *w = s;
    for (const char *r = from; *r;) {
        unsigned char c = (unsigned char)*r;
        if ((c < 0x20 && !IS_SPACE(c)) || c == 0x7F) {
            r++;
        } else if (c == 0xC2 && (unsigned char)r[1] >= 0x80 && (unsigned char)r[1] <= 0x9F) {
            char t[3];
            size_t m = c1_text((const unsigned char *)r, t);
            memcpy(w, t, m);
            w += m;
            r += 2;
        } else
            *w++ = *r++;
    }
    *w = '\0';
    if (from != s)
        free(from);
    return s;
}

char *html_drop_invisible(char *s)
{
    if (!s)
        return s;
    size_t len = strlen(s), i = 0;
    const unsigned char *end = (const unsigned char *)s + len;
#ifdef __SSE2__
    /* the text before the first lead byte of such a character stays as
     * it is: found 16 bytes at a time */
    for (; len - i >= 16; i += 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
        __m128i lead = _mm_or_si128(
            _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8((char)0xC2)), _mm_cmpeq_epi8(v, _mm_set1_epi8((char)0xE2))),
            _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8((char)0xEF)),
                         _mm_or_si128(_mm_cmpeq_epi8(_mm_min_epu8(v, _mm_set1_epi8(0x1F)), v),
                                      _mm_cmpeq_epi8(v, _mm_set1_epi8(0x7F)))));
        if (_mm_movemask_epi8(lead))
            break;
    }
#endif
    unsigned char *w = (unsigned char *)s + i;
    for (const unsigned char *r = w; r < end;) {
        size_t k = INVISIBLE_LEAD(*r) ? invisible_at(r, end) : 0;
        if (k)
            r += k;
        else
            *w++ = *r++;
    }
    *w = '\0';
    return s;
}

/* Appends n bytes of text with white space collapsed against what is
 * already there, and the invisible characters (invisible_at) left out. */
void html_text_append(struct nw_buf *out, const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s, *end = p + n;
    while (p < end) {
        if (IS_SPACE(*p)) {
            p++;
            if (out->len && out->data[out->len - 1] != ' ' && out->data[out->len - 1] != '\n')
                nw_buf_putc(out, ' ');
            continue;
        }
        if (INVISIBLE_LEAD(*p)) {
            size_t k = invisible_at(p, end);
            if (k) {
                p += k;
                continue;
            }
        }
        /* a run of words with single spaces between them is already
         * collapsed: copied at once (its first byte is no white space and
         * no invisible character) */
        const unsigned char *st = p++;
#ifdef __SSE2__
        /* 16 bytes at a time while none of them ends the run: white space
         * other than a single space before a non-space, or the lead byte
         * of an invisible character */
        while (end - p > 16) {
            __m128i v = _mm_loadu_si128((const __m128i *)(const void *)p);
            __m128i sp = _mm_cmpeq_epi8(v, _mm_set1_epi8(' '));
            __m128i ws = space_mask(v);
            __m128i ws_next = space_mask(_mm_loadu_si128((const __m128i *)(const void *)(p + 1)));
            __m128i lead = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8((char)0xC2)),
                                                     _mm_cmpeq_epi8(v, _mm_set1_epi8((char)0xE2))),
                                        _mm_cmpeq_epi8(v, _mm_set1_epi8((char)0xEF)));
            /* and controls: bytes below 0x20 (white space ends the run
             * anyway) and DEL */
            lead = _mm_or_si128(lead, _mm_or_si128(_mm_cmpeq_epi8(_mm_min_epu8(v, _mm_set1_epi8(0x1F)), v),
                                                   _mm_cmpeq_epi8(v, _mm_set1_epi8(0x7F))));
            unsigned stop =
                (unsigned)_mm_movemask_epi8(_mm_or_si128(_mm_andnot_si128(_mm_andnot_si128(ws_next, sp), ws), lead));
            if (stop) {
                p += __builtin_ctz(stop);
                /* the lead byte of a character drawn (a curly quote, a
                 * no-break space) goes on with the run, 16 bytes at a
                 * time again */
                if (!IS_SPACE(*p) && INVISIBLE_LEAD(*p) && !invisible_at(p, end)) {
                    p++;
                    continue;
                }
                break;
            }
            p += 16;
        }
#endif
        while (p < end && (!IS_SPACE(*p) || (*p == ' ' && p + 1 < end && !IS_SPACE(p[1]))) &&
               !(INVISIBLE_LEAD(*p) && invisible_at(p, end)))
            p++;
        nw_buf_append(out, st, (size_t)(p - st));
    }
}

void html_text_append_at(struct nw_buf *out, const char *s, size_t n, bool *edge)
{
    if (!n)
        return;
    if (edge && *edge && out->len && s[0] >= 'A' && s[0] <= 'Z') {
        char last = out->data[out->len - 1];
        if ((last >= 'a' && last <= 'z') || last == '.' || last == '!' || last == '?')
            nw_buf_putc(out, ' ');
    }
    if (edge)
        *edge = false;
    html_text_append(out, s, n);
}

void html_text_append_pre(struct nw_buf *out, const char *s, size_t n, bool *edge)
{
    const char *end = s + n;
    while (s < end) {
        const char *nl = s;
        while (nl < end && *nl != '\n' && *nl != '\r')
            nl++;
        html_text_append_at(out, s, (size_t)(nl - s), edge);
        if (nl == end)
            break;
        s = nl + (nl[0] == '\r' && nl + 1 < end && nl[1] == '\n' ? 2 : 1);
        /* a line that ends on an empty one (or one of blanks) ends a
         * paragraph */
        if (out->len && out->data[out->len - 1] == '\n')
            html_text_para_break(out);
        else
            html_text_line_break(out);
    }
}

int html_text_edge_kind(const char *name)
{
    if ((name[0] | 0x20) == 's' && (name[1] | 0x20) == 'u' && ((name[2] | 0x20) == 'b' || (name[2] | 0x20) == 'p') &&
        !name[3])
        return 1;
    return html_name_eq(name, "math") ? 2 : 0;
}

/* edge: an element started or ended since the last text appended; NULL
 * inside <math>. pre: inside a <pre>, whose lines are kept. */
static void node_text(xmlNodePtr n, struct nw_buf *out, int depth, bool *edge, bool pre)
{
    if (depth > 256)
        return;
    for (; n; n = n->next) {
        if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
            if (n->content && pre)
                html_text_append_pre(out, (const char *)n->content, strlen((const char *)n->content), edge);
            else if (n->content)
                html_text_append_at(out, (const char *)n->content, strlen((const char *)n->content), edge);
            continue;
        }
        if (n->type != XML_ELEMENT_NODE)
            continue;
        const char *name = (const char *)n->name;
        if (html_is_hidden(name))
            continue;
        int kind = html_text_edge_kind(name);
        if (edge && kind == 0)
            *edge = true;
        if (html_name_eq(name, "br")) {
            html_text_line_break(out);
            continue;
        }
        bool block = html_is_block(name);
        bool cell = html_name_eq(name, "td") || html_name_eq(name, "th");
        if (cell) {
            if (out->len && out->data[out->len - 1] != '\n' && out->data[out->len - 1] != ' ')
                nw_buf_putc(out, ' ');
        } else if (block) {
            html_text_para_break(out);
        }
        node_text(n->children, out, depth + 1, kind == 2 ? NULL : edge, pre || html_eq(name, "pre"));
        if (edge)
            *edge = true;
        if (block && !cell)
            html_text_para_break(out);
    }
}

const char *html_attr_view(xmlNodePtr n, const char *name)
{
    /* (only an element's properties are its attributes: a text node's
     * may hold its text, when short) */
    if (n->type != XML_ELEMENT_NODE)
        return NULL;
    for (xmlAttrPtr a = n->properties; a; a = a->next)
        if (html_name_eq((const char *)a->name, name))
            return a->children && a->children->type == XML_TEXT_NODE && !a->children->next
                       ? (const char *)a->children->content
                       : NULL;
    return NULL;
}

void html_node_text(xmlNodePtr n, struct nw_buf *out)
{
    if (!n)
        return;
    bool edge = false;
    /* walk only this node, not its following siblings (a text node's
     * too: its text is its own) */
    xmlNodePtr saved = n->next;
    n->next = NULL;
    node_text(n, out, 0, &edge, false);
    n->next = saved;
}

char *html_text_trim(struct nw_buf *b)
{
    char *s = nw_buf_steal(b);
    size_t st = 0, n = strlen(s);
    while (st < n && isspace((unsigned char)s[st]))
        st++;
    while (n > st && isspace((unsigned char)s[n - 1]))
        n--;
    memmove(s, s + st, n - st);
    s[n - st] = '\0';
    return s;
}

char *html_node_text_str(xmlNodePtr n)
{
    struct nw_buf b = {0};
    html_node_text(n, &b);
    return html_text_trim(&b);
}

char *html_page_url(const char *data, size_t len)
{
    htmlDocPtr doc = html_parse(data, len, NULL, NULL);
    if (!doc)
        return NULL;
    char *canon = NULL, *og = NULL;
    xmlNodePtr stack[64];
    int sp = 0;
    xmlNodePtr root = xmlDocGetRootElement(doc);
    if (root)
        stack[sp++] = root;
    while (sp > 0) {
        xmlNodePtr n = stack[--sp];
        for (; n; n = n->next) {
            if (n->type != XML_ELEMENT_NODE)
                continue;
            if (html_name_eq((const char *)n->name, "link") && !canon) {
                xmlChar *rel = xmlGetProp(n, (const xmlChar *)"rel"), *href = xmlGetProp(n, (const xmlChar *)"href");
                if (rel && href && html_name_eq((const char *)rel, "canonical"))
                    canon = nw_strdup((const char *)href);
                xmlFree(rel);
                xmlFree(href);
            } else if (html_name_eq((const char *)n->name, "meta") && !og) {
                xmlChar *p = xmlGetProp(n, (const xmlChar *)"property"), *c = xmlGetProp(n, (const xmlChar *)"content");
                if (p && c && html_name_eq((const char *)p, "og:url"))
                    og = nw_strdup((const char *)c);
                xmlFree(p);
                xmlFree(c);
            } else if (html_name_eq((const char *)n->name, "body")) {
                continue; /* the head is enough */
            }
            if (n->children && sp < 64 &&
                (html_name_eq((const char *)n->name, "html") || html_name_eq((const char *)n->name, "head")))
                stack[sp++] = n->children;
        }
    }
    xmlFreeDoc(doc);
    char *res = meta_page_address(NULL, canon, og);
    free(canon);
    free(og);
    return res;
}

/* Parses an HTML fragment as the body of a UTF-8 document; returns the
 * document (caller frees) and its <body> in *body, or NULL. */
htmlDocPtr html_parse_fragment(const char *html, size_t len, xmlNodePtr *body)
{
    struct nw_buf wrapped = {0};
    nw_buf_puts(&wrapped, "<html><head><meta charset=\"utf-8\"></head><body>");
    html_append_refs(&wrapped, html, len);
    nw_buf_puts(&wrapped, "</body></html>");
    htmlDocPtr doc = html_parse_page(wrapped.data, wrapped.len, NULL, "UTF-8");
    nw_buf_cleanup(&wrapped);
    html_flatten_deep(doc);
    *body = NULL;
    for (xmlNodePtr c = doc ? xmlDocGetRootElement(doc) : NULL; c && !*body; c = c->children)
        for (xmlNodePtr k = c; k; k = k->next)
            if (k->type == XML_ELEMENT_NODE && html_name_eq((const char *)k->name, "body"))
                *body = k;
    return doc;
}

bool html_is_address(const char *p, size_t n)
{
    return memchr(p, '@', n) || (n > 3 && memmem(p, n, "://", 3)) || (n > 4 && html_prefix_ci(p, "www.", 4));
}

bool html_is_custom(const char *name)
{
    return name[0] >= 'a' && name[0] <= 'z' && strchr(name, '-');
}

unsigned html_memoized(struct html_memo *memo, size_t slots, const char *v, unsigned (*fn)(const char *v))
{
    size_t len = strlen(v);
    if (len == 0 || len >= sizeof memo->v)
        return fn(v);
    struct html_memo *e = &memo[XXH3_64bits(v, len) & (slots - 1)];
    if (!memcmp(e->v, v, len + 1))
        return e->value;
    memcpy(e->v, v, len + 1);
    e->value = fn(v);
    return e->value;
}

/* The names of HTML's elements, today's and those browsers still know
 * from before (font, center, marquee...), and the roots of SVG and
 * MathML; sorted. */
static const char *const element_names[] = {
    "a",        "abbr",     "acronym",   "address",  "applet",   "area",     "article",    "aside",   "audio",
    "b",        "base",     "basefont",  "bdi",      "bdo",      "bgsound",  "big",        "blink",   "blockquote",
    "body",     "br",       "button",    "canvas",   "caption",  "center",   "cite",       "code",    "col",
    "colgroup", "data",     "datalist",  "dd",       "del",      "details",  "dfn",        "dialog",  "dir",
    "div",      "dl",       "dt",        "em",       "embed",    "fieldset", "figcaption", "figure",  "font",
    "footer",   "form",     "frame",     "frameset", "h1",       "h2",       "h3",         "h4",      "h5",
    "h6",       "head",     "header",    "hgroup",   "hr",       "html",     "i",          "iframe",  "ilayer",
    "image",    "img",      "input",     "ins",      "isindex",  "kbd",      "keygen",     "label",   "layer",
    "legend",   "li",       "link",      "listing",  "main",     "map",      "mark",       "marquee", "math",
    "menu",     "menuitem", "meta",      "meter",    "multicol", "nav",      "nextid",     "nobr",    "noembed",
    "noframes", "nolayer",  "noscript",  "object",   "ol",       "optgroup", "option",     "output",  "p",
    "param",    "picture",  "plaintext", "pre",      "progress", "q",        "rb",         "rp",      "rt",
    "rtc",      "ruby",     "s",         "samp",     "script",   "search",   "section",    "select",  "slot",
    "small",    "source",   "spacer",    "span",     "strike",   "strong",   "style",      "sub",     "summary",
    "sup",      "svg",      "table",     "tbody",    "td",       "template", "textarea",   "tfoot",   "th",
    "thead",    "time",     "title",     "tr",       "track",    "tt",       "u",          "ul",      "var",
    "video",    "wbr",      "xmp",
};

/* The key of a name of len bytes (1 to 15): the name lower-cased,
 * zero-padded to 16 bytes; returns its hash, a slot's index. */
static inline size_t name_key(const char *name, size_t len, char key[16])
{
    size_t h = len;
    memset(key, 0, 16);
    for (size_t i = 0; i < len; i++) {
        unsigned char c = html_ascii_lower((unsigned char)name[i]);
        key[i] = (char)c;
        h = h * 31 + c;
    }
    return h & (HTML_NAME_SLOTS - 1);
}

static pthread_mutex_t name_sets_lock = PTHREAD_MUTEX_INITIALIZER;

/* The set's table, built at its first look-up. */
static void name_set_build(struct html_name_set *set)
{
    pthread_mutex_lock(&name_sets_lock);
    if (!atomic_load_explicit(&set->built, memory_order_relaxed)) {
        if (set->n > HTML_NAME_SLOTS / 2)
            abort(); /* a list for which the table was not made */
        for (size_t k = 0; k < set->n; k++) {
            char key[16];
            size_t len = strlen(set->names[k]);
            if (!len || len >= 16)
                continue; /* no name looked up is that long */
            size_t i = name_key(set->names[k], len, key);
            while (set->keys[i][0] && memcmp(set->keys[i], key, 16))
                i = (i + 1) & (HTML_NAME_SLOTS - 1);
            memcpy(set->keys[i], key, 16);
        }
        atomic_store_explicit(&set->built, true, memory_order_release);
    }
    pthread_mutex_unlock(&name_sets_lock);
}

bool html_name_in(struct html_name_set *set, const char *name, size_t len)
{
    if (!len || len >= 16)
        return false;
    char key[16];
    size_t i = name_key(name, len, key);
    if (!atomic_load_explicit(&set->built, memory_order_acquire))
        name_set_build(set);
    for (; set->keys[i][0]; i = (i + 1) & (HTML_NAME_SLOTS - 1))
        if (!memcmp(set->keys[i], key, 16))
            return true;
    return false;
}

static struct html_name_set block_set = HTML_NAME_SET(block_tags), element_set = HTML_NAME_SET(element_names);

bool html_is_block(const char *name)
{
    return html_name_in(&block_set, name, strnlen(name, 16));
}

bool html_is_element_name(const char *name, size_t len)
{
    return html_name_in(&element_set, name, len);
}

char *html_collapse_ws(char *s)
{
    unsigned char *r = (unsigned char *)s, *w = (unsigned char *)s;
    bool space = false;
    while (isspace(*r))
        r++;
#ifdef __SSE2__
    const unsigned char *end = r + strlen((const char *)r);
#endif
    while (*r) {
#ifdef __SSE2__
        /* 16 bytes moved at a time while they need no collapsing: white
         * space only single ' ' (a run, or a tab or line break, goes byte
         * by byte below), a block ending in one moved up to it. The 16
         * bytes are stored whole: w is never past r, and what they write
         * beyond the bytes taken lies in what was read. */
        while (!space && end - r >= 16) {
            __m128i v = _mm_loadu_si128((const __m128i *)(const void *)r);
            unsigned ws = (unsigned)_mm_movemask_epi8(space_mask(v));
            unsigned sp = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8(' ')));
            unsigned bad = (ws & ~sp) | (sp & (sp >> 1)); /* where collapsing starts */
            if (bad) {
                /* the bytes before it as they are, but for a space just
                 * before it, which belongs to the run */
                unsigned k = (unsigned)__builtin_ctz(bad);
                if (k && (sp >> (k - 1) & 1))
                    k--;
                memmove(w, r, k);
                w += k;
                r += k;
                break;
            }
            unsigned take = sp & 0x8000 ? 15 : 16;
            _mm_storeu_si128((__m128i *)(void *)w, v);
            w += take;
            r += take;
        }
        if (!*r)
            break;
#endif
        if (isspace(*r)) {
            r++;
            space = true;
            continue;
        }
        if (space) {
            *w++ = ' ';
            space = false;
        }
        *w++ = *r++;
    }
    *w = '\0';
    return s;
}

bool html_is_cjk(unsigned cp)
{
    return (cp >= 0x3040 && cp <= 0x30FF) || (cp >= 0x3400 && cp <= 0x9FFF) || (cp >= 0xAC00 && cp <= 0xD7AF) ||
           (cp >= 0xF900 && cp <= 0xFAFF);
}

/* Scripts written without spaces between words, whose words are longer
 * than CJK's: Thai, Lao, Myanmar, Khmer (a word of Thai news text is
 * about four and a half code points, its vowel and tone marks counted) */
static bool is_unspaced(unsigned cp)
{
    return (cp >= 0x0E00 && cp <= 0x0EFF) || (cp >= 0x1000 && cp <= 0x109F) || (cp >= 0x1780 && cp <= 0x17FF);
}
#define UNSPACED_WORDS(n) (((n)*2 + 8) / 9)

static bool is_word_cp(unsigned cp)
{
    if (cp < 0x80)
        return isalnum((int)cp);
    /* Latin-1 punctuation and symbols, general punctuation: not words. */
    if ((cp >= 0xA0 && cp <= 0xBF) || cp == 0xD7 || cp == 0xF7 || (cp >= 0x2000 && cp <= 0x206F) ||
        (cp >= 0x3000 && cp <= 0x303F) || (cp >= 0xFF00 && cp <= 0xFF0F))
        return false;
    return true;
}

#ifdef __SSE2__
/* The ASCII letters and digits of 16 bytes, as 0xFF bytes. */
static inline __m128i ascii_word(__m128i v)
{
    __m128i lc = _mm_or_si128(v, _mm_set1_epi8(0x20));
    __m128i digit = _mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8('0' - 1)), _mm_cmpgt_epi8(_mm_set1_epi8('9' + 1), v));
    __m128i letter =
        _mm_and_si128(_mm_cmpgt_epi8(lc, _mm_set1_epi8('a' - 1)), _mm_cmpgt_epi8(_mm_set1_epi8('z' + 1), lc));
    return _mm_or_si128(digit, letter);
}

/* What count_words needs of 16 bytes, a bit per byte: word characters
 * (w), joining characters (j: an apostrophe, a hyphen, the three bytes
 * of ’; those of a ’ that starts at byte 14 or 15 go on past bit 15),
 * continuation bytes (c), leads of two-byte characters (l), leads of
 * general punctuation E2 80 xx (l3: U+2000-203F, dashes and quotation
 * marks, not word characters), and leads of anything else (bad: other
 * characters of three or four bytes, 0xC0, 0xC1). A two-byte character
 * is a word character but for U+00A0-00BF, × and ÷; its lead only is
 * marked. Reads 18 bytes. */
struct word_bits {
    unsigned w, j, c, l, l3, bad;
};

static inline void word_bits(const unsigned char *p, struct word_bits *b)
{
    __m128i v = _mm_loadu_si128((const __m128i *)(const void *)p);
    __m128i join = _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('\'')), _mm_cmpeq_epi8(v, _mm_set1_epi8('-')));
    b->j = (unsigned)_mm_movemask_epi8(join);
    unsigned hi = (unsigned)_mm_movemask_epi8(v);
    if (!hi) {
        b->w = (unsigned)_mm_movemask_epi8(ascii_word(v));
        b->c = b->l = b->l3 = b->bad = 0;
        return;
    }
    __m128i v1 = _mm_loadu_si128((const __m128i *)(const void *)(p + 1));
    __m128i cont = _mm_cmplt_epi8(v, _mm_set1_epi8((char)0xC0));
    __m128i punct =
        _mm_and_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8((char)0xE2)), _mm_cmpeq_epi8(v1, _mm_set1_epi8((char)0x80)));
    /* as signed bytes: the leads (0xC0-0xFF) are the negative bytes that
     * are not continuations; of them 0xE0-0xFF and 0xC0, 0xC1 */
    __m128i odd =
        _mm_or_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8((char)0xDF)), _mm_cmplt_epi8(v, _mm_set1_epi8((char)0xC2)));
    __m128i c2 =
        _mm_and_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8((char)0xC2)), _mm_cmpgt_epi8(v1, _mm_set1_epi8((char)0x9F)));
    __m128i c3 = _mm_and_si128(
        _mm_cmpeq_epi8(v, _mm_set1_epi8((char)0xC3)),
        _mm_or_si128(_mm_cmpeq_epi8(v1, _mm_set1_epi8((char)0x97)), _mm_cmpeq_epi8(v1, _mm_set1_epi8((char)0xB7))));
    unsigned c = (unsigned)_mm_movemask_epi8(cont), lead = hi & ~c, l3 = (unsigned)_mm_movemask_epi8(punct),
             odd_leads = lead & (unsigned)_mm_movemask_epi8(odd) & ~l3;
    unsigned ex = (unsigned)_mm_movemask_epi8(_mm_or_si128(c2, c3));
    b->c = c;
    b->l3 = l3;
    b->bad = odd_leads;
    b->l = lead & ~l3;
    b->w = (unsigned)_mm_movemask_epi8(ascii_word(v)) | (b->l & ~ex);
    if (l3) {
        __m128i v2 = _mm_loadu_si128((const __m128i *)(const void *)(p + 2));
        unsigned apos = l3 & (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v2, _mm_set1_epi8((char)0x99)));
        b->j |= apos | apos << 1 | apos << 2;
    }
}

/* Which bytes of a block are in a word, as bits: its word characters
 * (w), and the joining characters (j) that follow a word character,
 * directly or through other joining ones; `in` says whether the byte
 * before the block is in a word. A run of j bits whose first bit follows
 * one in a word is filled by an addition: the carry from that bit runs
 * up the run. */
static inline uint64_t in_words(uint64_t w, uint64_t j, uint64_t in)
{
    uint64_t seeds = ((w << 1) | in) & j;
    return w | (((j + seeds) ^ j) & j);
}

/* The words that start in the block of n bytes (at most 64) whose bits
 * are w (word characters, continuation bytes included), j (joining) and
 * c (continuations); *in_word says whether the byte before it is in a
 * word, and then whether its last byte is. */
static inline unsigned block_words(uint64_t w, uint64_t j, uint64_t c, unsigned n, unsigned *in_word)
{
    uint64_t in = n == 64 ? ~0ull : (1ull << n) - 1;
    w = (w | ((w << 1) & c)) & in;
    uint64_t s = in_words(w, j & in, *in_word);
    unsigned starts = html_bits_set(w & ~((s << 1) | *in_word));
    *in_word = (unsigned)(s >> (n - 1)) & 1;
    return starts;
}
#endif

/* Words of the n bytes at text, counted up to the first count above
 * limit: the count when it is limit or less, else some count above it. */
static size_t count_words(const char *text, size_t n, size_t limit)
{
    const unsigned char *p = (const unsigned char *)text;
    size_t words = 0, cjk = 0, unspaced = 0;
    unsigned in_word = 0;
    /* ASCII: 1 for letters and digits (word characters), 2 for an
     * apostrophe or hyphen, which inside a word joins it; counted without
     * a branch per character (a branch at each word's end costs more than
     * the counting on text of short words) */
    static const unsigned char ascii[128] = {
        ['0'] = 1, ['1'] = 1, ['2'] = 1, ['3'] = 1, ['4'] = 1, ['5'] = 1, ['6'] = 1, ['7'] = 1, ['8'] = 1,
        ['9'] = 1, ['A'] = 1, ['B'] = 1, ['C'] = 1, ['D'] = 1, ['E'] = 1, ['F'] = 1, ['G'] = 1, ['H'] = 1,
        ['I'] = 1, ['J'] = 1, ['K'] = 1, ['L'] = 1, ['M'] = 1, ['N'] = 1, ['O'] = 1, ['P'] = 1, ['Q'] = 1,
        ['R'] = 1, ['S'] = 1, ['T'] = 1, ['U'] = 1, ['V'] = 1, ['W'] = 1, ['X'] = 1, ['Y'] = 1, ['Z'] = 1,
        ['a'] = 1, ['b'] = 1, ['c'] = 1, ['d'] = 1, ['e'] = 1, ['f'] = 1, ['g'] = 1, ['h'] = 1, ['i'] = 1,
        ['j'] = 1, ['k'] = 1, ['l'] = 1, ['m'] = 1, ['n'] = 1, ['o'] = 1, ['p'] = 1, ['q'] = 1, ['r'] = 1,
        ['s'] = 1, ['t'] = 1, ['u'] = 1, ['v'] = 1, ['w'] = 1, ['x'] = 1, ['y'] = 1, ['z'] = 1, ['\''] = 2,
        ['-'] = 2,
    };
    const unsigned char *end = p + n;
    while (p < end) {
        if (words + (cjk + 1) / 2 + UNSPACED_WORDS(unspaced) > limit)
            break;
#ifdef __SSE2__
        /* 64 bytes at a time, then 16, of ASCII, well-formed two-byte
         * characters (Latin, Greek, Cyrillic...) and general punctuation:
         * a word starts at each word character whose neighbour before is
         * not in a word (see in_words). A character cut by the block's end
         * is left to the next one. Another character (CJK, Devanagari...)
         * ends the readings: the next 16 bytes are read a character at a
         * time before they are tried again. */
        bool other = false;
        while (end - p >= 66) {
            struct word_bits b[4];
            unsigned k = 0;
#pragma GCC unroll 4
            for (; k < 4; k++) {
                word_bits(p + 16 * k, &b[k]);
                if (b[k].bad)
                    break;
            }
            if (k < 4) { /* the 16-byte readings take the blocks before it */
                other = k == 0;
                break;
            }
            uint64_t w = 0, j = 0, c = 0, l = 0, l3 = 0;
#pragma GCC unroll 4
            for (k = 0; k < 4; k++) {
                w |= (uint64_t)b[k].w << 16 * k;
                j |= (uint64_t)b[k].j << 16 * k;
                c |= (uint64_t)b[k].c << 16 * k;
                l |= (uint64_t)b[k].l << 16 * k;
                l3 |= (uint64_t)b[k].l3 << 16 * k;
            }
            /* each lead followed by its continuation bytes, and no others
             * (those of a character cut at the end are the next block's) */
            if (c != ((l << 1) | (l3 << 1) | (l3 << 2)))
                break;
            unsigned n = l3 >> 62 & 1 ? 62 : (l | l3) >> 63 ? 63 : 64;
            words += block_words(w, j, c, n, &in_word);
            p += n;
            if (words > limit)
                return words;
        }
        while (!other && end - p >= 18) {
            struct word_bits b;
            word_bits(p, &b);
            if (b.bad || b.c != ((b.l << 1 | b.l3 << 1 | b.l3 << 2) & 0xFFFF))
                break;
            unsigned n = b.l3 & 0x4000 ? 14 : (b.l | b.l3) & 0x8000 ? 15 : 16;
            words += block_words(b.w, b.j, b.c, n, &in_word);
            p += n;
            if (words > limit)
                return words;
        }
        /* fewer than 16 bytes left (most of a page's texts are short):
         * at once, from a copy padded with NULs, which are no word's; a
         * character cut by the text's end leaves a continuation bit
         * unmatched, and the bytes are read a character at a time */
        if (!other && end - p > 0 && end - p < 16) {
            unsigned char pad[32] = {0};
            unsigned k = (unsigned)(end - p);
            memcpy(pad, p, k);
            struct word_bits b;
            word_bits(pad, &b);
            if (!b.bad && b.c == ((b.l << 1 | b.l3 << 1 | b.l3 << 2) & 0xFFFF)) {
                words += block_words(b.w, b.j, b.c, k, &in_word);
                p = end;
            }
        }
        if (p >= end)
            break;
#endif
        /* a character at a time, to 16 bytes on */
        const unsigned char *stop = p + 16 < end ? p + 16 : end;
        while (p < stop) {
            if (*p < 0x80) {
                unsigned w = ascii[*p] & 1;
                words += w & (in_word ^ 1);
                in_word = w | (in_word & (ascii[*p] >> 1));
                p++;
                continue;
            }
            if (*p >= 0xC2 && *p <= 0xDF && end - p >= 2 && (p[1] & 0xC0) == 0x80) {
                /* two bytes (Latin, Greek, Cyrillic, Hebrew, Arabic): no
                 * CJK, and not a word character only for U+00A0-00BF, ×
                 * and ÷ */
                unsigned cp = (unsigned)(p[0] & 0x1F) << 6 | (p[1] & 0x3F);
                unsigned w = !((cp >= 0xA0 && cp <= 0xBF) || cp == 0xD7 || cp == 0xF7);
                words += w & (in_word ^ 1);
                in_word = w;
                p += 2;
                continue;
            }
            unsigned cp = nw_utf8_next(&p);
            if (html_is_cjk(cp)) {
                cjk++;
                in_word = 0;
            } else if (is_unspaced(cp)) {
                unspaced++;
                in_word = 0;
            } else if (is_word_cp(cp)) {
                words += in_word ^ 1;
                in_word = 1;
            } else if (!(in_word && cp == 0x2019)) {
                in_word = 0;
            }
        }
    }
    return words + (cjk + 1) / 2 + UNSPACED_WORDS(unspaced);
}

/* One byte of html_text_stats' count (p at it, NUL-terminated). */
static inline void byte_stats(const unsigned char *p, size_t *len, size_t *commas, bool *space)
{
    if (isspace(*p)) {
        *space = true;
        return;
    }
    /* a run of blanks is one character between two words, and none
     * after the last: a paragraph's end tag left out (the blanks
     * before its parent's end tag then its own) changes nothing */
    if (*space && *len)
        (*len)++;
    *space = false;
    (*len)++;
    if (*p == ',')
        (*commas)++;
    else if (*p == 0xEF && p[1] == 0xBC && p[2] == 0x8C) /* ， */
        (*commas)++;
    else if (*p == 0xE3 && p[1] == 0x80 && (p[2] == 0x81 || p[2] == 0x82)) /* 、。 */
        (*commas)++;
}

void html_text_stats(const char *text, size_t *len, size_t *commas, bool *space)
{
    const unsigned char *p = (const unsigned char *)text;
    size_t n = strlen(text), i = 0, l = *len, c = *commas;
    bool sp = *space;
#ifdef __SSE2__
    /* 16 bytes at a time: the blanks (' ', 9-13) and commas as bits; a
     * block that holds a lead byte of the wide commas byte by byte */
    for (; n - i >= 16; i += 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(p + i));
        unsigned wide = (unsigned)_mm_movemask_epi8(
            _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8((char)0xEF)), _mm_cmpeq_epi8(v, _mm_set1_epi8((char)0xE3))));
        if (wide) {
            for (size_t k = i; k < i + 16; k++)
                byte_stats(p + k, &l, &c, &sp);
            continue;
        }
        unsigned blank = (unsigned)_mm_movemask_epi8(
            _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8(' ')),
                         _mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8(8)), _mm_cmplt_epi8(v, _mm_set1_epi8(14)))));
        unsigned solid = ~blank & 0xFFFF;
        /* a solid byte after a blank adds the run's one character, but
         * for the text's first */
        unsigned starts = solid & ((blank << 1) | sp);
        size_t add = html_bits_set(solid) + html_bits_set(starts);
        if (!l && (starts & solid & (0u - solid)))
            add--;
        l += add;
        c += html_bits_set((unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8(','))));
        sp = blank >> 15;
    }
#endif
    for (; i < n; i++)
        byte_stats(p + i, &l, &c, &sp);
    *len = l;
    *commas = c;
    *space = sp;
}

size_t html_solid_chars(const char *text)
{
    const unsigned char *p = (const unsigned char *)text;
    size_t n = strlen(text), solid = 0, i = 0;
#ifdef __SSE2__
    /* 16 bytes at a time: as signed bytes, continuation bytes (0x80-0xBF)
     * are those below -64, and the blanks ' ' and 9-13 */
    for (; n - i >= 16; i += 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(p + i));
        __m128i cont = _mm_cmplt_epi8(v, _mm_set1_epi8((char)0xC0));
        __m128i blank =
            _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8(' ')),
                         _mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8(8)), _mm_cmplt_epi8(v, _mm_set1_epi8(14))));
        solid += 16 - html_bits_set((unsigned)_mm_movemask_epi8(_mm_or_si128(cont, blank)));
    }
#endif
    for (; i < n; i++)
        solid += !isspace(p[i]) && (p[i] & 0xC0) != 0x80;
    return solid;
}

size_t html_word_count(const char *text)
{
    return count_words(text, strlen(text), SIZE_MAX);
}

bool html_words_above(const char *text, size_t n, size_t limit)
{
    return count_words(text, n, limit) > limit;
}

/* The label a page prints over an ad slot, in the languages of the news
 * web, lower case. */
static const char *const ad_labels[] = {
    "advertisement",
    "advert",
    "story continues below advertisement",
    "article continues below advertisement",
    "content continues below advertisement",
    "continue reading below",
    "scroll to continue with content",
    "sponsored content",
    "anzeige",
    "werbung",
    "publicidad",
    "publicidade",
    "publicité",
    "pubblicità",
    "advertentie",
    "reclame",
    "reklama",
    "reklame",
    "annons",
    "annonse",
    "mainos",
    "oglas",
    "hirdetés",
    "publicitate",
    "reklam",
    "iklan",
    "quảng cáo",
    "реклама",
    "διαφήμιση",
    "פרסומת",
    "إعلان",
    "تبلیغات",
    "广告",
    "廣告",
    "広告",
    "광고",
    "โฆษณา",
    "विज्ञापन",
};

/* The lower case of one code point, for the scripts of ad_labels: Latin-1,
 * Greek and Cyrillic capitals (others are left as they are). */
static unsigned lower_cp(unsigned c)
{
    if (c < 0x80)
        return c >= 'A' && c <= 'Z' ? c + 32 : c;
    if (c >= 0xC0 && c <= 0xDE && c != 0xD7)
        return c + 32;
    if (c >= 0x391 && c <= 0x3A9 && c != 0x3A2)
        return c + 32;
    if (c == 0x386)
        return 0x3AC;
    if (c >= 0x388 && c <= 0x38A)
        return c + 37;
    if (c == 0x38C)
        return 0x3CC;
    if (c == 0x38E || c == 0x38F)
        return c + 63;
    if (c >= 0x410 && c <= 0x42F)
        return c + 32;
    if (c >= 0x400 && c <= 0x40F)
        return c + 80;
    return c;
}

/* The length of the framing at p (blank, dash, bullet, bracket, colon,
 * guillemet), 0 when none; backwards from end when back. */
static size_t frame_len(const char *p, const char *end, bool back)
{
    static const char *const multi[] = {"\xc2\xa0", "\xc2\xb7", "\xc2\xab", "\xc2\xbb", "\xe2\x80\x93",
                                        "\xe2\x80\x94", "\xe2\x80\xa2"};
    if (end <= p)
        return 0;
    char c = back ? end[-1] : *p;
    if (c && strchr(" \t-*|[](){}:.", c))
        return 1;
    for (size_t i = 0; i < sizeof multi / sizeof *multi; i++) {
        size_t n = strlen(multi[i]);
        if ((size_t)(end - p) >= n && !memcmp(back ? end - n : p, multi[i], n))
            return n;
    }
    return 0;
}

bool html_is_ad_label(const char *line, size_t len)
{
    const char *p = line, *end = line + len;
    for (size_t n; (n = frame_len(p, end, false)) != 0;)
        p += n;
    for (size_t n; (n = frame_len(p, end, true)) != 0;)
        end -= n;
    if (end - p < 2 || end - p > 48)
        return false;
    char copy[64];
    memcpy(copy, p, (size_t)(end - p));
    copy[end - p] = 0;
    char low[4 * sizeof copy];
    size_t n = 0;
    for (const unsigned char *q = (const unsigned char *)copy; *q;)
        n += nw_utf8_put(low + n, lower_cp(nw_utf8_next(&q)));
    low[n] = 0;
    for (size_t i = 0; i < sizeof ad_labels / sizeof *ad_labels; i++)
        if (html_eq(low, ad_labels[i]))
            return true;
    return false;
}

/* Whether a line is a footer a publishing system adds to feed items (see
 * html_drop_feed_footer). Run on every feed item's last line, so its
 * tests read the line's ends first. */
static bool is_feed_footer(const char *s, size_t n)
{
    /* the SEO plugin's line, "<post link> ... <site link>.", by its
     * opening and the words between the two links */
    static const char *const seo[][2] = {
        {"The post ", " appeared first on "},
        {"The post ", " first appeared on "},
        {"Der Beitrag ", " erschien zuerst auf "},
        {"L’article ", " est apparu en premier sur "},
        {"L'article ", " est apparu en premier sur "},
        {"La entrada ", " se publicó primero en "},
        {"L'articolo ", " proviene da "},
        {"L’articolo ", " proviene da "},
        {"O post ", " apareceu primeiro em "},
        {"Het bericht ", " verscheen eerst op "},
        {"Artykuł ", " pochodzi z serwisu "},
        {"Сообщение ", " появились сначала на "},
    };
    /* a lone link to the rest: "Continue reading →", "Continue reading
     * TITLE at SITE", "Read more", "Read more of this story at SITE.",
     * "Read full article >>", "To read this article in full, please click
     * here"; an aggregator's links to its own pages (Reddit's "[link]
     * [comments]", Google News' "View Full Coverage on Google News") */
    static const char *const more[] = {
        "Continue reading",   "Read more",        "Read More",    "Read the full",
        "Read full",          "Read the rest",    "Keep reading", "To read this article in full",
        "View Full Coverage", "[link] [comments]"};
    /* Medium's sentence, by its end */
    static const char medium_end[] = "by highlighting and responding to this story.";
    static const char medium[] = " on Medium, where people are continuing the conversation";
    if (n < 9 || n > 600)
        return false;
    if (n > sizeof medium + sizeof medium_end &&
        !memcmp(s + n - (sizeof medium_end - 1), medium_end, sizeof medium_end - 1))
        return memmem(s, n, medium, sizeof medium - 1) != NULL;
    /* every opening above starts with one of these bytes */
    if (!strchr("TDLOHACRKV[\xD0", s[0]))
        return false;
    for (size_t i = 0; i < sizeof seo / sizeof *seo; i++) {
        size_t k = strlen(seo[i][0]), m = strlen(seo[i][1]);
        if (n > k + m && !memcmp(s, seo[i][0], k) && memmem(s + k + 1, n - k - 1, seo[i][1], m) &&
            !html_words_above(s, n, 60))
            return true;
    }
    for (size_t i = 0; i < sizeof more / sizeof *more; i++) {
        size_t k = strlen(more[i]);
        if (n >= k && !memcmp(s, more[i], k) && (n == k || !isalnum((unsigned char)s[k])) &&
            !html_words_above(s, n, 16))
            return true;
    }
    return false;
}

char *html_drop_feed_footer(char *text)
{
    if (!text)
        return text;
    size_t len = strlen(text);
    bool dropped = false;
    /* at most two such lines (a "Continue reading" link, then the SEO
     * plugin's), and never the whole text */
    for (int k = 0; k < 2; k++) {
        while (len && (text[len - 1] == '\n' || text[len - 1] == ' '))
            len--;
        char *nl = len ? memrchr(text, '\n', len) : NULL;
        if (!nl || !is_feed_footer(nl + 1, (size_t)(text + len - nl - 1)))
            break;
        len = (size_t)(nl + 1 - text);
        dropped = true;
    }
    if (dropped) { /* what went, with the blank line before it */
        while (len && (text[len - 1] == '\n' || text[len - 1] == ' '))
            len--;
        text[len] = 0;
    }
    return text;
}

bool html_draws_nothing(const char *line, size_t len)
{
    const unsigned char *p = (const unsigned char *)line, *end = p + len;
    while (p < end) {
        if (*p == ' ' || *p == '\t') {
            p++;
            continue;
        }
        if (*p < 0x80)
            return false;
        unsigned c = nw_utf8_next(&p);
        bool none = c == 0xA0 || c == 0xAD || c == 0x34F || c == 0x61C || c == 0x180E || (c >= 0x200B && c <= 0x200F) ||
                    (c >= 0x202A && c <= 0x202E) || (c >= 0x2060 && c <= 0x2064) || (c >= 0x2066 && c <= 0x2069) ||
                    c == 0xFEFF;
        if (!none)
            return false;
    }
    return true;
}

char *html_drop_ad_lines(char *text)
{
    if (!text)
        return text;
    char *w = text;
    bool dropped = false;
    for (char *p = text; *p;) {
        char *nl = strchr(p, '\n');
        size_t n = nl ? (size_t)(nl - p) : strlen(p);
        if (n <= 64 && (html_is_ad_label(p, n) || (n && html_draws_nothing(p, n)))) {
            dropped = true;
            p += n + (nl != NULL);
            continue;
        }
        if (w != p)
            memmove(w, p, n + (nl != NULL));
        w += n + (nl != NULL);
        p += n + (nl != NULL);
    }
    *w = 0;
    if (!dropped)
        return text;
    /* the blank lines that stood around what went: one between blocks,
     * none at the ends */
    char *o = text;
    int blank = 0;
    for (char *p = text; *p;) {
        char *nl = strchr(p, '\n');
        size_t n = nl ? (size_t)(nl - p) : strlen(p);
        if (n == 0) {
            blank++;
        } else {
            if (o != text)
                for (int i = 0, k = blank ? 2 : 1; i < k; i++)
                    *o++ = '\n';
            memmove(o, p, n);
            o += n;
            blank = 0;
        }
        p += n + (nl != NULL);
    }
    *o = 0;
    return text;
}
