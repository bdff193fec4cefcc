/* Feed documents to items: RSS 0.9x/1.0/2.0, Atom 0.3/1.0, JSON Feed. */
#include <ctype.h>
#include <limits.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/HTMLparser.h>
#include <libxml/xmlsave.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <yajl/yajl_tree.h>

#include "../common/buf.h"
#include "../common/jsonwalk.h"
#include "../common/jsonx.h"
#include "../common/mem.h"
#include "../common/url.h"
#include "charset.h"
#include "date.h"
#include "entities.h"
#include "html.h"
#include "xmlarena.h"
#include "parser.h"

enum ns {
    NS_NONE,    /* RSS 0.9x/2.0 (no namespace), RSS 1.0, RSS 0.90 */
    NS_ATOM,
    NS_DC,
    NS_CONTENT,
    NS_MEDIA,
    NS_ITUNES,
    NS_RDF,
    NS_OTHER,
};

/* The format of the document's own vocabulary: Atom when the root is
 * <feed>, RSS otherwise. Elements in the root's namespace, whatever its URI
 * (feeds invent their own), and elements in no namespace belong to it. */
static enum ns primary_ns(xmlNodePtr n)
{
    xmlNodePtr root = n->doc ? xmlDocGetRootElement(n->doc) : NULL;
    return root && !strcasecmp((const char *)root->name, "feed") ? NS_ATOM : NS_NONE;
}

static enum ns ns_of_href(xmlNodePtr n);

/* The namespace of an element, worked out once per namespace declaration
 * of the document and kept in it (xmlNs's _private, which nothing else
 * here uses). */
static enum ns ns_of(xmlNodePtr n)
{
    if (!n->ns || !n->ns->href)
        return primary_ns(n);
    if (n->ns->_private)
        return (enum ns)((uintptr_t)n->ns->_private - 1);
    enum ns k = ns_of_href(n);
    n->ns->_private = (void *)((uintptr_t)k + 1);
    return k;
}

static enum ns ns_of_href(xmlNodePtr n)
{
    const char *h = (const char *)n->ns->href;
    if (!strcasecmp(h, "http://www.w3.org/2005/Atom") || !strncasecmp(h, "http://purl.org/atom/ns", 23))
        return NS_ATOM;
    if (!strncasecmp(h, "http://purl.org/dc/elements/1.1", 31) || !strncasecmp(h, "http://purl.org/dc/terms", 24))
        return NS_DC;
    if (!strncasecmp(h, "http://purl.org/rss/1.0/modules/content", 39))
        return NS_CONTENT;
    if (!strncasecmp(h, "http://search.yahoo.com/mrss", 28))
        return NS_MEDIA;
    if (!strncasecmp(h, "http://www.itunes.com/dtds/podcast", 34))
        return NS_ITUNES;
    if (!strcasecmp(h, "http://www.w3.org/1999/02/22-rdf-syntax-ns#"))
        return NS_RDF;
    if (!strncasecmp(h, "http://purl.org/rss/1.0", 23) || !strncasecmp(h, "http://my.netscape.com/rdf/simple", 33) ||
        !strncasecmp(h, "http://backend.userland.com/rss", 31))
        return NS_NONE;
    xmlNodePtr root = n->doc ? xmlDocGetRootElement(n->doc) : NULL;
    if (root && root->ns && root->ns->href && !strcmp((const char *)root->ns->href, h))
        return primary_ns(n);
    return NS_OTHER;
}

/* Elements whose prefix the document never declares ("<dc:creator>" in a
 * feed without xmlns:dc, as careless generators write them) come out of
 * libxml2 named "dc:creator", in no namespace: the prefixes every feed
 * reader knows are given their namespace, as feedparser does. */
static void bind_known_prefixes(xmlNodePtr n)
{
    static const char *const known[][2] = {
        {"dc", "http://purl.org/dc/elements/1.1/"},
        {"dcterms", "http://purl.org/dc/terms/"},
        {"content", "http://purl.org/rss/1.0/modules/content/"},
        {"media", "http://search.yahoo.com/mrss/"},
        {"itunes", "http://www.itunes.com/dtds/podcast-1.0.dtd"},
        {"atom", "http://www.w3.org/2005/Atom"},
    };
    for (; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        const char *colon = n->ns ? NULL : strchr((const char *)n->name, ':');
        for (size_t k = 0; colon && k < sizeof known / sizeof known[0]; k++) {
            size_t pl = (size_t)(colon - (const char *)n->name);
            if (strlen(known[k][0]) != pl || strncasecmp((const char *)n->name, known[k][0], pl) || !colon[1])
                continue;
            xmlNodePtr root = xmlDocGetRootElement(n->doc);
            xmlNsPtr ns = xmlSearchNsByHref(n->doc, root, (const xmlChar *)known[k][1]);
            if (!ns)
                ns = xmlNewNs(root, (const xmlChar *)known[k][1], (const xmlChar *)known[k][0]);
            if (!ns) /* the root declares that prefix otherwise */
                ns = xmlNewNs(root, (const xmlChar *)known[k][1], (const xmlChar *)"nw-bound");
            if (ns) {
                xmlSetNs(n, ns);
                xmlNodeSetName(n, (const xmlChar *)colon + 1);
            }
            break;
        }
        if (n->children)
            bind_known_prefixes(n->children);
    }
}

/* strcasecmp(name, lit) == 0, with the first letters compared first: an
 * element's name is held against a dozen names or more. */
static inline bool name_eq(const char *name, const char *lit)
{
    return ((unsigned char)name[0] | 0x20) == ((unsigned char)lit[0] | 0x20) && !strcasecmp(name, lit);
}

static bool is(xmlNodePtr n, enum ns ns, const char *name)
{
    return n->type == XML_ELEMENT_NODE && !strcasecmp((const char *)n->name, name) && ns_of(n) == ns;
}

static const char *lifted_text(xmlNodePtr pi);

/* The text of one node that holds text: a text or CDATA node, or a lifted
 * run (see prepare); NULL for other nodes. */
static const char *node_text(xmlNodePtr n)
{
    if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE)
        return (const char *)n->content;
    if (n->type == XML_PI_NODE)
        return lifted_text(n);
    return NULL;
}

/* The element's character content: the text of all its descendants. */
static char *raw_content(xmlNodePtr n)
{
    /* most often a single text node or lifted run */
    const char *one = n->children && !n->children->next ? node_text(n->children) : NULL;
    if (one)
        return nw_strdup(one);
    struct nw_buf b = {0};
    nw_buf_append(&b, "", 0);
    xmlNodePtr c = n->children;
    while (c) {
        const char *t = node_text(c);
        if (t)
            nw_buf_puts(&b, t);
        if (c->type == XML_ELEMENT_NODE && c->children) {
            c = c->children;
            continue;
        }
        while (c != n && !c->next)
            c = c->parent;
        c = c == n ? NULL : c->next;
    }
    return nw_buf_steal(&b);
}

/* An attribute in no namespace, its name matched ignoring case (CDF writes
 * HREF, LASTMOD). */
static xmlChar *get_prop_ci(xmlNodePtr n, const char *name)
{
    for (xmlAttrPtr a = n->properties; a; a = a->next)
        if (!strcasecmp((const char *)a->name, name) && (!a->ns || !strcmp((const char *)a->name, name)))
            return xmlNodeListGetString(n->doc, a->children, 1);
    return NULL;
}

static const char *attr(xmlNodePtr n, const char *name, char **hold)
{
    xmlChar *v = get_prop_ci(n, name);
    free(*hold);
    *hold = v ? nw_strdup((const char *)v) : NULL;
    xmlFree(v);
    return *hold;
}

/* Decodes base64 (white space ignored) into a string of *len bytes (it
 * may hold NULs); NULL when it is not base64. */
static char *base64_decode(const char *s, size_t *len)
{
    static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    struct nw_buf b = {0};
    unsigned acc = 0;
    int bits = 0;
    nw_buf_append(&b, "", 0);
    for (const char *p = s; *p; p++) {
        if (isspace((unsigned char)*p))
            continue;
        if (*p == '=')
            break;
        const char *k = strchr(alphabet, *p);
        if (!k || !*k) {
            nw_buf_cleanup(&b);
            return NULL;
        }
        acc = (acc << 6) | (unsigned)(k - alphabet);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            nw_buf_putc(&b, (char)((acc >> bits) & 0xFF));
        }
    }
    *len = b.len;
    return nw_buf_steal(&b);
}

/* Whether an Atom type names binary content, which Atom carries in base64. */
static bool binary_type(const char *type)
{
    return type && strchr(type, '/') && strncasecmp(type, "text/", 5) && !strstr(type, "xml") &&
           strcasecmp(type, "html") && strcasecmp(type, "xhtml") && strcasecmp(type, "text");
}

/* Whether decoded bytes are no text: a control character other than
 * white space, or bytes that are not UTF-8 (an image, a sound). */
static bool binary_bytes(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)s[i] < 0x20 && !strchr("\t\n\r\f", s[i]))
            return true;
    return !nw_utf8_valid(s, n);
}

/* The element's character content, decoded when it is base64 (Atom 0.3
 * mode="base64", Atom 1.0 binary types); *decoded tells which. Content of
 * a binary type whose bytes are not text (RFC 4287 4.1.3.3: an image, a
 * file) is nothing a reader reads: "". */
static char *mode_content(xmlNodePtr n, bool *decoded)
{
    char *raw = raw_content(n), *mode = NULL, *type = NULL;
    *decoded = false;
    if ((attr(n, "mode", &mode) && !strcasecmp(mode, "base64")) || binary_type(attr(n, "type", &type))) {
        size_t len;
        char *dec = base64_decode(raw, &len);
        if (dec) {
            free(raw);
            raw = binary_type(type) && binary_bytes(dec, len) ? nw_strdup("") : nw_utf8_fix(dec, len);
            free(dec);
            *decoded = true;
        }
    }
    free(mode);
    free(type);
    return raw;
}

/* Inner markup of an element (Atom type="xhtml"), new string. */
#define XHTML_NS "http://www.w3.org/1999/xhtml"

static bool void_element(const char *name)
{
    static const char *const v[] = {"br", "hr", "img", "input", "meta", "link", "area", "base", "col", "embed",
                                    "param", "source", "track", "wbr"};
    for (size_t i = 0; i < sizeof v / sizeof *v; i++)
        if (!strcmp(name, v[i]))
            return true;
    return false;
}

/* Orders "name=value" strings by name alone. */
static int cmp_attr(const void *a, const void *b)
{
    const char *x = *(char *const *)a, *y = *(char *const *)b;
    size_t xl = strcspn(x, "="), yl = strcspn(y, "=");
    int c = strncmp(x, y, xl < yl ? xl : yl);
    return c ? c : (xl > yl) - (xl < yl);
}

/* Serialises XHTML content as HTML the way tolerant feed readers hand it
 * out: no prefixes on elements, a namespace declared where a foreign
 * vocabulary (SVG, MathML) starts, attributes in name order, explicit end
 * tags except for HTML's void elements. */
static void xhtml_serialize(xmlNodePtr n, struct nw_buf *b, const char *parent_ns, int depth)
{
    for (; n && depth < 256; n = n->next) {
        const char *text = node_text(n);
        if (text) {
            nw_buf_put_xml(b, text, false);
            continue;
        }
        if (n->type == XML_ENTITY_REF_NODE) {
            xmlChar *c = xmlNodeGetContent(n);
            if (c)
                nw_buf_put_xml(b, (const char *)c, false);
            xmlFree(c);
            continue;
        }
        if (n->type != XML_ELEMENT_NODE)
            continue;
        const char *name = (const char *)n->name;
        const char *ns = n->ns && n->ns->href ? (const char *)n->ns->href : NULL;
        /* "name=value" strings, sorted, then written */
        char *attrs[64];
        size_t na = 0;
        struct nw_buf one = {0};
        if (ns && strcmp(ns, XHTML_NS) && (!parent_ns || strcmp(ns, parent_ns))) {
            nw_buf_puts(&one, "xmlns=\"");
            nw_buf_put_xml(&one, ns, true);
            nw_buf_putc(&one, '"');
            attrs[na++] = nw_buf_steal(&one);
        }
        for (xmlAttrPtr a = n->properties; a && na < 62; a = a->next) {
            xmlChar *v = xmlNodeListGetString(n->doc, a->children, 1);
            if (a->ns && a->ns->prefix) {
                nw_buf_printf(&one, "%s:%s=\"", (const char *)a->ns->prefix, (const char *)a->name);
                nw_buf_put_xml(&one, v ? (const char *)v : "", true);
                nw_buf_putc(&one, '"');
                attrs[na++] = nw_buf_steal(&one);
                nw_buf_printf(&one, "xmlns:%s=\"", (const char *)a->ns->prefix);
                nw_buf_put_xml(&one, (const char *)a->ns->href, true);
                nw_buf_putc(&one, '"');
                attrs[na++] = nw_buf_steal(&one);
            } else {
                nw_buf_printf(&one, "%s=\"", (const char *)a->name);
                nw_buf_put_xml(&one, v ? (const char *)v : "", true);
                nw_buf_putc(&one, '"');
                attrs[na++] = nw_buf_steal(&one);
            }
            xmlFree(v);
        }
        qsort(attrs, na, sizeof *attrs, cmp_attr);
        nw_buf_printf(b, "<%s", name);
        for (size_t i = 0; i < na; i++) {
            if (i && !strcmp(attrs[i], attrs[i - 1]))
                continue; /* one xmlns:prefix per element */
            nw_buf_putc(b, ' ');
            nw_buf_puts(b, attrs[i]);
        }
        for (size_t i = 0; i < na; i++)
            free(attrs[i]);
        bool html = !ns || !strcmp(ns, XHTML_NS);
        if (html && void_element(name) && !n->children) {
            nw_buf_puts(b, " />");
            continue;
        }
        nw_buf_putc(b, '>');
        xhtml_serialize(n->children, b, ns ? ns : parent_ns, depth + 1);
        nw_buf_printf(b, "</%s>", name);
    }
}

/* Inner markup of an element (Atom type="xhtml"), new string. */
static char *inner_xml(xmlNodePtr n)
{
    struct nw_buf b = {0};
    nw_buf_append(&b, "", 0);
    xhtml_serialize(n->children, &b, n->ns && n->ns->href ? (const char *)n->ns->href : XHTML_NS, 0);
    return nw_buf_steal(&b);
}

static char *html_of_raw(xmlNodePtr n);
static char *base_of(xmlNodePtr n, const char *doc_url);

/* Plain text as HTML that reads back as the same text, its paragraphs
 * kept. */
static char *text_to_html(const char *s)
{
    return html_paragraphs(s, true);
}

/* Set while feed_parse_for_text reads a document: items' content is
 * given as the feed has it. */
static _Thread_local bool content_as_is;

/* The element's value as sanitised HTML, relative URLs resolved. */
static char *html_of(xmlNodePtr n, const char *doc_url)
{
    char *raw = html_of_raw(n);
    size_t len = strlen(raw);
    if (!html_needs_sanitizing(raw, len))
        return raw;
    char *base = base_of(n, doc_url);
    char *clean = html_sanitize(raw, len, base);
    free(base);
    free(raw);
    return clean;
}

/* An item's content: as html_of, or as the feed has it (content_as_is). */
static char *content_of(xmlNodePtr n, const char *doc_url)
{
    return content_as_is ? html_of_raw(n) : html_of(n, doc_url);
}

/* What an Atom type="xhtml" element's markup is read from: its <div>,
 * the wrapper RFC 4287 (3.1.1.3) asks for, when that is all it holds
 * (white space aside); else the element itself, so that markup beside a
 * <div> ("<div>A title</div><p>A paragraph</p>") is not lost. */
static xmlNodePtr xhtml_wrapper(xmlNodePtr n)
{
    xmlNodePtr div = NULL;
    for (xmlNodePtr c = n->children; c; c = c->next) {
        if (c->type == XML_ELEMENT_NODE) {
            if (div || strcasecmp((const char *)c->name, "div"))
                return n;
            div = c;
        } else if ((c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) && c->content) {
            for (const xmlChar *t = c->content; *t; t++)
                if (!strchr(" \t\r\n", *t))
                    return n;
        }
    }
    return div ? div : n;
}

/* The type of an element's value: its type attribute (held in *hold,
 * which the caller frees); for an Atom element without one, "text",
 * Atom's default (RFC 4287 3.1.1; Atom 0.3 said text/plain): markup in it
 * is text, "<c>" and all. NULL for another element without one (RSS:
 * escaped HTML). */
static const char *type_of(xmlNodePtr n, char **hold)
{
    const char *type = attr(n, "type", hold);
    /* Atom's text constructs are plain text unless typed; an RSS element
     * written in Atom's namespace (<description>) is escaped HTML, as in RSS */
    return type ? type : ns_of(n) == NS_ATOM && !name_eq((const char *)n->name, "description") ? "text" : NULL;
}

/* The element's value as HTML: Atom says how it is typed; RSS is escaped HTML. */
static char *html_of_raw(xmlNodePtr n)
{
    char *hold = NULL;
    const char *type = type_of(n, &hold);
    char *res;
    if (type && (!strcasecmp(type, "xhtml") || !strcasecmp(type, "application/xhtml+xml"))) {
        res = inner_xml(xhtml_wrapper(n));
    } else if (type && (!strcasecmp(type, "text") || !strcasecmp(type, "text/plain"))) {
        bool decoded; /* (Atom 0.3 mode="base64") */
        char *raw = mode_content(n, &decoded);
        res = text_to_html(raw);
        free(raw);
    } else {
        bool decoded;
        res = mode_content(n, &decoded);
    }
    free(hold);
    return res;
}

/* Whether the tag at p ('<' then a letter, or "</" then one) is of an
 * element HTML has, or a name of a namespace's ("o:p") or a custom
 * element ("my-card"): "<int>" in "Vector<int>", "<News>" and
 * "<b@e.org>" name none, and are text in a plain-text title. */
static bool element_tag(const char *p)
{
    const char *name = p + 1 + (p[1] == '/');
    size_t n = 0;
    while (isalnum((unsigned char)name[n]))
        n++;
    if (!n || name[n] == ':' || name[n] == '-')
        return true;
    /* a tag's name runs to white space, '/' or '>' ("<b@e.org>" names
     * no element) */
    return name[n] && strchr(" \t\n\r\f/>", name[n]) && html_is_element_name(name, n);
}

/* A title's '<' that opens no tag ("A<B", "x < y", "<3", "List<T>") is
 * text: escaped before the value is read as HTML, which would drop it
 * with what follows. A '<' opens a tag when a letter, '/', '!' or '?'
 * follows, a '>' comes before the next '<' (outside quoted attribute
 * values), and the name is an element's (element_tag). New string, or
 * NULL when nothing needed escaping. */
static char *escape_stray_lt(const char *s)
{
    struct nw_buf b = {0};
    for (const char *p = s; *p; p++) {
        bool tag = false;
        if (*p == '<' && (isalpha((unsigned char)p[1]) || p[1] == '/' || p[1] == '!' || p[1] == '?')) {
            /* its '>' must come before another '<' (quoted attribute values aside) */
            const char *q = p + 1;
            while (*q && *q != '<' && *q != '>') {
                if (*q == '"' || *q == '\'') {
                    const char *end = strchr(q + 1, *q);
                    if (!end)
                        break;
                    q = end;
                }
                q++;
            }
            tag = *q == '>' && (p[1] == '!' || p[1] == '?' || element_tag(p));
        }
        if (*p == '<' && !tag) {
            if (!b.data)
                nw_buf_append(&b, s, (size_t)(p - s));
            nw_buf_puts(&b, "&lt;");
        } else if (b.data) {
            nw_buf_putc(&b, *p);
        }
    }
    return b.data ? nw_buf_steal(&b) : NULL;
}

/* The element's value as plain text (titles, names). */
static char *text_of(xmlNodePtr n)
{
    char *hold = NULL;
    const char *type = type_of(n, &hold);
    char *res;
    bool decoded; /* base64 (Atom 0.3 mode="base64"): read as its type says, plain text if none */
    char *raw = mode_content(n, &decoded);
    if (type && (!strcasecmp(type, "text") || !strcasecmp(type, "text/plain"))) {
        res = html_collapse_ws(raw);
    } else if (type && (!strcasecmp(type, "xhtml") || !strcasecmp(type, "application/xhtml+xml"))) {
        res = html_collapse_ws(raw);
    } else if (decoded && !(type && (!strcasecmp(type, "html") || !strcasecmp(type, "text/html")))) {
        res = html_collapse_ws(raw);
    } else {
        char *esc = escape_stray_lt(raw);
        if (esc) {
            free(raw);
            raw = esc;
        }
        res = html_fragment_text(raw, strlen(raw));
        html_collapse_ws(res);
        free(raw);
    }
    free(hold);
    return res;
}

static char *base_of(xmlNodePtr n, const char *doc_url)
{
    xmlChar *b = xmlNodeGetBase(n->doc, n);
    char *res = NULL;
    if (b) {
        res = nw_url_resolve(doc_url, (const char *)b);
        xmlFree(b);
    }
    return res ? res : (doc_url ? nw_strdup(doc_url) : NULL);
}

/* Whether a reference is already an absolute http(s) URL with nothing to
 * normalise (no dot segments, spaces or backslashes). */
static bool plain_absolute(const char *ref)
{
    return nw_url_is_http(ref) && !strstr(ref, "/.") && !strpbrk(ref, " \t\n\\");
}

/* ref resolved against base; a plain absolute URL as given, and a
 * relative one that has no base to go with as given too (a link the
 * reader can still make sense of, never a dropped one). */
static char *resolve_keep(const char *base, const char *ref)
{
    if (ref && plain_absolute(ref))
        return nw_strdup(ref);
    char *r = nw_url_resolve(base, ref);
    if (!r && ref && *ref)
        r = nw_strdup(ref);
    return r;
}

static char *resolve_at(xmlNodePtr n, const char *doc_url, const char *ref)
{
    if (ref && plain_absolute(ref))
        return nw_strdup(ref);
    char *base = base_of(n, doc_url);
    char *r = resolve_keep(base, ref);
    free(base);
    return r;
}

/* Text that was UTF-8, read as windows-1252 and encoded again ("Ã©" for
 * "é", "â€¦" for "…") is turned back, when the whole string reads so. */
static char *repair_mojibake(char *s)
{
    struct nw_buf b;
    if (charset_undo_double_utf8(s, strlen(s), &b) != 1)
        return s;
    free(s);
    return nw_buf_steal(&b);
}

/* Every string read from an XML feed comes from a document made valid
 * UTF-8 before it is parsed (parse_document), through libxml2 and functions
 * that keep it valid, and the base URL is checked on the way in: its text
 * is set without checking it again. The fuzz target asserts that this
 * holds. (JSON Feeds are checked as they are set: see jf_owned.) */
static void set_text(json_t *o, const char *key, const char *s, size_t n)
{
    json_object_set_new(o, key, json_stringn_nocheck(s, n));
}

/* s with its control characters as html_fix_controls has them (a C1
 * control that mojibake repair left is windows-1252's character): s, or
 * a new string (s freed); *n its length. A string read from XML holds no
 * C0 control (parse_document leaves none, and a reference to one is
 * U+FFFD), so only DEL and C1 are looked for there, with the C library's
 * byte search; one from a JSON Feed (`json`) may hold any. */
static char *fix_controls(char *s, size_t *n, bool json)
{
    size_t len = strlen(s);
    *n = len;
    const char *end = s + len;
    bool any = memchr(s, 0x7F, len) != NULL;
    for (const char *r = s; !any && (r = memchr(r, 0xC2, (size_t)(end - r))); r++)
        any = (unsigned char)r[1] >= 0x80 && (unsigned char)r[1] <= 0x9F;
    if (!any && !(json && html_has_c0(s, len)))
        return s;
    s = html_fix_controls(s);
    *n = strlen(s);
    return s;
}

/* Titles and names are display text: one past NW_LINE_MAX bytes (a
 * broken or hostile feed's: an 8 MB title would be written into the
 * feed's store record at every fetch) is cut in place (nw_utf8_clip).
 * s[0..*n) is the caller's own string. */
static void clip_owned(const char *key, char *s, size_t *n)
{
    if (*n > NW_LINE_MAX && (!strcmp(key, "title") || !strcmp(key, "author")))
        *n = nw_utf8_clip(s, *n);
}

/* Sets o[key] to s (owned; mojibake repaired, controls fixed) unless
 * s is empty; `checked` checks it is UTF-8 first (see jf_owned). */
static void put_owned(json_t *o, const char *key, char *s, bool checked)
{
    size_t n = 0;
    if (s) {
        s = fix_controls(repair_mojibake(s), &n, checked);
        clip_owned(key, s, &n);
    }
    if (s && *s) {
        if (checked)
            nw_json_set_str(o, key, s);
        else
            set_text(o, key, s, n);
    }
    free(s);
}

static void set_owned(json_t *o, const char *key, char *s) { put_owned(o, key, s, false); }

static void set_if_absent(json_t *o, const char *key, char *s)
{
    if (!json_object_get(o, key))
        set_owned(o, key, s);
    else
        free(s);
}

/* Like set_if_absent, but an element that is there and empty gives "". */
static void set_present(json_t *o, const char *key, char *s)
{
    size_t n = 0;
    if (s) {
        s = fix_controls(repair_mojibake(s), &n, false);
        clip_owned(key, s, &n);
    }
    if (!json_object_get(o, key) && s)
        set_text(o, key, s, n);
    free(s);
}

/* A title of the format's own (RSS's, Atom's <title>): the first one is
 * the title, before a Dublin Core or Media RSS title met ahead of it
 * (element order means nothing there), unless it is empty. *own says
 * whether one was met. */
static void set_own_title(json_t *o, char *s, bool *own)
{
    if (!*own && s && s[strspn(s, " \t\r\n")])
        json_object_del(o, "title");
    *own = true;
    set_present(o, "title", s);
}

/* The plain text of a summary's HTML, without a closing ellipsis ("...",
 * "…") and the blank space around it. New string. */
static char *summary_stem(const char *html)
{
    char *t = html_fragment_text(html, strlen(html));
    size_t n = strlen(t);
    for (;;) {
        while (n && isspace((unsigned char)t[n - 1]))
            n--;
        if (n >= 3 && !memcmp(t + n - 3, "...", 3))
            n -= 3;
        else if (n >= 3 && !memcmp(t + n - 3, "\xe2\x80\xa6", 3))
            n -= 3;
        else
            break;
    }
    t[n] = '\0';
    return t;
}

/* A summary from one of the item's summary elements: the first there
 * counts, unless a later one is the same text made longer (a podcast's
 * <description> "Guests discuss..." and its <itunes:summary> "Guests
 * discuss the man who..."): the longer is kept. */
static void set_summary(json_t *o, char *s)
{
    const char *have = nw_json_str(o, "summary");
    if (s && have && *have && *s) {
        char *a = summary_stem(have), *b = summary_stem(s);
        size_t na = strlen(a);
        bool longer = na && strlen(b) > na && !strncmp(a, b, na);
        free(a);
        free(b);
        if (longer)
            json_object_del(o, "summary");
    }
    set_present(o, "summary", s);
}

static void set_date_str(json_t *o, const char *key, const char *raw)
{
    int64_t t = date_plausible(date_parse(raw));
    if (t != NW_NO_TIME)
        nw_json_set_time(o, key, t);
}

/* The date an element says, NW_NO_TIME when none. */
static int64_t node_date(xmlNodePtr n)
{
    char *raw = raw_content(n);
    int64_t t = date_plausible(date_parse(raw));
    free(raw);
    return t;
}

/* A later date element of the same meaning replaces an earlier one. */
static void set_date(json_t *o, const char *key, xmlNodePtr n)
{
    int64_t t = node_date(n);
    if (t != NW_NO_TIME)
        nw_json_set_time(o, key, t);
}

/* Another date element of the same weaker meaning: the later one read. */
static void keep_date(int64_t *slot, xmlNodePtr n)
{
    int64_t t = node_date(n);
    if (t != NW_NO_TIME)
        *slot = t;
}

/* What one item keeps of a list (categories, enclosures, its authors'
 * names joined): each new one is compared with those before, and more is
 * a broken or hostile feed, not a real item's (100,000 categories in one
 * item took 38 s). */
#define MAX_ITEM_LIST NW_LINES_MAX
#define MAX_NAMES_BYTES NW_LINE_MAX

/* A name added to a list of names joined by ", ", unless it is there or
 * the list would grow past MAX_NAMES_BYTES (a name that long alone is cut
 * with the other display text at the end). */
static void add_name(struct nw_buf *names, const char *name)
{
    size_t len = name ? strlen(name) : 0;
    if (!len || (names->len && names->len + 2 + len > MAX_NAMES_BYTES) || (names->len && strstr(names->data, name)))
        return;
    if (names->len)
        nw_buf_puts(names, ", ");
    if (len > MAX_NAMES_BYTES) { /* one name that long: cut as display text is */
        nw_buf_append(names, name, nw_utf8_clip_len(name, len, MAX_NAMES_BYTES));
        nw_buf_puts(names, NW_ELLIPSIS);
    } else {
        nw_buf_append(names, name, len);
    }
}

static void add_category(json_t *item, char *term)
{
    if (!term || !*term) {
        free(term);
        return;
    }
    json_t *cats = json_object_get(item, "categories");
    if (!cats) {
        cats = json_array();
        json_object_set_new(item, "categories", cats);
    }
    if (json_array_size(cats) >= MAX_ITEM_LIST) {
        free(term);
        return;
    }
    nw_utf8_clip(term, strlen(term)); /* display text (jsonx.h) */
    size_t i;
    json_t *v;
    json_array_foreach(cats, i, v) if (!strcmp(json_string_value(v), term))
    {
        free(term);
        return;
    }
    json_array_append_new(cats, nw_json_string(term, strlen(term)));
    free(term);
}

static void add_enclosure(json_t *item, char *url, const char *type, const char *length)
{
    if (!url || !*url) {
        free(url);
        return;
    }
    json_t *encs = json_object_get(item, "enclosures");
    if (!encs) {
        encs = json_array();
        json_object_set_new(item, "enclosures", encs);
    }
    if (json_array_size(encs) >= MAX_ITEM_LIST) {
        free(url);
        return;
    }
    size_t i;
    json_t *v;
    json_array_foreach(encs, i, v) if (!strcmp(nw_json_str(v, "url"), url))
    {
        free(url);
        return;
    }
    json_t *e = json_object();
    nw_json_set_str(e, "url", url);
    if (type && *type)
        nw_json_set_str(e, "type", type);
    if (length && *length) {
        long long l = strtoll(length, NULL, 10);
        json_object_set_new(e, "length", json_integer(l > 0 ? l : 0));
    }
    json_array_append_new(encs, e);
    free(url);
}

/* Whether a byline is an e-mail address and no name. */
static bool address_only(const char *s)
{
    return strchr(s, '@') && !strpbrk(s, " \t");
}

/* The length of a "<address>" at r: '<', an '@' and no white space, '>'
 * within 256 bytes (an address is shorter); 0 when there is none. */
static size_t bracketed_address(const char *r)
{
    bool at = false;
    size_t n = 1;
    for (; n < 256 && r[n] && r[n] != '>' && r[n] != '<' && !isspace((unsigned char)r[n]); n++)
        at |= r[n] == '@';
    return r[n] == '>' && at && n >= 4 ? n + 1 : 0;
}

/* A byline written "Name <address>" as mail headers have it, or several
 * so: the names ("Ann <a@e.org>, Bob <b@e.org>" is "Ann, Bob"), or the
 * first address alone when there is no name. s is changed in place. */
static char *drop_bracketed_address(char *s)
{
    if (!s || !strchr(s, '<'))
        return s;
    bool name = false;
    char *first = NULL;
    size_t first_len = 0;
    for (char *r = s; *r;) {
        size_t n = *r == '<' ? bracketed_address(r) : 0;
        if (n && !first) {
            first = r;
            first_len = n;
        }
        name |= !n && (isalnum((unsigned char)*r) || (unsigned char)*r >= 0x80); /* a letter, not ", " */
        r += n ? n : 1;
    }
    if (!first)
        return s;
    if (!name) {
        memmove(s, first + 1, first_len - 2);
        s[first_len - 2] = '\0';
        return s;
    }
    char *w = s; /* never ahead of r: what r reads is still there */
    for (char *r = s; *r;) {
        size_t n = *r == '<' ? bracketed_address(r) : 0;
        if (!n) {
            *w++ = *r++;
            continue;
        }
        while (w > s && isspace((unsigned char)w[-1]))
            w--;
        r += n;
    }
    *w = '\0';
    return html_collapse_ws(s);
}

/* Atom person construct or RSS author string. */
static char *person_of(xmlNodePtr n)
{
    bool has_children = false;
    for (xmlNodePtr c = n->children; c; c = c->next)
        has_children |= c->type == XML_ELEMENT_NODE;
    if (!has_children)
        return drop_bracketed_address(text_of(n));
    char *name = NULL, *email = NULL;
    for (xmlNodePtr c = n->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        if (!strcasecmp((const char *)c->name, "name") && !name)
            name = text_of(c);
        else if (!strcasecmp((const char *)c->name, "email") && !email)
            email = text_of(c);
    }
    if (name && *name) {
        free(email);
        return name;
    }
    free(name);
    return email;
}

/* The names of the Atom authors among an element's children (a feed's,
 * an entry's <source>), joined by ", "; NULL when there are none. */
static char *atom_author_names(xmlNodePtr parent)
{
    struct nw_buf names = {0};
    for (xmlNodePtr a = parent->children; a; a = a->next)
        if (a->type == XML_ELEMENT_NODE && ns_of(a) == NS_ATOM && name_eq((const char *)a->name, "author")) {
            char *who = person_of(a);
            add_name(&names, who);
            free(who);
        }
    if (names.len)
        return nw_buf_steal(&names);
    nw_buf_cleanup(&names);
    return NULL;
}

/* An alternate link's rank among its siblings: an http(s) URL before any
 * other scheme, then a type that says HTML, then no type, then any other
 * type (an image, a PDF). */
static int alternate_rank(const char *url, const char *type)
{
    /* a web page first: text/html before application/xhtml+xml */
    return (url && nw_url_is_http(url) ? 4 : 0) +
           (!type ? 1 : !strncasecmp(type, "text/html", 9) ? 3 : strcasestr(type, "html") ? 2 : 0);
}

/* An Atom link. The best-ranked alternate becomes the object's link;
 * *rank is that of the alternate kept so far (-1: none, and a link set by
 * another element stays). */
static void atom_link(json_t *o, xmlNodePtr n, const char *doc_url, bool item, int *rank)
{
    char *rel = NULL, *href = NULL, *type = NULL, *len = NULL;
    attr(n, "rel", &rel);
    attr(n, "href", &href);
    attr(n, "type", &type);
    attr(n, "length", &len);
    if (!href) {
        /* Atom 0.3 and sloppy feeds sometimes put the URL in the content */
        char *c = raw_content(n);
        html_collapse_ws(c);
        if (*c)
            href = c;
        else
            free(c);
    }
    if (href) {
        char *abs = resolve_at(n, doc_url, href);
        /* RFC 4287 4.2.7.2: a rel in IANA's registry may be written as
         * its full IRI */
        static const char iana[] = "http://www.iana.org/assignments/relation/";
        if (rel && !strncasecmp(rel, iana, sizeof iana - 1))
            memmove(rel, rel + sizeof iana - 1, strlen(rel + sizeof iana - 1) + 1);
        if (!rel || !strcasecmp(rel, "alternate")) {
            const char *key = item ? "url" : "link";
            int r = alternate_rank(abs, type);
            if (abs && (!json_object_get(o, key) || (*rank >= 0 && r > *rank))) {
                set_owned(o, key, abs);
                *rank = r;
            } else {
                free(abs);
            }
        } else if (item && !strcasecmp(rel, "enclosure")) {
            add_enclosure(o, abs, type, len);
        } else {
            free(abs);
        }
    }
    free(rel);
    free(href);
    free(type);
    free(len);
}

/* The element's own text, without its children elements' text. */
static char *own_text(xmlNodePtr n)
{
    struct nw_buf b = {0};
    nw_buf_append(&b, "", 0);
    for (xmlNodePtr c = n->children; c; c = c->next) {
        const char *t = node_text(c);
        if (t)
            nw_buf_puts(&b, t);
    }
    char *raw = nw_buf_steal(&b);
    char *t = html_fragment_text(raw, strlen(raw));
    free(raw);
    return html_collapse_ws(t);
}

/* itunes:category text="..." elements, nested ones included. */
static void itunes_categories(json_t *item, xmlNodePtr c)
{
    xmlChar *t = xmlGetProp(c, (const xmlChar *)"text");
    if (t) {
        add_category(item, nw_strdup((const char *)t));
        xmlFree(t);
    }
    for (xmlNodePtr k = c->children; k; k = k->next)
        if (is(k, NS_ITUNES, "category"))
            itunes_categories(item, k);
}

/* CDF (Channel Definition Format) keeps links and dates in attributes. */
static void cdf_attributes(json_t *o, xmlNodePtr n, const char *doc_url, bool item)
{
    char *v = NULL;
    if (attr(n, "href", &v) && *v)
        set_if_absent(o, item ? "url" : "link", resolve_at(n, doc_url, v));
    if (attr(n, "lastmod", &v))
        set_date_str(o, "updated", v);
    free(v);
}

/* Media RSS's title and description of a media object (in a media:group
 * or a media:content), the first of each kept: the item's when it has none
 * of its own, wherever its own come (see parse_item's end). */
struct media_text {
    xmlNodePtr title, description;
};

static void media_text(struct media_text *mt, xmlNodePtr m)
{
    if (is(m, NS_MEDIA, "title") && !mt->title)
        mt->title = m;
    else if (is(m, NS_MEDIA, "description") && !mt->description)
        mt->description = m;
}

static json_t *parse_item(xmlNodePtr it, const char *doc_url)
{
    json_t *item = json_object();
    char *tmp = NULL, *tmp2 = NULL, *tmp3 = NULL;
    bool guid_is_link = false, guid_says_link = false, guid_from_dc = false;
    xmlNodePtr guid_node = NULL;
    int link_rank = -1;
    bool said_published = false; /* by pubDate, published, issued */
    int atom_authors = 0, rss_authors = 0;
    int64_t dc_date = NW_NO_TIME, created = NW_NO_TIME; /* used when it was not */
    struct media_text mt = {0};
    bool own_title = false;
    for (xmlNodePtr c = it->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        enum ns ns = ns_of(c);
        const char *name = (const char *)c->name;
        if ((ns == NS_NONE || ns == NS_ATOM) && name_eq(name, "title")) {
            set_own_title(item, text_of(c), &own_title);
        } else if ((ns == NS_DC || ns == NS_MEDIA) && name_eq(name, "title")) {
            set_if_absent(item, "title", text_of(c));
        } else if (ns == NS_OTHER && name_eq(name, "body") && c->ns && c->ns->href &&
                   !strcmp((const char *)c->ns->href, "http://www.w3.org/1999/xhtml")) {
            /* <xhtml:body>: the item's content, as markup */
            char *raw = inner_xml(c);
            if (content_as_is) {
                set_if_absent(item, "content", raw);
            } else {
                char *base = base_of(c, doc_url);
                set_if_absent(item, "content", html_sanitize(raw, strlen(raw), base));
                free(raw);
                free(base);
            }
        } else if (ns == NS_NONE && name_eq(name, "link")) {
            char *raw = html_collapse_ws(raw_content(c));
            if (*raw)
                set_owned(item, "url", resolve_at(c, doc_url, raw));
            else if (xmlHasProp(c, (const xmlChar *)"href"))
                atom_link(item, c, doc_url, true, &link_rank); /* Atom's form, its namespace left out */
            free(raw);
        } else if (ns == NS_ATOM && name_eq(name, "link")) {
            atom_link(item, c, doc_url, true, &link_rank);
        } else if (ns == NS_NONE && name_eq(name, "guid")) {
            char *g = html_collapse_ws(raw_content(c));
            attr(c, "isPermaLink", &tmp);
            guid_is_link = !(tmp && !strcasecmp(tmp, "false"));
            guid_says_link = tmp && !strcasecmp(tmp, "true");
            if (!json_object_get(item, "guid"))
                guid_node = c;
            set_if_absent(item, "guid", g);
        } else if (ns == NS_ATOM && name_eq(name, "id")) {
            set_if_absent(item, "guid", html_collapse_ws(raw_content(c)));
        } else if (ns == NS_DC && name_eq(name, "identifier")) {
            if (!json_object_get(item, "guid"))
                guid_from_dc = true;
            set_if_absent(item, "guid", html_collapse_ws(raw_content(c)));
        } else if (ns == NS_NONE &&
                   (name_eq(name, "description") || name_eq(name, "summary") || name_eq(name, "abstract"))) {
            /* RSS with both: the first is the summary, the other the content */
            if (!json_object_get(item, "summary"))
                set_present(item, "summary", html_of(c, doc_url));
            else
                set_if_absent(item, "content", content_of(c, doc_url));
        } else if ((ns == NS_ATOM && (name_eq(name, "summary") || name_eq(name, "description"))) ||
                   (ns == NS_DC && name_eq(name, "description")) ||
                   (ns == NS_ITUNES && (name_eq(name, "summary") || name_eq(name, "subtitle"))) ||
                   (ns == NS_MEDIA && name_eq(name, "description"))) {
            /* <itunes:subtitle> is the short form by definition */
            if (ns == NS_ITUNES && name_eq(name, "subtitle"))
                set_present(item, "summary", html_of(c, doc_url));
            else
                set_summary(item, html_of(c, doc_url));
        } else if (ns == NS_MEDIA && name_eq(name, "group")) {
            for (xmlNodePtr g = c->children; g; g = g->next)
                if (is(g, NS_MEDIA, "description") || is(g, NS_MEDIA, "title"))
                    media_text(&mt, g);
                else if (is(g, NS_MEDIA, "content")) {
                    if (attr(g, "url", &tmp))
                        add_enclosure(item, resolve_at(g, doc_url, tmp), attr(g, "type", &tmp2),
                                      attr(g, "fileSize", &tmp3));
                    for (xmlNodePtr m = g->children; m; m = m->next)
                        media_text(&mt, m);
                }
        } else if ((ns == NS_CONTENT && name_eq(name, "encoded")) || (ns == NS_ATOM && name_eq(name, "content")) ||
                   (ns == NS_NONE &&
                    (name_eq(name, "body") || name_eq(name, "fullitem") || name_eq(name, "content")))) {
            /* an RSS item's <content> without a namespace is content:encoded
             * with its prefix left out (or Atom's, its namespace left out) */
            if (ns == NS_ATOM && attr(c, "src", &tmp)) {
                continue;
            }
            set_if_absent(item, "content", content_of(c, doc_url));
        } else if ((ns == NS_NONE && name_eq(name, "pubDate")) ||
                   (ns == NS_ATOM && (name_eq(name, "published") || name_eq(name, "issued"))) ||
                   (ns == NS_DC && name_eq(name, "issued"))) {
            set_date(item, "published", c);
            said_published = true;
        } else if ((ns == NS_ATOM && name_eq(name, "created")) ||
                   (ns == NS_DC && (name_eq(name, "date") || name_eq(name, "created")))) {
            /* the publication date when nothing says so more plainly; a
             * dc:date beside a pubDate is, as feedparser reads it, the
             * update */
            keep_date(ns == NS_DC && name_eq(name, "date") ? &dc_date : &created, c);
        } else if ((ns == NS_ATOM && (name_eq(name, "updated") || name_eq(name, "modified"))) ||
                   (ns == NS_DC && name_eq(name, "modified"))) {
            set_date(item, "updated", c);
        } else if (ns == NS_NONE && name_eq(name, "lastBuildDate")) {
            /* the channel's element in an item: its update, unless it has a plainer one */
            if (!json_object_get(item, "updated"))
                set_date(item, "updated", c);
        } else if ((ns == NS_NONE && name_eq(name, "author")) || (ns == NS_ATOM && name_eq(name, "author")) ||
                   (ns == NS_DC &&
                    (name_eq(name, "creator") || name_eq(name, "contributor") || name_eq(name, "author"))) ||
                   (ns == NS_ITUNES && name_eq(name, "author"))) {
            char *who = person_of(c);
            const char *had = nw_json_str(item, "author");
            bool again = ns == NS_ATOM ? atom_authors++ > 0 : ns == NS_NONE && rss_authors++ > 0;
            if (again && had && (ns == NS_ATOM || (who && !address_only(had) && !address_only(who)))) {
                /* an entry's several Atom authors, all of them; so an RSS
                 * item's several <author>s, when they are names */
                struct nw_buf all = {0};
                nw_buf_puts(&all, had);
                add_name(&all, who);
                free(who);
                set_owned(item, "author", nw_buf_steal(&all));
            } else if (had && who && address_only(had) && !address_only(who)) {
                set_owned(item, "author", who); /* a name rather than an address ("jd@e.org", then dc:creator) */
            } else {
                set_if_absent(item, "author", who);
            }
        } else if (ns == NS_ATOM && name_eq(name, "source") && content_as_is) {
            /* an aggregated entry's feed (a planet's): its authors are the
             * entry's when it names none (RFC 4287 4.2.1), for the daemon;
             * `parse` leaves that to its reader, as feedparser does */
            set_if_absent(item, "source_author", atom_author_names(c));
        } else if ((ns == NS_NONE && name_eq(name, "category")) || (ns == NS_DC && name_eq(name, "subject")) ||
                   (ns == NS_MEDIA && name_eq(name, "category"))) {
            add_category(item, own_text(c));
        } else if (ns == NS_NONE && name_eq(name, "categories")) {
            /* a wrapper some CMSs write around RSS categories */
            for (xmlNodePtr k = c->children; k; k = k->next)
                if (k->type == XML_ELEMENT_NODE && !k->ns && name_eq((const char *)k->name, "category"))
                    add_category(item, own_text(k));
        } else if ((ns == NS_NONE && (name_eq(name, "tags") || name_eq(name, "keywords"))) ||
                   ((ns == NS_ITUNES || ns == NS_MEDIA) && name_eq(name, "keywords"))) {
            /* comma-separated: a podcast's or a media object's keywords too */
            char *all = raw_content(c), *save = NULL;
            for (char *t = strtok_r(all, ",", &save); t; t = strtok_r(NULL, ",", &save))
                add_category(item, html_collapse_ws(nw_strdup(t)));
            free(all);
        } else if (ns == NS_ITUNES && name_eq(name, "category")) {
            itunes_categories(item, c);
        } else if (ns == NS_ATOM && name_eq(name, "category")) {
            if (attr(c, "term", &tmp) && *tmp)
                add_category(item, nw_strdup(tmp));
            else if (attr(c, "label", &tmp))
                add_category(item, nw_strdup(tmp));
            else /* no term: the text, as RSS writes it */
                add_category(item, own_text(c));
        } else if (ns == NS_NONE && name_eq(name, "enclosure")) {
            if (attr(c, "url", &tmp))
                add_enclosure(item, resolve_at(c, doc_url, tmp), attr(c, "type", &tmp2), attr(c, "length", &tmp3));
        } else if (ns == NS_MEDIA && name_eq(name, "content")) {
            if (attr(c, "url", &tmp))
                add_enclosure(item, resolve_at(c, doc_url, tmp), attr(c, "type", &tmp2),
                              attr(c, "fileSize", &tmp3));
            for (xmlNodePtr m = c->children; m; m = m->next)
                media_text(&mt, m);
        }
    }
    if (mt.title)
        set_if_absent(item, "title", text_of(mt.title));
    if (mt.description)
        set_if_absent(item, "summary", html_of(mt.description, doc_url));
    if (!said_published && (dc_date != NW_NO_TIME || created != NW_NO_TIME))
        nw_json_set_time(item, "published", dc_date != NW_NO_TIME ? dc_date : created);
    else if (said_published && dc_date != NW_NO_TIME && !json_object_get(item, "updated"))
        nw_json_set_time(item, "updated", dc_date);
    cdf_attributes(item, it, doc_url, true);
    /* RSS 1.0 items name themselves in rdf:about: the item's link when it
     * has none, and its identity (a dc:identifier, a DOI say, is only a
     * property of it) */
    bool no_url = !json_object_get(item, "url"), no_guid = !json_object_get(item, "guid") || guid_from_dc;
    xmlChar *about = no_url || no_guid ? xmlGetNsProp(it, (const xmlChar *)"about",
                                                      (const xmlChar *)"http://www.w3.org/1999/02/22-rdf-syntax-ns#")
                                       : NULL;
    if (about) {
        if (no_url)
            set_owned(item, "url", resolve_at(it, doc_url, (const char *)about));
        if (no_guid) /* a blank one leaves the guid as it is */
            set_owned(item, "guid", html_collapse_ws(nw_strdup((const char *)about)));
        xmlFree(about);
    }
    const char *guid = nw_json_str(item, "guid");
    if (!json_object_get(item, "url") && guid && guid_is_link) {
        /* a permalink guid is the item's link. A relative one is a link
         * only when the feed says so (isPermaLink="true") or when it is a
         * path ("/2024/05/story"); "12345" is an id, not a page */
        if (nw_url_is_http(guid))
            nw_json_set_str(item, "url", guid);
        else if (guid_node && *guid && !strpbrk(guid, " \t\n") && !strchr(guid, ':') &&
                 (guid_says_link || (guid[0] == '/' && guid[1] != '/'))) {
            char *u = resolve_at(guid_node, doc_url, guid);
            if (u && guid_says_link && nw_url_is_http(u))
                nw_json_set_str(item, "guid", u); /* one id, wherever the feed is read from */
            set_owned(item, "url", u);
        }
    }
    free(tmp);
    free(tmp2);
    free(tmp3);
    return item;
}

/* A language tag as BCP 47 writes it: "en_US" becomes "en-US". */
static char *lang_tag(char *s)
{
    html_collapse_ws(s);
    for (char *p = s; *p; p++)
        if (*p == '_')
            *p = '-';
    return s;
}

static void parse_channel_fields(json_t *feed, xmlNodePtr ch, const char *doc_url)
{
    int link_rank = -1;
    int64_t pub_date = NW_NO_TIME; /* the channel's pubDate */
    bool own_title = false;
    for (xmlNodePtr c = ch->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        enum ns ns = ns_of(c);
        const char *name = (const char *)c->name;
        if ((ns == NS_NONE || ns == NS_ATOM) && name_eq(name, "title")) {
            set_own_title(feed, text_of(c), &own_title);
        } else if (ns == NS_DC && name_eq(name, "title")) {
            set_present(feed, "title", text_of(c));
        } else if (ns == NS_NONE && name_eq(name, "link")) {
            char *raw = html_collapse_ws(raw_content(c));
            if (*raw)
                set_if_absent(feed, "link", resolve_at(c, doc_url, raw));
            else if (xmlHasProp(c, (const xmlChar *)"href"))
                atom_link(feed, c, doc_url, false, &link_rank);
            free(raw);
        } else if (ns == NS_ATOM && name_eq(name, "link")) {
            atom_link(feed, c, doc_url, false, &link_rank);
        } else if ((ns == NS_NONE && (name_eq(name, "description") || name_eq(name, "abstract"))) ||
                   (ns == NS_ATOM &&
                    (name_eq(name, "subtitle") || name_eq(name, "tagline") || name_eq(name, "description"))) ||
                   (ns == NS_DC && name_eq(name, "description")) ||
                   (ns == NS_ITUNES && (name_eq(name, "summary") || name_eq(name, "subtitle")))) {
            set_present(feed, "description", html_of(c, doc_url));
        } else if ((ns == NS_NONE || ns == NS_DC) && name_eq(name, "language")) {
            set_if_absent(feed, "language", lang_tag(raw_content(c)));
        } else if ((ns == NS_NONE && name_eq(name, "lastBuildDate")) ||
                   (ns == NS_ATOM && (name_eq(name, "updated") || name_eq(name, "modified"))) ||
                   (ns == NS_DC && name_eq(name, "date"))) {
            set_date(feed, "updated", c);
        } else if (ns == NS_NONE && name_eq(name, "pubDate")) {
            /* the channel's publication: its update when nothing says one */
            keep_date(&pub_date, c);
        } else if (ns == NS_NONE && name_eq(name, "ttl")) {
            /* RSS 2.0: minutes the channel may be cached (a polling hint) */
            char *raw = raw_content(c);
            char *end;
            long m = strtol(raw, &end, 10);
            if (end != raw && m > 0 && m <= 100000)
                json_object_set_new(feed, "ttl", json_integer(m));
            free(raw);
        } else if (ns == NS_NONE && (name_eq(name, "skipHours") || name_eq(name, "skipDays"))) {
            /* RSS 2.0: hours (0-23, GMT) and days when the channel need not be read */
            static const char *const days[] = {"Sunday", "Monday", "Tuesday", "Wednesday",
                                               "Thursday", "Friday", "Saturday"};
            bool hours = name_eq(name, "skipHours");
            json_t *list = json_array();
            for (xmlNode *h = c->children; h; h = h->next) {
                if (h->type != XML_ELEMENT_NODE || strcasecmp((const char *)h->name, hours ? "hour" : "day"))
                    continue;
                char *raw = raw_content(h), *end;
                if (hours) {
                    long v = strtol(raw, &end, 10);
                    if (end != raw && v >= 0 && v <= 24) /* 24: midnight, as some feeds write it */
                        json_array_append_new(list, json_integer(v % 24));
                } else {
                    for (int d = 0; d < 7; d++)
                        if (!strcasecmp(nw_trim(raw), days[d]))
                            json_array_append_new(list, json_string(days[d]));
                }
                free(raw);
            }
            if (json_array_size(list))
                json_object_set_new(feed, hours ? "skip_hours" : "skip_days", list);
            else
                json_decref(list);
        }
    }
    if (!json_object_get(feed, "updated") && pub_date != NW_NO_TIME)
        nw_json_set_time(feed, "updated", pub_date);
    if (!json_object_get(feed, "language")) {
        xmlChar *lang = xmlNodeGetLang(ch);
        if (lang) {
            set_owned(feed, "language", lang_tag(nw_strdup((const char *)lang)));
            xmlFree(lang);
        }
    }
    cdf_attributes(feed, ch, doc_url, false);
}

static bool is_item(xmlNodePtr n)
{
    return is(n, NS_NONE, "item") || is(n, NS_ATOM, "entry");
}

/* The items under `parent`, in document order. An element left unclosed
 * before them (an <itunes:category> without its end tag, say) holds the
 * rest of the channel once libxml2 has recovered: items are looked for in
 * such elements too, a few levels down, never inside an item nor in
 * `skip` (the channel, when the root is searched after it). */
static void collect_items(json_t *items, xmlNodePtr parent, const char *doc_url, xmlNodePtr skip, int depth)
{
    for (xmlNodePtr c = parent->children; c; c = c->next) {
        if (is_item(c)) {
            json_array_append_new(items, parse_item(c, doc_url));
            /* an item left unclosed holds the items after it, as its
             * children, and those the ones after them: each is an item of
             * its own. An empty <item/> inside an item is no item. */
            for (xmlNodePtr in = c, next; in; in = next) {
                next = NULL;
                for (xmlNodePtr k = in->children; k; k = k->next)
                    if (is_item(k) && xmlFirstElementChild(k)) {
                        json_array_append_new(items, parse_item(k, doc_url));
                        next = k;
                    }
            }
        } else if (c->type == XML_ELEMENT_NODE && c != skip && c->children && depth < 3)
            collect_items(items, c, doc_url, skip, depth + 1);
    }
}

/* Whether an element is in the namespace whose URI starts with `uri`. */
static bool in_ns(xmlNodePtr n, const char *uri)
{
    return n->ns && n->ns->href && !strncasecmp((const char *)n->ns->href, uri, strlen(uri));
}

#define SITEMAP_NEWS_NS "http://www.google.com/schemas/sitemap-news/"
#define SITEMAP_IMAGE_NS "http://www.google.com/schemas/sitemap-image/"

/* The child element of n named `name` in the namespace of `uri` (NULL:
 * the sitemap's own, or none), or NULL. */
static xmlNodePtr sitemap_child(xmlNodePtr n, const char *uri, const char *name)
{
    for (xmlNodePtr c = n->children; c; c = c->next)
        if (c->type == XML_ELEMENT_NODE && name_eq((const char *)c->name, name) &&
            (uri ? in_ns(c, uri) : ns_of(c) == NS_NONE))
            return c;
    return NULL;
}

/* A sitemap (the sitemaps.org protocol, <urlset>) read as a feed, as news
 * crawlers read the sitemaps of sites that publish no feed: each <url> an
 * item, its <loc> the item's link, its <lastmod> the item's update; with
 * Google News' extension, <news:title> its title, <news:publication_date>
 * its publication, <news:keywords> its categories, and the publication's
 * name and language the feed's title and language; with Google's image
 * extension, each <image:loc> an enclosure, as a Media RSS image is. An
 * item has no text: the daemon fetches its page. */
static void parse_sitemap(xmlNodePtr root, const char *doc_url, json_t *feed, json_t *items)
{
    for (xmlNodePtr u = root->children; u; u = u->next) {
        if (u->type != XML_ELEMENT_NODE || ns_of(u) != NS_NONE || !name_eq((const char *)u->name, "url"))
            continue;
        xmlNodePtr loc = sitemap_child(u, NULL, "loc");
        char *link = loc ? html_collapse_ws(raw_content(loc)) : NULL;
        if (!link || !*link) {
            free(link);
            continue;
        }
        json_t *item = json_object();
        set_owned(item, "url", resolve_at(loc, doc_url, link));
        free(link);
        xmlNodePtr mod = sitemap_child(u, NULL, "lastmod");
        if (mod)
            set_date(item, "updated", mod);
        xmlNodePtr news = sitemap_child(u, SITEMAP_NEWS_NS, "news");
        if (news) {
            xmlNodePtr c;
            if ((c = sitemap_child(news, SITEMAP_NEWS_NS, "title")))
                set_if_absent(item, "title", text_of(c));
            if ((c = sitemap_child(news, SITEMAP_NEWS_NS, "publication_date")))
                set_date(item, "published", c);
            if ((c = sitemap_child(news, SITEMAP_NEWS_NS, "keywords"))) {
                char *all = raw_content(c), *save = NULL;
                for (char *t = strtok_r(all, ",", &save); t; t = strtok_r(NULL, ",", &save))
                    add_category(item, html_collapse_ws(nw_strdup(t)));
                free(all);
            }
            xmlNodePtr pub = sitemap_child(news, SITEMAP_NEWS_NS, "publication");
            if (pub && (c = sitemap_child(pub, SITEMAP_NEWS_NS, "name")))
                set_if_absent(feed, "title", text_of(c));
            if (pub && (c = sitemap_child(pub, SITEMAP_NEWS_NS, "language")))
                set_if_absent(feed, "language", lang_tag(raw_content(c)));
        }
        for (xmlNodePtr im = u->children; im; im = im->next) {
            xmlNodePtr iloc;
            if (im->type == XML_ELEMENT_NODE && name_eq((const char *)im->name, "image") &&
                in_ns(im, SITEMAP_IMAGE_NS) && (iloc = sitemap_child(im, SITEMAP_IMAGE_NS, "loc"))) {
                char *src = html_collapse_ws(raw_content(iloc));
                if (*src)
                    add_enclosure(item, resolve_at(iloc, doc_url, src), NULL, NULL);
                free(src);
            }
        }
        json_array_append_new(items, item);
    }
}

/* A sitemap index lists sitemaps, not pages: the error names the newest
 * by its <lastmod> (else the last listed), the one to read, which goes to
 * *newest too (when not NULL; a new string, or NULL). */
static void sitemap_index_error(xmlNodePtr root, const char *doc_url, struct nw_err *err, char **newest_out)
{
    size_t n = 0;
    int64_t newest = NW_NO_TIME;
    char *pick = NULL;
    for (xmlNodePtr m = root->children; m; m = m->next) {
        if (m->type != XML_ELEMENT_NODE || ns_of(m) != NS_NONE || !name_eq((const char *)m->name, "sitemap"))
            continue;
        xmlNodePtr loc = sitemap_child(m, NULL, "loc"), mod = sitemap_child(m, NULL, "lastmod");
        char *link = loc ? html_collapse_ws(raw_content(loc)) : NULL;
        if (!link || !*link) {
            free(link);
            continue;
        }
        n++;
        int64_t t = mod ? node_date(mod) : NW_NO_TIME;
        if (newest == NW_NO_TIME || (t != NW_NO_TIME && t >= newest)) {
            free(pick);
            pick = resolve_at(loc, doc_url, link);
            if (t != NW_NO_TIME)
                newest = t;
        }
        free(link);
    }
    if (pick)
        nw_err_set(err, FEED_ERR_SITEMAP_INDEX, "not a feed: a sitemap index of %zu sitemap%s (the newest: %s)", n,
                   n == 1 ? "" : "s", pick);
    else
        nw_err_set(err, 3, "not a feed: an empty sitemap index");
    if (newest_out)
        *newest_out = pick;
    else
        free(pick);
}

static json_t *parse_xml_feed(xmlDocPtr doc, const char *url, struct nw_err *err, char **index_newest)
{
    xmlNodePtr root = xmlDocGetRootElement(doc);
    if (!root) {
        nw_err_set(err, 2, "not a feed: no XML element in the document");
        return NULL;
    }
    json_t *out = json_object(), *feed = json_object(), *items = json_array();
    const char *rn = (const char *)root->name;
    if (!strcasecmp(rn, "rss") || !strcasecmp(rn, "RDF") || !strcasecmp(rn, "channel")) {
        xmlNodePtr ch = NULL;
        if (!strcasecmp(rn, "channel"))
            ch = root;
        for (xmlNodePtr c = root->children; c && !ch; c = c->next)
            if (c->type == XML_ELEMENT_NODE && !strcasecmp((const char *)c->name, "channel"))
                ch = c;
        if (ch) {
            parse_channel_fields(feed, ch, url);
            collect_items(items, ch, url, NULL, 0);
        }
        if (ch != root)
            collect_items(items, root, url, ch, 0); /* RSS 1.0 and 0.90 keep items beside the channel */
    } else if (!strcasecmp(rn, "feed")) {
        parse_channel_fields(feed, root, url);
        /* the feed's Atom authors: its entries' that name none (RFC 4287
         * 4.2.1), which `parse` leaves to its reader, as feedparser does */
        char *names = atom_author_names(root);
        if (names)
            json_object_set_new(feed, "author", json_string(names));
        free(names);
        collect_items(items, root, url, NULL, 0);
    } else if (!strcasecmp(rn, "urlset")) {
        parse_sitemap(root, url, feed, items);
    } else if (!strcasecmp(rn, "sitemapindex")) {
        json_decref(out);
        json_decref(feed);
        json_decref(items);
        sitemap_index_error(root, url, err, index_newest);
        return NULL;
    } else {
        json_decref(out);
        json_decref(feed);
        json_decref(items);
        nw_err_set(err, 3, "not a feed: root element <%s>", rn);
        return NULL;
    }
    json_object_set_new(out, "feed", feed);
    json_object_set_new(out, "items", items);
    return out;
}

/* JSON Feed documents are read into yajl's tree (several times faster than
 * building jansson values; see parse_json_feed); this is the value of `key`
 * in object `o`, the last one when the key is repeated, or NULL. */
static yajl_val jf_get(yajl_val o, const char *key)
{
    if (!YAJL_IS_OBJECT(o))
        return NULL;
    for (size_t i = o->u.object.len; i-- > 0;)
        if (!strcmp(o->u.object.keys[i], key))
            return o->u.object.values[i];
    return NULL;
}

static const char *jf_str(yajl_val o, const char *key)
{
    yajl_val v = jf_get(o, key);
    return YAJL_IS_STRING(v) ? YAJL_GET_STRING(v) : NULL;
}

enum jf_kind {
    JF_RAW,     /* as it is: links, language tags */
    JF_TEXT,    /* plain text (JSON Feed's titles and names): character references
                   decoded, as publishers write them, brackets kept as text */
    JF_HTML,    /* sanitised HTML, relative URLs resolved against the feed's */
    JF_CONTENT, /* an item's content: JF_HTML, or as it is (content_as_is) */
};

/* yajl lets some sequences that are not UTF-8 through (overlong forms,
 * escaped lone surrogates): JSON Feed text is checked as it is set. */
static void jf_owned(json_t *o, const char *key, char *s) { put_owned(o, key, s, true); }

/* Sets dst[key] from the string src[skey] unless dst has it. */
static void jf_set(json_t *dst, const char *key, yajl_val src, const char *skey, enum jf_kind kind, const char *url)
{
    const char *v = jf_str(src, skey);
    if (!v || !*v || json_object_get(dst, key))
        return;
    size_t n = strlen(v);
    if (kind == JF_TEXT) {
        /* no '<' opens markup: each read as text */
        struct nw_buf b = {0};
        for (const char *p = v, *lt; *p; p = lt + 1) {
            if (!(lt = strchr(p, '<'))) {
                nw_buf_puts(&b, p);
                break;
            }
            nw_buf_append(&b, p, (size_t)(lt - p));
            nw_buf_puts(&b, "&lt;");
        }
        jf_owned(dst, key, html_fragment_text(b.data, b.len));
        nw_buf_cleanup(&b);
    } else if ((kind == JF_HTML || (kind == JF_CONTENT && !content_as_is)) && html_needs_sanitizing(v, n))
        jf_owned(dst, key, html_sanitize(v, n, url));
    else
        nw_json_set_strn(dst, key, v, n);
}

/* The names of an object's "authors" (JSON Feed 1.1), every one as with
 * several Atom authors, or of its "author" (1.0); NULL when none. */
static char *jf_authors(yajl_val o, const char *url)
{
    yajl_val one = jf_get(o, "author"), all = jf_get(o, "authors");
    size_t n = YAJL_IS_ARRAY(all) ? all->u.array.len : 0;
    struct nw_buf names = {0};
    for (size_t j = 0; j < (n ? n : 1); j++) {
        yajl_val a = n ? all->u.array.values[j] : one;
        if (!YAJL_IS_OBJECT(a))
            continue;
        json_t *tmp = json_object();
        jf_set(tmp, "author", a, "name", JF_TEXT, url);
        add_name(&names, nw_json_str(tmp, "author"));
        json_decref(tmp);
    }
    if (!names.len) {
        nw_buf_cleanup(&names);
        return NULL;
    }
    return nw_buf_steal(&names);
}

static void jf_item(json_t *items, yajl_val it, const char *url)
{
    json_t *item = json_object();
    yajl_val id = jf_get(it, "id");
    if (YAJL_IS_STRING(id)) {
        nw_json_set_str(item, "guid", YAJL_GET_STRING(id));
    } else if (YAJL_IS_INTEGER(id)) {
        char b[32];
        snprintf(b, sizeof b, "%lld", (long long)YAJL_GET_INTEGER(id));
        nw_json_set_str(item, "guid", b);
    }
    const char *u = jf_str(it, "url");
    if (!u)
        u = jf_str(it, "external_url");
    if (u)
        jf_owned(item, "url", resolve_keep(url, u));
    jf_set(item, "title", it, "title", JF_TEXT, url);
    /* summary and content_text are plain text: escaped, they stay text as HTML */
    const char *sum = jf_str(it, "summary");
    if (sum && *sum)
        jf_owned(item, "summary", text_to_html(sum));
    jf_set(item, "content", it, "content_html", JF_CONTENT, url);
    const char *ct = jf_str(it, "content_text");
    if (ct && *ct && !json_object_get(item, "content"))
        jf_owned(item, "content", text_to_html(ct));
    const char *dp = jf_str(it, "date_published"), *dm = jf_str(it, "date_modified");
    if (dp)
        set_date_str(item, "published", dp);
    if (dm)
        set_date_str(item, "updated", dm);
    char *who = jf_authors(it, url);
    if (who)
        jf_owned(item, "author", who);
    yajl_val tags = jf_get(it, "tags");
    for (size_t j = 0; YAJL_IS_ARRAY(tags) && j < tags->u.array.len; j++)
        if (YAJL_IS_STRING(tags->u.array.values[j]))
            add_category(item, nw_strdup(YAJL_GET_STRING(tags->u.array.values[j])));
    yajl_val atts = jf_get(it, "attachments");
    for (size_t j = 0; YAJL_IS_ARRAY(atts) && j < atts->u.array.len; j++) {
        yajl_val v = atts->u.array.values[j];
        const char *au = jf_str(v, "url");
        if (!au)
            continue;
        char lenb[32] = "";
        yajl_val sz = jf_get(v, "size_in_bytes");
        if (YAJL_IS_INTEGER(sz))
            snprintf(lenb, sizeof lenb, "%lld", (long long)YAJL_GET_INTEGER(sz));
        add_enclosure(item, resolve_keep(url, au), jf_str(v, "mime_type"), lenb);
    }
    json_array_append_new(items, item);
}

/* Whether arrays and objects in a JSON text nest at most `limit` deep
 * (yajl builds its tree without recursion, but frees it recursively). */
static bool json_depth_ok(const char *s, size_t n, int limit)
{
    int depth = 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == '"') { /* to the closing quote, one not escaped */
            for (;;) {
                const char *q = memchr(s + i + 1, '"', n - i - 1);
                if (!q)
                    return true; /* unterminated: yajl says so */
                i = (size_t)(q - s);
                size_t bs = 0;
                while (s[i - 1 - bs] == '\\') /* stops at the opening quote */
                    bs++;
                if (bs % 2 == 0)
                    break;
            }
        } else if (c == '[' || c == '{') {
            if (++depth > limit)
                return false;
        } else if (c == ']' || c == '}') {
            depth--;
        }
    }
    return true;
}

#define MAX_JSON_DEPTH 512

/* Strict JSON (RFC 8259, UTF-8, nested at most 64 deep: what nearly every
 * JSON Feed is) is read by simdjson (jsonwalk.h) into the tree yajl would
 * build, its nodes and strings in one arena; anything else (comments, lone
 * surrogates, deeper nesting, errors) goes to yajl as before, which reads
 * or reports it. */
struct jf_block {
    struct jf_block *prev;
    size_t used, cap;
    max_align_t data[];
};

struct jf_frame {
    yajl_val node;
    const char **keys;
    yajl_val *values;
    size_t n, cap;
};

struct jf_build {
    struct jf_block *arena;
    struct jf_frame stack[66]; /* jsonwalk nests at most 64 deep */
    int depth;
    const char *key; /* the object member whose value comes next */
    yajl_val root;
};

static void *jf_alloc(struct jf_build *b, size_t n)
{
    n = (n + sizeof(max_align_t) - 1) / sizeof(max_align_t) * sizeof(max_align_t);
    struct jf_block *a = b->arena;
    if (!a || a->cap - a->used < n) {
        size_t cap = n > (64u << 10) ? n : (64u << 10);
        a = nw_malloc(sizeof *a + cap);
        *a = (struct jf_block){.prev = b->arena, .used = 0, .cap = cap};
        b->arena = a;
    }
    void *p = (char *)a->data + a->used;
    a->used += n;
    return p;
}

static void jf_arena_free(struct jf_block *a)
{
    while (a) {
        struct jf_block *prev = a->prev;
        free(a);
        a = prev;
    }
}

/* A JSON string as a C string, its U+0000s ("\u0000") left out, as an
 * XML feed's NULs are: kept, each would end the string where it stands
 * (a title "a\u0000b" read as "a", a content's paragraphs after one
 * lost). */
static char *jf_strdup(struct jf_build *b, const char *s, size_t n)
{
    char *d = jf_alloc(b, n + 1);
    size_t k = 0;
    for (const char *z; (z = memchr(s, '\0', n)); s = z + 1) {
        memcpy(d + k, s, (size_t)(z - s));
        k += (size_t)(z - s);
        n -= (size_t)(z - s) + 1;
    }
    memcpy(d + k, s, n);
    d[k + n] = '\0';
    return d;
}

static int jf_add(struct jf_build *b, yajl_type t, yajl_val *out)
{
    yajl_val v = jf_alloc(b, sizeof *v);
    memset(v, 0, sizeof *v);
    v->type = t;
    *out = v;
    if (!b->depth) {
        b->root = v;
        return 1;
    }
    struct jf_frame *f = &b->stack[b->depth - 1];
    if (f->n == f->cap) {
        f->cap = f->cap ? 2 * f->cap : 16;
        f->values = nw_realloc(f->values, f->cap * sizeof *f->values);
        f->keys = nw_realloc(f->keys, f->cap * sizeof *f->keys);
    }
    f->keys[f->n] = b->key;
    f->values[f->n++] = v;
    return 1;
}

static int jf_ev_null(void *ctx)
{
    yajl_val v;
    return jf_add(ctx, yajl_t_null, &v);
}

static int jf_ev_boolean(void *ctx, int t)
{
    yajl_val v;
    return jf_add(ctx, t ? yajl_t_true : yajl_t_false, &v);
}

static int jf_ev_integer(void *ctx, long long i)
{
    yajl_val v;
    jf_add(ctx, yajl_t_number, &v);
    v->u.number.i = i;
    /* yajl's own reading overflows on the most negative one */
    v->u.number.flags = i == LLONG_MIN ? 0 : YAJL_NUMBER_INT_VALID;
    return 1;
}

static int jf_ev_number(void *ctx)
{
    yajl_val v;
    return jf_add(ctx, yajl_t_number, &v); /* not an integer; nothing reads its value */
}

static int jf_ev_string(void *ctx, const char *s, size_t n)
{
    yajl_val v;
    jf_add(ctx, yajl_t_string, &v);
    v->u.string = jf_strdup(ctx, s, n);
    return 1;
}

static int jf_ev_open(struct jf_build *b, yajl_type t)
{
    yajl_val v;
    jf_add(b, t, &v);
    struct jf_frame *f = &b->stack[b->depth++];
    f->node = v;
    f->n = 0;
    return 1;
}

static int jf_ev_start_map(void *ctx) { return jf_ev_open(ctx, yajl_t_object); }

static int jf_ev_start_array(void *ctx) { return jf_ev_open(ctx, yajl_t_array); }

static int jf_ev_key(void *ctx, const char *s, size_t n)
{
    struct jf_build *b = ctx;
    b->key = jf_strdup(b, s, n);
    return 1;
}

static int jf_ev_close(void *ctx)
{
    struct jf_build *b = ctx;
    struct jf_frame *f = &b->stack[--b->depth];
    yajl_val *values = f->n ? jf_alloc(b, f->n * sizeof *values) : NULL;
    if (f->n)
        memcpy(values, f->values, f->n * sizeof *values);
    if (f->node->type == yajl_t_object) {
        const char **keys = f->n ? jf_alloc(b, f->n * sizeof *keys) : NULL;
        if (f->n)
            memcpy(keys, f->keys, f->n * sizeof *keys);
        f->node->u.object.keys = keys;
        f->node->u.object.values = values;
        f->node->u.object.len = f->n;
    } else {
        f->node->u.array.values = values;
        f->node->u.array.len = f->n;
    }
    return 1;
}

/* The tree of a strict JSON text, in *arena (freed with jf_arena_free),
 * or NULL when simdjson does not read it. */
static yajl_val jf_tree_strict(const char *data, size_t len, struct jf_block **arena)
{
    static const struct nw_json_events ev = {
        .null = jf_ev_null, .boolean = jf_ev_boolean, .integer = jf_ev_integer, .number = jf_ev_number,
        .string = jf_ev_string, .start_map = jf_ev_start_map, .map_key = jf_ev_key, .end_map = jf_ev_close,
        .start_array = jf_ev_start_array, .end_array = jf_ev_close,
    };
    struct jf_build b = {0};
    int rc = nw_json_walk(data, len, &ev, &b);
    for (size_t i = 0; i < sizeof b.stack / sizeof b.stack[0]; i++) {
        free(b.stack[i].keys);
        free(b.stack[i].values);
    }
    if (rc != NW_JSON_OK) {
        jf_arena_free(b.arena);
        return NULL;
    }
    *arena = b.arena;
    return b.root;
}

/* Leaves each "\u0000" escape out of a JSON text (in place), as
 * jf_strdup leaves U+0000 out of simdjson's strings: yajl's tree keeps no
 * string's length, and its strings would end there. An escaped backslash
 * before "u0000" is no such escape. */
static void jf_drop_nul_escapes(char *s)
{
    char *w = s;
    for (const char *r = s; *r;) {
        if (r[0] == '\\' && r[1] == 'u' && r[2] == '0' && r[3] == '0' && r[4] == '0' && r[5] == '0') {
            r += 6;
            continue;
        }
        if (r[0] == '\\' && r[1])
            *w++ = *r++;
        *w++ = *r++;
    }
    *w = '\0';
}

static json_t *parse_json_feed(const char *data, size_t len, const char *url, struct nw_err *err)
{
    struct jf_block *arena = NULL;
    yajl_val root = jf_tree_strict(data, len, &arena);
    if (!root && !json_depth_ok(data, len, MAX_JSON_DEPTH)) {
        nw_err_set(err, 4, "bad JSON feed: nested more than %d deep", MAX_JSON_DEPTH);
        return NULL;
    }
    char ebuf[256] = "";
    if (!root) {
        char *doc = nw_strndup(data, len); /* yajl reads a NUL-terminated string */
        jf_drop_nul_escapes(doc);
        root = yajl_tree_parse(doc, ebuf, sizeof ebuf);
        free(doc);
    }
    if (!YAJL_IS_OBJECT(root)) {
        if (arena)
            jf_arena_free(arena);
        else
            yajl_tree_free(root);
        char *nl = strchr(ebuf, '\n');
        if (nl)
            *nl = '\0';
        nw_err_set(err, 4, "bad JSON feed: %s", *ebuf ? ebuf : "not an object");
        return NULL;
    }
    const char *ver = jf_str(root, "version");
    if (!ver || !strstr(ver, "jsonfeed.org")) {
        if (arena)
            jf_arena_free(arena);
        else
            yajl_tree_free(root);
        nw_err_set(err, 4, "JSON document is not a JSON Feed (no jsonfeed.org version)");
        return NULL;
    }
    json_t *out = json_object(), *feed = json_object(), *items = json_array();
    /* read from a file, the feed's own address is the base of its
     * relative URLs, as xml:base is for the others */
    if (!url) {
        const char *self = jf_str(root, "feed_url"), *home = jf_str(root, "home_page_url");
        url = self && nw_url_is_http(self) ? self : home && nw_url_is_http(home) ? home : NULL;
    }
    jf_set(feed, "title", root, "title", JF_TEXT, url);
    jf_set(feed, "link", root, "home_page_url", JF_RAW, url);
    jf_set(feed, "description", root, "description", JF_HTML, url);
    jf_set(feed, "language", root, "language", JF_RAW, url);
    yajl_val its = jf_get(root, "items");
    for (size_t i = 0; YAJL_IS_ARRAY(its) && i < its->u.array.len; i++)
        if (YAJL_IS_OBJECT(its->u.array.values[i]))
            jf_item(items, its->u.array.values[i], url);
    /* JSON Feed 1.1: an item without authors has the feed's */
    char *name = jf_authors(root, url);
    if (name) {
        size_t i;
        json_t *item;
        json_array_foreach(items, i, item) if (!json_object_get(item, "author"))
            json_object_set_new(item, "author", json_string(name));
        free(name);
    }
    if (arena)
        jf_arena_free(arena);
    else
        yajl_tree_free(root);
    json_object_set_new(out, "feed", feed);
    json_object_set_new(out, "items", items);
    return out;
}

/* Internal general entities declared in the document's DTD subset. Their
 * values are substituted here, one level deep and within a budget, so that
 * the XML parser never expands entities itself (no entity loops, no
 * exponential expansion, no external entity ever loaded). */
struct dtd_entity {
    char name[40];
    char *value;
};

#define MAX_DTD_ENTITIES 64

/* memmem by memchr: looks for needle[pivot], a character rarer in
 * documents than the needle's first, and compares around it. */
static const char *find(const char *hay, size_t n, const char *needle, size_t nl, size_t pivot)
{
    if (n < nl)
        return NULL;
    const char *p = hay + pivot, *last = hay + (n - nl) + pivot; /* where the pivot may be */
    while (p <= last && (p = memchr(p, needle[pivot], (size_t)(last - p) + 1))) {
        if (!memcmp(p - pivot, needle, nl))
            return p - pivot;
        p++;
    }
    return NULL;
}

static bool name_char(unsigned char c) { return html_name_chars[c] != 0; }

static size_t read_dtd_entities(const char *doc, size_t len, struct dtd_entity *ents)
{
    size_t n = 0;
    const char *end = doc + len;
    for (const char *p = doc; n < MAX_DTD_ENTITIES && (p = find(p, (size_t)(end - p), "<!ENTITY", 8, 1)); p += 8) {
        const char *q = p + 8;
        while (q < end && isspace((unsigned char)*q))
            q++;
        if (q >= end || *q == '%')
            continue; /* parameter entities are not ours to expand */
        const char *ns = q;
        while (q < end && name_char((unsigned char)*q))
            q++;
        size_t nl = (size_t)(q - ns);
        while (q < end && isspace((unsigned char)*q))
            q++;
        if (!nl || nl >= sizeof ents[n].name || q >= end || (*q != '"' && *q != '\''))
            continue; /* SYSTEM and PUBLIC (external) entities are never loaded */
        char quote = *q++;
        const char *ve = memchr(q, quote, (size_t)(end - q));
        if (!ve)
            continue;
        memcpy(ents[n].name, ns, nl);
        ents[n].name[nl] = '\0';
        ents[n].value = nw_strndup(q, (size_t)(ve - q));
        n++;
    }
    return n;
}

static bool name_start(unsigned char c) { return isalpha(c) || c == '_' || c == ':'; }

/* What a reference ('&' at s[i]) stands for, the way feed readers read
 * them: HTML named entities (&eacute;, &nbsp;) and numeric references are
 * characters, references to windows-1252's 0x80-0x9F are the characters
 * that code page puts there, and an '&' that starts no reference is an '&'. */
enum ref_kind {
    REF_CHAR,    /* the character `cp` */
    REF_XML,     /* one of XML's five predefined entities, character `cp` */
    REF_DTD,     /* the document's own entity `dtd` */
    REF_UNKNOWN, /* &name; that nobody defines: kept as text */
    REF_BARE,    /* a lone '&' */
};

struct ref {
    enum ref_kind kind;
    unsigned cp;
    const struct dtd_entity *dtd;
    size_t end;   /* index after the reference */
    unsigned cp2; /* REF_CHAR: a second character, for the standard's names of two ("&fjlig;"), else 0 */
};

static struct ref read_ref(const char *s, size_t i, size_t n, const struct dtd_entity *ents, size_t nents)
{
    struct ref r = {REF_BARE, '&', NULL, i + 1, 0};
    size_t j = i + 1;
    if (j < n && s[j] == '#') {
        unsigned long v;
        const char *e = html_ref_digits(s + j + 1, s + n, 9, &v);
        size_t k = e ? (size_t)(e - s) : n;
        if (e && k < n && s[k] == ';') {
            /* "&#146;" means windows-1252's 0x92 (as browsers read it);
             * the five it leaves undefined are control characters: 0,
             * nothing is written */
            if (v >= 0x80 && v <= 0x9F)
                v = html_c1_ref_char((unsigned)v);
            else if (v == 0 || (v >= 0xD800 && v <= 0xDFFF) || v > 0x10FFFF || (v < 0x20 && v != 9 && v != 10 && v != 13))
                v = 0xFFFD;
            r = (struct ref){REF_CHAR, (unsigned)v, NULL, k + 1, 0};
        }
        return r;
    }
    if (j >= n || !name_start((unsigned char)s[j]))
        return r;
    size_t k = j;
    while (k < n && name_char((unsigned char)s[k]) && k - j < 32)
        k++;
    if (k >= n || s[k] != ';')
        return r;
    size_t nl = k - j;
    char name[40];
    memcpy(name, s + j, nl);
    name[nl] = '\0';
    static const char *const xml[] = {"amp", "lt", "gt", "quot", "apos"};
    static const char xml_char[] = "&<>\"'";
    if (nl <= 4)
        for (int x = 0; x < 5; x++)
            if (name[0] == xml[x][0] && !strcmp(name, xml[x]))
                return (struct ref){REF_XML, (unsigned char)xml_char[x], NULL, k + 1, 0};
    for (size_t e = 0; e < nents; e++)
        if (!strcmp(ents[e].name, name))
            return (struct ref){REF_DTD, 0, &ents[e], k + 1, 0};
    /* HTML 4's names and the standard's others ("&ccaron;"; a pair,
     * "&NotEqualTilde;"), no longer than the reference: lifted text is
     * written over its own room ("&nGt;" and "&nLt;" stay as written) */
    unsigned cp[2];
    if (html_ref_chars(name, cp, nl + 2))
        return (struct ref){REF_CHAR, cp[0], NULL, k + 1, cp[1]};
    return (struct ref){REF_UNKNOWN, 0, NULL, k + 1, 0};
}

/* Long runs of character data (article bodies in CDATA sections or
 * escaped) are taken out of the document before libxml2 reads it, which it
 * does one character at a time: each becomes a processing instruction
 * <?nw-text N?> and its decoded text is kept here, read back by
 * text_append. Only runs whose meaning is certain are taken out. */
#define LIFT_MIN 64
#define LIFT_PI "nw-text"

struct lifted {
    struct nw_buf text; /* the runs, back to back, each ending in NUL */
    size_t *off;        /* where each one starts in text */
    size_t n, cap;
    size_t doc_len; /* the runs are never longer together: text's room at once */
};

static void lifted_free(struct lifted *l)
{
    nw_buf_cleanup(&l->text);
    free(l->off);
}

/* The lifted text a <?nw-text N?> node stands for, or NULL. */
static const char *lifted_text(xmlNodePtr pi)
{
    const struct lifted *l = pi->doc ? pi->doc->_private : NULL;
    if (!l || !pi->name || strcmp((const char *)pi->name, LIFT_PI) || !pi->content)
        return NULL;
    char *end;
    unsigned long k = strtoul((const char *)pi->content, &end, 10);
    if (end == (const char *)pi->content || *end || k >= l->n)
        return NULL;
    return l->text.data + l->off[k];
}

/* The length of a character XML does not allow at s[i] (a control other
 * than tab and line breaks, U+FFFE, U+FFFF), or 0. */
static size_t forbidden_at(const char *s, size_t i, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    if (u[i] < 0x20 && u[i] != '\t' && u[i] != '\n' && u[i] != '\r')
        return 1;
    return u[i] == 0xEF && i + 2 < n && u[i + 1] == 0xBF && (u[i + 2] & 0xFE) == 0xBE ? 3 : 0;
}

/* Whether 8 bytes hold only characters copied as they are into text: no
 * '&', no control character other than tab and line feed, no 0xEF (which
 * starts U+FFFE and U+FFFF). */
static bool plain_text8(const char *p)
{
    uint64_t v;
    memcpy(&v, p, 8);
    const uint64_t ones = 0x0101010101010101ull, highs = 0x8080808080808080ull;
    uint64_t ctl = (v - ones * 0x20) & ~v & highs;
    uint64_t a = v ^ (ones * '&'), za = (a - ones) & ~a & highs;
    uint64_t f = v ^ (ones * 0xEF), zf = (f - ones) & ~f & highs;
    return !(ctl | za | zf);
}

/* Appends s[0..n) to l as one run of text, the way an XML parser reads it
 * once the characters XML forbids are dropped (drop_non_xml): those
 * dropped, line ends normalised to \n, and references decoded unless
 * `literal` (CDATA). Returns its number. The
 * run is written in place: it never grows, a reference being at least as
 * long as its character's UTF-8 ("&lt;" 4 bytes for 1, "&ne;" 4 for 3). */
static size_t lift(struct lifted *l, const char *s, size_t n, bool literal)
{
    if (l->n == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 16;
        l->off = nw_realloc(l->off, l->cap * sizeof *l->off);
    }
    l->off[l->n] = l->text.len;
    if (!l->text.cap && l->doc_len > n)
        nw_buf_reserve(&l->text, l->doc_len);
    char *o = nw_buf_room(&l->text, n + 1), *o0 = o;
    if (!o)
        abort(); /* an uncapped buffer: nw_realloc has already died of want */
    size_t i = 0;
    while (i < n) {
#ifdef __SSE2__
        /* 16 bytes copied at a time, up to the next '&' (unless literal),
         * control character other than tab and line feed, or 0xEF; the
         * output is never ahead of the input, so the 16 bytes fit */
        while (i + 16 <= n) {
            __m128i v = _mm_loadu_si128((const __m128i *)(s + i));
            __m128i ctl = _mm_cmpeq_epi8(_mm_max_epu8(v, _mm_set1_epi8(0x1F)), _mm_set1_epi8(0x1F));
            ctl = _mm_andnot_si128(
                _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('\t')), _mm_cmpeq_epi8(v, _mm_set1_epi8('\n'))), ctl);
            if (!literal)
                ctl = _mm_or_si128(ctl, _mm_cmpeq_epi8(v, _mm_set1_epi8('&')));
            ctl = _mm_or_si128(ctl, _mm_cmpeq_epi8(v, _mm_set1_epi8((char)0xEF)));
            unsigned mask = (unsigned)_mm_movemask_epi8(ctl);
            _mm_storeu_si128((__m128i *)o, v);
            if (mask) {
                unsigned k = (unsigned)__builtin_ctz(mask);
                o += k;
                i += k;
                break;
            }
            o += 16;
            i += 16;
        }
#endif
        while (i + 8 <= n && plain_text8(s + i)) {
            memcpy(o, s + i, 8);
            o += 8;
            i += 8;
        }
        if (i >= n)
            break;
        unsigned char c = (unsigned char)s[i];
        size_t bad = forbidden_at(s, i, n);
        if (bad) {
            i += bad;
            continue;
        }
        if (c == '&' ? literal : c != '\r') {
            *o++ = (char)c;
            i++;
            continue;
        }
        if (c == '&') {
            /* escaped markup is mostly &lt; &gt; &quot; &amp;: those first */
            const char *p = s + i + 1;
            size_t left = n - i - 1;
            if (left >= 3 && p[2] == ';' && p[1] == 't' && (p[0] == 'l' || p[0] == 'g')) {
                *o++ = p[0] == 'l' ? '<' : '>';
                i += 4;
                continue;
            }
            if (left >= 4 && !memcmp(p, "amp;", 4)) {
                *o++ = '&';
                i += 5;
                continue;
            }
            if (left >= 5 && !memcmp(p, "quot;", 5)) {
                *o++ = '"';
                i += 6;
                continue;
            }
            struct ref r = read_ref(s, i, n, NULL, 0);
            if (r.kind == REF_UNKNOWN || r.kind == REF_DTD) { /* no entities here: the text says "&name;" */
                memcpy(o, s + i, r.end - i);
                o += r.end - i;
            } else if (r.cp != 0xFFFE && r.cp != 0xFFFF) { /* not XML characters: libxml2 drops them */
                o += nw_utf8_put(o, r.cp);
                if (r.cp2) /* no longer than the name it stands for ("&acE;": 5 bytes) */
                    o += nw_utf8_put(o, r.cp2);
            }
            i = r.end;
            continue;
        }
        /* a carriage return, with a line feed after it (once what XML
         * forbids is gone) or alone */
        *o++ = '\n';
        size_t j = i + 1;
        while (j < n && (bad = forbidden_at(s, j, n)))
            j += bad;
        i = j < n && s[j] == '\n' ? j + 1 : i + 1;
    }
    *o++ = '\0';
    nw_buf_wrote(&l->text, (size_t)(o - o0));
    return l->n++;
}

/* Writes <?nw-text N?>, the stand-in for lifted run k (printf took longer
 * than the rest of a run's lifting). */
static void put_lifted_pi(struct nw_buf *out, size_t k)
{
    nw_buf_puts(out, "<?" LIFT_PI " ");
    nw_buf_put_u64(out, k);
    nw_buf_puts(out, "?>");
}

/* Whether s (n bytes, at a '<') starts markup an XML parser reads as such. */
static bool markup_start(const char *s, size_t n)
{
    return n >= 2 && (s[1] == '/' || s[1] == '!' || s[1] == '?' || name_start((unsigned char)s[1]) ||
                      (unsigned char)s[1] >= 0x80);
}

/* End of the tag starting at s[i] ('<'): the index after its '>', quotes
 * respected, or n. */
static size_t tag_end(const char *s, size_t i, size_t n)
{
    char quote = 0;
    for (size_t k = i + 1; k < n; k++) {
#ifdef __SSE2__
        /* 16 bytes at a time to the next byte that matters: the closing
         * quote inside a value, else '>' or a quote */
        while (k + 16 <= n) {
            __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + k));
            __m128i hit = quote ? _mm_cmpeq_epi8(v, _mm_set1_epi8(quote))
                                : _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('>')),
                                               _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('"')),
                                                            _mm_cmpeq_epi8(v, _mm_set1_epi8('\''))));
            unsigned m = (unsigned)_mm_movemask_epi8(hit);
            if (m) {
                k += (unsigned)__builtin_ctz(m);
                break;
            }
            k += 16;
        }
        if (k >= n)
            break;
#endif
        if (quote) {
            if (s[k] == quote)
                quote = 0;
        } else if (s[k] == '"' || s[k] == '\'') {
            quote = s[k];
        } else if (s[k] == '>') {
            return k + 1;
        }
    }
    return n;
}

static void fix_span(const char *s, size_t from, size_t to, struct nw_buf *out, size_t *start,
                     const struct dtd_entity *ents, size_t nents, size_t *budget, bool in_dtd_value);

static bool attr_blank(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

/* Appends v[0..n), an attribute's value, to tag as XML has it between
 * double quotes. */
static void put_attr_value(struct nw_buf *tag, const char *v, size_t n)
{
    for (size_t k = 0; k < n; k++)
        if (v[k] == '<')
            nw_buf_puts(tag, "&#60;");
        else if (v[k] == '"')
            nw_buf_puts(tag, "&#34;");
        else
            nw_buf_putc(tag, v[k]);
}

/* A start tag t[0..n) ('<' to past its '>') whose attribute values are
 * not all quoted (<enclosure url=http://ex.org/a.mp3 type=audio/mpeg/>,
 * which XML refuses and libxml2 gives up on, the whole document at the
 * root) rewritten into out with quotes, as an HTML parser reads it: an
 * unquoted value runs to white space or '>', a '/' just before the '>'
 * closing the element. Returns false, out untouched, when every value is
 * quoted. */
static bool quote_attributes(const char *t, size_t n, struct nw_buf *out)
{
    if (!memchr(t, '=', n)) /* no attribute has a value (most tags) */
        return false;
    size_t name_end = 1; /* the element's name, which may hold '=' as HTML reads it */
    while (name_end < n && !attr_blank(t[name_end]) && t[name_end] != '>' && t[name_end] != '/')
        name_end++;
    const char *eq = memchr(t + name_end, '=', n - name_end);
    bool unquoted = false;
    for (size_t k = eq ? (size_t)(eq - t) : n, q = 0; k < n && !unquoted; k++) {
        if (q) {
            q = t[k] == (char)q ? 0 : q;
        } else if (t[k] == '"' || t[k] == '\'') {
            q = (unsigned char)t[k];
        } else if (t[k] == '=') {
            size_t v = k + 1;
            while (v < n && attr_blank(t[v]))
                v++;
            unquoted = v < n && t[v] != '"' && t[v] != '\'' && t[v] != '>';
        }
    }
    if (!unquoted)
        return false;
    nw_buf_init(out, 0);
    size_t k = name_end;
    nw_buf_append(out, t, k); /* '<' and the name */
    size_t end = n && t[n - 1] == '>' ? n - 1 : n;
    while (k < end) {
        if (attr_blank(t[k])) {
            nw_buf_putc(out, t[k++]);
            continue;
        }
        if (t[k] == '/' && k + 1 == end) {
            nw_buf_putc(out, '/');
            k++;
            continue;
        }
        size_t a = k;
        while (k < end && !attr_blank(t[k]) && t[k] != '=' && !(t[k] == '/' && k + 1 == end))
            k++;
        nw_buf_append(out, t + a, k - a); /* the name */
        size_t v = k;
        while (v < end && attr_blank(t[v]))
            v++;
        if (v >= end || t[v] != '=')
            continue;
        k = v + 1;
        while (k < end && attr_blank(t[k]))
            k++;
        nw_buf_putc(out, '=');
        if (k < end && (t[k] == '"' || t[k] == '\'')) {
            const char *close = memchr(t + k + 1, t[k], end - k - 1);
            size_t e = close ? (size_t)(close - t) + 1 : end;
            nw_buf_append(out, t + k, e - k);
            k = e;
        } else {
            size_t e = k;
            while (e < end && !attr_blank(t[e]))
                e++;
            if (e == end && e > k && t[e - 1] == '/') /* <a b=c/>: the '/' closes the element */
                e--;
            nw_buf_putc(out, '"');
            put_attr_value(out, t + k, e - k);
            nw_buf_putc(out, '"');
            k = e;
        }
    }
    nw_buf_append(out, t + end, n - end);
    return true;
}

/* The elements of an item or entry (RSS 2.0 and 1.0, Atom; and any of
 * the Dublin Core's, Media RSS's and iTunes' modules) that one left open
 * ends at (see ends_left_open and raw_markup_end); of them, those HTML
 * has too, which raw HTML in a description may hold (a video's <source>,
 * a <details>'s <summary>). */
static const char *const item_elements[] = {"item",      "entry",     "title",   "link",     "description",
                                            "summary",   "content",   "author",  "category", "comments",
                                            "enclosure", "guid",      "pubDate", "source",   "id",
                                            "updated",   "published", "issued",  "modified", "content:encoded"};
static const char *const item_elements_html[] = {"summary", "content", "source"};

/* Whether name[0..n) starts with prefix (case aside). */
static bool name_prefixed(const char *name, size_t n, const char *prefix)
{
    size_t pl = strlen(prefix);
    return n > pl && !strncasecmp(name, prefix, pl);
}

/* Whether name[0..n) (case aside) is one of names. */
static bool name_among(const char *name, size_t n, const char *const *names, size_t count)
{
    for (size_t k = 0; k < count; k++)
        if (strlen(names[k]) == n && !strncasecmp(name, names[k], n))
            return true;
    return false;
}

/* name[0..*n) without its prefix ("atom:link" -> "link"): *name and *n
 * moved past its last ':'. */
static void local_name(const char **name, size_t *n)
{
    for (size_t k = *n; k-- > 0;)
        if ((*name)[k] == ':') {
            *name += k + 1;
            *n -= k + 1;
            return;
        }
}

/* Whether name[0..n) names an element of an item; not one HTML has too
 * when in_html. */
static bool item_element(const char *name, size_t n, bool in_html)
{
    if (name_prefixed(name, n, "dc:") || name_prefixed(name, n, "dcterms:") || name_prefixed(name, n, "media:") ||
        name_prefixed(name, n, "itunes:"))
        return true;
    /* Atom's elements under a prefix ("<atom:link>", "<p0:category>"),
     * by their local name (content:encoded is one as it is written) */
    if (!name_among(name, n, item_elements, sizeof item_elements / sizeof *item_elements))
        local_name(&name, &n);
    return name_among(name, n, item_elements, sizeof item_elements / sizeof *item_elements) &&
           !(in_html &&
             name_among(name, n, item_elements_html, sizeof item_elements_html / sizeof *item_elements_html));
}

/* Whether an element left open, open[0..on), one that holds no element
 * of an item (a date, a link, a name, an author: "<dc:creator>Jane
 * Doe<link>..."; an <enclosure>, a Media RSS file or an <atom:link>
 * written without its '/'; a channel's generator or copyright line before
 * its title), ends where a start tag of one, name[0..nl), begins: the
 * item's (or the channel's) link, date and text after it are its own, as
 * lenient readers read them, not the open element's. `rss`: the document
 * is no Atom feed. */
static bool ends_left_open(const char *open, size_t on, const char *name, size_t nl, bool rss)
{
    static const char *const holds_none[] = {
        "title",     "link",     "guid",          "pubDate", "category",  "comments",  "source",
        "id",        "updated",  "published",     "issued",  "modified",  "author",    "contributor",
        "enclosure", "language", "lastBuildDate", "ttl",     "generator", "copyright", "managingEditor",
        "webMaster", "docs",     "cloud",         "rating",  "icon",      "logo"};
    /* Media RSS's elements that hold others of its own (a group its
     * files, a file its title and thumbnails), never an item's */
    static const char *const media_holders[] = {"media:group",    "media:content",   "media:community",
                                                "media:comments", "media:responses", "media:backLinks",
                                                "media:scenes",   "media:embed",     "media:location"};
    if (!item_element(name, nl, false))
        return false;
    /* the Dublin Core's elements hold text; iTunes' do but its categories
     * (nested categories) and its owner (a name and an address) */
    if (name_prefixed(open, on, "dc:") || name_prefixed(open, on, "dcterms:"))
        return true;
    if (name_prefixed(open, on, "itunes:")) {
        if (name_among(open, on, (const char *const[]){"itunes:category"}, 1))
            return !name_among(name, nl, (const char *const[]){"itunes:category"}, 1);
        if (name_among(open, on, (const char *const[]){"itunes:owner"}, 1))
            return !name_among(name, nl, (const char *const[]){"itunes:name", "itunes:email"}, 2);
        return true;
    }
    /* (and none holds another of its own name: a file is no file's) */
    if (name_prefixed(open, on, "media:"))
        return !name_among(open, on, media_holders, sizeof media_holders / sizeof *media_holders) ||
               !name_prefixed(name, nl, "media:") || (on == nl && !strncasecmp(open, name, nl));
    /* Atom's elements in an RSS feed, and others under any prefix
     * ("<atom:link ...>", .NET's a10:updated, slash:comments): by their
     * local name */
    local_name(&open, &on);
    /* (Atom's <source> holds the feed an entry came from: its title, its
     * link, its id) */
    if (!rss && on == 6 && !strncasecmp(open, "source", 6))
        return false;
    return name_among(open, on, holds_none, sizeof holds_none / sizeof *holds_none);
}

/* RSS's text elements that hold HTML: title, description and
 * content:encoded (any prefix). Their HTML should come escaped or in CDATA;
 * many feeds write it raw, as markup, which an XML parser reads as child
 * elements (text only is kept), and when it is not well-formed ("<br>", an
 * unclosed "<p>") it takes the rest of the item, or of the feed, with it.
 * The length of the name of the start tag s[0..len) ('<' to '>') when it
 * names one of them, else 0 (looked at for every tag: first bytes first). */
static size_t html_holder(const char *s, size_t len)
{
    if (s[1] == 't')
        return len >= 7 && !memcmp(s + 1, "title", 5) && !name_char((unsigned char)s[6]) ? 5 : 0;
    if (s[1] == 'd')
        return len >= 13 && !memcmp(s + 1, "description", 11) && !name_char((unsigned char)s[12]) ? 11 : 0;
    /* a prefix, and no attribute: as feeds write it */
    return len >= 10 && !memcmp(s + len - 9, ":encoded>", 9) ? len - 2 : 0;
}

/* The length of the CDATA section or comment starting at lt (left bytes
 * on), its end marker included; 0 when lt starts neither, SIZE_MAX when
 * it does not end. */
static size_t section_len(const char *lt, size_t left)
{
    const char *e;
    if (left >= 9 && !memcmp(lt, "<![CDATA[", 9))
        e = find(lt + 9, left - 9, "]]>", 3, 0);
    else if (left >= 4 && !memcmp(lt, "<!--", 4))
        e = find(lt + 4, left - 4, "-->", 3, 2);
    else
        return 0;
    return e ? (size_t)(e - lt) + 3 : SIZE_MAX;
}

/* The length of the element name at p (up to end): XML's name characters
 * and any byte of a multi-byte character. */
static size_t element_name_len(const char *p, const char *end)
{
    size_t k = 0;
    while (p + k < end && (html_name_chars[(unsigned char)p[k]] || (unsigned char)p[k] >= 0x80))
        k++;
    return k;
}

/* The first start tag of an element of an item in s[i..to) (its '<'),
 * HTML's names aside, outside CDATA sections and comments; to when none. */
static size_t item_element_from(const char *s, size_t i, size_t to)
{
    for (size_t p = i; p < to;) {
        const char *lt = memchr(s + p, '<', to - p);
        if (!lt)
            break;
        size_t at = (size_t)(lt - s), sl = section_len(lt, to - at);
        if (sl == SIZE_MAX)
            break;
        if (sl) {
            p = at + sl;
            continue;
        }
        size_t nl = element_name_len(lt + 1, s + to);
        if (nl && at + 1 + nl < to && (attr_blank(lt[1 + nl]) || lt[1 + nl] == '>' || lt[1 + nl] == '/') &&
            item_element(lt + 1, nl, true))
            return at;
        p = at + 1;
    }
    return to;
}

/* Where the rest of an html_holder element named name (nl bytes), from
 * s[i], a tag in its content, ends: its end tag's '<', or when it has none
 * before its item ends or the next one starts, there or at the first
 * start tag of an element of the item before (*implied set: it is closed
 * there: "<title>One<link>..."); 0 when neither is found. */
static size_t raw_markup_end(const char *s, size_t i, size_t n, const char *name, size_t nl, bool *implied)
{
    *implied = false;
    for (size_t p = i; p < n;) {
        const char *lt = memchr(s + p, '<', n - p);
        if (!lt)
            return 0;
        size_t at = (size_t)(lt - s), left = n - at;
        if (left >= 2 + nl && lt[1] == '/' && !memcmp(lt + 2, name, nl) &&
            (left == 2 + nl || lt[2 + nl] == '>' || isspace((unsigned char)lt[2 + nl])))
            return at;
        size_t sl = section_len(lt, left);
        if (sl == SIZE_MAX)
            return 0;
        if (sl) {
            p = at + sl;
            continue;
        }
        if ((left >= 6 && (!memcmp(lt, "<item", 5) || !memcmp(lt, "</item", 6))) ||
            (left >= 9 && !memcmp(lt, "</channel", 9)) || (left >= 6 && !memcmp(lt, "<entry", 6))) {
            *implied = true;
            return item_element_from(s, i, at);
        }
        p = at + 1;
    }
    return 0;
}

/* s[0..n) with each '<' outside CDATA sections and comments written as
 * "&lt;": raw markup made the escaped HTML it stands for. */
static void escape_raw_markup(const char *s, size_t n, struct nw_buf *out)
{
    size_t p = 0;
    while (p < n) {
        const char *lt = memchr(s + p, '<', n - p);
        size_t at = lt ? (size_t)(lt - s) : n;
        nw_buf_append(out, s + p, at - p);
        if (!lt)
            break;
        size_t sl = section_len(lt, n - at);
        if (sl && sl != SIZE_MAX) {
            nw_buf_append(out, lt, sl);
            p = at + sl;
        } else {
            nw_buf_puts(out, "&lt;");
            p = at + 1;
        }
    }
}

/* The elements open at a point of the document being prepared. libxml2's
 * recovery reads an end tag as the end of whatever element is open, and
 * a stray one ("<summary></i>x</summary>", raw HTML in a feed that left
 * it unescaped) ends the summary, then the entry, then the feed, the
 * entries after it lost. prepare, given one, mends the document the way
 * lenient feed readers read it: each start tag is written as XML has it
 * (mend_start_tag), so that libxml2 opens what the pass takes to be open,
 * and a '<' that starts no tag is text; an end tag that closes no open
 * element is left out, one named as its start tag but for case ends it,
 * one of an element further up closes those opened inside it first; and
 * HTML's void elements (<br>, <hr>, <img>, <wbr>) hold nothing. A
 * well-formed document is not changed (it is not given one: see
 * parse_document). */
#define BALANCE_MAX 256
struct balance {
    const char *name[BALANCE_MAX]; /* in the document */
    unsigned char len[BALANCE_MAX];
    bool sourced[BALANCE_MAX]; /* an Atom <content src=...>: it holds nothing */
    size_t n;
    bool off; /* too deep, or a name too long: the rest left to libxml2 */
};

/* Whether the start tag t[0..len) ('<' to '>', its name nl bytes) is an
 * Atom <content> (under any prefix) with a src attribute: its content is
 * elsewhere, and the element is empty (RFC 4287, 4.1.3.2). */
static bool content_with_src(const char *t, size_t len, size_t nl)
{
    const char *name = t + 1;
    size_t n = nl;
    local_name(&name, &n);
    if (n != 7 || strncasecmp(name, "content", 7))
        return false;
    for (size_t k = 1 + nl; k + 4 < len; k++)
        if (attr_blank(t[k]) && !memcmp(t + k + 1, "src", 3)) {
            size_t e = k + 4;
            while (e < len && attr_blank(t[e]))
                e++;
            if (e < len && t[e] == '=')
                return true;
        }
    return false;
}

static bool void_html_name(const char *name, size_t n)
{
    if (n != 2 && n != 3)
        return false;
    char a = (char)(name[0] | 0x20), b = (char)(name[1] | 0x20);
    if (n == 2)
        return b == 'r' && (a == 'b' || a == 'h');
    char c = (char)(name[2] | 0x20);
    return (a == 'i' && b == 'm' && c == 'g') || (a == 'w' && b == 'b' && c == 'r');
}

/* The start tag at s[i] ('<', a name after it) written into tag as XML
 * has it, so that libxml2 opens what prepare takes to be open: its name,
 * then each attribute as name="value", read as an HTML parser reads them
 * (a value unquoted runs to a blank or '>', an attribute without one has
 * an empty one, bytes that start no name are passed over), at most
 * MAX_TAG_ATTRS of them. Returns the index after the tag (*name_len its
 * name's length, *empty set for "/>"); 0 when s[i] starts no tag: a name
 * followed by neither a blank nor the tag's end ("<jd@example.org>"), a
 * '<' before the end outside a quoted value, a value holding an end tag,
 * no end ("<a few words ... </summary>"). */
static size_t mend_start_tag(const char *s, size_t i, size_t n, struct nw_buf *tag, size_t *name_len, bool *empty)
{
    size_t nl = element_name_len(s + i + 1, s + n), k = i + 1 + nl;
    if (!nl || nl > 255 || k >= n || !(attr_blank(s[k]) || s[k] == '>' || s[k] == '/'))
        return 0;
    nw_buf_append(tag, s + i, 1 + nl);
    *name_len = nl;
    *empty = false;
    for (size_t attrs = 0;;) {
        while (k < n && attr_blank(s[k]))
            k++;
        if (k >= n || s[k] == '<')
            return 0;
        if (s[k] == '>' || (s[k] == '/' && k + 1 < n && s[k + 1] == '>')) {
            *empty = s[k] == '/';
            nw_buf_puts(tag, *empty ? "/>" : ">");
            return k + 1 + *empty;
        }
        if (!(name_start((unsigned char)s[k]) || (unsigned char)s[k] >= 0x80)) {
            while (k < n && !attr_blank(s[k]) && s[k] != '>' && s[k] != '<')
                k++;
            continue;
        }
        size_t a = k, al = element_name_len(s + k, s + n);
        k += al;
        size_t e = k;
        while (e < n && attr_blank(s[e]))
            e++;
        const char *v = NULL;
        size_t vl = 0;
        if (e < n && s[e] == '=') {
            e++;
            while (e < n && attr_blank(s[e]))
                e++;
            if (e >= n)
                return 0;
            if (s[e] == '"' || s[e] == '\'') {
                const char *q = memchr(s + e + 1, s[e], n - e - 1);
                if (!q || find(s + e + 1, (size_t)(q - s) - e - 1, "</", 2, 0))
                    return 0;
                v = s + e + 1;
                vl = (size_t)(q - v);
                k = (size_t)(q - s) + 1;
            } else {
                size_t f = e;
                while (f < n && !attr_blank(s[f]) && s[f] != '>' && !(s[f] == '/' && f + 1 < n && s[f + 1] == '>')) {
                    if (s[f] == '<')
                        return 0;
                    f++;
                }
                v = s + e;
                vl = f - e;
                k = f;
            }
        }
        if (++attrs > MAX_TAG_ATTRS)
            continue;
        nw_buf_putc(tag, ' ');
        nw_buf_append(tag, s + a, al);
        nw_buf_puts(tag, "=\"");
        put_attr_value(tag, v, vl);
        nw_buf_putc(tag, '"');
    }
}

/* Where in the open elements an end tag of name[0..nl) belongs: its depth
 * (index in b->name), the nearest exactly named, else the nearest named
 * alike but for case (*exact false); -1 when none. */
static long balance_find(const struct balance *b, const char *name, size_t nl, bool *exact)
{
    for (size_t k = b->n; k-- > 0;)
        if (b->len[k] == nl && b->name[k][0] == name[0] && !memcmp(b->name[k], name, nl)) {
            *exact = true;
            return (long)k;
        }
    for (size_t k = b->n; k-- > 0;)
        if (b->len[k] == nl && !strncasecmp(b->name[k], name, nl)) {
            *exact = false;
            return (long)k;
        }
    return -1;
}

/* Writes the end tags of the open elements above depth k into out, and
 * forgets them. */
static void balance_close_to(struct balance *b, size_t k, struct nw_buf *out)
{
    while (b->n > k) {
        b->n--;
        nw_buf_puts(out, "</");
        nw_buf_append(out, b->name[b->n], b->len[b->n]);
        nw_buf_putc(out, '>');
    }
}

/* Prepares a document for libxml2: references made readable the way feed
 * readers read them (see read_ref; the document's own entities substituted
 * within a budget), long runs of text lifted out into `lift` (may be NULL;
 * never when the document defines entities, whose values may be markup).
 * The DOCTYPE, comments and CDATA sections that stay are left alone. In
 * an RSS document (rss), raw HTML in a title, description or
 * content:encoded is escaped (html_holder). */
static void prepare(const char *s, size_t n, struct nw_buf *out, const struct dtd_entity *ents, size_t nents,
                    size_t *budget, bool in_dtd_value, struct lifted *lift_to, bool rss, struct balance *bal)
{
    size_t i = 0, start = 0;
    if (nents)
        lift_to = NULL;
    const char *holder = NULL; /* the html_holder element whose content is being read */
    size_t holder_len = 0;
    while (i < n) {
        if (holder && s[i] == '<' && markup_start(s + i, n - i)) {
            /* in its content: its end tag, a CDATA section or a comment are
             * read as they are; any other tag is raw HTML, escaped to the
             * end tag, as it was meant */
            bool own_end = s[i + 1] == '/' && n - i >= 2 + holder_len && !memcmp(s + i + 2, holder, holder_len);
            bool cdata = n - i >= 9 && !memcmp(s + i, "<![CDATA[", 9),
                 comment = n - i >= 4 && !memcmp(s + i, "<!--", 4);
            size_t close;
            bool implied;
            if (!own_end && !cdata && !comment && (close = raw_markup_end(s, i, n, holder, holder_len, &implied))) {
                nw_buf_append(out, s + start, i - start);
                struct nw_buf esc = {0};
                escape_raw_markup(s + i, close - i, &esc);
                if (esc.len)
                    prepare(esc.data, esc.len, out, ents, nents, budget, in_dtd_value, lift_to, false, NULL);
                nw_buf_cleanup(&esc);
                if (implied) { /* not closed before its item ends: closed there */
                    nw_buf_printf(out, "</%.*s>", (int)holder_len, holder);
                    if (bal && bal->n && bal->name[bal->n - 1] == holder)
                        bal->n--;
                }
                start = i = close;
            }
            if (!cdata && !comment)
                holder = NULL;
        }
        if (s[i] != '<' || !markup_start(s + i, n - i)) { /* character data up to the next markup */
            size_t end = i + 1;
            bool stray = s[i] == '<'; /* a '<' that starts nothing: left to libxml2's recovery */
            for (;;) {
                const char *lt = memchr(s + end, '<', n - end);
                end = lt ? (size_t)(lt - s) : n;
                if (end == n || markup_start(s + end, n - end))
                    break;
                stray = true;
                end++;
            }
            if (lift_to && !stray && end < n && end - i >= LIFT_MIN) {
                nw_buf_append(out, s + start, i - start);
                put_lifted_pi(out, lift(lift_to, s + i, end - i, false));
                start = end;
            } else if (stray) {
                /* a '<' that starts nothing is text, as a browser reads it
                 * ("1 < 2", "<3", "x <- y"): libxml2's recovery would drop it */
                size_t from = i;
                for (const char *lt; (lt = memchr(s + from, '<', end - from));) {
                    size_t at = (size_t)(lt - s);
                    fix_span(s, from, at, out, &start, ents, nents, budget, in_dtd_value);
                    nw_buf_append(out, s + start, at - start);
                    nw_buf_puts(out, "&#60;");
                    from = start = at + 1;
                }
                fix_span(s, from, end, out, &start, ents, nents, budget, in_dtd_value);
            } else {
                fix_span(s, i, end, out, &start, ents, nents, budget, in_dtd_value);
            }
            i = end;
            continue;
        }
        if (i + 9 <= n && !memcmp(s + i, "<!DOCTYPE", 9)) {
            /* the DTD is read before; its declarations are copied untouched */
            const char *sub = memchr(s + i, '[', n - i), *gt = memchr(s + i, '>', n - i);
            const char *e = sub && (!gt || sub < gt) ? find(sub, n - (size_t)(sub - s), "]>", 2, 0) : gt;
            i = e ? (size_t)(e - s) + 1 : n;
            continue;
        }
        if (i + 9 <= n && !memcmp(s + i, "<![CDATA[", 9)) {
            const char *e = find(s + i, n - i, "]]>", 3, 0);
            size_t body = i + 9, end = e ? (size_t)(e - s) : n;
            if (lift_to && e && end - body >= LIFT_MIN) {
                nw_buf_append(out, s + start, i - start);
                put_lifted_pi(out, lift(lift_to, s + body, end - body, true));
                start = end + 3;
            }
            i = e ? end + 3 : n;
            continue;
        }
        if (i + 4 <= n && !memcmp(s + i, "<!--", 4)) {
            const char *e = find(s + i, n - i, "-->", 3, 2);
            i = e ? (size_t)(e - s) + 3 : n;
            continue;
        }
        if (s[i + 1] == '?') { /* a processing instruction ends at "?>" */
            const char *e = find(s + i, n - i, "?>", 2, 0);
            size_t end = e ? (size_t)(e - s) + 2 : n, from = i, pl = 2 + strlen(LIFT_PI);
            if (i + pl <= n && !memcmp(s + i, "<?" LIFT_PI, pl)) { /* the document's own means nothing */
                nw_buf_append(out, s + start, i - start);
                nw_buf_puts(out, "<?nw-ignored");
                from = start = i + pl;
            }
            fix_span(s, from, end, out, &start, ents, nents, budget, in_dtd_value);
            i = end;
            continue;
        }
        size_t end = tag_end(s, i, n);
        bool tag_done = s[end - 1] == '>';
        if (bal && !bal->off && tag_done && s[i + 1] == '/') {
            const char *name = s + i + 2;
            size_t nl = element_name_len(name, s + end);
            bool exact = true;
            long k = nl > 255 ? -2 : nl ? balance_find(bal, name, nl, &exact) : -2;
            /* an end tag that stops before its '>' ("</div</content>"):
             * it ends there, as libxml2 reads it, the next tag its own */
            size_t after = i + 2 + nl;
            while (after < end && attr_blank(s[after]))
                after++;
            bool cut = k != -2 && s[after] != '>';
            if (k == -1 || (k >= 0 && (!exact || cut || (size_t)k + 1 < bal->n))) {
                nw_buf_append(out, s + start, i - start);
                start = i;
                if (k >= 0) {
                    balance_close_to(bal, (size_t)k + 1, out);
                    if (!exact || cut) /* ended as it was named when opened */
                        balance_close_to(bal, (size_t)k, out);
                }
                if (k < 0 || !exact || cut) { /* a stray end tag, or one written anew: the document's goes */
                    start = i = cut ? after : end;
                    continue;
                }
            }
            if (k >= 0)
                bal->n--;
        }
        if (bal && !bal->off && s[i + 1] != '/' && s[i + 1] != '!' && s[i + 1] != '?') {
            struct nw_buf tag = {0};
            size_t nl = 0;
            bool empty = false;
            size_t te = mend_start_tag(s, i, n, &tag, &nl, &empty);
            nw_buf_append(out, s + start, i - start);
            if (!te) {
                /* no tag: its '<' is text, as in "1 < 2" */
                nw_buf_cleanup(&tag);
                nw_buf_puts(out, "&#60;");
                start = i = i + 1;
                continue;
            }
            /* (each in turn: a Media RSS thumbnail in a file in a group) */
            while (bal->n && ((bal->sourced[bal->n - 1] && item_element(s + i + 1, nl, false)) ||
                              ends_left_open(bal->name[bal->n - 1], bal->len[bal->n - 1], s + i + 1, nl, rss)))
                balance_close_to(bal, bal->n - 1, out);
            size_t tstart = 0;
            fix_span(tag.data, 0, tag.len, out, &tstart, ents, nents, budget, in_dtd_value);
            nw_buf_append(out, tag.data + tstart, tag.len - tstart);
            nw_buf_cleanup(&tag);
            if (empty) {
                /* nothing open */
            } else if (void_html_name(s + i + 1, nl)) {
                nw_buf_puts(out, "</");
                nw_buf_append(out, s + i + 1, nl);
                nw_buf_putc(out, '>');
            } else if (bal->n == BALANCE_MAX) {
                bal->off = true;
            } else {
                bal->name[bal->n] = s + i + 1;
                bal->sourced[bal->n] = !rss && content_with_src(s + i, te - i, nl);
                bal->len[bal->n++] = (unsigned char)nl;
                if (rss && (holder_len = html_holder(s + i, te - i)))
                    holder = s + i + 1;
            }
            start = i = te;
            continue;
        }
        if (end - i > 2 * MAX_TAG_ATTRS && name_start((unsigned char)s[i + 1])) {
            /* a start tag of more attributes than any feed writes: cut
             * after MAX_TAG_ATTRS of them (libxml2 compares each with
             * those before it; 50,000 took 3 s) */
            size_t ne = i + 1;
            while (ne < end && name_char((unsigned char)s[ne]))
                ne++;
            bool closed = s[end - 1] == '>';
            const char *cut = html_attrs_cut(s + ne, s + (closed ? end - 1 : end));
            if (cut) {
                size_t c = (size_t)(cut - s);
                fix_span(s, i, c, out, &start, ents, nents, budget, in_dtd_value);
                nw_buf_append(out, s + start, c - start);
                nw_buf_puts(out, closed && s[end - 2] == '/' ? "/>" : ">");
                start = i = end;
                continue;
            }
        }
        struct nw_buf quoted = {0};
        bool requoted = name_start((unsigned char)s[i + 1]) && quote_attributes(s + i, end - i, &quoted);
        if (requoted) {
            nw_buf_append(out, s + start, i - start);
            size_t qstart = 0;
            fix_span(quoted.data, 0, quoted.len, out, &qstart, ents, nents, budget, in_dtd_value);
            nw_buf_append(out, quoted.data + qstart, quoted.len - qstart);
            nw_buf_cleanup(&quoted);
            start = end;
        } else {
            fix_span(s, i, end, out, &start, ents, nents, budget, in_dtd_value);
        }
        if (rss && name_start((unsigned char)s[i + 1]) && s[end - 1] == '>' && s[end - 2] != '/' &&
            (holder_len = html_holder(s + i, end - i)))
            holder = s + i + 1;
        i = end;
    }
    nw_buf_append(out, s + start, n - start);
}

/* Rewrites the references in s[from..to) (see read_ref) into out, which
 * holds s up to *start. */
static void fix_span(const char *s, size_t from, size_t to, struct nw_buf *out, size_t *start,
                     const struct dtd_entity *ents, size_t nents, size_t *budget, bool in_dtd_value)
{
    size_t i = from;
    for (;;) {
        const char *amp = memchr(s + i, '&', to - i);
        if (!amp)
            return;
        i = (size_t)(amp - s);
        nw_buf_append(out, s + *start, i - *start);
        struct ref r = read_ref(s, i, to, in_dtd_value ? NULL : ents, in_dtd_value ? 0 : nents);
        switch (r.kind) {
        case REF_CHAR:
            if (r.cp)
                nw_buf_printf(out, "&#%u;", r.cp);
            if (r.cp2)
                nw_buf_printf(out, "&#%u;", r.cp2);
            break;
        case REF_XML: {
            /* as a character reference: once libxml2 has found a fault
             * in the document it drops every later entity reference, the
             * five predefined ones too ("a&amp;b" read "ab", a link's
             * query losing its '&'s), where it keeps character references;
             * so are the '&' and '<' this pass makes text */
            char ref[8];
            ref[0] = '&';
            ref[1] = '#';
            ref[2] = (char)('0' + r.cp / 10);
            ref[3] = (char)('0' + r.cp % 10);
            ref[4] = ';';
            nw_buf_append(out, ref, 5);
            break;
        }
        case REF_DTD: {
            size_t vl = strlen(r.dtd->value);
            if (vl <= *budget) {
                *budget -= vl;
                prepare(r.dtd->value, vl, out, NULL, 0, budget, true, NULL, false, NULL);
            } else {
                nw_buf_printf(out, "&#38;%s;", r.dtd->name);
            }
            break;
        }
        case REF_UNKNOWN:
            nw_buf_puts(out, "&#38;");
            nw_buf_append(out, s + i + 1, r.end - i - 1);
            break;
        case REF_BARE:
            nw_buf_puts(out, "&#38;");
            break;
        }
        i = *start = r.end;
    }
}

/* The document without the characters XML does not allow. libxml2 stops
 * at the first, and in the recovery that follows drops every later &amp;
 * &lt; and &gt; ("Tom &amp; Jerry" read "Tom Jerry" after a stray \x01 in
 * an earlier item). Returns false, out untouched, when there is none. */
static bool drop_non_xml(const char *s, size_t n, struct nw_buf *out)
{
    size_t i = 0;
    while (i < n && !forbidden_at(s, i, n))
        i++;
    if (i >= n)
        return false;
    nw_buf_init(out, 0);
    nw_buf_reserve(out, n);
    size_t start = 0;
    while (i < n) {
        size_t k = forbidden_at(s, i, n);
        if (k) {
            nw_buf_append(out, s + start, i - start);
            start = i + k;
        }
        i += k ? k : 1;
    }
    nw_buf_append(out, s + start, n - start);
    return true;
}

/* Whether the document's root element is Atom's <feed> (any prefix):
 * its title elements have a type and may hold XHTML markup. */
static bool atom_root(const char *s, size_t n)
{
    char root[16];
    html_first_element(s, n, root);
    const char *colon = strrchr(root, ':');
    return !strcmp(colon ? colon + 1 : root, "feed");
}

/* The document s[0..n) made ready for libxml2 (prepare) into out, after
 * decl (an XML declaration in place of the document's own) when given. */
static void fix_references(const char *decl, const char *s, size_t n, struct nw_buf *out, struct lifted *lift_to,
                           bool mend)
{
    struct dtd_entity ents[MAX_DTD_ENTITIES] = {{{0}, NULL}};
    size_t nents = find(s, n, "<!ENTITY", 8, 1) ? read_dtd_entities(s, n, ents) : 0;
    size_t budget = n + (1u << 20); /* what substitutions may add at most */
    nw_buf_init(out, 0);
    nw_buf_reserve(out, n + n / 8 + 64); /* one allocation in the common case */
    if (decl)
        nw_buf_puts(out, decl);
    /* (the document's entities may hold markup: their elements are not
     * told apart from the document's, and nothing is mended) */
    struct balance bal = {.n = 0, .off = nents > 0};
    prepare(s, n, out, ents, nents, &budget, false, lift_to, !atom_root(s, n), mend ? &bal : NULL);
    for (size_t i = 0; i < nents; i++)
        free(ents[i].value);
}

/* Whether an element's name (any prefix) is a feed's root: <rss>,
 * Atom's <feed>, RSS 1.0's <RDF>. */
static bool feed_root_name(const char *name)
{
    const char *colon = strrchr(name, ':');
    const char *local = colon ? colon + 1 : name;
    return !strcmp(local, "rss") || !strcmp(local, "feed") || !strcmp(local, "RDF");
}

/* Where a feed starts after what a server wrote before it: a PHP warning
 * or notice in text or HTML ("<br />\n<b>Notice</b>: ..."), then the XML
 * declaration, or text then the feed's root. The declaration is only ever
 * a document's first markup, so markup before one that a feed's root
 * follows is no part of it. 0 when the document starts as a document
 * does (or no feed follows within its first 64 KiB). */
static size_t junk_before_feed(const char *d, size_t n)
{
    size_t k = html_text_start(d, n), window = n < 65536 ? n : 65536;
    if (k >= window || d[k] == '{' || (n - k >= 5 && !memcmp(d + k, "<?xml", 5)))
        return 0; /* a document's start, or JSON */
    char root[16];
    html_first_element(d, n, root);
    if (feed_root_name(root))
        return 0; /* a feed from its first markup (a declaration in its items' text is theirs) */
    for (const char *q = d + k; (q = memmem(q + 1, window - (size_t)(q + 1 - d), "<?xml", 5));) {
        html_first_element(q, n - (size_t)(q - d), root);
        if (feed_root_name(root))
            return (size_t)(q - d);
    }
    if (d[k] == '<')
        return 0; /* markup, and no declaration of a feed after it: a page, or a feed of its own */
    /* text, then a feed's root without a declaration */
    for (const char *q = d + k; (q = memchr(q, '<', window - (size_t)(q - d))); q++) {
        size_t i = 0;
        for (const char *c = q + 1; c < d + n && i < sizeof root - 1 && (isalnum((unsigned char)*c) || *c == ':'); c++)
            root[i++] = *c;
        root[i] = '\0';
        if (i && feed_root_name(root))
            return (size_t)(q - d);
    }
    return 0;
}

static json_t *parse_document(const char *data, size_t len, const char *url, const char *content_type,
                              char **index_newest, struct nw_err *err)
{
    if (len > (size_t)INT32_MAX / 2) {
        nw_err_set(err, 1, "document too large");
        return NULL;
    }
    size_t junk = junk_before_feed(data, len);
    data += junk;
    len -= junk;
    /* JSON is UTF-8 (RFC 8259) and yajl checks its bytes: read it as it is,
     * and only when that fails on bytes that are not UTF-8, convert first */
    size_t k = html_text_start(data, len);
    if (k < len && data[k] == '{') {
        json_t *j = parse_json_feed(data + k, len - k, url, err);
        if (j || nw_utf8_valid(data, len))
            return j;
    }
    char enc[64];
    size_t bom, utf8_len;
    charset_for_xml(data, len, content_type, enc, sizeof enc, &bom, &utf8_len);
    struct nw_buf u8 = {0}, fixed = {0};
    const char *text = data + bom;
    size_t tlen = len - bom;
    /* from here on the text is valid UTF-8: read in place when it is,
     * converted or repaired when not */
    bool in_place = !strcasecmp(enc, "UTF-8") &&
                    (utf8_len == len || (utf8_len == SIZE_MAX && nw_utf8_valid(text, tlen)));
    if (!in_place && !strcasecmp(enc, "UTF-8")) {
        charset_utf8_mixed(text, tlen, &u8, 0);
        text = u8.data ? u8.data : "";
        tlen = u8.len;
    } else if (!in_place) {
        charset_to_utf8(text, tlen, enc, &u8, 0);
        text = u8.data ? u8.data : "";
        tlen = u8.len;
    }
    size_t i = 0;
    while (i < tlen && isspace((unsigned char)text[i]))
        i++;
    if (i == tlen) {
        nw_buf_cleanup(&u8);
        nw_err_set(err, 1, "empty document");
        return NULL;
    }
    if (text[i] == '{') {
        json_t *j = parse_json_feed(text + i, tlen - i, url, err);
        nw_buf_cleanup(&u8);
        return j;
    }
    struct lifted lifted = {0};
    /* whitespace before the XML declaration is an error that sends libxml2
     * into recovery, where it drops entity references (&amp; &lt;...):
     * none is needed before the first markup. The text is UTF-8 by now, so
     * the declaration says so: a label libxml2 does not know ("x-mac-
     * roman-ish", typos) would otherwise make the document unreadable */
    const char *decl = NULL, *from = text + i;
    size_t flen = tlen - i;
    if (flen > 5 && !strncmp(from, "<?xml", 5)) {
        const char *end = memchr(from, '>', flen < 512 ? flen : 512);
        const char *e = end ? memmem(from, (size_t)(end - from), "encoding", 8) : NULL;
        if (e) { /* written in its place as the rest is copied */
            decl = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>";
            flen -= (size_t)(end + 1 - from);
            from = end + 1;
        }
    }
    lifted.doc_len = flen;
    fix_references(decl, from, flen, &fixed, &lifted, false);
    int opts = XML_PARSE_RECOVER | XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
               XML_PARSE_NOCDATA | XML_PARSE_COMPACT;
    xmlResetLastError();
    xmlDocPtr doc = xmlReadMemory(fixed.data ? fixed.data : "", (int)fixed.len, url, "UTF-8", opts);
    bool faulted = !doc || xmlGetLastError();
    if (faulted) {
        /* a document libxml2 found fault with: prepared again, its markup
         * mended where it does not balance (see struct balance; looked
         * for only then, as every well-formed document balances) */
        if (doc)
            xmlFreeDoc(doc);
        nw_buf_cleanup(&fixed);
        lifted_free(&lifted);
        lifted = (struct lifted){.doc_len = flen};
        fix_references(decl, from, flen, &fixed, &lifted, true);
        xmlResetLastError();
        doc = xmlReadMemory(fixed.data ? fixed.data : "", (int)fixed.len, url, "UTF-8", opts);
        faulted = !doc || xmlGetLastError();
    }
    nw_buf_cleanup(&u8);
    /* a document libxml2 still finds fault with may hold characters XML
     * does not allow (looked for only then: they are rare): read again
     * without them */
    struct nw_buf clean = {0};
    if (faulted && drop_non_xml(fixed.data, fixed.len, &clean)) {
        if (doc)
            xmlFreeDoc(doc);
        doc = xmlReadMemory(clean.data, (int)clean.len, url, "UTF-8", opts);
    }
    nw_buf_cleanup(&clean);
    nw_buf_cleanup(&fixed);
    if (!doc) {
        lifted_free(&lifted);
        const xmlError *e = xmlGetLastError();
        nw_err_set(err, 2, "not a feed: unreadable XML%s%s", e && e->message ? ": " : "", e && e->message ? e->message : "");
        if (err) { /* libxml2 messages end with a newline */
            size_t n = strlen(err->msg);
            while (n && (err->msg[n - 1] == '\n' || err->msg[n - 1] == ' '))
                err->msg[--n] = '\0';
        }
        return NULL;
    }
    doc->_private = &lifted;
    if (faulted) /* an undeclared prefix is one of libxml2's errors */
        bind_known_prefixes(xmlDocGetRootElement(doc));
    json_t *out = parse_xml_feed(doc, url, err, index_newest);
    xml_arena_free_doc(doc);
    lifted_free(&lifted);
    return out;
}

json_t *feed_parse_index(const char *data, size_t len, const char *url, const char *content_type, struct nw_err *err,
                         char **index_newest)
{
    if (index_newest)
        *index_newest = NULL;
    char *fixed_url = NULL; /* links are resolved against it: it must be UTF-8 too */
    if (url && nw_utf8_valid_len(url, strlen(url)) != strlen(url))
        url = fixed_url = nw_utf8_fix(url, strlen(url));
    /* the document's tree is taken back at once, not node by node */
    bool own = xml_arena_begin();
    json_t *o = parse_document(data, len, url, content_type, index_newest, err);
    if (own)
        xml_arena_end();
    free(fixed_url);
    return o;
}

json_t *feed_parse(const char *data, size_t len, const char *url, const char *content_type, struct nw_err *err)
{
    return feed_parse_index(data, len, url, content_type, err, NULL);
}

json_t *feed_parse_for_text(const char *data, size_t len, const char *url, const char *content_type, struct nw_err *err,
                            char **index_newest)
{
    content_as_is = true;
    json_t *o = feed_parse_index(data, len, url, content_type, err, index_newest);
    content_as_is = false;
    return o;
}

static bool feed_mime(const char *t)
{
    static const char *const types[] = {"application/rss+xml", "application/atom+xml", "application/feed+json",
                                        "application/rdf+xml", "application/json", "text/xml", "application/xml"};
    for (size_t i = 0; i < sizeof types / sizeof *types; i++)
        if (!strncasecmp(t, types[i], strlen(types[i])))
            return true;
    return false;
}

static void discover_walk(xmlNodePtr n, const char *base, json_t *out, int depth)
{
    for (; n && depth < 64; n = n->next) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        const char *name = (const char *)n->name;
        if (name_eq(name, "link") || name_eq(name, "a")) {
            char *rel = NULL, *type = NULL, *href = NULL, *title = NULL;
            attr(n, "rel", &rel);
            attr(n, "type", &type);
            attr(n, "href", &href);
            attr(n, "title", &title);
            bool alt = false;
            if (rel) { /* rel is a space-separated list */
                char *save = NULL;
                for (char *t = strtok_r(rel, " \t\n", &save); t; t = strtok_r(NULL, " \t\n", &save))
                    alt |= !strcasecmp(t, "alternate") || !strcasecmp(t, "feed");
            }
            if (alt && type && href && *href && feed_mime(type)) {
                char *abs = nw_url_resolve(base, href);
                /* with no address to resolve it against, a relative one
                 * is kept as written, and said to be */
                bool relative = !abs && !base && strcspn(href, ":/?#") == strcspn(href, "/?#");
                if (relative)
                    abs = nw_strdup(href);
                bool dup = false;
                size_t i;
                json_t *v;
                json_array_foreach(out, i, v) dup |= abs && !strcmp(nw_json_str(v, "url"), abs);
                if (abs && !dup) {
                    json_t *f = json_object();
                    nw_json_set_str(f, "url", abs);
                    nw_json_set_str(f, "type", type);
                    nw_json_set_str(f, "title", title);
                    if (relative)
                        json_object_set_new(f, "relative", json_true());
                    json_array_append_new(out, f);
                }
                free(abs);
            }
            free(rel);
            free(type);
            free(href);
            free(title);
        }
        discover_walk(n->children, base, out, depth + 1);
    }
}

json_t *feed_discover(const char *data, size_t len, const char *url)
{
    json_t *out = json_array();
    htmlDocPtr doc = html_parse(data, len, url, charset_for_html(data, len, NULL));
    if (!doc)
        return out;
    char *base = url ? nw_strdup(url) : NULL;
    /* <base href> changes what relative links mean */
    for (xmlNodePtr r = xmlDocGetRootElement(doc); r; r = NULL)
        for (xmlNodePtr h = r->children; h; h = h->next)
            if (h->type == XML_ELEMENT_NODE && !strcasecmp((const char *)h->name, "head"))
                for (xmlNodePtr b = h->children; b; b = b->next)
                    if (b->type == XML_ELEMENT_NODE && !strcasecmp((const char *)b->name, "base")) {
                        char *href = NULL;
                        if (attr(b, "href", &href)) {
                            char *nb = nw_url_resolve(base, href);
                            if (nb) {
                                free(base);
                                base = nb;
                            }
                        }
                        free(href);
                    }
    discover_walk(xmlDocGetRootElement(doc), base, out, 0);
    free(base);
    xmlFreeDoc(doc);
    return out;
}
