/* HTML fragments (a feed item's summary or content, a title): sanitised,
 * and as plain text. The reference for both is libxml2's tree of the
 * fragment: less unsafe elements and attributes, written back by its HTML
 * serialiser; or walked for its text (html_node_text). Building that tree
 * costs far more than reading the feed, so a fast path builds the tree
 * libxml2 would, small and without copies, in one pass over the fragment
 * (the same implied end tags, from libxml2's own tables), for fragments
 * of common markup, and writes it as libxml2's serialiser does, or walks
 * it for its text. Whatever it is not sure of goes the tree way; tests and
 * fuzz targets hold the two ways to the same bytes. */
#include "html.h"
#include "xmlarena.h"

#include <libxml/HTMLtree.h>
#include <libxml/uri.h>

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif
#include <strings.h>

#include "../common/fnv.h"
#include "../common/jsonx.h"
#include "../common/log.h"
#include "../common/mem.h"
#include "../common/url.h"
#include "entities.h"

void (*html_sanitize_check)(const char *html, size_t len, const char *fast, const char *tree);

/* Elements removed, with what they hold (but those sanitize_nodes
 * unwraps). Besides scripts, styles, frames, plug-ins and forms: the
 * elements a browser reads as raw text and libxml2 as markup (<xmp>,
 * <noembed>, <noframes>, <plaintext>, and <title> in a body, which is
 * kept when it holds text only), whose markup written back would be read
 * by a browser as new tags after the text ends
 * ("<noembed><img title='</noembed><img onerror=...>'>"); and
 * SVG's animations, which set an attribute to any value
 * (attributeName="href" values="javascript:..."); and the form controls
 * older HTML knew, <isindex> (a form of its own, to its action) and
 * <keygen>. */
static const char *const unsafe_tags[] = {
    "script",       "style",     "iframe",   "frame",    "frameset", "object",        "embed",
    "applet",       "meta",      "link",     "base",     "form",     "input",         "button",
    "select",       "textarea",  "noscript", "template", "param",    "xmp",           "noembed",
    "noframes",     "plaintext", "title",    "animate",  "set",      "animatemotion", "animatetransform",
    "animatecolor", "isindex",   "keygen",
};

/* Whether a URL runs a script, or shows a document of its own (a data:
 * URL but an image's): its scheme read as browsers read it, blanks and
 * controls before it skipped, an ASCII tab or newline anywhere ignored
 * (the URL standard takes them out first: "jav\tascript:" is a script),
 * and as it is written: every control character and DEL, which the
 * writer leaves out of the value, ignored too ("java\x01script:" is
 * written "javascript:"). A data: URL is an image's read both ways:
 * the writer escapes a carriage return in a link ("data:ima\rge/" is
 * written "data:ima%0Dge/"). */
static bool unsafe_url(const char *v)
{
    while (*v && (isspace((unsigned char)*v) || (unsigned char)*v < 0x20))
        v++;
    char s[12], r[12];
    size_t n = 0, k = 0;
    for (; *v && n < sizeof s - 1; v++) {
        if ((unsigned char)*v >= 0x20 && *v != 0x7F)
            s[n++] = (char)tolower((unsigned char)*v);
        if (k < sizeof r - 1)
            r[k++] = (char)tolower((unsigned char)*v);
    }
    s[n] = r[k] = '\0';
    return !strncmp(s, "javascript:", 11) || !strncmp(s, "vbscript:", 9) ||
           (!strncmp(s, "data:", 5) && (strncmp(s, "data:image/", 11) || strncmp(r, "data:image/", 11)));
}

/* The next candidate of a srcset from *pos, as the HTML standard splits
 * them: its URL (a run of non-blank characters, commas at its end ending
 * the candidate) and its descriptors (up to a comma outside parentheses),
 * as offsets into v. False past the last. */
static bool srcset_next(const char *v, size_t n, size_t *pos, size_t *us, size_t *ul, size_t *ds, size_t *dl)
{
    size_t i = *pos;
    while (i < n && (isspace((unsigned char)v[i]) || v[i] == ','))
        i++;
    if (i >= n)
        return false;
    *us = i;
    while (i < n && !isspace((unsigned char)v[i]))
        i++;
    size_t ue = i;
    *ds = *dl = 0;
    if (v[ue - 1] == ',') {
        while (ue > *us && v[ue - 1] == ',')
            ue--;
    } else {
        while (i < n && isspace((unsigned char)v[i]))
            i++;
        size_t d0 = i;
        int paren = 0;
        while (i < n && (v[i] != ',' || paren)) {
            paren += v[i] == '(' ? 1 : v[i] == ')' && paren ? -1 : 0;
            i++;
        }
        size_t d1 = i;
        while (d1 > d0 && isspace((unsigned char)v[d1 - 1]))
            d1--;
        *ds = d0;
        *dl = d1 - d0;
    }
    *ul = ue - *us;
    *pos = i;
    return true;
}

/* Whether u[0..n) is an absolute http(s) URL: nothing to resolve. */
static bool http_absolute(const char *u, size_t n)
{
    return (n > 7 && !strncasecmp(u, "http://", 7)) || (n > 8 && !strncasecmp(u, "https://", 8));
}

static bool srcset_url_absolute(const char *u, size_t n)
{
    return http_absolute(u, n) || (n > 5 && !strncasecmp(u, "data:", 5));
}

/* Whether a srcset names an image by a URL to resolve. */
static bool srcset_relative(const char *v, size_t n)
{
    size_t pos = 0, us, ul, ds, dl;
    while (srcset_next(v, n, &pos, &us, &ul, &ds, &dl))
        if (!srcset_url_absolute(v + us, ul))
            return true;
    return false;
}

/* The same of a srcset as written in the markup, whose references the
 * parser reads first: a reference to a comma or a blank ("&#x2c;",
 * "&#44;", "&comma;", "&Tab;", "&NewLine;") starts another candidate,
 * whose URL may be relative. */
static bool srcset_written_relative(const char *v, size_t n)
{
    const char *e = v + n;
    for (const char *p = v; (p = memchr(p, '&', (size_t)(e - p))); p++) {
        if (e - p >= 3 && p[1] == '#') {
            /* its digits past any zeros: a comma's or a blank's are two
             * at most */
            const char *d = p + 2;
            bool hex = *d == 'x' || *d == 'X';
            d += hex;
            while (d < e && *d == '0')
                d++;
            unsigned c = 0, k = 0;
            for (; d < e && k < 3 && (hex ? isxdigit((unsigned char)*d) : isdigit((unsigned char)*d)); d++, k++)
                c = c * (hex ? 16 : 10) +
                    (unsigned)(isdigit((unsigned char)*d) ? *d - '0' : tolower((unsigned char)*d) - 'a' + 10);
            bool more = d < e && (hex ? isxdigit((unsigned char)*d) : isdigit((unsigned char)*d));
            if (!more && (c == ',' || (c < 128 && isspace((int)c))))
                return true;
        }
        if ((e - p > 6 && !memcmp(p + 1, "comma", 5)) || (e - p > 4 && !memcmp(p + 1, "Tab", 3)) ||
            (e - p > 8 && !memcmp(p + 1, "NewLine", 7)))
            return true;
    }
    return srcset_relative(v, n);
}

/* A srcset with its URLs resolved on base (new string), or NULL when none
 * needs it. Candidates are written "URL descriptors", ", " between. */
static char *srcset_resolve(const char *base, const char *v)
{
    size_t n = strlen(v);
    if (!base || !srcset_relative(v, n))
        return NULL;
    struct nw_buf b = {0};
    size_t pos = 0, us, ul, ds, dl;
    while (srcset_next(v, n, &pos, &us, &ul, &ds, &dl)) {
        if (b.len)
            nw_buf_puts(&b, ", ");
        char *u = nw_strndup(v + us, ul);
        char *abs = srcset_url_absolute(u, ul) ? NULL : nw_url_resolve(base, u);
        nw_buf_puts(&b, abs ? abs : u);
        free(abs);
        free(u);
        if (dl) {
            nw_buf_putc(&b, ' ');
            nw_buf_append(&b, v + ds, dl);
        }
    }
    return b.data ? nw_buf_steal(&b) : nw_strdup("");
}

/* Whether a URL attribute's value is refused: one that runs a script or
 * shows a document (unsafe_url), or on SVG's <use> one that is not a
 * reference within the fragment ("#icon"): a document fetched and drawn
 * in place (a data: URL one that runs scripts, in some browsers) */
static bool refused_url(const char *element, const char *v)
{
    return unsafe_url(v) || (!strcasecmp(element, "use") && v[0] != '#');
}

/* Attributes holding a URL: checked for a script scheme, resolved. A
 * prefixed name counts by its last part, an empty prefix too: SVG's and
 * MathML's xlink:href is a link, and so is what only looks like one
 * (":href", "x:src"). */
static bool is_url_attr(const char *name, size_t n)
{
    static const char *const names[] = {"href", "src", "action", "poster", "background", "longdesc", "cite"};
    const char *colon = memrchr(name, ':', n);
    if (colon) {
        n -= (size_t)(colon + 1 - name);
        name = colon + 1;
    }
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        if (strlen(names[i]) == n && !strncasecmp(name, names[i], n))
            return true;
    return false;
}

/* Attributes removed whatever their value: event handlers, style (it can
 * hide or overlay), srcdoc and formaction (a document or a target). */
static bool dropped_attr(const char *name)
{
    return !strncasecmp(name, "on", 2) || !strcasecmp(name, "style") || !strcasecmp(name, "srcdoc") ||
           !strcasecmp(name, "formaction");
}

/* HTML's white space, as its tokenizer knows it (no vertical tab) */
static bool html_ws(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
}

/* Whether a fragment may need sanitising or URL resolving at all: one pass
 * over its tags, read as a browser's tokenizer reads them, looking for
 * unsafe elements, event or style attributes, and URLs that are not
 * absolute http(s). Comments count as work too. */
bool html_needs_sanitizing(const char *h, size_t len)
{
    const char *p = h, *end = h + len;
    while ((p = memchr(p, '<', (size_t)(end - p)))) {
        p++;
        /* comments and processing instructions are removed; a CDATA
         * section is read otherwise by a browser inside SVG (its "]]>"
         * ends a text there, where it is a tag's attribute here). Any
         * other "<!" (a doctype) is hidden by a browser up to the next
         * '>', and read on from there */
        bool doctype = p < end && *p == '!' && !(end - p >= 3 && !memcmp(p, "!--", 3)) &&
                       !(end - p >= 8 && !memcmp(p, "![CDATA[", 8));
        /* "</" before no letter is a comment to a browser, up to the next
         * '>' too ("</&x<img title=\"a>..." hides "<img title=\"a", and
         * what follows the '>' is markup) */
        bool bogus = p < end && *p == '/' && !(end - p >= 2 && isalpha((unsigned char)p[1]));
        if (doctype || bogus) {
            p = memchr(p, '>', (size_t)(end - p));
            if (!p)
                break;
            continue;
        }
        if (p < end && (*p == '!' || *p == '?'))
            return true;
        if (p < end && *p == '/')
            p++;
        /* a '<' before no letter is text to a browser ("<2", "<<applet>"),
         * and so is it here: what follows it is read on as the browser
         * reads it */
        if (p >= end || !isalpha((unsigned char)*p))
            continue;
        /* the tag is read as a browser's tokenizer reads it: its name up
         * to HTML's white space, '/' or '>' ("<pa'x=\"" is one name, and
         * no quoted value starts there); the unsafe names are 3 to 16
         * letters, and a name that starts with one counts as it */
        const char *ns = p;
        while (p < end && isalnum((unsigned char)*p))
            p++;
        size_t nl = (size_t)(p - ns);
        /* "<title>text</title>" (SVG's) is the same to both readers, and
         * stays as it is */
        if (nl == 5 && ns[-1] != '/' && !strncasecmp(ns, "title", 5) && p < end && *p == '>') {
            const char *lt = memchr(p, '<', (size_t)(end - p));
            if (lt && end - lt >= 8 && !strncasecmp(lt, "</title>", 8)) {
                p = lt + 8;
                continue;
            }
        }
        for (size_t i = 0; nl >= 3 && nl <= 16 && i < sizeof unsafe_tags / sizeof *unsafe_tags; i++)
            if ((ns[0] | 0x20) == unsafe_tags[i][0] && strlen(unsafe_tags[i]) == nl &&
                !strncasecmp(ns, unsafe_tags[i], nl))
                return true;
        /* an SVG <use> keeps its references within the fragment only
         * (refused_url) */
        if (nl == 3 && !strncasecmp(ns, "use", 3))
            return true;
        while (p < end && !html_ws(*p) && *p != '/' && *p != '>')
            p++;
        /* attributes up to the end of the tag */
        while (p < end && *p != '>') {
            while (p < end && (html_ws(*p) || *p == '/'))
                p++;
            if (p >= end || *p == '>')
                break;
            /* a name's first character may be '=' */
            const char *an = p++;
            while (p < end && !html_ws(*p) && *p != '=' && *p != '>' && *p != '/')
                p++;
            size_t al = (size_t)(p - an);
            if (al >= 2 && !strncasecmp(an, "on", 2))
                return true;
            if (al == 5 && !strncasecmp(an, "style", 5))
                return true;
            while (p < end && html_ws(*p))
                p++;
            if (p < end && *p == '=') {
                p++;
                while (p < end && html_ws(*p))
                    p++;
                char q = p < end && (*p == '"' || *p == '\'') ? *p++ : 0;
                const char *vs = p;
                while (p < end && (q ? *p != q : !html_ws(*p) && *p != '>'))
                    p++;
                if (al == 6 && !strncasecmp(an, "srcset", 6) && srcset_written_relative(vs, (size_t)(p - vs)))
                    return true;
                if (is_url_attr(an, al)) {
                    size_t vl = (size_t)(p - vs);
                    if (!http_absolute(vs, vl))
                        return true;
                }
                if (q && p < end)
                    p++;
            }
        }
    }
    return false;
}

/* Removes what is unsafe from the nodes from n on. An <object> and a
 * <noscript> give way to what they hold, sanitised in turn: the content a
 * browser shows when it does not run the object or scripts, as a reader
 * of this HTML does not (an image a page loads by script often has its
 * own copy in a <noscript>). A void element libxml2 does not know is
 * emptied (html_void5_at), and *void5 (when given) set if one stays. */
static void sanitize_nodes(xmlNodePtr n, const char *base, int depth, bool *void5)
{
    xmlNodePtr next;
    for (; n; n = next) {
        next = n->next;
        if (n->type == XML_COMMENT_NODE || n->type == XML_PI_NODE || depth > 200) {
            xmlUnlinkNode(n);
            xml_arena_free_node(n);
            continue;
        }
        if (n->type != XML_ELEMENT_NODE)
            continue;
        bool drop = false;
        for (size_t i = 0; i < sizeof unsafe_tags / sizeof *unsafe_tags && !drop; i++)
            drop = !strcasecmp((const char *)n->name, unsafe_tags[i]);
        /* a <title> of text is kept (SVG's names its drawing): read as raw
         * text or as SVG's, it is the same text. One holding elements is
         * not: a browser reads them as its text, up to a "</title>" an
         * attribute may hold */
        if (drop && !strcasecmp((const char *)n->name, "title")) {
            drop = false;
            for (xmlNodePtr c = n->children; c && !drop; c = c->next)
                drop = c->type != XML_TEXT_NODE;
        }
        if (drop && (!strcasecmp((const char *)n->name, "embed") || !strcasecmp((const char *)n->name, "form") ||
                     !strcasecmp((const char *)n->name, "object") || !strcasecmp((const char *)n->name, "noscript"))) {
            /* <embed> has no content in HTML5: what libxml2 put inside it
             * (its end tag being optional there) comes after it, and stays;
             * a form's text is read without the form (its controls go) */
            next = html_unwrap(n);
            continue;
        }
        if (drop) {
            xmlUnlinkNode(n);
            xml_arena_free_node(n);
            continue;
        }
        if (html_void5_at(n)) {
            /* a void element libxml2 opened as a container: what it put
             * inside comes after it, as in an HTML5 tree */
            html_move_after(n, n->children);
            next = n->next;
            if (void5)
                *void5 = true;
        }
        xmlAttrPtr a = n->properties, an;
        for (; a; a = an) {
            an = a->next;
            const char *name = (const char *)a->name;
            xmlChar *v = xmlNodeListGetString(n->doc, a->children, 1);
            bool url_attr = is_url_attr(name, strlen(name));
            char *set = NULL;
            if (dropped_attr(name) || (url_attr && v && refused_url((const char *)n->name, (const char *)v))) {
                xmlRemoveProp(a);
            } else if (v && base && !strcmp(name, "srcset") && (set = srcset_resolve(base, (const char *)v))) {
                xmlSetProp(n, a->name, (const xmlChar *)set);
            } else if (url_attr && v && base && !strstr((const char *)v, "://") &&
                       strcasecmp((const char *)n->name, "use")) {
                /* (a <use>'s "#icon" stays a reference within the fragment) */
                char *abs = nw_url_resolve(base, (const char *)v);
                if (abs) {
                    xmlSetProp(n, a->name, (const xmlChar *)abs);
                    free(abs);
                }
            }
            free(set);
            xmlFree(v);
        }
        sanitize_nodes(n->children, base, depth + 1, void5);
    }
}

/* Whether a node is a text as libxml2's serialiser tells them apart. */
static bool dump_text(xmlNodePtr n)
{
    return n && (n->type == XML_TEXT_NODE || n->type == XML_ENTITY_REF_NODE);
}

/* Writes n as htmlNodeDump does (fs_write says how it lays blocks out),
 * but for the void elements HTML 4 does not know (html_void5), which it
 * writes with an end tag: an HTML5 reader ignores that tag, an HTML 4 or
 * XML one puts what follows inside. */
static void dump_node(xmlBufferPtr xb, htmlDocPtr doc, xmlNodePtr n, xmlNodePtr parent)
{
    if (n->type != XML_ELEMENT_NODE || n->ns) {
        htmlNodeDump(xb, doc, n);
        return;
    }
    const char *name = (const char *)n->name;
    const htmlElemDesc *info = htmlTagLookup(n->name);
    bool block = info && !info->isinline, several = n->children != n->last && name[0] != 'p';
    xmlBufferCCat(xb, "<");
    xmlBufferCCat(xb, name);
    for (xmlAttrPtr a = n->properties; a; a = a->next)
        htmlNodeDump(xb, doc, (xmlNodePtr)a);
    if ((info && info->empty) || (!n->children && html_void5_at(n))) {
        xmlBufferCCat(xb, ">");
    } else if (!n->children) {
        if (info && info->saveEndTag && strcmp(name, "html") && strcmp(name, "body"))
            xmlBufferCCat(xb, ">");
        else {
            xmlBufferCCat(xb, "></");
            xmlBufferCCat(xb, name);
            xmlBufferCCat(xb, ">");
        }
    } else {
        xmlBufferCCat(xb, ">");
        if (block && several && !dump_text(n->children))
            xmlBufferCCat(xb, "\n");
        for (xmlNodePtr c = n->children; c; c = c->next)
            dump_node(xb, doc, c, n);
        if (block && several && !dump_text(n->last))
            xmlBufferCCat(xb, "\n");
        xmlBufferCCat(xb, "</");
        xmlBufferCCat(xb, name);
        xmlBufferCCat(xb, ">");
    }
    if (block && n->next && !dump_text(n->next) && parent && parent->name && parent->name[0] != 'p')
        xmlBufferCCat(xb, "\n");
}

/* The tree way: libxml2 reads the fragment, unsafe nodes and attributes
 * are removed, and libxml2 writes the rest back. */
char *html_sanitize_tree(const char *html, size_t len, const char *base)
{
    xmlNodePtr body;
    htmlDocPtr doc = html_parse_fragment(html, len, &body);
    if (!body) {
        if (doc)
            xmlFreeDoc(doc);
        return nw_strdup("");
    }
    bool void5 = false;
    sanitize_nodes(body->children, base, 0, &void5);
    /* libxml2 2.9 grows a buffer to the exact size of each write (a
     * copy of all written so far, each time the allocator cannot extend
     * it in place): this one doubles */
    xmlBufferPtr xb = xmlBufferCreateSize(len + 64);
    xmlBufferSetAllocationScheme(xb, XML_BUFFER_ALLOC_DOUBLEIT);
    for (xmlNodePtr c = body->children; c; c = c->next)
        if (void5)
            dump_node(xb, doc, c, body);
        else
            htmlNodeDump(xb, doc, c);
    char *res = nw_strdup((const char *)xmlBufferContent(xb));
    xmlBufferFree(xb);
    xmlFreeDoc(doc);
    return res;
}

/* ---- The fast path ---- */

/* A character reference or entity as libxml2's HTML parser reads it, *pp
 * just past its '&'. REF_CHAR: cp[0] is the character (cp[1] a second
 * one, for the standard's names of two: "&NotEqualTilde;", "&fjlig;",
 * else 0) and *pp moves past the ';'. REF_AMP: no name follows ("& ",
 * "&="), the '&' is text. REF_NAME: a name without its ';' or not a
 * known entity ("&b=2", "&foo;"): libxml2 keeps '&' and the name as text.
 * REF_UNSURE: a number without ';' or naming no XML character, left to
 * libxml2. */
enum html_ref { REF_CHAR, REF_AMP, REF_NAME, REF_UNSURE };

static enum html_ref read_ref(const char **pp, const char *end, unsigned cp[2])
{
    const char *p = *pp;
    unsigned v = 0, v2 = 0;
    /* libxml2 reads a name holding non-ASCII letters another way, which
     * loses part of a long one: such a name over 32 bytes is left to it
     * (every byte above 0x7F counted as a letter here) */
    const char *q = p;
    bool wide = false;
    while (q < end && (html_name_chars[(unsigned char)*q] || (unsigned char)*q >= 0x80)) {
        wide |= (unsigned char)*q >= 0x80;
        q++;
    }
    if (wide && q - p > 32)
        return REF_UNSURE;
    if (p >= end || !(isalpha((unsigned char)*p) || *p == '#' || *p == '_' || *p == ':'))
        return REF_AMP; /* no name after it: a plain '&' */
    if (*p == '#') {
        unsigned long digits;
        if (!(p = html_ref_digits(p + 1, end, 7, &digits)) || p >= end || *p != ';')
            return REF_UNSURE;
        v = (unsigned)digits;
        if (html_c1_ref_char(v)) /* "&#146;": windows-1252's, as html_append_refs writes it */
            v = html_c1_ref_char(v);
        if (!(v == 0x9 || v == 0xA || v == 0xD || (v >= 0x20 && v < 0x7F) || (v >= 0xA0 && v <= 0xD7FF) ||
              (v >= 0xE000 && v <= 0xFFFD) || (v >= 0x10000 && v <= 0x10FFFF)))
            return REF_UNSURE;
    } else {
        /* as html_append_refs reads a name (the standard's longest has 31
         * letters) */
        char name[40];
        size_t n = 0;
        while (p < end && html_name_chars[(unsigned char)*p] == 1 && n < sizeof name - 1)
            name[n++] = *p++;
        name[n] = '\0';
        if (p >= end || *p != ';')
            return REF_NAME;
        /* the names markup escapes with, at once; the others looked up */
        if (n == 3 && !memcmp(name, "amp", 3))
            v = '&';
        else if (n == 2 && name[1] == 't' && (name[0] == 'l' || name[0] == 'g'))
            v = name[0] == 'l' ? '<' : '>';
        else if (n == 4 && !memcmp(name, "quot", 4))
            v = '"';
        else {
            unsigned two[2];
            if (!html_ref_chars(name, two, SIZE_MAX))
                return REF_NAME;
            v = two[0];
            v2 = two[1];
        }
    }
    cp[0] = v;
    cp[1] = v2;
    *pp = p + 1;
    return REF_CHAR;
}

/* Whether libxml2's HTML parser reads the bytes as they are: valid UTF-8
 * without control characters (tab and line feed aside; a carriage return
 * is one, libxml2 may rewrite it) and without U+FFFE or U+FFFF, which it
 * drops. The fast paths take only such fragments. UTF-8 is checked
 * first (vectorised), then control characters eight bytes at a time (a
 * word holding one, a tab or a line feed included, looked at byte by
 * byte), then the two noncharacters. */
static bool bytes_as_is(const char *s, size_t n)
{
    if (!nw_utf8_valid(s, n))
        return false;
    const uint64_t ones = 0x0101010101010101u, highs = 0x8080808080808080u;
    size_t i = 0;
#ifdef __SSE2__
    /* 16 bytes at a time: none a control but tab and line feed, nor DEL */
    for (; n - i >= 16; i += 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
        __m128i ctl = _mm_cmpeq_epi8(_mm_min_epu8(v, _mm_set1_epi8(0x1F)), v);
        __m128i ok = _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('\t')), _mm_cmpeq_epi8(v, _mm_set1_epi8('\n')));
        __m128i bad = _mm_or_si128(_mm_andnot_si128(ok, ctl), _mm_cmpeq_epi8(v, _mm_set1_epi8(0x7F)));
        if (_mm_movemask_epi8(bad))
            return false;
    }
#endif
    while (i < n) {
        if (n - i >= 8) {
            uint64_t w;
            memcpy(&w, s + i, 8);
            uint64_t ctl = w & 0xE0E0E0E0E0E0E0E0u, del = w ^ 0x7F7F7F7F7F7F7F7Fu;
            if (!((ctl - ones) & ~ctl & highs) && !((del - ones) & ~del & highs)) {
                i += 8;
                continue;
            }
        }
        for (size_t end = n - i >= 8 ? i + 8 : n; i < end; i++) {
            unsigned char c = (unsigned char)s[i];
            if ((c < 0x20 && c != '\t' && c != '\n') || c == 0x7F)
                return false;
        }
    }
    for (const char *p = s, *end = s + n; (p = memchr(p, '\xEF', (size_t)(end - p))); p++)
        if (end - p >= 3 && p[1] == '\xBF' && (p[2] == '\xBE' || p[2] == '\xBF'))
            return false;
    return true;
}

/* The end of the comment at p ("<!--"), just past its "-->", as every
 * libxml2 version ends it; NULL for an unterminated comment or one they
 * end differently ("<!-->", "<!--->", "--!>"). */
static const char *comment_end(const char *p, const char *end)
{
    const char *c = p + 4;
    if (c < end && (*c == '>' || (end - c >= 2 && c[0] == '-' && c[1] == '>')))
        return NULL;
    for (;;) {
        const char *d = memchr(c, '-', (size_t)(end - c));
        if (!d || end - d < 3)
            return NULL;
        if (d[1] == '-' && d[2] == '>')
            return d + 3;
        if (d[1] == '-' && d[2] == '!')
            return NULL;
        c = d + 1;
    }
}

/* Elements whose parsing libxml2 treats specially (moved to <head>,
 * raw or escapable text, implied structure): a fragment holding one goes
 * the tree way. So does one to be sanitised that holds one of HTML5's void
 * elements libxml2 opens as containers (TK_VOID5), which the tree way
 * repairs; the text of one is read as the repaired tree has it, what the
 * element holds after it ("x<wbr>y</wbr>Z" is "xyZ" there: no element
 * ends between "y" and "Z"; see fs_text). */
static const char *const tree_only_tags[] = {
    "base",   "body",     "frame", "frameset", "head",     "html",     "image",    "isindex",
    "link",   "listing",  "meta",  "noembed",  "noframes", "optgroup", "option",   "plaintext",
    "select", "textarea", "title", "xmp",      "embed",    "form",     "noscript", "object",
};

#define FS_DEPTH 48

struct fs_attr {
    char name[32];   /* lower case, as libxml2 names it */
    unsigned nlen;   /* its length */
    unsigned kind;   /* attr_kind */
    const char *val; /* the value as written, references not decoded; NULL: no value */
    uint32_t vlen;
};

struct fs_node {
    const char *text; /* a text node's span, references not decoded; NULL for an element */
    uint32_t tlen;
    int32_t first, last, next; /* the children kept and the next sibling kept; -1 for none */
    int32_t attr0, nattr;
    short tag; /* an element's slot in tags (its name, libxml2's description...); -1 for text */
};

struct fs {
    struct fs_node *nodes;
    size_t nnodes, ncap;
    struct fs_attr *attrs;
    size_t nattrs, acap;
    struct nw_buf tmp, enc; /* scratch for a value decoded, then escaped */
    bool void5_emptied;     /* fs_text: the fragment read as sanitised (TK_VOID5) */
};

static bool fs_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\n';
}

/* All that the fast path asks of a tag name, found on first use and
 * remembered per thread: whether the tree must read it, whether the
 * sanitiser removes it, whether its text is hidden, whether it is a block
 * for text layout (html_is_block), a <br> or a table cell; its rank among
 * end tags (libxml2's htmlEndPriority: an end tag closes the elements
 * open inside its own only when none of them ranks higher; 100 for the
 * rest); libxml2's description of it (NULL for a name it does not know);
 * and whether it closes an element of its own kind, once asked. Names
 * keep their slot for the thread's life (open addressing, never evicted),
 * so that a slot's number stands for its name: what one start tag does to
 * an element open (fs_closes) is remembered by the pair of numbers. */
enum { TK_TREE = 1, TK_UNSAFE = 2, TK_HIDDEN = 4, TK_BLOCK = 8, TK_BR = 16, TK_CELL = 32, TK_PRE = 64, TK_VOID5 = 128 };
struct tag_info {
    char name[16]; /* zero-padded; "" for a free slot */
    unsigned char len; /* of name */
    unsigned char flags;
    signed char closes_own; /* -1 until asked */
    short rank;
    const htmlElemDesc *info;
};

#define TAG_SLOTS 512
#define TAG_PROBES 16

struct tag_memo {
    unsigned used; /* slots taken */
    struct tag_info tag[TAG_SLOTS];
    /* per pair of slots (start tag, element open), whether libxml2's
     * answer is known, and the answer */
    uint64_t known[TAG_SLOTS][TAG_SLOTS / 64], closes[TAG_SLOTS][TAG_SLOTS / 64];
};
static _Thread_local struct tag_memo tags;

/* A tag name as the scans below read it: lower case, zero-padded to 16
 * bytes, with its FNV-1a hash. */
struct tag_name {
    char s[16];
    uint32_t hash;
};

/* ASCII letters and digits, and lower case, as the C locale newswire
 * runs in has them, by table (the scans below ask per byte). */
static bool is_alnum(char c) { return html_name_chars[(unsigned char)c] == 1; }

/* Byte classes as 256-bit sets, one test per byte in the hot loops. */
static bool in_set(const uint64_t set[4], unsigned char c)
{
    return set[c >> 6] >> (c & 63) & 1;
}

/* Letters, digits, '_', '-' and '.': what an attribute's name is made of. */
static const uint64_t attr_name_set[4] = {0x03ff600000000000ull, 0x07fffffe87fffffeull, 0, 0};

static char lower(char c) { return c >= 'A' && c <= 'Z' ? (char)(c + 32) : c; }

static bool in_list(const char *name, const char *const *list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!strcmp(name, list[i]))
            return true;
    return false;
}

static short end_rank(const char *name)
{
    static const struct {
        const char *name;
        short rank;
    } ranks[] = {{"div", 150},   {"td", 160},    {"th", 160},   {"tr", 170},   {"thead", 180}, {"tbody", 180},
                 {"tfoot", 180}, {"table", 190}, {"head", 200}, {"body", 200}, {"html", 220}};
    for (size_t i = 0; i < sizeof ranks / sizeof *ranks; i++)
        if (!strcmp(name, ranks[i].name))
            return ranks[i].rank;
    return 100;
}

/* The slot of a tag name, filled in on first sight; -1 when its probes
 * are all taken by other names (a fragment of many made-up names: the
 * tree way). */
static int tag_slot(const struct tag_name *n)
{
    for (unsigned i = 0; i < TAG_PROBES; i++) {
        unsigned k = (n->hash + i) & (TAG_SLOTS - 1);
        struct tag_info *t = &tags.tag[k];
        if (!memcmp(t->name, n->s, sizeof n->s))
            return (int)k;
        if (t->name[0])
            continue;
        const char *name = n->s;
        tags.used++;
        memcpy(t->name, name, sizeof t->name);
        t->len = (unsigned char)strnlen(name, sizeof t->name);
        t->flags = 0;
        if (in_list(name, tree_only_tags, sizeof tree_only_tags / sizeof *tree_only_tags))
            t->flags |= TK_TREE;
        if (in_list(name, unsafe_tags, sizeof unsafe_tags / sizeof *unsafe_tags))
            t->flags |= TK_UNSAFE;
        if (html_void5(name))
            t->flags |= TK_VOID5;
        if (html_is_hidden(name))
            t->flags |= TK_HIDDEN;
        if (html_is_block(name))
            t->flags |= TK_BLOCK;
        if (!strcmp(name, "br"))
            t->flags |= TK_BR;
        if (!strcmp(name, "td") || !strcmp(name, "th"))
            t->flags |= TK_CELL;
        if (!strcmp(name, "pre"))
            t->flags |= TK_PRE;
        t->closes_own = -1;
        t->rank = end_rank(name);
        t->info = htmlTagLookup((const xmlChar *)name);
        return (int)k;
    }
    return -1;
}

/* Before a fragment: a table three quarters full (made-up names
 * gathered by a long-lived thread, which would leave real ones without a
 * slot) starts again empty. Slots are only held while one fragment is read
 * and written. */
static void tags_make_room(void)
{
    if (tags.used > TAG_SLOTS / 4 * 3)
        memset(&tags, 0, sizeof tags);
}

/* The slot of a name given as a string (its first 15 bytes). */
static int tag_slot_of(const char *name)
{
    struct tag_name n = {0};
    size_t len = strnlen(name, sizeof n.s - 1);
    memcpy(n.s, name, len);
    n.hash = nw_fnv1a(NW_FNV_START, n.s, len);
    return tag_slot(&n);
}

/* A tag name as libxml2 reads it, lower-cased into out: a letter, then
 * letters and digits. 0 when there is none, it is longer than 15 bytes,
 * or it goes on with a character libxml2 also takes into names. */
static size_t fs_name(const char *p, const char *end, struct tag_name *out)
{
    size_t n = 0;
    uint32_t h = NW_FNV_START;
    memset(out->s, 0, sizeof out->s);
    if (p >= end || !isalpha((unsigned char)*p))
        return 0;
    while (p + n < end && is_alnum(p[n])) {
        if (n == 15)
            return 0;
        char c = lower(p[n]);
        out->s[n] = c;
        h = nw_fnv1a_byte(h, (unsigned char)c);
        n++;
    }
    if (p + n < end && (p[n] == '-' || p[n] == '_' || p[n] == '.' || p[n] == ':'))
        return 0;
    out->hash = h;
    return n;
}

/* Whether libxml2 closes an open element (slot `open`) when a start tag
 * (slot `tag`) comes: its htmlStartClose table, asked once per thread
 * and pair. Whether a tag closes its own kind (p, li, tr...) is found by
 * parsing "<x>a<x>b", once per thread and name. */
static bool fs_closes(int tag, int open)
{
    if (tag != open) {
        uint64_t bit = 1ull << (open & 63);
        if (tags.known[tag][open >> 6] & bit)
            return tags.closes[tag][open >> 6] & bit;
        /* htmlAutoCloseTag(doc, name, elem): whether elem's tag closes name */
        xmlNode probe = {.type = XML_ELEMENT_NODE, .name = (const xmlChar *)tags.tag[tag].name};
        bool closes = htmlAutoCloseTag(NULL, (const xmlChar *)tags.tag[open].name, &probe) == 1;
        tags.known[tag][open >> 6] |= bit;
        if (closes)
            tags.closes[tag][open >> 6] |= bit;
        return closes;
    }
    struct tag_info *t = &tags.tag[tag];
    if (t->closes_own < 0) {
        char probe[48];
        int len = snprintf(probe, sizeof probe, "<%s>a<%s>b", t->name, t->name);
        xmlNodePtr body;
        htmlDocPtr doc = html_parse_fragment(probe, (size_t)len, &body);
        bool closes = false;
        if (body && body->children && body->children->type == XML_ELEMENT_NODE) {
            closes = true; /* unless the second is inside the first */
            for (xmlNodePtr c = body->children->children; c; c = c->next)
                if (c->type == XML_ELEMENT_NODE)
                    closes = false;
        }
        if (doc)
            xmlFreeDoc(doc);
        t->closes_own = closes;
    }
    return t->closes_own;
}

static void fs_free(struct fs *fs)
{
    nw_buf_cleanup(&fs->tmp);
    nw_buf_cleanup(&fs->enc);
    free(fs->nodes);
    free(fs->attrs);
}

/* What an element node's name is and does. */
static const struct tag_info *fs_tag(const struct fs_node *n)
{
    return &tags.tag[n->tag];
}

static int32_t fs_node_new(struct fs *fs, int32_t parent, bool kept)
{
    if (fs->nnodes == fs->ncap) {
        fs->ncap = fs->ncap ? fs->ncap * 2 : 64;
        fs->nodes = nw_realloc(fs->nodes, fs->ncap * sizeof *fs->nodes);
    }
    int32_t id = (int32_t)fs->nnodes++;
    struct fs_node *n = &fs->nodes[id];
    memset(n, 0, sizeof *n);
    n->first = n->last = n->next = -1;
    n->tag = -1;
    if (kept && parent >= 0) {
        struct fs_node *p = &fs->nodes[parent];
        if (p->last >= 0)
            fs->nodes[p->last].next = id;
        else
            p->first = id;
        p->last = id;
    }
    return id;
}

/* Whether the references in s[0..n) are all ones libxml2 reads as this
 * path does (see read_ref); a carriage return written as one is left
 * to libxml2 too. */
static bool fs_refs_ok(const char *s, size_t n)
{
    const char *end = s + n;
    for (const char *a = s; (a = memchr(a, '&', (size_t)(end - a)));) {
        a++;
        unsigned cp[2] = {0, 0};
        enum html_ref r = read_ref(&a, end, cp);
        if (r == REF_UNSURE || (r == REF_CHAR && cp[0] == '\r'))
            return false;
    }
    return true;
}

/* What the sanitiser and libxml2's serialiser do with an attribute, by
 * its lower-case name: remove it (event handlers, style, srcdoc,
 * formaction), check and resolve it as a URL, write it URI-escaped (href,
 * action, src; and name, on <a>), write its name alone (libxml2's boolean
 * attributes, asked of libxml2 and remembered per thread). */
enum { AK_DROP = 1, AK_URL = 2, AK_URI_OUT = 4, AK_NAME = 8, AK_BOOLEAN = 16 };

static unsigned attr_kind(const char *n, size_t len)
{
    static _Thread_local struct {
        char name[32];
        unsigned kind;
    } memo[256];
    unsigned slot = nw_fnv1a(NW_FNV_START, n, len) & 255;
    if (!memcmp(memo[slot].name, n, len + 1))
        return memo[slot].kind;
    unsigned kind = 0;
    if (dropped_attr(n))
        kind = AK_DROP;
    else if (is_url_attr(n, len))
        kind = AK_URL | (!strcmp(n, "href") || !strcmp(n, "src") || !strcmp(n, "action") ? AK_URI_OUT : 0);
    else if (!strcmp(n, "name"))
        kind = AK_NAME;
    if (htmlIsBooleanAttr((const xmlChar *)n))
        kind |= AK_BOOLEAN;
    memcpy(memo[slot].name, n, len + 1);
    memo[slot].kind = kind;
    return kind;
}

/* The attributes of a start tag from *pp (just past its name) to its end,
 * as libxml2 reads them; *pp ends past the '>', *self_closed for "/>".
 * False for anything unusual: an unquoted value holding quotes, '<', '='
 * or '`', a name with other characters, a lone '/'; when they are kept, a
 * repeated name or a reference libxml2 may read otherwise. Not kept (for
 * text), only where the tag ends counts. */
static bool fs_attributes(struct fs *fs, const char **pp, const char *end, bool *self_closed, bool keep)
{
    struct fs_attr scratch;
    const char *q = *pp;
    size_t first = fs->nattrs;
    *self_closed = false;
    for (;;) {
        while (q < end && fs_blank(*q))
            q++;
        if (q >= end)
            return false;
        if (*q == '>') {
            q++;
            break;
        }
        if (*q == '/') {
            if (q + 1 < end && q[1] == '>') {
                *self_closed = true;
                q += 2;
                break;
            }
            return false;
        }
        if (!isalpha((unsigned char)*q) && *q != '_')
            return false;
        const char *an = q;
        while (q < end && in_set(attr_name_set, (unsigned char)*q))
            q++;
        size_t nl = (size_t)(q - an);
        if (nl > 31 || (q < end && !fs_blank(*q) && *q != '=' && *q != '>' && *q != '/'))
            return false;
        struct fs_attr *a = &scratch;
        if (keep) {
            if (fs->nattrs - first >= MAX_TAG_ATTRS)
                return false; /* html_parse cuts such a tag: the tree way */
            if (fs->nattrs == fs->acap) {
                fs->acap = fs->acap ? fs->acap * 2 : 64;
                fs->attrs = nw_realloc(fs->attrs, fs->acap * sizeof *fs->attrs);
            }
            a = &fs->attrs[fs->nattrs];
            for (size_t i = 0; i < nl; i++)
                a->name[i] = lower(an[i]);
            a->name[nl] = '\0';
            a->nlen = (unsigned)nl;
            a->kind = attr_kind(a->name, nl);
            for (size_t i = first; i < fs->nattrs; i++)
                if (fs->attrs[i].nlen == nl && !memcmp(fs->attrs[i].name, a->name, nl))
                    return false; /* libxml2 keeps the first */
        }
        a->val = NULL;
        a->vlen = 0;
        while (q < end && fs_blank(*q))
            q++;
        if (q < end && *q == '=') {
            q++;
            while (q < end && fs_blank(*q))
                q++;
            if (q >= end)
                return false;
            if (*q == '"' || *q == '\'') {
                const char *e = memchr(q + 1, *q, (size_t)(end - q - 1));
                if (!e)
                    return false;
                a->val = q + 1;
                q = e + 1;
                a->vlen = (uint32_t)(e - a->val);
            } else {
                a->val = q;
                while (q < end && !fs_blank(*q) && *q != '>') {
                    if (strchr("\"'<=`", *q))
                        return false;
                    q++;
                }
                a->vlen = (uint32_t)(q - a->val);
                if (!a->vlen)
                    return false;
            }
            if (keep && !fs_refs_ok(a->val, a->vlen))
                return false;
            /* a srcset to resolve: the tree way */
            if (keep && nl == 6 && !strcmp(a->name, "srcset") && srcset_written_relative(a->val, a->vlen))
                return false;
        }
        if (keep)
            fs->nattrs++;
    }
    *pp = q;
    return true;
}

/* Builds in fs the tree libxml2 builds of the fragment inside <body>,
 * without comments and without the elements (and what they hold) that
 * the sanitiser removes (drop: TK_UNSAFE), or whose text is never shown
 * (TK_HIDDEN; the attributes are not kept then). False when the fragment
 * holds anything whose reading this does not follow exactly. */
static bool fs_parse(struct fs *fs, const char *s, size_t n, unsigned drop_kinds)
{
    const char *p = s, *end = s + n;
    bool for_text = drop_kinds & TK_HIDDEN;
    int32_t stack[FS_DEPTH];
    bool dropped[FS_DEPTH];
    int depth = 1;
    stack[0] = fs_node_new(fs, -1, false);
    tags_make_room();
    int body = tag_slot_of("body");
    if (body < 0)
        return false;
    fs->nodes[0].tag = (short)body;
    dropped[0] = false;
    while (p < end) {
        if (*p != '<') { /* text, to the next tag */
            const char *t = p, *lt = memchr(p, '<', (size_t)(end - p));
            p = lt ? lt : end;
            if (!fs_refs_ok(t, (size_t)(p - t)))
                return false;
            int32_t id = fs_node_new(fs, stack[depth - 1], !dropped[depth - 1]);
            fs->nodes[id].text = t;
            fs->nodes[id].tlen = (uint32_t)(p - t);
            continue;
        }
        if (end - p >= 4 && !memcmp(p, "<!--", 4)) {
            if (!(p = comment_end(p, end)))
                return false;
            continue;
        }
        if (end - p < 2 || !(isalpha((unsigned char)p[1]) || p[1] == '/' || p[1] == '!' || p[1] == '?' || p[1] == '_' ||
                             p[1] == ':')) {
            /* a '<' that opens nothing is text */
            int32_t id = fs_node_new(fs, stack[depth - 1], !dropped[depth - 1]);
            fs->nodes[id].text = p++;
            fs->nodes[id].tlen = 1;
            continue;
        }
        struct tag_name name;
        if (p[1] == '/') { /* an end tag */
            const char *q = p + 2;
            size_t nl = fs_name(q, end, &name);
            int slot = nl ? tag_slot(&name) : -1;
            if (slot < 0)
                return false;
            q += nl;
            while (q < end && fs_blank(*q))
                q++;
            if (q >= end || *q != '>')
                return false;
            p = q + 1;
            const struct tag_info *kind = &tags.tag[slot];
            if (kind->flags & (for_text ? TK_TREE : TK_TREE | TK_VOID5))
                return false;
            /* it closes its element and those open inside it, unless one
             * of those ranks above it (a table cell is not closed by a
             * stray </div>); an end tag of an element not open (</br>,
             * </img>) is ignored */
            for (int i = depth - 1; i > 0 && fs_tag(&fs->nodes[stack[i]])->rank <= kind->rank; i--) {
                if (fs->nodes[stack[i]].tag == slot) {
                    depth = i;
                    break;
                }
            }
            continue;
        }
        /* a start tag */
        size_t nl = fs_name(p + 1, end, &name);
        int slot = nl ? tag_slot(&name) : -1;
        if (slot < 0)
            return false;
        const struct tag_info *kind = &tags.tag[slot];
        if (kind->flags & (for_text ? TK_TREE : TK_TREE | TK_VOID5))
            return false;
        const char *q = p + 1 + nl;
        int32_t attr0 = (int32_t)fs->nattrs;
        bool self_closed;
        if (!fs_attributes(fs, &q, end, &self_closed, !for_text))
            return false;
        p = q;
        /* the open elements this tag closes, innermost first */
        while (depth > 1 && fs_closes(slot, fs->nodes[stack[depth - 1]].tag))
            depth--;
        if (depth == 1 && fs_closes(slot, body))
            return false;
        bool drop = dropped[depth - 1] || (kind->flags & drop_kinds);
        int32_t id = fs_node_new(fs, stack[depth - 1], !drop);
        struct fs_node *e = &fs->nodes[id];
        e->tag = (short)slot;
        e->attr0 = attr0;
        e->nattr = (int32_t)fs->nattrs - attr0;
        if (self_closed || (kind->info && kind->info->empty))
            continue; /* closed at once */
        if (!strcmp(name.s, "script") || !strcmp(name.s, "style")) {
            /* raw text, to the first "</script" (libxml2 recovering: any
             * other end tag inside is text); dropped with its element. But
             * libxml2 reads a tag at the very start of it as a tag: an end
             * tag there, or a start tag that would close the element, is
             * left to it */
            const char *r = p;
            if (end - r >= 2 && r[0] == '<') {
                struct tag_name first;
                if (r[1] == '/' && !(end - r >= (ptrdiff_t)(2 + nl) && !strncasecmp(r + 2, name.s, nl)))
                    return false;
                if (fs_name(r + 1, end, &first)) {
                    int f = tag_slot(&first);
                    if (f < 0 || fs_closes(f, slot))
                        return false;
                }
            }
            for (;;) {
                r = memchr(r, '<', (size_t)(end - r));
                if (!r || (size_t)(end - r) < 2 + nl)
                    return false;
                if (r[1] == '/' && !strncasecmp(r + 2, name.s, nl))
                    break;
                r++;
            }
            r += 2 + nl;
            while (r < end && fs_blank(*r))
                r++;
            if (r >= end || *r != '>')
                return false;
            p = r + 1;
            continue;
        }
        if (depth == FS_DEPTH)
            return false;
        dropped[depth] = drop;
        stack[depth++] = id;
    }
    return true;
}

/* s[0..n) with its references decoded, appended to out. */
static void fs_decode(struct nw_buf *out, const char *s, size_t n)
{
    const char *end = s + n;
    while (s < end) {
        const char *amp = memchr(s, '&', (size_t)(end - s));
        const char *stop = amp ? amp : end;
        nw_buf_append(out, s, (size_t)(stop - s));
        if (!amp)
            break;
        s = amp + 1;
        unsigned cp[2] = {0, 0};
        if (read_ref(&s, end, cp) == REF_CHAR) {
            char u[8];
            size_t k = nw_utf8_put(u, cp[0]);
            if (cp[1])
                k += nw_utf8_put(u + k, cp[1]);
            nw_buf_append(out, u, k);
        } else {
            nw_buf_putc(out, '&');
        }
    }
}

/* Text as libxml2 writes a text node: '&', '<' and '>' escaped, the rest
 * (UTF-8) as it is; in an attribute value, HTML 4's "&{...}" and a
 * server-side include "<!--...-->" are kept as they are. */
static void fs_escape(struct nw_buf *out, const char *s, size_t n, bool attr)
{
    static const bool special[256] = {['&'] = true, ['<'] = true, ['>'] = true};
    const uint64_t ones = 0x0101010101010101u, highs = 0x8080808080808080u;
    const char *end = s + n;
    while (s < end) {
        const char *r = s;
#ifdef __SSE2__
        /* 16 bytes at a time to the first special one */
        while (end - r >= 16) {
            __m128i v = _mm_loadu_si128((const __m128i *)(const void *)r);
            __m128i hit = _mm_or_si128(
                _mm_cmpeq_epi8(v, _mm_set1_epi8('&')),
                _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('<')), _mm_cmpeq_epi8(v, _mm_set1_epi8('>'))));
            unsigned m = (unsigned)_mm_movemask_epi8(hit);
            if (m) {
                r += __builtin_ctz(m);
                break;
            }
            r += 16;
        }
#endif
        /* eight bytes at a time while none is special */
        for (; end - r >= 8; r += 8) {
            uint64_t w, a, l, g;
            memcpy(&w, r, 8);
            a = w ^ (ones * '&');
            l = w ^ (ones * '<');
            g = w ^ (ones * '>');
            if (((a - ones) & ~a & highs) | ((l - ones) & ~l & highs) | ((g - ones) & ~g & highs))
                break;
        }
        while (r < end && !special[(unsigned char)*r])
            r++;
        nw_buf_append(out, s, (size_t)(r - s));
        if (r == end)
            break;
        s = r + 1;
        const char *ssi =
            attr && *r == '<' && end - r >= 4 && !memcmp(r, "<!--", 4) ? memmem(r, (size_t)(end - r), "-->", 3) : NULL;
        if (ssi) {
            /* a server-side include ("<!--#echo ... -->") in an attribute
             * value is kept as it is, to the first "-->" */
            nw_buf_append(out, r, (size_t)(ssi + 3 - r));
            s = ssi + 3;
        } else if (*r == '<') {
            nw_buf_puts(out, "&lt;");
        } else if (*r == '>') {
            nw_buf_puts(out, "&gt;");
        } else if (attr && s < end && *s == '{' && memchr(s, '}', (size_t)(end - s))) {
            /* HTML 4's "&{script}" in an attribute value is kept as it is */
            const char *close = memchr(s, '}', (size_t)(end - s));
            nw_buf_append(out, r, (size_t)(close + 1 - r));
            s = close + 1;
        } else {
            nw_buf_puts(out, "&amp;");
        }
    }
}

/* A value in quotes as libxml2 writes it: in double quotes, or in single
 * quotes when it holds a double one, or with &quot; when it holds both. */
static void fs_quoted(struct nw_buf *out, const char *v)
{
    if (!strchr(v, '"')) {
        nw_buf_putc(out, '"');
        nw_buf_puts(out, v);
        nw_buf_putc(out, '"');
    } else if (!strchr(v, '\'')) {
        nw_buf_putc(out, '\'');
        nw_buf_puts(out, v);
        nw_buf_putc(out, '\'');
    } else {
        nw_buf_putc(out, '"');
        for (; *v; v++) {
            if (*v == '"')
                nw_buf_puts(out, "&quot;");
            else
                nw_buf_putc(out, *v);
        }
        nw_buf_putc(out, '"');
    }
}

/* One attribute as sanitize_nodes leaves it and libxml2 writes it. */
/* Bytes xmlURIEscapeStr leaves as they are with the list we give it: its
 * unreserved characters (letters, digits, "-_.!~*'()"), '@', and the list. */
#define URI_KEPT "@/:=?;#%&,+<>"

/* Those bytes as a set: letters, digits and -_.!~*'()@/:=?;#%&,+<> */
static const uint64_t uri_as_is_set[4] = {0xffffffea00000000ull, 0x47fffffe87ffffffull, 0, 0};

static bool uri_as_is(const char *s, size_t n)
{
    size_t i = 0;
#ifdef __SSE2__
    /* 16 bytes at a time: '!' to '~' but for "$[\\]^`{|} */
    for (; i + 16 <= n; i += 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
        __m128i ok = _mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8(0x20)), _mm_cmplt_epi8(v, _mm_set1_epi8(0x7F)));
        __m128i marks =
            _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('"')), _mm_cmpeq_epi8(v, _mm_set1_epi8('$'))),
                         _mm_cmpeq_epi8(v, _mm_set1_epi8('`')));
        __m128i brackets = /* [\]^ */
            _mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8('Z')), _mm_cmplt_epi8(v, _mm_set1_epi8('_')));
        __m128i braces = /* {|} */
            _mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8('z')), _mm_cmplt_epi8(v, _mm_set1_epi8('~')));
        __m128i bad = _mm_or_si128(marks, _mm_or_si128(brackets, braces));
        if (_mm_movemask_epi8(_mm_andnot_si128(bad, ok)) != 0xFFFF)
            return false;
    }
#endif
    for (; i < n; i++)
        if (!in_set(uri_as_is_set, (unsigned char)s[i]))
            return false;
    return true;
}

/* Whether an attribute's value comes out of decoding and escaping as it
 * went in: no '<', '>' or '"', and every '&' the start of "&amp;" that is
 * not followed by '{' (decoded, "&{" would be written as it is: see
 * fs_escape). *amp: where the first '&' is (n when none). */
static bool value_as_is(const char *v, size_t n, size_t *amp)
{
    static const uint64_t to_escape[4] = {0x5000004400000000ull, 0, 0, 0}; /* & < > " */
    const char *c = v, *e = v + n;
    *amp = n;
    for (;;) {
#ifdef __SSE2__
        while (e - c >= 16) {
            __m128i x = _mm_loadu_si128((const __m128i *)(const void *)c);
            __m128i hit = _mm_or_si128(
                _mm_or_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8('&')), _mm_cmpeq_epi8(x, _mm_set1_epi8('<'))),
                _mm_or_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8('>')), _mm_cmpeq_epi8(x, _mm_set1_epi8('"'))));
            unsigned m = (unsigned)_mm_movemask_epi8(hit);
            if (m) {
                c += __builtin_ctz(m);
                break;
            }
            c += 16;
        }
#endif
        while (c < e && !in_set(to_escape, (unsigned char)*c))
            c++;
        if (c == e)
            return true;
        if (*c != '&' || e - c < 5 || memcmp(c, "&amp;", 5) || (e - c > 5 && c[5] == '{'))
            return false;
        if (*amp == n)
            *amp = (size_t)(c - v);
        c += 5;
    }
}

/* Whether a URL attribute's value (as value_as_is) is written as it came:
 * it starts with no blank, is not a script or data URL (no reference in
 * its first 11 bytes, where those schemes are read), is absolute (or there
 * is no base to resolve it on) and holds nothing xmlURIEscapeStr would
 * escape, when it is an href, src or action. */
static bool url_as_is(const struct fs_attr *a, size_t amp, const char *base)
{
    if (!a->vlen || (unsigned char)a->val[0] <= 0x20 || amp < 11)
        return false;
    char head[12];
    size_t h = a->vlen < 11 ? a->vlen : 11;
    memcpy(head, a->val, h);
    head[h] = '\0';
    if (unsafe_url(head))
        return false;
    if (base && !memmem(a->val, a->vlen, "://", 3))
        return false;
    return !(a->kind & AK_URI_OUT) || uri_as_is(a->val, a->vlen);
}

static void fs_write_attr(struct fs *fs, const struct fs_attr *a, const char *element, const char *base,
                          struct nw_buf *out)
{
    const char *v = NULL;
    if (a->kind & AK_DROP)
        return;
    if (a->val && !(a->kind & (AK_NAME | AK_BOOLEAN))) {
        /* a value written as it came: nothing in it to escape or quote, no
         * reference but "&amp;" (read as '&' and written back so); for a
         * URL, one that is absolute, safe and needs no escaping */
        size_t amp;
        if (value_as_is(a->val, a->vlen, &amp) &&
            (!(a->kind & AK_URL) || (url_as_is(a, amp, base) && strcmp(element, "use")))) {
            nw_buf_putc(out, ' ');
            nw_buf_append(out, a->name, a->nlen);
            nw_buf_puts(out, "=\"");
            nw_buf_append(out, a->val, a->vlen);
            nw_buf_putc(out, '"');
            return;
        }
    }
    if (a->val) {
        nw_buf_reset(&fs->tmp);
        fs_decode(&fs->tmp, a->val, a->vlen);
        nw_buf_putc(&fs->tmp, '\0');
        v = fs->tmp.data;
    }
    bool url = a->kind & AK_URL;
    if (url && v && refused_url(element, v))
        return;
    char *abs = NULL;
    if (url && v && base && !strstr(v, "://") && strcmp(element, "use"))
        abs = nw_url_resolve(base, v);
    if (abs)
        v = abs;
    nw_buf_putc(out, ' ');
    nw_buf_append(out, a->name, a->nlen);
    if (v && !(a->kind & AK_BOOLEAN)) {
        nw_buf_reset(&fs->enc);
        fs_escape(&fs->enc, v, strlen(v), true);
        nw_buf_putc(&fs->enc, '\0');
        nw_buf_putc(out, '=');
        if ((a->kind & AK_URI_OUT) || ((a->kind & AK_NAME) && !strcmp(element, "a"))) {
            const char *t = fs->enc.data;
            while (*t == ' ' || *t == '\t' || *t == '\n' || *t == '\r')
                t++;
            /* '<' and '>' are escaped as entities already (or a server-side
             * include's, kept) */
            if (uri_as_is(t, fs->enc.len - 1 - (size_t)(t - fs->enc.data))) {
                fs_quoted(out, t); /* what xmlURIEscapeStr would give */
            } else {
                xmlChar *esc = xmlURIEscapeStr((const xmlChar *)t, (const xmlChar *)URI_KEPT);
                fs_quoted(out, esc ? (const char *)esc : fs->enc.data);
                xmlFree(esc);
            }
        } else {
            fs_quoted(out, fs->enc.data);
        }
    }
    free(abs);
}

static bool fs_is_text(const struct fs *fs, int32_t id)
{
    return id >= 0 && fs->nodes[id].text;
}

/* Writes node id and what it holds as htmlNodeDump does with its
 * formatting on: a newline after the start tag and before the end tag of
 * a block holding more than one node, the first and last not text, and
 * after a block followed by an element, except inside p, pre and param. */
static void fs_write(struct fs *fs, int32_t id, const char *parent, const char *base, struct nw_buf *out)
{
    const struct fs_node *n = &fs->nodes[id];
    if (n->text) {
        if (!memchr(n->text, '&', n->tlen)) {
            fs_escape(out, n->text, n->tlen, false);
            return;
        }
        nw_buf_reset(&fs->tmp);
        fs_decode(&fs->tmp, n->text, n->tlen);
        fs_escape(out, fs->tmp.data, fs->tmp.len, false);
        return;
    }
    const char *name = fs_tag(n)->name;
    size_t nl = fs_tag(n)->len;
    const htmlElemDesc *info = fs_tag(n)->info;
    bool block = info && !info->isinline;
    nw_buf_putc(out, '<');
    nw_buf_append(out, name, nl);
    for (int32_t i = 0; i < n->nattr; i++)
        fs_write_attr(fs, &fs->attrs[n->attr0 + i], name, base, out);
    if (info && info->empty) {
        nw_buf_putc(out, '>');
    } else if (n->first < 0) {
        if (info && info->saveEndTag)
            nw_buf_putc(out, '>');
        else {
            nw_buf_append(out, "></", 3);
            nw_buf_append(out, name, nl);
            nw_buf_putc(out, '>');
        }
    } else {
        bool several = n->first != n->last && name[0] != 'p';
        nw_buf_putc(out, '>');
        if (block && several && !fs_is_text(fs, n->first))
            nw_buf_putc(out, '\n');
        for (int32_t c = n->first; c >= 0; c = fs->nodes[c].next)
            fs_write(fs, c, name, base, out);
        if (block && several && !fs_is_text(fs, n->last))
            nw_buf_putc(out, '\n');
        nw_buf_append(out, "</", 2);
        nw_buf_append(out, name, nl);
        nw_buf_putc(out, '>');
    }
    if (block && n->next >= 0 && !fs_is_text(fs, n->next) && parent[0] != 'p')
        nw_buf_putc(out, '\n');
}

char *html_sanitize_fast(const char *html, size_t len, const char *base)
{
    if (!bytes_as_is(html, len))
        return NULL;
    struct fs fs = {0};
    char *res = NULL;
    if (fs_parse(&fs, html, len, TK_UNSAFE)) {
        struct nw_buf out = {0};
        nw_buf_reserve(&out, len + len / 8 + 64); /* about the size it came in */
        nw_buf_append(&out, "", 0);
        for (int32_t c = fs.nodes[0].first; c >= 0; c = fs.nodes[c].next)
            fs_write(&fs, c, "body", base, &out);
        res = nw_buf_steal(&out);
    }
    fs_free(&fs);
    return res;
}

void html_sanitize_same_or_abort(const char *html, size_t len, const char *fast, const char *tree)
{
    if (fast && strcmp(fast, tree)) {
        fprintf(stderr, "html_sanitize: the fast path wrote [%s]\nlibxml2's tree [%s]\nfor [%.*s]\n", fast, tree,
                (int)len, html);
        abort();
    }
}

char *html_sanitize(const char *html, size_t len, const char *base)
{
    if (!html_needs_sanitizing(html, len))
        return nw_strndup(html, len);
    char *fast = html_sanitize_fast(html, len, base);
    if (fast && !html_sanitize_check)
        return fast;
    char *tree = html_sanitize_tree(html, len, base);
    if (html_sanitize_check)
        html_sanitize_check(html, len, fast, tree);
    free(fast);
    return tree;
}

/* ---- Text ---- */

/* The text html_node_text gives of the tree fs_parse built: its text
 * nodes with white space collapsed, a line break for <br>, a space before
 * a table cell, a blank line around any other block. */
static void fs_text(struct fs *fs, int32_t id, struct nw_buf *out, bool *edge, bool pre)
{
    for (int32_t c = fs->nodes[id].first; c >= 0; c = fs->nodes[c].next) {
        const struct fs_node *n = &fs->nodes[c];
        if (n->text) {
            const char *t = n->text;
            size_t tl = n->tlen;
            if (memchr(n->text, '&', n->tlen)) {
                nw_buf_reset(&fs->tmp);
                fs_decode(&fs->tmp, n->text, n->tlen);
                t = fs->tmp.data;
                tl = fs->tmp.len;
            }
            if (pre)
                html_text_append_pre(out, t, tl, edge);
            else
                html_text_append_at(out, t, tl, edge);
            continue;
        }
        const struct tag_info *t = fs_tag(n);
        int kind = html_text_edge_kind(t->name);
        if (edge && kind == 0)
            *edge = true;
        if (t->flags & TK_BR) {
            html_text_line_break(out);
            continue;
        }
        bool cell = t->flags & TK_CELL, block = t->flags & TK_BLOCK;
        if (cell) {
            if (out->len && out->data[out->len - 1] != '\n' && out->data[out->len - 1] != ' ')
                nw_buf_putc(out, ' ');
        } else if (block) {
            html_text_para_break(out);
        }
        fs_text(fs, c, out, kind == 2 ? NULL : edge, pre || (t->flags & TK_PRE));
        /* (an HTML5 void element libxml2 opened as a container holds
         * nothing in the sanitiser's tree: what it held came after it, and
         * no element ended after that) */
        if (edge && !(fs->void5_emptied && (t->flags & TK_VOID5)))
            *edge = true;
        if (block && !cell)
            html_text_para_break(out);
    }
}

/* The text of libxml2's tree of the fragment, less what drop_unsafe says
 * the sanitiser removes. */
static char *fragment_text_tree(const char *html, size_t len, bool drop_unsafe)
{
    struct nw_buf b = {0};
    xmlNodePtr body;
    htmlDocPtr doc = html_parse_fragment(html, len, &body);
    if (!doc)
        return html_collapse_ws(nw_strndup(html, len));
    if (drop_unsafe && body)
        sanitize_nodes(body->children, NULL, 0, NULL);
    html_node_text(body ? body : xmlDocGetRootElement(doc), &b);
    xmlFreeDoc(doc);
    return html_text_trim(&b);
}

char *html_fragment_text_tree(const char *html, size_t len)
{
    return fragment_text_tree(html, len, false);
}

static char *fragment_text_fast(const char *html, size_t len, unsigned drop_kinds)
{
    if (!bytes_as_is(html, len))
        return NULL;
    /* no markup and no reference: the text is the text, less what
     * html_text_append leaves out */
    if (!memchr(html, '<', len) && !memchr(html, '&', len))
        return html_collapse_ws(html_drop_invisible(nw_strndup(html, len)));
    struct fs fs = {.void5_emptied = drop_kinds & TK_UNSAFE};
    char *res = NULL;
    if (fs_parse(&fs, html, len, drop_kinds)) {
        struct nw_buf b = {0};
        bool edge = false;
        fs_text(&fs, 0, &b, &edge, false);
        res = html_text_trim(&b);
    }
    fs_free(&fs);
    return res;
}

char *html_fragment_text_fast(const char *html, size_t len)
{
    return fragment_text_fast(html, len, TK_HIDDEN);
}

/* Whether a line of text[0..n) is longer than a wrapped text's lines
 * (100 characters, UTF-8's continuation bytes not counted). */
static bool has_long_line(const char *text, size_t n)
{
    size_t chars = 0;
    for (size_t i = 0; i < n; i++) {
        if (text[i] == '\n')
            chars = 0;
        else if (((unsigned char)text[i] & 0xC0) != 0x80 && ++chars > 100)
            return true;
    }
    return false;
}

static bool line_blank(const char *p, const char *end)
{
    while (p < end && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\f'))
        p++;
    return p == end;
}

static void put_text(struct nw_buf *out, const char *s, size_t n, bool escape)
{
    if (!escape) {
        nw_buf_append(out, s, n);
        return;
    }
    for (size_t i = 0; i < n; i++) {
        size_t run = i;
        while (run < n && s[run] != '&' && s[run] != '<' && s[run] != '>')
            run++;
        nw_buf_append(out, s + i, run - i);
        if (run == n)
            break;
        nw_buf_puts(out, s[run] == '&' ? "&amp;" : s[run] == '<' ? "&lt;" : "&gt;");
        i = run;
    }
}

char *html_paragraphs(const char *text, bool escape)
{
    size_t n = strlen(text);
    bool lines = has_long_line(text, n);
    struct nw_buf out = {0};
    nw_buf_append(&out, "", 0);
    int blocks = 0;
    const char *p = text, *end = text + n;
    while (p < end) {
        /* a block: lines up to a blank one (or to any break, when lines) */
        const char *start = p, *stop = p;
        while (p < end) {
            const char *nl = memchr(p, '\n', (size_t)(end - p));
            const char *eol = nl ? nl : end;
            if (line_blank(p, eol)) {
                p = nl ? nl + 1 : end;
                if (stop > start)
                    break;
                start = stop = p;
                continue;
            }
            stop = eol;
            p = nl ? nl + 1 : end;
            if (lines)
                break;
        }
        while (stop > start && (stop[-1] == '\r' || stop[-1] == ' ' || stop[-1] == '\t'))
            stop--;
        while (start < stop && (*start == ' ' || *start == '\t'))
            start++;
        if (stop == start)
            continue;
        blocks++;
        nw_buf_puts(&out, "<p>");
        put_text(&out, start, (size_t)(stop - start), escape);
        nw_buf_puts(&out, "</p>");
    }
    if (blocks <= 1) { /* one block: the text as it is */
        nw_buf_reset(&out);
        nw_buf_append(&out, "", 0);
        put_text(&out, text, n, escape);
    }
    return nw_buf_steal(&out);
}

char *html_fragment_text(const char *html, size_t len)
{
    char *text = html_fragment_text_fast(html, len);
    return text ? text : html_fragment_text_tree(html, len);
}

char *html_fragment_text_safe_tree(const char *html, size_t len)
{
    return fragment_text_tree(html, len, true);
}

char *html_fragment_text_safe_fast(const char *html, size_t len)
{
    return fragment_text_fast(html, len, TK_HIDDEN | TK_UNSAFE);
}

char *html_fragment_text_safe(const char *html, size_t len)
{
    char *text = html_fragment_text_safe_fast(html, len);
    return text ? text : html_fragment_text_safe_tree(html, len);
}
